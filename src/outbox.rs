//! The outbox, sans I/O: what to do with each pending entry, and what its delivery
//! outcome records. Pure functions over values, in the style of quinn-proto's `poll_*` /
//! `handle_*`, so any I/O model can drive them: [`Dunning::run`](crate::Dunning::run) is a
//! short synchronous loop over them, and an async host copies it line by line:
//!
//! ```ignore
//! // The reference loop, as an async host writes it (tokio, sqlx...).
//! for entry in store.pending().await? {
//!     let executed = store.is_executed(entry.key()).await?;
//!     let accounts = store.accounts(&entry.invoice_ids()).await?;
//!     let customer = store.customer(entry.customer()).await?;
//!     match dunning.decide(&entry, executed, &accounts, customer.as_ref(), at) {
//!         Decision::Forget => store.complete(entry.key(), &Commit::default()).await?,
//!         Decision::Cancel { outcome, .. } => store.complete(entry.key(), &outcome).await?,
//!         Decision::Wait { .. } => {} // stays in the outbox; `until` says when to come back
//!         Decision::Deliver { action, on } => {
//!             let customer = customer.as_ref().expect("Deliver implies a known customer");
//!             let result = mailer.send(&dunning.outgoing(&action, customer)?).await;
//!             let outcome = dunning.outcome(&action, on, &result, &accounts, customer);
//!             if let Some(commit) = outcome.commit {
//!                 store.complete(entry.key(), &commit).await?;
//!             }
//!         }
//!     }
//! }
//! ```
//!
//! # The rules, in order
//! 1. An entry whose key was already completed is forgotten ([`Decision::Forget`]).
//! 2. An entry whose customer is unknown to the store waits, reported.
//! 3. An entry whose invoices no longer owe anything is cancelled
//!    ([`CancelReason::NothingOwed`]).
//! 4. A notice keeps only the lines still true: an invoice settled or written off since,
//!    one that reached a later step (the newer notice replaces it), whose step was undone
//!    (an upheld dispute restarts the ladder) or that became time-barred since it was
//!    planned is dropped from it, and the totals follow. A notice with no line left is
//!    cancelled ([`CancelReason::Superseded`], [`CancelReason::Stale`] or
//!    [`CancelReason::TimeBarred`]).
//! 5. A notice waits while every invoice it lists is paused by the customer (a dispute,
//!    a promise to pay, a payment plan), and, in a run at an instant, until the customer's
//!    sending window opens on a business day of the customer's calendar.
//! 6. Otherwise it is delivered; the outcome's events are checked against the accounts
//!    first, and an event an account refuses is left out and reported, so no outcome can
//!    make [`Store::complete`](crate::Store::complete) fail forever.

use crate::account::{Account, DunningState, HoldKind, Status};
use crate::action::{Action, Notice};
use crate::customer::Customer;
use crate::event::{Event, EventKind};
use crate::host::{Commit, DeliveryError, Receipt, Wakeup};
use crate::ladder::{Channel, Ladder};
use crate::local_time::RunAt;
use crate::plan::{PlanProblem, ProblemKind};
use crate::policy::Policy;
use crate::sending_window::SendDecision;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// Days after which a step is proposed again when its approval request could not be
/// delivered.
pub const APPROVAL_RETRY_DAYS: u64 = 7;

/// Why an entry is cancelled rather than sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CancelReason {
    /// Every invoice was paid, credited or written off since.
    NothingOwed,
    /// Every invoice reached a later step since; the newer notice replaces this one.
    Superseded,
    /// The step the notice records no longer holds (an upheld dispute restarted the
    /// ladder).
    Stale,
    /// Every invoice still owed became time-barred since it was planned
    /// ([`Limitation`](crate::Limitation)): a time-barred claim is never threatened.
    TimeBarred,
}

/// Why an entry waits in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WaitReason {
    /// Every invoice it lists is paused by the customer (dispute, promise, plan).
    Paused {
        /// The holds, in words.
        reason: String,
    },
    /// Outside the customer's sending window, or not a business day there.
    SendingWindow {
        /// The customer's wall-clock time when it may go.
        local: NaiveDateTime,
    },
    /// The store does not know the entry's customer.
    UnknownCustomer,
    /// The customer's sending window could not be decided (its zone or calendar failed).
    Undecidable {
        /// Why.
        reason: String,
    },
}

/// What to do now with one pending outbox entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a decision does nothing until the host carries it out"]
pub enum Decision {
    /// Already executed (a crash after completing): remove it, recording nothing.
    Forget,
    /// Do not send; complete the entry with this outcome.
    Cancel {
        /// Why.
        reason: CancelReason,
        /// The events and wakeups to record with [`Store::complete`](crate::Store::complete).
        outcome: Commit,
    },
    /// Leave it in the outbox.
    Wait {
        /// Why.
        reason: WaitReason,
        /// The instant it may go, when known (a sending window); `None`: when something
        /// changes.
        until: Option<DateTime<Utc>>,
    },
    /// Deliver this action (the entry, or a notice narrowed to its lines still true) and
    /// record the outcome with [`Dunning::outcome`](crate::Dunning::outcome).
    Deliver {
        /// What to deliver.
        action: Action,
        /// The date the outcome is recorded on: the customer's local date.
        on: NaiveDate,
    },
}

/// Decides what to do now with a pending entry (see the module docs for the rules).
/// `executed`: whether the store remembers the entry's key as completed; `accounts`: the
/// current accounts of the entry's invoices; `customer`: the entry's customer, if the
/// store knows it.
pub(crate) fn decide(
    policy: &Policy,
    ladder: Option<&Ladder>,
    entry: &Action,
    executed: bool,
    accounts: &[Account],
    customer: Option<&Customer>,
    at: RunAt,
) -> Decision {
    if executed {
        return Decision::Forget;
    }
    let Some(customer) = customer else {
        return Decision::Wait {
            reason: WaitReason::UnknownCustomer,
            until: None,
        };
    };
    let on = match at.local_date(customer.time_zone) {
        Ok(d) => d,
        Err(e) => {
            return Decision::Wait {
                reason: WaitReason::Undecidable {
                    reason: e.to_string(),
                },
                until: None,
            };
        }
    };
    let live: Vec<&Account> = accounts.iter().filter(|a| is_open(a)).collect();
    if live.is_empty() {
        return cancel(
            entry,
            CancelReason::NothingOwed,
            on,
            accounts,
            customer,
            (ladder, policy.limitation_warning_days),
        );
    }
    let action = match entry {
        Action::Notice(n) => match live_lines(n, accounts, customer, on) {
            Err(why) => {
                return cancel(
                    entry,
                    why,
                    on,
                    accounts,
                    customer,
                    (ladder, policy.limitation_warning_days),
                );
            }
            Ok(n) => {
                if let Some(reason) = paused_by_customer(&n, accounts, on) {
                    return Decision::Wait {
                        reason: WaitReason::Paused { reason },
                        until: None,
                    };
                }
                if let RunAt::Instant(now) = at {
                    if let Some(wait) = window(policy, customer, n.channel, now) {
                        return wait;
                    }
                }
                Action::Notice(n)
            }
        },
        other => other.clone(),
    };
    Decision::Deliver { action, on }
}

fn is_open(a: &Account) -> bool {
    !matches!(
        a.status(),
        Status::Settled { .. } | Status::WrittenOff { .. }
    )
}

/// The notice narrowed to the lines still true, or why none is (a stale line weighs
/// more than a superseded one, which weighs more than one no longer owed).
fn live_lines(
    n: &Notice,
    accounts: &[Account],
    customer: &Customer,
    on: NaiveDate,
) -> Result<Notice, CancelReason> {
    let check = |line: &crate::action::NoticeLine| -> Result<(), CancelReason> {
        let a = accounts
            .iter()
            .find(|a| a.invoice().id == line.invoice)
            .filter(|a| is_open(a))
            .ok_or(CancelReason::NothingOwed)?;
        if crate::limitation::Limitation::of(a, customer).is_some_and(|l| l.is_time_barred(on)) {
            return Err(CancelReason::TimeBarred);
        }
        if a.escalation_sequence() > line.sequence.saturating_add(1) {
            return Err(CancelReason::Superseded);
        }
        // The step this notice recorded must still be where the invoice stands.
        match a.position() {
            Some(r) if r.step == line.step => Ok(()),
            _ => Err(CancelReason::Stale),
        }
    };
    let mut lines = Vec::with_capacity(n.lines.len());
    let mut why = CancelReason::NothingOwed;
    for l in &n.lines {
        match check(l) {
            Ok(()) => lines.push(l.clone()),
            Err(CancelReason::Stale) => why = CancelReason::Stale,
            Err(CancelReason::Superseded) if why != CancelReason::Stale => {
                why = CancelReason::Superseded;
            }
            Err(CancelReason::TimeBarred) if why == CancelReason::NothingOwed => {
                why = CancelReason::TimeBarred;
            }
            Err(_) => {}
        }
    }
    if lines.is_empty() {
        return Err(why);
    }
    if lines.len() == n.lines.len() {
        return Ok(n.clone());
    }
    // Totals that cannot be added again (never for amounts the notice already added):
    // send it whole rather than lose it.
    Ok(n.with_lines(lines).unwrap_or_else(|_| n.clone()))
}

fn cancel(
    entry: &Action,
    reason: CancelReason,
    on: NaiveDate,
    accounts: &[Account],
    customer: &Customer,
    waking: (Option<&Ladder>, u32),
) -> Decision {
    let key = entry.key().as_str().to_string();
    let events: Vec<Event> = entry
        .invoices()
        .into_iter()
        .filter(|i| accounts.iter().any(|a| &a.invoice().id == *i))
        .map(|i| Event::new(i, on, EventKind::NoticeCancelled { key: key.clone() }))
        .collect();
    let (outcome, _) = checked_commit(events, accounts, customer, waking);
    Decision::Cancel { reason, outcome }
}

/// When every invoice still owed is paused by the customer (a dispute, a promise to pay, a
/// payment plan), why. Manual holds do not count: the runner itself places one after a
/// permanent delivery failure, and the notice's other channels must still go out.
fn paused_by_customer(notice: &Notice, accounts: &[Account], on: NaiveDate) -> Option<String> {
    let mut reasons = Vec::new();
    for l in &notice.lines {
        let Some(a) = accounts.iter().find(|a| a.invoice().id == l.invoice) else {
            continue;
        };
        // The state on `on`, timers included: a promise that lapsed no longer pauses.
        match a.state(on) {
            DunningState::Settled { .. } | DunningState::WrittenOff { .. } => {}
            DunningState::OnHold { hold } if !matches!(hold.kind, HoldKind::Manual { .. }) => {
                reasons.push(format!("{} on hold: {}", a.invoice().id, hold.reason));
            }
            _ => return None,
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

fn window(
    policy: &Policy,
    customer: &Customer,
    channel: Channel,
    now: DateTime<Utc>,
) -> Option<Decision> {
    let zone = customer.time_zone;
    let calendar = policy.calendar_for(customer.country);
    let w = policy.sending_windows.for_channel(channel);
    match w.decide(now, zone, &calendar) {
        Ok(SendDecision::SendNow { .. }) => None,
        Ok(SendDecision::Defer { until, local }) => Some(Decision::Wait {
            reason: WaitReason::SendingWindow { local },
            until: Some(until),
        }),
        Err(e) => Some(Decision::Wait {
            reason: WaitReason::Undecidable {
                reason: e.to_string(),
            },
            until: None,
        }),
    }
}

/// What a delivery outcome records, checked against the accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "an outcome does nothing until the host completes the entry with it"]
pub struct Outcome {
    /// What to complete the entry with; `None` after a transient failure (the entry stays
    /// in the outbox and is tried again on a later run).
    pub commit: Option<Commit>,
    /// Outcome events an account refused (e.g. a refusal of an approval on an invoice
    /// disputed since): left out so the entry completes, and reported for a person.
    pub problems: Vec<PlanProblem>,
}

/// The events a delivery outcome records, checked against `accounts` (see [`Outcome`]).
pub(crate) fn outcome(
    action: &Action,
    on: NaiveDate,
    result: &Result<Receipt, DeliveryError>,
    accounts: &[Account],
    customer: &Customer,
    waking: (Option<&Ladder>, u32),
) -> Outcome {
    let key = action.key().as_str().to_string();
    let events = match result {
        Ok(receipt) => {
            // An empty receipt must not make the outcome unrecordable.
            let reference = if receipt.reference.trim().is_empty() {
                "(no reference)".to_string()
            } else {
                receipt.reference.clone()
            };
            notice_events(action, on, |channel| EventKind::NoticeDelivered {
                key: key.clone(),
                channel,
                receipt: reference.clone(),
            })
        }
        Err(DeliveryError::Transient { .. }) => {
            return Outcome {
                commit: None,
                problems: Vec::new(),
            };
        }
        Err(DeliveryError::Permanent { reason }) => {
            let reason = if reason.trim().is_empty() {
                "(no reason given)".to_string()
            } else {
                reason.clone()
            };
            let mut events = notice_events(action, on, |channel| EventKind::DeliveryFailed {
                key: key.clone(),
                channel,
                reason: reason.clone(),
                permanent: true,
            });
            if let Action::ApprovalRequest(request) = action {
                // Nobody can answer a request that never arrived: count it as refused and
                // propose the step again after a while, rather than wait forever.
                let retry_on = on
                    .checked_add_days(chrono::Days::new(APPROVAL_RETRY_DAYS))
                    .unwrap_or(on);
                events.extend(request.lines.iter().map(|l| {
                    Event::new(
                        &l.invoice,
                        on,
                        EventKind::ApprovalRefused {
                            step: l.step,
                            reason: format!("approval request not delivered: {reason}"),
                            retry_on,
                        },
                    )
                }));
            }
            events
        }
    };
    let (commit, problems) = checked_commit(events, accounts, customer, waking);
    Outcome {
        commit: Some(commit),
        problems,
    }
}

/// Outcome events for a notice: one per invoice it lists. Tasks for people record none.
fn notice_events(
    action: &Action,
    on: NaiveDate,
    kind: impl Fn(Channel) -> EventKind,
) -> Vec<Event> {
    match action {
        Action::Notice(n) => n
            .lines
            .iter()
            .map(|l| Event::new(&l.invoice, on, kind(n.channel)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Applies `events` to copies of `accounts`, keeps those accepted, and adds the wakeups of
/// every account touched; each refused event becomes a problem.
pub(crate) fn checked_commit(
    events: Vec<Event>,
    accounts: &[Account],
    customer: &Customer,
    waking: (Option<&Ladder>, u32),
) -> (Commit, Vec<PlanProblem>) {
    let mut copies: Vec<Account> = Vec::new();
    let mut kept = Vec::with_capacity(events.len());
    let mut problems = Vec::new();
    for e in events {
        let index = match copies.iter().position(|a| a.invoice().id == e.invoice) {
            Some(i) => Some(i),
            None => accounts
                .iter()
                .find(|a| a.invoice().id == e.invoice)
                .map(|a| {
                    copies.push(a.clone());
                    copies.len() - 1
                }),
        };
        let Some(acc) = index.and_then(|i| copies.get_mut(i)) else {
            problems.push(PlanProblem {
                customer: customer.id.clone(),
                invoice: Some(e.invoice.clone()),
                kind: ProblemKind::OutcomeRefused,
                message: format!("{}: the store has no such invoice", e.kind.name()),
            });
            continue;
        };
        match acc.apply(&e) {
            Ok(()) => kept.push(e),
            Err(err) => problems.push(PlanProblem {
                customer: customer.id.clone(),
                invoice: Some(e.invoice.clone()),
                kind: ProblemKind::OutcomeRefused,
                message: format!("not recorded, for a person to check: {err}"),
            }),
        }
    }
    let wakeups = copies
        .iter()
        .map(|a| wakeup_of(a, customer, waking, None))
        .collect();
    (
        Commit {
            events: kept,
            outbox: Vec::new(),
            wakeups,
        },
        problems,
    )
}

/// The wakeup a store indexes for an account of `customer` under `ladder` (none for a
/// customer not dunned automatically or without a ladder: only a change can wake it),
/// with the claim's limitation: no step on or after the first time-barred day, and a
/// wakeup `warning_days` before the last day and on the first time-barred day, each once
/// (after the account's clock, or `looked_on`, the run that just looked at it).
pub(crate) fn wakeup_of(
    account: &Account,
    customer: &Customer,
    (ladder, warning_days): (Option<&Ladder>, u32),
    looked_on: Option<NaiveDate>,
) -> Wakeup {
    let on = match ladder {
        Some(l) if customer.is_dunned_automatically() => {
            let limitation = crate::limitation::Limitation::of(account, customer);
            let after = looked_on.map_or(account.clock(), |d| d.max(account.clock()));
            // Nothing is woken for a claim no longer owed, nor for one handed over (the
            // agency or the court has it; a run that loads it still reports it).
            let owed = !matches!(
                account.status(),
                crate::account::Status::Settled { .. }
                    | crate::account::Status::WrittenOff { .. }
                    | crate::account::Status::Judicial { .. }
            );
            crate::limitation::wakeup(
                limitation.as_ref().filter(|_| owed),
                warning_days,
                after,
                account.next_wakeup(l),
            )
        }
        _ => None,
    };
    Wakeup {
        invoice: account.invoice().id.clone(),
        customer: customer.id.clone(),
        on,
    }
}
