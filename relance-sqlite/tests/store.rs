//! The SQLite store's own promises: reopening continues, facts are idempotent by
//! external id, commits are all or nothing, `load_due` reads only what is due through
//! its indexes, old schemas migrate and newer ones are refused.

mod common;

use chrono::NaiveDate;
use common::*;
use relance::memory::{MemoryStore, RecordingDelivery};
use relance::*;
use relance_sqlite::{SCHEMA_VERSION, SqliteError, SqliteStore};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Email]),
        ],
    )])
    .unwrap()
}

fn customer(id: &str) -> Customer {
    let mut c = Customer::new(
        id,
        "Acme",
        CustomerKind::Business,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    c.contacts.email = Some("ap@acme.example".into());
    c
}

fn invoice(id: &str, customer: &str, due: &str) -> Invoice {
    Invoice::single(
        id,
        id,
        customer,
        Currency::EUR,
        d("2025-01-01"),
        "100.00".parse().unwrap(),
        d(due),
    )
}

fn store_with(invoices: &[(&str, &str, &str)]) -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().unwrap();
    for (inv, cust, due) in invoices {
        s.add_customer(&customer(cust)).unwrap();
        s.add_invoice(invoice(inv, cust, due)).unwrap();
    }
    s
}

fn pay(invoice: &str, on: &str, amount: &str, id: &str) -> Fact {
    Fact::new(
        &invoice.into(),
        d(on),
        EventKind::Payment {
            amount: amount.parse().unwrap(),
        },
    )
    .unwrap()
    .with_external_id(id)
}

#[test]
fn a_file_database_reopened_continues_where_the_run_stopped() {
    let s = portfolio();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dunning.db");
    let dunning = dunning(&s);
    let facts = facts(&s);
    let mut delivery = RecordingDelivery::default();
    let half = d("2025-02-28");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        load(&s, &dunning, &mut store);
        let mut day = s.start;
        while day <= half {
            play_day(day, &dunning, &facts, &mut store, &mut delivery).unwrap();
            day = next(day);
        }
    } // closed: only the file remains
    let mut store = SqliteStore::open(&path).unwrap();
    let mut day = next(half);
    while day <= s.end {
        play_day(day, &dunning, &facts, &mut store, &mut delivery).unwrap();
        day = next(day);
    }
    let reference = play(&s, &mut MemoryStore::new());
    assert_eq!(delivery.sent(), reference.sent.as_slice());
    assert_eq!(
        histories(&store.all_accounts().unwrap()),
        reference.histories
    );
}

#[test]
fn a_fact_recorded_twice_through_dunning_record_counts_once() {
    let mut store = store_with(&[("INV-1", "C-1", "2025-01-31")]);
    let dunning = Dunning::new(book(), Policy::default()).unwrap();
    let first = dunning
        .record(&mut store, &[pay("INV-1", "2025-02-03", "40.00", "bank-1")])
        .unwrap();
    assert_eq!(first.recorded(), 1);
    let again = dunning
        .record(
            &mut store,
            &[
                pay("INV-1", "2025-02-04", "40.00", "bank-1"),
                pay("INV-1", "2025-02-04", "10.00", "bank-2"),
            ],
        )
        .unwrap();
    assert_eq!((again.duplicates(), again.recorded()), (1, 1));
    let acc = store.account(&"INV-1".into()).unwrap().unwrap();
    assert_eq!(acc.outstanding().to_string(), "50.00 EUR");
    // The store skips it too when handed the same fact in a commit (a host that bypasses
    // the engine's check), and its unique index keeps one row per id.
    let e = pay("INV-1", "2025-02-05", "40.00", "bank-1")
        .event()
        .clone();
    store
        .commit(&Commit {
            events: vec![e],
            ..Commit::default()
        })
        .unwrap();
    let rows: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM events WHERE external_id = 'bank-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(
        store
            .account(&"INV-1".into())
            .unwrap()
            .unwrap()
            .outstanding()
            .to_string(),
        "50.00 EUR"
    );
}

#[test]
fn a_commit_with_one_refused_event_is_refused_whole() {
    let mut store = store_with(&[
        ("INV-1", "C-1", "2025-01-31"),
        ("INV-2", "C-1", "2025-01-31"),
    ]);
    let good = pay("INV-1", "2025-02-03", "40.00", "a").event().clone();
    let bad = Event::new(
        &"INV-2".into(),
        d("2025-02-03"),
        EventKind::PaymentReversal {
            amount: "1.00".parse().unwrap(),
        },
    );
    let wake = Wakeup {
        invoice: "INV-1".into(),
        customer: "C-1".into(),
        on: Some(d("2025-03-01")),
    };
    let err = store
        .commit(&Commit {
            events: vec![good.clone(), bad],
            outbox: vec![],
            wakeups: vec![wake],
        })
        .unwrap_err();
    assert_eq!(err.kind, StoreErrorKind::Rejected);
    assert!(store.log().unwrap().is_empty());
    assert_eq!(store.next_wakeup().unwrap(), Some(d("2025-01-01"))); // still unindexed
    let unknown = Event::new(&"INV-9".into(), d("2025-02-03"), EventKind::PromiseKept);
    let err = store
        .commit(&Commit {
            events: vec![good, unknown],
            ..Commit::default()
        })
        .unwrap_err();
    assert_eq!(err.kind, StoreErrorKind::Rejected);
    assert!(err.message.contains("INV-9"), "{}", err.message);
    assert!(store.log().unwrap().is_empty());
}

#[test]
fn add_invoice_refuses_what_the_memory_store_refuses() {
    let mut store = store_with(&[("INV-1", "C-1", "2025-01-31")]);
    assert!(matches!(
        store.add_invoice(invoice("INV-1", "C-1", "2025-01-31")),
        Err(SqliteError::Relance(Error::DuplicateInvoice { .. }))
    ));
    assert!(matches!(
        store.add_invoice(invoice("INV-2", "C-9", "2025-01-31")),
        Err(SqliteError::Relance(Error::UnknownCustomer { .. }))
    ));
    let mut bad = invoice("INV-3", "C-1", "2025-01-31");
    bad.instalments[0].due_date = d("2024-12-31"); // due before it was issued
    assert!(matches!(
        store.add_invoice(bad),
        Err(SqliteError::Relance(Error::Event(_)))
    ));
    assert_eq!(store.all_accounts().unwrap().len(), 1);
}

#[test]
fn load_due_gives_due_customers_with_open_and_lately_closed_accounts() {
    let mut store = store_with(&[
        ("A-1", "C-A", "2025-01-31"),
        ("A-2", "C-A", "2025-03-31"),
        ("A-3", "C-A", "2025-01-31"),
        ("A-4", "C-A", "2025-01-31"),
        ("B-1", "C-B", "2025-03-31"),
    ]);
    let wake = |inv: &str, cust: &str, on: Option<&str>| Wakeup {
        invoice: inv.into(),
        customer: cust.into(),
        on: on.map(d),
    };
    let paid = |inv: &str, on: &str| {
        Event::new(
            &inv.into(),
            d(on),
            EventKind::Payment {
                amount: "100.00".parse().unwrap(),
            },
        )
    };
    store
        .commit(&Commit {
            events: vec![paid("A-3", "2026-01-10"), paid("A-4", "2025-01-02")],
            outbox: vec![],
            wakeups: vec![
                wake("A-1", "C-A", Some("2026-01-20")),
                wake("A-2", "C-A", Some("2026-04-07")),
                wake("A-3", "C-A", None),
                wake("A-4", "C-A", None),
                wake("B-1", "C-B", Some("2026-04-07")),
            ],
        })
        .unwrap();
    let due = |s: &mut SqliteStore, on: &str| -> Vec<(String, Vec<String>)> {
        s.load_due(d(on))
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.customer.id.to_string(),
                    c.accounts
                        .iter()
                        .map(|a| a.invoice().id.to_string())
                        .collect(),
                )
            })
            .collect()
    };
    assert_eq!(due(&mut store, "2026-01-19"), vec![]);
    // A-1 is due: all of C-A's open accounts, and A-3 closed within the contact-pressure
    // window (366 days); A-4, closed 383 days ago, is left out. C-B is not due.
    assert_eq!(
        due(&mut store, "2026-01-20"),
        vec![(
            "C-A".to_string(),
            vec!["A-1".to_string(), "A-2".into(), "A-3".into()]
        )]
    );
    // A changed customer is looked at again on the next run.
    store.add_customer(&customer("C-B")).unwrap();
    assert_eq!(
        due(&mut store, "2026-01-19"),
        vec![("C-B".to_string(), vec!["B-1".to_string()])]
    );
    // The same as the reference store given the same calls.
    let mut memory = MemoryStore::new();
    memory.add_customer(customer("C-A"));
    memory.add_customer(customer("C-B"));
    for (i, c, due) in [
        ("A-1", "C-A", "2025-01-31"),
        ("A-2", "C-A", "2025-03-31"),
        ("A-3", "C-A", "2025-01-31"),
        ("A-4", "C-A", "2025-01-31"),
        ("B-1", "C-B", "2025-03-31"),
    ] {
        memory.add_invoice(invoice(i, c, due)).unwrap();
    }
    memory
        .commit(&Commit {
            events: vec![paid("A-3", "2026-01-10"), paid("A-4", "2025-01-02")],
            outbox: vec![],
            wakeups: vec![
                wake("A-1", "C-A", Some("2026-01-20")),
                wake("A-2", "C-A", Some("2026-04-07")),
                wake("A-3", "C-A", None),
                wake("A-4", "C-A", None),
                wake("B-1", "C-B", Some("2026-04-07")),
            ],
        })
        .unwrap();
    memory.add_customer(customer("C-B"));
    for on in ["2026-01-19", "2026-01-20", "2026-04-07"] {
        assert_eq!(
            store.load_due(d(on)).unwrap(),
            memory.load_due(d(on)).unwrap(),
            "{on}"
        );
    }
}

#[test]
fn load_due_reads_through_the_wakeup_indexes() {
    let store = store_with(&[("INV-1", "C-1", "2025-01-31")]);
    let plan: Vec<String> = store
        .connection()
        .prepare(
            "EXPLAIN QUERY PLAN
             SELECT customer FROM accounts WHERE indexed = 1 AND wakeup IS NOT NULL AND wakeup <= ?1
             UNION
             SELECT customer FROM accounts WHERE indexed = 0
             ORDER BY 1",
        )
        .unwrap()
        .query_map([0], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(plan.contains("accounts_due"), "{plan}");
    assert!(plan.contains("accounts_unindexed"), "{plan}");
    // The unindexed accounts are read through their partial index, never the table.
    assert!(
        plan.lines().all(|l| !l.ends_with("SCAN accounts")),
        "{plan}"
    );
}

#[test]
fn outbox_keeps_commit_order_and_forgets_completed_keys() {
    let mut store = store_with(&[
        ("INV-1", "C-1", "2025-01-31"),
        ("INV-2", "C-2", "2025-01-31"),
    ]);
    let dunning = Dunning::new(book(), Policy::default()).unwrap();
    let portfolio = store.load_due(d("2025-02-07")).unwrap();
    let actions = dunning.plan(d("2025-02-07"), &portfolio).actions;
    assert_eq!(actions.len(), 2);
    for a in actions.iter().rev() {
        store
            .commit(&Commit {
                events: a.events(),
                outbox: vec![a.clone()],
                wakeups: vec![],
            })
            .unwrap();
    }
    let keys = |s: &mut SqliteStore| -> Vec<IdempotencyKey> {
        s.pending()
            .unwrap()
            .iter()
            .map(|a| a.key().clone())
            .collect()
    };
    assert_eq!(
        keys(&mut store),
        vec![actions[1].key().clone(), actions[0].key().clone()]
    );
    // Committed again while pending: not added twice.
    store
        .commit(&Commit {
            outbox: vec![actions[1].clone()],
            ..Commit::default()
        })
        .unwrap();
    assert_eq!(keys(&mut store).len(), 2);
    store
        .complete(actions[1].key(), &Commit::default())
        .unwrap();
    assert!(store.is_executed(actions[1].key()).unwrap());
    assert_eq!(keys(&mut store), vec![actions[0].key().clone()]);
    // Committed again once executed: not added.
    store
        .commit(&Commit {
            outbox: vec![actions[1].clone()],
            ..Commit::default()
        })
        .unwrap();
    assert_eq!(keys(&mut store), vec![actions[0].key().clone()]);
}

/// The version 1 schema, as that version wrote it.
const V1: &str = "
CREATE TABLE customers (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL) STRICT;
CREATE TABLE accounts (invoice TEXT PRIMARY KEY NOT NULL,
    customer TEXT NOT NULL REFERENCES customers(id), body TEXT NOT NULL,
    clock INTEGER NOT NULL, closed_on INTEGER, wakeup INTEGER,
    indexed INTEGER NOT NULL DEFAULT 0 CHECK (indexed IN (0, 1))) STRICT;
CREATE INDEX accounts_customer ON accounts(customer, invoice);
CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice TEXT NOT NULL REFERENCES accounts(invoice), body TEXT NOT NULL) STRICT;
CREATE INDEX events_invoice ON events(invoice, seq);
CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL) STRICT;
CREATE TABLE executed (key TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
PRAGMA user_version = 1;
";

#[test]
fn a_version_1_database_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        let c = customer("C-1");
        let inv = invoice("INV-1", "C-1", "2025-01-31");
        let payment = pay("INV-1", "2025-02-03", "40.00", "bank-1")
            .event()
            .clone();
        conn.execute(
            "INSERT INTO customers VALUES (?1, ?2)",
            ["C-1", &serde_json::to_string(&c).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO accounts (invoice, customer, body, clock, indexed)
            VALUES ('INV-1', 'C-1', ?1, 739251, 0)",
            [serde_json::to_string(&inv).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO events (invoice, body) VALUES ('INV-1', ?1)",
            [serde_json::to_string(&payment).unwrap()],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 2);
    let indexes: Vec<String> = store.connection()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap()
        .query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        indexes,
        [
            "accounts_customer",
            "accounts_due",
            "accounts_unindexed",
            "events_external_id",
            "events_invoice"
        ]
    );
    // The stored payment's external id was carried into its column: importing it again
    // is a duplicate.
    let dunning = Dunning::new(book(), Policy::default()).unwrap();
    let again = dunning
        .record(&mut store, &[pay("INV-1", "2025-02-03", "40.00", "bank-1")])
        .unwrap();
    assert_eq!(again.duplicates(), 1);
    let ext: Option<String> = store
        .connection()
        .query_row("SELECT external_id FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ext.as_deref(), Some("bank-1"));
    assert_eq!(
        store
            .account(&"INV-1".into())
            .unwrap()
            .unwrap()
            .outstanding()
            .to_string(),
        "60.00 EUR"
    );
    // Reopening a migrated database changes nothing.
    drop(store);
    assert_eq!(
        SqliteStore::open(&path).unwrap().schema_version().unwrap(),
        2
    );
}

#[test]
fn a_database_of_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 7).unwrap();
    }
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            SqliteError::SchemaTooNew {
                found: 7,
                supported: 2
            }
        ),
        "{err}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 7);
}

#[test]
fn the_file_database_is_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("x.db")).unwrap();
    let mode: String = store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = store
        .connection()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2));
}

#[test]
fn a_locked_database_is_unavailable_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store.add_customer(&customer("C-1")).unwrap();
    store
        .add_invoice(invoice("INV-1", "C-1", "2025-01-31"))
        .unwrap();
    store
        .connection()
        .busy_timeout(std::time::Duration::from_millis(10))
        .unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap(); // holds the write lock
    let e = pay("INV-1", "2025-02-03", "40.00", "x").event().clone();
    let err = store
        .commit(&Commit {
            events: vec![e],
            ..Commit::default()
        })
        .unwrap_err();
    assert_eq!(err.kind, StoreErrorKind::Unavailable, "{}", err.message);
    other.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn corrupt_stored_json_is_an_error_not_a_panic() {
    let mut store = store_with(&[("INV-1", "C-1", "2025-01-31")]);
    store
        .connection()
        .execute("UPDATE accounts SET body = '{not json'", [])
        .unwrap();
    assert!(matches!(
        store.account(&"INV-1".into()),
        Err(SqliteError::Corrupt { .. })
    ));
    let err = store.load_due(d("2025-02-07")).unwrap_err();
    assert!(err.message.contains("INV-1"), "{}", err.message);
}

// The host conformance suite (`relance::testing::store_conformance`) runs here on this
// store once it exists:
// #[test]
// fn sqlite_store_passes_the_conformance_suite() {
//     relance::testing::store_conformance(|| SqliteStore::open_in_memory().unwrap());
// }
