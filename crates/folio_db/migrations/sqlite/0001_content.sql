-- The content model: articles, experts, programs, topics, regions, content
-- types, and what the importer keeps of each page it read.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); calendar
-- dates are TEXT 'YYYY-MM-DD'; both sort correctly as stored.

CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE experts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    bio TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE expert_programs (
    expert_id BIGINT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (expert_id, program_id)
);
CREATE INDEX expert_programs_by_program ON expert_programs (program_id, expert_id);

CREATE TABLE content_types (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Articles, topics and regions share /{lang}/policy-analysis/{slug}: this
-- table holds every slug in use there, so one can never name two things.
CREATE TABLE path_slugs (
    language TEXT NOT NULL,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'topic', 'region')),
    PRIMARY KEY (language, slug)
);

CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('topic', 'region')),
    language TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (language, slug)
);
CREATE INDEX terms_by_kind ON terms (kind, language, name);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    language TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    deck TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    body_is_excerpt BOOLEAN NOT NULL,
    content_type_id BIGINT REFERENCES content_types (id) ON DELETE SET NULL,
    series_number BIGINT,
    published_on TEXT,
    author_note_markdown TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'scheduled', 'published', 'archived')),
    -- Articles that are translations of each other share a group number.
    translation_group BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (language, slug)
);
CREATE INDEX articles_by_date ON articles (status, published_on, id);
CREATE INDEX articles_by_language_date ON articles (language, status, published_on, id);
CREATE INDEX articles_by_type ON articles (content_type_id, status, published_on);
CREATE INDEX articles_by_translation_group ON articles (translation_group);

CREATE TABLE article_authors (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (article_id, expert_id)
);
CREATE INDEX article_authors_by_expert ON article_authors (expert_id, article_id);

CREATE TABLE article_terms (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    term_id BIGINT NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (article_id, term_id)
);
CREATE INDEX article_terms_by_term ON article_terms (term_id, article_id);

CREATE TABLE article_syndications (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('also_published_in', 'full_text_at')),
    outlet TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_syndications_by_outlet ON article_syndications (outlet);

-- Editors' picks. The target may not be in the archive yet, so the row
-- keeps what the page showed of it; the live article wins when it exists.
CREATE TABLE article_recommendations (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    language TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    type_label TEXT,
    published_on TEXT,
    -- One name per line.
    author_names TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_recommendations_by_target ON article_recommendations (language, slug);

-- "Also available in" as the page declared it; the target may arrive later.
CREATE TABLE article_translation_links (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    slug TEXT NOT NULL,
    PRIMARY KEY (article_id, language)
);
CREATE INDEX article_translation_links_by_target ON article_translation_links (language, slug);

-- The page each imported article was read from, kept verbatim so a better
-- importer can parse the archive again without the original files.
CREATE TABLE import_sources (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    source_name TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    parser_version BIGINT NOT NULL,
    raw_source TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
