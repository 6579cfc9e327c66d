//! A host's day loop over any store: the scenario's customers and invoices loaded, each
//! day's facts recorded through `Dunning::record`, then `Dunning::run`, approvals granted
//! the same day (as `relance::scenario::Simulation` does with the in-memory store).

#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use relance::memory::{MemoryStore, RecordingDelivery};
use relance::penalties::RateTables;
use relance::scenario::{Scenario, StepRef};
use relance::*;
use relance_sqlite::SqliteStore;
use std::collections::BTreeMap;

pub const PORTFOLIO: &str = include_str!("../../../examples/data/portfolio.json");

pub fn portfolio() -> Scenario {
    serde_json::from_str(PORTFOLIO).expect("the sample portfolio parses")
}

/// The store operations a host needs besides the `Store` trait.
pub trait Host: Store {
    /// Adds customers and invoices (one transaction where the store has them).
    fn import(&mut self, customers: Vec<Customer>, invoices: Vec<Invoice>);
    fn every_account(&self) -> Vec<Account>;
    fn entries(&self) -> Vec<Action>;
    /// The accounts that ever asked for an approval (a superset of those waiting for one).
    fn asked_approval(&self) -> Vec<Account>;
}

impl Host for MemoryStore {
    fn import(&mut self, customers: Vec<Customer>, invoices: Vec<Invoice>) {
        for c in customers {
            self.add_customer(c);
        }
        for i in invoices {
            self.add_invoice(i).expect("a valid invoice");
        }
    }
    fn every_account(&self) -> Vec<Account> {
        self.accounts_iter().cloned().collect()
    }
    fn entries(&self) -> Vec<Action> {
        self.outbox().to_vec()
    }
    fn asked_approval(&self) -> Vec<Account> {
        self.accounts_iter()
            .filter(|a| {
                a.history()
                    .iter()
                    .any(|e| e.kind.name() == "approval_requested")
            })
            .cloned()
            .collect()
    }
}

impl Host for SqliteStore {
    fn import(&mut self, customers: Vec<Customer>, invoices: Vec<Invoice>) {
        self.add_customers(&customers).expect("customers stored");
        self.add_invoices(invoices).expect("valid invoices");
    }
    fn every_account(&self) -> Vec<Account> {
        self.all_accounts().expect("accounts readable")
    }
    fn entries(&self) -> Vec<Action> {
        self.outbox().expect("outbox readable")
    }
    fn asked_approval(&self) -> Vec<Account> {
        let ids: Vec<String> = self
            .connection()
            .prepare_cached(
                "SELECT DISTINCT invoice FROM events
                 WHERE json_extract(body, '$.type') = 'approval_requested' ORDER BY invoice",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        ids.iter()
            .filter_map(|i| self.account(&i.as_str().into()).unwrap())
            .collect()
    }
}

/// The scenario's engine, as `Simulation` builds it.
pub fn dunning(s: &Scenario) -> Dunning {
    let fallback = s.ladders.first().map(|l| l.id.clone());
    let book = LadderBook::with_defaults(s.ladders.clone(), s.defaults.clone(), fallback)
        .expect("valid ladders");
    let mut policy = s.policy.clone().unwrap_or_default();
    if s.late_penalties && policy.rates.is_none() {
        policy.rates = Some(RateTables::builtin());
    }
    if !s.late_penalties {
        policy.rates = None;
    }
    Dunning::new(book, policy).expect("valid policy")
}

/// Loads customers, invoices and prior steps.
pub fn load(s: &Scenario, dunning: &Dunning, store: &mut impl Host) {
    store.import(
        s.customers.iter().map(|c| c.to_customer()).collect(),
        s.invoices
            .iter()
            .map(|i| i.to_invoice().expect("valid invoice"))
            .collect(),
    );
    for i in &s.invoices {
        let customer = store.customer(&i.customer).unwrap().unwrap();
        let ladder = dunning.book().ladder_for(&customer).unwrap();
        for p in &i.prior_steps {
            let position = match &p.step {
                StepRef::Position(n) => *n,
                StepRef::Name(name) => ladder.steps.iter().position(|s| &s.name == name).unwrap(),
            };
            dunning
                .import_step(store, &i.id, position, p.date, p.channel)
                .unwrap();
        }
    }
}

/// The scenario's facts by day, each with an external id (`ev-<index>`), so recording
/// them again changes nothing.
pub fn facts(s: &Scenario) -> BTreeMap<NaiveDate, Vec<Fact>> {
    let mut out: BTreeMap<NaiveDate, Vec<Fact>> = BTreeMap::new();
    for (n, e) in s.events.iter().enumerate() {
        let event = Event::new(&e.invoice, e.date, e.kind.to_event_kind());
        if let Ok(f) = Fact::try_from(event) {
            out.entry(e.date)
                .or_default()
                .push(f.with_external_id(format!("ev-{n}")));
        }
    }
    out
}

/// Plays one day: the approvals asked for on an earlier day are granted (a person looks
/// at them each morning), the day's facts are recorded, each alone, then a run. Every
/// step is idempotent (facts and grants carry external ids), so a day interrupted
/// anywhere can be played again.
pub fn play_day<H: Host>(
    day: NaiveDate,
    dunning: &Dunning,
    facts: &BTreeMap<NaiveDate, Vec<Fact>>,
    store: &mut H,
    delivery: &mut dyn Delivery,
) -> Result<RunReport, RunError> {
    let grants: Vec<Fact> = store
        .asked_approval()
        .iter()
        .filter_map(|a| grant(a, day))
        .collect();
    let _report = dunning.record(store, &grants)?;
    for f in facts.get(&day).into_iter().flatten() {
        let _report = dunning.record(store, std::slice::from_ref(f))?;
    }
    dunning.run(day, store, delivery, RunOptions::new())
}

/// The approval of the step an account waits for, when it was asked before `day`.
fn grant(a: &Account, day: NaiveDate) -> Option<Fact> {
    let Status::AwaitingApproval {
        step,
        granted: false,
        ..
    } = a.status()
    else {
        return None;
    };
    let asked = a.history().iter().rev().find_map(|e| match e.kind {
        EventKind::ApprovalRequested { step: s, .. } if s == *step => Some(e.on),
        _ => None,
    })?;
    if asked >= day {
        return None;
    }
    Fact::new(
        &a.invoice().id,
        day,
        EventKind::ApprovalGranted { step: *step },
    )
    .ok()
    .map(|f| f.with_external_id(format!("grant-{}-{step}", a.invoice().id)))
}

pub fn next(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).expect("a date")
}

/// What a whole run leaves: deliveries in order, every account's history, the outbox.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    pub sent: Vec<Action>,
    pub histories: BTreeMap<InvoiceId, Vec<Event>>,
    pub outbox: Vec<Action>,
}

pub fn histories(accounts: &[Account]) -> BTreeMap<InvoiceId, Vec<Event>> {
    accounts
        .iter()
        .map(|a| (a.invoice().id.clone(), a.history().to_vec()))
        .collect()
}

/// Plays the whole scenario on `store` with a recording delivery.
pub fn play(s: &Scenario, store: &mut impl Host) -> Outcome {
    let dunning = dunning(s);
    load(s, &dunning, store);
    let facts = facts(s);
    let mut delivery = RecordingDelivery::default();
    let mut day = s.start;
    while day <= s.end {
        play_day(day, &dunning, &facts, store, &mut delivery).expect("the run goes through");
        day = next(day);
    }
    Outcome {
        sent: delivery.sent().to_vec(),
        histories: histories(&store.every_account()),
        outbox: store.entries(),
    }
}
