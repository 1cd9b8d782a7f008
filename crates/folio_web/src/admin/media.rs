//! Image uploads: checked by their content, stored under their SHA-256,
//! served with a year's cache.

use std::io::Write;
use std::path::{Path as FsPath, PathBuf};

use axum::extract::{Extension, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Form, body::Bytes};
use folio_core::{MediaId, Timestamp};
use folio_db::NewMedia;
use minijinja::context;
use sha2::{Digest, Sha256};

use super::forms::{FieldErrors, FormData};
use super::pages::{local_time, page_with_status};
use super::session::CurrentUser;
use super::{AdminError, AdminResult, try_write};
use crate::AppState;

/// The image formats accepted, recognised by their first bytes. SVG is not
/// among them: it can carry script.
fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => Some(("image/png", "png")),
        imagesize::ImageType::Jpeg => Some(("image/jpeg", "jpg")),
        imagesize::ImageType::Gif => Some(("image/gif", "gif")),
        imagesize::ImageType::Webp => Some(("image/webp", "webp")),
        _ => None,
    }
}

fn content_type_of_extension(extension: &str) -> Option<&'static str> {
    Some(match extension {
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Where a file with this hash lives: `media/ab/abcdef….png`.
fn stored_path(dir: &FsPath, sha256: &str, extension: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(format!("{sha256}.{extension}"))
}

/// Writes the file whole or not at all: a temporary file, synced, then
/// renamed into place, so a crash never leaves half an image at its name.
fn store_file(path: &FsPath, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let parent = path.parent().expect("media paths have a folder");
    std::fs::create_dir_all(parent)?;
    let mut temporary = tempfile::NamedTempFile::new_in(parent)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

pub async fn index(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    media_page(
        &state,
        &current,
        StatusCode::OK,
        FieldErrors::default(),
        "",
        None,
    )
    .await
}

async fn media_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    errors: FieldErrors,
    alt_text: &str,
    notice: Option<String>,
) -> AdminResult<Response> {
    let items = state.read(|c| folio_db::list_media(c, 200)).await?;
    let views: Vec<_> = items
        .iter()
        .map(|m| {
            context! {
                id => m.id.0,
                url => m.path(),
                alt => m.alt_text.clone(),
                width => m.width,
                height => m.height,
                kilobytes => m.byte_size.div_ceil(1024),
                name => m.original_name.clone(),
                at => local_time(state, m.created_at),
                markdown => format!("![{}]({})", m.alt_text.replace(['[', ']'], ""), m.path()),
            }
        })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "media.html",
        context! {
            items => views,
            errors => minijinja::value::Serde(&errors),
            alt_text => alt_text,
            notice => notice,
            max_megabytes => state.admin.max_upload_bytes / (1024 * 1024),
            uploads_enabled => state.media_dir.is_some(),
        },
    )
}

/// `POST /admin/media` (multipart): the image and its alt text.
pub async fn upload(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    mut multipart: Multipart,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    let mut alt_text = String::new();
    let mut file: Option<(String, Bytes)> = None;
    let limit = state.admin.max_upload_bytes;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                errors.add(
                    "file",
                    format!(
                        "The upload could not be read; images may be at most {} MB.",
                        limit / (1024 * 1024)
                    ),
                );
                break;
            }
        };
        match field.name().unwrap_or("") {
            "alt_text" => alt_text = field.text().await.unwrap_or_default().trim().to_owned(),
            "file" => {
                let name = field.file_name().unwrap_or("image").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes)),
                    Err(_) => errors.add(
                        "file",
                        format!("Images may be at most {} MB.", limit / (1024 * 1024)),
                    ),
                }
            }
            _ => {}
        }
    }
    if alt_text.is_empty() {
        errors.add(
            "alt_text",
            "Describe the image for readers who cannot see it (alt text is required).",
        );
    }
    let (name, bytes) = match file {
        Some((name, bytes)) if !bytes.is_empty() => (name, bytes),
        _ => {
            errors.add("file", "Choose an image file.");
            (String::new(), Bytes::new())
        }
    };
    if bytes.len() > limit {
        errors.add(
            "file",
            format!("Images may be at most {} MB.", limit / (1024 * 1024)),
        );
    }
    let kind = image_kind(&bytes);
    let size = imagesize::blob_size(&bytes).ok();
    if !bytes.is_empty() && (kind.is_none() || size.is_none()) {
        errors.add(
            "file",
            "This file is not a PNG, JPEG, GIF or WebP image (the type is read from its content, not its name).",
        );
    }
    let Some(dir) = state.media_dir.clone() else {
        return Err(AdminError::Unavailable(
            "this site has no data directory for uploads".into(),
        ));
    };
    let (Some((content_type, extension)), Some(size), true) = (kind, size, errors.is_empty())
    else {
        return media_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            &alt_text,
            None,
        )
        .await;
    };
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let path = stored_path(&dir, &sha256, extension);
    let file_bytes = bytes.clone();
    super::blocking(move || store_file(&path, &file_bytes))
        .await?
        .map_err(|e| AdminError::Internal(format!("cannot store an upload: {e}")))?;
    let actor = current.actor();
    let user = current.user.id;
    let original_name: String = name.chars().take(200).collect();
    let alt = alt_text.clone();
    let saved = try_write(&state, move |c| {
        let now = Timestamp::now();
        let media = folio_db::save_media(
            c,
            &NewMedia {
                sha256: &sha256,
                content_type,
                extension,
                byte_size: bytes.len() as u64,
                width: size.width as u32,
                height: size.height as u32,
                alt_text: &alt,
                original_name: &original_name,
                uploaded_by: Some(user),
            },
            now,
        )?;
        folio_db::audit(c, &actor, "media.uploaded", &media.path(), &alt, now)?;
        Ok(media)
    })
    .await??;
    media_page(
        &state,
        &current,
        StatusCode::OK,
        FieldErrors::default(),
        "",
        Some(format!(
            "Uploaded. Put it in an article with: ![{}]({})",
            saved.alt_text,
            saved.path()
        )),
    )
    .await
}

/// `POST /admin/media/{id}`: a new alt text.
pub async fn update(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let id = MediaId(id.parse().map_err(|_| AdminError::NotFound)?);
    let alt = form.trimmed("alt_text").to_owned();
    if alt.is_empty() {
        let mut errors = FieldErrors::default();
        errors.add("alt_text", "Alt text is required.");
        return media_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            "",
            None,
        )
        .await;
    }
    let actor = current.actor();
    let found = try_write(&state, move |c| {
        let Some(media) = folio_db::media_by_id(c, id)? else {
            return Ok(false);
        };
        let now = Timestamp::now();
        folio_db::set_media_alt_text(c, id, &alt, now)?;
        folio_db::audit(c, &actor, "media.updated", &media.path(), &alt, now)?;
        Ok(true)
    })
    .await??;
    if !found {
        return Err(AdminError::NotFound);
    }
    media_page(
        &state,
        &current,
        StatusCode::OK,
        FieldErrors::default(),
        "",
        Some("Alt text saved.".into()),
    )
    .await
}

/// `GET /media/{sha256}.{ext}`: public, immutable.
pub async fn serve_media(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let not_found = || crate::not_found().into_response();
    let Some((hash, extension)) = file.split_once('.') else {
        return not_found();
    };
    let valid_hash = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    let (Some(content_type), true, Some(dir)) = (
        content_type_of_extension(extension),
        valid_hash,
        state.media_dir.clone(),
    ) else {
        return not_found();
    };
    let path = stored_path(&dir, hash, extension);
    match tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_content_not_name() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0,
            0, 0, 2, 0, 0, 0, 3, 8, 6, 0, 0, 0,
        ];
        assert_eq!(image_kind(&png), Some(("image/png", "png")));
        assert_eq!(imagesize::blob_size(&png).unwrap().width, 2);
        assert_eq!(image_kind(b"<svg onload=alert(1)>"), None);
        let gif = b"GIF89a\x04\x00\x05\x00\x80\x00\x00";
        assert_eq!(image_kind(gif), Some(("image/gif", "gif")));
        assert_eq!(imagesize::blob_size(gif).unwrap().height, 5);
        assert_eq!(image_kind(b"#!/bin/sh\necho"), None);
    }
}
