-- Version 2: look-up indexes.
-- One event by its id (GET /api/events/{id}/mentions, EventFilter::event).
CREATE INDEX events_id ON events(id);
-- A dyad's timeline (stats with source and target prefixes) reads only that dyad's daily
-- rows; covering, so no table look-up (the primary key's day, code and quad are in it).
CREATE INDEX daily_dyad ON daily(source, target, day, n, goldstein_sum);
-- How many events the store holds, kept by ingest, so an unfiltered page's total needs no
-- count over every event.
INSERT INTO meta(key, value) SELECT 'event_count', count(*) FROM events;
-- Event pages filtered by source (and code), by code or by target read their rows and sort
-- keys from one index: covering (source, code, day, id), and the single-column code and
-- target indexes of version 1 widened with the sort key.
CREATE INDEX events_source_code ON events(source, code, day, id);
DROP INDEX events_code;
CREATE INDEX events_code ON events(code, day, id);
DROP INDEX events_target;
CREATE INDEX events_target ON events(target, day, id);
