//! An in-memory [`Store`] and a recording [`Delivery`], for tests, examples and
//! simulations, and as reference implementations of the host contracts.

use crate::account::{Account, Status};
use crate::action::{Action, IdempotencyKey};
use crate::customer::Customer;
use crate::error::Error;
use crate::event::Event;
use crate::host::{Commit, Delivery, DeliveryError, Outgoing, Receipt, Store, StoreError};
use crate::ids::{CustomerId, InvoiceId};
use crate::invoice::Invoice;
use crate::ladder::Channel;
use crate::plan::CustomerAccounts;
use crate::policy::Policy;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A [`Store`] in memory. Commits are atomic: events are applied to copies of the
/// accounts concerned, which replace the originals only if every event was accepted. The
/// wakeups handed over with each commit are kept in a date index, so
/// [`Store::load_due`] reads only what is due; an account with no wakeup yet (new, or
/// changed by [`MemoryStore::record`]) counts as due.
///
/// # Example
/// ```
/// use relance::memory::MemoryStore;
/// use relance::{LadderBook, Ladder, Step, Stage, Channel};
/// let book = LadderBook::new(vec![Ladder::new("l", vec![Step::new("r", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let store = MemoryStore::new();
/// assert_eq!(store.accounts_iter().count(), 0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    customers: BTreeMap<CustomerId, Customer>,
    accounts: BTreeMap<InvoiceId, Account>,
    /// Each customer's invoices.
    by_customer: BTreeMap<CustomerId, BTreeSet<InvoiceId>>,
    /// The stored wakeup of each indexed account (`None`: only a fact can move it).
    wakeups: BTreeMap<InvoiceId, Option<NaiveDate>>,
    /// `(wakeup, invoice)` for the accounts with a date.
    due_index: BTreeSet<(NaiveDate, InvoiceId)>,
    /// Accounts without a wakeup yet: due.
    unindexed: BTreeSet<InvoiceId>,
    outbox: Vec<Action>,
    executed: BTreeSet<IdempotencyKey>,
    log: Vec<Event>,
    fail_next_commits: u32,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, LadderBook, Stage, Step};
    /// use relance::memory::MemoryStore;
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let store = MemoryStore::new();
    /// assert!(store.outbox().is_empty() && store.log().is_empty());
    /// assert_eq!(store.next_wakeup(), None); // no invoice yet
    /// ```
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Adds or replaces a customer.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::MemoryStore;
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let mut store = MemoryStore::new();
    /// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
    ///     Zone::EUROPE_PARIS);
    /// store.add_customer(c.clone());
    /// c.name = "Acme SAS".into();
    /// store.add_customer(c); // same id: replaces
    /// let names: Vec<&str> = store.customers().map(|c| c.name.as_str()).collect();
    /// assert_eq!(names, ["Acme SAS"]);
    /// ```
    pub fn add_customer(&mut self, customer: Customer) {
        // A changed customer (mode, ladder) may change what is due: look at its accounts
        // again on the next run.
        let ids: Vec<InvoiceId> = self
            .by_customer
            .get(&customer.id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for id in ids {
            self.unindex(&id);
        }
        self.customers.insert(customer.id.clone(), customer);
    }

    fn unindex(&mut self, invoice: &InvoiceId) {
        if let Some(Some(d)) = self.wakeups.remove(invoice) {
            self.due_index.remove(&(d, invoice.clone()));
        }
        self.unindexed.insert(invoice.clone());
    }

    fn index(&mut self, invoice: &InvoiceId, on: Option<NaiveDate>) {
        if !self.accounts.contains_key(invoice) {
            return;
        }
        if let Some(Some(d)) = self.wakeups.remove(invoice) {
            self.due_index.remove(&(d, invoice.clone()));
        }
        self.unindexed.remove(invoice);
        if let Some(d) = on {
            self.due_index.insert((d, invoice.clone()));
        }
        self.wakeups.insert(invoice.clone(), on);
    }

    /// Opens an account for a new invoice.
    ///
    /// # Errors
    /// The invoice is invalid, already known, or its customer is unknown.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// let inv = |id: &str, customer: &str| Invoice::single(id, id, customer, Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"));
    /// store.add_invoice(inv("INV-2", "C-1")).unwrap();
    /// let again = store.add_invoice(inv("INV-2", "C-1"));
    /// assert!(matches!(again, Err(Error::DuplicateInvoice { .. })));
    /// let stranger = store.add_invoice(inv("INV-3", "C-9"));
    /// assert!(matches!(stranger, Err(Error::UnknownCustomer { .. })));
    /// ```
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
        let id = account.invoice().id.clone();
        self.by_customer
            .entry(account.invoice().customer.clone())
            .or_default()
            .insert(id.clone());
        self.accounts.insert(id.clone(), account);
        self.unindexed.insert(id);
        Ok(())
    }

    /// Records host facts (payments, disputes...) directly, atomically: all are applied or
    /// none. A fact whose external id its account already holds is skipped. The accounts
    /// lose their wakeup and are looked at on the next run.
    /// [`Dunning::record`](crate::Dunning::record) is the front door (each fact on its own,
    /// wakeups computed); this is the in-memory shortcut for tests and set-up.
    ///
    /// # Errors
    /// An event the engine records itself ([`Error::NotAFact`]), the first rejected fact,
    /// or an unknown invoice; nothing is changed.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// let pay = |amount| Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount });
    /// let outstanding = |s: &MemoryStore| s.account(&"INV-1".into()).unwrap().outstanding();
    /// // The second payment is negative: neither is recorded.
    /// assert!(store.record(&[pay(dec!(60.00)), pay(dec!(-60.00))]).is_err());
    /// assert_eq!(outstanding(&store).to_string(), "100.00 EUR");
    /// store.record(&[pay(dec!(60.00))]).unwrap();
    /// assert_eq!(outstanding(&store).to_string(), "40.00 EUR");
    /// ```
    pub fn record(&mut self, events: &[Event]) -> Result<(), Error> {
        for e in events {
            if !e.kind.is_fact() {
                return Err(crate::event::NotAFact {
                    invoice: e.invoice.clone(),
                    kind: e.kind.name(),
                }
                .into());
            }
        }
        let changed = self.apply_all(events)?;
        for id in changed {
            self.unindex(&id);
        }
        Ok(())
    }

    /// Applies events atomically; the invoices changed.
    fn apply_all(&mut self, events: &[Event]) -> Result<Vec<InvoiceId>, Error> {
        let mut changed: BTreeMap<InvoiceId, Account> = BTreeMap::new();
        let mut applied = Vec::with_capacity(events.len());
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
            let seen = e.external_id.as_ref().is_some_and(|id| {
                acc.history()
                    .iter()
                    .any(|h| h.external_id.as_ref() == Some(id))
            });
            if seen {
                continue;
            }
            acc.apply(e)?;
            applied.push(e.clone());
        }
        let ids: Vec<InvoiceId> = changed.keys().cloned().collect();
        self.accounts.extend(changed);
        self.log.extend(applied);
        Ok(ids)
    }

    /// Makes the next `n` commits fail, to test crash recovery.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// store.fail_next_commits(1);
    /// assert!(Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).is_err());
    /// assert!(delivery.sent().is_empty() && store.log().is_empty()); // nothing happened
    /// // The next run picks up where the failed one stopped.
    /// let report = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(report.delivered.len(), 1);
    /// ```
    pub fn fail_next_commits(&mut self, n: u32) {
        self.fail_next_commits = n;
    }

    /// An account by invoice id.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// let acc = store.account(&"INV-1".into()).unwrap();
    /// assert_eq!(acc.days_overdue(d("2025-02-10")), 10);
    /// assert!(store.account(&"INV-9".into()).is_none());
    /// ```
    pub fn account(&self, invoice: &InvoiceId) -> Option<&Account> {
        self.accounts.get(invoice)
    }

    /// All accounts, by invoice id.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// store.add_invoice(Invoice::single("INV-0", "F-0", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(50.00), d("2025-01-31"))).unwrap();
    /// let ids: Vec<&str> = store.accounts_iter().map(|a| a.invoice().id.as_str()).collect();
    /// assert_eq!(ids, ["INV-0", "INV-1"]);
    /// ```
    pub fn accounts_iter(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    /// All customers, by id.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// store.add_customer(Customer::new("C-0", "Zenith", CustomerKind::Public, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS));
    /// let names: Vec<&str> = store.customers().map(|c| c.name.as_str()).collect();
    /// assert_eq!(names, ["Zenith", "Acme"]); // by id: C-0, C-1
    /// ```
    pub fn customers(&self) -> impl Iterator<Item = &Customer> {
        self.customers.values()
    }

    /// Every event recorded, in order.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// store.record(&[Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount: dec!(100.00) })]).unwrap();
    /// let kinds: Vec<&str> = store.log().iter().map(|e| e.kind.name()).collect();
    /// assert_eq!(kinds, ["step_reached", "notice_delivered", "payment"]);
    /// ```
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// The outbox (pending actions), oldest first.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// delivery.fail_transiently(1);
    /// let report = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(report.deferred.len(), 1);
    /// // The reminder waits in the outbox for the next run.
    /// assert_eq!(store.outbox().iter().map(|a| a.kind()).collect::<Vec<_>>(), ["notice"]);
    /// ```
    pub fn outbox(&self) -> &[Action] {
        &self.outbox
    }

    /// The earliest stored wakeup, so a simulation can jump to it. An account without a
    /// wakeup yet is due: it counts from its clock (the latest date it has seen).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// assert_eq!(store.next_wakeup(), Some(d("2025-01-01"))); // new: due at once
    /// let _ = dunning.run(d("2025-01-02"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(store.next_wakeup(), Some(d("2025-02-07")));
    /// let mut c = store.customers().next().unwrap().clone();
    /// c.mode = DunningMode::Manual; // never planned: no wakeup once the next run has looked
    /// store.add_customer(c);
    /// let _ = dunning.run(d("2025-01-03"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(store.next_wakeup(), None);
    /// ```
    pub fn next_wakeup(&self) -> Option<NaiveDate> {
        let unindexed = self
            .unindexed
            .iter()
            .filter_map(|i| self.accounts.get(i))
            .map(|a| a.clock())
            .min();
        let indexed = self.due_index.iter().next().map(|(d, _)| *d);
        match (unindexed, indexed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl Store for MemoryStore {
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        let mut due_customers: BTreeSet<&CustomerId> = BTreeSet::new();
        let due = self
            .due_index
            .iter()
            .take_while(|(d, _)| *d <= as_of)
            .map(|(_, i)| i)
            .chain(self.unindexed.iter());
        for id in due {
            if let Some(a) = self.accounts.get(id) {
                if self.customers.contains_key(&a.invoice().customer) {
                    due_customers.insert(&a.invoice().customer);
                }
            }
        }
        let mut out = Vec::with_capacity(due_customers.len());
        for id in due_customers {
            let Some(customer) = self.customers.get(id) else {
                continue;
            };
            let accounts = self
                .by_customer
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|i| self.accounts.get(i))
                .filter(|a| match a.status() {
                    // Closed lately: its notices still count for contact pressure.
                    Status::Settled { on } | Status::WrittenOff { on, .. } => {
                        (as_of - *on).num_days() <= i64::from(Policy::MAX_CONTACT_PRESSURE_DAYS)
                    }
                    _ => true,
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

    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError> {
        if self.fail_next_commits > 0 {
            self.fail_next_commits -= 1;
            return Err(StoreError::new("injected commit failure"));
        }
        self.apply_all(&commit.events)
            .map_err(|e| StoreError::rejected(e.to_string()))?;
        for w in &commit.wakeups {
            self.index(&w.invoice, w.on);
        }
        for a in &commit.outbox {
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

    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError> {
        self.apply_all(&outcome.events)
            .map_err(|e| StoreError::rejected(e.to_string()))?;
        for w in &outcome.wakeups {
            self.index(&w.invoice, w.on);
        }
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
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// delivery.fail_channel(Channel::Email, "mailbox unknown");
    /// let report = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert!(report.failed[0].error.to_string().contains("mailbox unknown"));
    /// // A person must fix the contact: the invoice is on hold meanwhile.
    /// let acc = store.account(&"INV-1".into()).unwrap();
    /// assert!(matches!(acc.state(d("2025-02-07")), DunningState::OnHold { .. }));
    /// ```
    pub fn fail_channel(&mut self, channel: Channel, reason: &str) {
        self.permanent.insert(channel, reason.to_string());
    }

    /// Actions of a kind (`"approval_request"`, `"credit_hold"`...; see [`Action::kind`])
    /// fail permanently with `reason`.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_approval()
    /// # ])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the reminder 7 days later needs a person's approval,
    /// // and nobody can receive the request.
    /// delivery.fail_action_kind("approval_request", "no approver configured");
    /// let report = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert!(report.failed[0].error.to_string().contains("no approver configured"));
    /// // Counted as refused: the step is proposed again a week later.
    /// assert_eq!(store.next_wakeup(), Some(d("2025-02-14")));
    /// ```
    pub fn fail_action_kind(&mut self, kind: &'static str, reason: &str) {
        self.permanent_kinds.insert(kind, reason.to_string());
    }

    /// The next `n` deliveries fail transiently.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// delivery.fail_transiently(1);
    /// let first = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert!(first.deferred[0].error.to_string().contains("injected transient failure"));
    /// let next = Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-08"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(next.delivered.len(), 1);
    /// ```
    pub fn fail_transiently(&mut self, n: u32) {
        self.transient_left = n;
    }

    /// Actions actually sent, each once, in order.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let report = dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// assert_eq!(report.delivered[0].receipt.reference, "rcpt-1");
    /// // Delivering the same action again returns the first receipt and sends nothing.
    /// let action = delivery.sent()[0].clone();
    /// let customer = store.customers().next().unwrap().clone();
    /// let outgoing = dunning.outgoing(&action, &customer).unwrap();
    /// assert_eq!(delivery.deliver(&outgoing).unwrap().reference, "rcpt-1");
    /// assert_eq!(delivery.sent().len(), 1);
    /// ```
    pub fn sent(&self) -> &[Action] {
        &self.sent
    }

    /// How many times `deliver` was called with a key.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::memory::{MemoryStore, RecordingDelivery};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut store = MemoryStore::new();
    /// # let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # c.contacts.email = Some("ap@acme.example".into());
    /// # store.add_customer(c);
    /// # store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    /// #     dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let mut delivery = RecordingDelivery::default();
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder goes by e-mail 7 days later.
    /// delivery.fail_transiently(1);
    /// Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// Dunning::new(book.clone(), Policy::default()).unwrap().run(d("2025-02-08"), &mut store, &mut delivery, RunOptions::new()).unwrap();
    /// let key = delivery.sent()[0].key().clone();
    /// assert_eq!(delivery.attempts(&key), 2); // deferred once, then delivered
    /// ```
    pub fn attempts(&self, key: &IdempotencyKey) -> u32 {
        self.attempts.get(key).copied().unwrap_or(0)
    }
}

impl Delivery for RecordingDelivery {
    fn deliver(&mut self, outgoing: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        let action = outgoing.action;
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
