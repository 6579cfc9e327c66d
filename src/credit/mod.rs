//! Credit management and payment behaviour: an explainable payment-behaviour score,
//! predicted payment dates, credit limits, exposure, the credit check for a new order, and
//! credit holds with their release.
//!
//! Everything here is a pure function of the accounts, the customer's credit file and a
//! date: nothing is read from a clock, and the same inputs give the same outputs. Facts
//! dated after the date given are left out (an account is read as it stood that day).
//!
//! - [`PaymentRecord`], [`score`], [`score_customer`]: how a customer pays, 0 to 100 with a
//!   [`RiskClass`] and the reasons in words. Off by default for consumers
//!   ([`ScoreSettings`]).
//! - [`PaymentModel`]: a time-to-payment model (Kaplan-Meier per customer shrunk toward
//!   the portfolio, open invoices censored) giving a [`Prediction`] for each open invoice.
//! - [`CreditFile`]: limits with effective dates, temporary increases (with an expiry, a
//!   reason and who approved), orders and deliveries, credit holds and their release,
//!   manual blocks, overrides with an expiry; event-sourced ([`CreditEvent`]).
//! - [`exposure`], [`limit_of`], [`check_order`]: what the customer owes and has ordered,
//!   its limit, and approve / refer / hold for a new order with every reason
//!   ([`Finding`]) and what would clear it.
//! - [`hold_releases`]: the credit holds from escalation whose cause is cured, as the
//!   events to record.
//! - [`RiskLadders`]: the adaptive ladder, each risk class adjusting the ladder's timing
//!   (earlier pre-due reminder, faster escalation for risky customers) and suggesting a
//!   limit.

mod adaptive;
mod behaviour;
mod check;
mod file;
mod prediction;

pub use adaptive::{LadderAdjustment, RiskLadders};
pub use behaviour::{
    PaymentRecord, Reason, ReasonCode, RiskClass, Score, ScoreSettings, score, score_customer,
};
pub use check::{
    CreditDecision, CreditPolicy, Exposure, Finding, FxRate, OrderCheck, Rule, Verdict,
    check_order, convert, exposure, hold_releases, limit_of,
};
pub use file::{
    ActiveHold, Authorisation, CreditError, CreditEvent, CreditEventKind, CreditFile, Limit,
    MAX_CREDIT_EVENTS, OpenOrder, Release,
};
pub use prediction::{
    CustomerHistory, EARLIEST_DAYS, LATEST_DAYS, MAX_SMOOTHING_DAYS, ModelSettings, PaymentModel,
    Prediction,
};
