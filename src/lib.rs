#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Layers, each using only those above it:
// 1. foundations: money, ids, jurisdiction, delivery_channel, calendar, local_time,
//    sending_window, payment_reference, locale_format;
// 2. domain: invoice, limitation_rule, customer, ladder, e_invoice, event, account;
// 3. law: penalties, legal_periods, limitation;
// 4. planning: action, channels, policy, plan;
// 4b. credit (a namespace): score, predictions, limits, exposure, credit check, holds;
// 5. running: host, outbox, runner, dunning (the front door), memory, scenario;
// 6. notices: notice;
// 7. reporting and cash application: analytics (reads histories only), matching (bank
//    lines to invoices and notices);
// 8. host test kit: testing (feature `testing`).
// The core types are re-exported here, one path each; `analytics`, `calendar`, `credit`,
// `legal_periods`, `locale_format`, `matching`, `memory`, `notice`, `outbox`, `penalties`,
// `scenario` and `testing` are namespaces.

mod account;
mod action;
pub mod analytics;
pub mod calendar;
mod channels;
pub mod credit;
mod customer;
mod delivery_channel;
mod dunning;
mod e_invoice;
mod error;
mod event;
mod host;
mod ids;
mod imputation;
mod invoice;
mod jurisdiction;
mod ladder;
pub mod legal_periods;
mod limitation;
mod limitation_rule;
mod local_time;
pub mod locale_format;
pub mod matching;
pub mod memory;
mod money;
pub mod notice;
pub mod outbox;
mod payment_reference;
pub mod penalties;
mod plan;
mod policy;
mod runner;
pub mod scenario;
mod sending_window;
#[cfg(feature = "testing")]
pub mod testing;

pub use account::{
    Account, CashedToReport, ClaimItem, DEFAULT_DISPUTE_REVIEW_DAYS, DELIVERY_FAILURE_HOLD_DAYS,
    DunningState, EventError, Hold, HoldKind, InvoiceClaim, MAX_EVENTS, Reached, Status,
    cashed_to_report,
};
pub use action::{
    AccessoriesClaim, Action, ApprovalLine, ApprovalRequest, CreditHold, DisputeReview,
    IdempotencyKey, KeyError, Notice, NoticeLine, execute,
};
pub use channels::{ChannelChoice, ChannelOutcome, StepDelivery, resolve_channel};
pub use customer::{Contacts, Customer, CustomerError, CustomerKind, DunningMode};
pub use delivery_channel::Channel;
pub use dunning::{Dunning, FactReport, FactResult, LadderWarning, RecordReport};
pub use e_invoice::{EInvoiceStatus, PAYMENT_TRANSMITTED_HOLD_DAYS};
pub use error::Error;
pub use event::{Event, EventKind, Fact, NotAFact};
pub use host::{
    Commit, Delivery, DeliveryError, Outgoing, Receipt, RunError, Store, StoreError,
    StoreErrorKind, Wakeup,
};
pub use ids::{CustomerId, InvoiceId, LadderId};
pub use imputation::{Accessory, Imputation};
pub use invoice::{Instalment, Invoice, InvoiceBuilder, InvoiceError};
pub use jurisdiction::{Country, CountryError, Language, LanguageError};
pub use ladder::{DefaultLadder, Ladder, LadderBook, LadderError, MinAmount, Stage, Step};
pub use limitation::Limitation;
pub use limitation_rule::LimitationRule;
pub use local_time::{LocalResolution, LocalTimeError, RunAt, Zone, local_date};
pub use money::{
    Currency, Money, MoneyError, Rounding, checked_add, checked_div, checked_mul, checked_sub,
};
pub use payment_reference::{
    NoticeReferences, PaymentReferenceError, RfCreditorReference, StructuredCommunication,
};
pub use plan::{CustomerAccounts, Plan, PlanProblem, ProblemKind};
pub use policy::{Policy, last_notice_date};
pub use runner::{Cancelled, Delivered, Failed, RunOptions, RunReport, Waiting};
pub use rust_decimal::Decimal;
pub use sending_window::{SendDecision, SendingWindow, SendingWindowError, SendingWindows};
