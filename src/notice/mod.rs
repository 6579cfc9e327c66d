//! Notices people can act on: what a notice says ([`NoticeContent`]), in the customer's
//! language with the legal mentions of its country ([`legal`]), rendered for each channel
//! ([`render()`]) from default or host templates ([`Templates`]), and the hand-over
//! dossier for the judicial stage ([`dossier`]).
//!
//! The flow, in the host's [`Delivery`](crate::Delivery):
//! 1. [`NoticeContent::build`] from the planned [`Notice`](crate::Notice), the customer,
//!    the host's [`Creditor`], the customer's ladder and the [`Policy`](crate::Policy);
//!    optionally [`NoticeContent::with_interest`];
//! 2. [`render()`] with the [`Templates`] loaded at start-up (host overrides are checked
//!    when loaded);
//! 3. send, keep [`RenderedNotice::digest`] for the dossier.
//!
//! # Example
//! ```
//! use relance::*;
//! use relance::notice::{render, Creditor, NoticeContent, RenderedNotice, Templates};
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! let ladder = Ladder::new("std", vec![
//!     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
//!     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter])]);
//! let book = LadderBook::new(vec![ladder.clone()]).unwrap();
//! let mut customer = Customer::new("C-1", "Acme Ltd", CustomerKind::Business, Country::GB,
//!     Language::En, Zone::EUROPE_LONDON);
//! customer.contacts.email = Some("ap@acme.example".into());
//! let inv = Invoice::single("INV-1", "A-1001", "C-1", Currency::GBP, d("2025-01-15"),
//!     "1200.00".parse().unwrap(), d("2025-02-14"));
//! let portfolio = vec![CustomerAccounts { customer: customer.clone(), accounts: vec![Account::open(inv).unwrap()] }];
//! let policy = Policy::default();
//! let Action::Notice(notice) = Dunning::new(book.clone(), policy.clone()).unwrap().plan(d("2025-02-21"), &portfolio).actions.remove(0)
//!     else { unreachable!() };
//! let creditor = Creditor::new("Widgets plc", "01234567", "GB29NWBK60161331926819", "WID");
//! let content = NoticeContent::build(&notice, &customer, &creditor, &ladder, &policy)?;
//! let RenderedNotice::Email(email) = render(&content, &Templates::new())? else { unreachable!() };
//! assert_eq!(email.subject, "Reminder: invoice A-1001 awaiting payment");
//! assert!(email.text.contains("Please pay GBP\u{a0}1,200.00."));
//! # Ok::<(), relance::notice::NoticeError>(())
//! ```

pub mod content;
pub mod digest;
pub mod dossier;
pub mod legal;
pub mod render;
pub mod sms;
pub mod templates;
mod texts;

pub use content::{
    Creditor, Deadline, Debtor, InterestSection, InterestSegment, InvoiceLine, NoticeContent,
    PaymentInstructions, Tone,
};
pub use digest::ContentDigest;
pub use dossier::{Dossier, SentNotice};
pub use legal::LegalMention;
pub use render::{
    Email, Letter, PhoneTask, PortalMessage, RenderedNotice, Sms, escape_html, render,
};
pub use templates::{TemplateFields, TemplateInvoice, TemplateOverride, TemplatePart, Templates};
pub use texts::format_percent;

use crate::ids::CustomerId;
use crate::money::{Money, MoneyError};
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
    /// A template failed while rendering a notice.
    #[error("template {template}: {message}")]
    Render {
        /// The template's name.
        template: String,
        /// The engine's message.
        message: String,
    },
    /// An amount overflowed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A payment reference could not be generated.
    #[error(transparent)]
    PaymentReference(#[from] PaymentReferenceError),
}
