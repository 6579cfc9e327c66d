//! The traits a host implements and their contracts (documented on [`Store`]).

use crate::account::Account;
use crate::action::{Action, IdempotencyKey};
use crate::customer::Customer;
use crate::event::Event;
use crate::ids::{CustomerId, InvoiceId};
use crate::ladder::{Ladder, Step};
use crate::plan::CustomerAccounts;
use crate::policy::Policy;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether a store failure concerns the store or the data it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store cannot work now (connection, disk, lock): the run stops.
    Unavailable,
    /// The store refused this commit or completion (a constraint, an event it will not
    /// apply): the run reports it and goes on with the other customers and entries.
    Rejected,
}

/// A storage failure reported by the host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store: {message}")]
pub struct StoreError {
    /// Whether the run stops ([`StoreErrorKind::Unavailable`]) or goes on.
    pub kind: StoreErrorKind,
    /// What the storage layer said.
    pub message: String,
}

impl StoreError {
    /// The store is unavailable: the run stops, and a later run resumes safely.
    ///
    /// # Example
    /// ```
    /// use relance::{StoreError, StoreErrorKind};
    /// let e = StoreError::new("connection reset");
    /// assert_eq!(e.to_string(), "store: connection reset");
    /// assert_eq!(e.kind, StoreErrorKind::Unavailable);
    /// ```
    pub fn new(message: impl Into<String>) -> StoreError {
        StoreError {
            kind: StoreErrorKind::Unavailable,
            message: message.into(),
        }
    }

    /// The store refused this one commit or completion; the run goes on with the rest.
    ///
    /// # Example
    /// ```
    /// use relance::{StoreError, StoreErrorKind};
    /// assert_eq!(StoreError::rejected("unknown invoice").kind, StoreErrorKind::Rejected);
    /// ```
    pub fn rejected(message: impl Into<String>) -> StoreError {
        StoreError {
            kind: StoreErrorKind::Rejected,
            message: message.into(),
        }
    }
}

/// When the engine must look at an invoice again without a new fact: what a store
/// indexes so [`Store::load_due`] only reads what is due.
///
/// # Example
/// ```
/// use relance::Wakeup;
/// let w = Wakeup { invoice: "INV-1".into(), customer: "C-1".into(), on: None };
/// assert!(w.on.is_none()); // only a new fact can move this invoice
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wakeup {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its customer.
    pub customer: CustomerId,
    /// The date ([`Account::next_wakeup`]), or `None`: nothing until a new fact.
    pub on: Option<NaiveDate>,
}

/// What one atomic store call records: events on accounts, new outbox entries and the
/// wakeups of the accounts concerned.
///
/// # Example
/// ```
/// let c = relance::Commit::default();
/// assert!(c.events.is_empty() && c.outbox.is_empty() && c.wakeups.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Commit {
    /// Events to append, each applied to its account with [`Account::apply`], in order.
    pub events: Vec<Event>,
    /// Outbox entries to add, unless their key is already pending or executed.
    pub outbox: Vec<Action>,
    /// The accounts' wakeups after the events.
    pub wakeups: Vec<Wakeup>,
}

/// Persistence of customers, accounts, events and the outbox.
///
/// The traits a host implements: [`Store`] for persistence and [`Delivery`] for sending.
/// [`Dunning::run`](crate::Dunning::run) drives one dunning run through them; a host with
/// its own I/O model (async, batch) drives the same pure decisions itself (see
/// [`outbox`](crate::outbox)).
///
/// # What the host must honour
///
/// The runner's guarantee, *no action lost and no second delivery for the same key from
/// the library's side*, rests on four promises:
///
/// 1. **[`Store::commit`] is atomic**: the events, the outbox entries and the wakeups of a
///    [`Commit`] are stored together or not at all.
/// 2. **[`Store::complete`] is atomic**: the outcome's events and wakeups are stored, the
///    key is remembered as executed and the entry leaves the outbox, together or not at all.
/// 3. **Keys are remembered** for as long as an action with that key could be planned or
///    pending (in practice: forever, or at least a year).
/// 4. **[`Delivery::deliver`] is idempotent on the key**: if an action with this key was
///    already accepted, return the original receipt without sending again. This is what
///    covers a crash between sending and [`Store::complete`]; use the key as the e-mail
///    `Message-ID`, the print shop's job id or the SMS gateway's client reference.
///
/// With those, a crash anywhere is safe:
///
/// | crash | next run |
/// |---|---|
/// | before a customer's `commit` | nothing of that customer was recorded; the same actions are planned again with the same keys |
/// | after `commit`, before `deliver` | the entry is pending and is delivered; planning does not repeat it (the steps are recorded) |
/// | after `deliver`, before `complete` | the entry is pending; `deliver` is called again with the same key and, by promise 4, does not send twice |
/// | after `complete` | nothing left to do |
///
/// # Facts, records and the wakeup index
///
/// Every [`Commit`] carries the [`Wakeup`] of each account it touched (or that the run
/// looked at): the date the engine must look at the invoice again, computed by the engine
/// with the customer's ladder. A store keeps it as an indexed column, so
/// [`Store::load_due`] is an indexed query and a store never needs the ladders. An
/// account the store has no wakeup for yet (a new invoice, or one the host changed by
/// hand) counts as due: the next run looks at it and hands its wakeup over.
///
/// The host reports what happened (payments, credit notes, disputes...) as
/// [`Fact`](crate::Fact)s through [`Dunning::record`](crate::Dunning::record); the engine
/// records steps, deliveries and timers itself.
///
/// # What to store, and what "oldest first" means
///
/// - **Store every event of a [`Commit`], in order**, facts and the engine's own records
///   alike (`step_reached`, `notice_delivered`, `accessories_claimed`...): an account is
///   its invoice plus its events, rebuilt with [`Account::replay`] or kept up to date with
///   [`Account::apply`]. There are no timer events: time only moves the [`Wakeup`] dates,
///   which are an index, not history. An event whose `external_id` the account already
///   holds is skipped, so a fact replayed by two imports counts once.
/// - **A store never needs the ladders** (no `LadderBook`): the engine computes each
///   account's wakeup with the customer's ladder and hands it over in the commit.
/// - **Ladder problems are not store errors**: `load_due` returns customers as stored;
///   a customer whose ladder is missing or invalid is reported by the run as a
///   [`PlanProblem`](crate::PlanProblem) of kind
///   [`ProblemKind::NoLadder`](crate::ProblemKind::NoLadder) and the others go on.
///   `load_due` fails only when the store cannot read ([`StoreError::new`]).
/// - **Oldest first** ([`Store::pending`]) is commit order: the entries of an earlier
///   commit before those of a later one, and within one commit in the order of
///   [`Commit::outbox`]. Not key order, not date order; an entry committed again keeps
///   its first place.
///
/// # Testing a store
///
/// With the `testing` feature, `relance::testing::store_conformance` runs these promises
/// as checks against a host's store (each check names the part of this contract it
/// proves), `relance::testing::FaultyStore` injects failures and crashes between any two
/// calls, and `relance::testing::Campaign` plays seeded random years of dunning through the
/// store under faults with an auditor. `relance-sqlite` (in this repository) is a complete
/// SQLite implementation passing them.
///
/// # Errors
/// A store that refuses one customer's commit or one entry's completion for a reason of
/// data (a constraint, an event it will not apply) says so with
/// [`StoreError::rejected`]: the run reports it and goes on with the others. Any other
/// error ([`StoreError::new`]: connection lost, disk full) stops the run; every call being
/// atomic, running again is safe.
pub trait Store {
    /// The customers having at least one account due on or before `as_of` (its stored
    /// wakeup at or before it, or no wakeup stored yet), each with **all** its accounts
    /// still open, so one notice can group them, and those closed (settled or written
    /// off) within the last [`Policy::MAX_CONTACT_PRESSURE_DAYS`](crate::Policy::MAX_CONTACT_PRESSURE_DAYS)
    /// days, whose notices count for contact pressure. Loading more is harmless (nothing
    /// is planned for closed accounts); loading less only delays actions, or lets a
    /// notice follow one sent for an invoice paid since sooner than the policy wants.
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError>;

    /// Atomically appends the events, adds the outbox entries whose key is neither pending
    /// nor executed, and stores the wakeups. All or nothing.
    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError>;

    /// The outbox entries not completed yet, oldest first (in the order they were
    /// committed).
    fn pending(&mut self) -> Result<Vec<Action>, StoreError>;

    /// Atomically records the outcome (events and wakeups of `outcome`; its `outbox` is
    /// empty), remembers `key` as executed and removes its entry from the outbox.
    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError>;

    /// Whether `key` was completed.
    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError>;

    /// The current accounts of these invoices (missing ones are left out).
    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError>;

    /// A customer by id, `None` when unknown. Needed to decide on an outbox entry left by
    /// an earlier run (the customer's zone, calendar and ladder).
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError>;
}

/// Proof that an action was accepted by the delivery service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The service's reference: message id, tracking number, task id...
    pub reference: String,
}

/// Why an action could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DeliveryError {
    /// Try again later (timeout, rate limit, server down): the entry stays in the outbox.
    #[error("transient delivery failure: {reason}")]
    Transient {
        /// What the service said.
        reason: String,
    },
    /// It will never work as is (bounced address, no such number): the failure is
    /// recorded and the invoice is put on hold for a person.
    #[error("permanent delivery failure: {reason}")]
    Permanent {
        /// What the service said.
        reason: String,
    },
}

/// Everything a [`Delivery`] needs to send one action without going back to the store:
/// the action, the customer (contacts, language, zone), the customer's ladder and step,
/// and the policy. To print a notice, build its content with
/// `NoticeContent::build(notice, outgoing.customer, &creditor, outgoing.ladder,
/// outgoing.policy)` and render it (see [`notice`](crate::notice)); the creditor's
/// identity and the templates are the host's.
///
/// # Example
/// ```
/// use relance::{Delivery, DeliveryError, Outgoing, Receipt};
/// struct Printer;
/// impl Delivery for Printer {
///     fn deliver(&mut self, out: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
///         Ok(Receipt { reference: format!("{} for {}", out.action.key(), out.customer.name) })
///     }
/// }
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Outgoing<'a> {
    /// What to send or hand to a person.
    pub action: &'a Action,
    /// The customer.
    pub customer: &'a Customer,
    /// The customer's ladder.
    pub ladder: &'a Ladder,
    /// The step of a notice (`None` for tasks).
    pub step: Option<&'a Step>,
    /// The policy of the run.
    pub policy: &'a Policy,
}

/// Sends notices and creates tasks.
pub trait Delivery {
    /// Performs one action: sends a notice to the customer, or hands an approval request,
    /// credit hold or dispute review to the right person.
    ///
    /// **Must be idempotent on `outgoing.action.key()`**: if an action with this key was
    /// already accepted, return the original receipt and do not send again (see the
    /// module docs).
    fn deliver(&mut self, outgoing: &Outgoing<'_>) -> Result<Receipt, DeliveryError>;
}

/// Why a run stopped. Every store operation is atomic, so running again is safe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The store is unavailable.
    #[error(transparent)]
    Store(#[from] StoreError),
}
