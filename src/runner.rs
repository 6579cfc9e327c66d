//! One dunning run through the host's store and delivery (documented on `Dunning::run`).

use crate::action::{Action, IdempotencyKey, execute};
use crate::customer::Customer;
use crate::dunning::Dunning;
use crate::host::{Commit, Delivery, DeliveryError, Receipt, RunError, Store, StoreErrorKind};
use crate::ids::CustomerId;
use crate::local_time::RunAt;
use crate::outbox::{self, CancelReason, Decision, WaitReason};
use crate::plan::{CustomerAccounts, PlanProblem, ProblemKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How a run goes: review, and which halves (planning, delivering) it does.
///
/// # Example
/// ```
/// use relance::RunOptions;
/// // Drop every planned action (a dry day) but deliver what is pending.
/// let options = RunOptions::new().with_review(|_actions| Vec::new());
/// # let _ = options;
/// ```
#[derive(Default)]
pub struct RunOptions<'a> {
    review: Option<Review<'a>>,
    skip_planning: bool,
    skip_delivery: bool,
}

/// The host's review of a run's actions.
type Review<'a> = Box<dyn FnMut(Vec<Action>) -> Vec<Action> + 'a>;

impl fmt::Debug for RunOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunOptions")
            .field("review", &self.review.is_some())
            .field("skip_planning", &self.skip_planning)
            .field("skip_delivery", &self.skip_delivery)
            .finish()
    }
}

impl<'a> RunOptions<'a> {
    /// Plan, commit and deliver, with no review.
    ///
    /// # Example
    /// ```
    /// let _ = relance::RunOptions::new();
    /// ```
    pub fn new() -> RunOptions<'a> {
        RunOptions::default()
    }

    /// The host reviews the planned actions first: it may drop or edit them. Only what
    /// `review` returns is recorded and delivered; a dropped step is planned again on a
    /// later run.
    ///
    /// # Example
    /// ```
    /// use relance::{Action, RunOptions};
    /// // Hold back registered letters for a person to sign.
    /// let _ = RunOptions::new().with_review(|actions: Vec<Action>| actions.into_iter()
    ///     .filter(|a| !matches!(a, Action::Notice(n) if n.channel == relance::Channel::RegisteredLetter))
    ///     .collect());
    /// ```
    #[must_use]
    pub fn with_review(mut self, review: impl FnMut(Vec<Action>) -> Vec<Action> + 'a) -> Self {
        self.review = Some(Box::new(review));
        self
    }

    /// Only deliver what is pending in the outbox (retry deferred entries without
    /// planning).
    ///
    /// # Example
    /// ```
    /// let _ = relance::RunOptions::new().deliver_only();
    /// ```
    #[must_use]
    pub fn deliver_only(mut self) -> Self {
        self.skip_planning = true;
        self.skip_delivery = false;
        self
    }

    /// Only plan and commit to the outbox; delivery is left to a later run (or to the
    /// host's own loop over [`Dunning::decide`]).
    ///
    /// # Example
    /// ```
    /// let _ = relance::RunOptions::new().plan_only();
    /// ```
    #[must_use]
    pub fn plan_only(mut self) -> Self {
        self.skip_planning = false;
        self.skip_delivery = true;
        self
    }
}

/// An action delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    /// Its key.
    pub key: IdempotencyKey,
    /// The delivery service's receipt.
    pub receipt: Receipt,
}

/// An action whose delivery failed (for good, or for now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failed {
    /// Its key.
    pub key: IdempotencyKey,
    /// What the delivery service said.
    pub error: DeliveryError,
}

/// An entry cancelled rather than sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancelled {
    /// Its key.
    pub key: IdempotencyKey,
    /// Why.
    pub reason: CancelReason,
}

/// An entry left in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// Its key.
    pub key: IdempotencyKey,
    /// The customer.
    pub customer: CustomerId,
    /// Why it waits.
    pub reason: WaitReason,
    /// The first instant it may go, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// Actions planned (after review) and committed to the outbox.
    pub planned: Vec<IdempotencyKey>,
    /// Actions delivered, with their receipts.
    pub delivered: Vec<Delivered>,
    /// Actions whose delivery failed for good.
    pub failed: Vec<Failed>,
    /// Actions left in the outbox after a transient failure.
    pub deferred: Vec<Failed>,
    /// Entries left in the outbox for now: paused by the customer, outside the sending
    /// window, or waiting for an unknown customer.
    pub waiting: Vec<Waiting>,
    /// Entries cancelled: nothing owed any more, superseded or stale.
    pub cancelled: Vec<Cancelled>,
    /// Problems met; the rest of the run went on.
    pub problems: Vec<PlanProblem>,
    /// In a run at an instant, the earliest instant a customer loaded but outside its
    /// sending windows can be planned (a customer is planned only when its notices can
    /// leave, so each is dated on the day it is sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_at: Option<DateTime<Utc>>,
}

impl RunReport {
    /// The earliest instant an entry waiting for its sending window may go: when to run
    /// again.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::RunReport::default().next_window(), None);
    /// ```
    pub fn next_window(&self) -> Option<DateTime<Utc>> {
        self.waiting
            .iter()
            .filter_map(|w| w.until)
            .chain(self.resume_at)
            .min()
    }
}

impl Dunning {
    /// One dunning run at `at` (a date, or a UTC instant: see [`RunAt`]) through the
    /// host's store and delivery ([`Store`] documents the contract):
    ///
    /// One dunning run through the host's [`Store`] and [`Delivery`]: the reference loop over
    /// the pure decisions of [`outbox`] (see [`Dunning::decide`]).
    ///
    /// 1. load the customers with something due and plan them ([`Dunning::plan`]); let the
    ///    host review the actions ([`RunOptions::with_review`]);
    /// 2. commit, **customer by customer**, the events the actions record, the actions
    ///    themselves (the outbox) and the accounts' wakeups: a customer whose commit is
    ///    refused is reported and the others go on;
    /// 3. for every pending outbox entry (this run's and any left by an earlier run), decide
    ///    ([`Dunning::decide`]), deliver, and complete it with its outcome
    ///    ([`Dunning::outcome`]); an entry whose completion is refused is parked (left
    ///    pending, reported) and the next entries go on.
    ///
    /// # Errors
    /// [`RunError::Store`] when the store is unavailable; one customer's or one entry's
    /// rejection is reported in [`RunReport::problems`] instead.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::memory::{MemoryStore, RecordingDelivery};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let mut store = MemoryStore::new();
    /// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// c.contacts.email = Some("ap@acme.example".into());
    /// store.add_customer(c);
    /// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// let mut delivery = RecordingDelivery::default();
    ///
    /// // Friday 7 February 2025, 05:30 in Paris: too early to send, so nothing is planned
    /// // yet (a notice is dated the day it leaves); the report says when to come back.
    /// let now: chrono::DateTime<chrono::Utc> = "2025-02-07T04:30:00Z".parse().unwrap();
    /// let early = dunning.run(now, &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert!(early.planned.is_empty());
    /// assert_eq!(early.next_window(), Some("2025-02-07T07:00:00Z".parse().unwrap()));
    /// // At 09:00 it goes; running again sends nothing new.
    /// let now: chrono::DateTime<chrono::Utc> = "2025-02-07T08:00:00Z".parse().unwrap();
    /// let later = dunning.run(now, &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(later.delivered.len(), 1);
    /// let again = dunning.run(now, &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert!(again.planned.is_empty() && again.delivered.is_empty());
    /// assert_eq!(delivery.sent().len(), 1);
    /// ```
    #[must_use = "a run report lists the problems a person must look at"]
    pub fn run(
        &self,
        at: impl Into<RunAt>,
        store: &mut dyn Store,
        delivery: &mut dyn Delivery,
        mut options: RunOptions<'_>,
    ) -> Result<RunReport, RunError> {
        let at = at.into();
        let mut report = RunReport::default();
        let mut customers: BTreeMap<CustomerId, Option<Customer>> = BTreeMap::new();
        if !options.skip_planning {
            let mut portfolio = store.load_due(at.horizon())?;
            portfolio.sort_by(|a, b| a.customer.id.cmp(&b.customer.id));
            let plan = self.plan(at, &portfolio);
            if let RunAt::Instant(now) = at {
                report.resume_at = portfolio
                    .iter()
                    .filter_map(|ca| self.window_opens(&ca.customer, now).ok().flatten())
                    .min();
            }
            report.problems.extend(plan.problems);
            let actions = match options.review.as_mut() {
                Some(review) => review(plan.actions),
                None => plan.actions,
            };
            let mut by_customer: BTreeMap<CustomerId, Vec<Action>> = BTreeMap::new();
            for a in actions {
                by_customer.entry(a.customer().clone()).or_default().push(a);
            }
            for ca in &portfolio {
                customers.insert(ca.customer.id.clone(), Some(ca.customer.clone()));
                let mine = by_customer.remove(&ca.customer.id).unwrap_or_default();
                self.commit_customer(ca, mine, store, &mut report, at)?;
            }
            for (customer, actions) in by_customer {
                // The review added actions for a customer that was not loaded.
                for a in actions {
                    report.problems.push(PlanProblem {
                        customer: customer.clone(),
                        invoice: None,
                        kind: ProblemKind::CommitRejected,
                        message: format!(
                            "{}: the customer was not loaded for this run: not recorded",
                            a.key()
                        ),
                    });
                }
            }
        }
        if !options.skip_delivery {
            for entry in store.pending()? {
                self.deliver_entry(&entry, at, store, delivery, &mut customers, &mut report)?;
            }
        }
        Ok(report)
    }

    /// Commits one customer's actions, the events they record and the wakeups of all its
    /// loaded accounts. A refusal (by the engine or the store) is reported and the
    /// customer's actions wait for the next run.
    fn commit_customer(
        &self,
        ca: &CustomerAccounts,
        actions: Vec<Action>,
        store: &mut dyn Store,
        report: &mut RunReport,
        at: RunAt,
    ) -> Result<(), RunError> {
        let events = execute(&actions);
        let ladder = self.book().ladder_for(&ca.customer).ok();
        let warning_days = self.policy().limitation_warning_days;
        // The date the plan looked at this customer's accounts (none when its sending
        // windows kept it from being planned).
        let looked_on = match at {
            RunAt::Instant(now) if !matches!(self.window_opens(&ca.customer, now), Ok(None)) => {
                None
            }
            _ => at.local_date(ca.customer.time_zone).ok(),
        };
        let (mut commit, problems) =
            outbox::checked_commit(events, &ca.accounts, &ca.customer, (ladder, warning_days));
        if !problems.is_empty() {
            report
                .problems
                .extend(problems.into_iter().map(|p| PlanProblem {
                    kind: ProblemKind::CommitRejected,
                    message: format!("{}: the customer's actions wait", p.message),
                    ..p
                }));
            return Ok(());
        }
        // Wakeups of every loaded account, touched or not, so the store's index is fresh.
        let touched: Vec<_> = commit.wakeups.iter().map(|w| w.invoice.clone()).collect();
        commit.wakeups.extend(
            ca.accounts
                .iter()
                .filter(|a| !touched.contains(&a.invoice().id))
                .map(|a| outbox::wakeup_of(a, &ca.customer, (ladder, warning_days), looked_on)),
        );
        let keys: Vec<IdempotencyKey> = actions.iter().map(|a| a.key().clone()).collect();
        commit.outbox = actions;
        match store.commit(&commit) {
            Ok(()) => {
                report.planned.extend(keys);
                Ok(())
            }
            Err(e) if e.kind == StoreErrorKind::Rejected => {
                report.problems.push(PlanProblem {
                    customer: ca.customer.id.clone(),
                    invoice: None,
                    kind: ProblemKind::CommitRejected,
                    message: format!("{e}: the customer's actions wait for the next run"),
                });
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    fn deliver_entry(
        &self,
        entry: &Action,
        at: RunAt,
        store: &mut dyn Store,
        delivery: &mut dyn Delivery,
        customers: &mut BTreeMap<CustomerId, Option<Customer>>,
        report: &mut RunReport,
    ) -> Result<(), RunError> {
        let key = entry.key().clone();
        let executed = store.is_executed(&key)?;
        let ids: Vec<_> = entry.invoices().into_iter().cloned().collect();
        let accounts = if executed {
            Vec::new()
        } else {
            store.accounts(&ids)?
        };
        let id = entry.customer().clone();
        let customer = match customers.get(&id) {
            Some(c) => c.clone(),
            None => {
                let c = store.customer(&id)?;
                customers.insert(id.clone(), c.clone());
                c
            }
        };
        let decision = self.decide(entry, executed, &accounts, customer.as_ref(), at);
        match decision {
            Decision::Forget => {
                complete(store, &key, &Commit::default(), &id, report)?;
            }
            Decision::Cancel { reason, outcome } => {
                if complete(store, &key, &outcome, &id, report)? {
                    report.cancelled.push(Cancelled { key, reason });
                }
            }
            Decision::Wait { reason, until } => {
                if reason == WaitReason::UnknownCustomer {
                    report.problems.push(PlanProblem {
                        customer: id.clone(),
                        invoice: None,
                        kind: ProblemKind::UnknownCustomer,
                        message: format!(
                            "{key}: customer unknown to the store: left in the outbox"
                        ),
                    });
                }
                report.waiting.push(Waiting {
                    key,
                    customer: id,
                    reason,
                    until,
                });
            }
            Decision::Deliver { action, on } => {
                let Some(customer) = customer.as_ref() else {
                    return Ok(());
                };
                let outgoing = match self.outgoing(&action, customer) {
                    Ok(o) => o,
                    Err(e) => {
                        report.problems.push(PlanProblem {
                            customer: id,
                            invoice: None,
                            kind: ProblemKind::NoLadder,
                            message: format!("{key}: {e}: left in the outbox"),
                        });
                        return Ok(());
                    }
                };
                let result = delivery.deliver(&outgoing);
                let outcome = self.outcome(&action, on, &result, &accounts, customer);
                report.problems.extend(outcome.problems);
                match (outcome.commit, result) {
                    (None, Err(error)) => report.deferred.push(Failed { key, error }),
                    (None, Ok(_)) => {}
                    (Some(commit), result) => {
                        if complete(store, &key, &commit, &id, report)? {
                            match result {
                                Ok(receipt) => report.delivered.push(Delivered { key, receipt }),
                                Err(error) => report.failed.push(Failed { key, error }),
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Completes an entry; a rejected completion parks it (reported, left pending) and
/// returns `false`.
fn complete(
    store: &mut dyn Store,
    key: &IdempotencyKey,
    outcome: &Commit,
    customer: &CustomerId,
    report: &mut RunReport,
) -> Result<bool, RunError> {
    match store.complete(key, outcome) {
        Ok(()) => Ok(true),
        Err(e) if e.kind == StoreErrorKind::Rejected => {
            report.problems.push(PlanProblem {
                customer: customer.clone(),
                invoice: None,
                kind: ProblemKind::OutcomeRefused,
                message: format!("{key}: {e}: parked in the outbox for a person to check"),
            });
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
