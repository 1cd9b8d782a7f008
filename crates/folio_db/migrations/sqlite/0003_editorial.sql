-- The editorial side: accounts, sessions, login attempts, revisions, media
-- and the audit log, and what articles need for the workflow.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- Stored lower-cased, so an address matches however it is typed.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    -- argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    -- Wrong passwords since the last success; the account locks at a limit.
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Sessions live here, not in memory, so every web node sharing the
-- database knows them. The cookie carries a random id; only its SHA-256 is
-- stored, so a copy of the database lets no one in.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Every login attempt, for rate limits per address and per account.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_by_email ON login_attempts (email, at);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at);

-- Bumped by every save, so an editor saving over someone else's newer
-- save is told instead of overwriting it.
ALTER TABLE articles ADD COLUMN edit_version BIGINT NOT NULL DEFAULT 1;
-- When a scheduled article publishes itself (milliseconds, UTC).
ALTER TABLE articles ADD COLUMN publish_at BIGINT;
-- Who wrote the first version in the admin; authors edit only their own.
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX articles_by_publish_at ON articles (status, publish_at);

-- Every save of an article, as the whole article written out (JSON), so
-- any two can be compared and any one restored.
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- Who saved it, kept as text so it outlives the account.
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);

-- Uploaded images. The file is stored under its SHA-256, so the same
-- image uploaded twice is one file and its URL never changes.
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    extension TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    alt_text TEXT NOT NULL,
    original_name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE experts ADD COLUMN portrait_id BIGINT REFERENCES media (id) ON DELETE SET NULL;

-- Who did what, when: one row for every write made in the admin or by the
-- scheduler. Actor and subject are text so they outlive what they name.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    ip TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
