//! The `dyad` binary (being written).
fn main() {}
