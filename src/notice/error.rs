//! [`NoticeError`]: what can go wrong building, checking or rendering a notice.

use crate::ids::CustomerId;
use crate::jurisdiction::Language;
use crate::money::{Money, MoneyError};
use crate::notice::header::HeaderError;
use crate::notice::template_limits::TemplateLimit;
use crate::notice::tone::TemplatePart;
use crate::payment_reference::PaymentReferenceError;

/// What went wrong building, checking or rendering a notice. Every variant names the value.
///
/// # Example
/// ```
/// use relance::notice::{Creditor, NoticeError};
/// let e = Creditor::new("X", "", "BE68539007547034", "X").validate().unwrap_err();
/// assert!(matches!(e, NoticeError::InvalidCreditor { field: "company_number", .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoticeError {
    /// A creditor field is missing or invalid.
    #[error("creditor {field} {value:?}: {problem}")]
    InvalidCreditor {
        /// The field.
        field: &'static str,
        /// Its value.
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// The notice is for another customer than the one given.
    #[error("notice for customer {notice} built with customer {customer}")]
    WrongCustomer {
        /// The notice's customer.
        notice: CustomerId,
        /// The customer given.
        customer: CustomerId,
    },
    /// A fee the law does not allow on this notice.
    #[error("invoice {invoice}: fee {fee} not allowed: {reason}")]
    FeeNotAllowed {
        /// The invoice number.
        invoice: String,
        /// The fee.
        fee: Money,
        /// Why.
        reason: &'static str,
    },
    /// An interest section that does not add up.
    #[error("interest section: {problem}")]
    Interest {
        /// What is wrong.
        problem: String,
    },
    /// A host template that does not parse.
    #[error("template {template}: syntax error: {message}")]
    TemplateSyntax {
        /// The template's name, `step/<step>/<language>/<part>.txt`.
        template: String,
        /// The parser's message.
        message: String,
    },
    /// A host template refers to a field notices do not have.
    #[error("template {template}: unknown field {field:?} (see TemplateFields)")]
    UnknownField {
        /// The template's name.
        template: String,
        /// The unknown field.
        field: String,
    },
    /// A host template fails on a fully populated sample notice.
    #[error("template {template}: fails on a sample notice: {message}")]
    TemplateCheck {
        /// The template's name.
        template: String,
        /// The engine's message.
        message: String,
    },
    /// A template goes past the limits every render runs within, or uses a construct that
    /// could build values without bound: refused when loaded, or (for the notice's data)
    /// when rendered. See [`Templates`](crate::notice::Templates).
    #[error("template {template}: too expensive: {limit}")]
    TooExpensive {
        /// The template's name, e.g. `step/<step>/<language>/<part>.txt`.
        template: String,
        /// The ladder step it belongs to (the notice's step for a default template).
        step: String,
        /// Its language.
        language: Language,
        /// Its part.
        part: TemplatePart,
        /// The limit.
        limit: TemplateLimit,
    },
    /// A template failed while rendering a notice.
    #[error("template {template}: {message}")]
    Render {
        /// The template's name.
        template: String,
        /// The engine's message.
        message: String,
    },
    /// A recipient that cannot go into a header: a control character or line break in the
    /// e-mail address, mobile or phone number or portal account, or an e-mail address that
    /// is not plausible (see [`validate_email`](crate::notice::validate_email)).
    #[error("recipient {field}: {source}")]
    InvalidRecipient {
        /// Which recipient: `email`, `mobile`, `phone` or `portal_account`.
        field: &'static str,
        /// What is wrong, with the value.
        source: HeaderError,
    },
    /// An amount overflowed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A payment reference could not be generated.
    #[error(transparent)]
    PaymentReference(#[from] PaymentReferenceError),
}
