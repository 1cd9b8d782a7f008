//! The store: Folio's content model in a relational database.
//!
//! The store is synchronous and transactional: [`Store::read`] and
//! [`Store::write`] run a closure in a transaction, and the repository
//! functions re-exported here take that transaction's [`Conn`]. Only the
//! `sql` module knows SQL dialects and drivers; repositories write portable
//! SQL once. Migrations live in `migrations/{backend}/` with the same
//! versions for every backend.

mod accounts;
mod api_tokens;
mod article_list;
mod articles;
mod changes;
mod copy;
mod documents;
mod editorial;
mod experts;
mod feed;
mod imports;
mod media;
mod migrations;
mod paths;
mod postgres_backend;
mod redirects;
mod site_map;
mod sql;
mod store;
mod taxonomy;
mod translations;
mod webhooks;

pub use accounts::{
    NewSession, Session, User, count_admins, create_session, create_user, delete_session,
    delete_user, delete_user_sessions, list_users, normalize_email, password_hash_of,
    prune_login_attempts, prune_sessions, recent_failures, record_failed_login,
    record_login_attempt, reset_failed_logins, session_by_hash, set_password_hash, touch_session,
    unlock_user, update_user, user_by_email, user_by_id, user_credentials,
};
pub use api_tokens::{
    ApiToken, NewApiToken, api_token_by_hash, api_token_by_id, create_api_token, list_api_tokens,
    revoke_api_token, touch_api_token,
};
pub use article_list::{
    ArticleFilter, ArticlePage, ArticleSort, ListPosition, PositionKey, filter_articles,
};
pub use articles::{
    ArticleQuery, ReadSummaries, SavedArticle, Visibility, article_by_id, article_by_path,
    article_core_by_path, article_id_at, article_reference, article_summaries,
    article_translation_links, count_articles, declared_translation_slug, delete_article,
    find_article_declaring_translation, list_article_ids, list_articles, published_article_by_path,
    rename_article, save_article, translations_of,
};
pub use changes::{Change, ChangeKind, changes_since, latest_change};
pub use copy::{CopyReport, ExistingRows, SKIPPED_TABLES, copied_tables, copy_database};
pub use documents::{
    ArticleDocument, article_documents, articles_affected_by, published_article_ids,
    published_counts,
};
pub use editorial::{
    Actor, AdminArticleQuery, AdminArticleRow, AuditEntry, EditorialState, Revision,
    admin_articles, article_subject, audit, due_for_publication, editorial_state,
    ensure_baseline_revision, list_audit, list_revisions, publish_if_due, record_article_write,
    record_revision, revision_by_id, set_article_status, set_created_by,
};
pub use experts::{
    all_experts, delete_expert, expert_by_id, expert_by_slug, list_experts, list_experts_in,
    save_expert_profile, upsert_expert,
};
pub use feed::ChangeFeed;
pub use imports::{ImportSource, import_source, save_import_source};
pub use media::{
    Media, NewMedia, expert_portrait, list_media, media_by_id, media_by_sha, save_media,
    set_expert_portrait, set_media_alt_text,
};
pub use paths::path_kind;
pub use redirects::{
    Redirect, RedirectSource, delete_redirect, list_redirects, normalize_path, record_move,
    redirect_for, save_redirect,
};
pub use site_map::{PublishedArticle, SiteMap, site_map};
pub use sql::{Conn, Dialect, Row, Value, placeholders};
pub use store::Store;
pub use taxonomy::{
    content_type_by_slug, delete_term, experts_in_program, list_content_types, list_programs,
    list_terms, program_by_slug, term_by_slug, terms_of_kind, upsert_content_type, upsert_program,
    upsert_term,
};

pub use translations::{
    content_type_translations, expert_translations, link_term_translations, local_names, localize,
    program_translations, save_content_type_translation, save_expert_translation,
    save_program_translation, term_translations, unlink_term_translations,
};
pub use webhooks::{
    AttemptResult, ClaimedDelivery, Delivery, DeliveryState, Webhook, WebhookEvent, WebhookListing,
    claim_delivery, create_webhook, delete_webhook, due_deliveries, enqueue, list_deliveries,
    list_webhooks, record_attempt, retry_delivery, set_webhook_secret, update_webhook,
    webhook_by_id,
};

/// What can go wrong in the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A write would break a rule of the content model (a slug already
    /// taken); the message is for the person who made the write.
    #[error("{0}")]
    Conflict(String),
    /// A write names something that does not exist (an unknown expert).
    #[error("{0}")]
    MissingReference(String),
    #[error("a unique constraint was violated: {0}")]
    UniqueViolation(String),
    #[error("a reference points at a missing row: {0}")]
    ForeignKeyViolation(String),
    #[error("the database is busy; try again")]
    Busy,
    #[error(
        "the database has schema version {database}, newer than this build of Folio supports ({supported}); run a newer Folio"
    )]
    SchemaTooNew { database: i64, supported: i64 },
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
