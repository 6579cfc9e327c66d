//! Policy dry-runs: a [`Scenario`] (ladders, customers, invoices and dated events) played
//! day by day through the real runner, with an in-memory store and a recording delivery.
//!
//! The format is documented in the README ("Scenario format"); `examples/simulate.rs`
//! reads it from a file and prints the [`Timeline`] as JSON.

use crate::action::Action;
use crate::customer::{Contacts, Customer, CustomerError, CustomerKind, DunningMode};
use crate::dunning::{Dunning, FactResult};
use crate::error::Error;
use crate::event::Fact;
use crate::event::{Event, EventKind};
use crate::ids::{CustomerId, InvoiceId, LadderId};
use crate::invoice::{Instalment, Invoice};
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, DefaultLadder, Ladder, LadderBook, Stage};
use crate::local_time::Zone;
use crate::memory::{MemoryStore, RecordingDelivery};
use crate::money::{Currency, Money};
use crate::penalties::RateTables;
use crate::policy::Policy;
use crate::runner::{RunOptions, RunReport};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Longest simulation allowed, in days (every input is bounded).
pub const MAX_SIMULATION_DAYS: i64 = 36_600;

/// A customer in a scenario.
///
/// Its `mode` is `automatic` (the default), `manual` or `excluded`; the older
/// `"manual_mode": true` and `"excluded": true` are still read (see
/// [`DunningMode::from_flags`]), and refused when they contradict a `mode` also given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScenarioCustomerRepr")]
pub struct ScenarioCustomer {
    /// Id.
    pub id: CustomerId,
    /// Name.
    pub name: String,
    /// `business`, `consumer` or `public`.
    pub kind: CustomerKind,
    /// ISO country code.
    pub country: Country,
    /// Language code.
    pub language: Language,
    /// IANA time zone, checked on load.
    pub time_zone: Zone,
    /// Assigned ladder (else the default rules, else the first ladder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ladder: Option<LadderId>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Postal address lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<Vec<String>>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Mobile number for SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Dunned automatically, by hand or not at all.
    #[serde(default, skip_serializing_if = "is_automatic")]
    pub mode: DunningMode,
    /// Late-payment regime (default: by kind and country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_regime: Option<crate::penalties::Regime>,
    /// How payments are imputed (default: the rule of the regime's law), e.g.
    /// `"bgb-367"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imputation: Option<crate::Imputation>,
    /// A business that is a sole trader (an individual for the English Pre-Action
    /// Protocol for Debt Claims).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sole_trader: bool,
    /// Limitation rule (default: by country and kind), e.g. `"be-common-law"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation: Option<crate::LimitationRule>,
    /// Standing credit limit, `{"amount": "5000.00", "currency": "EUR"}`
    /// ([`Customer::credit_limit`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<Money>,
}

fn is_automatic(mode: &DunningMode) -> bool {
    *mode == DunningMode::Automatic
}

/// A scenario customer as written, the legacy mode flags included.
#[derive(Deserialize)]
struct ScenarioCustomerRepr {
    id: CustomerId,
    name: String,
    kind: CustomerKind,
    country: Country,
    language: Language,
    time_zone: Zone,
    #[serde(default)]
    ladder: Option<LadderId>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    postal_address: Option<Vec<String>>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    mobile: Option<String>,
    #[serde(default)]
    mode: Option<DunningMode>,
    #[serde(default)]
    manual_mode: bool,
    #[serde(default)]
    excluded: bool,
    #[serde(default)]
    penalty_regime: Option<crate::penalties::Regime>,
    #[serde(default)]
    imputation: Option<crate::Imputation>,
    #[serde(default)]
    sole_trader: bool,
    #[serde(default)]
    limitation: Option<crate::LimitationRule>,
    credit_limit: Option<Money>,
}

impl TryFrom<ScenarioCustomerRepr> for ScenarioCustomer {
    type Error = CustomerError;
    fn try_from(r: ScenarioCustomerRepr) -> Result<ScenarioCustomer, CustomerError> {
        Ok(ScenarioCustomer {
            mode: DunningMode::resolve(&r.id, r.mode, r.manual_mode, r.excluded)?,
            id: r.id,
            name: r.name,
            kind: r.kind,
            country: r.country,
            language: r.language,
            time_zone: r.time_zone,
            ladder: r.ladder,
            email: r.email,
            postal_address: r.postal_address,
            phone: r.phone,
            mobile: r.mobile,
            penalty_regime: r.penalty_regime,
            imputation: r.imputation,
            sole_trader: r.sole_trader,
            limitation: r.limitation,
            credit_limit: r.credit_limit,
        })
    }
}

impl ScenarioCustomer {
    /// The library customer.
    ///
    /// # Example
    /// ```
    /// use relance::scenario::ScenarioCustomer;
    /// let c: ScenarioCustomer = serde_json::from_str(r#"{"id": "C1", "name": "Acme",
    ///     "kind": "business", "country": "FR", "language": "fr", "time_zone": "Europe/Paris",
    ///     "email": "ap@acme.example", "manual_mode": true}"#).unwrap();
    /// let customer = c.to_customer();
    /// assert_eq!(customer.contacts.email.as_deref(), Some("ap@acme.example"));
    /// assert_eq!(customer.mode, relance::DunningMode::Manual); // from the legacy flag
    /// assert!(!customer.is_dunned_automatically());
    /// ```
    pub fn to_customer(&self) -> Customer {
        Customer {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            country: self.country,
            language: self.language,
            time_zone: self.time_zone,
            contacts: Contacts {
                email: self.email.clone(),
                postal_address: self.postal_address.clone(),
                phone: self.phone.clone(),
                mobile: self.mobile.clone(),
                portal_account: None,
                opt_out: Default::default(),
            },
            credit_limit: self.credit_limit,
            ladder: self.ladder.clone(),
            mode: self.mode,
            penalty_regime: self.penalty_regime,
            imputation: self.imputation,
            sole_trader: self.sole_trader,
            limitation: self.limitation,
        }
    }
}

/// An invoice in a scenario: one `amount` due on `due_date`, or several `instalments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioInvoice {
    /// Id.
    pub id: InvoiceId,
    /// Printed number (defaults to the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Customer id.
    pub customer: CustomerId,
    /// Currency code.
    pub currency: Currency,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date (single instalment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// Amount including VAT (single instalment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Instalments, instead of `due_date` and `amount`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instalments: Vec<Instalment>,
    /// Steps of the customer's ladder the invoice already received before the scenario
    /// (imported with [`Dunning::import_step`](crate::Dunning::import_step)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prior_steps: Vec<PriorStep>,
}

/// A step an invoice received before relance took over: `{"step", "date", "channel"}`,
/// the step by its name or its position on the ladder.
///
/// ```
/// use relance::scenario::PriorStep;
/// let p: PriorStep = serde_json::from_str(
///     r#"{"step": "first reminder", "date": "2025-02-07", "channel": "email"}"#).unwrap();
/// assert_eq!(p.channel, relance::Channel::Email);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorStep {
    /// The step's name on the customer's ladder, or its position (`0`, `1`...).
    pub step: StepRef,
    /// When it was sent.
    pub date: NaiveDate,
    /// How.
    pub channel: Channel,
}

/// A ladder step by name or position.
///
/// ```
/// use relance::scenario::StepRef;
/// assert_eq!(serde_json::from_str::<StepRef>("1").unwrap(), StepRef::Position(1));
/// assert_eq!(serde_json::from_str::<StepRef>("\"x\"").unwrap(), StepRef::Name("x".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StepRef {
    /// Its position on the ladder, from 0.
    Position(usize),
    /// Its name.
    Name(String),
}

impl ScenarioInvoice {
    /// The library invoice.
    ///
    /// # Errors
    /// [`Error::Scenario`] when neither or both forms of amounts are given.
    ///
    /// # Example
    /// ```
    /// use relance::scenario::ScenarioInvoice;
    /// let mut i: ScenarioInvoice = serde_json::from_str(r#"{"id": "F-1", "customer": "C1",
    ///     "currency": "EUR", "issue_date": "2025-02-01", "instalments": [
    ///     {"amount": "600.00", "due_date": "2025-03-03"},
    ///     {"amount": "600.00", "due_date": "2025-04-02"}]}"#).unwrap();
    /// let invoice = i.to_invoice().unwrap();
    /// assert_eq!(invoice.number, "F-1"); // defaults to the id
    /// assert_eq!(invoice.total().unwrap().to_string(), "1200.00 EUR");
    /// i.amount = Some("1200.00".parse().unwrap()); // both forms at once
    /// assert!(i.to_invoice().is_err());
    /// ```
    pub fn to_invoice(&self) -> Result<Invoice, Error> {
        let instalments = match (self.due_date, self.amount, self.instalments.is_empty()) {
            (Some(due_date), Some(amount), true) => vec![Instalment { amount, due_date }],
            (None, None, false) => self.instalments.clone(),
            _ => {
                return Err(Error::Scenario {
                    message: format!(
                        "invoice {}: give either due_date and amount, or instalments",
                        self.id
                    ),
                });
            }
        };
        Ok(Invoice {
            id: self.id.clone(),
            number: self.number.clone().unwrap_or_else(|| self.id.0.clone()),
            customer: self.customer.clone(),
            currency: self.currency,
            issue_date: self.issue_date,
            instalments,
            contract_date: None,
        })
    }
}

/// An event in a scenario. The `type` names follow the README.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScenarioEventKind {
    /// A payment.
    Payment {
        /// Amount.
        amount: Decimal,
    },
    /// A payment reversal.
    PaymentReversal {
        /// Amount.
        amount: Decimal,
    },
    /// A credit note.
    CreditNote {
        /// Amount.
        amount: Decimal,
    },
    /// A dispute opens.
    DisputeOpened {
        /// Reason (defaults to "disputed by the customer").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// Review date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<NaiveDate>,
    },
    /// A dispute is resolved.
    DisputeResolved {
        /// Upheld (customer right) or rejected.
        upheld: bool,
    },
    /// A promise to pay.
    PromiseToPay {
        /// Last day.
        until: NaiveDate,
    },
    /// The promise was kept.
    PromiseKept,
    /// The promise was broken.
    PromiseBroken,
    /// A payment plan.
    PaymentPlan {
        /// Instalments (must add up to the outstanding).
        schedule: Vec<Instalment>,
    },
    /// A manual hold.
    Hold {
        /// Last day.
        until: NaiveDate,
        /// Why.
        reason: String,
    },
    /// A manual hold is released.
    Release,
    /// Handed over.
    HandedOver {
        /// To whom.
        to: String,
    },
    /// Written off.
    WriteOff {
        /// Why.
        reason: String,
    },
    /// The creditor waives the fees, interest and compensation still open.
    AccessoriesWaived,
    /// The invoice's credit balance was refunded or applied elsewhere.
    CreditBalanceUsed {
        /// Amount.
        amount: Decimal,
    },
    /// The debtor acknowledged the debt (restarts the limitation period).
    DebtAcknowledged,
    /// A court step (a Mahnbescheid, a claim issued...).
    LegalProceedingsStarted {
        /// What and where.
        description: String,
    },
    /// The court proceedings ended.
    LegalProceedingsEnded,
    /// A Pre-Action Protocol Reply Form, its ticked boxes `true`.
    ReplyFormReceived {
        /// Will pay in full.
        #[serde(default)]
        pays_in_full: bool,
        /// Asks for time to pay.
        #[serde(default)]
        time_to_pay: bool,
        /// Disputes the debt.
        #[serde(default)]
        disputes: bool,
        /// Seeking debt advice.
        #[serde(default)]
        seeking_advice: bool,
        /// Asks for documents.
        #[serde(default)]
        documents_requested: bool,
    },
    /// The documents asked for on the Reply Form were provided.
    DocumentsProvided,
    /// A French e-invoicing lifecycle status: `status` (`"cashed"`, `"refused"`...), the
    /// `amount` of a 212 `cashed`.
    EInvoiceStatus {
        /// The status.
        status: crate::EInvoiceStatus,
        /// Amount cashed (212 only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Decimal>,
        /// Reason given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

impl ScenarioEventKind {
    /// The library's event kind, for a host that records the scenario's events itself.
    ///
    /// # Example
    /// ```
    /// use relance::scenario::ScenarioEventKind;
    /// let k: ScenarioEventKind = serde_json::from_str(
    ///     r#"{"type": "payment_plan", "schedule": [{"amount": "50.00", "due_date": "2025-03-01"}]}"#).unwrap();
    /// assert_eq!(k.to_event_kind().name(), "payment_plan_agreed");
    /// ```
    pub fn to_event_kind(&self) -> EventKind {
        match self.clone() {
            ScenarioEventKind::Payment { amount } => EventKind::Payment { amount },
            ScenarioEventKind::PaymentReversal { amount } => EventKind::PaymentReversal { amount },
            ScenarioEventKind::CreditNote { amount } => EventKind::CreditNote { amount },
            ScenarioEventKind::DisputeOpened { reason, review_on } => EventKind::DisputeOpened {
                reason: reason.unwrap_or_else(|| "disputed by the customer".into()),
                review_on,
            },
            ScenarioEventKind::DisputeResolved { upheld } => EventKind::DisputeResolved { upheld },
            ScenarioEventKind::PromiseToPay { until } => EventKind::PromiseToPay { until },
            ScenarioEventKind::PromiseKept => EventKind::PromiseKept,
            ScenarioEventKind::PromiseBroken => EventKind::PromiseBroken,
            ScenarioEventKind::PaymentPlan { schedule } => {
                EventKind::PaymentPlanAgreed { schedule }
            }
            ScenarioEventKind::Hold { until, reason } => EventKind::HoldPlaced { until, reason },
            ScenarioEventKind::Release => EventKind::HoldReleased,
            ScenarioEventKind::HandedOver { to } => EventKind::HandedOver { to },
            ScenarioEventKind::WriteOff { reason } => EventKind::WrittenOff { reason },
            ScenarioEventKind::AccessoriesWaived => EventKind::AccessoriesWaived,
            ScenarioEventKind::CreditBalanceUsed { amount } => {
                EventKind::CreditBalanceUsed { amount }
            }
            ScenarioEventKind::DebtAcknowledged => EventKind::DebtAcknowledged,
            ScenarioEventKind::LegalProceedingsStarted { description } => {
                EventKind::LegalProceedingsStarted { description }
            }
            ScenarioEventKind::LegalProceedingsEnded => EventKind::LegalProceedingsEnded,
            ScenarioEventKind::ReplyFormReceived {
                pays_in_full,
                time_to_pay,
                disputes,
                seeking_advice,
                documents_requested,
            } => EventKind::ReplyFormReceived {
                pays_in_full,
                time_to_pay,
                disputes,
                seeking_advice,
                documents_requested,
            },
            ScenarioEventKind::DocumentsProvided => EventKind::DocumentsProvided,
            ScenarioEventKind::EInvoiceStatus {
                status,
                amount,
                reason,
            } => EventKind::EInvoiceStatus {
                status,
                amount,
                reason,
            },
        }
    }
}

/// A dated event on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioEvent {
    /// Date.
    pub date: NaiveDate,
    /// Invoice id.
    pub invoice: InvoiceId,
    /// What happened.
    #[serde(flatten)]
    pub kind: ScenarioEventKind,
}

impl ScenarioEvent {
    /// The library event.
    ///
    /// # Example
    /// ```
    /// use relance::scenario::ScenarioEvent;
    /// let e: ScenarioEvent = serde_json::from_str(
    ///     r#"{"date": "2025-03-20", "invoice": "F-1", "type": "release"}"#).unwrap();
    /// assert_eq!(e.to_event().kind, relance::EventKind::HoldReleased);
    /// ```
    pub fn to_event(&self) -> Event {
        Event::new(&self.invoice, self.date, self.kind.to_event_kind())
    }
}

/// A whole scenario: the input of a policy dry-run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// First day simulated.
    pub start: NaiveDate,
    /// Last day simulated (inclusive).
    pub end: NaiveDate,
    /// Ladders.
    pub ladders: Vec<Ladder>,
    /// Default ladder rules by customer kind and country.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defaults: Vec<DefaultLadder>,
    /// Customers.
    pub customers: Vec<ScenarioCustomer>,
    /// Invoices.
    pub invoices: Vec<ScenarioInvoice>,
    /// Events, applied at the start of their day in the order given.
    #[serde(default)]
    pub events: Vec<ScenarioEvent>,
    /// Grant every approval request on the day it is made (default true).
    #[serde(default = "yes")]
    pub auto_approve: bool,
    /// Compute late-payment interest and compensation on notices with the built-in rate
    /// tables (default true).
    #[serde(default = "yes")]
    pub late_penalties: bool,
    /// The dunning policy (contact pressure, deadlines, calendars...). Omitted:
    /// [`Policy::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// Credit-file facts of customers: limits, temporary increases, orders and
    /// deliveries, blocks, overrides ([`ScenarioCreditEvent`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credit_events: Vec<ScenarioCreditEvent>,
    /// The rules of the credit check of the orders placed (omitted:
    /// [`CreditPolicy::default`](crate::credit::CreditPolicy::default)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_policy: Option<crate::credit::CreditPolicy>,
}

/// A fact of a customer's credit file in a scenario: a
/// [`CreditEvent`](crate::credit::CreditEvent) with the customer's id.
///
/// ```
/// use relance::scenario::ScenarioCreditEvent;
/// let e: ScenarioCreditEvent = serde_json::from_str(r#"{"customer": "C1",
///     "date": "2025-03-01", "type": "order_placed", "order": "SO-1", "amount": "800.00",
///     "currency": "EUR"}"#).unwrap();
/// assert_eq!(e.event.kind.name(), "order_placed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioCreditEvent {
    /// The customer.
    pub customer: CustomerId,
    /// The event.
    #[serde(flatten)]
    pub event: crate::credit::CreditEvent,
}

fn yes() -> bool {
    true
}

/// One action of the timeline: a notice (its channels merged) or a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineAction {
    /// Date of the run.
    pub date: NaiveDate,
    /// Customer id.
    pub customer: CustomerId,
    /// `notice`, `approval_request`, `credit_hold` or `dispute_review`; and from the
    /// customers' credit files, `credit_decision` (the credit check of an order placed
    /// that day) and `credit_hold_released`.
    pub kind: String,
    /// Step name (notices and approvals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Channels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Invoice ids.
    pub invoices: Vec<InvoiceId>,
    /// Amount claimed, as a string with the currency's decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_due: Option<String>,
    /// Currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Fees charged, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    /// Deadline given, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// Late-payment interest claimed, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<String>,
    /// Fixed compensation claimed, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_compensation: Option<String>,
    /// Every invoice of a notice with what it claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<TimelineItem>,
    /// Everything a notice claims: the sum of its items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_claimed: Option<String>,
    /// The order a credit decision is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// A credit decision's verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<crate::credit::Verdict>,
    /// A credit decision's findings, or why a credit hold was released, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

impl TimelineAction {
    /// An entry from a customer's credit file: no channel, amount or deadline.
    fn credit(date: NaiveDate, customer: &CustomerId, kind: &str) -> Self {
        TimelineAction {
            date,
            customer: customer.clone(),
            kind: kind.to_string(),
            step: None,
            stage: None,
            channels: Vec::new(),
            invoices: Vec::new(),
            amount_due: None,
            currency: None,
            fee: None,
            deadline: None,
            interest: None,
            fixed_compensation: None,
            items: Vec::new(),
            total_claimed: None,
            order: None,
            verdict: None,
            reasons: Vec::new(),
        }
    }

    /// A task for a person (approval request, credit hold, dispute review): no channel,
    /// amount or deadline.
    fn task(
        date: NaiveDate,
        action: &Action,
        invoices: impl IntoIterator<Item = InvoiceId>,
    ) -> Self {
        TimelineAction {
            invoices: invoices.into_iter().collect(),
            ..TimelineAction::credit(date, action.customer(), action.kind())
        }
    }
}

/// One invoice of a notice in the timeline.
///
/// ```
/// use relance::scenario::TimelineItem;
/// let i: TimelineItem = serde_json::from_str(r#"{"invoice": "F-1", "due_date": "2025-03-03",
///     "days_overdue": 7, "outstanding": "100.00", "fees": "0.00", "interest": "0.25",
///     "fixed_compensation": "40.00"}"#).unwrap();
/// assert_eq!(i.days_overdue, 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The due date of its oldest unpaid instalment.
    pub due_date: NaiveDate,
    /// Days overdue on the notice's date (negative before the due date).
    pub days_overdue: i64,
    /// Principal still owed.
    pub outstanding: String,
    /// Fees claimed (this step's and earlier unpaid ones).
    pub fees: String,
    /// Late-payment interest claimed.
    pub interest: String,
    /// Fixed compensation claimed.
    pub fixed_compensation: String,
}

/// An event of the scenario that was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// Its date.
    pub date: NaiveDate,
    /// Its invoice.
    pub invoice: InvoiceId,
    /// Why.
    pub error: String,
}

/// The output of a dry-run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Timeline {
    /// Actions sorted by date, then customer.
    pub actions: Vec<TimelineAction>,
    /// State of every invoice on the last day.
    pub final_states: BTreeMap<InvoiceId, String>,
    /// Events that were rejected (the rest of the scenario went on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// Invoices left with a credit balance on the last day (an overpayment, a credit note
    /// beyond what was owed), as amounts with the currency's decimals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub credit_balances: BTreeMap<InvoiceId, String>,
}

/// What happened on one simulated day.
#[derive(Debug, Clone, Default)]
pub struct Day {
    /// The runner's report.
    pub report: RunReport,
    /// Actions delivered that day, in order.
    pub delivered: Vec<Action>,
    /// Events rejected that day.
    pub rejected: Vec<Rejected>,
    /// Credit decisions on the orders placed that day and credit holds released.
    pub credit: Vec<TimelineAction>,
}

/// A scenario being played, day by day.
///
/// # Example
/// ```
/// use relance::scenario::{Scenario, Simulation};
/// let json = r#"{"start": "2025-01-01", "end": "2025-03-31", "late_penalties": false,
///   "ladders": [{"id": "std", "steps": [
///     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
///     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30, "channels": ["letter"]}]}],
///   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
///     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
///   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
///     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}],
///   "events": [{"date": "2025-03-10", "invoice": "I1", "type": "payment", "amount": "100.00"}]}"#;
/// let scenario: Scenario = serde_json::from_str(json).unwrap();
/// let timeline = Simulation::new(&scenario).unwrap().run_to_end().unwrap();
/// assert_eq!(timeline.actions.len(), 2);
/// assert_eq!(timeline.final_states[&relance::InvoiceId::from("I1")], "settled");
/// ```
pub struct Simulation {
    dunning: Dunning,
    store: MemoryStore,
    delivery: RecordingDelivery,
    events: BTreeMap<NaiveDate, Vec<Event>>,
    auto_approve: bool,
    start: NaiveDate,
    end: NaiveDate,
    today: Option<NaiveDate>,
    outside: Vec<Rejected>,
    /// Each customer's credit file, fed day by day.
    credit: BTreeMap<CustomerId, crate::credit::CreditFile>,
    credit_events: BTreeMap<NaiveDate, Vec<ScenarioCreditEvent>>,
    credit_policy: crate::credit::CreditPolicy,
}

impl Simulation {
    /// Builds the ladders, customers and accounts of a scenario.
    ///
    /// # Errors
    /// The first invalid ladder, customer or invoice, a ladder, customer or invoice id
    /// given twice ([`LadderError::Duplicate`](crate::LadderError::Duplicate),
    /// [`Error::DuplicateCustomer`], [`Error::DuplicateInvoice`]), or an empty or too long
    /// period. An unknown time zone is refused earlier, when the scenario is deserialised.
    ///
    /// # Example
    /// ```
    /// # use relance::scenario::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let json = r#"{"start": "2025-01-01", "end": "2025-03-31",
    /// #   "ladders": [{"id": "std", "steps": [
    /// #     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    /// #     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
    /// #      "channels": ["email"]}]}],
    /// #   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    /// #     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
    /// #   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
    /// #     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}]}"#;
    /// # let mut scenario: Scenario = serde_json::from_str(json).unwrap();
    /// // January to March; invoice I1 (EUR 100.00) is due 31 January; the ladder sends a
    /// // reminder 7 days later and a formal notice after 30 days.
    /// assert!(Simulation::new(&scenario).is_ok());
    /// scenario.end = d("2024-12-31");
    /// let Err(e) = Simulation::new(&scenario) else { panic!("an error") };
    /// assert_eq!(e.to_string(), "scenario: end 2024-12-31 must be on or after start 2025-01-01 \
    ///     and at most 36600 days later");
    /// ```
    pub fn new(s: &Scenario) -> Result<Simulation, Error> {
        let days = (s.end - s.start).num_days();
        if !(0..=MAX_SIMULATION_DAYS).contains(&days) {
            return Err(Error::Scenario {
                message: format!(
                    "end {} must be on or after start {} and at most {MAX_SIMULATION_DAYS} days later",
                    s.end, s.start
                ),
            });
        }
        let fallback = s.ladders.first().map(|l| l.id.clone());
        let book = LadderBook::with_defaults(s.ladders.clone(), s.defaults.clone(), fallback)?;
        let mut store = MemoryStore::new();
        let mut customers = BTreeSet::new();
        for c in &s.customers {
            if !customers.insert(&c.id) {
                return Err(Error::DuplicateCustomer {
                    customer: c.id.clone(),
                });
            }
            let customer = c.to_customer();
            book.ladder_for(&customer)?;
            store.add_customer(customer);
        }
        for i in &s.invoices {
            store.add_invoice(i.to_invoice()?)?;
        }
        let mut events: BTreeMap<NaiveDate, Vec<Event>> = BTreeMap::new();
        let mut outside = Vec::new();
        for e in &s.events {
            if e.date < s.start || e.date > s.end {
                // Reported on the first day rather than silently dropped.
                outside.push(Rejected {
                    date: e.date,
                    invoice: e.invoice.clone(),
                    error: format!(
                        "event dated outside the simulated period {} to {}",
                        s.start, s.end
                    ),
                });
                continue;
            }
            events.entry(e.date).or_default().push(Event::new(
                &e.invoice,
                e.date,
                e.kind.to_event_kind(),
            ));
        }
        // Credit files, in each customer's limit currency (else its first invoice's).
        let mut credit = BTreeMap::new();
        for c in &s.customers {
            let currency = c
                .credit_limit
                .map(|m| m.currency)
                .or_else(|| {
                    s.invoices
                        .iter()
                        .find(|i| i.customer == c.id)
                        .map(|i| i.currency)
                })
                .unwrap_or(Currency::EUR);
            credit.insert(
                c.id.clone(),
                crate::credit::CreditFile::new(c.id.clone(), currency),
            );
        }
        let mut credit_events: BTreeMap<NaiveDate, Vec<ScenarioCreditEvent>> = BTreeMap::new();
        for e in &s.credit_events {
            if !credit.contains_key(&e.customer) {
                return Err(Error::Scenario {
                    message: format!("credit event for unknown customer {}", e.customer),
                });
            }
            if e.event.on < s.start || e.event.on > s.end {
                outside.push(Rejected {
                    date: e.event.on,
                    invoice: InvoiceId(e.customer.0.clone()),
                    error: format!(
                        "credit event dated outside the simulated period {} to {}",
                        s.start, s.end
                    ),
                });
                continue;
            }
            credit_events.entry(e.event.on).or_default().push(e.clone());
        }
        let policy = {
            let mut policy = s.policy.clone().unwrap_or_default();
            if s.late_penalties && policy.rates.is_none() {
                policy.rates = Some(RateTables::builtin());
            }
            if !s.late_penalties {
                policy.rates = None;
            }
            policy
        };
        let dunning = Dunning::new(book, policy)?;
        for i in &s.invoices {
            let Some(customer) = store.customers().find(|c| c.id == i.customer).cloned() else {
                continue;
            };
            let ladder = dunning.book().ladder_for(&customer)?;
            for p in &i.prior_steps {
                let position = match &p.step {
                    StepRef::Position(n) => Some(*n),
                    StepRef::Name(name) => ladder.steps.iter().position(|s| &s.name == name),
                };
                let Some(position) = position else {
                    return Err(Error::Scenario {
                        message: format!(
                            "invoice {}: prior step {:?} is not on ladder {}",
                            i.id, p.step, ladder.id
                        ),
                    });
                };
                dunning
                    .import_step(&mut store, &i.id, position, p.date, p.channel)
                    .map_err(|e| Error::Scenario {
                        message: format!("invoice {}: prior step: {e}", i.id),
                    })?;
            }
        }
        Ok(Simulation {
            dunning,
            store,
            delivery: RecordingDelivery::default(),
            events,
            auto_approve: s.auto_approve,
            start: s.start,
            end: s.end,
            today: None,
            outside,
            credit,
            credit_events,
            credit_policy: s.credit_policy.clone().unwrap_or_default(),
        })
    }

    /// The store, to inspect accounts.
    ///
    /// # Example
    /// ```
    /// # use relance::scenario::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let json = r#"{"start": "2025-01-01", "end": "2025-03-31",
    /// #   "ladders": [{"id": "std", "steps": [
    /// #     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    /// #     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
    /// #      "channels": ["email"]}]}],
    /// #   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    /// #     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
    /// #   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
    /// #     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}]}"#;
    /// # let mut scenario: Scenario = serde_json::from_str(json).unwrap();
    /// // January to March; invoice I1 (EUR 100.00) is due 31 January; the ladder sends a
    /// // reminder 7 days later and a formal notice after 30 days.
    /// let mut sim = Simulation::new(&scenario).unwrap();
    /// while let Some((day, _)) = sim.next_day().unwrap() {
    ///     if day == d("2025-02-07") { break; }
    /// }
    /// let acc = sim.store().account(&"I1".into()).unwrap();
    /// assert_eq!(acc.position().map(|r| r.name.as_str()), Some("reminder"));
    /// ```
    pub fn store(&self) -> &MemoryStore {
        &self.store
    }

    /// The ladder book.
    ///
    /// # Example
    /// ```
    /// # use relance::scenario::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let json = r#"{"start": "2025-01-01", "end": "2025-03-31",
    /// #   "ladders": [{"id": "std", "steps": [
    /// #     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    /// #     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
    /// #      "channels": ["email"]}]}],
    /// #   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    /// #     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
    /// #   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
    /// #     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}]}"#;
    /// # let mut scenario: Scenario = serde_json::from_str(json).unwrap();
    /// // January to March; invoice I1 (EUR 100.00) is due 31 January; the ladder sends a
    /// // reminder 7 days later and a formal notice after 30 days.
    /// let sim = Simulation::new(&scenario).unwrap();
    /// let steps: Vec<&str> = sim.book().get(&"std".into()).unwrap().steps.iter()
    ///     .map(|s| s.name.as_str()).collect();
    /// assert_eq!(steps, ["reminder", "formal notice"]);
    /// ```
    pub fn book(&self) -> &LadderBook {
        self.dunning.book()
    }

    /// Plays the next day: its events (each alone, a rejected one is reported and
    /// skipped), then a run. `None` after the last day.
    ///
    /// # Errors
    /// A store failure (never with the in-memory store).
    ///
    /// # Example
    /// ```
    /// # use relance::scenario::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let json = r#"{"start": "2025-01-01", "end": "2025-03-31",
    /// #   "ladders": [{"id": "std", "steps": [
    /// #     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    /// #     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
    /// #      "channels": ["email"]}]}],
    /// #   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    /// #     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
    /// #   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
    /// #     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}]}"#;
    /// # let mut scenario: Scenario = serde_json::from_str(json).unwrap();
    /// // January to March; invoice I1 (EUR 100.00) is due 31 January; the ladder sends a
    /// // reminder 7 days later and a formal notice after 30 days.
    /// let mut sim = Simulation::new(&scenario).unwrap();
    /// let mut sent = Vec::new();
    /// while let Some((day, out)) = sim.next_day().unwrap() {
    ///     sent.extend(out.delivered.iter().map(|a| (day, a.kind())));
    /// }
    /// assert_eq!(sent, [(d("2025-02-07"), "notice"), (d("2025-03-02"), "notice")]);
    /// assert!(sim.next_day().unwrap().is_none()); // after the last day
    /// ```
    pub fn next_day(&mut self) -> Result<Option<(NaiveDate, Day)>, Error> {
        let day = match self.today {
            None => self.start,
            Some(d) if d >= self.end => return Ok(None),
            Some(d) => d.checked_add_days(Days::new(1)).ok_or(Error::Scenario {
                message: format!("date overflow after {d}"),
            })?,
        };
        self.today = Some(day);
        let mut out = Day {
            rejected: std::mem::take(&mut self.outside),
            ..Day::default()
        };
        for e in self.events.remove(&day).unwrap_or_default() {
            let rejected = |error: String| Rejected {
                date: e.on,
                invoice: e.invoice.clone(),
                error,
            };
            let fact = match Fact::try_from(e.clone()) {
                Ok(f) => f,
                Err(err) => {
                    out.rejected.push(rejected(err.to_string()));
                    continue;
                }
            };
            let report =
                self.dunning
                    .record(&mut self.store, &[fact])
                    .map_err(|e| Error::Scenario {
                        message: e.to_string(),
                    })?;
            for f in report.facts {
                if let FactResult::Rejected { error } = f.result {
                    out.rejected.push(rejected(error.to_string()));
                }
            }
        }
        self.credit_day(day, &mut out);
        let before = self.delivery.sent().len();
        out.report = self
            .dunning
            .run(day, &mut self.store, &mut self.delivery, RunOptions::new())
            .map_err(|e| Error::Scenario {
                message: e.to_string(),
            })?;
        out.delivered = self.delivery.sent().get(before..).unwrap_or(&[]).to_vec();
        if self.auto_approve {
            let grants: Vec<Fact> = out
                .delivered
                .iter()
                .filter_map(|a| match a {
                    Action::ApprovalRequest(r) => Some(r),
                    _ => None,
                })
                .flat_map(|r| {
                    r.lines.iter().filter_map(move |l| {
                        Fact::new(&l.invoice, day, EventKind::ApprovalGranted { step: l.step }).ok()
                    })
                })
                .collect();
            let _granted =
                self.dunning
                    .record(&mut self.store, &grants)
                    .map_err(|e| Error::Scenario {
                        message: e.to_string(),
                    })?;
        }
        self.credit_holds(day, &mut out);
        Ok(Some((day, out)))
    }

    /// The customer's accounts in the store.
    fn accounts_of(&self, customer: &CustomerId) -> Vec<crate::account::Account> {
        self.store
            .accounts_iter()
            .filter(|a| &a.invoice().customer == customer)
            .cloned()
            .collect()
    }

    /// The day's credit events, each order placed checked first (before it counts in
    /// the exposure); a refused event is reported (its `invoice` is the customer's id).
    fn credit_day(&mut self, day: NaiveDate, out: &mut Day) {
        for e in self.credit_events.remove(&day).unwrap_or_default() {
            let reject = |error: String| Rejected {
                date: day,
                invoice: InvoiceId(e.customer.0.clone()),
                error,
            };
            if let crate::credit::CreditEventKind::OrderPlaced {
                order,
                amount,
                currency,
                prepaid,
            } = &e.event.kind
            {
                let accounts = self.accounts_of(&e.customer);
                let customer = self.store.customers().find(|c| c.id == e.customer).cloned();
                let (Some(file), Some(customer)) = (self.credit.get(&e.customer), customer) else {
                    continue;
                };
                let score = self.credit_policy.min_score.and_then(|_| {
                    crate::credit::score_customer(
                        &customer,
                        &accounts,
                        day,
                        &crate::credit::ScoreSettings::default(),
                    )
                });
                let check = crate::credit::OrderCheck {
                    amount: *amount,
                    currency: *currency,
                    prepaid: *prepaid,
                    shipped: false,
                };
                match crate::credit::check_order(
                    day,
                    &customer,
                    file,
                    &accounts,
                    &check,
                    score.as_ref(),
                    &[],
                    &self.credit_policy,
                ) {
                    Ok(decision) => {
                        let mut reasons: Vec<String> =
                            decision.findings.iter().map(|f| f.reason.clone()).collect();
                        reasons.extend(decision.approved_because.clone());
                        out.credit.push(TimelineAction {
                            order: Some(order.clone()),
                            verdict: Some(decision.verdict),
                            reasons,
                            amount_due: Some(money_string(Money::new(*amount, *currency))),
                            currency: Some(*currency),
                            ..TimelineAction::credit(day, &e.customer, "credit_decision")
                        });
                    }
                    Err(err) => out.rejected.push(reject(err.to_string())),
                }
            }
            if let Some(file) = self.credit.get_mut(&e.customer) {
                if let Err(err) = file.apply(e.event.clone()) {
                    out.rejected.push(reject(err.to_string()));
                }
            }
        }
    }

    /// Credit holds the day's run placed go into the customers' files; holds whose
    /// invoices are all paid or credited are released, with a timeline entry.
    fn credit_holds(&mut self, day: NaiveDate, out: &mut Day) {
        for a in &out.delivered {
            if let Action::CreditHold(h) = a {
                if let Some(file) = self.credit.get_mut(&h.customer) {
                    if let Err(err) = file.place_hold(h) {
                        out.rejected.push(Rejected {
                            date: day,
                            invoice: InvoiceId(h.customer.0.clone()),
                            error: err.to_string(),
                        });
                    }
                }
            }
        }
        let customers: Vec<CustomerId> = self
            .credit
            .iter()
            .filter(|(_, f)| !f.active_holds(day).is_empty())
            .map(|(c, _)| c.clone())
            .collect();
        for c in customers {
            let accounts = self.accounts_of(&c);
            let Some(file) = self.credit.get_mut(&c) else {
                continue;
            };
            let holds = file.active_holds(day);
            let releases = match crate::credit::hold_releases(day, file, &accounts) {
                Ok(r) => r,
                Err(err) => {
                    out.rejected.push(Rejected {
                        date: day,
                        invoice: InvoiceId(c.0.clone()),
                        error: err.to_string(),
                    });
                    continue;
                }
            };
            for r in releases {
                let crate::credit::CreditEventKind::HoldReleased { key, release } = &r.kind else {
                    continue;
                };
                let invoices = holds
                    .iter()
                    .find(|h| &h.key == key)
                    .map(|h| h.invoices.clone())
                    .unwrap_or_default();
                let note = match release {
                    crate::credit::Release::Cured { note } => note.clone(),
                    crate::credit::Release::Person { reason, .. } => reason.clone(),
                };
                if file.apply(r.clone()).is_ok() {
                    out.credit.push(TimelineAction {
                        invoices,
                        reasons: vec![note],
                        ..TimelineAction::credit(day, &c, "credit_hold_released")
                    });
                }
            }
        }
    }

    /// Plays every remaining day and returns the timeline.
    ///
    /// # Errors
    /// A store failure (never with the in-memory store).
    ///
    /// # Example
    /// ```
    /// # use relance::scenario::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let json = r#"{"start": "2025-01-01", "end": "2025-03-31",
    /// #   "ladders": [{"id": "std", "steps": [
    /// #     {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    /// #     {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
    /// #      "channels": ["email"]}]}],
    /// #   "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    /// #     "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example"}],
    /// #   "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
    /// #     "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "100.00"}]}"#;
    /// # let mut scenario: Scenario = serde_json::from_str(json).unwrap();
    /// // January to March; invoice I1 (EUR 100.00) is due 31 January; the ladder sends a
    /// // reminder 7 days later and a formal notice after 30 days.
    /// // A payment larger than the invoice on 10 February settles it: the excess is the
    /// // customer's credit balance, reported; a negative payment is rejected.
    /// scenario.events.push(ScenarioEvent { date: d("2025-02-10"), invoice: "I1".into(),
    ///     kind: ScenarioEventKind::Payment { amount: "150.00".parse().unwrap() } });
    /// scenario.events.push(ScenarioEvent { date: d("2025-02-11"), invoice: "I1".into(),
    ///     kind: ScenarioEventKind::Payment { amount: "-1.00".parse().unwrap() } });
    /// let timeline = Simulation::new(&scenario).unwrap().run_to_end().unwrap();
    /// assert_eq!(timeline.credit_balances["I1"], "50.00");
    /// assert_eq!(timeline.rejected[0].error,
    ///     "invoice I1: payment amount -1.00 must be positive");
    /// assert_eq!(timeline.final_states["I1"], "settled");
    /// ```
    pub fn run_to_end(mut self) -> Result<Timeline, Error> {
        let mut timeline = Timeline::default();
        while let Some((day, out)) = self.next_day()? {
            timeline
                .actions
                .extend(timeline_actions(day, &out.delivered));
            timeline.actions.extend(out.credit);
            timeline.rejected.extend(out.rejected);
        }
        timeline.actions.sort_by(|a, b| {
            (a.date, &a.customer, &a.kind, &a.step).cmp(&(b.date, &b.customer, &b.kind, &b.step))
        });
        let end = self.end;
        timeline.final_states = self
            .store
            .accounts_iter()
            .map(|a| (a.invoice().id.clone(), a.state(end).name().to_string()))
            .collect();
        timeline.credit_balances = self
            .store
            .accounts_iter()
            .filter(|a| !a.credit_balance().is_zero())
            .map(|a| (a.invoice().id.clone(), money_string(a.credit_balance())))
            .collect();
        Ok(timeline)
    }
}

fn money_string(m: Money) -> String {
    let mut a = m.amount;
    a.rescale(m.currency.minor_unit());
    a.to_string()
}

/// Converts delivered actions to timeline entries, merging one customer's notices that
/// differ only by channel.
///
/// # Example
/// ```
/// # use relance::*;
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
/// #     Language::Fr, Zone::EUROPE_PARIS);
/// # customer.contacts.email = Some("ap@acme.example".into());
/// # customer.contacts.postal_address = Some(vec!["1 rue de la Paix, 75002 Paris".into()]);
/// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
/// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
/// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email, Channel::Letter]);
/// let book = LadderBook::new(vec![Ladder::new("std", vec![step])]).unwrap();
/// let actions = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio).actions;
/// assert_eq!(actions.len(), 2); // one notice per channel...
/// let timeline = scenario::timeline_actions(d("2025-02-07"), &actions);
/// assert_eq!(timeline.len(), 1); // ...one entry in the timeline
/// assert_eq!(timeline[0].channels, [Channel::Email, Channel::Letter]);
/// assert_eq!(timeline[0].amount_due.as_deref(), Some("100.00"));
/// ```
pub fn timeline_actions(date: NaiveDate, delivered: &[Action]) -> Vec<TimelineAction> {
    let mut out: Vec<TimelineAction> = Vec::new();
    for a in delivered {
        let entry = match a {
            Action::Notice(n) => TimelineAction {
                date,
                customer: n.customer.clone(),
                kind: "notice".into(),
                step: Some(n.step_name.clone()),
                stage: Some(n.stage),
                channels: vec![n.channel],
                invoices: n.lines.iter().map(|l| l.invoice.clone()).collect(),
                amount_due: Some(money_string(n.amount_due)),
                currency: Some(n.amount_due.currency),
                fee: (!n.fees.is_zero()).then(|| money_string(n.fees)),
                deadline: n.deadline,
                interest: (!n.interest.is_zero()).then(|| money_string(n.interest)),
                fixed_compensation: (!n.fixed_compensation.is_zero())
                    .then(|| money_string(n.fixed_compensation)),
                items: n
                    .lines
                    .iter()
                    .map(|l| {
                        let m = |d: Decimal| money_string(Money::new(d, n.amount_due.currency));
                        TimelineItem {
                            invoice: l.invoice.clone(),
                            due_date: l.due_date,
                            days_overdue: l.days_overdue,
                            outstanding: m(l.outstanding),
                            fees: m(l.fees()),
                            interest: m(l.interest),
                            fixed_compensation: m(l.compensation),
                        }
                    })
                    .collect(),
                total_claimed: Some(money_string(n.total_claimable)),
                ..TimelineAction::credit(date, &n.customer, "notice")
            },
            Action::ApprovalRequest(r) => TimelineAction {
                step: r.lines.first().map(|l| l.step_name.clone()),
                stage: r.lines.first().map(|l| l.stage),
                ..TimelineAction::task(date, a, r.lines.iter().map(|l| l.invoice.clone()))
            },
            Action::CreditHold(c) => TimelineAction::task(date, a, c.invoices.iter().cloned()),
            Action::DisputeReview(d) => TimelineAction::task(date, a, [d.invoice.clone()]),
        };
        let same = out.iter_mut().find(|o| {
            o.kind == "notice"
                && entry.kind == "notice"
                && o.customer == entry.customer
                && o.step == entry.step
                && o.invoices == entry.invoices
                && o.currency == entry.currency
        });
        match same {
            Some(o) => o.channels.extend(entry.channels),
            None => out.push(entry),
        }
    }
    out
}
