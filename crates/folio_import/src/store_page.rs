//! Writing one parsed page to the store.

use folio_core::{
    ArticleInput, ArticleStatus, ExpertInput, ExpertText, LanguageCode, Slug, TermKind, Timestamp,
};
use folio_db::{Conn, ImportSource, StoreResult};

use crate::page::{CrawledPage, PageExpert};

/// Bumped whenever parsing changes what it reads from a page, so a
/// re-import of an unchanged file re-parses it.
pub const PARSER_VERSION: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageOutcome {
    Created,
    Updated,
    /// Same file, same parser: nothing was written.
    Unchanged,
}

/// The file a page came from.
#[derive(Debug, Clone)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub sha256: String,
}

/// Writes a page and everything it names (experts, topics, regions, its
/// content type). Run it inside a savepoint: on error, nothing of the page
/// must remain.
pub fn store_page(
    conn: &mut Conn<'_>,
    page: &CrawledPage,
    source: &SourceFile<'_>,
    default_language: &LanguageCode,
    now: Timestamp,
) -> StoreResult<(PageOutcome, Slug)> {
    let slug = choose_slug(conn, page)?;
    let existing = folio_db::article_id_at(conn, &page.language, &slug)?;
    if let Some(id) = existing
        && let Some(stored) = folio_db::import_source(conn, id)?
        && stored.content_sha256 == source.sha256
        && stored.parser_version == PARSER_VERSION
    {
        return Ok((PageOutcome::Unchanged, slug));
    }

    let is_default_language = &page.language == default_language;
    let content_type = match &page.type_label {
        Some(label) => {
            let type_slug = Slug::from_title(&label.name);
            let id = folio_db::upsert_content_type(conn, &type_slug, &label.name, now)?;
            // A translated page prints the type's name in its language.
            if let Some(printed) = &page.type_name_printed
                && !is_default_language
                && printed != &label.name
            {
                folio_db::save_content_type_translation(conn, id, &page.language, printed, now)?;
            }
            Some(type_slug)
        }
        None => None,
    };

    for author in &page.authors {
        store_author(conn, author, &page.language, is_default_language, now)?;
    }

    let mut topics = Vec::new();
    let mut regions = Vec::new();
    for (kind, terms, chosen) in [
        (TermKind::Topic, &page.topics, &mut topics),
        (TermKind::Region, &page.regions, &mut regions),
    ] {
        for term in terms {
            folio_db::upsert_term(conn, kind, &term.language, &term.slug, &term.name, now)?;
            if term.language == page.language {
                chosen.push(term.slug.clone());
            }
        }
    }

    let input = ArticleInput {
        language: page.language.clone(),
        slug: slug.clone(),
        title: page.title.clone().unwrap_or_default(),
        deck: page.deck.clone().unwrap_or_default(),
        body_markdown: page.body_markdown.clone(),
        body_is_excerpt: page.body_is_excerpt,
        content_type,
        series_number: page.type_label.as_ref().and_then(|l| l.series_number),
        published_on: page.published_on,
        authors: page.authors.iter().map(|a| a.slug.clone()).collect(),
        topics,
        regions,
        author_note_markdown: page.author_note_markdown.clone().unwrap_or_default(),
        status: ArticleStatus::Published,
        syndications: page.syndications.clone(),
        recommended: page.recommended.clone(),
        translations: page.translations().cloned().collect(),
    };
    if let Some(existing) = folio_db::article_id_at(conn, &input.language, &input.slug)? {
        folio_db::ensure_baseline_revision(conn, existing)?;
    }
    let saved = folio_db::save_article(conn, &input, now)?;
    record_legacy_address(conn, &input, is_default_language, now)?;
    move_translations_to_declared_slugs(conn, page, &slug, now)?;
    link_terms_of_translations(conn, &input.language, &input.slug, now)?;
    folio_db::save_import_source(
        conn,
        &ImportSource {
            article_id: saved.id,
            source_name: source.name.to_owned(),
            content_sha256: source.sha256.clone(),
            parser_version: PARSER_VERSION,
            raw_source: source.text.to_owned(),
            imported_at: now,
        },
    )?;
    // Importing a changed page again replaces what is stored, perhaps an
    // editor's work: the text replaced (above) and the new one are kept as
    // revisions, so either can be restored. (A first import keeps none,
    // for speed; the admin records the imported text before its first
    // change.)
    if !saved.created {
        folio_db::record_revision(
            conn,
            saved.id,
            &input,
            &folio_db::Actor::system("import"),
            &format!("Imported again from {} (the page changed)", source.name),
            now,
        )?;
    }
    let outcome = if saved.created {
        PageOutcome::Created
    } else {
        PageOutcome::Updated
    };
    Ok((outcome, slug))
}

/// Expert records hold the site's default language: an English page writes
/// the name and bio, a translated page its language's version of them
/// (creating the record when the archive does not know the expert yet,
/// named as that page names them until their default-language page
/// arrives; the bio stays with the translation).
fn store_author(
    conn: &mut Conn<'_>,
    author: &PageExpert,
    language: &LanguageCode,
    is_default_language: bool,
    now: Timestamp,
) -> StoreResult<()> {
    let existing = if is_default_language {
        None
    } else {
        folio_db::expert_by_slug(conn, &author.slug)?
    };
    let id = match existing {
        Some(expert) => expert.id,
        None => folio_db::upsert_expert(
            conn,
            &ExpertInput {
                slug: author.slug.clone(),
                name: author.name.clone(),
                bio: if is_default_language {
                    author.bio.clone()
                } else {
                    None
                },
                programs: author.programs.clone(),
            },
            now,
        )?,
    };
    if is_default_language {
        return Ok(());
    }
    let bio = match &author.bio {
        Some(bio) => bio.clone(),
        // A page without ABOUT THE AUTHORS keeps the bio already known.
        None => folio_db::expert_translations(conn, id)?
            .into_iter()
            .find(|(l, _)| l == language)
            .map(|(_, text)| text.bio)
            .unwrap_or_default(),
    };
    folio_db::save_expert_translation(
        conn,
        id,
        language,
        &ExpertText {
            name: author.name.clone(),
            bio,
        },
        now,
    )
}

/// Topics and regions of a translation are the original's in its language:
/// when the article and a translation list the same number of topics (or
/// regions), the n-th of one translates the n-th of the other. Terms that
/// already have a translation in the other language keep it (an editor's
/// link is never undone).
fn link_terms_of_translations(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    now: Timestamp,
) -> StoreResult<()> {
    let Some(article) =
        folio_db::article_core_by_path(conn, language, slug, folio_db::Visibility::All)?
    else {
        return Ok(());
    };
    if article.translation_group.is_none() {
        return Ok(());
    }
    for translation in &folio_db::translations_of(conn, &article)? {
        let Some(other) = folio_db::article_core_by_path(
            conn,
            &translation.language,
            &translation.slug,
            folio_db::Visibility::All,
        )?
        else {
            continue;
        };
        for (ours, theirs) in [
            (&article.topics, &other.topics),
            (&article.regions, &other.regions),
        ] {
            if ours.len() != theirs.len() {
                continue;
            }
            for (a, b) in ours.iter().zip(theirs) {
                let linked = folio_db::term_translations(conn, a.id)?
                    .iter()
                    .any(|t| t.id == b.id);
                if !linked {
                    // Pairing by position is a guess: one that would put two
                    // terms of a language in a group (a term that has its
                    // translation already, an editor's link) is left as it
                    // is; the store refuses it before writing anything.
                    match folio_db::link_term_translations(conn, a.id, b.id, now) {
                        Ok(()) | Err(folio_db::StoreError::Conflict(_)) => {}
                        Err(error) => return Err(error),
                    }
                }
            }
        }
    }
    Ok(())
}

/// Real archives linked articles as `/policy-analysis/view/{slug}` too:
/// that form leads to the article's page. One insert that never replaces
/// an admin's redirect. (The importer knows no site file: other languages
/// are assumed under their code, `/ar/…`, Folio's default prefix.)
fn record_legacy_address(
    conn: &mut Conn<'_>,
    article: &ArticleInput,
    is_default_language: bool,
    now: Timestamp,
) -> StoreResult<()> {
    let prefix = if is_default_language {
        String::new()
    } else {
        format!("/{}", article.language)
    };
    let slug = folio_core::encode_segment(article.slug.as_str());
    folio_db::save_redirect(
        conn,
        &format!("{prefix}/policy-analysis/view/{slug}"),
        &format!("{prefix}/policy-analysis/{slug}"),
        301,
        folio_db::RedirectSource::Import,
        now,
    )
}

/// The slug the page's translations say it has, else the one the archive's
/// rule makes from its title. Editors sometimes shortened a translation's
/// slug by hand; the original's "Also available in" link knows it.
fn choose_slug(conn: &mut Conn<'_>, page: &CrawledPage) -> StoreResult<Slug> {
    for link in page.translations() {
        if let Some(declared) =
            folio_db::declared_translation_slug(conn, &link.language, &link.slug, &page.language)?
        {
            return Ok(declared);
        }
    }
    Ok(page.slug_from_content())
}

/// A translation imported before its original got a slug from its title;
/// now the original names the translation's real slug, move it there.
fn move_translations_to_declared_slugs(
    conn: &mut Conn<'_>,
    page: &CrawledPage,
    slug: &Slug,
    now: Timestamp,
) -> StoreResult<()> {
    for link in page.translations() {
        if folio_db::path_kind(conn, &link.language, &link.slug)?.is_some() {
            continue;
        }
        if let Some((id, current)) = folio_db::find_article_declaring_translation(
            conn,
            &page.language,
            slug,
            &link.language,
        )? && current != link.slug
        {
            folio_db::rename_article(conn, id, &link.slug, now)?;
        }
    }
    Ok(())
}
