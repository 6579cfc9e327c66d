//! The top-level [`Error`], wrapping one error enum per concern.
//!
//! Every variant names the offending value, so a host can show it or branch on it.

use crate::account::EventError;
use crate::calendar::CalendarError;
use crate::customer::CustomerError;
use crate::ids::{CustomerId, InvoiceId};
use crate::invoice::InvoiceError;
use crate::ladder::LadderError;
use crate::local_time::LocalTimeError;
use crate::money::MoneyError;
use crate::notice::NoticeError;
use crate::payment_reference::PaymentReferenceError;
use crate::sending_window::SendingWindowError;

/// Any error relance returns.
///
/// # Example
/// ```
/// use relance::{Currency, Error};
/// let e: Error = Currency::from_code("XYZ").unwrap_err().into();
/// assert!(e.to_string().contains("XYZ"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An amount or currency problem.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An invalid invoice.
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// An invalid ladder or ladder book.
    #[error(transparent)]
    Ladder(#[from] LadderError),
    /// An event rejected by an account.
    #[error(transparent)]
    Event(#[from] EventError),
    /// An invoice refers to a customer the store does not know.
    #[error("invoice {invoice}: unknown customer {customer}")]
    UnknownCustomer {
        /// The customer id.
        customer: CustomerId,
        /// The invoice.
        invoice: InvoiceId,
    },
    /// An invoice id that is already in use.
    #[error("invoice {invoice}: already exists")]
    DuplicateInvoice {
        /// The invoice.
        invoice: InvoiceId,
    },
    /// A customer id given twice where ids must be unique (a scenario's customers).
    #[error("customer {customer}: defined twice")]
    DuplicateCustomer {
        /// The customer.
        customer: CustomerId,
    },
    /// Inconsistent or unparsable customer data.
    #[error(transparent)]
    Customer(#[from] CustomerError),
    /// A scenario that cannot be played.
    #[error("scenario: {message}")]
    Scenario {
        /// What is wrong.
        message: String,
    },
    /// An event for an invoice the store does not know.
    #[error("unknown invoice {invoice}")]
    UnknownInvoice {
        /// The invoice.
        invoice: InvoiceId,
    },
    /// A business-day calendar problem.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// An invalid RF creditor reference or Belgian structured communication.
    #[error(transparent)]
    PaymentReference(#[from] PaymentReferenceError),
    /// An unknown time zone or an instant out of range.
    #[error(transparent)]
    LocalTime(#[from] LocalTimeError),
    /// An invalid sending window or no slot to send in.
    #[error(transparent)]
    SendingWindow(#[from] SendingWindowError),
    /// A late-payment penalty problem.
    #[error(transparent)]
    Penalty(#[from] crate::penalties::PenaltyError),
    /// A policy that cannot be used.
    #[error("policy: {field}: {message}")]
    Policy {
        /// The field.
        field: &'static str,
        /// What is wrong with its value.
        message: String,
    },
    /// The store refused to record something.
    #[error("store: {message}")]
    Store {
        /// What the store said.
        message: String,
    },
    /// A host reported an event the engine records itself.
    #[error(transparent)]
    NotAFact(#[from] crate::event::NotAFact),
    /// A notice could not be built, checked or rendered.
    #[error(transparent)]
    Notice(#[from] NoticeError),
}
