-- Version 2: look-up indexes.
-- One event by its id (GET /api/events/{id}/mentions, EventFilter::event).
CREATE INDEX events_id ON events(id);
-- A dyad's timeline (stats with source and target prefixes) reads only that dyad's daily
-- rows; covering, so no table look-up (the primary key's day, code and quad are in it).
CREATE INDEX daily_dyad ON daily(source, target, day, n, goldstein_sum);
-- How many events the store holds, kept by ingest, so an unfiltered page's total needs no
-- count over every event.
INSERT INTO meta(key, value) SELECT 'event_count', count(*) FROM events;
