-- Translations of what is not an article.
--
-- Experts, content types and programs have one address in every language
-- (/experts/x, /ar/experts/x): their own row holds the default language's
-- name (and bio), these tables the other languages'.
CREATE TABLE expert_translations (
    expert_id BIGINT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    -- Empty: the default language's bio is shown.
    bio TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (expert_id, language)
);

CREATE TABLE content_type_translations (
    content_type_id BIGINT NOT NULL REFERENCES content_types (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (content_type_id, language)
);

CREATE TABLE program_translations (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (program_id, language)
);

-- Topics and regions have a slug of their own in each language
-- (/policy-analysis/terrorism, /ar/policy-analysis/alarhab): like articles,
-- a term and its translations share a group number, the smallest member id.
ALTER TABLE terms ADD COLUMN translation_group BIGINT;
CREATE INDEX terms_by_translation_group ON terms (translation_group);
