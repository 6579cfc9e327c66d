//! The states of an account: the stored [`Status`], its holds, the steps reached, and the
//! date-dependent [`DunningState`] of the diagram in the crate docs.

use crate::invoice::Instalment;
use crate::ladder::Stage;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why dunning is paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldKind {
    /// The customer disputes the invoice.
    Dispute {
        /// When a person must review the dispute.
        review_on: NaiveDate,
        /// Whether the review was already requested.
        #[serde(default)]
        review_requested: bool,
    },
    /// The customer promised to pay by `until` (inclusive).
    PromiseToPay {
        /// Last day of the promise.
        until: NaiveDate,
    },
    /// A payment plan is being honoured.
    PaymentPlan {
        /// The plan's instalments.
        schedule: Vec<Instalment>,
        /// Payments and credits recorded before the plan was agreed.
        reduced_before: Decimal,
    },
    /// A person paused dunning until `until` (inclusive).
    Manual {
        /// Last day of the hold.
        until: NaiveDate,
    },
    /// A French e-invoicing status holds dunning (208 Suspendue, 210 Refusée, 211
    /// Paiement transmis, 213 Rejetée; see [`EInvoiceStatus`](crate::EInvoiceStatus)):
    /// until `until` (211), else until a status that lifts it, a credit note settling the
    /// invoice, or a person's `hold_released`.
    EInvoice {
        /// The status that holds.
        status: crate::e_invoice::EInvoiceStatus,
        /// Last day of the hold, if it ends by itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
}

/// A pause in dunning, with its reason and start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// Kind and end condition.
    #[serde(flatten)]
    pub kind: HoldKind,
    /// The day it started.
    pub since: NaiveDate,
    /// Why.
    pub reason: String,
}

/// The stored dunning status of an account. [`Account::state`](crate::Account::state) gives the richer,
/// date-dependent [`DunningState`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Dunning follows the ladder.
    Open,
    /// The next step waits for a person's approval.
    AwaitingApproval {
        /// The step.
        step: usize,
        /// When it was due.
        due_on: NaiveDate,
        /// Approved: it goes out on the next run.
        granted: bool,
    },
    /// Dunning is paused.
    OnHold {
        /// Why and until when.
        hold: Hold,
    },
    /// The claim was handed over for legal action.
    Judicial {
        /// Since when.
        since: NaiveDate,
        /// To whom (or the judicial step's name).
        to: String,
    },
    /// Nothing is owed any more.
    Settled {
        /// The day the balance reached zero.
        on: NaiveDate,
    },
    /// Written off as uncollectable.
    WrittenOff {
        /// The day.
        on: NaiveDate,
        /// Why.
        reason: String,
    },
}

/// A ladder step the invoice reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    /// Position on the ladder.
    pub step: usize,
    /// The step's name.
    pub name: String,
    /// Its stage.
    pub stage: Stage,
    /// When the step was due.
    pub due_on: NaiveDate,
    /// When the run that issued it was executed.
    pub issued_on: NaiveDate,
    /// Fee charged.
    pub fee: Option<Decimal>,
    /// Deadline given to the debtor.
    pub deadline: Option<NaiveDate>,
}

/// Where an invoice stands on a date: the states of the diagram in the crate docs.
///
/// ```
/// use relance::DunningState;
/// assert_eq!(DunningState::NotDue.name(), "not_due");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DunningState {
    /// Nothing is overdue yet (reminders before the due date may still go out).
    NotDue,
    /// Overdue; `step` is the last step reached, if any.
    Overdue {
        /// Last step reached.
        step: Option<usize>,
    },
    /// The next step waits for approval.
    AwaitingApproval {
        /// The step.
        step: usize,
    },
    /// Paused.
    OnHold {
        /// Why and until when.
        hold: Hold,
    },
    /// A formal notice was served; its deadline runs. (`"formal_notice"` in JSON, as
    /// [`DunningState::name`] says.)
    #[serde(rename = "formal_notice")]
    FormalNoticeServed {
        /// The step.
        step: usize,
        /// The deadline given.
        deadline: Option<NaiveDate>,
    },
    /// Handed over for legal action.
    Judicial {
        /// Since when.
        since: NaiveDate,
    },
    /// Fully paid or credited.
    Settled {
        /// Since when.
        on: NaiveDate,
    },
    /// Written off.
    WrittenOff {
        /// Since when.
        on: NaiveDate,
    },
}

impl DunningState {
    /// The snake_case name of the state.
    ///
    /// # Example
    /// ```
    /// use relance::DunningState;
    /// assert_eq!(DunningState::Overdue { step: Some(1) }.name(), "overdue");
    /// assert_eq!(DunningState::AwaitingApproval { step: 2 }.name(), "awaiting_approval");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            DunningState::NotDue => "not_due",
            DunningState::Overdue { .. } => "overdue",
            DunningState::AwaitingApproval { .. } => "awaiting_approval",
            DunningState::OnHold { .. } => "on_hold",
            DunningState::FormalNoticeServed { .. } => "formal_notice",
            DunningState::Judicial { .. } => "judicial",
            DunningState::Settled { .. } => "settled",
            DunningState::WrittenOff { .. } => "written_off",
        }
    }
}
