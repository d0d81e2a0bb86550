//! PETRARCH-format dictionaries (placeholder, filled below).
