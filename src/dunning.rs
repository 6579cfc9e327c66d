//! The front door: [`Dunning`] holds the rules (ladders and policy); it plans, records the
//! host's facts, runs, and takes the outbox decisions an async host drives itself.

use crate::account::Account;
use crate::action::Action;
use crate::customer::Customer;
use crate::error::Error;
use crate::event::{Event, Fact};
use crate::host::{Commit, DeliveryError, Outgoing, Receipt, RunError, Store, Wakeup};
use crate::ids::{CustomerId, InvoiceId};
use crate::ladder::{Ladder, LadderBook};
use crate::local_time::RunAt;
use crate::outbox::{self, Decision, Outcome};
use crate::plan::{CustomerAccounts, Plan, plan_portfolio};
use crate::policy::Policy;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The dunning engine: the ladders and the policy, validated once. Every plan and run
/// goes through it, so the letter and the engine always agree on a deadline.
///
/// - [`Dunning::plan`]: what is due (pure, no store);
/// - [`Dunning::record`]: the host's facts (payments, disputes...), idempotent on their
///   external ids;
/// - [`Dunning::run`]: one run through the host's [`Store`] and
///   [`Delivery`](crate::Delivery);
/// - [`Dunning::decide`] and [`Dunning::outcome`]: the same run's decisions as values, for
///   a host with its own I/O model (see [`outbox`](crate::outbox)).
///
/// # Example
/// ```
/// use relance::*;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let dunning = Dunning::new(book, Policy::default()).unwrap();
/// let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// customer.contacts.email = Some("ap@acme.example".into());
/// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"));
/// let portfolio = vec![CustomerAccounts { customer, accounts: vec![Account::open(inv).unwrap()] }];
/// assert!(dunning.plan(d("2025-02-06"), &portfolio).actions.is_empty());
/// assert_eq!(dunning.plan(d("2025-02-07"), &portfolio).actions.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dunning {
    book: LadderBook,
    policy: Policy,
    warnings: Vec<LadderWarning>,
    /// Threads [`Dunning::plan`] may use (1: the caller's thread only).
    threads: usize,
}

/// A ladder step that asks for something the law does not allow for some of the
/// customers the ladder may serve. Not an error (the same ladder serves business
/// customers, who may be charged): for those customers the planner leaves the fee out
/// or reduces it, and says so in [`Plan::problems`](crate::Plan::problems)
/// ([`ProblemKind::FeeNotLawful`](crate::ProblemKind::FeeNotLawful)).
///
/// # Example
/// ```
/// use relance::*;
/// use rust_decimal_macros::dec;
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec!(5.00))])])
///     .unwrap();
/// let dunning = Dunning::new(book, Policy::default()).unwrap();
/// let w = &dunning.warnings()[0];
/// assert_eq!((w.ladder.as_str(), w.step, w.step_name.as_str()), ("std", 0, "reminder"));
/// assert!(w.message.contains("L111-8"), "{}", w.message);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LadderWarning {
    /// The ladder.
    pub ladder: crate::LadderId,
    /// The step's position.
    pub step: usize,
    /// The step's name.
    pub step_name: String,
    /// What the law does not allow, citing the article.
    pub message: String,
}

/// The warnings of a book: every fee a French or Belgian consumer the ladder may serve
/// ([`LadderBook::ladder_for`]) could not be charged as asked.
fn ladder_warnings(book: &LadderBook) -> Vec<LadderWarning> {
    use crate::customer::CustomerKind::Consumer;
    use crate::jurisdiction::Country;
    use crate::penalties::{BE_CAP_RULE, BE_FIRST_REMINDER_RULE, FR_CONSUMER_RULE};
    let mut out = Vec::new();
    for ladder in book.ladders() {
        let fr = book.may_serve(&ladder.id, Consumer, Country::FR);
        let be = book.may_serve(&ladder.id, Consumer, Country::BE);
        for (i, step) in ladder.steps.iter().enumerate() {
            let Some(fee) = step.fee.filter(|f| *f > rust_decimal::Decimal::ZERO) else {
                continue;
            };
            let mut warn = |who: &str, rule: &str| {
                out.push(LadderWarning {
                    ladder: ladder.id.clone(),
                    step: i,
                    step_name: step.name.clone(),
                    message: format!("fee {fee} not charged {who}: {rule}"),
                });
            };
            if fr {
                warn("to French consumers", FR_CONSUMER_RULE);
            }
            if be && crate::legal_periods::first_overdue_reminder(ladder, i) {
                warn("to Belgian consumers", BE_FIRST_REMINDER_RULE);
            } else if be && fee > crate::penalties::be_consumer::REMINDER_COST_CAP {
                warn("in full to Belgian consumers", BE_CAP_RULE);
            }
        }
    }
    out
}

/// What became of one fact given to [`Dunning::record`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactResult {
    /// Recorded.
    Recorded,
    /// The account already holds a fact with this external id: nothing changed.
    Duplicate,
    /// Refused; nothing of it was recorded.
    Rejected {
        /// Why.
        error: Error,
    },
}

/// One fact's result, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactReport {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The fact's type, as in JSON.
    pub kind: &'static str,
    /// The host's id for it.
    pub external_id: Option<String>,
    /// What became of it.
    pub result: FactResult,
}

/// What [`Dunning::record`] did with each fact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[must_use = "a rejected fact is only reported here"]
pub struct RecordReport {
    /// One entry per fact, in the order given.
    pub facts: Vec<FactReport>,
}

impl RecordReport {
    /// How many facts were recorded.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::RecordReport::default().recorded(), 0);
    /// ```
    pub fn recorded(&self) -> usize {
        self.facts
            .iter()
            .filter(|f| f.result == FactResult::Recorded)
            .count()
    }

    /// The facts refused, with why.
    ///
    /// # Example
    /// ```
    /// assert!(relance::RecordReport::default().rejected().is_empty());
    /// ```
    pub fn rejected(&self) -> Vec<&FactReport> {
        self.facts
            .iter()
            .filter(|f| matches!(f.result, FactResult::Rejected { .. }))
            .collect()
    }

    /// How many facts were already recorded (same external id).
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::RecordReport::default().duplicates(), 0);
    /// ```
    pub fn duplicates(&self) -> usize {
        self.facts
            .iter()
            .filter(|f| f.result == FactResult::Duplicate)
            .count()
    }
}

impl Dunning {
    /// The engine for these ladders and this policy.
    ///
    /// # Errors
    /// [`Error::Policy`] for a policy value out of bounds ([`Policy::validate`]).
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// assert_eq!(dunning.policy(), &Policy::default());
    /// ```
    pub fn new(book: LadderBook, policy: Policy) -> Result<Dunning, Error> {
        policy.validate()?;
        let warnings = ladder_warnings(&book);
        Ok(Dunning {
            book,
            policy,
            warnings,
            threads: 1,
        })
    }

    /// Lets [`Dunning::plan`] (and so [`Dunning::run`]) shard a large portfolio by customer
    /// over `threads` threads (clamped to 1..=256). The plan is identical whatever the
    /// count; a small portfolio stays on the caller's thread. The default is 1: relance
    /// does not look at the machine; a host passes
    /// `std::thread::available_parallelism()` if it wants every core.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap().with_threads(2);
    /// assert_eq!(dunning.threads(), 2);
    /// ```
    pub fn with_threads(mut self, threads: usize) -> Dunning {
        self.threads = threads.clamp(1, 256);
        self
    }

    /// The threads [`Dunning::plan`] may use.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// assert_eq!(Dunning::new(book, Policy::default()).unwrap().threads(), 1);
    /// ```
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// What the ladders ask that the law does not allow for some customers they may
    /// serve (a fee on French consumers, Code des procédures civiles d'exécution L111-8; a
    /// fee on a Belgian consumer's first reminder, Code de droit économique XIX.2, or above
    /// its EUR 7.50 cap), one per step and rule. Checked once, when the engine is built.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use rust_decimal_macros::dec;
    /// let ladder = Ladder::new("b2b", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec!(15.00))]);
    /// // A ladder only business customers get by default raises nothing.
    /// let rule = DefaultLadder { kind: Some(CustomerKind::Business), country: None,
    ///     ladder: "b2b".into() };
    /// let book = LadderBook::with_defaults(vec![ladder], vec![rule], None).unwrap();
    /// assert!(Dunning::new(book, Policy::default()).unwrap().warnings().is_empty());
    /// ```
    pub fn warnings(&self) -> &[LadderWarning] {
        &self.warnings
    }

    /// The ladders.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book.clone(), Policy::default()).unwrap();
    /// assert_eq!(dunning.book(), &book);
    /// ```
    pub fn book(&self) -> &LadderBook {
        &self.book
    }

    /// The policy.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default().with_contact_pressure_days(7)).unwrap();
    /// assert_eq!(dunning.policy().contact_pressure_days, 7);
    /// ```
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The ladder of a customer, if the book has one for it.
    fn ladder_of(&self, customer: &Customer) -> Option<&Ladder> {
        self.book.ladder_for(customer).ok()
    }

    /// Plans the actions due. Pure: same inputs, same plan, same keys.
    ///
    /// With a date, every customer is planned on it; with a UTC instant, each customer on
    /// its own local date (a customer in Auckland is planned for tomorrow while Paris is
    /// still today), and only while its sending windows are open on a business day of its
    /// calendar, so a notice is dated, and its deadline counted, on the day it leaves. For each customer dunned automatically and each of its invoices, at
    /// most one step up; the invoices reaching a step are grouped into one notice per
    /// channel and currency, at the highest step among them, under the policy (contact
    /// pressure, deadlines, legal minimum periods, penalties). A step needing approval
    /// yields an approval request; a step that blocks credit adds a credit hold; a dispute
    /// past its review date yields a review task. Actions come in a deterministic order
    /// (customer, then notices, approvals, credit holds, reviews; channel; key).
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, "NZ".parse().unwrap(),
    ///     Language::En, Zone::by_name("Pacific/Auckland").unwrap());
    /// customer.contacts.email = Some("ap@acme.example".into());
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     "100.00".parse().unwrap(), d("2025-01-31"));
    /// let portfolio = vec![CustomerAccounts { customer, accounts: vec![Account::open(inv).unwrap()] }];
    /// // 6 February 21:00 UTC is already Friday 7 February, 10:00, in Auckland: the
    /// // reminder is due there (and its sending window is open).
    /// let now: chrono::DateTime<chrono::Utc> = "2025-02-06T21:00:00Z".parse().unwrap();
    /// assert_eq!(dunning.plan(now, &portfolio).actions.len(), 1);
    /// assert!(dunning.plan(d("2025-02-06"), &portfolio).actions.is_empty());
    /// ```
    pub fn plan(&self, at: impl Into<RunAt>, portfolio: &[CustomerAccounts]) -> Plan {
        let at = at.into();
        plan_portfolio(&self.book, portfolio, &self.policy, self.threads, |c| {
            if let RunAt::Instant(now) = at {
                if self.window_opens(c, now)?.is_some() {
                    return Ok(None);
                }
            }
            at.local_date(c.time_zone)
                .map(Some)
                .map_err(|e| format!("{e}: not planned"))
        })
    }

    /// `None` when every sending window of the policy is open for `customer` at `now`, on
    /// a business day of its calendar; otherwise the instant the last of them opens. A run
    /// at an instant plans a customer only when it is `None`, so a notice is dated, and its
    /// deadline counted, on the day it leaves.
    pub(crate) fn window_opens(
        &self,
        customer: &Customer,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
        let calendar = self.policy.calendar_for(customer.country);
        let windows = &self.policy.sending_windows;
        let mut opens: Option<chrono::DateTime<chrono::Utc>> = None;
        for w in std::iter::once(&windows.default).chain(windows.per_channel.values()) {
            match w.decide(now, customer.time_zone, &calendar) {
                Ok(crate::SendDecision::SendNow { .. }) => {}
                Ok(crate::SendDecision::Defer { until, .. }) => {
                    opens = Some(opens.map_or(until, |o| o.max(until)));
                }
                Err(e) => return Err(format!("{e}: not planned")),
            }
        }
        Ok(opens)
    }

    /// The wakeups of a customer's accounts, as a store indexes them (see
    /// [`Store`]). A host that changes a customer or the ladders re-indexes
    /// its accounts with this. Each is the ladder's next date
    /// ([`Account::next_wakeup`]) unless the claim is time-barred by then, else the
    /// limitation warning ([`Policy::limitation_warning_days`] before the last day) or the
    /// first time-barred day, whichever comes first after the account's latest date.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// assert_eq!(dunning.wakeups(&customer, &[acc])[0].on, Some(d("2025-02-07")));
    /// ```
    pub fn wakeups(&self, customer: &Customer, accounts: &[Account]) -> Vec<Wakeup> {
        let ladder = self.ladder_of(customer);
        accounts
            .iter()
            .map(|a| outbox::wakeup_of(a, customer, (ladder, self.warning_days()), None))
            .collect()
    }

    /// Records the host's facts through the store, each on its own: a fact the account
    /// refuses (an overpayment, a promise on a settled invoice, an unknown invoice) is
    /// reported and the others are recorded; a fact whose external id the account already
    /// holds is a no-op, reported as a duplicate, so importing the same bank statement
    /// twice counts once. The wakeups of the accounts concerned are handed to the store
    /// with the events, in one [`Store::commit`].
    ///
    /// # Errors
    /// [`RunError::Store`] when the store is unavailable (nothing was recorded). A store
    /// that rejects the commit makes every fact `Rejected`.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::memory::MemoryStore;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let mut store = MemoryStore::new();
    /// store.add_customer(Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS));
    /// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// let pay = Fact::new(&"INV-1".into(), d("2025-02-03"),
    ///     EventKind::Payment { amount: "40.00".parse().unwrap() }).unwrap()
    ///     .with_external_id("bank-0001");
    /// assert_eq!(dunning.record(&mut store, &[pay.clone()]).unwrap().recorded(), 1);
    /// // The same bank line imported again changes nothing.
    /// assert_eq!(dunning.record(&mut store, &[pay]).unwrap().duplicates(), 1);
    /// assert_eq!(store.account(&"INV-1".into()).unwrap().outstanding().to_string(), "60.00 EUR");
    /// ```
    pub fn record(&self, store: &mut dyn Store, facts: &[Fact]) -> Result<RecordReport, RunError> {
        let mut ids: Vec<InvoiceId> = facts.iter().map(|f| f.event().invoice.clone()).collect();
        ids.sort();
        ids.dedup();
        let mut accounts: BTreeMap<InvoiceId, Account> = store
            .accounts(&ids)?
            .into_iter()
            .map(|a| (a.invoice().id.clone(), a))
            .collect();
        let mut report = RecordReport::default();
        let mut events: Vec<Event> = Vec::new();
        let mut touched: Vec<InvoiceId> = Vec::new();
        for fact in facts {
            let e = fact.event();
            let result = match accounts.get_mut(&e.invoice) {
                None => FactResult::Rejected {
                    error: Error::UnknownInvoice {
                        invoice: e.invoice.clone(),
                    },
                },
                Some(acc) => {
                    let seen = e.external_id.as_ref().is_some_and(|id| {
                        acc.history()
                            .iter()
                            .any(|h| h.external_id.as_ref() == Some(id))
                    });
                    if seen {
                        FactResult::Duplicate
                    } else {
                        match acc.apply(e) {
                            Ok(()) => {
                                events.push(e.clone());
                                if !touched.contains(&e.invoice) {
                                    touched.push(e.invoice.clone());
                                }
                                FactResult::Recorded
                            }
                            Err(err) => FactResult::Rejected { error: err.into() },
                        }
                    }
                }
            };
            report.facts.push(FactReport {
                invoice: e.invoice.clone(),
                kind: e.kind.name(),
                external_id: e.external_id.clone(),
                result,
            });
        }
        if events.is_empty() {
            return Ok(report);
        }
        let mut customers: BTreeMap<CustomerId, Option<Customer>> = BTreeMap::new();
        let mut wakeups = Vec::with_capacity(touched.len());
        for id in &touched {
            let Some(acc) = accounts.get(id) else {
                continue;
            };
            let cid = acc.invoice().customer.clone();
            let customer = match customers.get(&cid) {
                Some(c) => c.clone(),
                None => {
                    let c = store.customer(&cid)?;
                    customers.insert(cid.clone(), c.clone());
                    c
                }
            };
            wakeups.push(match &customer {
                Some(c) => {
                    outbox::wakeup_of(acc, c, (self.ladder_of(c), self.warning_days()), None)
                }
                None => Wakeup {
                    invoice: id.clone(),
                    customer: cid,
                    on: None,
                },
            });
        }
        let commit = Commit {
            events,
            outbox: Vec::new(),
            wakeups,
        };
        match store.commit(&commit) {
            Ok(()) => Ok(report),
            Err(e) if e.kind == crate::host::StoreErrorKind::Rejected => {
                for f in &mut report.facts {
                    if f.result == FactResult::Recorded {
                        f.result = FactResult::Rejected {
                            error: Error::Store {
                                message: e.message.clone(),
                            },
                        };
                    }
                }
                Ok(report)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Imports a step an invoice received before relance took over (sent by hand or by
    /// another system): the step reached on `on` and its delivery on `channel`, recorded
    /// as the engine would have, so existing debt enters its case at the right place and
    /// the next steps keep the ladder's intervals from that date.
    ///
    /// # Errors
    /// [`Error::UnknownInvoice`], [`Error::UnknownCustomer`], [`Error::Ladder`] when the
    /// customer has no ladder or `step` is not on it, [`Error::Event`] when the account
    /// refuses it (a step already reached, a settled invoice...), and the store's refusal.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::memory::MemoryStore;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter])])]).unwrap();
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let mut store = MemoryStore::new();
    /// store.add_customer(Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS));
    /// store.add_invoice(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// // The old system sent the reminder on 10 February.
    /// dunning.import_step(&mut store, &"INV-1".into(), 0, d("2025-02-10"), Channel::Email).unwrap();
    /// let acc = store.account(&"INV-1".into()).unwrap();
    /// assert_eq!(acc.position().map(|r| r.issued_on), Some(d("2025-02-10")));
    /// // The formal notice keeps the ladder's 23 days from it: 5 March.
    /// assert_eq!(store.next_wakeup(), Some(d("2025-03-05")));
    /// ```
    pub fn import_step(
        &self,
        store: &mut dyn Store,
        invoice: &InvoiceId,
        step: usize,
        on: NaiveDate,
        channel: crate::Channel,
    ) -> Result<(), Error> {
        let unavailable = |e: crate::StoreError| Error::Store { message: e.message };
        let account = store
            .accounts(std::slice::from_ref(invoice))
            .map_err(unavailable)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::UnknownInvoice {
                invoice: invoice.clone(),
            })?;
        let customer_id = account.invoice().customer.clone();
        let customer = store
            .customer(&customer_id)
            .map_err(unavailable)?
            .ok_or_else(|| Error::UnknownCustomer {
                customer: customer_id.clone(),
                invoice: invoice.clone(),
            })?;
        let ladder = self.book.ladder_for(&customer)?;
        let s = ladder
            .step(step)
            .ok_or_else(|| crate::LadderError::BadStep {
                ladder: ladder.id.clone(),
                step,
                name: String::new(),
                field: "step",
                problem: format!("no step {step} on the ladder to import"),
            })?;
        let events = vec![
            Event::new(
                invoice,
                on,
                crate::EventKind::StepReached {
                    step,
                    name: s.name.clone(),
                    stage: s.stage,
                    due_on: on,
                    fee: None,
                    deadline: None,
                },
            ),
            Event::new(
                invoice,
                on,
                crate::EventKind::NoticeDelivered {
                    key: format!("imported-{invoice}-{step}-{on}"),
                    channel,
                    receipt: "imported".into(),
                },
            ),
        ];
        let mut copy = account.clone();
        for e in &events {
            copy.apply(e)?;
        }
        let commit = Commit {
            events,
            outbox: Vec::new(),
            wakeups: vec![outbox::wakeup_of(
                &copy,
                &customer,
                (Some(ladder), self.warning_days()),
                None,
            )],
        };
        store
            .commit(&commit)
            .map_err(|e| Error::Store { message: e.message })
    }

    /// What to do now with one pending outbox entry: forget it, cancel it with the events
    /// to record, let it wait (and until when), or deliver it (possibly narrowed to its
    /// lines still true). Pure; the rules are in the [`outbox`](crate::outbox) docs.
    /// `executed`: whether the store remembers the entry's key; `accounts`: the current
    /// accounts of its invoices; `customer`: its customer, if the store knows it.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::outbox::Decision;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer: customer.clone(), accounts: vec![acc.clone()] }];
    /// let entry = dunning.plan(d("2025-02-07"), &portfolio).actions.remove(0);
    /// for e in entry.events() { acc.apply(&e).unwrap(); } // committed with the entry
    /// let decision = dunning.decide(&entry, false, &[acc], Some(&customer), d("2025-02-07").into());
    /// assert!(matches!(decision, Decision::Deliver { .. }));
    /// ```
    pub fn decide(
        &self,
        entry: &Action,
        executed: bool,
        accounts: &[Account],
        customer: Option<&Customer>,
        at: RunAt,
    ) -> Decision {
        let ladder = customer.and_then(|c| self.ladder_of(c));
        outbox::decide(
            &self.policy,
            ladder,
            entry,
            executed,
            accounts,
            customer,
            at,
        )
    }

    /// What the outcome of delivering `action` (as [`Dunning::decide`] returned it) records
    /// on `on`, checked against `accounts`: events an account refuses are left out and
    /// reported, so the completion always goes through. `None` commit after a transient
    /// failure: the entry stays in the outbox.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer: customer.clone(), accounts: vec![acc.clone()] }];
    /// let entry = dunning.plan(d("2025-02-07"), &portfolio).actions.remove(0);
    /// for e in entry.events() { acc.apply(&e).unwrap(); }
    /// let sent = Ok(Receipt { reference: "msg-1".into() });
    /// let out = dunning.outcome(&entry, d("2025-02-07"), &sent, &[acc], &customer);
    /// assert_eq!(out.commit.unwrap().events[0].kind.name(), "notice_delivered");
    /// ```
    pub fn outcome(
        &self,
        action: &Action,
        on: NaiveDate,
        result: &Result<Receipt, DeliveryError>,
        accounts: &[Account],
        customer: &Customer,
    ) -> Outcome {
        outbox::outcome(
            action,
            on,
            result,
            accounts,
            customer,
            (self.ladder_of(customer), self.warning_days()),
        )
    }

    fn warning_days(&self) -> u32 {
        self.policy.limitation_warning_days
    }

    /// What a [`Delivery`](crate::Delivery) is handed for `action`: the action, its
    /// customer, the customer's ladder and the notice's step, and the policy.
    ///
    /// # Errors
    /// [`Error::Ladder`] when the book has no ladder for the customer.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer: customer.clone(), accounts: vec![acc] }];
    /// let entry = dunning.plan(d("2025-02-07"), &portfolio).actions.remove(0);
    /// let out = dunning.outgoing(&entry, &customer).unwrap();
    /// assert_eq!(out.step.map(|s| s.name.as_str()), Some("reminder"));
    /// ```
    pub fn outgoing<'a>(
        &'a self,
        action: &'a Action,
        customer: &'a Customer,
    ) -> Result<Outgoing<'a>, Error> {
        let ladder = self.book.ladder_for(customer)?;
        let step = match action {
            Action::Notice(n) => ladder.step(n.step),
            _ => None,
        };
        Ok(Outgoing {
            action,
            customer,
            ladder,
            step,
            policy: &self.policy,
        })
    }
}
