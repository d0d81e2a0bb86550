-- Version 2: look-up indexes.
-- One event by its id (GET /api/events/{id}/mentions, EventFilter::event).
CREATE INDEX events_id ON events (id);
-- A dyad's timeline (stats with source and target prefixes, matched with LIKE 'X%') reads only
-- that dyad's daily rows, from the index alone.
CREATE INDEX daily_dyad ON daily (source text_pattern_ops, target text_pattern_ops, day)
    INCLUDE (code, quad, n, goldstein_sum);
