//! The traits a host implements: [`Store`] for persistence and [`Delivery`] for sending.
//! [`run`](crate::run) drives one dunning run through them.
//!
//! # What the host must honour
//!
//! The runner's guarantee, *no action lost and no second delivery for the same key from
//! the library's side*, rests on four promises:
//!
//! 1. **[`Store::commit`] is atomic**: the events and the outbox entries of a run are
//!    stored together or not at all. A rejected event fails the whole commit.
//! 2. **[`Store::complete`] is atomic**: the outcome events are appended, the key is
//!    remembered as executed and the entry leaves the outbox, together or not at all.
//! 3. **Keys are remembered** for as long as an action with that key could be planned or
//!    pending (in practice: forever, or at least a year).
//! 4. **[`Delivery::deliver`] is idempotent on the key**: if an action with this key was
//!    already accepted, return the original receipt without sending again. This is what
//!    covers a crash between sending and [`Store::complete`]; use the key as the e-mail
//!    `Message-ID`, the print shop's job id or the SMS gateway's client reference.
//!
//! With those, a crash anywhere is safe:
//!
//! | crash | next run |
//! |---|---|
//! | before `commit` | nothing was recorded; the same actions are planned again with the same keys |
//! | after `commit`, before `deliver` | the entry is pending and is delivered; planning does not repeat it (the steps are recorded) |
//! | after `deliver`, before `complete` | the entry is pending; `deliver` is called again with the same key and, by promise 4, does not send twice |
//! | after `complete` | nothing left to do |

use crate::account::Account;
use crate::action::{Action, IdempotencyKey};
use crate::customer::Customer;
use crate::event::Event;
use crate::ids::{CustomerId, InvoiceId};
use crate::plan::CustomerAccounts;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A storage failure reported by the host. The run stops; the next run resumes safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store: {message}")]
pub struct StoreError {
    /// What the storage layer said.
    pub message: String,
}

impl StoreError {
    /// A store error with a message.
    ///
    /// # Example
    /// ```
    /// use relance::StoreError;
    /// let e = StoreError::new("connection reset");
    /// assert_eq!(e.to_string(), "store: connection reset");
    /// ```
    pub fn new(message: impl Into<String>) -> StoreError {
        StoreError {
            message: message.into(),
        }
    }
}

/// Persistence of customers, accounts, events and the outbox.
///
/// Every method may fail with a [`StoreError`]; the runner stops at the first one and a
/// later run picks up where it stopped. See the module docs for the contract.
pub trait Store {
    /// The customers having at least one account with something due on or before `as_of`
    /// ([`Account::next_wakeup`] at or before it), each with **all** its accounts still
    /// open, so one notice can group them. Loading more is harmless (nothing is planned
    /// for them); loading less only delays their actions.
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError>;

    /// Atomically appends `events` (each applied to its account with
    /// [`Account::apply`]) and adds the `outbox` entries whose key is neither pending nor
    /// executed. All or nothing: if any event is rejected, return an error and change
    /// nothing.
    fn commit(&mut self, events: &[Event], outbox: &[Action]) -> Result<(), StoreError>;

    /// The outbox entries not completed yet, oldest first.
    fn pending(&mut self) -> Result<Vec<Action>, StoreError>;

    /// Atomically appends `events`, remembers `key` as executed and removes its entry from
    /// the outbox.
    fn complete(&mut self, key: &IdempotencyKey, events: &[Event]) -> Result<(), StoreError>;

    /// Whether `key` was completed.
    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError>;

    /// The current accounts of these invoices (missing ones are left out).
    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError>;

    /// A customer by id, `None` when unknown. [`run_at`](crate::run_at) needs the time zone
    /// and country of a customer whose notice waits in the outbox from an earlier run;
    /// the default knows nobody, so such a notice stays in the outbox (and is reported)
    /// until the customer is loaded by [`Store::load_due`] again. Implement it.
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        let _ = id;
        Ok(None)
    }
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

/// Sends notices and creates tasks.
pub trait Delivery {
    /// Performs one action: sends a notice to the customer, or hands an approval request,
    /// credit hold or dispute review to the right person.
    ///
    /// **Must be idempotent on `action.key()`**: if an action with this key was already
    /// accepted, return the original receipt and do not send again (see the module docs).
    fn deliver(&mut self, action: &Action) -> Result<Receipt, DeliveryError>;
}
