-- dyad SQLite store, schema version 1.
-- Applied in one transaction by crates/store/src/sqlite/schema.rs, which also writes the
-- `meta` rows (schema_version, dedup_by_root, dedup_window_days).
--
-- Dates are stored twice where queries need them: `date` as 'YYYY-MM-DD' text (what users
-- read) and `day` as days since 1970-01-01 (what ranges, de-duplication windows and periods
-- compute with). An event without any date has day = -9999999 (before every real date) so
-- that (day, id) keyset paging needs no NULL cases.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per stored article. `content_hash` is SHA-256 of the text (NULL when the article
-- was rebuilt from pre-coded events and has no text); NULLs do not collide in UNIQUE.
CREATE TABLE articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT UNIQUE,
    date         TEXT,
    title        TEXT,
    text         TEXT NOT NULL,
    origin       TEXT
);

-- Sentences as character spans of the article text (start/end NULL without text).
CREATE TABLE sentences (
    article INTEGER NOT NULL REFERENCES articles(rowid),
    idx     INTEGER NOT NULL,
    start   INTEGER,
    end     INTEGER,
    text    TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- De-duplicated events. `id` is the stable id of the first mention; `first_mention` points at
-- it (its JSON is the event as `dyad code` wrote it). `dcode` is the code the de-duplication
-- rule compares: the full code, or its root when the store was created with by_root.
CREATE TABLE events (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL,
    first_mention  INTEGER NOT NULL,
    source         TEXT,
    source_name    TEXT,
    target         TEXT,
    target_name    TEXT,
    code           TEXT NOT NULL,
    root           TEXT NOT NULL,
    dcode          TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    date           TEXT,
    day            INTEGER NOT NULL,
    place_name     TEXT,
    place_lc       TEXT,
    place_country  TEXT,
    mentions       INTEGER NOT NULL
);
-- The de-duplication lookup, and source-prefix filters (leading column).
CREATE INDEX events_dedup ON events(source, target, dcode, day);
CREATE INDEX events_target ON events(target);
CREATE INDEX events_code ON events(code);
-- Newest-first paging by (day, id).
CREATE INDEX events_day_id ON events(day, id);

-- Raw mentions: one per event coded in an article sentence, the whole Event as JSON plus the
-- columns filters use.
CREATE TABLE mentions (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL,
    event          INTEGER NOT NULL REFERENCES events(rowid),
    article        INTEGER NOT NULL REFERENCES articles(rowid),
    sentence_index INTEGER NOT NULL,
    source         TEXT,
    target         TEXT,
    code           TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    date           TEXT,
    day            INTEGER NOT NULL,
    place_lc       TEXT,
    place_country  TEXT,
    json           TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_day_id ON mentions(day, id);

-- Figures per day and group over de-duplicated events, maintained on ingest (one upsert per
-- distinct key per batch) so that stats over millions of events read a small table.
-- Missing actors are '' here (NULLs never conflict in a primary key).
CREATE TABLE daily (
    day           INTEGER NOT NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    code          TEXT NOT NULL,
    quad          INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    PRIMARY KEY (day, source, target, code, quad)
) WITHOUT ROWID;

-- Actor codes with the first name seen and how many events they take part in.
CREATE TABLE actors (
    code    TEXT PRIMARY KEY,
    name    TEXT,
    name_lc TEXT,
    events  INTEGER NOT NULL
) WITHOUT ROWID;

-- Full-text index over title and text (or, for articles stored without text, the sentences
-- known from their events). rowid = articles.rowid.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'porter unicode61');
