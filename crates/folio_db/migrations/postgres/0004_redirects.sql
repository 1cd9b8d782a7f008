-- PostgreSQL twin of sqlite/0004_redirects.sql.
-- Old addresses that lead somewhere: legacy URL forms the importer records,
-- renamed articles, and redirects an admin adds. Paths are kept as the
-- request carries them (percent-encoded), without a trailing slash or a
-- query string; a 404 looks here before it is a 404.
CREATE TABLE redirects (
    from_path TEXT COLLATE "C" PRIMARY KEY,
    to_path TEXT COLLATE "C" NOT NULL,
    status INTEGER NOT NULL CHECK (status IN (301, 302)),
    source TEXT COLLATE "C" NOT NULL CHECK (source IN ('admin', 'import', 'rename')),
    created_at BIGINT NOT NULL
);
