//! `store_conformance`: the checks any [`Store`] must pass.

use crate::account::Account;
use crate::action::Action;
use crate::customer::{Customer, CustomerKind};
use crate::dunning::Dunning;
use crate::event::{Event, EventKind, Fact};
use crate::host::{Commit, Store, StoreError, StoreErrorKind, Wakeup};
use crate::ids::{CustomerId, InvoiceId};
use crate::invoice::Invoice;
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, Ladder, LadderBook, Stage, Step};
use crate::local_time::Zone;
use crate::memory::{MemoryStore, RecordingDelivery};
use crate::money::Currency;
use crate::plan::CustomerAccounts;
use crate::policy::Policy;
use crate::runner::RunOptions;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A check of [`store_conformance`] that failed, with what was seen.
///
/// # Example
/// ```
/// let f = relance::testing::ConformanceFailure { check: "outbox order", detail: "B before A".into() };
/// assert_eq!(f.to_string(), "store conformance: outbox order: B before A");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store conformance: {check}: {detail}")]
pub struct ConformanceFailure {
    /// The name of the check (see [`CONFORMANCE_CHECKS`]).
    pub check: &'static str,
    /// What was expected and what the store did.
    pub detail: String,
}

/// The checks [`store_conformance`] runs, in order. Each names the part of the
/// [`Store`] contract it proves.
pub const CONFORMANCE_CHECKS: [&str; 12] = [
    "new accounts are due",
    "the wakeup index decides what is due",
    "a due customer comes with all its open accounts and those closed lately",
    "events are kept in commit order",
    "commit is atomic",
    "outbox entries are pending in commit order, once per key",
    "complete is atomic and remembers the key",
    "a completed key is never pending again",
    "an event whose external id the account holds is not applied twice",
    "facts recorded twice through Dunning::record count once",
    "accounts and customer lookups",
    "a dunning run gives the same deliveries and histories as the in-memory store",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn money(s: &str) -> Decimal {
    s.parse().unwrap_or(Decimal::ZERO)
}

/// The fixture every check starts from: two French business customers, four invoices.
///
/// # Example
/// ```
/// let (customers, invoices) = relance::testing::conformance_fixture();
/// assert_eq!((customers.len(), invoices.len()), (2, 4));
/// ```
pub fn conformance_fixture() -> (Vec<Customer>, Vec<Invoice>) {
    let customer = |id: &str, name: &str| {
        let mut c = Customer::new(
            id,
            name,
            CustomerKind::Business,
            Country::FR,
            Language::Fr,
            Zone::EUROPE_PARIS,
        );
        c.contacts.email = Some(format!("{}@example.com", id.to_lowercase()));
        c
    };
    let invoice = |id: &str, customer: &str, amount: &str, due: NaiveDate| {
        Invoice::single(
            id,
            id,
            customer,
            Currency::EUR,
            d(2025, 1, 1),
            money(amount),
            due,
        )
    };
    (
        vec![customer("C-1", "Alpha SARL"), customer("C-2", "Beta SAS")],
        vec![
            invoice("INV-1", "C-1", "100.00", d(2025, 1, 31)),
            invoice("INV-2", "C-1", "50.00", d(2025, 2, 28)),
            invoice("INV-3", "C-2", "200.00", d(2025, 1, 31)),
            invoice("INV-4", "C-2", "80.00", d(2025, 3, 31)),
        ],
    )
}

fn book() -> Result<LadderBook, String> {
    LadderBook::new(vec![Ladder::new(
        "conformance",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("second reminder", Stage::Amicable, 21, &[Channel::Email])
                .with_min_days_since_previous(10),
        ],
    )])
    .map_err(|e| e.to_string())
}

type Check = Result<(), String>;

fn fail(check: &'static str) -> impl Fn(String) -> ConformanceFailure {
    move |detail| ConformanceFailure { check, detail }
}

fn err(e: StoreError) -> String {
    format!("store error: {e}")
}

fn due_customers(store: &mut dyn Store, on: NaiveDate) -> Result<Vec<CustomerAccounts>, String> {
    let mut v = store.load_due(on).map_err(err)?;
    v.sort_by(|a, b| a.customer.id.cmp(&b.customer.id));
    Ok(v)
}

fn ids(cas: &[CustomerAccounts]) -> Vec<String> {
    cas.iter().map(|c| c.customer.id.to_string()).collect()
}

fn invoices_of(ca: &CustomerAccounts) -> Vec<String> {
    let mut v: Vec<String> = ca
        .accounts
        .iter()
        .map(|a| a.invoice().id.to_string())
        .collect();
    v.sort();
    v
}

fn account(store: &mut dyn Store, id: &str) -> Result<Account, String> {
    store
        .accounts(&[InvoiceId::from(id)])
        .map_err(err)?
        .into_iter()
        .next()
        .ok_or_else(|| format!("account {id} missing"))
}

fn wakeup(invoice: &str, customer: &str, on: Option<NaiveDate>) -> Wakeup {
    Wakeup {
        invoice: invoice.into(),
        customer: customer.into(),
        on,
    }
}

fn pay(invoice: &str, on: NaiveDate, amount: &str) -> Event {
    Event::new(
        &invoice.into(),
        on,
        EventKind::Payment {
            amount: money(amount),
        },
    )
}

/// Two actions planned on the fixture (C-1's and C-2's first reminders, 7 February 2025).
fn two_actions(store: &mut dyn Store) -> Result<(Action, Action), String> {
    let dunning = Dunning::new(book()?, Policy::default()).map_err(|e| e.to_string())?;
    let (customers, invoices) = conformance_fixture();
    let ids: Vec<InvoiceId> = invoices.iter().map(|i| i.id.clone()).collect();
    let accounts = store.accounts(&ids).map_err(err)?;
    let portfolio: Vec<CustomerAccounts> = customers
        .into_iter()
        .map(|customer| CustomerAccounts {
            accounts: accounts
                .iter()
                .filter(|a| a.invoice().customer == customer.id)
                .cloned()
                .collect(),
            customer,
        })
        .collect();
    let mut actions = dunning.plan(d(2025, 2, 7), &portfolio).actions;
    actions.sort_by(|a, b| a.customer().cmp(b.customer()));
    let mut it = actions.into_iter();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err("the fixture should plan two reminders on 2025-02-07".into()),
    }
}

fn keys(actions: &[Action]) -> Vec<String> {
    actions.iter().map(|a| a.key().to_string()).collect()
}

fn check_new_accounts_due(store: &mut dyn Store) -> Check {
    let due = due_customers(store, d(2025, 1, 1))?;
    if ids(&due) != ["C-1", "C-2"] {
        return Err(format!(
            "an account with no stored wakeup must be due: load_due gave customers {:?}, expected [C-1, C-2]",
            ids(&due)
        ));
    }
    for ca in &due {
        let expected: &[&str] = if ca.customer.id.as_str() == "C-1" {
            &["INV-1", "INV-2"]
        } else {
            &["INV-3", "INV-4"]
        };
        if invoices_of(ca) != expected {
            return Err(format!(
                "{} came with {:?}, expected {expected:?}",
                ca.customer.id,
                invoices_of(ca)
            ));
        }
    }
    Ok(())
}

fn index_all(store: &mut dyn Store) -> Check {
    store
        .commit(&Commit {
            events: vec![],
            outbox: vec![],
            wakeups: vec![
                wakeup("INV-1", "C-1", Some(d(2025, 2, 7))),
                wakeup("INV-2", "C-1", Some(d(2025, 3, 7))),
                wakeup("INV-3", "C-2", None),
                wakeup("INV-4", "C-2", Some(d(2025, 4, 7))),
            ],
        })
        .map_err(err)
}

fn check_wakeup_index(store: &mut dyn Store) -> Check {
    index_all(store)?;
    let before = due_customers(store, d(2025, 2, 6))?;
    if !before.is_empty() {
        return Err(format!(
            "nothing is due on 2025-02-06 (first wakeup 2025-02-07), load_due gave {:?}",
            ids(&before)
        ));
    }
    let on = due_customers(store, d(2025, 2, 7))?;
    if ids(&on) != ["C-1"] {
        return Err(format!(
            "on 2025-02-07 only C-1 is due (INV-1's wakeup; INV-3 has none, INV-4 is in April), load_due gave {:?}",
            ids(&on)
        ));
    }
    let later = due_customers(store, d(2025, 4, 7))?;
    if ids(&later) != ["C-1", "C-2"] {
        return Err(format!(
            "on 2025-04-07 both are due (a wakeup at or before the date), load_due gave {:?}",
            ids(&later)
        ));
    }
    Ok(())
}

fn check_all_open_and_closed_lately(store: &mut dyn Store) -> Check {
    index_all(store)?;
    // INV-3 is paid in full on 2025-02-01: closed. INV-4 becomes due in April.
    store
        .commit(&Commit {
            events: vec![pay("INV-3", d(2025, 2, 1), "200.00")],
            outbox: vec![],
            wakeups: vec![wakeup("INV-3", "C-2", None)],
        })
        .map_err(err)?;
    let due = due_customers(store, d(2025, 2, 7))?;
    let c1 = due.iter().find(|c| c.customer.id.as_str() == "C-1");
    match c1 {
        Some(ca) if invoices_of(ca) == ["INV-1", "INV-2"] => {}
        Some(ca) => {
            return Err(format!(
                "C-1 is due through INV-1 and must come with all its open accounts: got {:?}, expected [INV-1, INV-2] (INV-2's own wakeup is in March)",
                invoices_of(ca)
            ));
        }
        None => return Err("C-1 is due on 2025-02-07 and was not loaded".into()),
    }
    let april = due_customers(store, d(2025, 4, 7))?;
    match april.iter().find(|c| c.customer.id.as_str() == "C-2") {
        Some(ca) if invoices_of(ca) == ["INV-3", "INV-4"] => Ok(()),
        Some(ca) => Err(format!(
            "C-2 must come with INV-4 (due) and INV-3 (settled 65 days before, within Policy::MAX_CONTACT_PRESSURE_DAYS): got {:?}",
            invoices_of(ca)
        )),
        None => Err("C-2 is due on 2025-04-07 (INV-4) and was not loaded".into()),
    }
}

fn check_event_order(store: &mut dyn Store) -> Check {
    let events = vec![
        pay("INV-1", d(2025, 2, 10), "10.00"),
        pay("INV-1", d(2025, 2, 11), "20.00"),
        pay("INV-2", d(2025, 2, 11), "5.00"),
    ];
    store
        .commit(&Commit {
            events: events.clone(),
            outbox: vec![],
            wakeups: vec![],
        })
        .map_err(err)?;
    let acc = account(store, "INV-1")?;
    let got: Vec<&Event> = acc.history().iter().collect();
    if got.len() != 2 || got[0] != &events[0] || got[1] != &events[1] {
        return Err(format!(
            "INV-1's history must be its two payments in commit order, got {got:?}"
        ));
    }
    if acc.outstanding().amount != money("70.00") {
        return Err(format!(
            "INV-1 outstanding after 30.00 paid: {}, expected 70.00",
            acc.outstanding()
        ));
    }
    Ok(())
}

fn check_commit_atomic(store: &mut dyn Store) -> Check {
    index_all(store)?;
    let (a, _) = two_actions(store)?;
    let bad = Commit {
        events: vec![
            pay("INV-1", d(2025, 2, 10), "10.00"),
            pay("INV-404", d(2025, 2, 10), "10.00"),
        ],
        outbox: vec![a.clone()],
        wakeups: vec![wakeup("INV-1", "C-1", Some(d(2025, 1, 1)))],
    };
    match store.commit(&bad) {
        Ok(()) => return Err("a commit with an event on an unknown invoice was accepted".into()),
        Err(e) if e.kind != StoreErrorKind::Rejected => {
            return Err(format!(
                "a commit refused for its data must be StoreError::rejected, got {e:?}"
            ));
        }
        Err(_) => {}
    }
    let refused = Commit {
        events: vec![
            pay("INV-1", d(2025, 2, 10), "10.00"),
            pay("INV-1", d(2025, 2, 11), "-5.00"),
        ],
        outbox: vec![a],
        wakeups: vec![wakeup("INV-1", "C-1", Some(d(2025, 1, 1)))],
    };
    if store.commit(&refused).is_ok() {
        return Err("a commit with an event the account refuses (Account::apply fails: a negative payment) was accepted".into());
    }
    if !account(store, "INV-1")?.history().is_empty() {
        return Err("a refused commit left events on INV-1".into());
    }
    if !store.pending().map_err(err)?.is_empty() {
        return Err("a refused commit left its outbox entry".into());
    }
    if !due_customers(store, d(2025, 1, 15))?.is_empty() {
        return Err("a refused commit stored its wakeups (INV-1 on 2025-01-01)".into());
    }
    Ok(())
}

fn check_outbox_order(store: &mut dyn Store) -> Check {
    let (a, b) = two_actions(store)?;
    let commit = |actions: Vec<Action>| Commit {
        events: vec![],
        outbox: actions,
        wakeups: vec![],
    };
    // B is committed first: order is commit order, not key or customer order.
    store.commit(&commit(vec![b.clone()])).map_err(err)?;
    store.commit(&commit(vec![a.clone()])).map_err(err)?;
    store.commit(&commit(vec![b.clone()])).map_err(err)?;
    let pending = keys(&store.pending().map_err(err)?);
    let expected = keys(&[b, a]);
    if pending != expected {
        return Err(format!(
            "pending must list each key once, oldest first: got {pending:?}, expected {expected:?}"
        ));
    }
    Ok(())
}

fn check_complete(store: &mut dyn Store) -> Check {
    index_all(store)?;
    let (a, b) = two_actions(store)?;
    store
        .commit(&Commit {
            events: vec![],
            outbox: vec![a.clone(), b.clone()],
            wakeups: vec![],
        })
        .map_err(err)?;
    let bad = Commit {
        events: vec![pay("INV-3", d(2025, 2, 7), "-1.00")],
        outbox: vec![],
        wakeups: vec![],
    };
    if store.complete(b.key(), &bad).is_ok() {
        return Err("a completion with an event the account refuses was accepted".into());
    }
    if store.is_executed(b.key()).map_err(err)? {
        return Err("a refused completion remembered the key as executed".into());
    }
    if keys(&store.pending().map_err(err)?) != keys(&[a.clone(), b.clone()]) {
        return Err("a refused completion removed the entry from the outbox".into());
    }
    let outcome = Commit {
        events: vec![pay("INV-1", d(2025, 2, 7), "1.00")],
        outbox: vec![],
        wakeups: vec![wakeup("INV-1", "C-1", Some(d(2025, 3, 1)))],
    };
    store.complete(a.key(), &outcome).map_err(err)?;
    if !store.is_executed(a.key()).map_err(err)? {
        return Err("a completed key is not remembered as executed".into());
    }
    if store.is_executed(b.key()).map_err(err)? {
        return Err("a key never completed is reported executed".into());
    }
    if keys(&store.pending().map_err(err)?) != keys(&[b]) {
        return Err("the completed entry is still pending, or the other one left".into());
    }
    if account(store, "INV-1")?.history().len() != 1 {
        return Err("the outcome's events were not stored".into());
    }
    let due = due_customers(store, d(2025, 2, 20))?;
    if due.iter().any(|c| c.customer.id.as_str() == "C-1") {
        return Err("the outcome's wakeups were not stored (INV-1 moved to 2025-03-01)".into());
    }
    Ok(())
}

fn check_executed_not_pending(store: &mut dyn Store) -> Check {
    let (a, _) = two_actions(store)?;
    let with = |outbox| Commit {
        events: vec![],
        outbox,
        wakeups: vec![],
    };
    store.commit(&with(vec![a.clone()])).map_err(err)?;
    store.complete(a.key(), &Commit::default()).map_err(err)?;
    store.commit(&with(vec![a])).map_err(err)?;
    let pending = store.pending().map_err(err)?;
    if !pending.is_empty() {
        return Err(format!(
            "an executed key committed again must not be pending: got {:?}",
            keys(&pending)
        ));
    }
    Ok(())
}

fn check_external_id(store: &mut dyn Store) -> Check {
    let mut e = pay("INV-1", d(2025, 2, 10), "10.00");
    e.external_id = Some("bank-line-1".into());
    let once = Commit {
        events: vec![e],
        outbox: vec![],
        wakeups: vec![],
    };
    store.commit(&once).map_err(err)?;
    store.commit(&once).map_err(err)?;
    let acc = account(store, "INV-1")?;
    if acc.history().len() != 1 {
        return Err(format!(
            "an event with external id bank-line-1 committed twice must be stored once, INV-1 has {} events",
            acc.history().len()
        ));
    }
    Ok(())
}

fn check_record_twice(store: &mut dyn Store) -> Check {
    let dunning = Dunning::new(book()?, Policy::default()).map_err(|e| e.to_string())?;
    let fact = Fact::new(
        &"INV-3".into(),
        d(2025, 2, 10),
        EventKind::Payment {
            amount: money("50.00"),
        },
    )
    .map_err(|e| e.to_string())?
    .with_external_id("bank-2025-02-10-7");
    let first = dunning
        .record(store, std::slice::from_ref(&fact))
        .map_err(|e| e.to_string())?;
    let second = dunning.record(store, &[fact]).map_err(|e| e.to_string())?;
    if first.recorded() != 1 || second.duplicates() != 1 {
        return Err(format!(
            "first record: {} recorded; second: {} duplicates (expected 1 and 1)",
            first.recorded(),
            second.duplicates()
        ));
    }
    let acc = account(store, "INV-3")?;
    if acc.outstanding().amount != money("150.00") {
        return Err(format!(
            "INV-3 outstanding {} after one payment of 50.00, expected 150.00",
            acc.outstanding()
        ));
    }
    Ok(())
}

fn check_lookups(store: &mut dyn Store) -> Check {
    let got = store
        .accounts(&["INV-2".into(), "INV-404".into(), "INV-1".into()])
        .map_err(err)?;
    let mut ids: Vec<String> = got.iter().map(|a| a.invoice().id.to_string()).collect();
    ids.sort();
    if ids != ["INV-1", "INV-2"] {
        return Err(format!(
            "accounts(INV-2, INV-404, INV-1) must give INV-1 and INV-2, got {ids:?}"
        ));
    }
    let (customers, invoices) = conformance_fixture();
    if let Some(a) = got.iter().find(|a| a.invoice().id.as_str() == "INV-1") {
        if Some(a.invoice()) != invoices.first() {
            return Err("INV-1's invoice does not read back as stored".into());
        }
    }
    match store.customer(&CustomerId::from("C-1")).map_err(err)? {
        Some(c) if Some(&c) == customers.first() => {}
        Some(c) => return Err(format!("C-1 reads back changed: {c:?}")),
        None => return Err("customer C-1 not found".into()),
    }
    if store
        .customer(&CustomerId::from("C-404"))
        .map_err(err)?
        .is_some()
    {
        return Err("an unknown customer must be None".into());
    }
    Ok(())
}

fn check_run_like_memory(store: &mut dyn Store) -> Check {
    let (customers, invoices) = conformance_fixture();
    let mut reference = MemoryStore::new();
    for c in &customers {
        reference.add_customer(c.clone());
    }
    for i in &invoices {
        reference
            .add_invoice(i.clone())
            .map_err(|e| e.to_string())?;
    }
    let dunning = Dunning::new(book()?, Policy::default()).map_err(|e| e.to_string())?;
    let (mut theirs, mut ours) = (RecordingDelivery::default(), RecordingDelivery::default());
    let paid = Fact::new(
        &"INV-1".into(),
        d(2025, 2, 12),
        EventKind::Payment {
            amount: money("100.00"),
        },
    )
    .map_err(|e| e.to_string())?
    .with_external_id("paid-inv-1");
    let mut day = d(2025, 2, 1);
    while day <= d(2025, 5, 31) {
        if day == d(2025, 2, 12) {
            let recorded = dunning
                .record(store, std::slice::from_ref(&paid))
                .map_err(|e| e.to_string())?;
            if recorded.recorded() != 1 {
                return Err(format!(
                    "the payment of INV-1 was not recorded: {recorded:?}"
                ));
            }
            let _ = dunning
                .record(&mut reference, std::slice::from_ref(&paid))
                .map_err(|e| e.to_string())?;
        }
        let a = dunning
            .run(day, store, &mut theirs, RunOptions::new())
            .map_err(|e| format!("run on {day}: {e}"))?;
        let b = dunning
            .run(day, &mut reference, &mut ours, RunOptions::new())
            .map_err(|e| format!("reference run on {day}: {e}"))?;
        let delivered = |r: &crate::runner::RunReport| -> Vec<String> {
            r.delivered.iter().map(|x| x.key.to_string()).collect()
        };
        if delivered(&a) != delivered(&b) {
            return Err(format!(
                "on {day} the store's run delivered {:?}, the in-memory store's {:?}",
                delivered(&a),
                delivered(&b)
            ));
        }
        day = day.succ_opt().unwrap_or(NaiveDate::MAX);
    }
    for inv in &invoices {
        let mine = account(store, inv.id.as_str())?;
        let reference = reference
            .account(&inv.id)
            .ok_or_else(|| format!("{} missing in the reference", inv.id))?;
        if mine.history() != reference.history() {
            return Err(format!(
                "{}'s history differs from the in-memory store's:\n{:?}\nvs\n{:?}",
                inv.id,
                mine.history(),
                reference.history()
            ));
        }
    }
    if theirs.sent().len() < 3 {
        return Err(format!(
            "the run should have sent at least 3 reminders, it sent {}",
            theirs.sent().len()
        ));
    }
    Ok(())
}

/// Runs the [`Store`] contract's checks ([`CONFORMANCE_CHECKS`]) against a host's store,
/// each on a fresh store that `make_store` builds holding the given customers and
/// invoices (and nothing else). Returns the names of the checks passed, or the first
/// failure with what the store did.
///
/// What it proves, by promise of the contract documented on [`Store`]:
/// - wakeup indexing and `load_due`: new accounts are due; a stored wakeup decides;
///   a due customer comes with all its open accounts and those closed lately;
/// - promise 1: a commit refused for any event stores none of its events, outbox
///   entries or wakeups, and says [`StoreError::rejected`];
/// - promise 2: a refused completion leaves the entry pending and the key unexecuted; an
///   accepted one stores the outcome, removes the entry and remembers the key;
/// - promise 3: a completed key committed again is not pending again;
/// - outbox order: oldest first, one entry per key;
/// - fact idempotency: an external id already held is not applied again, and
///   [`Dunning::record`] reports the replay as a duplicate;
/// - the store gives a 4-month dunning run the same deliveries and histories as
///   [`MemoryStore`].
///
/// Promise 4 (delivery idempotency) is the delivery's; see [`FaultyDelivery`](super::FaultyDelivery).
///
/// # Errors
/// The first [`ConformanceFailure`].
///
/// # Example
/// ```
/// use relance::memory::MemoryStore;
/// let passed = relance::testing::store_conformance(|customers, invoices| {
///     let mut s = MemoryStore::new();
///     for c in customers { s.add_customer(c.clone()); }
///     for i in invoices { s.add_invoice(i.clone()).expect("valid fixture"); }
///     s
/// }).unwrap();
/// assert_eq!(passed.len(), relance::testing::CONFORMANCE_CHECKS.len());
/// ```
pub fn store_conformance<S, F>(mut make_store: F) -> Result<Vec<&'static str>, ConformanceFailure>
where
    S: Store,
    F: FnMut(&[Customer], &[Invoice]) -> S,
{
    type CheckFn = fn(&mut dyn Store) -> Check;
    let checks: [CheckFn; 12] = [
        check_new_accounts_due,
        check_wakeup_index,
        check_all_open_and_closed_lately,
        check_event_order,
        check_commit_atomic,
        check_outbox_order,
        check_complete,
        check_executed_not_pending,
        check_external_id,
        check_record_twice,
        check_lookups,
        check_run_like_memory,
    ];
    let (customers, invoices) = conformance_fixture();
    let mut passed = Vec::with_capacity(checks.len());
    for (name, check) in CONFORMANCE_CHECKS.iter().zip(checks) {
        let mut store = make_store(&customers, &invoices);
        check(&mut store).map_err(fail(name))?;
        passed.push(*name);
    }
    Ok(passed)
}
