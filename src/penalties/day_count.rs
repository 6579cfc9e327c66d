//! [`DayCount`]: how days of delay turn into a fraction of a year.
//!
//! Interest runs from the day after the due date up to and including the `until` date
//! (reference file section 7: "the common reading"), so a segment is an inclusive range of
//! dates `from..=to`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A day-count convention. Serialised as `"act/365f"`, `"act/act"` or `"30/360"`.
///
/// # Example
/// ```
/// use relance::penalties::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // 1 January to 31 March 2024, both included.
/// assert_eq!(DayCount::Act365F.days(d(2024, 1, 1), d(2024, 3, 31)), 91);
/// assert_eq!(DayCount::Thirty360.days(d(2024, 1, 1), d(2024, 3, 31)), 90);
/// assert_eq!(DayCount::ActAct.year_days(d(2024, 5, 1)), 366);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DayCount {
    /// Actual days / 365, even in leap years. The default: French official examples,
    /// gov.uk guidance and Belgian practice divide by 365.
    #[default]
    #[serde(rename = "act/365f")]
    Act365F,
    /// Actual days / days of the calendar year (365 or 366); segments are split at
    /// 1 January so each lies in one year.
    #[serde(rename = "act/act")]
    ActAct,
    /// 30E/360, the German "deutsche Zinsmethode": every month has 30 days, the 31st
    /// counts as the 30th, the year has 360 days.
    #[serde(rename = "30/360")]
    Thirty360,
}

impl DayCount {
    /// The serde name, e.g. `"act/365f"`.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::DayCount;
    /// assert_eq!(DayCount::Thirty360.as_str(), "30/360");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DayCount::Act365F => "act/365f",
            DayCount::ActAct => "act/act",
            DayCount::Thirty360 => "30/360",
        }
    }

    /// Accrual days from `from` to `to`, both included; zero when `to < from`.
    ///
    /// For 30/360 this is the 30E/360 count between the day before `from` and `to`, which
    /// is additive: the days of two adjacent segments add up to the days of the whole.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(DayCount::Act365F.days(d(2025, 4, 1), d(2025, 4, 1)), 1);
    /// assert_eq!(DayCount::Act365F.days(d(2025, 4, 2), d(2025, 4, 1)), 0);
    /// ```
    pub fn days(self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return 0;
        }
        match self {
            DayCount::Act365F | DayCount::ActAct => {
                to.signed_duration_since(from).num_days().saturating_add(1)
            }
            DayCount::Thirty360 => {
                let before = from
                    .pred_opt()
                    .map_or(thirty_360_ordinal(from) - 1, thirty_360_ordinal);
                thirty_360_ordinal(to) - before
            }
        }
    }

    /// Days in the year basis for a segment starting on `from` (365, 366 or 360).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::DayCount;
    /// use chrono::NaiveDate;
    /// let leap = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
    /// assert_eq!(DayCount::Act365F.year_days(leap), 365);
    /// assert_eq!(DayCount::Thirty360.year_days(leap), 360);
    /// ```
    pub fn year_days(self, from: NaiveDate) -> i64 {
        match self {
            DayCount::Act365F => 365,
            DayCount::ActAct if is_leap(from.year()) => 366,
            DayCount::ActAct => 365,
            DayCount::Thirty360 => 360,
        }
    }

    /// True when segments must not cross 1 January (Actual/Actual).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::DayCount;
    /// assert!(DayCount::ActAct.splits_at_year_end());
    /// assert!(!DayCount::Act365F.splits_at_year_end());
    /// ```
    pub fn splits_at_year_end(self) -> bool {
        matches!(self, DayCount::ActAct)
    }
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date's position on the 30E/360 calendar.
fn thirty_360_ordinal(date: NaiveDate) -> i64 {
    let y = i64::from(date.year());
    let m = i64::from(date.month0());
    let d = i64::from(date.day().min(30));
    y * 360 + m * 30 + d
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn actual_counts_include_both_ends() {
        assert_eq!(DayCount::Act365F.days(d(2025, 1, 1), d(2025, 1, 1)), 1);
        assert_eq!(DayCount::Act365F.days(d(2025, 1, 2), d(2025, 1, 1)), 0);
        assert_eq!(DayCount::Act365F.days(d(2024, 1, 1), d(2024, 12, 31)), 366);
    }

    #[test]
    fn thirty_360_treats_the_31st_as_the_30th_and_is_additive() {
        // p-konto.de example: due 31 Dec 2015, interest to 30 July 2016 = 210 days.
        assert_eq!(DayCount::Thirty360.days(d(2016, 1, 1), d(2016, 7, 30)), 210);
        assert_eq!(DayCount::Thirty360.days(d(2024, 3, 31), d(2024, 3, 31)), 0);
        assert_eq!(
            DayCount::Thirty360.days(d(2024, 1, 1), d(2024, 12, 31)),
            360
        );
        let whole = DayCount::Thirty360.days(d(2023, 2, 10), d(2024, 8, 31));
        let a = DayCount::Thirty360.days(d(2023, 2, 10), d(2024, 2, 29));
        let b = DayCount::Thirty360.days(d(2024, 3, 1), d(2024, 8, 31));
        assert_eq!(a + b, whole);
    }

    #[test]
    fn serde_names() {
        let j = serde_json::to_string(&[DayCount::Act365F, DayCount::ActAct, DayCount::Thirty360]);
        assert_eq!(j.unwrap(), r#"["act/365f","act/act","30/360"]"#);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let _ = DayCount::Thirty360.days(NaiveDate::MIN, NaiveDate::MAX);
        let _ = DayCount::Act365F.days(NaiveDate::MIN, NaiveDate::MAX);
    }
}
