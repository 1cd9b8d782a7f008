//! The theme: templates, static files and interface translations.
//!
//! The default theme is embedded in the binary. An institute overrides any
//! file by putting one at the same relative path in its theme directory
//! (`templates/article.html`, `static/style.css`, `locales/ar/main.ftl`);
//! it is read at start-up, so no rebuild is needed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

use crate::RenderError;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../themes/default");

/// Every file of the theme, by path relative to the theme root.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Cow<'static, [u8]>>,
    assets: BTreeMap<String, Asset>,
    asset_urls: BTreeMap<String, String>,
    /// Files the override directory replaced or added, for `folio check`.
    overridden: Vec<String>,
}

/// A static file served under a fingerprinted name, so browsers and CDNs
/// may cache it for a year.
#[derive(Debug, Clone)]
pub struct Asset {
    pub bytes: Cow<'static, [u8]>,
    pub content_type: String,
}

impl Theme {
    /// The embedded default theme, with `override_dir`'s files on top.
    pub fn load(override_dir: Option<&Path>) -> Result<Theme, RenderError> {
        let mut files: BTreeMap<String, Cow<'static, [u8]>> = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut files);
        let mut overridden = Vec::new();
        if let Some(dir) = override_dir {
            if !dir.is_dir() {
                return Err(RenderError::new(format!(
                    "the theme directory {} does not exist",
                    dir.display()
                )));
            }
            let mut found = Vec::new();
            collect_dir(dir, dir, &mut found)?;
            for (relative, bytes) in found {
                overridden.push(relative.clone());
                files.insert(relative, Cow::Owned(bytes));
            }
        }
        let mut assets = BTreeMap::new();
        let mut asset_urls = BTreeMap::new();
        for (path, bytes) in &files {
            let Some(name) = path.strip_prefix("static/") else {
                continue;
            };
            let fingerprinted = fingerprint(name, bytes);
            asset_urls.insert(name.to_owned(), format!("/assets/{fingerprinted}"));
            assets.insert(
                fingerprinted,
                Asset {
                    bytes: bytes.clone(),
                    content_type: mime_guess::from_path(name)
                        .first_or_octet_stream()
                        .essence_str()
                        .to_owned(),
                },
            );
        }
        Ok(Theme {
            files,
            assets,
            asset_urls,
            overridden,
        })
    }

    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(AsRef::as_ref)
    }

    pub fn text(&self, path: &str) -> Result<Option<&str>, RenderError> {
        match self.file(path) {
            None => Ok(None),
            Some(bytes) => std::str::from_utf8(bytes)
                .map(Some)
                .map_err(|_| RenderError::new(format!("theme file {path} is not UTF-8"))),
        }
    }

    /// Paths of the files under a folder (`templates/`).
    pub fn paths_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .keys()
            .filter(move |p| p.starts_with(prefix))
            .map(String::as_str)
    }

    /// The fingerprinted URL of a static file (`style.css` ->
    /// `/assets/style.1a2b3c4d5e.css`).
    pub fn asset_url(&self, name: &str) -> Option<&str> {
        self.asset_urls.get(name).map(String::as_str)
    }

    /// A static file by its fingerprinted name.
    pub fn asset(&self, fingerprinted: &str) -> Option<&Asset> {
        self.assets.get(fingerprinted)
    }

    /// Every static file, by fingerprinted name.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.assets
            .iter()
            .map(|(name, asset)| (name.as_str(), asset))
    }

    pub fn overridden(&self) -> &[String] {
        &self.overridden
    }
}

fn collect_embedded(dir: &'static Dir<'static>, files: &mut BTreeMap<String, Cow<'static, [u8]>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        files.insert(path, Cow::Borrowed(file.contents()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), RenderError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        RenderError::new(format!(
            "cannot read the theme directory {}: {e}",
            dir.display()
        ))
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else {
            let bytes = std::fs::read(&path)
                .map_err(|e| RenderError::new(format!("cannot read {}: {e}", path.display())))?;
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, bytes));
        }
    }
    Ok(())
}

/// `style.css` with content hash `1a2b…` -> `style.1a2b3c4d5e.css`.
fn fingerprint(name: &str, bytes: &[u8]) -> String {
    let hash = hex::encode(&Sha256::digest(bytes)[..5]);
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_embedded_with_fingerprinted_assets() {
        let theme = Theme::load(None).unwrap();
        assert!(theme.text("templates/base.html").unwrap().is_some());
        let url = theme.asset_url("style.css").unwrap();
        assert!(
            url.starts_with("/assets/style.") && url.ends_with(".css"),
            "{url}"
        );
        let asset = theme.asset(url.trim_start_matches("/assets/")).unwrap();
        assert_eq!(asset.content_type, "text/css");
    }

    #[test]
    fn a_theme_directory_overrides_single_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/style.css"), "body { color: red }").unwrap();
        let default = Theme::load(None).unwrap();
        let custom = Theme::load(Some(dir.path())).unwrap();
        assert_ne!(
            default.asset_url("style.css"),
            custom.asset_url("style.css")
        );
        assert_eq!(custom.overridden(), ["static/style.css"]);
        assert_eq!(
            custom.text("templates/base.html").unwrap(),
            default.text("templates/base.html").unwrap(),
            "files not overridden come from the default theme"
        );
    }

    #[test]
    fn a_missing_theme_directory_is_an_error() {
        let error = Theme::load(Some(Path::new("/no/such/theme"))).unwrap_err();
        assert!(error.to_string().contains("does not exist"));
    }
}
