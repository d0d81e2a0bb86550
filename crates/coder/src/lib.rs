//! dyad-coder: from parsed sentences to political events.
//!
//! This crate defines the [`Event`] record that every later stage (store, server, exports)
//! consumes. Its JSON form is dyad's public output schema, fixed from the first release:
//! field names and order must not change without a version bump.
//!
//! It also holds the coder's data loaders:
//!
//! * [`codebook`]: the CAMEO event codes (name, Goldstein weight, quad class), from dyad's
//!   own `data/cameo/cameo_codes.tsv`;
//! * [`plover`]: the CAMEO → PLOVER mapping, from `data/cameo/cameo_plover.tsv`;
//! * [`petrarch`]: parsers for PETRARCH / Phoenix / TABARI-format dictionaries (actors,
//!   agents, verbs, discards, issues, PICO), so users can bring their own.

pub mod actors;
pub mod codebook;
pub mod dates;
pub mod engine;
pub mod error;
pub mod event;
pub mod geo;
pub mod import;
pub mod petrarch;
pub mod plover;
pub mod validation;
pub mod verbs;

pub use codebook::{CodeInfo, Codebook};
pub use error::{LineError, LoadError};
pub use event::{ActorRef, Cameo, Event, Place, Plover, Span, CSV_COLUMNS};
pub use plover::PloverMap;
