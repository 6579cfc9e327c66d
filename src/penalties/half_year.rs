//! [`HalfYear`]: H1 = 1 January to 30 June, H2 = 1 July to 31 December.
//!
//! Statutory rates in the euro area change at half-year boundaries (Directive 2011/7/EU
//! art. 2(8)), so half-years are the unit of the rate tables.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar half-year.
///
/// # Example
/// ```
/// use relance::penalties::HalfYear;
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
/// let h = HalfYear::containing(d);
/// assert_eq!(h.to_string(), "2024 H2");
/// assert_eq!(h.start(), NaiveDate::from_ymd_opt(2024, 7, 1).unwrap());
/// assert_eq!(h.end(), NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HalfYear {
    /// The calendar year.
    pub year: i32,
    /// `false` for H1 (January-June), `true` for H2 (July-December).
    pub second: bool,
}

impl HalfYear {
    /// The half-year a date falls in.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::HalfYear;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(HalfYear::containing(d(2025, 6, 30)), HalfYear { year: 2025, second: false });
    /// ```
    pub fn containing(date: NaiveDate) -> HalfYear {
        HalfYear {
            year: date.year(),
            second: date.month() >= 7,
        }
    }

    /// Its first day (1 January or 1 July).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::HalfYear;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(HalfYear { year: 2025, second: true }.start(), d(2025, 7, 1));
    /// ```
    pub fn start(self) -> NaiveDate {
        let month = if self.second { 7 } else { 1 };
        // Every year chrono can hold has a 1 January and a 1 July.
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day (30 June or 31 December).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::HalfYear;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(HalfYear { year: 2025, second: false }.end(), d(2025, 6, 30));
    /// ```
    pub fn end(self) -> NaiveDate {
        let (month, day) = if self.second { (12, 31) } else { (6, 30) };
        NaiveDate::from_ymd_opt(self.year, month, day).unwrap_or(NaiveDate::MAX)
    }

    /// The half-year after this one.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::HalfYear;
    /// use chrono::NaiveDate;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(HalfYear { year: 2025, second: true }.next(), HalfYear { year: 2026, second: false });
    /// ```
    pub fn next(self) -> HalfYear {
        if self.second {
            HalfYear {
                year: self.year.saturating_add(1),
                second: false,
            }
        } else {
            HalfYear {
                year: self.year,
                second: true,
            }
        }
    }

    /// True when `date` is 1 January or 1 July.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::HalfYear;
    /// use chrono::NaiveDate;
    /// assert!(HalfYear::is_start(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
    /// assert!(!HalfYear::is_start(NaiveDate::from_ymd_opt(2025, 7, 2).unwrap()));
    /// ```
    pub fn is_start(date: NaiveDate) -> bool {
        date.day() == 1 && (date.month() == 1 || date.month() == 7)
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} H{}", self.year, if self.second { 2 } else { 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn boundaries_of_both_halves() {
        assert_eq!(HalfYear::containing(d(2024, 6, 30)).end(), d(2024, 6, 30));
        assert_eq!(HalfYear::containing(d(2024, 7, 1)).start(), d(2024, 7, 1));
        assert_eq!(
            HalfYear::containing(d(2024, 12, 31)).next().start(),
            d(2025, 1, 1)
        );
        assert_eq!(
            HalfYear::containing(d(2024, 1, 1)).next().start(),
            d(2024, 7, 1)
        );
    }

    #[test]
    fn extreme_years_do_not_panic() {
        let h = HalfYear::containing(NaiveDate::MAX);
        let _ = h.next().start();
        let _ = HalfYear::containing(NaiveDate::MIN).end();
    }
}
