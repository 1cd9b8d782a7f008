//! Translations of what is not an article: names (and bios) of experts,
//! content types and programs in other languages, and translation groups of
//! topics and regions. (Articles' groups live with articles.)

use folio_core::{
    ContentTypeId, ExpertId, ExpertText, LanguageCode, LocalNames, Localize, NameKeys, ProgramId,
    Term, TermId, Timestamp,
};

use crate::changes::{self, ChangeKind};
use crate::sql::{Conn, placeholders};
use crate::taxonomy::term_from_row;
use crate::{StoreError, StoreResult, Value, params};

/// The translated names of the given slugs in `language`.
pub fn local_names(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    keys: &NameKeys,
) -> StoreResult<LocalNames> {
    let mut names = LocalNames::default();
    if !keys.experts.is_empty() {
        let (sql, params) = by_slugs(
            "SELECT e.slug, t.name, t.bio FROM expert_translations t
             JOIN experts e ON e.id = t.expert_id WHERE t.language = ? AND e.slug IN",
            language,
            &keys.experts,
        );
        for row in conn.query(&sql, &params)? {
            names.experts.insert(
                row.string(0)?,
                ExpertText {
                    name: row.string(1)?,
                    bio: row.string(2)?,
                },
            );
        }
    }
    for (sql, slugs, into) in [
        (
            "SELECT c.slug, t.name FROM content_type_translations t
             JOIN content_types c ON c.id = t.content_type_id WHERE t.language = ? AND c.slug IN",
            &keys.content_types,
            &mut names.content_types,
        ),
        (
            "SELECT p.slug, t.name FROM program_translations t
             JOIN programs p ON p.id = t.program_id WHERE t.language = ? AND p.slug IN",
            &keys.programs,
            &mut names.programs,
        ),
    ] {
        if slugs.is_empty() {
            continue;
        }
        let (sql, params) = by_slugs(sql, language, slugs);
        for row in conn.query(&sql, &params)? {
            into.insert(row.string(0)?, row.string(1)?);
        }
    }
    Ok(names)
}

fn by_slugs(
    select: &str,
    language: &LanguageCode,
    slugs: &std::collections::BTreeSet<String>,
) -> (String, Vec<Value>) {
    let sql = format!("{select} ({})", placeholders(slugs.len()));
    let mut params = vec![Value::from(language)];
    params.extend(slugs.iter().map(|s| Value::Text(s.clone())));
    (sql, params)
}

/// Puts the names of experts, content types and programs `value` shows in
/// `language`, where they are translated.
pub fn localize<T: Localize>(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    value: &mut T,
) -> StoreResult<()> {
    let mut keys = NameKeys::default();
    value.name_keys(&mut keys);
    if keys.is_empty() {
        return Ok(());
    }
    let names = local_names(conn, language, &keys)?;
    value.localize(&names);
    Ok(())
}

/// An expert's name and bio in every language that has them, by language.
pub fn expert_translations(
    conn: &mut Conn<'_>,
    expert: ExpertId,
) -> StoreResult<Vec<(LanguageCode, ExpertText)>> {
    conn.query(
        "SELECT language, name, bio FROM expert_translations WHERE expert_id = ? ORDER BY language",
        params![expert.0],
    )?
    .iter()
    .map(|row| {
        Ok((
            row.language(0)?,
            ExpertText {
                name: row.string(1)?,
                bio: row.string(2)?,
            },
        ))
    })
    .collect()
}

/// Sets an expert's name and bio in a language; an empty name removes the
/// translation. Nothing is written when nothing changes.
pub fn save_expert_translation(
    conn: &mut Conn<'_>,
    expert: ExpertId,
    language: &LanguageCode,
    text: &ExpertText,
    now: Timestamp,
) -> StoreResult<()> {
    let stored = conn.query_opt(
        "SELECT name, bio FROM expert_translations WHERE expert_id = ? AND language = ?",
        params![expert.0, language],
    )?;
    let changed = match (&stored, text.name.trim().is_empty()) {
        (None, true) => false,
        (Some(_), true) => {
            conn.execute(
                "DELETE FROM expert_translations WHERE expert_id = ? AND language = ?",
                params![expert.0, language],
            )?;
            true
        }
        (Some(row), false) if row.text(0)? == text.name && row.text(1)? == text.bio => false,
        (_, false) => {
            conn.execute(
                "INSERT INTO expert_translations (expert_id, language, name, bio, updated_at)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (expert_id, language) DO UPDATE
                 SET name = excluded.name, bio = excluded.bio, updated_at = excluded.updated_at",
                params![expert.0, language, &text.name, &text.bio, now],
            )?;
            true
        }
    };
    if changed {
        changes::record(conn, ChangeKind::Expert, expert.0, now)?;
        crate::webhooks::expert_event(conn, expert.0, "updated", now)?;
    }
    Ok(())
}

/// Tables of names in other languages, for things with one address in
/// every language.
#[derive(Clone, Copy)]
struct NameTable {
    table: &'static str,
    owner: &'static str,
    change: ChangeKind,
}

const CONTENT_TYPE_NAMES: NameTable = NameTable {
    table: "content_type_translations",
    owner: "content_type_id",
    change: ChangeKind::ContentType,
};

const PROGRAM_NAMES: NameTable = NameTable {
    table: "program_translations",
    owner: "program_id",
    change: ChangeKind::Program,
};

impl NameTable {
    fn all(self, conn: &mut Conn<'_>, owner: i64) -> StoreResult<Vec<(LanguageCode, String)>> {
        conn.query(
            &format!(
                "SELECT language, name FROM {} WHERE {} = ? ORDER BY language",
                self.table, self.owner
            ),
            params![owner],
        )?
        .iter()
        .map(|row| Ok((row.language(0)?, row.string(1)?)))
        .collect()
    }

    fn save(
        self,
        conn: &mut Conn<'_>,
        owner: i64,
        language: &LanguageCode,
        name: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let stored = conn.query_opt(
            &format!(
                "SELECT name FROM {} WHERE {} = ? AND language = ?",
                self.table, self.owner
            ),
            params![owner, language],
        )?;
        let stored = stored.map(|row| row.string(0)).transpose()?;
        let name = name.trim();
        if stored.as_deref() == Some(name) || (stored.is_none() && name.is_empty()) {
            return Ok(());
        }
        if name.is_empty() {
            conn.execute(
                &format!(
                    "DELETE FROM {} WHERE {} = ? AND language = ?",
                    self.table, self.owner
                ),
                params![owner, language],
            )?;
        } else {
            conn.execute(
                &format!(
                    "INSERT INTO {table} ({owner}, language, name, updated_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT ({owner}, language) DO UPDATE
                     SET name = excluded.name, updated_at = excluded.updated_at",
                    table = self.table,
                    owner = self.owner
                ),
                params![owner, language, name, now],
            )?;
        }
        changes::record(conn, self.change, owner, now)
    }
}

/// A content type's name in every language that has one.
pub fn content_type_translations(
    conn: &mut Conn<'_>,
    id: ContentTypeId,
) -> StoreResult<Vec<(LanguageCode, String)>> {
    CONTENT_TYPE_NAMES.all(conn, id.0)
}

/// Names a content type in a language; an empty name removes it.
pub fn save_content_type_translation(
    conn: &mut Conn<'_>,
    id: ContentTypeId,
    language: &LanguageCode,
    name: &str,
    now: Timestamp,
) -> StoreResult<()> {
    CONTENT_TYPE_NAMES.save(conn, id.0, language, name, now)
}

/// A program's name in every language that has one.
pub fn program_translations(
    conn: &mut Conn<'_>,
    id: ProgramId,
) -> StoreResult<Vec<(LanguageCode, String)>> {
    PROGRAM_NAMES.all(conn, id.0)
}

/// Names a program in a language; an empty name removes it.
pub fn save_program_translation(
    conn: &mut Conn<'_>,
    id: ProgramId,
    language: &LanguageCode,
    name: &str,
    now: Timestamp,
) -> StoreResult<()> {
    PROGRAM_NAMES.save(conn, id.0, language, name, now)
}

/// The other topics or regions of a term's translation group, by language.
pub fn term_translations(conn: &mut Conn<'_>, term: TermId) -> StoreResult<Vec<Term>> {
    conn.query(
        "SELECT o.id, o.kind, o.language, o.slug, o.name FROM terms t
         JOIN terms o ON o.translation_group = t.translation_group AND o.id <> t.id
         WHERE t.id = ? ORDER BY o.language, o.id",
        params![term.0],
    )?
    .iter()
    .map(term_from_row)
    .collect()
}

/// Makes two topics (or two regions) translations of each other, merging
/// their groups. A group holds one term per language, of one kind.
pub fn link_term_translations(
    conn: &mut Conn<'_>,
    a: TermId,
    b: TermId,
    now: Timestamp,
) -> StoreResult<()> {
    let mut members = group_members(conn, a)?;
    for member in group_members(conn, b)? {
        if !members.iter().any(|m| m.id == member.id) {
            members.push(member);
        }
    }
    if let Some(other_kind) = members.iter().find(|m| m.kind != members[0].kind) {
        return Err(StoreError::Conflict(format!(
            "\"{}\" is a {} and \"{}\" a {}: only topics translate topics, and regions regions",
            members[0].name,
            members[0].kind.as_str(),
            other_kind.name,
            other_kind.kind.as_str()
        )));
    }
    for (i, member) in members.iter().enumerate() {
        if let Some(twin) = members[..i].iter().find(|m| m.language == member.language) {
            return Err(StoreError::Conflict(format!(
                "\"{}\" and \"{}\" are both in {}: a translation group has one term per language",
                twin.name, member.name, member.language
            )));
        }
    }
    let group = members.iter().map(|m| m.id.0).min().unwrap_or(a.0);
    for member in &members {
        conn.execute(
            "UPDATE terms SET translation_group = ?, updated_at = ? WHERE id = ?",
            params![group, now, member.id.0],
        )?;
        changes::record(conn, ChangeKind::Term, member.id.0, now)?;
    }
    Ok(())
}

/// Takes a term out of its translation group.
pub fn unlink_term_translations(
    conn: &mut Conn<'_>,
    term: TermId,
    now: Timestamp,
) -> StoreResult<()> {
    let members = group_members(conn, term)?;
    if members.len() < 2 {
        return Ok(());
    }
    let rest: Vec<i64> = members
        .iter()
        .map(|m| m.id.0)
        .filter(|id| *id != term.0)
        .collect();
    conn.execute(
        "UPDATE terms SET translation_group = NULL, updated_at = ? WHERE id = ?",
        params![now, term.0],
    )?;
    // The rest stay together, numbered after their smallest id; one left
    // alone is in no group.
    let regroup = (rest.len() > 1).then(|| rest.iter().copied().min().unwrap_or(term.0));
    let sql = format!(
        "UPDATE terms SET translation_group = ?, updated_at = ? WHERE id IN ({})",
        placeholders(rest.len())
    );
    let mut params = vec![regroup.map_or(Value::Null, Value::Int), Value::from(now)];
    params.extend(rest.iter().map(|&id| Value::Int(id)));
    conn.execute(&sql, &params)?;
    for id in std::iter::once(term.0).chain(rest) {
        changes::record(conn, ChangeKind::Term, id, now)?;
    }
    Ok(())
}

/// A term and the other members of its group.
fn group_members(conn: &mut Conn<'_>, term: TermId) -> StoreResult<Vec<Term>> {
    let row = conn
        .query_opt(
            "SELECT id, kind, language, slug, name FROM terms WHERE id = ?",
            params![term.0],
        )?
        .ok_or_else(|| StoreError::MissingReference(format!("there is no term {}", term.0)))?;
    let mut members = vec![term_from_row(&row)?];
    members.extend(term_translations(conn, term)?);
    Ok(members)
}
