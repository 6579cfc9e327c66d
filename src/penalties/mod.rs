//! Late-payment penalties: statutory interest, fixed compensation and caps, to the cent.
//!
//! The rules come from the EU Late Payment Directive 2011/7/EU and its national
//! transpositions (France, Germany, Belgium), Belgian consumer law (Book XIX) and the UK Late
//! Payment of Commercial Debts (Interest) Act 1998; each item cites its article.
//!
//! # Quick example
//! ```
//! use relance::Currency;
//! use relance::penalties::{compute, Claim, RateTables, Regime};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! // An invoice of EUR 1,000 (VAT included) due 31 January 2024, unpaid on 1 March 2024:
//! // 30 days at ECB 4.50 + 10 = 14.50 %, plus the EUR 40 indemnity (L441-10, D441-5).
//! let claim = Claim::new(Currency::EUR, dec!(1000.00), d(2024, 1, 31), d(2024, 3, 1), Regime::FrB2b);
//! let b = compute(&claim, &RateTables::builtin()).unwrap();
//! assert_eq!(b.interest, dec!(11.92));
//! assert_eq!(b.fixed_compensation, dec!(40.00));
//! assert_eq!(b.total, dec!(51.92));
//! ```
//!
//! # Overview
//! - [`RateTables`]: reference rates with effective dates (ECB from 2007-06-13, French
//!   legal rate from 2008, German Basiszinssatz from 2002, Belgian 2002-law rate from
//!   2013, BoE reference rate from 2009), each value with its publisher ([`RateSource`])
//!   and a verified flag. Shipped values can be overridden and extended by the host; a
//!   date past the data is an error unless the host opts in to carrying the last rate
//!   forward.
//! - [`Regime`]: which law applies, serialised as `fr-b2b`, `fr-public`,
//!   `fr-legal-private`, `fr-legal-other`, `eu-directive`, `de-b2b`, `de-consumer`,
//!   `be-b2b`, `be-consumer`, `uk-b2b`, `contractual`.
//! - Part payments are imputed by the regime's law ([`default_imputation`]: Code civil
//!   1343-1, BGB 367(1), Code civil 1254; [`Options::imputation`] overrides it), the same
//!   [`Imputation`](crate::Imputation) the engine's claim ledger follows.
//! - German due dates on a weekend or holiday move to the next working day (BGB 193,
//!   [`Regime::postpones_due_date`]); [`Claim::contract_date`] selects the law of the
//!   contract's date (German margin before 29 July 2014, the Belgian transition).
//! - [`Claim`] + [`Options`] in, [`Breakdown`] out through [`compute`]: segments (from, to,
//!   days, base, annual rate, amount), interest, fixed compensation, caps, total.
//! - [`fixed_compensation`], [`uk_fixed_sum`] and the Belgian consumer rules
//!   ([`max_damages`], [`cost_free_window`], [`reminder_cost_cap`]) are usable on
//!   their own.
//!
//! # Conventions
//! - Simple interest on the balance as it changes; interest runs from the day after the due
//!   date up to and including `until`; a movement dated `d` changes the balance from `d + 1`.
//! - Day count Actual/365 Fixed by default ([`DayCount`]); rounding per segment by default
//!   ([`InterestRounding`]).
//! - Rates are percent per year (`"12.15"`); amounts are [`rust_decimal::Decimal`] and
//!   serialise as strings.
//! - Checked arithmetic throughout: bad input and overflow are [`PenaltyError`]s, never
//!   panics.

mod account_claims;
mod accrual;
mod applicable_rate;
pub(crate) mod be_consumer;
mod breakdown;
mod claim;
mod compute;
mod day_count;
mod error;
mod fees;
mod fixed_compensation;
mod half_year;
mod imputation;
mod ledger;
mod rates;
mod rates_data;
mod regime;
mod series;
mod statutory_rate;
mod transition;

pub use account_claims::{InvoicePenalties, default_regime, invoice_penalties};
pub use be_consumer::{
    COST_FREE_DAYS, CostFreeWindow, REMINDER_COST_CAP, ReminderChannel, cost_free_window,
    max_damages, max_interest_rate, reminder_cost_cap,
};
pub use breakdown::{Breakdown, CapApplied, CapKind, Segment};
pub use claim::{
    Claim, Compounding, FloorPolicy, InterestRounding, Movement, MovementKind, Options,
};
pub use compute::{MAX_LOCAL_HOLIDAYS, MAX_MOVEMENTS, MAX_YEARS, compute};
pub use day_count::DayCount;
pub use error::PenaltyError;
pub use fees::{
    BE_CAP_RULE, BE_FIRST_REMINDER_RULE, BE_WINDOW_RULE, FR_CONSUMER_RULE, FeeContext, FeeLimit,
    fee_limit, lawful_fee,
};
pub use fixed_compensation::{Compensation, fixed_compensation, uk_fixed_sum};
pub use half_year::HalfYear;
pub use imputation::default_imputation;
pub use rates::{RateEntry, RateQuote, RateTables, SeriesData};
pub use regime::{RatePeriod, Regime, UnknownRegime};
pub use series::{RateSeries, RateSource};
