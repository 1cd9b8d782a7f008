-- The JSON API's tokens and the webhooks that tell other systems about
-- changes.

-- A token lets a program use the API with a role. The secret is shown once
-- when the token is made; only its SHA-256 is kept, so a copy of the
-- database lets no one in. A token tied to an account acts as that person
-- (authors' tokens must be); one without acts as a named service.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    -- The secret's first characters, so people can tell tokens apart.
    secret_prefix TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

-- Where to tell other systems about published content. The secret signs
-- each delivery (HMAC-SHA256); Folio needs it to sign, so it is kept as
-- it is: it lets its holder forge deliveries to that one receiver only.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    -- The events it receives, separated by spaces.
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The outbox: a row per webhook and event, written in the transaction of
-- the change itself, so an event is queued exactly when its change
-- commits. Workers on any node claim a due row with one conditional UPDATE
-- (claimed_by, claimed_until), so each attempt is made by one node; a claim
-- left by a crashed node expires and the row is tried again.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    last_attempt_at BIGINT,
    -- The HTTP status of the last attempt; NULL when no answer came.
    last_status BIGINT,
    last_error TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
