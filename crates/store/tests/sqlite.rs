//! The store on SQLite files: every conformance check on a fresh temporary file, and SQLite's
//! own concerns (locks, read-only opens, files that are not stores, newer schemas, reopening).

mod conformance;

use dyad_store::{open, Location, Store, StoreOptions};

fn fresh(options: &StoreOptions) -> (tempfile::TempDir, Box<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&Location::Sqlite(dir.path().join("dyad.db")), options).unwrap();
    (dir, store)
}

#[test]
fn conformance_on_sqlite() {
    for (name, check) in conformance::ALL {
        eprintln!("conformance: {name}");
        let (_dir, store) = fresh(&StoreOptions::default());
        check(store);
    }
}

#[test]
fn conformance_dedup_by_root_on_sqlite() {
    let (_dir, store) = fresh(&conformance::by_root_options());
    conformance::dedup_by_root(store);
}
