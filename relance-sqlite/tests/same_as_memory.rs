//! The SQLite store behaves as the in-memory reference store: the same portfolio played
//! day by day through `Dunning::run` gives the same deliveries, in the same order, and
//! the same account histories.

mod common;

use common::*;
use relance::memory::MemoryStore;
use relance::scenario::Simulation;
use relance_sqlite::SqliteStore;

#[test]
fn the_host_loop_on_memory_delivers_what_the_simulation_delivers() {
    // Guards the test's own host loop: on the reference store it must match the library's
    // simulation of the same portfolio.
    let s = portfolio();
    let mut sim = Simulation::new(&s).unwrap();
    let mut expected = Vec::new();
    while let Some((_, day)) = sim.next_day().unwrap() {
        expected.extend(day.delivered);
    }
    let got = play(&s, &mut MemoryStore::new());
    assert!(
        got.sent.len() > 100,
        "a real run: {} actions",
        got.sent.len()
    );
    assert_eq!(got.sent, expected);
}

#[test]
fn sqlite_run_equals_memory_run_on_the_sample_portfolio() {
    let s = portfolio();
    let memory = play(&s, &mut MemoryStore::new());
    let sqlite = play(&s, &mut SqliteStore::open_in_memory().unwrap());
    assert_eq!(sqlite.sent.len(), memory.sent.len());
    assert_eq!(sqlite.sent, memory.sent);
    assert_eq!(sqlite.histories, memory.histories);
    assert_eq!(sqlite.outbox, memory.outbox);
}
