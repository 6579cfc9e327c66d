//! The runner: one dunning run through the host's [`Store`] and [`Delivery`].
//!
//! 1. plan the actions due ([`plan`](crate::plan())), let the host review them;
//! 2. commit the events they record and the actions themselves to the outbox, atomically;
//! 3. deliver every pending outbox entry (this run's and any left by an earlier run),
//!    skipping those whose invoices no longer owe anything;
//! 4. record each outcome atomically with its key.

use crate::account::{DunningState, HoldKind, Status};
use crate::action::{Action, IdempotencyKey, execute};
use crate::event::{Event, EventKind};
use crate::host::{Delivery, DeliveryError, Store, StoreError};
use crate::ladder::LadderBook;
use crate::plan::{PlanProblem, plan_with};
use crate::policy::Policy;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days after which a step is proposed again when its approval request could not be
/// delivered.
pub const APPROVAL_RETRY_DAYS: u64 = 7;

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// Actions planned (after review) and committed to the outbox.
    pub planned: Vec<IdempotencyKey>,
    /// Actions delivered, with their receipts.
    pub delivered: Vec<(IdempotencyKey, String)>,
    /// Actions whose delivery failed for good.
    pub failed: Vec<(IdempotencyKey, String)>,
    /// Actions left in the outbox after a transient failure.
    pub deferred: Vec<(IdempotencyKey, String)>,
    /// Actions cancelled because nothing was owed any more.
    pub cancelled: Vec<IdempotencyKey>,
    /// Problems met while planning.
    pub problems: Vec<PlanProblem>,
}

/// Why a run stopped. Every store operation is atomic, so running again is safe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Runs one dunning run on `as_of`, executing every planned action.
///
/// # Errors
/// [`RunError::Store`] at the first store failure.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::memory::{MemoryStore, RecordingDelivery};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let mut store = MemoryStore::new(book.clone());
/// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr, Zone::EUROPE_PARIS);
/// c.contacts.email = Some("ap@acme.example".into());
/// store.add_customer(c);
/// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let mut delivery = RecordingDelivery::default();
///
/// let report = run(d("2025-02-10"), &book, &mut store, &mut delivery).unwrap();
/// assert_eq!(report.delivered.len(), 1);
/// // Running again the same day sends nothing new.
/// let again = run(d("2025-02-10"), &book, &mut store, &mut delivery).unwrap();
/// assert!(again.planned.is_empty() && again.delivered.is_empty());
/// assert_eq!(delivery.sent().len(), 1);
/// ```
pub fn run(
    as_of: NaiveDate,
    book: &LadderBook,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
) -> Result<RunReport, RunError> {
    run_reviewed(as_of, book, store, delivery, |actions| actions)
}

/// Like [`run`], but the host reviews the planned actions first: it may drop or edit
/// them. Only what `review` returns is recorded and delivered; a dropped step is planned
/// again on a later run.
///
/// # Errors
/// [`RunError::Store`] at the first store failure.
///
/// # Example
/// ```
/// # use relance::*;
/// # use relance::memory::{MemoryStore, RecordingDelivery};
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// # let book = LadderBook::new(vec![Ladder::new("std", vec![
/// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// # let mut store = MemoryStore::new(book.clone());
/// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
/// #     Language::Fr, Zone::EUROPE_PARIS);
/// # c.contacts.email = Some("ap@acme.example".into());
/// # store.add_customer(c);
/// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
/// #     dec!(100.00), d("2025-01-31"))).unwrap();
/// # let mut delivery = RecordingDelivery::default();
/// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
/// // The host holds everything back today...
/// let report = run_reviewed(d("2025-02-07"), &book, &mut store, &mut delivery, |_| vec![])
///     .unwrap();
/// assert!(report.planned.is_empty() && delivery.sent().is_empty());
/// // ...and the dropped reminder is planned again on the next run.
/// let report = run(d("2025-02-08"), &book, &mut store, &mut delivery).unwrap();
/// assert_eq!(report.delivered.len(), 1);
/// ```
pub fn run_reviewed(
    as_of: NaiveDate,
    book: &LadderBook,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    review: impl FnOnce(Vec<Action>) -> Vec<Action>,
) -> Result<RunReport, RunError> {
    run_with(as_of, book, &Policy::legacy(), store, delivery, review)
}

/// [`run_reviewed`] under a [`Policy`] (contact pressure, deadlines, rate tables so notices
/// carry late-payment interest and compensation...), on a date. [`run_at`](crate::run_at)
/// does the same from a UTC instant, with sending windows in each customer's time zone.
///
/// # Errors
/// [`RunError::Store`] at the first store failure.
///
/// # Example
/// ```
/// # use relance::*;
/// # use relance::memory::{MemoryStore, RecordingDelivery};
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// # let book = LadderBook::new(vec![Ladder::new("std", vec![
/// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// # let mut store = MemoryStore::new(book.clone());
/// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
/// #     Language::Fr, Zone::EUROPE_PARIS);
/// # c.contacts.email = Some("ap@acme.example".into());
/// # store.add_customer(c);
/// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
/// #     dec!(100.00), d("2025-01-31"))).unwrap();
/// # let mut delivery = RecordingDelivery::default();
/// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
/// let policy = Policy::default().with_rates(penalties::RateTables::builtin());
/// run_with(d("2025-02-07"), &book, &policy, &mut store, &mut delivery, |a| a).unwrap();
/// let Action::Notice(n) = &delivery.sent()[0] else { panic!("a notice") };
/// // French B2B: 7 days at 13.15 % (ECB 3.15 + 10) on 100.00, and the EUR 40 indemnity.
/// assert_eq!(n.interest.to_string(), "0.25 EUR");
/// assert_eq!(n.fixed_compensation.to_string(), "40.00 EUR");
/// ```
pub fn run_with(
    as_of: NaiveDate,
    book: &LadderBook,
    policy: &Policy,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    review: impl FnOnce(Vec<Action>) -> Vec<Action>,
) -> Result<RunReport, RunError> {
    let portfolio = store.load_due(as_of)?;
    let planned = plan_with(as_of, book, &portfolio, policy);
    let mut report = RunReport {
        problems: planned.problems,
        ..RunReport::default()
    };
    let actions = review(planned.actions);
    let events = execute(&actions);
    store.commit(&events, &actions)?;
    report.planned = actions.iter().map(|a| a.key().clone()).collect();
    drain_outbox(as_of, store, delivery, &mut report)?;
    Ok(report)
}

/// Delivers every pending outbox entry, recording each outcome. Called by [`run`]; a host
/// may call it alone to retry deferred entries without planning.
///
/// # Errors
/// [`RunError::Store`] at the first store failure.
///
/// # Example
/// ```
/// # use relance::*;
/// # use relance::memory::{MemoryStore, RecordingDelivery};
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// # let book = LadderBook::new(vec![Ladder::new("std", vec![
/// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// # let mut store = MemoryStore::new(book.clone());
/// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
/// #     Language::Fr, Zone::EUROPE_PARIS);
/// # c.contacts.email = Some("ap@acme.example".into());
/// # store.add_customer(c);
/// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
/// #     dec!(100.00), d("2025-01-31"))).unwrap();
/// # let mut delivery = RecordingDelivery::default();
/// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
/// delivery.fail_transiently(1);
/// let report = run(d("2025-02-07"), &book, &mut store, &mut delivery).unwrap();
/// assert_eq!(report.deferred.len(), 1);
/// // Retry the outbox alone, without planning anything new.
/// let mut retry = RunReport::default();
/// drain_outbox(d("2025-02-07"), &mut store, &mut delivery, &mut retry).unwrap();
/// assert_eq!(retry.delivered.len(), 1);
/// assert!(store.outbox().is_empty());
/// ```
pub fn drain_outbox(
    as_of: NaiveDate,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    report: &mut RunReport,
) -> Result<(), RunError> {
    for action in store.pending()? {
        deliver_entry(&action, as_of, store, delivery, report)?;
    }
    Ok(())
}

/// Delivers one outbox entry and records its outcome, dated `as_of`: skipped when already
/// executed, cancelled when nothing is owed, else delivered, deferred or failed. Shared by
/// [`drain_outbox`] and [`run_at`](crate::run_at), which decides per entry whether it may
/// go out now.
pub(crate) fn deliver_entry(
    action: &Action,
    as_of: NaiveDate,
    store: &mut dyn Store,
    delivery: &mut dyn Delivery,
    report: &mut RunReport,
) -> Result<(), RunError> {
    let key = action.key().clone();
    if store.is_executed(&key)? {
        store.complete(&key, &[])?;
        return Ok(());
    }
    let invoices: Vec<_> = action.invoices().into_iter().cloned().collect();
    let accounts = store.accounts(&invoices)?;
    let still_owed = accounts.iter().any(|a| {
        !matches!(
            a.status(),
            Status::Settled { .. } | Status::WrittenOff { .. }
        )
    });
    if !still_owed {
        let events: Vec<Event> = invoices
            .iter()
            .map(|i| Event::new(i, as_of, EventKind::NoticeCancelled { key: key.0.clone() }))
            .collect();
        store.complete(&key, &events)?;
        report.cancelled.push(key);
        return Ok(());
    }
    if let Action::Notice(n) = action {
        if superseded(n, &accounts) {
            // Every invoice has reached a later step since: the newer notice replaces this
            // one, rather than both going out together.
            let events: Vec<Event> = invoices
                .iter()
                .map(|i| Event::new(i, as_of, EventKind::NoticeCancelled { key: key.0.clone() }))
                .collect();
            store.complete(&key, &events)?;
            report.cancelled.push(key);
            return Ok(());
        }
    }
    if let (Action::Notice(_), Some(reason)) = (action, paused_by_customer(&accounts, as_of)) {
        // Reminders pause while the customer disputes, promised to pay or follows a plan:
        // the entry waits in the outbox (nothing is lost) and goes out if dunning resumes.
        report.deferred.push((key, reason));
        return Ok(());
    }
    match delivery.deliver(action) {
        Ok(receipt) => {
            // An empty receipt must not make the outcome unrecordable.
            let receipt = if receipt.reference.trim().is_empty() {
                crate::host::Receipt {
                    reference: "(no reference)".into(),
                }
            } else {
                receipt
            };
            let events = outcome_events(action, as_of, |channel| EventKind::NoticeDelivered {
                key: key.0.clone(),
                channel,
                receipt: receipt.reference.clone(),
            });
            store.complete(&key, &events)?;
            report.delivered.push((key, receipt.reference));
        }
        Err(DeliveryError::Transient { reason }) => report.deferred.push((key, reason)),
        Err(DeliveryError::Permanent { reason }) => {
            let mut events = outcome_events(action, as_of, |channel| EventKind::DeliveryFailed {
                key: key.0.clone(),
                channel,
                reason: reason.clone(),
                permanent: true,
            });
            if let Action::ApprovalRequest(request) = action {
                // Nobody can answer a request that never arrived: count it as refused and
                // propose the step again after a while, rather than wait forever.
                let retry_on = as_of
                    .checked_add_days(chrono::Days::new(APPROVAL_RETRY_DAYS))
                    .unwrap_or(as_of);
                events.extend(request.lines.iter().map(|l| {
                    Event::new(
                        &l.invoice,
                        as_of,
                        EventKind::ApprovalRefused {
                            step: l.step,
                            reason: format!("approval request not delivered: {reason}"),
                            retry_on,
                        },
                    )
                }));
            }
            store.complete(&key, &events)?;
            report.failed.push((key, reason));
        }
    }
    Ok(())
}

/// True when every invoice of the notice recorded a later step after this one (its
/// escalation sequence moved on).
fn superseded(notice: &crate::action::Notice, accounts: &[crate::account::Account]) -> bool {
    notice.lines.iter().all(|l| {
        accounts
            .iter()
            .find(|a| a.invoice().id == l.invoice)
            .is_some_and(|a| a.escalation_sequence() > l.sequence.saturating_add(1))
    })
}

/// When every invoice still owed is paused by the customer (a dispute, a promise to pay, a
/// payment plan), why. Manual holds do not count: the runner itself places one after a
/// permanent delivery failure, and the notice's other channels must still go out.
fn paused_by_customer(accounts: &[crate::account::Account], as_of: NaiveDate) -> Option<String> {
    let mut reasons = Vec::new();
    for a in accounts {
        // The state on `as_of`, timers included: a promise that lapsed no longer pauses.
        match a.state(as_of) {
            DunningState::Settled { .. } | DunningState::WrittenOff { .. } => {}
            DunningState::OnHold { hold } if !matches!(hold.kind, HoldKind::Manual { .. }) => {
                reasons.push(format!("{} on hold: {}", a.invoice().id, hold.reason));
            }
            _ => return None,
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// Outcome events for a notice: one per invoice it lists. Tasks for people record none.
fn outcome_events(
    action: &Action,
    as_of: NaiveDate,
    kind: impl Fn(crate::ladder::Channel) -> EventKind,
) -> Vec<Event> {
    match action {
        Action::Notice(n) => n
            .lines
            .iter()
            .map(|l| Event::new(&l.invoice, as_of, kind(n.channel)))
            .collect(),
        _ => Vec::new(),
    }
}
