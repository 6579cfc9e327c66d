//! # relance — invoice dunning, sans I/O
//!
//! relance decides when and how to remind a customer of an unpaid invoice, escalates from
//! friendly reminders to a formal notice to legal action, and computes the late-payment
//! penalties the law allows.
//!
//! **relance never does I/O, never reads a clock, never draws random numbers and keeps no
//! global state.** The host owns the database, the mail server and the time; it passes dates
//! in and gets decisions out. Same inputs, same outputs, in the same order.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod jurisdiction;
pub mod money;
pub mod penalties;

pub use error::Error;
pub use jurisdiction::{Country, Language};
pub use money::{Currency, Money, MoneyError, Rounding};
pub use penalties::PenaltyError;
