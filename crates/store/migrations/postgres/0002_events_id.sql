-- Version 2: look events up by their id (GET /api/events/{id}/mentions, EventFilter::event).
CREATE INDEX events_id ON events (id);
