//! The schema's migrations, applied in order by [`migrate`] according to SQLite's
//! `user_version` (the number of migrations applied).

use crate::SqliteError;
use rusqlite::Connection;

/// Version 1: customers, accounts, events, outbox and executed keys. `load_due` had to
/// scan the accounts and facts carried their external id only inside the event's JSON.
const V1: &str = "
CREATE TABLE customers (
    id   TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE TABLE accounts (
    invoice   TEXT PRIMARY KEY NOT NULL,
    customer  TEXT NOT NULL REFERENCES customers(id),
    body      TEXT NOT NULL,
    clock     INTEGER NOT NULL,
    closed_on INTEGER,
    wakeup    INTEGER,
    indexed   INTEGER NOT NULL DEFAULT 0 CHECK (indexed IN (0, 1))
) STRICT;
CREATE INDEX accounts_customer ON accounts(customer, invoice);
CREATE TABLE events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice TEXT NOT NULL REFERENCES accounts(invoice),
    body    TEXT NOT NULL
) STRICT;
CREATE INDEX events_invoice ON events(invoice, seq);
CREATE TABLE outbox (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
) STRICT;
CREATE TABLE executed (
    key TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
";

/// Version 2: the facts' external ids as a column with a unique index per invoice (taken
/// from the events already stored), and the wakeup indexes that make `load_due` read only
/// what is due.
const V2: &str = "
ALTER TABLE events ADD COLUMN external_id TEXT;
UPDATE events SET external_id = json_extract(body, '$.external_id');
CREATE UNIQUE INDEX events_external_id ON events(invoice, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX accounts_due ON accounts(wakeup)
    WHERE indexed = 1 AND wakeup IS NOT NULL;
CREATE INDEX accounts_unindexed ON accounts(customer)
    WHERE indexed = 0;
";

/// The migrations, oldest first: migration `n` (1-based) brings a database from
/// `user_version` `n - 1` to `n`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this crate writes: the number of migrations.
///
/// # Example
/// ```
/// let store = relance_sqlite::SqliteStore::open_in_memory().unwrap();
/// assert_eq!(store.schema_version().unwrap(), relance_sqlite::SCHEMA_VERSION);
/// ```
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database's `user_version`.
pub(crate) fn version(conn: &Connection) -> Result<u32, SqliteError> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    u32::try_from(v).map_err(|_| SqliteError::SchemaTooNew {
        found: v,
        supported: SCHEMA_VERSION,
    })
}

/// Brings the database to [`SCHEMA_VERSION`], each migration in its own transaction
/// together with its `user_version`.
///
/// # Errors
/// [`SqliteError::SchemaTooNew`] for a database written by a newer version of this crate
/// (nothing is changed); a SQLite error.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), SqliteError> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(SqliteError::SchemaTooNew {
            found: i64::from(found),
            supported: SCHEMA_VERSION,
        });
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", n + 1)?;
        tx.commit()?;
    }
    Ok(())
}
