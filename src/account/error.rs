//! Why an event was rejected.

use crate::invoice::{InvoiceError, InvoiceId};
use crate::money::MoneyError;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Why an event was rejected. The account is unchanged. Every variant names the invoice
/// and the offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The event is for another invoice.
    #[error("event for invoice {found} applied to invoice {expected}")]
    WrongInvoice {
        /// This account's invoice.
        expected: InvoiceId,
        /// The event's invoice.
        found: InvoiceId,
    },
    /// The event is dated before the invoice was issued.
    #[error("invoice {invoice}: {event} on {on} is before the issue date {issue_date}")]
    BeforeIssue {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The event's date.
        on: NaiveDate,
        /// The issue date.
        issue_date: NaiveDate,
    },
    /// The event makes no sense in the current state.
    #[error("invoice {invoice}: {event} is not allowed while {state}")]
    NotAllowed {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The current state's name.
        state: &'static str,
    },
    /// An amount is zero, negative or too precise for the currency.
    #[error("invoice {invoice}: {event} amount {amount} {problem}")]
    BadAmount {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The amount given.
        amount: Decimal,
        /// What is wrong.
        problem: &'static str,
    },
    /// An amount (payment, reversal, credit note, plan instalment, step fee) is above
    /// [`Money::MAX_AMOUNT`](crate::Money::MAX_AMOUNT).
    #[error("invoice {invoice}: {event} amount {amount} is above the maximum of {max}")]
    TooLarge {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The amount given.
        amount: Decimal,
        /// The limit.
        max: Decimal,
    },
    /// An amount is larger than what it may reduce or reverse.
    #[error("invoice {invoice}: {event} of {amount} exceeds the {what} of {limit}")]
    Exceeds {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The amount given.
        amount: Decimal,
        /// What it was compared with (`"outstanding"`, `"amount paid"`).
        what: &'static str,
        /// The limit.
        limit: Decimal,
    },
    /// A required text (reason, recipient) is empty.
    #[error("invoice {invoice}: {event} needs a non-empty {field}")]
    Missing {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// A date is before the event's own date, or out of range.
    #[error("invoice {invoice}: {event} {field} {date} is before the event date {on}")]
    DateBefore {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The field.
        field: &'static str,
        /// Its value.
        date: NaiveDate,
        /// The event's date.
        on: NaiveDate,
    },
    /// A payment plan that is empty, unordered, or does not add up to the outstanding.
    #[error("invoice {invoice}: payment plan {problem}")]
    BadSchedule {
        /// The invoice.
        invoice: InvoiceId,
        /// What is wrong.
        problem: String,
    },
    /// A step event for a step the invoice already reached or passed (steps are never
    /// repeated nor gone back to), or an approval for another step.
    #[error("invoice {invoice}: {event} for step {found}, expected step {expected}")]
    WrongStep {
        /// The invoice.
        invoice: InvoiceId,
        /// The event type.
        event: &'static str,
        /// The step the account expects.
        expected: usize,
        /// The step given.
        found: usize,
    },
    /// The account's history is full ([`MAX_EVENTS`](crate::account::MAX_EVENTS)).
    #[error("invoice {invoice}: history is full ({max} events)")]
    HistoryFull {
        /// The invoice.
        invoice: InvoiceId,
        /// The limit.
        max: usize,
    },
    /// The invoice itself is invalid.
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// Arithmetic overflow or a date out of range.
    #[error("invoice {invoice}: {source}")]
    Money {
        /// The invoice.
        invoice: InvoiceId,
        /// The underlying error.
        source: MoneyError,
    },
}
