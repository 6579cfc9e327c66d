//! A dunning run at a UTC instant, in each customer's local time.
//!
//! [`run_at`] takes the instant the host runs at (`DateTime<Utc>`), not a date:
//! 1. loads the customers with something due by the latest local date anywhere (time
//!    zones run to UTC+14, so the UTC date plus one);
//! 2. plans each customer on **its own local date**, from its `time_zone`, under the
//!    [`Policy`] (a customer in Auckland is planned for tomorrow while Paris is still today);
//! 3. commits the events and actions as [`run`](crate::run) does;
//! 4. delivers each pending notice only when the customer's wall clock is inside the
//!    channel's sending window on a business day of the customer's calendar
//!    ([`SendingWindow::decide`](crate::SendingWindow::decide), daylight-saving correct);
//!    otherwise the notice **stays in the outbox** and is reported in
//!    [`LocalRunReport::waiting`] with the instant it may go, for a later run to deliver.
//!
//! Tasks for people (approval requests, credit holds, dispute reviews) are delivered at
//! once. A customer whose time zone is unknown is reported and skipped (its notices wait).
//! The date-based [`run`](crate::run) is unchanged.

use crate::action::{Action, IdempotencyKey, execute};
use crate::customer::Customer;
use crate::host::{Delivery, Store};
use crate::ids::CustomerId;
use crate::ladder::LadderBook;
use crate::plan::{PlanProblem, plan_with};
use crate::policy::Policy;
use crate::runner::{RunError, RunReport, deliver_entry};
use crate::sending_window::SendDecision;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A notice held in the outbox until the customer's sending window opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// The notice's key.
    pub key: IdempotencyKey,
    /// The customer.
    pub customer: CustomerId,
    /// The first instant it may be delivered.
    pub until: DateTime<Utc>,
    /// The customer's wall-clock time then.
    pub local: NaiveDateTime,
}

/// What a run at an instant did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalRunReport {
    /// As for [`run`](crate::run); `problems` also lists customers whose zone is unknown
    /// and notices whose customer could not be found.
    pub run: RunReport,
    /// Notices left in the outbox until their sending window opens.
    pub waiting: Vec<Waiting>,
}

impl LocalRunReport {
    /// The earliest instant a waiting notice may go: when to run again.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::LocalRunReport::default().next_window(), None);
    /// ```
    pub fn next_window(&self) -> Option<DateTime<Utc>> {
        self.waiting.iter().map(|w| w.until).min()
    }
}

/// Runs one dunning run at the instant `now`. See the module docs.
///
/// # Errors
/// [`RunError::Store`] at the first store failure; running again is safe.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::memory::{MemoryStore, RecordingDelivery};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let mut store = MemoryStore::new(book.clone());
/// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr, Zone::EUROPE_PARIS);
/// c.contacts.email = Some("ap@acme.example".into());
/// store.add_customer(c);
/// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let mut delivery = RecordingDelivery::default();
/// let policy = Policy::default();
/// // Friday 7 February 2025, 05:30 in Paris: planned, but too early to send.
/// let early = run_at("2025-02-07T04:30:00Z".parse().unwrap(), &book, &mut store, &mut delivery, &policy).unwrap();
/// assert_eq!(early.run.planned.len(), 1);
/// assert_eq!(early.next_window(), Some("2025-02-07T07:00:00Z".parse().unwrap()));
/// assert!(delivery.sent().is_empty());
/// // At 09:00 it goes.
/// let later = run_at("2025-02-07T08:00:00Z".parse().unwrap(), &book, &mut store, &mut delivery, &policy).unwrap();
/// assert_eq!(later.run.delivered.len(), 1);
/// ```
pub fn run_at(
    now: DateTime<Utc>,
    book: &LadderBook,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    policy: &Policy,
) -> Result<LocalRunReport, RunError> {
    run_at_reviewed(now, book, store, delivery, policy, |actions| actions)
}

/// Like [`run_at`], but the host reviews the planned actions first (see
/// [`run_reviewed`](crate::run_reviewed)).
///
/// # Errors
/// [`RunError::Store`] at the first store failure.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::memory::{MemoryStore, RecordingDelivery};
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let mut store = MemoryStore::new(book.clone());
/// let mut delivery = RecordingDelivery::default();
/// // The host drops everything: nothing is recorded.
/// let r = run_at_reviewed("2025-02-07T09:00:00Z".parse().unwrap(), &book, &mut store,
///     &mut delivery, &Policy::default(), |_| Vec::new()).unwrap();
/// assert!(r.run.planned.is_empty());
/// ```
pub fn run_at_reviewed(
    now: DateTime<Utc>,
    book: &LadderBook,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    policy: &Policy,
    review: impl FnOnce(Vec<Action>) -> Vec<Action>,
) -> Result<LocalRunReport, RunError> {
    let utc_date = now.date_naive();
    let horizon = utc_date.succ_opt().unwrap_or(utc_date);
    let mut portfolio = store.load_due(horizon)?;
    portfolio.sort_by(|a, b| a.customer.id.cmp(&b.customer.id));
    let mut report = LocalRunReport::default();
    let mut actions = Vec::new();
    let mut customers: BTreeMap<CustomerId, Customer> = BTreeMap::new();
    for ca in &portfolio {
        let customer = &ca.customer;
        customers.insert(customer.id.clone(), customer.clone());
        let local = customer.time_zone.local_date(now);
        let as_of = match local {
            Ok(d) => d,
            Err(e) => {
                report.run.problems.push(PlanProblem {
                    customer: customer.id.clone(),
                    invoice: None,
                    message: format!("{e}: not planned"),
                });
                continue;
            }
        };
        let p = plan_with(as_of, book, std::slice::from_ref(ca), policy);
        actions.extend(p.actions);
        report.run.problems.extend(p.problems);
    }
    let actions = review(actions);
    let events = execute(&actions);
    store.commit(&events, &actions)?;
    report.run.planned = actions.iter().map(|a| a.key().clone()).collect();

    for action in store.pending()? {
        let id = action.customer().clone();
        let customer = match customers.get(&id) {
            Some(c) => Some(c.clone()),
            None => {
                let found = store.customer(&id)?;
                if let Some(c) = &found {
                    customers.insert(id.clone(), c.clone());
                }
                found
            }
        };
        let Some(customer) = customer else {
            report.run.problems.push(PlanProblem {
                customer: id,
                invoice: None,
                message: format!(
                    "{}: customer unknown to the store, its local time cannot be decided: left in the outbox",
                    action.key()
                ),
            });
            continue;
        };
        let zone = customer.time_zone;
        let local_date = zone.local_date(now).unwrap_or(utc_date);
        if let Action::Notice(n) = &action {
            let calendar = policy.calendar_for(customer.country);
            let window = policy.sending_windows.for_channel(n.channel);
            match window.decide(now, zone, &calendar) {
                Ok(SendDecision::SendNow { .. }) => {}
                Ok(SendDecision::Defer { until, local }) => {
                    report.waiting.push(Waiting {
                        key: n.key.clone(),
                        customer: id,
                        until,
                        local,
                    });
                    continue;
                }
                Err(e) => {
                    report.run.problems.push(PlanProblem {
                        customer: id,
                        invoice: None,
                        message: format!("{}: {e}: left in the outbox", n.key),
                    });
                    continue;
                }
            }
        }
        deliver_entry(&action, local_date, store, delivery, &mut report.run)?;
    }
    Ok(report)
}
