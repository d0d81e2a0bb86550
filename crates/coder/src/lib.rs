//! dyad-coder: from parsed sentences to political events.
//!
//! This crate defines the [`Event`] record that every later stage (store, server, exports)
//! consumes. Its JSON form is dyad's public output schema, fixed from the first release:
//! field names and order must not change without a version bump.

pub mod event;

pub use event::{ActorRef, Cameo, Event, Place, Plover, Span, CSV_COLUMNS};
