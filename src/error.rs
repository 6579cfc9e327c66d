//! The top-level [`Error`], wrapping one error enum per concern.
//!
//! Every variant names the offending value, so a host can show it or branch on it.

use crate::calendar::CalendarError;
use crate::local_time::LocalTimeError;
use crate::money::MoneyError;
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An amount or currency problem.
    #[error(transparent)]
    Money(#[from] MoneyError),
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
}
