//! A [`relance::Store`] on SQLite: the embedded default for a host that wants its dunning
//! state on disk without running a database server.
//!
//! ```
//! use relance::*;
//! use relance_sqlite::SqliteStore;
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! let book = LadderBook::new(vec![Ladder::new("std", vec![
//!     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
//! let mut store = SqliteStore::open_in_memory().unwrap(); // or SqliteStore::open("dunning.db")
//! let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
//!     Language::Fr, Zone::EUROPE_PARIS);
//! c.contacts.email = Some("ap@acme.example".into());
//! store.add_customer(&c).unwrap();
//! store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
//!     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
//! let mut delivery = relance::memory::RecordingDelivery::default();
//! let dunning = Dunning::new(book, Policy::default()).unwrap();
//! let report = dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
//! assert_eq!(report.delivered.len(), 1);
//! // The last step of the ladder was sent: what is left is the warning 60 days before
//! // the claim is time-barred (5 years between traders, Code de commerce L110-4).
//! assert_eq!(store.next_wakeup().unwrap(), Some("2029-12-02".parse().unwrap()));
//! ```
//!
//! # Schema (version 2)
//!
//! Dates in indexed columns are whole days counted from 0001-01-01 (chrono's
//! `num_days_from_ce`), so they compare as numbers; everything else is the JSON that
//! relance's serde gives (amounts as strings).
//!
//! | table | columns | what |
//! |---|---|---|
//! | `customers` | `id` (primary key), `body` (the [`Customer`] as JSON) | customers |
//! | `accounts` | `invoice` (primary key), `customer`, `body` (the [`Invoice`] as JSON), `clock` (the account's [`Account::clock`]), `closed_on` (the day it was settled or written off, else NULL), `wakeup` (the stored [`Wakeup`] date or NULL), `indexed` (0: no wakeup handed over since the account was added or its customer changed, so it is due) | one account per invoice |
//! | `events` | `seq` (autoincrement: the order of the history), `invoice`, `external_id` (a fact's host id, else NULL), `body` (the [`Event`] as JSON) | every account's history; an account is [`Account::replay`] of its invoice and its events in `seq` order |
//! | `outbox` | `seq` (autoincrement: commit order), `key` (unique), `body` (the [`Action`] as JSON) | entries committed and not completed |
//! | `executed` | `key` (primary key) | keys completed, kept forever (promise 3 of [`relance::Store`]) |
//!
//! Indexes: `accounts_due` on `accounts(wakeup)` for the accounts with a wakeup date and
//! `accounts_unindexed` on the accounts without one, so [`Store::load_due`] reads only
//! what is due (then all the accounts of each due customer, by `accounts_customer`);
//! `events_invoice` on `(invoice, seq)` to replay an account; `events_external_id`, unique
//! on `(invoice, external_id)`, so a fact imported twice is stored once.
//!
//! # Migrations
//!
//! The schema version is SQLite's `user_version`. [`SqliteStore::open`] applies the
//! migrations the database lacks, each in one transaction with its version number, so an
//! interrupted upgrade leaves a consistent database of an older version. Version 1 had
//! the tables without the external id column and the wakeup indexes; version 2 adds them
//! (filling `external_id` from the events already stored). A database of a newer version
//! than [`SCHEMA_VERSION`] is refused with [`SqliteError::SchemaTooNew`], untouched.
//!
//! # Durability and concurrency
//!
//! The database is in WAL mode (readers do not block the writer) with
//! `synchronous = FULL`: a transaction is on disk when [`Store::commit`] returns, before
//! the runner delivers what it committed, which is what the crash table of
//! [`relance::Store`] assumes even across a power cut (with `NORMAL`, WAL survives an
//! application crash but a power cut may roll back the last commits, after their notices
//! went out). Each [`Store::commit`] and [`Store::complete`] is one transaction. A second
//! process waits up to five seconds for the write lock (`busy_timeout`), then the call
//! fails as unavailable and the run stops; running again is safe.
//!
//! # Errors
//!
//! Through the [`Store`] trait, SQLite's busy, locked, I/O, full and similar errors are
//! [`StoreError::new`] (unavailable: the run stops), while a constraint or data error, an
//! unknown invoice or an event its account refuses are [`StoreError::rejected`] (that one
//! commit is refused, whole, and the run goes on).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod schema;

pub use schema::SCHEMA_VERSION;

use chrono::{Datelike, NaiveDate};
use relance::{
    Account, Action, Commit, Customer, CustomerAccounts, CustomerId, Event, IdempotencyKey,
    Invoice, InvoiceId, Policy, Status, Store, StoreError, Wakeup,
};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Transaction, params};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// What can go wrong opening or using a [`SqliteStore`] directly (through the
/// [`Store`] trait these become [`StoreError`]s, see the crate docs).
///
/// # Example
/// ```
/// use relance_sqlite::{SqliteError, SqliteStore};
/// let mut store = SqliteStore::open_in_memory().unwrap();
/// let stranger = relance::Invoice::single("INV-1", "F-1", "C-9", relance::Currency::EUR,
///     "2025-01-01".parse().unwrap(), "10.00".parse().unwrap(), "2025-01-31".parse().unwrap());
/// let err = store.add_invoice(stranger).unwrap_err();
/// assert!(matches!(err, SqliteError::Relance(relance::Error::UnknownCustomer { .. })));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SqliteError {
    /// SQLite said no.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer version of this crate.
    #[error("database schema version {found} is newer than the {supported} this version supports")]
    SchemaTooNew {
        /// The database's `user_version`.
        found: i64,
        /// [`SCHEMA_VERSION`].
        supported: u32,
    },
    /// relance refused the data: an unknown customer or invoice, an invoice given twice, an
    /// event its account will not apply.
    #[error(transparent)]
    Relance(#[from] relance::Error),
    /// A stored row that cannot be read back (JSON or history that does not hold up).
    #[error("stored {what} cannot be read: {problem}")]
    Corrupt {
        /// Which row.
        what: String,
        /// Why.
        problem: String,
    },
}

impl SqliteError {
    fn corrupt(what: impl std::fmt::Display, problem: impl std::fmt::Display) -> SqliteError {
        SqliteError::Corrupt {
            what: what.to_string(),
            problem: problem.to_string(),
        }
    }

    /// The [`StoreError`] a run sees: unavailable for what running again may cure (busy,
    /// locked, I/O, disk full), rejected for what concerns the data.
    ///
    /// # Example
    /// ```
    /// use relance::StoreErrorKind;
    /// use relance_sqlite::SqliteError;
    /// let e = SqliteError::Relance(relance::Error::UnknownInvoice { invoice: "I".into() });
    /// assert_eq!(e.to_store_error().kind, StoreErrorKind::Rejected);
    /// ```
    pub fn to_store_error(&self) -> StoreError {
        let data = match self {
            SqliteError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                ErrorCode::ConstraintViolation | ErrorCode::TypeMismatch | ErrorCode::TooBig
            ),
            SqliteError::Sqlite(
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::ToSqlConversionFailure(..),
            ) => true,
            SqliteError::Sqlite(_) | SqliteError::SchemaTooNew { .. } => false,
            SqliteError::Relance(_) | SqliteError::Corrupt { .. } => true,
        };
        if data {
            StoreError::rejected(self.to_string())
        } else {
            StoreError::new(self.to_string())
        }
    }
}

impl From<SqliteError> for StoreError {
    fn from(e: SqliteError) -> StoreError {
        e.to_store_error()
    }
}

/// A [`Store`] in a SQLite database (schema and guarantees in the crate docs). It mirrors
/// [`relance::memory::MemoryStore`]: a commit applies its events to the accounts with
/// [`Account::apply`] and is refused whole if one is refused; an event whose external id
/// its account already holds is skipped; outbox entries are added unless their key is
/// pending or executed; an account with no wakeup handed over counts as due.
///
/// # Example
/// ```
/// use relance_sqlite::{SqliteStore, SCHEMA_VERSION};
/// let dir = tempfile::tempdir().unwrap();
/// let store = SqliteStore::open(dir.path().join("dunning.db")).unwrap();
/// assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
/// ```
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn date(n: i64) -> Result<NaiveDate, SqliteError> {
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| SqliteError::corrupt("date", format!("day number {n} out of range")))
}

fn to_json<T: serde::Serialize>(what: &str, value: &T) -> Result<String, SqliteError> {
    serde_json::to_string(value).map_err(|e| SqliteError::corrupt(what, e))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, SqliteError> {
    serde_json::from_str(text).map_err(|e| SqliteError::corrupt(what, e))
}

fn closed_on(account: &Account) -> Option<i64> {
    match account.status() {
        Status::Settled { on } | Status::WrittenOff { on, .. } => Some(day(*on)),
        _ => None,
    }
}

/// An account read back: its invoice replayed with its events.
fn load_account(conn: &Connection, invoice: &str) -> Result<Option<Account>, SqliteError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM accounts WHERE invoice = ?1")?
        .query_row([invoice], |r| r.get(0))
        .optional()?;
    let Some(body) = body else {
        return Ok(None);
    };
    let what = format!("account {invoice}");
    let inv: Invoice = from_json(&what, &body)?;
    let mut stmt =
        conn.prepare_cached("SELECT body FROM events WHERE invoice = ?1 ORDER BY seq")?;
    let mut events = Vec::new();
    for row in stmt.query_map([invoice], |r| r.get::<_, String>(0))? {
        events.push(from_json::<Event>(&what, &row?)?);
    }
    Account::replay(inv, &events)
        .map(Some)
        .map_err(|e| SqliteError::corrupt(what, e))
}

/// Applies events to their accounts within `tx`, as
/// [`MemoryStore`](relance::memory::MemoryStore) does: in order, skipping a fact whose
/// external id its account holds, refusing all on the first refusal.
fn apply_all(tx: &Transaction<'_>, events: &[Event]) -> Result<(), SqliteError> {
    let mut changed: BTreeMap<InvoiceId, Account> = BTreeMap::new();
    let mut applied: Vec<&Event> = Vec::with_capacity(events.len());
    for e in events {
        if !changed.contains_key(&e.invoice) {
            let acc = load_account(tx, e.invoice.as_str())?.ok_or_else(|| {
                relance::Error::UnknownInvoice {
                    invoice: e.invoice.clone(),
                }
            })?;
            changed.insert(e.invoice.clone(), acc);
        }
        let Some(acc) = changed.get_mut(&e.invoice) else {
            continue;
        };
        let seen = e.external_id.as_ref().is_some_and(|id| {
            acc.history()
                .iter()
                .any(|h| h.external_id.as_ref() == Some(id))
        });
        if seen {
            continue;
        }
        acc.apply(e).map_err(relance::Error::from)?;
        applied.push(e);
    }
    let mut insert =
        tx.prepare_cached("INSERT INTO events (invoice, external_id, body) VALUES (?1, ?2, ?3)")?;
    for e in applied {
        insert.execute(params![
            e.invoice.as_str(),
            e.external_id,
            to_json("event", e)?
        ])?;
    }
    let mut update =
        tx.prepare_cached("UPDATE accounts SET clock = ?2, closed_on = ?3 WHERE invoice = ?1")?;
    for (id, acc) in &changed {
        update.execute(params![id.as_str(), day(acc.clock()), closed_on(acc)])?;
    }
    Ok(())
}

fn put_customer(tx: &Transaction<'_>, customer: &Customer) -> Result<(), SqliteError> {
    tx.prepare_cached(
        "INSERT INTO customers (id, body) VALUES (?1, ?2)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body",
    )?
    .execute(params![
        customer.id.as_str(),
        to_json("customer", customer)?
    ])?;
    // A changed customer (mode, ladder) may change what is due: look at its accounts
    // again on the next run.
    tx.prepare_cached("UPDATE accounts SET indexed = 0, wakeup = NULL WHERE customer = ?1")?
        .execute([customer.id.as_str()])?;
    Ok(())
}

fn put_invoice(tx: &Transaction<'_>, invoice: Invoice) -> Result<(), SqliteError> {
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)")?
        .query_row([invoice.customer.as_str()], |r| r.get(0))?;
    if !known {
        return Err(relance::Error::UnknownCustomer {
            customer: invoice.customer.clone(),
            invoice: invoice.id.clone(),
        }
        .into());
    }
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE invoice = ?1)")?
        .query_row([invoice.id.as_str()], |r| r.get(0))?;
    if exists {
        return Err(relance::Error::DuplicateInvoice {
            invoice: invoice.id.clone(),
        }
        .into());
    }
    let account = Account::open(invoice).map_err(relance::Error::from)?;
    let inv = account.invoice();
    tx.prepare_cached(
        "INSERT INTO accounts (invoice, customer, body, clock, closed_on, wakeup, indexed)
         VALUES (?1, ?2, ?3, ?4, NULL, NULL, 0)",
    )?
    .execute(params![
        inv.id.as_str(),
        inv.customer.as_str(),
        to_json("invoice", inv)?,
        day(account.clock())
    ])?;
    Ok(())
}

fn index(tx: &Transaction<'_>, wakeups: &[Wakeup]) -> Result<(), SqliteError> {
    let mut stmt =
        tx.prepare_cached("UPDATE accounts SET wakeup = ?2, indexed = 1 WHERE invoice = ?1")?;
    for w in wakeups {
        stmt.execute(params![w.invoice.as_str(), w.on.map(day)])?;
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating it if needed) the database at `path`, in WAL mode with
    /// `synchronous = FULL`, and migrates it to [`SCHEMA_VERSION`].
    ///
    /// # Errors
    /// [`SqliteError::SchemaTooNew`] for a database of a newer version; a SQLite error
    /// (not a database, cannot open, read-only...).
    ///
    /// # Example
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("dunning.db");
    /// drop(relance_sqlite::SqliteStore::open(&path).unwrap());
    /// assert!(relance_sqlite::SqliteStore::open(&path).is_ok()); // reopened, nothing to migrate
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, SqliteError> {
        SqliteStore::setup(Connection::open(path)?)
    }

    /// A private database in memory (gone when the store is dropped), for tests.
    ///
    /// # Errors
    /// A SQLite error.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert!(store.all_accounts().unwrap().is_empty());
    /// ```
    pub fn open_in_memory() -> Result<SqliteStore, SqliteError> {
        SqliteStore::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<SqliteStore, SqliteError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }

    /// The database's schema version (its `user_version`): [`SCHEMA_VERSION`] once open.
    ///
    /// # Errors
    /// A SQLite error.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert_eq!(store.schema_version().unwrap(), 2);
    /// ```
    pub fn schema_version(&self) -> Result<u32, SqliteError> {
        schema::version(&self.conn)
    }

    /// Adds or replaces a customer. Its accounts lose their wakeup and are looked at on
    /// the next run (a changed mode or ladder may change what is due).
    ///
    /// # Errors
    /// A SQLite error.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let mut store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// store.add_customer(&c).unwrap();
    /// c.name = "Acme SAS".into();
    /// store.add_customer(&c).unwrap(); // same id: replaces
    /// let names: Vec<String> = store.customers().unwrap().into_iter().map(|c| c.name).collect();
    /// assert_eq!(names, ["Acme SAS"]);
    /// ```
    pub fn add_customer(&mut self, customer: &Customer) -> Result<(), SqliteError> {
        self.add_customers(std::slice::from_ref(customer))
    }

    /// [`SqliteStore::add_customer`] for many, in one transaction: an import.
    ///
    /// # Errors
    /// A SQLite error; then none is stored.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let mut store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// let c = |id: &str| Customer::new(id, id, CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// store.add_customers(&[c("C-2"), c("C-1")]).unwrap();
    /// let ids: Vec<String> = store.customers().unwrap().iter().map(|c| c.id.to_string()).collect();
    /// assert_eq!(ids, ["C-1", "C-2"]);
    /// ```
    pub fn add_customers(&mut self, customers: &[Customer]) -> Result<(), SqliteError> {
        let tx = self.conn.transaction()?;
        for customer in customers {
            put_customer(&tx, customer)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Opens an account for a new invoice; it is due on the next run.
    ///
    /// # Errors
    /// [`SqliteError::Relance`] with the error [`MemoryStore::add_invoice`] gives: an invalid
    /// invoice, [`relance::Error::DuplicateInvoice`] or
    /// [`relance::Error::UnknownCustomer`]; a SQLite error.
    ///
    /// [`MemoryStore::add_invoice`]: relance::memory::MemoryStore::add_invoice
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance_sqlite::{SqliteError, SqliteStore};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut store = SqliteStore::open_in_memory().unwrap();
    /// store.add_customer(&Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS)).unwrap();
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     "100.00".parse().unwrap(), d("2025-01-31"));
    /// store.add_invoice(inv.clone()).unwrap();
    /// let again = store.add_invoice(inv);
    /// assert!(matches!(again, Err(SqliteError::Relance(Error::DuplicateInvoice { .. }))));
    /// assert_eq!(store.next_wakeup().unwrap(), Some(d("2025-01-01"))); // new: due at once
    /// ```
    pub fn add_invoice(&mut self, invoice: Invoice) -> Result<(), SqliteError> {
        self.add_invoices(vec![invoice])
    }

    /// [`SqliteStore::add_invoice`] for many, in one transaction: all are added or none.
    ///
    /// # Errors
    /// The first refused invoice (as [`SqliteStore::add_invoice`]); then none is stored.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance_sqlite::{SqliteError, SqliteStore};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut store = SqliteStore::open_in_memory().unwrap();
    /// store.add_customer(&Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS)).unwrap();
    /// let inv = |id: &str, customer: &str| Invoice::single(id, id, customer, Currency::EUR,
    ///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"));
    /// let err = store.add_invoices(vec![inv("INV-1", "C-1"), inv("INV-2", "C-9")]).unwrap_err();
    /// assert!(matches!(err, SqliteError::Relance(Error::UnknownCustomer { .. })));
    /// assert!(store.all_accounts().unwrap().is_empty()); // INV-1 was not kept either
    /// store.add_invoices(vec![inv("INV-1", "C-1"), inv("INV-2", "C-1")]).unwrap();
    /// assert_eq!(store.all_accounts().unwrap().len(), 2);
    /// ```
    pub fn add_invoices(&mut self, invoices: Vec<Invoice>) -> Result<(), SqliteError> {
        let tx = self.conn.transaction()?;
        for invoice in invoices {
            put_invoice(&tx, invoice)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// An account by invoice id, `None` when unknown.
    ///
    /// # Errors
    /// A SQLite error or a stored row that cannot be read.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert!(store.account(&"INV-9".into()).unwrap().is_none());
    /// ```
    pub fn account(&self, invoice: &InvoiceId) -> Result<Option<Account>, SqliteError> {
        load_account(&self.conn, invoice.as_str())
    }

    /// Every account, by invoice id.
    ///
    /// # Errors
    /// A SQLite error or a stored row that cannot be read.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert_eq!(store.all_accounts().unwrap().len(), 0);
    /// ```
    pub fn all_accounts(&self) -> Result<Vec<Account>, SqliteError> {
        let mut stmt = self
            .conn
            .prepare("SELECT invoice FROM accounts ORDER BY invoice")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = load_account(&self.conn, &id)? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Every customer, by id.
    ///
    /// # Errors
    /// A SQLite error or a stored row that cannot be read.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert!(store.customers().unwrap().is_empty());
    /// ```
    pub fn customers(&self) -> Result<Vec<Customer>, SqliteError> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM customers ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|b| from_json("customer", b)).collect()
    }

    /// The outbox entries not completed yet, in commit order.
    ///
    /// # Errors
    /// A SQLite error or a stored row that cannot be read.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert!(store.outbox().unwrap().is_empty());
    /// ```
    pub fn outbox(&self) -> Result<Vec<Action>, SqliteError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body FROM outbox ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|b| from_json("outbox entry", b)).collect()
    }

    /// Every event recorded, in order.
    ///
    /// # Errors
    /// A SQLite error or a stored row that cannot be read.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert!(store.log().unwrap().is_empty());
    /// ```
    pub fn log(&self) -> Result<Vec<Event>, SqliteError> {
        let mut stmt = self.conn.prepare("SELECT body FROM events ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|b| from_json("event", b)).collect()
    }

    /// The earliest day a run has something to look at: the earliest stored wakeup, or
    /// the clock of an account with none yet (new, or its customer changed). `None`: only
    /// a new fact or invoice can give work.
    ///
    /// # Errors
    /// A SQLite error or a stored date out of range.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// assert_eq!(store.next_wakeup().unwrap(), None); // no invoice yet
    /// ```
    pub fn next_wakeup(&self) -> Result<Option<NaiveDate>, SqliteError> {
        let n: Option<i64> = self.conn.query_row(
            "SELECT min(d) FROM (
                 SELECT min(wakeup) AS d FROM accounts WHERE indexed = 1 AND wakeup IS NOT NULL
                 UNION ALL
                 SELECT min(clock) AS d FROM accounts WHERE indexed = 0)",
            [],
            |r| r.get(0),
        )?;
        n.map(date).transpose()
    }

    /// The connection, for a host's own queries and tables (reports, its own state). Do
    /// not write to this crate's tables behind its back.
    ///
    /// # Example
    /// ```
    /// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
    /// let n: i64 = store.connection()
    ///     .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0)).unwrap();
    /// assert_eq!(n, 0);
    /// ```
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn due_customers(&self, as_of: NaiveDate) -> Result<Vec<String>, SqliteError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT customer FROM accounts WHERE indexed = 1 AND wakeup IS NOT NULL AND wakeup <= ?1
             UNION
             SELECT customer FROM accounts WHERE indexed = 0
             ORDER BY 1",
        )?;
        let rows = stmt
            .query_map([day(as_of)], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn load_customer_accounts(
        &self,
        customer: &str,
        as_of: NaiveDate,
    ) -> Result<Option<CustomerAccounts>, SqliteError> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM customers WHERE id = ?1")?
            .query_row([customer], |r| r.get(0))
            .optional()?;
        let Some(body) = body else {
            return Ok(None);
        };
        let customer: Customer = from_json("customer", &body)?;
        // Closed lately: its notices still count for contact pressure.
        let since = day(as_of) - i64::from(Policy::MAX_CONTACT_PRESSURE_DAYS);
        let ids = self
            .conn
            .prepare_cached(
                "SELECT invoice FROM accounts WHERE customer = ?1
                 AND (closed_on IS NULL OR closed_on >= ?2) ORDER BY invoice",
            )?
            .query_map(params![customer.id.as_str(), since], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut accounts = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = load_account(&self.conn, &id)? {
                accounts.push(a);
            }
        }
        Ok(Some(CustomerAccounts { customer, accounts }))
    }

    fn write(&mut self, commit: &Commit, key: Option<&IdempotencyKey>) -> Result<(), SqliteError> {
        let tx = self.conn.transaction()?;
        apply_all(&tx, &commit.events)?;
        index(&tx, &commit.wakeups)?;
        {
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO outbox (key, body)
                 SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM executed WHERE key = ?1)",
            )?;
            for a in &commit.outbox {
                add.execute(params![a.key().as_str(), to_json("outbox entry", a)?])?;
            }
        }
        if let Some(key) = key {
            tx.execute(
                "INSERT OR IGNORE INTO executed (key) VALUES (?1)",
                [key.as_str()],
            )?;
            tx.execute("DELETE FROM outbox WHERE key = ?1", [key.as_str()])?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store for SqliteStore {
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        let ids = self.due_customers(as_of)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.load_customer_accounts(&id, as_of)? {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError> {
        Ok(self.write(commit, None)?)
    }

    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        Ok(self.outbox()?)
    }

    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError> {
        Ok(self.write(outcome, Some(key))?)
    }

    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        let found: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM executed WHERE key = ?1)")
            .and_then(|mut s| s.query_row([key.as_str()], |r| r.get(0)))
            .map_err(SqliteError::from)?;
        Ok(found)
    }

    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        let mut out = Vec::with_capacity(invoices.len());
        for id in invoices {
            if let Some(a) = load_account(&self.conn, id.as_str())? {
                out.push(a);
            }
        }
        Ok(out)
    }

    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM customers WHERE id = ?1")
            .and_then(|mut s| s.query_row([id.as_str()], |r| r.get(0)).optional())
            .map_err(SqliteError::from)?;
        Ok(body
            .map(|b| from_json::<Customer>("customer", &b))
            .transpose()?)
    }
}
