//! Belgian consumer debts: Code de droit economique, Book XIX (law of 4 May 2023; new
//! contracts from 2023-09-01, existing ones from 2023-12-01).
//!
//! - the first reminder is free; then 14 calendar days during which no costs, damages or
//!   interest may be charged ([`cost_free_window`]);
//! - later reminders cost at most EUR 7.50 plus postage ([`reminder_cost_cap`]);
//! - interest no higher than the 2002-law rate ([`max_interest_rate`]);
//! - lump-sum damages capped by tiers of the outstanding balance ([`max_damages`]).
//!
//! # Example
//! ```
//! use relance::penalties as be_consumer;
//! use rust_decimal_macros::dec;
//! assert_eq!(be_consumer::max_damages(dec!(300)).unwrap(), dec!(45.00)); // 30 + 10 % x 150
//! assert_eq!(be_consumer::reminder_cost_cap(dec!(1.50)).unwrap(), dec!(9.00));
//! ```

use super::error::PenaltyError;
use super::half_year::HalfYear;
use super::rates::{RateQuote, RateTables};
use crate::money::{Currency, Rounding, checked_add, checked_mul, checked_sub};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most a later reminder may cost, before postage: EUR 7.50.
///
/// # Example
/// ```
/// use relance::penalties::REMINDER_COST_CAP;
/// assert_eq!(REMINDER_COST_CAP.to_string(), "7.50");
/// ```
pub const REMINDER_COST_CAP: Decimal = Decimal::from_parts(750, 0, 0, false, 2);

/// Calendar days after the free first reminder during which nothing may be charged.
///
/// # Example
/// ```
/// assert_eq!(relance::penalties::COST_FREE_DAYS, 14);
/// ```
pub const COST_FREE_DAYS: u32 = 14;

/// How far [`cost_free_window`] looks for working days before giving up.
const MAX_SCAN_DAYS: u32 = 366;

/// How the first reminder was sent.
///
/// # Example
/// ```
/// use relance::penalties::ReminderChannel;
/// assert_eq!(serde_json::to_string(&ReminderChannel::Electronic).unwrap(), "\"electronic\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderChannel {
    /// A posted letter: the window starts on the 3rd working day after posting.
    Letter,
    /// An e-mail or other electronic message: the window starts the next day.
    Electronic,
}

/// The 14 calendar days after the free first reminder.
///
/// # Example
/// ```
/// use relance::penalties::{cost_free_window, ReminderChannel};
/// use chrono::{Datelike, NaiveDate, Weekday};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // E-mail sent Monday 2 June 2025: window 3 to 16 June, interest from 17 June.
/// let w = cost_free_window(d(2025, 6, 2), ReminderChannel::Electronic, |_| true).unwrap();
/// assert_eq!((w.first_day, w.last_day), (d(2025, 6, 3), d(2025, 6, 16)));
/// assert_eq!(w.charges_from().unwrap(), d(2025, 6, 17));
/// // Letter posted Friday 30 May 2025, working days Monday to Saturday except holidays:
/// let holiday = d(2025, 6, 9); // Whit Monday
/// let working = |x: NaiveDate| x.weekday() != Weekday::Sun && x != holiday;
/// let w = cost_free_window(d(2025, 5, 30), ReminderChannel::Letter, working).unwrap();
/// assert_eq!(w.first_day, d(2025, 6, 3)); // Sat 31, Mon 2, Tue 3
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostFreeWindow {
    /// First of the 14 days.
    pub first_day: NaiveDate,
    /// Last of the 14 days; nothing may be charged up to and including it.
    pub last_day: NaiveDate,
}

impl CostFreeWindow {
    /// The first day costs, damages or interest may run: pass it as
    /// [`Claim::interest_from`](super::Claim::interest_from).
    ///
    /// # Errors
    /// [`PenaltyError::DateOutOfRange`] at the end of the calendar.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::CostFreeWindow;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let w = CostFreeWindow { first_day: d(2025, 1, 2), last_day: d(2025, 1, 15) };
    /// assert_eq!(w.charges_from().unwrap(), d(2025, 1, 16));
    /// ```
    pub fn charges_from(&self) -> Result<NaiveDate, PenaltyError> {
        self.last_day
            .succ_opt()
            .ok_or(PenaltyError::DateOutOfRange {
                date: self.last_day,
            })
    }
}

/// The cost-free window after a first reminder sent on `sent_on`.
///
/// `is_working_day` says which days count for a posted letter (the host knows its
/// holidays; Belgian law counts "jours ouvrables", usually every day but Sundays and
/// public holidays). It is not called for electronic reminders.
///
/// # Errors
/// [`PenaltyError::NoWorkingDay`] when no 3 working days follow within a year;
/// [`PenaltyError::DateOutOfRange`] at the end of the calendar.
///
/// # Example
/// ```
/// use relance::penalties::{cost_free_window, ReminderChannel};
/// use chrono::NaiveDate;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let w = cost_free_window(d(2025, 6, 2), ReminderChannel::Electronic, |_| true).unwrap();
/// assert_eq!(w.last_day, d(2025, 6, 16));
/// ```
pub fn cost_free_window(
    sent_on: NaiveDate,
    channel: ReminderChannel,
    is_working_day: impl Fn(NaiveDate) -> bool,
) -> Result<CostFreeWindow, PenaltyError> {
    let out_of_range = PenaltyError::DateOutOfRange { date: sent_on };
    let first_day = match channel {
        ReminderChannel::Electronic => sent_on.succ_opt().ok_or(out_of_range.clone())?,
        ReminderChannel::Letter => {
            let mut day = sent_on;
            let mut found = 0;
            let mut scanned = 0;
            while found < 3 {
                if scanned >= MAX_SCAN_DAYS {
                    return Err(PenaltyError::NoWorkingDay { after: sent_on });
                }
                day = day.succ_opt().ok_or(out_of_range.clone())?;
                scanned += 1;
                if is_working_day(day) {
                    found += 1;
                }
            }
            day
        }
    };
    let last_day = first_day
        .checked_add_days(chrono::Days::new(u64::from(COST_FREE_DAYS - 1)))
        .ok_or(out_of_range)?;
    Ok(CostFreeWindow {
        first_day,
        last_day,
    })
}

/// Most a later reminder may cost: EUR 7.50 plus the postage in force.
///
/// # Errors
/// [`PenaltyError::NegativeAmount`] for negative postage; overflow.
///
/// # Example
/// ```
/// use relance::penalties::reminder_cost_cap;
/// use rust_decimal_macros::dec;
/// assert_eq!(reminder_cost_cap(dec!(1.96)).unwrap(), dec!(9.46));
/// ```
pub fn reminder_cost_cap(postage: Decimal) -> Result<Decimal, PenaltyError> {
    if postage.is_sign_negative() && !postage.is_zero() {
        return Err(PenaltyError::NegativeAmount {
            what: "postage",
            amount: postage,
        });
    }
    Ok(checked_add(REMINDER_COST_CAP, postage)?)
}

/// The highest interest rate for the days of `half`: the 2002-law rate.
///
/// # Errors
/// [`PenaltyError::RateNotCovered`].
///
/// # Example
/// ```
/// use relance::penalties::{self as be_consumer, HalfYear, RateTables};
/// use rust_decimal_macros::dec;
/// let q = be_consumer::max_interest_rate(HalfYear { year: 2025, second: true }, &RateTables::builtin());
/// assert_eq!(q.unwrap().rate, dec!(10.5));
/// ```
pub fn max_interest_rate(half: HalfYear, tables: &RateTables) -> Result<RateQuote, PenaltyError> {
    tables.be_2002_rate(half)
}

/// The cap on lump-sum damages for an outstanding balance `balance` in EUR:
/// up to 150: EUR 20; above 150 up to 500: EUR 30 + 10 % of the part above 150;
/// above 500: EUR 65 + 5 % of the part above 500, at most EUR 2,000.
/// Rounded down to the cent, so the cap is never exceeded.
///
/// # Errors
/// [`PenaltyError::NegativeAmount`] for a negative balance; overflow.
///
/// # Example
/// ```
/// use relance::penalties::max_damages;
/// use rust_decimal_macros::dec;
/// assert_eq!(max_damages(dec!(150)).unwrap(), dec!(20.00));
/// assert_eq!(max_damages(dec!(150.01)).unwrap(), dec!(30.00));
/// assert_eq!(max_damages(dec!(500)).unwrap(), dec!(65.00));
/// assert_eq!(max_damages(dec!(1000)).unwrap(), dec!(90.00));
/// assert_eq!(max_damages(dec!(1000000)).unwrap(), dec!(2000.00));
/// ```
pub fn max_damages(balance: Decimal) -> Result<Decimal, PenaltyError> {
    if balance.is_sign_negative() && !balance.is_zero() {
        return Err(PenaltyError::NegativeAmount {
            what: "balance",
            amount: balance,
        });
    }
    let tier = |fixed: i64, floor: i64, percent: i64| -> Result<Decimal, PenaltyError> {
        let above = checked_sub(balance, Decimal::from(floor))?;
        let share = checked_mul(above, Decimal::new(percent, 2))?;
        Ok(checked_add(Decimal::from(fixed), share)?)
    };
    let cap = if balance <= Decimal::from(150) {
        Decimal::from(20)
    } else if balance <= Decimal::from(500) {
        tier(30, 150, 10)?
    } else {
        tier(65, 500, 5)?.min(Decimal::from(2000))
    };
    Ok(Currency::EUR.round(cap, Rounding::Down))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn tiers_at_and_around_their_edges() {
        assert_eq!(max_damages(dec!(0)).unwrap(), dec!(20.00));
        assert_eq!(max_damages(dec!(149.99)).unwrap(), dec!(20.00));
        assert_eq!(max_damages(dec!(499.99)).unwrap(), dec!(64.99));
        assert_eq!(max_damages(dec!(500.01)).unwrap(), dec!(65.00));
        assert_eq!(max_damages(dec!(39200)).unwrap(), dec!(2000.00));
        assert_eq!(max_damages(dec!(39199.99)).unwrap(), dec!(1999.99));
        assert!(max_damages(dec!(-1)).is_err());
        assert!(max_damages(Decimal::MAX).is_ok());
    }

    #[test]
    fn a_working_day_predicate_that_never_holds_is_an_error() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let e = cost_free_window(d, ReminderChannel::Letter, |_| false).unwrap_err();
        assert_eq!(e, PenaltyError::NoWorkingDay { after: d });
        assert!(cost_free_window(NaiveDate::MAX, ReminderChannel::Electronic, |_| true).is_err());
    }
}
