//! Events: every fact recorded on an invoice's [`Account`](crate::Account), from the host
//! (payments, disputes, promises...) or from executing a dunning run (steps reached,
//! deliveries). The event log is the account's full history, fit to hand to a court.

use crate::e_invoice::EInvoiceStatus;
use crate::imputation::Imputation;
use crate::invoice::{Instalment, InvoiceId};
use crate::ladder::{Channel, Stage};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A fact about one invoice, on a date.
///
/// Serialises flat: `{"invoice": "INV-1", "date": "2025-03-01", "type": "payment", "amount": "100.00"}`.
///
/// # Example
/// ```
/// use relance::{Event, EventKind};
/// let e: Event = serde_json::from_str(
///     r#"{"invoice": "INV-1", "date": "2025-03-01", "type": "payment", "amount": "100.00"}"#).unwrap();
/// assert!(matches!(e.kind, EventKind::Payment { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The invoice concerned.
    pub invoice: InvoiceId,
    /// The date the fact took effect (for a transition: the date it was due, not the date
    /// the host ran).
    #[serde(rename = "date")]
    pub on: NaiveDate,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
    /// The host's own id for the fact (bank line, ERP document...): recording a fact
    /// whose id the account already holds is a no-op, so a replayed import counts once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl Event {
    /// An event on an invoice.
    ///
    /// # Example
    /// ```
    /// use relance::{Event, EventKind};
    /// let on = "2025-03-01".parse().unwrap();
    /// let amount = "100.00".parse().unwrap();
    /// let e = Event::new(&"INV-1".into(), on, EventKind::Payment { amount });
    /// assert_eq!(serde_json::to_string(&e).unwrap(),
    ///     r#"{"invoice":"INV-1","date":"2025-03-01","type":"payment","amount":"100.00"}"#);
    /// ```
    pub fn new(invoice: &InvoiceId, on: NaiveDate, kind: EventKind) -> Event {
        Event {
            invoice: invoice.clone(),
            on,
            kind,
            external_id: None,
        }
    }
}

/// Something the host reports about an invoice: a payment, a credit note, a dispute, a
/// promise, a payment plan, a hold, an approval, a hand-over, a write-off, or a notice it
/// delivered by other means. What the engine records itself (steps reached, approval
/// requests, delivery outcomes, cancellations, review requests) is refused, so a host
/// cannot forge the engine's records.
///
/// Serialises as the [`Event`] it wraps, with an optional `"external_id"`.
///
/// # Example
/// ```
/// use relance::{EventKind, Fact};
/// let on = "2025-03-01".parse().unwrap();
/// let pay = Fact::new(&"INV-1".into(), on, EventKind::Payment { amount: "10".parse().unwrap() })
///     .unwrap()
///     .with_external_id("bank-2025-03-01-0042");
/// assert_eq!(pay.event().external_id.as_deref(), Some("bank-2025-03-01-0042"));
/// // The engine's own records are not facts.
/// assert!(Fact::new(&"INV-1".into(), on, EventKind::DisputeReviewRequested).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Event", into = "Event")]
pub struct Fact(Event);

/// An event kind the host may not record: the engine records it itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invoice {invoice}: {kind} is recorded by the engine, not reported by the host")]
pub struct NotAFact {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The event type.
    pub kind: &'static str,
}

impl Fact {
    /// A fact on an invoice.
    ///
    /// # Errors
    /// [`NotAFact`] for a kind the engine records itself ([`EventKind::is_fact`]).
    ///
    /// # Example
    /// ```
    /// use relance::{EventKind, Fact};
    /// let f = Fact::new(&"INV-1".into(), "2025-03-01".parse().unwrap(), EventKind::PromiseKept);
    /// assert!(f.is_ok());
    /// ```
    pub fn new(invoice: &InvoiceId, on: NaiveDate, kind: EventKind) -> Result<Fact, NotAFact> {
        Fact::try_from(Event::new(invoice, on, kind))
    }

    /// The same fact carrying the host's id for it (see [`Event::external_id`]).
    ///
    /// # Example
    /// ```
    /// use relance::{EventKind, Fact};
    /// let f = Fact::new(&"I".into(), "2025-03-01".parse().unwrap(), EventKind::PromiseKept)
    ///     .unwrap().with_external_id("crm-17");
    /// assert_eq!(f.external_id(), Some("crm-17"));
    /// ```
    #[must_use]
    pub fn with_external_id(mut self, id: impl Into<String>) -> Fact {
        self.0.external_id = Some(id.into());
        self
    }

    /// The host's id for the fact, if any.
    ///
    /// # Example
    /// ```
    /// use relance::{EventKind, Fact};
    /// let f = Fact::new(&"I".into(), "2025-03-01".parse().unwrap(), EventKind::PromiseKept).unwrap();
    /// assert_eq!(f.external_id(), None);
    /// ```
    pub fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }

    /// The event it records.
    ///
    /// # Example
    /// ```
    /// use relance::{EventKind, Fact};
    /// let f = Fact::new(&"I".into(), "2025-03-01".parse().unwrap(), EventKind::PromiseKept).unwrap();
    /// assert_eq!(f.event().kind, EventKind::PromiseKept);
    /// ```
    pub fn event(&self) -> &Event {
        &self.0
    }
}

impl TryFrom<Event> for Fact {
    type Error = NotAFact;
    fn try_from(e: Event) -> Result<Fact, NotAFact> {
        if e.kind.is_fact() {
            Ok(Fact(e))
        } else {
            Err(NotAFact {
                invoice: e.invoice.clone(),
                kind: e.kind.name(),
            })
        }
    }
}

impl From<Fact> for Event {
    fn from(f: Fact) -> Event {
        f.0
    }
}

/// What happened. Amounts are in the invoice currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// A (possibly partial) payment, imputed to the principal and the accessories claimed
    /// by the rule of the claim ([`Imputation`]); what it pays beyond the whole claim
    /// becomes the invoice's credit balance. Never refused for a positive amount.
    Payment {
        /// Amount paid, positive.
        amount: Decimal,
    },
    /// A payment that bounced or was charged back; reopens a settled invoice. It takes
    /// back from the credit balance first, then from what payments paid, in the reverse
    /// of the imputation order.
    PaymentReversal {
        /// Amount reversed, at most what was paid and is still on the invoice (not used
        /// from its credit balance).
        amount: Decimal,
    },
    /// A credit note against the invoice: it reduces the principal, its excess (a credit
    /// note on a settled invoice, say) becoming the invoice's credit balance.
    CreditNote {
        /// Amount credited, positive.
        amount: Decimal,
    },
    /// The customer disputes the invoice: dunning pauses.
    DisputeOpened {
        /// Why (required).
        reason: String,
        /// When a person must review it; defaults to 30 days after opening.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        review_on: Option<NaiveDate>,
    },
    /// The dispute is settled. Upheld: the customer was right; dunning restarts from the
    /// first step, counted from this date. Rejected: dunning resumes where it was.
    DisputeResolved {
        /// Whether the customer's complaint was upheld.
        upheld: bool,
    },
    /// A person was asked to review the dispute (recorded when a run is executed).
    DisputeReviewRequested,
    /// The customer promises to pay by a date: dunning pauses until then.
    PromiseToPay {
        /// Last day of the promise.
        until: NaiveDate,
    },
    /// The promise was kept; dunning resumes for anything still outstanding.
    PromiseKept,
    /// The promise was broken; dunning resumes at once.
    PromiseBroken,
    /// A payment plan: dunning pauses while each instalment is paid on time.
    PaymentPlanAgreed {
        /// The plan's instalments; they must add up to what is outstanding.
        schedule: Vec<Instalment>,
    },
    /// An instalment of the payment plan was missed; dunning resumes at once.
    PlanInstalmentMissed,
    /// A person pauses dunning, with a reason and an end date.
    HoldPlaced {
        /// Last day of the hold.
        until: NaiveDate,
        /// Why (required).
        reason: String,
    },
    /// A manual hold is lifted early.
    HoldReleased,
    /// The invoice reached a ladder step (recorded when a run is executed).
    StepReached {
        /// Position of the step on the ladder.
        step: usize,
        /// Its name.
        name: String,
        /// Its stage.
        stage: Stage,
        /// The date the step was due (the run may have happened later).
        due_on: NaiveDate,
        /// Fee charged for the step, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fee: Option<Decimal>,
        /// The deadline given to the debtor, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deadline: Option<NaiveDate>,
    },
    /// A step waits for a person's approval.
    ApprovalRequested {
        /// The step.
        step: usize,
        /// The date the step was due.
        due_on: NaiveDate,
    },
    /// The step was approved; it goes out on the next run.
    ApprovalGranted {
        /// The step.
        step: usize,
    },
    /// The step was refused; it will be proposed again from `retry_on`.
    ApprovalRefused {
        /// The step.
        step: usize,
        /// Why.
        reason: String,
        /// When to propose it again.
        retry_on: NaiveDate,
    },
    /// A notice reached the customer.
    NoticeDelivered {
        /// The action's idempotency key.
        key: String,
        /// The channel used.
        channel: Channel,
        /// The delivery receipt (message id, tracking number...).
        receipt: String,
    },
    /// A notice could not be delivered.
    DeliveryFailed {
        /// The action's idempotency key.
        key: String,
        /// The channel.
        channel: Channel,
        /// What the delivery service said.
        reason: String,
        /// Permanent failures put the invoice on hold for a person to act.
        permanent: bool,
    },
    /// A notice was not sent because nothing was owed any more when its turn came.
    NoticeCancelled {
        /// The action's idempotency key.
        key: String,
    },
    /// The late-payment interest and fixed compensation a notice claimed on the invoice,
    /// and the terms its payments follow (recorded with the step when a run is executed).
    /// The figures are cumulative on the notice's date: each notice claims all interest
    /// accrued so far, not only the interest since the previous one.
    AccessoriesClaimed {
        /// All late-payment interest claimed so far.
        interest: Decimal,
        /// All fixed compensation claimed so far.
        compensation: Decimal,
        /// How payments are imputed from now on.
        imputation: Imputation,
        /// Whether what is open of the accessories is waived once the principal is paid
        /// (payments then go to the principal first).
        #[serde(default)]
        waive_on_principal_paid: bool,
        /// What the payments received so far paid of the interest, imputed by the rule to
        /// the interest accrued on their dates (cumulative; BGB 367(1), Code civil
        /// 1343-1): interest owed is paid first whether or not a notice had claimed it.
        /// The ledger moves what it had imputed to the principal, up to this figure, to
        /// the interest. Serde default 0 (left out of the JSON when 0).
        #[serde(default, skip_serializing_if = "Decimal::is_zero")]
        interest_paid: Decimal,
    },
    /// The creditor waives what is still open of the fees, interest and compensation.
    AccessoriesWaived,
    /// The invoice's credit balance (an overpayment, a credit note on a settled invoice)
    /// was refunded or applied to another invoice (the host records the payment there).
    CreditBalanceUsed {
        /// Amount used, positive, at most the credit balance.
        amount: Decimal,
    },
    /// The claim was handed to a collection agency, bailiff or court.
    HandedOver {
        /// To whom.
        to: String,
    },
    /// The balance is written off as uncollectable.
    WrittenOff {
        /// Why.
        reason: String,
    },
    /// The debtor acknowledged the debt. It restarts the limitation period if it has not
    /// run out ([`Limitation`](crate::Limitation): Code civil 2240, BGB 212(1) no. 1,
    /// Limitation Act 1980 s.29(5), Belgian Code civil 2248). In England and Wales only a
    /// written acknowledgment signed by the debtor counts (s.30(1)): record no other.
    DebtAcknowledged,
    /// A court step against the debtor (a German Mahnbescheid served, a claim issued, an
    /// injonction de payer...). The claim is under the court's control: dunning stops
    /// (judicial), and the limitation period is suspended or interrupted
    /// ([`Limitation`](crate::Limitation)).
    LegalProceedingsStarted {
        /// What and where (required), e.g. "Mahnbescheid, AG Coburg, 24-1234567-0-1".
        description: String,
    },
    /// The court proceedings ended (decision, withdrawal, standstill).
    LegalProceedingsEnded,
    /// The debtor returned the Reply Form of the English Pre-Action Protocol for Debt
    /// Claims; its boxes move the date before which no court claim may be made
    /// ([`legal_periods::DebtClaimsProtocol`](crate::legal_periods::DebtClaimsProtocol)).
    /// Every box defaults to unticked.
    ReplyFormReceived {
        /// The debtor will pay in full.
        #[serde(default)]
        pays_in_full: bool,
        /// The debtor asks for time to pay or offers instalments (with a Financial
        /// Statement).
        #[serde(default)]
        time_to_pay: bool,
        /// The debtor disputes the debt (in whole or in part): a dispute opens.
        #[serde(default)]
        disputes: bool,
        /// The debtor is seeking debt advice.
        #[serde(default)]
        seeking_advice: bool,
        /// The debtor asks for documents (the agreement, a statement of account...).
        #[serde(default)]
        documents_requested: bool,
    },
    /// The creditor provided the documents the debtor asked for on the Reply Form.
    DocumentsProvided,
    /// A French e-invoicing lifecycle status of the invoice (see [`EInvoiceStatus`] for
    /// what each does). `cashed` (212) requires its `amount`.
    EInvoiceStatus {
        /// The status.
        status: EInvoiceStatus,
        /// The amount cashed (212 only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Decimal>,
        /// The reason the platform or the buyer gave, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

impl EventKind {
    /// Whether the host may report this kind as a [`Fact`]. Steps reached, approval
    /// requests, delivery failures, cancellations and review requests are the engine's
    /// own records, and so are the accessories a notice claimed. A `notice_delivered` is both: the engine records its deliveries, and
    /// a host records a notice it re-sent by other means after a failure.
    ///
    /// # Example
    /// ```
    /// use relance::EventKind;
    /// assert!(EventKind::PromiseKept.is_fact());
    /// assert!(!EventKind::DisputeReviewRequested.is_fact());
    /// ```
    pub fn is_fact(&self) -> bool {
        !matches!(
            self,
            EventKind::StepReached { .. }
                | EventKind::AccessoriesClaimed { .. }
                | EventKind::ApprovalRequested { .. }
                | EventKind::DeliveryFailed { .. }
                | EventKind::NoticeCancelled { .. }
                | EventKind::DisputeReviewRequested
        )
    }

    /// The snake_case name of the event type, as in JSON.
    ///
    /// # Example
    /// ```
    /// use relance::{Event, EventKind};
    /// let e = Event::new(&"INV-1".into(), "2025-03-01".parse().unwrap(), EventKind::PromiseKept);
    /// assert_eq!(e.kind.name(), "promise_kept");
    /// assert_eq!(serde_json::to_value(&e).unwrap()["type"], e.kind.name());
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Payment { .. } => "payment",
            EventKind::PaymentReversal { .. } => "payment_reversal",
            EventKind::CreditNote { .. } => "credit_note",
            EventKind::DisputeOpened { .. } => "dispute_opened",
            EventKind::DisputeResolved { .. } => "dispute_resolved",
            EventKind::DisputeReviewRequested => "dispute_review_requested",
            EventKind::PromiseToPay { .. } => "promise_to_pay",
            EventKind::PromiseKept => "promise_kept",
            EventKind::PromiseBroken => "promise_broken",
            EventKind::PaymentPlanAgreed { .. } => "payment_plan_agreed",
            EventKind::PlanInstalmentMissed => "plan_instalment_missed",
            EventKind::HoldPlaced { .. } => "hold_placed",
            EventKind::HoldReleased => "hold_released",
            EventKind::StepReached { .. } => "step_reached",
            EventKind::ApprovalRequested { .. } => "approval_requested",
            EventKind::ApprovalGranted { .. } => "approval_granted",
            EventKind::ApprovalRefused { .. } => "approval_refused",
            EventKind::NoticeDelivered { .. } => "notice_delivered",
            EventKind::DeliveryFailed { .. } => "delivery_failed",
            EventKind::NoticeCancelled { .. } => "notice_cancelled",
            EventKind::AccessoriesClaimed { .. } => "accessories_claimed",
            EventKind::AccessoriesWaived => "accessories_waived",
            EventKind::CreditBalanceUsed { .. } => "credit_balance_used",
            EventKind::HandedOver { .. } => "handed_over",
            EventKind::WrittenOff { .. } => "written_off",
            EventKind::DebtAcknowledged => "debt_acknowledged",
            EventKind::LegalProceedingsStarted { .. } => "legal_proceedings_started",
            EventKind::LegalProceedingsEnded => "legal_proceedings_ended",
            EventKind::ReplyFormReceived { .. } => "reply_form_received",
            EventKind::DocumentsProvided => "documents_provided",
            EventKind::EInvoiceStatus { .. } => "e_invoice_status",
        }
    }
}
