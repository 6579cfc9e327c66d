#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod account;
pub mod action;
pub mod calendar;
pub mod channels;
pub mod customer;
mod delivery_channel;
mod dunning;
pub mod error;
pub mod event;
pub mod host;
pub mod ids;
mod imputation;
pub mod invoice;
pub mod jurisdiction;
pub mod ladder;
pub mod legal_periods;
pub mod memory;
pub mod money;
pub mod notice;
pub mod outbox;
pub mod penalties;
pub mod plan;
pub mod policy;
pub mod runner;
pub mod scenario;

pub use account::{
    Account, ClaimItem, DunningState, EventError, Hold, HoldKind, InvoiceClaim, Reached, Status,
};
pub use action::{
    AccessoriesClaim, Action, ApprovalLine, ApprovalRequest, CreditHold, DisputeReview,
    IdempotencyKey, KeyError, Notice, NoticeLine, execute,
};
pub use customer::{Contacts, Customer, CustomerError, CustomerKind, DunningMode};
pub use dunning::{Dunning, FactReport, FactResult, LadderWarning, RecordReport};
pub use outbox::RunAt;
pub use rust_decimal::Decimal;
pub mod local_time;
pub mod locale_format;
pub mod payment_reference;
pub mod sending_window;

pub use calendar::{BusinessCalendar, CalendarError, DeadlineRule, HolidaySet};
pub use error::Error;
pub use event::{Event, EventKind, Fact, NotAFact};
pub use host::{
    Commit, Delivery, DeliveryError, Outgoing, Receipt, Store, StoreError, StoreErrorKind, Wakeup,
};
pub use ids::{CustomerId, InvoiceId, LadderId};
pub use imputation::{Accessory, Imputation};
pub use invoice::{Instalment, Invoice, InvoiceBuilder, InvoiceError};
pub use jurisdiction::{Country, Language};
pub use ladder::{Channel, DefaultLadder, Ladder, LadderBook, LadderError, MinAmount, Stage, Step};
pub use local_time::{LocalTimeError, Zone};
pub use money::{Currency, Money, MoneyError, Rounding};
pub use notice::NoticeError;
pub use payment_reference::{PaymentReferenceError, RfCreditorReference, StructuredCommunication};
pub use penalties::PenaltyError;
pub use plan::{CustomerAccounts, Plan, PlanProblem, ProblemKind};
pub use policy::Policy;
pub use runner::{RunError, RunOptions, RunReport};
pub use sending_window::{SendDecision, SendingWindow, SendingWindowError, SendingWindows};
