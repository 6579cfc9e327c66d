//! The host test kit (`relance::testing`): the conformance suite passes on the in-memory
//! store and catches stores that break the contract; the seeded campaign passes under
//! faults and catches a store that loses outbox entries.

use relance::memory::MemoryStore;
use relance::testing::{Campaign, store_conformance};
use relance::*;

fn memory(customers: &[Customer], invoices: &[Invoice]) -> MemoryStore {
    let mut s = MemoryStore::new();
    for c in customers {
        s.add_customer(c.clone());
    }
    for i in invoices {
        s.add_invoice(i.clone()).expect("valid fixture");
    }
    s
}

#[test]
fn the_in_memory_store_passes_every_conformance_check() {
    let passed = store_conformance(memory).unwrap();
    assert_eq!(passed, relance::testing::CONFORMANCE_CHECKS);
}

/// A store that forgets which keys were executed: it breaks promise 3.
struct Forgetful(MemoryStore);

impl Store for Forgetful {
    fn load_due(&mut self, as_of: chrono::NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.0.load_due(as_of)
    }
    fn commit(&mut self, c: &Commit) -> Result<(), StoreError> {
        self.0.commit(c)
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        self.0.pending()
    }
    fn complete(&mut self, k: &IdempotencyKey, c: &Commit) -> Result<(), StoreError> {
        self.0.complete(k, c)
    }
    fn is_executed(&mut self, _: &IdempotencyKey) -> Result<bool, StoreError> {
        Ok(false)
    }
    fn accounts(&mut self, i: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        self.0.accounts(i)
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.0.customer(id)
    }
}

#[test]
fn a_store_that_forgets_executed_keys_fails_conformance() {
    let failure = store_conformance(|c, i| Forgetful(memory(c, i))).unwrap_err();
    assert_eq!(failure.check, "complete is atomic and remembers the key");
}

/// A store that applies the events of a commit one by one, stopping at the first refused:
/// it breaks promise 1 (atomic commit).
struct HalfCommit(MemoryStore);

impl Store for HalfCommit {
    fn load_due(&mut self, as_of: chrono::NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.0.load_due(as_of)
    }
    fn commit(&mut self, c: &Commit) -> Result<(), StoreError> {
        for e in &c.events {
            self.0.commit(&Commit {
                events: vec![e.clone()],
                ..Commit::default()
            })?;
        }
        self.0.commit(&Commit {
            events: vec![],
            ..c.clone()
        })
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        self.0.pending()
    }
    fn complete(&mut self, k: &IdempotencyKey, c: &Commit) -> Result<(), StoreError> {
        self.0.complete(k, c)
    }
    fn is_executed(&mut self, k: &IdempotencyKey) -> Result<bool, StoreError> {
        self.0.is_executed(k)
    }
    fn accounts(&mut self, i: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        self.0.accounts(i)
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.0.customer(id)
    }
}

#[test]
fn a_store_whose_commit_is_not_atomic_fails_conformance() {
    let failure = store_conformance(|c, i| HalfCommit(memory(c, i))).unwrap_err();
    assert_eq!(failure.check, "commit is atomic");
    assert!(failure.detail.contains("left events"), "{failure}");
}

/// A store that drops every fifth pending entry it lists: planned actions get lost.
struct Leaky(MemoryStore, u32);

impl Store for Leaky {
    fn load_due(&mut self, as_of: chrono::NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.0.load_due(as_of)
    }
    fn commit(&mut self, c: &Commit) -> Result<(), StoreError> {
        let mut c = c.clone();
        c.outbox.retain(|_| {
            self.1 += 1;
            self.1 % 5 != 0
        });
        self.0.commit(&c)
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        self.0.pending()
    }
    fn complete(&mut self, k: &IdempotencyKey, c: &Commit) -> Result<(), StoreError> {
        self.0.complete(k, c)
    }
    fn is_executed(&mut self, k: &IdempotencyKey) -> Result<bool, StoreError> {
        self.0.is_executed(k)
    }
    fn accounts(&mut self, i: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        self.0.accounts(i)
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.0.customer(id)
    }
}

#[test]
fn the_campaign_catches_a_store_that_loses_outbox_entries() {
    let failure = Campaign::new(11)
        .customers(10)
        .days(200)
        .run(|c, i| Leaky(memory(c, i), 0))
        .unwrap_err();
    assert_eq!(failure.seed, 11);
    assert_eq!(failure.check, "no planned action lost");
}

#[test]
fn a_campaign_is_reproducible_from_its_seed() {
    let a = Campaign::new(5).customers(5).days(150).run(memory).unwrap();
    let b = Campaign::new(5).customers(5).days(150).run(memory).unwrap();
    assert_eq!(a, b);
    assert!(a.store_faults > 0 && a.delivery_faults > 0, "{a:?}");
    assert!(a.delivered > 0 && a.facts > 0, "{a:?}");
}

/// The bounded campaign CI runs on the in-memory store: 16 seeds of 8 customers over a
/// year under faults (128 customer-years). The longer campaign is
/// `RELANCE_SEEDS=1000 cargo test --release --test testing_kit -- --ignored`.
#[test]
fn sixteen_seeded_years_under_faults_pass_the_auditor() {
    let mut customer_days = 0;
    for seed in 0..16 {
        let r = Campaign::new(seed)
            .run(memory)
            .unwrap_or_else(|f| panic!("{f}"));
        customer_days += r.customer_days;
    }
    assert_eq!(customer_days, 16 * 8 * 365);
}

#[test]
#[ignore = "long campaign: RELANCE_SEEDS=N (default 200) seeds of 8 customer-years each"]
fn long_campaign() {
    let seeds: u64 = std::env::var("RELANCE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let (mut years, mut faults, mut delivered) = (0u64, 0u64, 0u64);
    let mut stages: std::collections::BTreeMap<String, u64> = Default::default();
    for seed in 0..seeds {
        let r = Campaign::new(1_000 + seed)
            .run(memory)
            .unwrap_or_else(|f| panic!("{f}"));
        years += r.customer_days / 365;
        faults += r.store_faults + r.delivery_faults;
        delivered += r.delivered;
        for (k, v) in r.notices_by_stage {
            *stages.entry(k).or_default() += v;
        }
    }
    println!(
        "{seeds} seeds, {years} customer-years, {faults} faults injected, {delivered} deliveries, notices by stage {stages:?}: no failure"
    );
}
