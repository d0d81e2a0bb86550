-- dyad PostgreSQL store, schema version 1: the same tables, columns and meanings as
-- migrations/sqlite/0001_init.sql, with PostgreSQL types (DATE, DOUBLE PRECISION, BIGINT) and
-- a generated tsvector column instead of the FTS5 table. Applied in one transaction by
-- crates/store/src/postgres/mod.rs, which records the version in `meta` (schema_version) next
-- to the de-duplication rule (dedup_by_root, dedup_window_days).
--
-- Like SQLite, events and mentions keep `day` (days since 1970-01-01; -9999999 when the event
-- has no date, before every real date) next to `date`, so that paging, windows and periods
-- compute the same way on both backends. Row ids are given by the ingest, which holds the
-- store's advisory lock. As in SQLite (where foreign keys are declared but not enforced),
-- `sentences.article`, `mentions.event` and `mentions.article` are row ids the ingest writes
-- in the same transaction as the rows they point at; they carry no FOREIGN KEY constraint,
-- whose per-row checks would halve the speed of COPY.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per stored article. `content_hash` is SHA-256 of the text (NULL when the article
-- was rebuilt from pre-coded events and has no text). `fts_body` is what full-text search
-- reads for articles without text: the sentences their events quote, one per line (NULL for
-- articles with text). `search` is title + text (else fts_body), English stemming.
CREATE TABLE articles (
    rowid        BIGINT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT UNIQUE,
    date         DATE,
    title        TEXT,
    text         TEXT NOT NULL,
    origin       TEXT,
    fts_body     TEXT,
    search       tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
                     coalesce(title, '') || ' ' || coalesce(nullif(text, ''), fts_body, ''))) STORED
);
CREATE INDEX articles_search ON articles USING GIN (search);

-- Sentences as character spans of the article text (start/end NULL without text).
CREATE TABLE sentences (
    article    BIGINT  NOT NULL,
    idx        INTEGER NOT NULL,
    start_char INTEGER,
    end_char   INTEGER,
    text       TEXT    NOT NULL,
    PRIMARY KEY (article, idx)
);

-- De-duplicated events. `id` is the stable id of the first mention; `first_mention` points at
-- it (its JSON is the event as `dyad code` wrote it). `dcode` is the code the de-duplication
-- rule compares: the full code, or its root when the store was created with by_root.
CREATE TABLE events (
    rowid          BIGINT PRIMARY KEY,
    id             TEXT NOT NULL,
    first_mention  BIGINT NOT NULL,
    source         TEXT,
    source_name    TEXT,
    target         TEXT,
    target_name    TEXT,
    code           TEXT NOT NULL,
    root           TEXT NOT NULL,
    dcode          TEXT NOT NULL,
    quad           SMALLINT NOT NULL,
    goldstein      DOUBLE PRECISION NOT NULL,
    date           DATE,
    day            INTEGER NOT NULL,
    place_name     TEXT,
    place_lc       TEXT,
    place_country  TEXT,
    mentions       INTEGER NOT NULL
);
-- The de-duplication lookup (a missing actor compares as ''), which also serves source
-- prefix filters (text_pattern_ops: LIKE 'RUS%' whatever the collation); target prefixes;
-- newest-first paging. Every index costs ingest time, so there are no more than these.
CREATE INDEX events_dedup ON events ((coalesce(source, '')) text_pattern_ops,
                                     (coalesce(target, '')) text_pattern_ops, dcode, day);
CREATE INDEX events_target ON events (target text_pattern_ops);
CREATE INDEX events_day_id ON events (day, id COLLATE "C", rowid);

-- Raw mentions: one per event coded in an article sentence, the whole Event as JSON plus the
-- columns filters use.
CREATE TABLE mentions (
    rowid          BIGINT PRIMARY KEY,
    id             TEXT NOT NULL,
    event          BIGINT NOT NULL,
    article        BIGINT NOT NULL,
    sentence_index INTEGER NOT NULL,
    source         TEXT,
    target         TEXT,
    code           TEXT NOT NULL,
    quad           SMALLINT NOT NULL,
    goldstein      DOUBLE PRECISION NOT NULL,
    date           DATE,
    day            INTEGER NOT NULL,
    place_lc       TEXT,
    place_country  TEXT,
    json           TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions (event);
CREATE INDEX mentions_article ON mentions (article);
CREATE INDEX mentions_day_id ON mentions (day, id COLLATE "C", rowid);

-- Figures per day and group over de-duplicated events, maintained on ingest (one upsert per
-- batch). Missing actors are '' here (NULLs never conflict in a primary key).
CREATE TABLE daily (
    day           INTEGER NOT NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    code          TEXT NOT NULL,
    quad          SMALLINT NOT NULL,
    n             BIGINT NOT NULL,
    goldstein_sum DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day, source, target, code, quad)
);

-- Actor codes with the first name seen and how many events they take part in.
CREATE TABLE actors (
    code    TEXT PRIMARY KEY,
    name    TEXT,
    name_lc TEXT,
    events  BIGINT NOT NULL
);
