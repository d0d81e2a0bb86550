//! `dyad serve`: the JSON API over an event store, and the embedded dashboard.
