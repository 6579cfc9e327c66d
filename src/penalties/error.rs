//! [`PenaltyError`]: everything that can be wrong with a claim, an option or a rate table.
//!
//! Every variant names the offending value, so a host can show it or branch on it.

use super::regime::Regime;
use super::series::RateSeries;
use crate::money::{Currency, MoneyError};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What went wrong while computing late-payment penalties.
///
/// # Example
/// ```
/// use relance::penalties::{PenaltyError, RateSeries, RateTables};
/// use chrono::NaiveDate;
/// let tables = RateTables::builtin();
/// let day = NaiveDate::from_ymd_opt(2040, 1, 1).unwrap();
/// let err = tables.rate_on(RateSeries::EcbMro, day).unwrap_err();
/// assert!(matches!(err, PenaltyError::RateNotCovered { .. }));
/// assert!(err.to_string().contains("2040-01-01"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PenaltyError {
    /// The rate tables do not cover a date and carrying the last rate forward was not
    /// allowed ([`RateTables::set_carry_forward`](super::RateTables::set_carry_forward)).
    #[error(
        "no {series} rate is known for {date}: add it to the rate tables or allow carrying the last known rate forward"
    )]
    RateNotCovered {
        /// The series looked up.
        series: RateSeries,
        /// The date that is not covered.
        date: NaiveDate,
    },
    /// The regime needs an annual rate and none was given (`contractual`).
    #[error("regime {regime} needs an annual rate (annual_rate)")]
    RateRequired {
        /// The regime.
        regime: Regime,
    },
    /// The regime needs the date interest starts to run (the formal notice for
    /// `fr-legal-*`, the end of the cost-free window for `be-consumer`).
    #[error("regime {regime} needs the first day of interest (interest_from): {reason}")]
    InterestStartRequired {
        /// The regime.
        regime: Regime,
        /// Why the date is required.
        reason: &'static str,
    },
    /// Interest was asked to start on or before the due date.
    #[error(
        "interest cannot start on {interest_from}: the due date is {due_date}, so the earliest start is the day after"
    )]
    InterestStartTooEarly {
        /// The requested first day of interest.
        interest_from: NaiveDate,
        /// The due date.
        due_date: NaiveDate,
    },
    /// A contractual rate below the legal floor (France: 3 x the legal interest rate,
    /// Code de commerce L441-10) with [`FloorPolicy::Reject`](super::FloorPolicy::Reject).
    #[error(
        "annual rate {rate}% is below the legal floor of {floor}% for the half-year starting {half_year_start}"
    )]
    RateBelowFloor {
        /// The contractual rate, percent per year.
        rate: Decimal,
        /// The floor, percent per year.
        floor: Decimal,
        /// First day of the half-year whose floor was broken.
        half_year_start: NaiveDate,
    },
    /// A contractual rate above the legal ceiling (Belgium, Book XIX: not above the
    /// 2002-law rate) with [`FloorPolicy::Reject`](super::FloorPolicy::Reject).
    #[error(
        "annual rate {rate}% is above the legal ceiling of {ceiling}% for the half-year starting {half_year_start}"
    )]
    RateAboveCeiling {
        /// The contractual rate, percent per year.
        rate: Decimal,
        /// The ceiling, percent per year.
        ceiling: Decimal,
        /// First day of the half-year whose ceiling was broken.
        half_year_start: NaiveDate,
    },
    /// A rate outside the accepted range (-100% to 100% per year).
    #[error("annual rate {rate}% is outside the accepted range -100 to 100")]
    RateOutOfRange {
        /// The rate as given, percent per year.
        rate: Decimal,
    },
    /// A percentage fee outside 0 to 100.
    #[error("percentage fee {percent}% is outside 0 to 100")]
    PercentageOutOfRange {
        /// The percentage as given.
        percent: Decimal,
    },
    /// A negative principal or fee.
    #[error("{what} {amount} is negative")]
    NegativeAmount {
        /// Which amount (e.g. `"principal"`).
        what: &'static str,
        /// The amount as given.
        amount: Decimal,
    },
    /// The regime's fixed sums are set in another currency (EUR for the EU regimes, GBP
    /// for `uk-b2b`).
    #[error("regime {regime} is defined in {expected}, not {found}")]
    CurrencyNotAllowed {
        /// The regime.
        regime: Regime,
        /// The currency the regime needs.
        expected: Currency,
        /// The currency of the claim.
        found: Currency,
    },
    /// A reversal (negative movement) larger than what had been paid before it.
    #[error("reversal of {amount} on {date} exceeds the {paid} paid before it")]
    ReversalExceedsPayments {
        /// Date of the reversal.
        date: NaiveDate,
        /// The reversed amount (positive).
        amount: Decimal,
        /// What had been paid up to then.
        paid: Decimal,
    },
    /// More local holidays than [`MAX_LOCAL_HOLIDAYS`](super::MAX_LOCAL_HOLIDAYS).
    #[error("{count} local holidays exceed the limit of {max}")]
    TooManyLocalHolidays {
        /// Number of holidays given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More balance movements than [`MAX_MOVEMENTS`](super::MAX_MOVEMENTS).
    #[error("{count} balance movements exceed the limit of {max}")]
    TooManyMovements {
        /// Number of movements given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A delay longer than [`MAX_YEARS`](super::MAX_YEARS).
    #[error("interest from {from} to {until} spans more than {max_years} years")]
    PeriodTooLong {
        /// First day of interest.
        from: NaiveDate,
        /// Last day of interest.
        until: NaiveDate,
        /// The limit in years.
        max_years: u32,
    },
    /// A date computation left chrono's calendar range.
    #[error("date out of range next to {date}")]
    DateOutOfRange {
        /// The date the computation started from.
        date: NaiveDate,
    },
    /// No working day was found after a reminder (the host's working-day rule never held).
    #[error("no 3 working days found within a year after {after}")]
    NoWorkingDay {
        /// The day the reminder was sent.
        after: NaiveDate,
    },
    /// Contract fees were given for a regime whose fixed sum is set by law.
    #[error(
        "regime {regime} does not take contract fees (flat_fee, percentage_fee); use contractual"
    )]
    FeesNotAllowed {
        /// The regime.
        regime: Regime,
    },
    /// A half-yearly rate entry that does not start on 1 January or 1 July.
    #[error("{series} entry dated {date} must start a half-year (1 January or 1 July)")]
    NotHalfYearStart {
        /// The series.
        series: RateSeries,
        /// The entry's date.
        date: NaiveDate,
    },
    /// A rate table entry the table cannot accept (e.g. a derived series).
    #[error("rate table {series}: {reason}")]
    InvalidTable {
        /// The series.
        series: RateSeries,
        /// What is wrong.
        reason: &'static str,
    },
    /// An amount or currency problem (too many decimals, overflow...).
    #[error(transparent)]
    Money(#[from] MoneyError),
}
