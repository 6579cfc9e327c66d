//! # relance — invoice dunning, sans I/O
//!
//! relance decides when and how to remind a customer of an unpaid invoice, escalates from
//! friendly reminders to a formal notice to legal action, and computes the late-payment
//! penalties the law allows.
//!
//! **relance never does I/O, never reads a clock, never draws random numbers and keeps no
//! global state.** The host owns the database, the mail server and the time; it passes dates
//! in and gets decisions out. Same inputs, same outputs, in the same order.
//!
//! ## Notice foundations
//! - [`calendar`]: business days of France, Belgium, Germany and England and Wales for any
//!   year, host closure days, deadlines "within N days".
//! - [`local_time`] and [`sending_window`]: the customer's local date from a UTC instant, and
//!   whether a notice may go out now or when, across daylight-saving changes.
//! - [`payment_reference`]: ISO 11649 RF creditor references and Belgian structured
//!   communications, generated and validated.
//! - [`locale_format`]: amounts, dates and day counts in French, English, German and Dutch.
//!
//! ## Notices
//! - [`notice`]: what a notice says ([`notice::NoticeContent`]), the legal mentions of the
//!   debtor's country, rendering for e-mail, letter, registered letter, SMS, phone task and
//!   portal from default or host templates, and the hand-over dossier.
//! - [`channels`]: fallback to a letter, opt-outs, and the per-channel outcome of a step.
//! - [`policy`]: contact pressure, deadlines in business or calendar days, calendars and
//!   sending windows, for [`plan_with`] and [`run_at`].
//! - [`local_run`]: [`run_at`] a UTC instant, each customer on its own local date, notices
//!   held until the customer's sending window.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod account;
pub mod action;
pub mod calendar;
pub mod channels;
pub mod customer;
pub mod error;
pub mod event;
pub mod host;
pub mod ids;
pub mod invoice;
pub mod jurisdiction;
pub mod ladder;
pub mod local_run;
pub mod memory;
pub mod money;
pub mod notice;
pub mod plan;
pub mod policy;
pub mod runner;
pub mod scenario;

pub use account::{Account, DunningState, EventError, Hold, HoldKind, Reached, Status};
pub use action::{
    execute, Action, ApprovalLine, ApprovalRequest, CreditHold, DisputeReview, IdempotencyKey,
    Notice, NoticeLine,
};
pub use customer::{Contacts, Customer, CustomerKind};
pub mod local_time;
pub mod locale_format;
pub mod payment_reference;
pub mod sending_window;

pub use calendar::{BusinessCalendar, CalendarError, DeadlineRule, HolidaySet};
pub use error::Error;
pub use event::{Event, EventKind};
pub use host::{Delivery, DeliveryError, Receipt, Store, StoreError};
pub use ids::{CustomerId, InvoiceId, LadderId};
pub use invoice::{Instalment, Invoice, InvoiceError};
pub use jurisdiction::{Country, Language};
pub use ladder::{Channel, DefaultLadder, Ladder, LadderBook, LadderError, MinAmount, Stage, Step};
pub use local_run::{run_at, run_at_reviewed, LocalRunReport};
pub use local_time::{LocalTimeError, Zone};
pub use money::{Currency, Money, MoneyError, Rounding};
pub use notice::NoticeError;
pub use payment_reference::{PaymentReferenceError, RfCreditorReference, StructuredCommunication};
pub use plan::{plan, plan_with, CustomerAccounts, Plan, PlanProblem};
pub use policy::Policy;
pub use runner::{drain_outbox, run, run_reviewed, RunError, RunReport};
pub use sending_window::{SendDecision, SendingWindow, SendingWindowError, SendingWindows};
