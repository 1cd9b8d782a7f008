-- The change log: every content write appends a row here in the same
-- transaction, so whatever derives from the content (the search index,
-- page caches, other nodes) can follow it and catch up after a crash by
-- replaying what it has not applied. AUTOINCREMENT: a sequence number is
-- never reused, so a follower never mistakes a new change for one it saw.
CREATE TABLE content_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'expert', 'term', 'content_type', 'program')),
    entity_id BIGINT NOT NULL,
    changed_at BIGINT NOT NULL
);
