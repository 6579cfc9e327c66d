//! The per-invoice dunning state machine. (see the docs of `Account`).

mod error;
#[cfg(test)]
mod from_scratch;
mod ledger;
mod status;
mod transitions;
mod view;

pub use error::EventError;
pub(crate) use ledger::MoneyReplay;
pub use ledger::{ClaimItem, InvoiceClaim};
pub use status::{DunningState, Hold, HoldKind, Reached, Status};

use crate::event::Event;
use crate::ids::CustomerId;
use crate::invoice::{Invoice, InvoiceId};
use crate::ladder::Ladder;
use crate::money::{Money, MoneyError, checked_add, checked_sub};
use chrono::{Days, NaiveDate};
use ledger::Ledger;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use view::View;

/// Days a dispute may stay open before a person is asked to review it, unless the event
/// says otherwise.
pub const DEFAULT_DISPUTE_REVIEW_DAYS: u64 = 30;
/// Days a permanent delivery failure holds the invoice for a person to fix the contact.
pub const DELIVERY_FAILURE_HOLD_DAYS: u64 = 7;
/// Upper bound on events per account (every input is bounded).
pub const MAX_EVENTS: usize = 10_000;

/// What the ladder asks of an invoice on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Due {
    /// Issue step `step`, due on `due_on`.
    Step { step: usize, due_on: NaiveDate },
    /// Ask a person to approve step `step`.
    Approval { step: usize, due_on: NaiveDate },
    /// Ask a person to review the dispute.
    DisputeReview { review_on: NaiveDate },
}

/// One invoice under dunning: the invoice, its history and its status.
///
/// # Example
/// ```
/// use relance::{Account, Currency, Event, EventKind, Invoice};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
///     "100.00".parse().unwrap(), d("2025-01-31"));
/// let mut acc = Account::open(inv).unwrap();
/// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
///     EventKind::Payment { amount: "40.00".parse().unwrap() })).unwrap();
/// assert_eq!(acc.outstanding().amount.to_string(), "60.00");
///
/// // An overpayment settles the invoice: the excess is the customer's credit balance.
/// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-11"),
///     EventKind::Payment { amount: "60.01".parse().unwrap() })).unwrap();
/// assert!(acc.claim().total.is_zero());
/// assert_eq!(acc.credit_balance().amount.to_string(), "0.01");
///
/// // A rejected event changes nothing.
/// let before = acc.clone();
/// assert!(acc.apply(&Event::new(&"INV-1".into(), d("2025-02-12"),
///     EventKind::Payment { amount: "-1.00".parse().unwrap() })).is_err());
/// assert_eq!(acc, before);
/// ```
///
/// # Storing an account
/// An account serialises with its derived state, for people reading it; it deserialises
/// from its invoice and history alone, replayed through [`Account::apply`], so a stored
/// account can never hold a state its events do not justify. A history that does not
/// replay is an error naming the first rejected event. Replaying costs time linear in
/// the length of the history.
///
/// The per-invoice dunning state machine.
///
/// An [`Account`] holds one invoice, its full event history, and its dunning status. It
/// changes only through [`Account::apply`], which either records the event and moves to the
/// next state, or returns an [`EventError`] and leaves the account exactly as it was.
/// Balances (paid, credited, outstanding) follow from the history: each accepted event
/// moves running totals that nothing else sets, so reading a balance costs nothing and
/// recording an event costs the same however long the history is.
///
/// Time moves only when the host says so: [`Account::apply`] first plays any timer that fell
/// due on or before the event's date (a promise that expired, a manual hold that ended, a
/// payment-plan instalment missed), recording each transition on the date it was due.
/// [`Account::next_wakeup`] says when something will happen without any new event.
///
/// See the crate documentation for the state diagram.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "AccountRecord")]
pub struct Account {
    invoice: Invoice,
    /// The invoice's total.
    invoiced: Decimal,
    /// Everything derived from the history, small enough to copy for each event.
    state: State,
    /// Every step reached, restarts included; the current ladder run starts at
    /// `state.reached_from`.
    steps: Vec<Reached>,
    history: Vec<Event>,
}

/// What the history says about an account, kept up to date event by event: the stored
/// status and dates, and running totals. Copied, without the history, while an event is
/// checked, so that a rejected event changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    status: Status,
    /// Where the current run of the ladder starts in `Account::steps` (an upheld dispute
    /// restarts it).
    reached_from: usize,
    restart_from: Option<NaiveDate>,
    resume_from: Option<NaiveDate>,
    clock: NaiveDate,
    /// Payments less reversals.
    paid: Decimal,
    credited: Decimal,
    reversed: Decimal,
    /// The claim ledger: principal and accessories, imputed payments, credit balance.
    ledger: Ledger,
    /// The latest date of a payment, reversal or credit note.
    latest_reduction: Option<NaiveDate>,
    /// Position in the history of the last hand-over (a `HandedOver` event or a
    /// judicial step).
    handed_over: Option<usize>,
    /// Under a payment plan, for each of its instalments: what was reduced by its due
    /// date less what was reduced before the plan (one entry per instalment; empty
    /// without a plan).
    plan_paid: Vec<Decimal>,
    /// Payments not yet reported as e-invoicing status 212.
    cash: CashTracker,
    /// Court proceedings running since this date.
    proceedings_since: Option<NaiveDate>,
    /// Pre-Action Protocol for Debt Claims: no court step before the day after this date
    /// (a Reply Form moved it).
    protocol_wait: Option<NaiveDate>,
    /// Pre-Action Protocol: documents asked for on the Reply Form and not provided yet.
    documents_pending: bool,
}

/// What an account has cashed and not yet reported as e-invoicing status "212
/// Encaissée": payments add to it, reversals take from it, a 212 status covers it first
/// and is a new payment only beyond it (see [`crate::e_invoice`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CashTracker {
    unreported: Decimal,
}

impl CashTracker {
    /// Follows a recorded event; for a 212 status, returns the part of its amount that is
    /// a new payment (beyond what was cashed and not reported).
    pub(crate) fn observe(&mut self, kind: &crate::event::EventKind) -> Option<Decimal> {
        use crate::event::EventKind;
        match kind {
            EventKind::Payment { amount } => {
                self.unreported = self.unreported.saturating_add(*amount);
                None
            }
            EventKind::PaymentReversal { amount } => {
                self.unreported = self.unreported.saturating_sub(*amount).max(Decimal::ZERO);
                None
            }
            EventKind::EInvoiceStatus {
                status: crate::e_invoice::EInvoiceStatus::Cashed,
                amount: Some(amount),
                ..
            } => {
                let covered = self.unreported.min(*amount).max(Decimal::ZERO);
                self.unreported = self.unreported.saturating_sub(covered);
                Some(amount.saturating_sub(covered))
            }
            _ => None,
        }
    }
}

/// How an account serialises: the invoice, the derived state for people reading it, and
/// the history.
#[derive(Serialize)]
struct AccountOut<'a> {
    invoice: &'a Invoice,
    status: &'a Status,
    reached: &'a [Reached],
    #[serde(skip_serializing_if = "Option::is_none")]
    restart_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resume_from: Option<NaiveDate>,
    clock: NaiveDate,
    history: &'a [Event],
}

impl Serialize for Account {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        AccountOut {
            invoice: &self.invoice,
            status: &self.state.status,
            reached: self.reached(),
            restart_from: self.state.restart_from,
            resume_from: self.state.resume_from,
            clock: self.state.clock,
            history: &self.history,
        }
        .serialize(s)
    }
}

/// What a stored account is rebuilt from; the derived fields, if present, are ignored.
#[derive(Deserialize)]
struct AccountRecord {
    invoice: Invoice,
    #[serde(default)]
    history: Vec<Event>,
}

impl TryFrom<AccountRecord> for Account {
    type Error = EventError;
    fn try_from(r: AccountRecord) -> Result<Account, EventError> {
        if r.history.len() > MAX_EVENTS {
            return Err(EventError::HistoryFull {
                invoice: r.invoice.id.clone(),
                max: MAX_EVENTS,
            });
        }
        let mut acc = Account::open(r.invoice)?;
        acc.history.reserve(r.history.len());
        for e in r.history {
            acc.apply_event(Cow::Owned(e))?;
        }
        Ok(acc)
    }
}

fn add_days(d: NaiveDate, n: u64, invoice: &InvoiceId) -> Result<NaiveDate, EventError> {
    d.checked_add_days(Days::new(n))
        .ok_or_else(|| EventError::Money {
            invoice: invoice.clone(),
            source: MoneyError::Overflow { operation: "date" },
        })
}

/// `d + n` days (n may be negative); `None` out of range.
pub(crate) fn shift(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}
impl Account {
    /// Opens dunning for a validated invoice. Nothing happened yet.
    ///
    /// # Errors
    /// [`EventError::Invoice`] if the invoice is invalid.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(100.00), d("2025-01-31"));
    /// let acc = Account::open(inv.clone()).unwrap();
    /// assert_eq!((acc.status(), acc.history().len()), (&Status::Open, 0));
    /// assert_eq!(acc.outstanding().to_string(), "100.00 EUR");
    ///
    /// let mut bad = inv;
    /// bad.instalments[0].due_date = d("2024-12-31"); // due before it was issued
    /// assert!(matches!(Account::open(bad), Err(EventError::Invoice(_))));
    /// ```
    pub fn open(invoice: Invoice) -> Result<Account, EventError> {
        invoice.validate()?;
        let invoiced = invoice.total()?.amount;
        Ok(Account {
            state: State {
                status: Status::Open,
                reached_from: 0,
                restart_from: None,
                resume_from: None,
                clock: invoice.issue_date,
                paid: Decimal::ZERO,
                credited: Decimal::ZERO,
                reversed: Decimal::ZERO,
                ledger: Ledger::default(),
                latest_reduction: None,
                handed_over: None,
                plan_paid: Vec::new(),
                cash: CashTracker::default(),
                proceedings_since: None,
                protocol_wait: None,
                documents_pending: false,
            },
            invoice,
            invoiced,
            steps: Vec::new(),
            history: Vec::new(),
        })
    }

    fn view(&self) -> View<'_> {
        View {
            acc: self,
            st: &self.state,
        }
    }

    /// Rebuilds an account from its invoice and its event history (event sourcing), in
    /// time linear in the length of the history.
    ///
    /// # Errors
    /// The first event that is rejected.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(100.00), d("2025-01-31"));
    /// let pay = |on, amount: &str| Event::new(&"INV-1".into(), d(on),
    ///     EventKind::Payment { amount: amount.parse().unwrap() });
    /// let stored = [pay("2025-02-10", "30.00"), pay("2025-02-20", "70.00")];
    /// let acc = Account::replay(inv.clone(), &stored).unwrap();
    /// assert_eq!(acc.state(d("2025-03-01")), DunningState::Settled { on: d("2025-02-20") });
    /// // A history that does not hold up is refused.
    /// let bounce = Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::PaymentReversal { amount: "1.00".parse().unwrap() });
    /// assert!(Account::replay(inv, &[bounce]).is_err());
    /// ```
    pub fn replay<'a>(
        invoice: Invoice,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Result<Account, EventError> {
        let mut acc = Account::open(invoice)?;
        let events = events.into_iter();
        // Room for the history at once (never more than it may hold).
        acc.history.reserve(events.size_hint().0.min(MAX_EVENTS));
        for e in events {
            acc.apply(e)?;
        }
        Ok(acc)
    }

    /// The invoice.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("INV-1", "F-2025-001", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.invoice().number, "F-2025-001");
    /// assert_eq!(acc.invoice().first_due_date(), Some(d("2025-01-31")));
    /// ```
    pub fn invoice(&self) -> &Invoice {
        &self.invoice
    }

    /// The stored status.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// // INV-1: EUR 100.00 due 31 January.
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-05"),
    ///     EventKind::PromiseToPay { until: d("2025-02-15") })).unwrap();
    /// assert!(matches!(acc.status(), Status::OnHold { .. }));
    /// // The stored status plays no timer; `state` sees that the promise lapsed.
    /// assert!(matches!(acc.state(d("2025-02-16")), DunningState::Overdue { step: None }));
    /// ```
    pub fn status(&self) -> &Status {
        &self.state.status
    }

    /// Every event recorded, in order.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let id = "INV-1".into();
    /// let promise = EventKind::PromiseToPay { until: d("2025-02-15") };
    /// acc.apply(&Event::new(&id, d("2025-02-05"), promise))?;
    /// acc.apply(&Event::new(&id, d("2025-02-20"), EventKind::Payment { amount: dec!(10.00) }))?;
    /// // The broken promise is recorded on the day it was due, before the payment.
    /// let h: Vec<_> = acc.history().iter().map(|e| (e.on, e.kind.name())).collect();
    /// assert_eq!(h, [(d("2025-02-05"), "promise_to_pay"), (d("2025-02-16"), "promise_broken"),
    ///     (d("2025-02-20"), "payment")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// The steps reached, in order; the last one is the current position.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// // What a run records when the first reminder, due on 7 February, goes out on the 10th.
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"), EventKind::StepReached { step: 0,
    ///     name: "reminder".into(), stage: Stage::Amicable, due_on: d("2025-02-07"), fee: None,
    ///     deadline: None })).unwrap();
    /// let r = &acc.reached()[0];
    /// assert_eq!((r.name.as_str(), r.due_on, r.issued_on),
    ///     ("reminder", d("2025-02-07"), d("2025-02-10")));
    /// ```
    pub fn reached(&self) -> &[Reached] {
        self.view().reached()
    }

    /// How many steps the invoice has reached over its whole history, restarts after an
    /// upheld dispute included: its escalation sequence. It only grows, so it tells apart
    /// two notices of the same step before and after a restart.
    ///
    /// ```
    /// use relance::{Account, Currency, Invoice};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2025-01-01"),
    ///     "10.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.escalation_sequence(), 0);
    /// ```
    pub fn escalation_sequence(&self) -> usize {
        self.steps.len()
    }

    /// The last step reached, if any.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// assert!(acc.position().is_none());
    /// let steps = [(0, "reminder", "2025-02-07"), (1, "formal notice", "2025-03-02")];
    /// for (step, name, on) in steps {
    ///     let stage = if step == 0 { Stage::Amicable } else { Stage::FormalNotice };
    ///     acc.apply(&Event::new(&"INV-1".into(), d(on), EventKind::StepReached { step,
    ///         name: name.into(), stage, due_on: d(on), fee: None, deadline: None })).unwrap();
    /// }
    /// assert_eq!(acc.position().map(|r| r.name.as_str()), Some("formal notice"));
    /// ```
    pub fn position(&self) -> Option<&Reached> {
        self.reached().last()
    }

    /// The latest date the account has seen.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let pay = |on| Event::new(&"INV-1".into(), d(on),
    /// #     EventKind::Payment { amount: dec!(10.00) });
    /// assert_eq!(acc.clock(), d("2025-01-01")); // the issue date
    /// acc.apply(&pay("2025-02-10")).unwrap();
    /// acc.apply(&pay("2025-02-05")).unwrap(); // a payment recorded late
    /// assert_eq!(acc.clock(), d("2025-02-10"));
    /// ```
    pub fn clock(&self) -> NaiveDate {
        self.state.clock
    }

    /// Total invoiced.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(60.00), d("2025-01-31"));
    /// inv.instalments.push(Instalment { amount: dec!(40.00), due_date: d("2025-02-28") });
    /// let mut acc = Account::open(inv).unwrap();
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount: dec!(25.00) })).unwrap();
    /// assert_eq!(acc.invoiced().to_string(), "100.00 EUR"); // payments do not change it
    /// ```
    pub fn invoiced(&self) -> Money {
        Money::new(self.view().invoiced(), self.invoice.currency)
    }

    /// Net amount paid: payments minus reversals.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2025-02-10", EventKind::Payment { amount: dec!(50.00) })).unwrap();
    /// acc.apply(&ev("2025-02-12", EventKind::PaymentReversal { amount: dec!(20.00) }))
    ///     .unwrap();
    /// acc.apply(&ev("2025-02-15", EventKind::CreditNote { amount: dec!(5.00) })).unwrap();
    /// assert_eq!(acc.paid().to_string(), "30.00 EUR"); // net of the reversal, without the credit
    /// ```
    pub fn paid(&self) -> Money {
        Money::new(self.state.paid, self.invoice.currency)
    }

    /// Total credited by credit notes.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::CreditNote { amount: dec!(25.00) })).unwrap();
    /// assert_eq!(acc.credited().to_string(), "25.00 EUR");
    /// assert_eq!(acc.paid().to_string(), "0.00 EUR");
    /// ```
    pub fn credited(&self) -> Money {
        Money::new(self.state.credited, self.invoice.currency)
    }

    /// Total of the payment reversals (already taken off [`Account::paid`]).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2025-02-10", EventKind::Payment { amount: dec!(50.00) })).unwrap();
    /// acc.apply(&ev("2025-02-12", EventKind::PaymentReversal { amount: dec!(20.00) }))
    ///     .unwrap();
    /// assert_eq!(acc.reversed().to_string(), "20.00 EUR");
    /// assert_eq!(acc.paid().to_string(), "30.00 EUR");
    /// ```
    pub fn reversed(&self) -> Money {
        Money::new(self.state.reversed, self.invoice.currency)
    }

    /// The principal still owed: invoiced less what payments and credit notes paid of it
    /// (a payment imputed to interest or fees first pays less of it). Never negative.
    /// The accessories are in [`Account::claim`].
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2025-02-10", EventKind::Payment { amount: dec!(30.00) })).unwrap();
    /// acc.apply(&ev("2025-02-12", EventKind::CreditNote { amount: dec!(25.00) }))
    ///     .unwrap();
    /// assert_eq!(acc.outstanding().to_string(), "45.00 EUR"); // 100.00 - 30.00 - 25.00
    /// ```
    pub fn outstanding(&self) -> Money {
        Money::new(self.view().outstanding(), self.invoice.currency)
    }

    /// Fees charged by the steps reached and still unpaid (neither paid by an imputed
    /// payment nor waived). What a notice claims as fees, with the fee of its own step.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-07"), EventKind::StepReached { step: 0,
    ///     name: "reminder".into(), stage: Stage::Amicable, due_on: d("2025-02-07"),
    ///     fee: Some(dec!(15.00)), deadline: None })).unwrap();
    /// assert_eq!(acc.fees().to_string(), "15.00 EUR");
    /// assert_eq!(acc.outstanding().to_string(), "100.00 EUR"); // the principal only
    /// assert_eq!(acc.claim().total.to_string(), "115.00 EUR"); // all that is owed
    /// ```
    pub fn fees(&self) -> Money {
        Money::new(self.state.ledger.fees_open(), self.invoice.currency)
    }

    /// The claim ledger: the principal and each accessory (fees, interest, fixed
    /// compensation) with what was claimed, paid, waived and is still open, the total
    /// owed and the credit balance. Read from running totals: free whatever the length
    /// of the history. See [`InvoiceClaim`] for the rules.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// // An overpayment is not refused: the excess is the customer's credit.
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount: dec!(100.50) })).unwrap();
    /// let claim = acc.claim();
    /// assert!(claim.total.is_zero());
    /// assert_eq!(claim.credit_balance.to_string(), "0.50 EUR");
    /// ```
    pub fn claim(&self) -> InvoiceClaim {
        self.state
            .ledger
            .snapshot(self.invoiced, self.invoice.currency)
    }

    /// What was received beyond the whole claim and not used yet (an overpayment, a
    /// credit note on a settled invoice): the customer's money, for a refund or a later
    /// invoice ([`EventKind::CreditBalanceUsed`](crate::EventKind::CreditBalanceUsed)).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2025-02-10", EventKind::Payment { amount: dec!(100.00) })).unwrap();
    /// acc.apply(&ev("2025-02-12", EventKind::CreditNote { amount: dec!(20.00) })).unwrap();
    /// assert_eq!(acc.credit_balance().to_string(), "20.00 EUR");
    /// acc.apply(&ev("2025-02-15", EventKind::CreditBalanceUsed { amount: dec!(20.00) })).unwrap();
    /// assert!(acc.credit_balance().is_zero());
    /// ```
    pub fn credit_balance(&self) -> Money {
        Money::new(self.state.ledger.credit_balance(), self.invoice.currency)
    }

    /// What payments cashed on this invoice the host has not yet reported to its
    /// e-invoicing platform as status "212 Encaissée" (payments less reversals, less the
    /// amounts of the 212 statuses recorded). See [`cashed_to_report`](crate::cashed_to_report).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2026-09-01"), dec!(100.00), d("2026-10-01"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2026-10-02", EventKind::Payment { amount: dec!(30.00) })).unwrap();
    /// assert_eq!(acc.cashed_not_reported().to_string(), "30.00 EUR");
    /// // A 212 of 50.00: 30.00 reports that payment, 20.00 is a new one.
    /// acc.apply(&ev("2026-10-03", EventKind::EInvoiceStatus { status: EInvoiceStatus::Cashed,
    ///     amount: Some(dec!(50.00)), reason: None })).unwrap();
    /// assert!(acc.cashed_not_reported().is_zero());
    /// assert_eq!(acc.paid().to_string(), "50.00 EUR");
    /// ```
    pub fn cashed_not_reported(&self) -> Money {
        Money::new(self.state.cash.unreported, self.invoice.currency)
    }

    /// Court proceedings running on the invoice since this date, if any
    /// ([`EventKind::LegalProceedingsStarted`](crate::EventKind::LegalProceedingsStarted)).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2025-01-01"),
    ///     "10".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.proceedings_since(), None);
    /// ```
    pub fn proceedings_since(&self) -> Option<NaiveDate> {
        self.state.proceedings_since
    }

    /// Outstanding per instalment, payments and credits applied to the oldest first.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(60.00), d("2025-01-31"));
    /// inv.instalments.push(Instalment { amount: dec!(40.00), due_date: d("2025-02-28") });
    /// let mut acc = Account::open(inv).unwrap();
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount: dec!(70.00) })).unwrap();
    /// let left: Vec<String> = acc.outstanding_by_instalment().iter()
    ///     .map(|(due, amount)| format!("{due}: {amount}")).collect();
    /// assert_eq!(left, ["2025-01-31: 0.00", "2025-02-28: 30.00"]);
    /// ```
    pub fn outstanding_by_instalment(&self) -> Vec<(NaiveDate, Decimal)> {
        let mut left = self.view().reduced();
        self.invoice
            .instalments
            .iter()
            .map(|i| {
                let applied = left.min(i.amount).max(Decimal::ZERO);
                left -= applied;
                (i.due_date, i.amount - applied)
            })
            .collect()
    }

    /// Outstanding on instalments due on or before `date`.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(60.00), d("2025-01-31"));
    /// inv.instalments.push(Instalment { amount: dec!(40.00), due_date: d("2025-02-28") });
    /// let acc = Account::open(inv).unwrap();
    /// assert_eq!(acc.due_by(d("2025-01-30")).to_string(), "0.00 EUR");
    /// assert_eq!(acc.due_by(d("2025-02-15")).to_string(), "60.00 EUR");
    /// assert_eq!(acc.due_by(d("2025-02-28")).to_string(), "100.00 EUR");
    /// ```
    pub fn due_by(&self, date: NaiveDate) -> Money {
        Money::new(self.view().due_by(date), self.invoice.currency)
    }

    /// Due date of the oldest instalment still (partly) unpaid.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"),
    ///     dec!(60.00), d("2025-01-31"));
    /// inv.instalments.push(Instalment { amount: dec!(40.00), due_date: d("2025-02-28") });
    /// let mut acc = Account::open(inv).unwrap();
    /// assert_eq!(acc.oldest_unpaid_due_date(), Some(d("2025-01-31")));
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-02-10"),
    ///     EventKind::Payment { amount: dec!(60.00) })).unwrap();
    /// assert_eq!(acc.oldest_unpaid_due_date(), Some(d("2025-02-28")));
    /// ```
    pub fn oldest_unpaid_due_date(&self) -> Option<NaiveDate> {
        self.view().oldest_unpaid_due_date()
    }

    /// Days the oldest unpaid instalment is overdue on `as_of` (0 if not overdue).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.days_overdue(d("2025-01-20")), 0);
    /// assert_eq!(acc.days_overdue(d("2025-02-10")), 10);
    /// ```
    pub fn days_overdue(&self, as_of: NaiveDate) -> i64 {
        self.oldest_unpaid_due_date()
            .map_or(0, |d| (as_of - d).num_days().max(0))
    }

    /// Where the invoice stands on `as_of`, timers included.
    ///
    /// # Example
    /// ```
    /// use relance::{Account, Currency, Invoice, DunningState};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2025-01-01"),
    ///     "10".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.state(d("2025-01-31")), DunningState::NotDue);
    /// assert_eq!(acc.state(d("2025-02-01")), DunningState::Overdue { step: None });
    /// ```
    pub fn state(&self, as_of: NaiveDate) -> DunningState {
        self.view().state(as_of)
    }

    /// What the ladder asks of this invoice on `as_of`, if anything (timers included).
    pub(crate) fn due(&self, ladder: &Ladder, as_of: NaiveDate) -> Option<Due> {
        self.view().due(ladder, as_of)
    }
}

impl Account {
    /// The date when something will happen to this invoice without any new event: the
    /// next step (including the day a later instalment brings the overdue amount up to
    /// the step's thresholds), a dispute review, or the first thing due once a hold,
    /// promise or payment plan has lapsed (never before it lapses). `None` when only an
    /// event can move it (settled, judicial, waiting for approval, below a step's
    /// threshold for good, ladder exhausted). Calling earlier is harmless, and a date
    /// that passed with nothing to do is not reported again.
    ///
    /// The ladder's date only: the claim's limitation depends on the customer, so the
    /// engine adds it to the wakeups it hands the store
    /// ([`Dunning::wakeups`](crate::Dunning::wakeups)): no step from the first time-barred
    /// day, and a wakeup [`Policy::limitation_warning_days`](crate::Policy::limitation_warning_days)
    /// before the last day ([`Limitation`](crate::Limitation)).
    ///
    /// # Example
    /// ```
    /// use relance::{Account, Channel, Currency, Invoice, Ladder, Stage, Step};
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let ladder = Ladder::new("l", vec![Step::new("r1", Stage::Amicable, 7, &[Channel::Email])]);
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2025-01-01"),
    ///     "10".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// assert_eq!(acc.next_wakeup(&ladder), Some(d("2025-02-07")));
    /// ```
    pub fn next_wakeup(&self, ladder: &Ladder) -> Option<NaiveDate> {
        self.view().next_wakeup(ladder)
    }

    /// The money identity every account keeps, zero for every history: what was received
    /// (payments net of reversals, credit notes) is exactly what was imputed to the
    /// principal and the accessories, plus the credit balance and the credit used; and
    /// what the principal received plus what is outstanding is the invoiced total. The
    /// gap returned is the sum of both differences. Exposed for hosts' own consistency
    /// checks.
    ///
    /// # Errors
    /// [`MoneyError::Overflow`] (never for a validated account).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2025-02-10", EventKind::Payment { amount: dec!(30.00) })).unwrap();
    /// acc.apply(&ev("2025-02-12", EventKind::CreditNote { amount: dec!(95.00) }))
    ///     .unwrap();
    /// assert_eq!(acc.conservation_gap(), Ok(rust_decimal::Decimal::ZERO));
    /// assert_eq!(acc.credit_balance().to_string(), "25.00 EUR");
    /// ```
    pub fn conservation_gap(&self) -> Result<Decimal, MoneyError> {
        let money = self
            .state
            .ledger
            .money_gap(self.paid().amount, self.credited().amount)?;
        let principal = checked_sub(
            self.invoiced().amount,
            checked_add(
                self.state.ledger.principal_reduced(),
                self.outstanding().amount,
            )?,
        )?;
        checked_add(money.abs(), principal.abs())
    }
}

/// A payment an invoice received that the host has not yet reported as "212 Encaissée".
///
/// # Example
/// ```
/// use relance::{CashedToReport, Money, Currency};
/// let c = CashedToReport { invoice: "INV-1".into(), customer: "C-1".into(),
///     amount: Money::new("40.00".parse().unwrap(), Currency::EUR) };
/// assert_eq!(c.amount.to_string(), "40.00 EUR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashedToReport {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its customer.
    pub customer: CustomerId,
    /// Cashed and not reported yet.
    pub amount: Money,
}

/// The accounts whose cashed payments the host still has to report to its platform as
/// status 212 (with the amount), in invoice order. Once sent, the host records the
/// `e_invoice_status` fact with status `cashed` and the amount: it covers those payments,
/// and the account leaves this list.
///
/// # Example
/// ```
/// use relance::*;
/// use rust_decimal_macros::dec;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
///     d("2026-09-01"), dec!(100.00), d("2026-10-01"))).unwrap();
/// let id = "INV-1".into();
/// acc.apply(&Event::new(&id, d("2026-10-05"), EventKind::Payment { amount: dec!(40.00) }))?;
/// let due = cashed_to_report(&[acc.clone()]);
/// assert_eq!(due[0].amount.to_string(), "40.00 EUR");
/// // The host sends 212 for EUR 40.00 and records it: nothing more to report, and the
/// // payment is not counted twice.
/// acc.apply(&Event::new(&id, d("2026-10-06"), EventKind::EInvoiceStatus {
///     status: EInvoiceStatus::Cashed, amount: Some(dec!(40.00)), reason: None }))?;
/// assert!(cashed_to_report(&[acc.clone()]).is_empty());
/// assert_eq!(acc.outstanding().to_string(), "60.00 EUR");
/// # Ok::<(), EventError>(())
/// ```
pub fn cashed_to_report(accounts: &[Account]) -> Vec<CashedToReport> {
    let mut out: Vec<CashedToReport> = accounts
        .iter()
        .filter_map(|a| {
            let amount = a.cashed_not_reported();
            (!amount.is_zero()).then(|| CashedToReport {
                invoice: a.invoice().id.clone(),
                customer: a.invoice().customer.clone(),
                amount,
            })
        })
        .collect();
    out.sort_by(|a, b| a.invoice.cmp(&b.invoice));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::invoice::Instalment;
    use crate::ladder::{Channel, Stage, Step};
    use crate::money::Currency;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn account() -> Account {
        Account::open(Invoice::single(
            "I",
            "N",
            "C",
            Currency::EUR,
            d("2025-01-01"),
            dec("100"),
            d("2025-01-31"),
        ))
        .unwrap()
    }
    fn ev(on: &str, kind: EventKind) -> Event {
        Event::new(&"I".into(), d(on), kind)
    }
    fn ladder() -> Ladder {
        Ladder::new(
            "l",
            vec![
                Step::new("r1", Stage::Amicable, 7, &[Channel::Email]),
                Step::new("r2", Stage::Amicable, 15, &[Channel::Email]),
                Step::new("fn", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
            ],
        )
    }

    #[test]
    fn expired_promise_is_broken_on_the_day_after_not_on_the_run_date() {
        let mut a = account();
        a.apply(&ev(
            "2025-02-05",
            EventKind::PromiseToPay {
                until: d("2025-02-20"),
            },
        ))
        .unwrap();
        assert_eq!(a.next_wakeup(&ladder()), Some(d("2025-02-21")));
        // The host only comes back on 1 March with a partial payment.
        a.apply(&ev("2025-03-01", EventKind::Payment { amount: dec("10") }))
            .unwrap();
        let broken = a
            .history()
            .iter()
            .find(|e| e.kind == EventKind::PromiseBroken)
            .unwrap();
        assert_eq!(broken.on, d("2025-02-21"));
        assert_eq!(a.status(), &Status::Open);
    }

    #[test]
    fn payment_plan_missed_instalment_resumes_dunning() {
        let mut a = account();
        let schedule = vec![
            Instalment {
                amount: dec("50"),
                due_date: d("2025-02-15"),
            },
            Instalment {
                amount: dec("50"),
                due_date: d("2025-03-15"),
            },
        ];
        a.apply(&ev("2025-02-05", EventKind::PaymentPlanAgreed { schedule }))
            .unwrap();
        a.apply(&ev("2025-02-14", EventKind::Payment { amount: dec("50") }))
            .unwrap();
        assert_eq!(a.next_wakeup(&ladder()), Some(d("2025-03-16")));
        assert!(matches!(
            a.state(d("2025-03-15")),
            DunningState::OnHold { .. }
        ));
        assert!(matches!(
            a.state(d("2025-03-16")),
            DunningState::Overdue { .. }
        ));
    }

    #[test]
    fn a_plan_that_does_not_add_up_is_rejected() {
        let mut a = account();
        let schedule = vec![Instalment {
            amount: dec("60"),
            due_date: d("2025-02-15"),
        }];
        let e = a
            .apply(&ev("2025-02-05", EventKind::PaymentPlanAgreed { schedule }))
            .unwrap_err();
        assert!(e.to_string().contains("outstanding is 100"), "{e}");
    }

    #[test]
    fn reversal_reopens_a_settled_invoice() {
        let mut a = account();
        a.apply(&ev("2025-02-01", EventKind::Payment { amount: dec("100") }))
            .unwrap();
        assert!(matches!(a.status(), Status::Settled { .. }));
        a.apply(&ev(
            "2025-02-03",
            EventKind::PaymentReversal { amount: dec("100") },
        ))
        .unwrap();
        assert_eq!(a.status(), &Status::Open);
        assert_eq!(a.outstanding().amount, dec("100"));
        assert_eq!(a.conservation_gap().unwrap(), Decimal::ZERO);
    }

    #[test]
    fn steps_are_never_repeated_nor_gone_back_to_but_may_join_ahead() {
        let mut a = account();
        let step = |i: usize| EventKind::StepReached {
            step: i,
            name: format!("s{i}"),
            stage: Stage::Amicable,
            due_on: d("2025-02-07"),
            fee: None,
            deadline: None,
        };
        // An invoice joining its customer's case takes the case's step (here 1).
        a.apply(&ev("2025-02-07", step(1))).unwrap();
        assert!(matches!(
            a.apply(&ev("2025-02-08", step(0))),
            Err(EventError::WrongStep {
                expected: 2,
                found: 0,
                ..
            })
        ));
        assert!(
            a.apply(&ev("2025-02-08", step(1))).is_err(),
            "never repeated"
        );
        a.apply(&ev("2025-02-20", step(2))).unwrap();
    }

    #[test]
    fn a_stored_account_is_rebuilt_from_its_history_and_a_forged_one_is_refused() {
        let mut a = account();
        a.apply(&ev("2025-02-10", EventKind::Payment { amount: dec("40") }))
            .unwrap();
        let json = serde_json::to_value(&a).unwrap();
        let back: Account = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, a);
        // Derived fields that lie are ignored: the history decides.
        let mut lying = json.clone();
        lying["status"] = serde_json::json!({"status": "settled", "on": "2025-02-10"});
        assert_eq!(serde_json::from_value::<Account>(lying).unwrap(), a);
        // A history the state machine would never accept is refused, naming the event.
        let mut forged = json;
        forged["history"][0]["type"] = serde_json::json!("payment_reversal");
        let e = serde_json::from_value::<Account>(forged).unwrap_err();
        assert!(e.to_string().contains("exceeds the amount paid"), "{e}");
    }

    #[test]
    fn state_names_and_json_tags_agree() {
        let s = DunningState::FormalNoticeServed {
            step: 2,
            deadline: None,
        };
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["state"], s.name());
        assert_eq!(serde_json::from_value::<DunningState>(json).unwrap(), s);
    }

    #[test]
    fn holds_need_a_reason_and_an_end() {
        let mut a = account();
        let before = a.clone();
        let e = a
            .apply(&ev(
                "2025-02-05",
                EventKind::HoldPlaced {
                    until: d("2025-03-01"),
                    reason: " ".into(),
                },
            ))
            .unwrap_err();
        assert!(matches!(
            e,
            EventError::Missing {
                field: "reason",
                ..
            }
        ));
        let e = a
            .apply(&ev(
                "2025-02-05",
                EventKind::HoldPlaced {
                    until: d("2025-02-01"),
                    reason: "audit".into(),
                },
            ))
            .unwrap_err();
        assert!(matches!(e, EventError::DateBefore { field: "until", .. }));
        assert_eq!(a, before);
    }
}
