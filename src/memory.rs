//! An in-memory [`Store`] and a recording [`Delivery`], for tests, examples and
//! simulations, and as reference implementations of the host contracts.

use crate::account::{Account, Status};
use crate::action::{Action, IdempotencyKey};
use crate::customer::Customer;
use crate::error::Error;
use crate::event::Event;
use crate::host::{Delivery, DeliveryError, Receipt, Store, StoreError};
use crate::ids::{CustomerId, InvoiceId};
use crate::invoice::Invoice;
use crate::ladder::{Channel, LadderBook};
use crate::plan::CustomerAccounts;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A [`Store`] in memory. Commits are atomic: events are applied to copies of the
/// accounts concerned, which replace the originals only if every event was accepted.
///
/// # Example
/// ```
/// use relance::memory::MemoryStore;
/// use relance::{LadderBook, Ladder, Step, Stage, Channel};
/// let book = LadderBook::new(vec![Ladder::new("l", vec![Step::new("r", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let store = MemoryStore::new(book);
/// assert_eq!(store.accounts_iter().count(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct MemoryStore {
    book: LadderBook,
    customers: BTreeMap<CustomerId, Customer>,
    accounts: BTreeMap<InvoiceId, Account>,
    outbox: Vec<Action>,
    executed: BTreeSet<IdempotencyKey>,
    log: Vec<Event>,
    fail_next_commits: u32,
}

impl MemoryStore {
    /// An empty store; the ladder book is used to find accounts with something due.
    pub fn new(book: LadderBook) -> MemoryStore {
        MemoryStore {
            book,
            customers: BTreeMap::new(),
            accounts: BTreeMap::new(),
            outbox: Vec::new(),
            executed: BTreeSet::new(),
            log: Vec::new(),
            fail_next_commits: 0,
        }
    }

    /// Adds or replaces a customer.
    pub fn add_customer(&mut self, customer: Customer) {
        self.customers.insert(customer.id.clone(), customer);
    }

    /// Opens an account for a new invoice.
    ///
    /// # Errors
    /// The invoice is invalid, already known, or its customer is unknown.
    pub fn add_invoice(&mut self, invoice: Invoice) -> Result<(), Error> {
        if !self.customers.contains_key(&invoice.customer) {
            return Err(Error::UnknownCustomer {
                customer: invoice.customer.clone(),
                invoice: invoice.id.clone(),
            });
        }
        if self.accounts.contains_key(&invoice.id) {
            return Err(Error::DuplicateInvoice {
                invoice: invoice.id.clone(),
            });
        }
        let account = Account::open(invoice)?;
        self.accounts.insert(account.invoice().id.clone(), account);
        Ok(())
    }

    /// Records host events (payments, disputes...) atomically: all are applied or none.
    ///
    /// # Errors
    /// The first rejected event, or an unknown invoice; nothing is changed.
    pub fn record(&mut self, events: &[Event]) -> Result<(), Error> {
        let mut changed: BTreeMap<InvoiceId, Account> = BTreeMap::new();
        for e in events {
            let acc = match changed.get_mut(&e.invoice) {
                Some(a) => a,
                None => {
                    let a = self
                        .accounts
                        .get(&e.invoice)
                        .ok_or_else(|| Error::UnknownInvoice {
                            invoice: e.invoice.clone(),
                        })?
                        .clone();
                    changed.entry(e.invoice.clone()).or_insert(a)
                }
            };
            acc.apply(e)?;
        }
        self.accounts.extend(changed);
        self.log.extend(events.iter().cloned());
        Ok(())
    }

    /// Makes the next `n` commits fail, to test crash recovery.
    pub fn fail_next_commits(&mut self, n: u32) {
        self.fail_next_commits = n;
    }

    /// An account by invoice id.
    pub fn account(&self, invoice: &InvoiceId) -> Option<&Account> {
        self.accounts.get(invoice)
    }

    /// All accounts, by invoice id.
    pub fn accounts_iter(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    /// All customers, by id.
    pub fn customers(&self) -> impl Iterator<Item = &Customer> {
        self.customers.values()
    }

    /// Every event recorded, in order.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// The outbox (pending actions), oldest first.
    pub fn outbox(&self) -> &[Action] {
        &self.outbox
    }

    /// The earliest wakeup among the accounts of customers dunned automatically (the
    /// others are never planned), so a simulation can jump to it.
    pub fn next_wakeup(&self) -> Option<NaiveDate> {
        self.accounts
            .values()
            .filter_map(|a| {
                let c = self
                    .customers
                    .get(&a.invoice().customer)
                    .filter(|c| c.is_dunned_automatically())?;
                let ladder = self.book.ladder_for(c).ok()?;
                a.next_wakeup(ladder)
            })
            .min()
    }
}

impl Store for MemoryStore {
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        let mut due_customers: BTreeSet<&CustomerId> = BTreeSet::new();
        for a in self.accounts.values() {
            let Some(c) = self.customers.get(&a.invoice().customer) else {
                continue;
            };
            let Ok(ladder) = self.book.ladder_for(c) else {
                // Let the planner report the problem.
                due_customers.insert(&c.id);
                continue;
            };
            if a.next_wakeup(ladder).is_some_and(|w| w <= as_of) {
                due_customers.insert(&c.id);
            }
        }
        let mut out = Vec::with_capacity(due_customers.len());
        for id in due_customers {
            let Some(customer) = self.customers.get(id) else {
                continue;
            };
            let accounts = self
                .accounts
                .values()
                .filter(|a| &a.invoice().customer == id)
                .filter(|a| {
                    !matches!(
                        a.status(),
                        Status::Settled { .. } | Status::WrittenOff { .. }
                    )
                })
                .cloned()
                .collect();
            out.push(CustomerAccounts {
                customer: customer.clone(),
                accounts,
            });
        }
        Ok(out)
    }

    fn commit(&mut self, events: &[Event], outbox: &[Action]) -> Result<(), StoreError> {
        if self.fail_next_commits > 0 {
            self.fail_next_commits -= 1;
            return Err(StoreError::new("injected commit failure"));
        }
        self.record(events)
            .map_err(|e| StoreError::new(e.to_string()))?;
        for a in outbox {
            let pending = self.outbox.iter().any(|p| p.key() == a.key());
            if !pending && !self.executed.contains(a.key()) {
                self.outbox.push(a.clone());
            }
        }
        Ok(())
    }

    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        Ok(self.outbox.clone())
    }

    fn complete(&mut self, key: &IdempotencyKey, events: &[Event]) -> Result<(), StoreError> {
        self.record(events)
            .map_err(|e| StoreError::new(e.to_string()))?;
        self.executed.insert(key.clone());
        self.outbox.retain(|a| a.key() != key);
        Ok(())
    }

    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        Ok(self.executed.contains(key))
    }

    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        Ok(invoices
            .iter()
            .filter_map(|i| self.accounts.get(i).cloned())
            .collect())
    }

    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        Ok(self.customers.get(id).cloned())
    }
}

/// A [`Delivery`] that records what it is asked to deliver, honours the idempotency
/// contract (a key already accepted returns its first receipt without sending again), and
/// can be told to fail.
///
/// # Example
/// ```
/// use relance::memory::RecordingDelivery;
/// use relance::Channel;
/// let mut d = RecordingDelivery::default();
/// d.fail_channel(Channel::Sms, "no such number");
/// assert!(d.sent().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct RecordingDelivery {
    sent: Vec<Action>,
    receipts: BTreeMap<IdempotencyKey, Receipt>,
    attempts: BTreeMap<IdempotencyKey, u32>,
    permanent: BTreeMap<Channel, String>,
    permanent_kinds: BTreeMap<&'static str, String>,
    transient_left: u32,
}

impl RecordingDelivery {
    /// Notices on `channel` fail permanently with `reason`.
    pub fn fail_channel(&mut self, channel: Channel, reason: &str) {
        self.permanent.insert(channel, reason.to_string());
    }

    /// Actions of a kind (`"approval_request"`, `"credit_hold"`...; see [`Action::kind`])
    /// fail permanently with `reason`.
    pub fn fail_action_kind(&mut self, kind: &'static str, reason: &str) {
        self.permanent_kinds.insert(kind, reason.to_string());
    }

    /// The next `n` deliveries fail transiently.
    pub fn fail_transiently(&mut self, n: u32) {
        self.transient_left = n;
    }

    /// Actions actually sent, each once, in order.
    pub fn sent(&self) -> &[Action] {
        &self.sent
    }

    /// How many times `deliver` was called with a key.
    pub fn attempts(&self, key: &IdempotencyKey) -> u32 {
        self.attempts.get(key).copied().unwrap_or(0)
    }
}

impl Delivery for RecordingDelivery {
    fn deliver(&mut self, action: &Action) -> Result<Receipt, DeliveryError> {
        let key = action.key().clone();
        *self.attempts.entry(key.clone()).or_insert(0) += 1;
        if let Some(r) = self.receipts.get(&key) {
            return Ok(r.clone());
        }
        if self.transient_left > 0 {
            self.transient_left -= 1;
            return Err(DeliveryError::Transient {
                reason: "injected transient failure".into(),
            });
        }
        if let Some(reason) = self.permanent_kinds.get(action.kind()) {
            return Err(DeliveryError::Permanent {
                reason: reason.clone(),
            });
        }
        if let Action::Notice(n) = action {
            if let Some(reason) = self.permanent.get(&n.channel) {
                return Err(DeliveryError::Permanent {
                    reason: reason.clone(),
                });
            }
        }
        let receipt = Receipt {
            reference: format!("rcpt-{}", self.sent.len() + 1),
        };
        self.sent.push(action.clone());
        self.receipts.insert(key, receipt.clone());
        Ok(receipt)
    }
}
