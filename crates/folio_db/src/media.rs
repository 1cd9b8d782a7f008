//! Uploaded images: one row per distinct file, named by its SHA-256.

use folio_core::{ExpertId, ImageSize, MediaId, Timestamp, UserId};

use crate::changes::{self, ChangeKind};
use crate::sql::{Conn, Row};
use crate::{StoreResult, params};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Media {
    pub id: MediaId,
    pub sha256: String,
    pub content_type: String,
    pub extension: String,
    pub byte_size: u64,
    pub width: u32,
    pub height: u32,
    pub alt_text: String,
    pub original_name: String,
    pub created_at: Timestamp,
}

impl Media {
    /// The public URL path of the file; it never changes, so it is cached
    /// for a year.
    pub fn path(&self) -> String {
        format!("/media/{}.{}", self.sha256, self.extension)
    }
}

/// The sizes of the uploaded images `text` links (`/media/{sha256}.{ext}`),
/// each once; links to files that are not uploads are left out.
pub fn image_sizes_in(conn: &mut Conn<'_>, text: &str) -> StoreResult<Vec<ImageSize>> {
    let mut sizes: Vec<ImageSize> = Vec::new();
    for (at, _) in text.match_indices("/media/") {
        let name = &text[at + "/media/".len()..];
        let name_len = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .unwrap_or(name.len());
        let Some((sha256, extension)) = name[..name_len].split_once('.') else {
            continue;
        };
        let path = format!("/media/{sha256}.{extension}");
        if sha256.len() != 64 || sizes.iter().any(|s| s.path == path) {
            continue;
        }
        if let Some(row) = conn.query_opt(
            "SELECT width, height FROM media WHERE sha256 = ? AND extension = ?",
            params![sha256, extension],
        )? {
            sizes.push(ImageSize {
                path,
                width: row.int(0)? as u32,
                height: row.int(1)? as u32,
            });
        }
    }
    Ok(sizes)
}

pub struct NewMedia<'a> {
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub extension: &'a str,
    pub byte_size: u64,
    pub width: u32,
    pub height: u32,
    pub alt_text: &'a str,
    pub original_name: &'a str,
    pub uploaded_by: Option<UserId>,
}

const MEDIA_COLUMNS: &str = "id, sha256, content_type, extension, byte_size, width, height, alt_text, original_name, created_at";

fn media_from_row(row: &Row) -> StoreResult<Media> {
    Ok(Media {
        id: MediaId(row.int(0)?),
        sha256: row.string(1)?,
        content_type: row.string(2)?,
        extension: row.string(3)?,
        byte_size: row.int(4)? as u64,
        width: row.int(5)? as u32,
        height: row.int(6)? as u32,
        alt_text: row.string(7)?,
        original_name: row.string(8)?,
        created_at: row.timestamp(9)?,
    })
}

/// Records an upload; the same bytes uploaded again return the existing
/// record (with the new alt text).
pub fn save_media(conn: &mut Conn<'_>, new: &NewMedia<'_>, now: Timestamp) -> StoreResult<Media> {
    if let Some(existing) = media_by_sha(conn, new.sha256)? {
        conn.execute(
            "UPDATE media SET alt_text = ? WHERE id = ?",
            params![new.alt_text, existing.id.0],
        )?;
        return Ok(Media {
            alt_text: new.alt_text.to_owned(),
            ..existing
        });
    }
    let id = conn.insert_returning_id(
        "INSERT INTO media (sha256, content_type, extension, byte_size, width, height, alt_text,
            original_name, uploaded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        params![
            new.sha256,
            new.content_type,
            new.extension,
            new.byte_size as i64,
            new.width,
            new.height,
            new.alt_text,
            new.original_name,
            new.uploaded_by.map(|u| u.0),
            now
        ],
    )?;
    media_by_id(conn, MediaId(id))?
        .ok_or_else(|| crate::StoreError::Corrupt("an upload vanished".into()))
}

pub fn media_by_id(conn: &mut Conn<'_>, id: MediaId) -> StoreResult<Option<Media>> {
    conn.query_opt(
        &format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = ?"),
        params![id.0],
    )?
    .map(|row| media_from_row(&row))
    .transpose()
}

pub fn media_by_sha(conn: &mut Conn<'_>, sha256: &str) -> StoreResult<Option<Media>> {
    conn.query_opt(
        &format!("SELECT {MEDIA_COLUMNS} FROM media WHERE sha256 = ?"),
        params![sha256],
    )?
    .map(|row| media_from_row(&row))
    .transpose()
}

/// The library, newest first.
pub fn list_media(conn: &mut Conn<'_>, limit: u32) -> StoreResult<Vec<Media>> {
    conn.query(
        &format!("SELECT {MEDIA_COLUMNS} FROM media ORDER BY created_at DESC, id DESC LIMIT ?"),
        params![limit],
    )?
    .iter()
    .map(media_from_row)
    .collect()
}

/// Sets an image's alt text; experts who have it as their portrait show it,
/// so each counts as changed.
pub fn set_media_alt_text(
    conn: &mut Conn<'_>,
    id: MediaId,
    alt_text: &str,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE media SET alt_text = ? WHERE id = ?",
        params![alt_text, id.0],
    )?;
    let portrayed = conn.query(
        "SELECT id FROM experts WHERE portrait_id = ?",
        params![id.0],
    )?;
    for row in portrayed {
        changes::record(conn, ChangeKind::Expert, row.int(0)?, now)?;
    }
    Ok(())
}

pub fn set_expert_portrait(
    conn: &mut Conn<'_>,
    expert: ExpertId,
    portrait: Option<MediaId>,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE experts SET portrait_id = ?, updated_at = ? WHERE id = ?",
        params![portrait.map(|m| m.0), now, expert.0],
    )?;
    changes::record(conn, ChangeKind::Expert, expert.0, now)
}

pub fn expert_portrait(conn: &mut Conn<'_>, expert: ExpertId) -> StoreResult<Option<Media>> {
    conn.query_opt(
        &format!(
            "SELECT {} FROM media m JOIN experts e ON e.portrait_id = m.id WHERE e.id = ?",
            MEDIA_COLUMNS
                .split(", ")
                .map(|c| format!("m.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        params![expert.0],
    )?
    .map(|row| media_from_row(&row))
    .transpose()
}
