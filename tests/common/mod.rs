//! Shared helpers for the scenario and property tests: dates and amounts, a standard
//! ladder, customers with contacts, a builder for a store with invoices, a store wrapper
//! that injects crashes, and a bounded virtual clock that jumps from wakeup to wakeup.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use chrono::NaiveDate;
use relance::memory::{MemoryStore, RecordingDelivery};
use relance::{
    Account, Action, Channel, Commit, Country, Currency, Customer, CustomerAccounts, CustomerId,
    CustomerKind, Dunning, Event, EventKind, Fact, IdempotencyKey, Invoice, InvoiceId, Ladder,
    LadderBook, Language, Notice, Plan, Policy, RunOptions, RunReport, Stage, Step, Store,
    StoreError,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("bad date {s:?}: {e}"))
}

/// A decimal from a string.
pub fn dec(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

/// An event on an invoice.
pub fn ev(invoice: &str, on: &str, kind: EventKind) -> Event {
    Event::new(&InvoiceId::from(invoice), d(on), kind)
}

pub fn payment(amount: &str) -> EventKind {
    EventKind::Payment {
        amount: dec(amount),
    }
}

pub fn credit(amount: &str) -> EventKind {
    EventKind::CreditNote {
        amount: dec(amount),
    }
}

pub fn reversal(amount: &str) -> EventKind {
    EventKind::PaymentReversal {
        amount: dec(amount),
    }
}

pub fn dispute(reason: &str) -> EventKind {
    EventKind::DisputeOpened {
        reason: reason.into(),
        review_on: None,
    }
}

pub fn hold(until: &str, reason: &str) -> EventKind {
    EventKind::HoldPlaced {
        until: d(until),
        reason: reason.into(),
    }
}

pub fn promise(until: &str) -> EventKind {
    EventKind::PromiseToPay { until: d(until) }
}

/// The standard ladder used by most tests (id `std`), for an invoice due on D:
///
/// | # | name | stage | offset | min days since previous | channels | other |
/// |---|---|---|---|---|---|---|
/// | 0 | reminder 1 | amicable | D+7 | | email | |
/// | 1 | reminder 2 | amicable | D+15 | 5 | email | fee 10 |
/// | 2 | formal notice | formal notice | D+30 | 7 | registered letter | deadline 8 days |
/// | 3 | hand-over | judicial | D+60 | 10 | letter | |
pub fn standard_ladder() -> Ladder {
    Ladder::new(
        "std",
        vec![
            Step::new("reminder 1", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("reminder 2", Stage::Amicable, 15, &[Channel::Email])
                .with_min_days_since_previous(5)
                .with_fee(dec("10")),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                30,
                &[Channel::RegisteredLetter],
            )
            .with_min_days_since_previous(7),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter])
                .with_min_days_since_previous(10),
        ],
    )
}

pub fn standard_book() -> LadderBook {
    LadderBook::new(vec![standard_ladder()]).expect("the standard ladder is valid")
}

/// A French business customer reachable by e-mail and post.
pub fn customer(id: &str) -> Customer {
    let mut c = Customer::new(
        id,
        &format!("Customer {id}"),
        CustomerKind::Business,
        Country::FR,
        Language::Fr,
        relance::Zone::EUROPE_PARIS,
    );
    c.contacts.email = Some(format!("ap@{}.example", id.to_lowercase()));
    c.contacts.postal_address = Some(vec![format!("{id}"), "1 rue de la Paix".into()]);
    c
}

/// A single-instalment EUR invoice issued 30 days before it is due.
pub fn invoice(id: &str, customer: &str, amount: &str, due: &str) -> Invoice {
    let due = d(due);
    Invoice::single(
        id,
        &format!("N-{id}"),
        customer,
        Currency::EUR,
        due - chrono::Days::new(30),
        dec(amount),
        due,
    )
}

pub fn account(id: &str, amount: &str, due: &str) -> Account {
    Account::open(invoice(id, "C1", amount, due)).expect("valid invoice")
}

/// What the engine plans on `at` for `portfolio`, with these ladders under the default
/// policy (pure: a throwaway [`Dunning`]).
pub fn plan_on(at: NaiveDate, book: &LadderBook, portfolio: &[CustomerAccounts]) -> Plan {
    Dunning::new(book.clone(), Policy::default())
        .expect("valid policy")
        .plan(at, portfolio)
}

/// `(key, receipt)` of the actions a run delivered.
pub fn delivered(r: &RunReport) -> Vec<(IdempotencyKey, String)> {
    r.delivered
        .iter()
        .map(|d| (d.key.clone(), d.receipt.reference.clone()))
        .collect()
}

/// What a delivery service said.
pub fn reason(e: &relance::DeliveryError) -> String {
    match e {
        relance::DeliveryError::Transient { reason }
        | relance::DeliveryError::Permanent { reason } => reason.clone(),
        other => other.to_string(),
    }
}

/// `(key, reason)` of the actions whose delivery failed for good.
pub fn failed(r: &RunReport) -> Vec<(IdempotencyKey, String)> {
    r.failed
        .iter()
        .map(|f| (f.key.clone(), reason(&f.error)))
        .collect()
}

/// `(key, reason)` of the actions left in the outbox after a transient failure.
pub fn deferred(r: &RunReport) -> Vec<(IdempotencyKey, String)> {
    r.deferred
        .iter()
        .map(|f| (f.key.clone(), reason(&f.error)))
        .collect()
}

/// The keys of the entries cancelled.
pub fn cancelled(r: &RunReport) -> Vec<IdempotencyKey> {
    r.cancelled.iter().map(|c| c.key.clone()).collect()
}

/// The notices among actions.
pub fn notices(actions: &[Action]) -> Vec<&Notice> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Notice(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// `(step, due_on, issued_on)` of the steps an account reached.
pub fn steps_of(a: &Account) -> Vec<(usize, NaiveDate, NaiveDate)> {
    a.reached()
        .iter()
        .map(|r| (r.step, r.due_on, r.issued_on))
        .collect()
}

/// A store, a delivery and the engine (ladders and policy): one host.
pub struct World {
    pub dunning: Dunning,
    pub store: MemoryStore,
    pub delivery: RecordingDelivery,
}

impl World {
    /// The ladders under the default policy.
    pub fn new(book: LadderBook) -> World {
        World::with_policy(book, Policy::default())
    }

    pub fn with_policy(book: LadderBook, policy: Policy) -> World {
        World {
            dunning: Dunning::new(book, policy).expect("valid policy"),
            store: MemoryStore::new(),
            delivery: RecordingDelivery::default(),
        }
    }

    /// The same world under another policy.
    pub fn policy(mut self, policy: Policy) -> World {
        self.dunning = Dunning::new(self.dunning.book().clone(), policy).expect("valid policy");
        self
    }

    /// The standard ladder and customer `C1`.
    pub fn standard() -> World {
        World::new(standard_book()).with_customer(customer("C1"))
    }

    pub fn with_customer(mut self, c: Customer) -> World {
        self.store.add_customer(c);
        self
    }

    pub fn with_invoice(mut self, inv: Invoice) -> World {
        self.store.add_invoice(inv).expect("invoice accepted");
        self
    }

    /// Adds a single-instalment invoice (see [`invoice`]).
    pub fn with(self, id: &str, customer: &str, amount: &str, due: &str) -> World {
        self.with_invoice(invoice(id, customer, amount, due))
    }

    /// Records host facts through the front door; every one must be accepted.
    pub fn record(&mut self, events: &[Event]) {
        let facts: Vec<Fact> = events
            .iter()
            .map(|e| Fact::try_from(e.clone()).expect("a host fact"))
            .collect();
        let report = self
            .dunning
            .record(&mut self.store, &facts)
            .expect("store available");
        assert!(report.rejected().is_empty(), "facts rejected: {report:?}");
    }

    /// Commits engine records (what executing actions records) straight to the store, as
    /// a run does.
    pub fn commit(&mut self, events: Vec<Event>) {
        self.store
            .commit(&Commit {
                events,
                ..Commit::default()
            })
            .expect("events accepted");
    }

    /// Records host facts through the front door and says what became of them.
    pub fn try_record(&mut self, events: &[Event]) -> relance::RecordReport {
        let facts: Vec<Fact> = events
            .iter()
            .map(|e| Fact::try_from(e.clone()).expect("a host fact"))
            .collect();
        self.dunning
            .record(&mut self.store, &facts)
            .expect("store available")
    }

    pub fn run(&mut self, on: NaiveDate) -> RunReport {
        self.dunning
            .run(on, &mut self.store, &mut self.delivery, RunOptions::new())
            .expect("run succeeds")
    }

    pub fn run_reviewed(
        &mut self,
        on: NaiveDate,
        review: impl FnMut(Vec<Action>) -> Vec<Action>,
    ) -> RunReport {
        self.dunning
            .run(
                on,
                &mut self.store,
                &mut self.delivery,
                RunOptions::new().with_review(review),
            )
            .expect("run succeeds")
    }

    pub fn account(&self, id: &str) -> &Account {
        self.store
            .account(&InvoiceId::from(id))
            .unwrap_or_else(|| panic!("no account {id}"))
    }

    /// Everything loaded for a plan on `as_of`, as a pure planner sees it.
    pub fn portfolio(&mut self, as_of: NaiveDate) -> Vec<CustomerAccounts> {
        self.store.load_due(as_of).expect("load")
    }

    /// The plan a run on `as_of` would make (pure; nothing is recorded).
    pub fn plan(&mut self, as_of: NaiveDate) -> Plan {
        let portfolio = self.portfolio(as_of);
        self.dunning.plan(as_of, &portfolio)
    }

    /// Notices actually sent, in order.
    pub fn sent_notices(&self) -> Vec<&Notice> {
        notices(self.delivery.sent())
    }

    /// Plays the host's life from `start` to `end` (inclusive) with a virtual clock: on
    /// each visited day the scheduled host events are recorded, then one run. The clock
    /// then jumps to the earliest of the store's next wakeup, the next scheduled event and
    /// (when something is left in the outbox) tomorrow; never backwards, at least one
    /// day. Bounded: panics after `max_runs` runs so a bug cannot loop forever.
    pub fn simulate(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        events: &[Event],
        max_runs: usize,
    ) -> Vec<(NaiveDate, RunReport)> {
        let mut schedule: BTreeMap<NaiveDate, Vec<Event>> = BTreeMap::new();
        for e in events {
            schedule.entry(e.on).or_default().push(e.clone());
        }
        let mut out = Vec::new();
        let mut today = start;
        for _ in 0..max_runs {
            if today > end {
                return out;
            }
            if let Some(evs) = schedule.remove(&today) {
                self.record(&evs);
            }
            out.push((today, self.run(today)));
            let tomorrow = today.succ_opt().expect("date in range");
            let mut next: Option<NaiveDate> = schedule.keys().next().copied();
            if let Some(w) = self.store.next_wakeup() {
                next = Some(next.map_or(w, |n| n.min(w)));
            }
            if !self.store.outbox().is_empty() {
                next = Some(tomorrow);
            }
            match next {
                None => return out,
                Some(n) => today = n.max(tomorrow),
            }
        }
        panic!("virtual clock: more than {max_runs} runs before {end}, stuck at {today}");
    }
}

/// A [`Store`] around a [`MemoryStore`] that can fail its next `pending`, `complete` or
/// `accounts` calls, to emulate a crash at each point of a run.
pub struct FaultyStore<'a> {
    pub inner: &'a mut MemoryStore,
    pub fail_pending: u32,
    pub fail_complete: u32,
    pub fail_accounts: u32,
}

impl<'a> FaultyStore<'a> {
    pub fn new(inner: &'a mut MemoryStore) -> FaultyStore<'a> {
        FaultyStore {
            inner,
            fail_pending: 0,
            fail_complete: 0,
            fail_accounts: 0,
        }
    }
}

fn take(n: &mut u32, what: &str) -> Result<(), StoreError> {
    if *n > 0 {
        *n -= 1;
        return Err(StoreError::new(format!("injected {what} failure")));
    }
    Ok(())
}

impl Store for FaultyStore<'_> {
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.inner.load_due(as_of)
    }
    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError> {
        self.inner.commit(commit)
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        take(&mut self.fail_pending, "pending")?;
        self.inner.pending()
    }
    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError> {
        take(&mut self.fail_complete, "complete")?;
        self.inner.complete(key, outcome)
    }
    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        self.inner.is_executed(key)
    }
    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        take(&mut self.fail_accounts, "accounts")?;
        self.inner.accounts(invoices)
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.inner.customer(id)
    }
}

/// The step indices of the `StepReached` events of a history, split into segments at
/// each upheld dispute (which restarts the ladder).
pub fn step_segments(history: &[Event]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for e in history {
        match &e.kind {
            EventKind::StepReached { step, .. } => {
                if let Some(last) = out.last_mut() {
                    last.push(*step);
                }
            }
            EventKind::DisputeResolved { upheld: true } => out.push(Vec::new()),
            _ => {}
        }
    }
    out
}
