//! The top-level [`Error`], wrapping one error enum per concern.
//!
//! Every variant names the offending value, so a host can show it or branch on it.

use crate::money::MoneyError;

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
    /// A late-payment penalty problem.
    #[error(transparent)]
    Penalty(#[from] crate::penalties::PenaltyError),
}
