//! Fault-injecting wrappers for any [`Store`] and [`Delivery`].

use super::rng::SeededRng;
use crate::account::Account;
use crate::action::{Action, IdempotencyKey};
use crate::customer::Customer;
use crate::host::{Commit, Delivery, DeliveryError, Outgoing, Receipt, Store, StoreError};
use crate::ids::{CustomerId, InvoiceId};
use crate::plan::CustomerAccounts;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One fault a wrapper can inject.
///
/// # Example
/// ```
/// use relance::testing::Fault;
/// assert!(Fault::CrashAfter.is_store() && Fault::LostAck.is_delivery());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// The store call fails before doing anything ([`StoreError::new`]): the run stops.
    Unavailable,
    /// A `commit` or `complete` is refused ([`StoreError::rejected`]) without doing
    /// anything: the run reports it and goes on. On other calls it acts as `Unavailable`.
    Rejected,
    /// The store call is done, then the process "dies": the wrapper returns
    /// [`StoreError::new`] as if the answer never came back. This is a crash between this
    /// call and the next.
    CrashAfter,
    /// The delivery fails for now ([`DeliveryError::Transient`]); nothing is sent.
    Transient,
    /// The delivery fails for good ([`DeliveryError::Permanent`]); nothing is sent.
    Permanent,
    /// The inner delivery sends, then its answer is lost: a transient error is returned
    /// although the message went out. The retry must not send it again (promise 4).
    LostAck,
}

impl Fault {
    /// A fault of a store call.
    ///
    /// # Example
    /// ```
    /// assert!(relance::testing::Fault::Rejected.is_store());
    /// ```
    pub fn is_store(self) -> bool {
        matches!(
            self,
            Fault::Unavailable | Fault::Rejected | Fault::CrashAfter
        )
    }

    /// A fault of a delivery.
    ///
    /// # Example
    /// ```
    /// assert!(relance::testing::Fault::Permanent.is_delivery());
    /// ```
    pub fn is_delivery(self) -> bool {
        !self.is_store()
    }
}

/// Which store call a fault hit.
///
/// # Example
/// ```
/// assert_eq!(relance::testing::StoreCall::LoadDue.name(), "load_due");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoreCall {
    /// [`Store::load_due`].
    LoadDue,
    /// [`Store::commit`].
    Commit,
    /// [`Store::pending`].
    Pending,
    /// [`Store::complete`].
    Complete,
    /// [`Store::is_executed`].
    IsExecuted,
    /// [`Store::accounts`].
    Accounts,
    /// [`Store::customer`].
    Customer,
}

impl StoreCall {
    /// The method's name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::testing::StoreCall::Complete.name(), "complete");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            StoreCall::LoadDue => "load_due",
            StoreCall::Commit => "commit",
            StoreCall::Pending => "pending",
            StoreCall::Complete => "complete",
            StoreCall::IsExecuted => "is_executed",
            StoreCall::Accounts => "accounts",
            StoreCall::Customer => "customer",
        }
    }
}

/// When to inject faults: at given call numbers (scripted), and/or at random with a seeded
/// generator, a given number of times per thousand calls, drawing among a set of faults.
/// The same plan gives the same faults at the same calls, always.
///
/// # Example
/// ```
/// use relance::testing::{Fault, FaultPlan};
/// // The third call fails; then one call in ten fails, at random but reproducibly.
/// let plan = FaultPlan::none().at(2, Fault::Unavailable)
///     .random(42, 100, &[Fault::Unavailable, Fault::CrashAfter]);
/// assert!(!plan.is_quiet());
/// assert!(FaultPlan::none().is_quiet());
/// ```
#[derive(Debug, Clone, Default)]
pub struct FaultPlan {
    scripted: BTreeMap<u64, Fault>,
    rng: Option<SeededRng>,
    per_mille: u32,
    kinds: Vec<Fault>,
    limit: Option<u64>,
    calls: u64,
    injected: u64,
}

impl FaultPlan {
    /// No fault at all.
    ///
    /// # Example
    /// ```
    /// assert!(relance::testing::FaultPlan::none().is_quiet());
    /// ```
    pub fn none() -> FaultPlan {
        FaultPlan::default()
    }

    /// Injects `fault` at call number `call` (counted from 0 over the wrapper's life).
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan};
    /// let mut p = FaultPlan::none().at(1, Fault::Transient);
    /// assert_eq!(p.next(&[Fault::Transient]), None);
    /// assert_eq!(p.next(&[Fault::Transient]), Some(Fault::Transient));
    /// ```
    pub fn at(mut self, call: u64, fault: Fault) -> FaultPlan {
        self.scripted.insert(call, fault);
        self
    }

    /// Also injects, at each call, one of `kinds` with probability `per_mille / 1000`,
    /// drawn from a generator seeded with `seed`.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan};
    /// let mut p = FaultPlan::none().random(1, 1000, &[Fault::LostAck]);
    /// assert_eq!(p.next(&[Fault::LostAck, Fault::Transient]), Some(Fault::LostAck));
    /// ```
    pub fn random(mut self, seed: u64, per_mille: u32, kinds: &[Fault]) -> FaultPlan {
        self.rng = Some(SeededRng::new(seed));
        self.per_mille = per_mille.min(1000);
        self.kinds = kinds.to_vec();
        self
    }

    /// Injects at most `n` faults in all, then none.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan};
    /// let mut p = FaultPlan::none().random(1, 1000, &[Fault::Transient]).limit(1);
    /// assert!(p.next(&[Fault::Transient]).is_some());
    /// assert!(p.next(&[Fault::Transient]).is_none());
    /// ```
    pub fn limit(mut self, n: u64) -> FaultPlan {
        self.limit = Some(n);
        self
    }

    /// Whether this plan can inject nothing.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan};
    /// assert!(FaultPlan::none().random(1, 0, &[Fault::Transient]).is_quiet());
    /// ```
    pub fn is_quiet(&self) -> bool {
        self.scripted.is_empty() && (self.per_mille == 0 || self.kinds.is_empty())
    }

    /// How many faults were injected so far.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::testing::FaultPlan::none().injected(), 0);
    /// ```
    pub fn injected(&self) -> u64 {
        self.injected
    }

    /// The fault for the next call, among those `applicable` to it.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan};
    /// // A delivery fault is never injected into a store call.
    /// let mut p = FaultPlan::none().at(0, Fault::Transient);
    /// assert_eq!(p.next(&[Fault::Unavailable]), None);
    /// ```
    pub fn next(&mut self, applicable: &[Fault]) -> Option<Fault> {
        let call = self.calls;
        self.calls = self.calls.saturating_add(1);
        if self.limit.is_some_and(|l| self.injected >= l) {
            return None;
        }
        let scripted = self.scripted.get(&call).copied();
        let random = match (&mut self.rng, scripted) {
            (Some(rng), None) if self.per_mille > 0 && !self.kinds.is_empty() => {
                // Draw even when nothing applies, so the schedule does not depend on
                // which calls happen to be made.
                let hit = rng.chance(self.per_mille);
                let kind = rng.pick(&self.kinds).copied();
                if hit { kind } else { None }
            }
            _ => None,
        };
        let fault = scripted.or(random).filter(|f| applicable.contains(f))?;
        self.injected = self.injected.saturating_add(1);
        Some(fault)
    }
}

/// A fault injected by a wrapper: at which call, on what, and which fault.
///
/// # Example
/// ```
/// use relance::testing::{Fault, Injected};
/// let i = Injected { call: 3, on: "commit", fault: Fault::CrashAfter };
/// assert_eq!(i.on, "commit");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    /// The wrapper's call number (from 0).
    pub call: u64,
    /// The method (`"commit"`, `"deliver"`...).
    pub on: &'static str,
    /// The fault.
    pub fault: Fault,
}

/// Any [`Store`] with faults injected on a [`FaultPlan`]: errors before a call, refusals,
/// and crashes after a call (the call is done, its answer lost).
///
/// # Example
/// ```
/// use relance::*;
/// use relance::memory::{MemoryStore, RecordingDelivery};
/// use relance::testing::{Fault, FaultPlan, FaultyStore};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let mut inner = MemoryStore::new();
/// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
///     Zone::EUROPE_PARIS);
/// c.contacts.email = Some("ap@acme.example".into());
/// inner.add_customer(c);
/// inner.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let dunning = Dunning::new(book, Policy::default()).unwrap();
/// let mut delivery = RecordingDelivery::default();
/// // The first call (load_due) fails: the run stops, nothing happened.
/// let mut store = FaultyStore::new(inner, FaultPlan::none().at(0, Fault::Unavailable));
/// assert!(dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).is_err());
/// assert_eq!(store.injected().len(), 1);
/// // Running again is safe.
/// let report = dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
/// assert_eq!(report.delivered.len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct FaultyStore<S> {
    inner: S,
    plan: FaultPlan,
    calls: u64,
    injected: Vec<Injected>,
}

impl<S: Store> FaultyStore<S> {
    /// Wraps `inner`.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{FaultPlan, FaultyStore};
    /// let s = FaultyStore::new(relance::memory::MemoryStore::new(), FaultPlan::none());
    /// assert!(s.injected().is_empty());
    /// ```
    pub fn new(inner: S, plan: FaultPlan) -> FaultyStore<S> {
        FaultyStore {
            inner,
            plan,
            calls: 0,
            injected: Vec::new(),
        }
    }

    /// Replaces the plan (for example with [`FaultPlan::none`] to let a run finish) and
    /// returns the previous one, to put it back later where it stopped.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{Fault, FaultPlan, FaultyStore};
    /// let mut s = FaultyStore::new(relance::memory::MemoryStore::new(),
    ///     FaultPlan::none().at(0, Fault::Unavailable));
    /// let before = s.set_plan(FaultPlan::none());
    /// assert!(!before.is_quiet());
    /// ```
    pub fn set_plan(&mut self, plan: FaultPlan) -> FaultPlan {
        std::mem::replace(&mut self.plan, plan)
    }

    /// The faults injected so far.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyStore};
    /// # let s = FaultyStore::new(relance::memory::MemoryStore::new(), FaultPlan::none());
    /// assert!(s.injected().is_empty());
    /// ```
    pub fn injected(&self) -> &[Injected] {
        &self.injected
    }

    /// The wrapped store.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyStore};
    /// # let s = FaultyStore::new(relance::memory::MemoryStore::new(), FaultPlan::none());
    /// assert!(s.inner().outbox().is_empty());
    /// ```
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// The wrapped store, mutably.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyStore};
    /// # let mut s = FaultyStore::new(relance::memory::MemoryStore::new(), FaultPlan::none());
    /// s.inner_mut().fail_next_commits(0);
    /// ```
    pub fn inner_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The wrapped store, unwrapped.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyStore};
    /// # let s = FaultyStore::new(relance::memory::MemoryStore::new(), FaultPlan::none());
    /// let store = s.into_inner();
    /// assert!(store.log().is_empty());
    /// ```
    pub fn into_inner(self) -> S {
        self.inner
    }

    fn call<T>(
        &mut self,
        call: StoreCall,
        op: impl FnOnce(&mut S) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let n = self.calls;
        self.calls = self.calls.saturating_add(1);
        let applicable: &[Fault] = match call {
            StoreCall::Commit | StoreCall::Complete => {
                &[Fault::Unavailable, Fault::Rejected, Fault::CrashAfter]
            }
            _ => &[Fault::Unavailable, Fault::CrashAfter],
        };
        let fault = self.plan.next(applicable);
        if let Some(fault) = fault {
            self.injected.push(Injected {
                call: n,
                on: call.name(),
                fault,
            });
        }
        let message = |what: &str| format!("injected {what} at call {n} ({})", call.name());
        match fault {
            Some(Fault::Unavailable) => Err(StoreError::new(message("unavailability"))),
            Some(Fault::Rejected) => Err(StoreError::rejected(message("refusal"))),
            Some(Fault::CrashAfter) => {
                op(&mut self.inner)?;
                Err(StoreError::new(message("crash after the call")))
            }
            _ => op(&mut self.inner),
        }
    }
}

impl<S: Store> Store for FaultyStore<S> {
    fn load_due(&mut self, as_of: NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.call(StoreCall::LoadDue, |s| s.load_due(as_of))
    }
    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError> {
        self.call(StoreCall::Commit, |s| s.commit(commit))
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        self.call(StoreCall::Pending, |s| s.pending())
    }
    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError> {
        self.call(StoreCall::Complete, |s| s.complete(key, outcome))
    }
    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        self.call(StoreCall::IsExecuted, |s| s.is_executed(key))
    }
    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<Account>, StoreError> {
        self.call(StoreCall::Accounts, |s| s.accounts(invoices))
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.call(StoreCall::Customer, |s| s.customer(id))
    }
}

/// Any [`Delivery`] with faults injected on a [`FaultPlan`]: transient and permanent
/// failures (nothing sent) and lost acknowledgements (sent, then a transient error).
///
/// # Example
/// ```
/// use relance::*;
/// use relance::memory::{MemoryStore, RecordingDelivery};
/// use relance::testing::{Fault, FaultPlan, FaultyDelivery};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let mut store = MemoryStore::new();
/// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
///     Zone::EUROPE_PARIS);
/// c.contacts.email = Some("ap@acme.example".into());
/// store.add_customer(c);
/// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let dunning = Dunning::new(book, Policy::default()).unwrap();
/// // The reminder is sent but the answer is lost: it stays in the outbox...
/// let mut delivery = FaultyDelivery::new(RecordingDelivery::default(),
///     FaultPlan::none().at(0, Fault::LostAck));
/// let first = dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
/// assert_eq!(first.deferred.len(), 1);
/// // ...and the retry returns the first receipt without sending again.
/// let again = dunning.run(d("2025-02-07"), &mut store, &mut delivery, RunOptions::new()).unwrap();
/// assert_eq!(again.delivered.len(), 1);
/// assert_eq!(delivery.inner().sent().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct FaultyDelivery<D> {
    inner: D,
    plan: FaultPlan,
    calls: u64,
    injected: Vec<Injected>,
}

impl<D: Delivery> FaultyDelivery<D> {
    /// Wraps `inner`.
    ///
    /// # Example
    /// ```
    /// use relance::testing::{FaultPlan, FaultyDelivery};
    /// let d = FaultyDelivery::new(relance::memory::RecordingDelivery::default(), FaultPlan::none());
    /// assert!(d.injected().is_empty());
    /// ```
    pub fn new(inner: D, plan: FaultPlan) -> FaultyDelivery<D> {
        FaultyDelivery {
            inner,
            plan,
            calls: 0,
            injected: Vec::new(),
        }
    }

    /// Replaces the plan and returns the previous one.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyDelivery};
    /// # let mut d = FaultyDelivery::new(relance::memory::RecordingDelivery::default(), FaultPlan::none());
    /// assert!(d.set_plan(FaultPlan::none()).is_quiet());
    /// ```
    pub fn set_plan(&mut self, plan: FaultPlan) -> FaultPlan {
        std::mem::replace(&mut self.plan, plan)
    }

    /// The faults injected so far.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyDelivery};
    /// # let d = FaultyDelivery::new(relance::memory::RecordingDelivery::default(), FaultPlan::none());
    /// assert!(d.injected().is_empty());
    /// ```
    pub fn injected(&self) -> &[Injected] {
        &self.injected
    }

    /// The wrapped delivery.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyDelivery};
    /// # let d = FaultyDelivery::new(relance::memory::RecordingDelivery::default(), FaultPlan::none());
    /// assert!(d.inner().sent().is_empty());
    /// ```
    pub fn inner(&self) -> &D {
        &self.inner
    }

    /// The wrapped delivery, unwrapped.
    ///
    /// # Example
    /// ```
    /// # use relance::testing::{FaultPlan, FaultyDelivery};
    /// # let d = FaultyDelivery::new(relance::memory::RecordingDelivery::default(), FaultPlan::none());
    /// assert!(d.into_inner().sent().is_empty());
    /// ```
    pub fn into_inner(self) -> D {
        self.inner
    }
}

impl<D: Delivery> Delivery for FaultyDelivery<D> {
    fn deliver(&mut self, outgoing: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        let n = self.calls;
        self.calls = self.calls.saturating_add(1);
        let fault = self
            .plan
            .next(&[Fault::Transient, Fault::Permanent, Fault::LostAck]);
        if let Some(fault) = fault {
            self.injected.push(Injected {
                call: n,
                on: "deliver",
                fault,
            });
        }
        match fault {
            Some(Fault::Transient) => Err(DeliveryError::Transient {
                reason: format!("injected transient failure at call {n}"),
            }),
            Some(Fault::Permanent) => Err(DeliveryError::Permanent {
                reason: format!("injected permanent failure at call {n}"),
            }),
            Some(Fault::LostAck) => {
                self.inner.deliver(outgoing)?;
                Err(DeliveryError::Transient {
                    reason: format!("injected lost acknowledgement at call {n}"),
                })
            }
            _ => self.inner.deliver(outgoing),
        }
    }
}
