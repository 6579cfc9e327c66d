//! relance-sqlite against the host contract: the conformance suite and seeded campaigns
//! under faults (relance::testing), as any host would run them.

use relance::testing::{CONFORMANCE_CHECKS, Campaign, store_conformance};
use relance::{Customer, Invoice};
use relance_sqlite::SqliteStore;

fn sqlite(customers: &[Customer], invoices: &[Invoice]) -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().expect("in-memory database");
    s.add_customers(customers).expect("valid customers");
    s.add_invoices(invoices.to_vec()).expect("valid invoices");
    s
}

#[test]
fn sqlite_passes_every_conformance_check() {
    let passed = store_conformance(sqlite).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(passed, CONFORMANCE_CHECKS);
}

#[test]
fn sqlite_on_a_file_passes_every_conformance_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    let passed = store_conformance(|customers, invoices| {
        n += 1;
        let mut s = SqliteStore::open(dir.path().join(format!("conformance-{n}.db")))
            .expect("database file");
        s.add_customers(customers).expect("valid customers");
        s.add_invoices(invoices.to_vec()).expect("valid invoices");
        s
    })
    .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(passed.len(), CONFORMANCE_CHECKS.len());
}

/// The bounded campaign CI runs on SQLite: 6 seeds of 8 customers over a year under
/// faults (48 customer-years), audited after every run and compared with a fault-free run.
/// Longer: `RELANCE_SEEDS=200 cargo test --release -p relance-sqlite --test conformance -- --ignored --nocapture`.
#[test]
fn six_seeded_years_under_faults_pass_the_auditor_on_sqlite() {
    for seed in 0..6 {
        let r = Campaign::new(seed)
            .run(sqlite)
            .unwrap_or_else(|f| panic!("{f}"));
        assert!(r.store_faults > 0, "seed {seed}: {r:?}");
    }
}

#[test]
#[ignore = "long campaign on SQLite: RELANCE_SEEDS=N (default 100)"]
fn long_campaign_on_sqlite() {
    let seeds: u64 = std::env::var("RELANCE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let (mut years, mut faults, mut delivered) = (0u64, 0u64, 0u64);
    for seed in 0..seeds {
        let r = Campaign::new(1_000 + seed)
            .run(sqlite)
            .unwrap_or_else(|f| panic!("{f}"));
        years += r.customer_days / 365;
        faults += r.store_faults + r.delivery_faults;
        delivered += r.delivered;
    }
    println!(
        "{seeds} seeds on SQLite, {years} customer-years, {faults} faults injected, {delivered} deliveries: no failure"
    );
}
