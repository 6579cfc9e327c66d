//! Notices people can act on: what a notice says ([`NoticeContent`]), in the customer's
//! language with the legal mentions of its country ([`mentions`]), rendered for each channel
//! ([`render()`]) from default or host templates ([`Templates`]), and the hand-over
//! dossier for the judicial stage ([`Dossier`]).
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

mod build;
mod content;
mod digest;
mod dossier;
mod error;
mod header;
mod legal;
mod render;
mod sms;
mod template_limits;
mod templates;
mod texts;
mod tone;

pub use content::{
    Creditor, Deadline, Debtor, InterestSection, InterestSegment, InvoiceLine, LegalMention,
    NoticeContent, PaymentInstructions,
};
pub use digest::ContentDigest;
pub use dossier::{
    ClaimSummary, Dossier, DossierDelivery, DossierDispute, DossierInvoice, DossierNotice,
    DossierPayment, DossierPromise, SentNotice, SuggestedProcedure,
};
pub use error::NoticeError;
pub use header::{
    HeaderError, MAX_EMAIL_LEN, MAX_EMAIL_LOCAL_LEN, breaks_header, sanitize_header,
    validate_email, validate_header_value,
};
pub use legal::mentions;
pub use render::{
    Email, Letter, PhoneTask, PortalMessage, RenderedNotice, Sms, escape_html, render,
};
pub use sms::{
    GSM7_SEGMENT, GSM7_SINGLE, SmsEncoding, SmsLength, UCS2_SEGMENT, UCS2_SINGLE, gsm7_septets,
    is_gsm7, sms_length,
};
pub use template_limits::TemplateLimit;
pub use templates::{TemplateFields, TemplateInvoice, TemplateOverride, Templates};
pub use texts::{format_percent, step_title};
pub use tone::{TemplatePart, Tone};
