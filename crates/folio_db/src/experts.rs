//! Experts and the programs they belong to.

use std::collections::HashMap;

use folio_core::ExpertListing;
use folio_core::{
    Expert, ExpertId, ExpertInput, LanguageCode, PageRequest, Paged, Portrait, Program, ProgramId,
    Slug, Timestamp,
};

use crate::changes::{self, ChangeKind};
use crate::sql::{Conn, Row};
use crate::taxonomy::upsert_program;
use crate::{StoreResult, Value, params, webhooks};

/// Creates the expert or updates their name, bio (when given) and programs
/// (added to those stored, in order).
pub fn upsert_expert(
    conn: &mut Conn<'_>,
    input: &ExpertInput,
    now: Timestamp,
) -> StoreResult<ExpertId> {
    let existing = conn.query_opt(
        "SELECT id, name, bio FROM experts WHERE slug = ?",
        params![&input.slug],
    )?;
    let mut changed = false;
    let created = existing.is_none();
    let id = match existing {
        Some(row) => {
            let id = row.int(0)?;
            let bio = input.bio.as_deref().unwrap_or(row.text(2)?);
            if row.text(1)? != input.name || row.text(2)? != bio {
                conn.execute(
                    "UPDATE experts SET name = ?, bio = ?, updated_at = ? WHERE id = ?",
                    params![&input.name, bio, now, id],
                )?;
                changed = true;
            }
            id
        }
        None => {
            changed = true;
            conn.insert_returning_id(
                "INSERT INTO experts (slug, name, bio, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                params![&input.slug, &input.name, input.bio.as_deref().unwrap_or(""), now, now],
            )?
        }
    };
    for name in &input.programs {
        let program = upsert_program(conn, &Slug::from_title(name), name, now)?;
        let next_position = conn
            .query_one(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM expert_programs WHERE expert_id = ?",
                params![id],
            )?
            .int(0)?;
        changed |= conn.execute(
            "INSERT INTO expert_programs (expert_id, program_id, position) VALUES (?, ?, ?)
             ON CONFLICT (expert_id, program_id) DO NOTHING",
            params![id, program.0, next_position],
        )? > 0;
    }
    if changed {
        changes::record(conn, ChangeKind::Expert, id, now)?;
        webhooks::expert_event(conn, id, if created { "created" } else { "updated" }, now)?;
    }
    Ok(ExpertId(id))
}

pub fn expert_by_slug(conn: &mut Conn<'_>, slug: &Slug) -> StoreResult<Option<Expert>> {
    let Some(row) = conn.query_opt(
        &format!("SELECT {EXPERT_COLUMNS} FROM experts e {PORTRAIT_JOIN} WHERE e.slug = ?"),
        params![slug],
    )?
    else {
        return Ok(None);
    };
    let mut expert = expert_from_row(&row)?;
    expert.programs = programs_for_experts(conn, &[expert.id.0])?
        .remove(&expert.id.0)
        .unwrap_or_default();
    Ok(Some(expert))
}

/// The experts index in a language: everyone, by their name there (the
/// default language's when it has none), with their published pieces in
/// that language.
pub fn list_experts(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    page: PageRequest,
) -> StoreResult<Paged<ExpertListing>> {
    list_experts_in(conn, language, None, page)
}

/// The experts index, only those in the program `program` (a slug) when
/// one is given; by name in `language`.
pub fn list_experts_in(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    program: Option<&str>,
    page: PageRequest,
) -> StoreResult<Paged<ExpertListing>> {
    let (filter, filter_params): (&str, Vec<Value>) = match program {
        None => ("", Vec::new()),
        Some(slug) => (
            "WHERE e.id IN (SELECT ep.expert_id FROM expert_programs ep
                            JOIN programs p ON p.id = ep.program_id WHERE p.slug = ?)",
            vec![Value::Text(slug.to_owned())],
        ),
    };
    let total = conn
        .query_one(
            &format!("SELECT COUNT(*) FROM experts e {filter}"),
            &filter_params,
        )?
        .int(0)? as u64;
    let mut values = filter_params;
    values.extend([
        Value::Text(language.as_str().to_owned()),
        Value::Int(i64::from(page.per_page)),
        Value::Int(page.offset() as i64),
    ]);
    // Pieces are counted for the page's experts only, after it is chosen:
    // a count in the select list was made for every expert before the
    // sort (a quarter of a static export's time).
    let rows = conn.query(
        &format!(
            "SELECT {EXPERT_COLUMNS}
             FROM experts e {PORTRAIT_JOIN}
             {filter}
             ORDER BY COALESCE((SELECT t.name FROM expert_translations t
                                WHERE t.expert_id = e.id AND t.language = ?), e.name), e.id
             LIMIT ? OFFSET ?"
        ),
        &values,
    )?;
    let experts = rows
        .iter()
        .map(expert_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let ids: Vec<i64> = experts.iter().map(|e| e.id.0).collect();
    let mut counts = published_counts(conn, language, &ids)?;
    let mut listings: Vec<ExpertListing> = experts
        .into_iter()
        .map(|expert| ExpertListing {
            article_count: counts.remove(&expert.id.0).unwrap_or(0),
            expert,
        })
        .collect();
    let ids: Vec<i64> = listings.iter().map(|l| l.expert.id.0).collect();
    let mut programs = programs_for_experts(conn, &ids)?;
    for listing in &mut listings {
        listing.expert.programs = programs.remove(&listing.expert.id.0).unwrap_or_default();
    }
    Ok(Paged {
        items: listings,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Experts by id, with their programs, in the order of `ids`.
pub(crate) fn experts_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> StoreResult<Vec<Expert>> {
    let rows = conn.query_ids(ids, &[], |list| {
        format!("SELECT {EXPERT_COLUMNS} FROM experts e {PORTRAIT_JOIN} WHERE e.id IN ({list})")
    })?;
    let mut by_id = HashMap::new();
    for row in rows {
        let expert = expert_from_row(&row)?;
        by_id.insert(expert.id.0, expert);
    }
    let mut programs = programs_for_experts(conn, ids)?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            by_id.remove(id).map(|mut expert| {
                expert.programs = programs.remove(id).unwrap_or_default();
                expert
            })
        })
        .collect())
}

/// How many published pieces in `language` each of the experts wrote.
fn published_counts(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    expert_ids: &[i64],
) -> StoreResult<HashMap<i64, u64>> {
    let language = [Value::Text(language.as_str().to_owned())];
    conn.query_ids(expert_ids, &language, |list| {
        format!(
            "SELECT aa.expert_id, COUNT(*) FROM article_authors aa
             JOIN articles a ON a.id = aa.article_id
             WHERE aa.expert_id IN ({list}) AND a.status = 'published' AND a.language = ?
             GROUP BY aa.expert_id"
        )
    })?
    .iter()
    .map(|row| Ok((row.int(0)?, row.int(1)? as u64)))
    .collect()
}

fn programs_for_experts(
    conn: &mut Conn<'_>,
    expert_ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<Program>>> {
    let mut out: HashMap<i64, Vec<Program>> = HashMap::new();
    let rows = conn.query_ids(expert_ids, &[], |list| {
        format!(
            "SELECT ep.expert_id, p.id, p.slug, p.name FROM expert_programs ep
             JOIN programs p ON p.id = ep.program_id
             WHERE ep.expert_id IN ({list}) ORDER BY ep.expert_id, ep.position"
        )
    })?;
    for row in rows {
        out.entry(row.int(0)?).or_default().push(Program {
            id: ProgramId(row.int(1)?),
            slug: row.slug(2)?,
            name: row.string(3)?,
        });
    }
    Ok(out)
}

/// An expert's columns, portrait included: read by [`expert_from_row`].
const EXPERT_COLUMNS: &str =
    "e.id, e.slug, e.name, e.bio, m.sha256, m.extension, m.alt_text, m.width, m.height";
const PORTRAIT_JOIN: &str = "LEFT JOIN media m ON m.id = e.portrait_id";

fn expert_from_row(row: &Row) -> StoreResult<Expert> {
    let portrait = match row.opt_text(4)? {
        None => None,
        Some(sha256) => Some(Portrait {
            url: format!("/media/{sha256}.{}", row.text(5)?),
            alt: row.string(6)?,
            width: row.int(7)? as u32,
            height: row.int(8)? as u32,
        }),
    };
    Ok(Expert {
        id: ExpertId(row.int(0)?),
        slug: row.slug(1)?,
        name: row.string(2)?,
        bio: row.string(3)?,
        programs: Vec::new(),
        portrait,
    })
}

pub fn expert_by_id(conn: &mut Conn<'_>, id: ExpertId) -> StoreResult<Option<Expert>> {
    Ok(experts_by_ids(conn, &[id.0])?.into_iter().next())
}

/// Every expert by name, for the admin's pickers.
pub fn all_experts(conn: &mut Conn<'_>) -> StoreResult<Vec<Expert>> {
    let ids: Vec<i64> = conn
        .query("SELECT id FROM experts ORDER BY name, id", params![])?
        .iter()
        .map(|r| r.int(0))
        .collect::<StoreResult<_>>()?;
    experts_by_ids(conn, &ids)
}

/// Writes an expert's profile as the admin edits it: name, bio and exactly
/// these programs, in order. `id` is `None` for a new expert at `slug`.
pub fn save_expert_profile(
    conn: &mut Conn<'_>,
    id: Option<ExpertId>,
    slug: &Slug,
    name: &str,
    bio: &str,
    programs: &[ProgramId],
    now: Timestamp,
) -> StoreResult<ExpertId> {
    let change = if id.is_some() { "updated" } else { "created" };
    let id = match id {
        Some(id) => {
            conn.execute(
                "UPDATE experts SET name = ?, bio = ?, updated_at = ? WHERE id = ?",
                params![name, bio, now, id.0],
            )?;
            id.0
        }
        None => {
            if expert_by_slug(conn, slug)?.is_some() {
                return Err(crate::StoreError::Conflict(format!(
                    "the slug \"{slug}\" is already used by another expert"
                )));
            }
            conn.insert_returning_id(
                "INSERT INTO experts (slug, name, bio, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                params![slug, name, bio, now, now],
            )?
        }
    };
    conn.execute(
        "DELETE FROM expert_programs WHERE expert_id = ?",
        params![id],
    )?;
    let mut seen = Vec::new();
    for program in programs {
        if seen.contains(program) {
            continue;
        }
        conn.execute(
            "INSERT INTO expert_programs (expert_id, program_id, position) VALUES (?, ?, ?)",
            params![id, program.0, seen.len()],
        )?;
        seen.push(*program);
    }
    changes::record(conn, ChangeKind::Expert, id, now)?;
    webhooks::expert_event(conn, id, change, now)?;
    Ok(ExpertId(id))
}

/// Deletes an expert who is no article's author; an author is refused
/// (their pieces would lose their byline).
pub fn delete_expert(conn: &mut Conn<'_>, id: ExpertId, now: Timestamp) -> StoreResult<bool> {
    let pieces = conn
        .query_one(
            "SELECT COUNT(*) FROM article_authors WHERE expert_id = ?",
            params![id.0],
        )?
        .int(0)?;
    if pieces > 0 {
        return Err(crate::StoreError::Conflict(format!(
            "this expert is an author of {pieces} article(s); remove them from those bylines first"
        )));
    }
    webhooks::expert_event(conn, id.0, "deleted", now)?;
    if conn.execute("DELETE FROM experts WHERE id = ?", params![id.0])? == 0 {
        return Ok(false);
    }
    changes::record(conn, ChangeKind::Expert, id.0, now)?;
    Ok(true)
}
