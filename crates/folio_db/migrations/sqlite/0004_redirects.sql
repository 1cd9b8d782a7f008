-- Old addresses that lead somewhere: legacy URL forms the importer records,
-- renamed articles, and redirects an admin adds. Paths are kept as the
-- request carries them (percent-encoded), without a trailing slash or a
-- query string; a 404 looks here before it is a 404.
CREATE TABLE redirects (
    from_path TEXT PRIMARY KEY,
    to_path TEXT NOT NULL,
    status INTEGER NOT NULL CHECK (status IN (301, 302)),
    source TEXT NOT NULL CHECK (source IN ('admin', 'import', 'rename')),
    created_at BIGINT NOT NULL
);
