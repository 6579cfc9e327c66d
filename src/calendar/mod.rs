//! Business-day calendars: public holidays of France, Belgium, Germany and England and
//! Wales for any year, closure days added by the host, and deadline counting.
//!
//! Weekends are Saturday and Sunday. Moveable feasts are computed from Easter
//! ([`easter_sunday`]), so every year chrono can represent works without a table to update.
//! Every search is bounded: no function here loops more than
//! [`BusinessCalendar::SEARCH_LIMIT_DAYS`] days per business day looked for.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use relance::calendar::{BusinessCalendar, DeadlineRule};
//! use relance::Country;
//!
//! let cal = BusinessCalendar::for_country(Country::FR)?
//!     .with_closure(NaiveDate::from_ymd_opt(2025, 5, 2).unwrap());
//! // Thursday 1 May 2025 is Labour Day, Friday 2 May a closure day of the host.
//! let thu = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
//! assert_eq!(cal.next_business_day(thu)?, NaiveDate::from_ymd_opt(2025, 5, 5).unwrap());
//! // "within 8 days" of Monday 28 April 2025 ends on Tuesday 6 May.
//! let start = NaiveDate::from_ymd_opt(2025, 4, 28).unwrap();
//! assert_eq!(
//!     cal.deadline(start, &DeadlineRule::calendar_days(8))?,
//!     NaiveDate::from_ymd_opt(2025, 5, 6).unwrap()
//! );
//! # Ok::<(), relance::calendar::CalendarError>(())
//! ```

mod easter;
mod holidays;

pub use easter::easter_sunday;
pub use holidays::{Feast, Holiday, HolidaySet};

use crate::Country;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What went wrong with a calendar computation.
///
/// # Example
/// ```
/// use relance::calendar::{BusinessCalendar, CalendarError};
/// let e = BusinessCalendar::for_country("IT".parse().unwrap()).unwrap_err();
/// assert!(matches!(e, CalendarError::UnsupportedCountry { .. }));
/// assert!(e.to_string().contains("IT"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// No built-in holiday set for this country.
    #[error(
        "no built-in holiday calendar for country {country}: use HolidaySet::WeekendsOnly \
         with closure days"
    )]
    UnsupportedCountry {
        /// The country as given.
        country: Country,
    },
    /// No business day was found within the search limit.
    #[error("no business day within {searched_days} days on or after {from}")]
    NoBusinessDay {
        /// The first day searched.
        from: NaiveDate,
        /// How many days were searched.
        searched_days: u32,
    },
    /// Counting days from a date left the range of dates chrono can represent.
    #[error("counting {days} days from {date} leaves the supported date range")]
    DateOutOfRange {
        /// The date counted from.
        date: NaiveDate,
        /// The number of days counted.
        days: u32,
    },
    /// A number of days above [`BusinessCalendar::MAX_DAYS`].
    #[error("{days} days is more than the maximum of {max}")]
    TooManyDays {
        /// The number as given.
        days: u32,
        /// The maximum.
        max: u32,
    },
    /// A closure range whose last day is before its first day.
    #[error("closure range {first} to {last} ends before it starts")]
    ClosureRangeReversed {
        /// First day as given.
        first: NaiveDate,
        /// Last day as given.
        last: NaiveDate,
    },
    /// A closure range longer than [`BusinessCalendar::MAX_CLOSURE_RANGE_DAYS`].
    #[error("closure range {first} to {last} is longer than {max_days} days")]
    ClosureRangeTooLong {
        /// First day as given.
        first: NaiveDate,
        /// Last day as given.
        last: NaiveDate,
        /// The maximum length.
        max_days: u32,
    },
}

/// Why a day is not a business day.
///
/// # Example
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use relance::calendar::{BusinessCalendar, HolidaySet, NonBusinessDay};
/// let cal = BusinessCalendar::new(HolidaySet::Germany);
/// let sat = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
/// assert_eq!(cal.non_business_reason(sat), Some(NonBusinessDay::Weekend(Weekday::Sat)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NonBusinessDay {
    /// A Saturday or a Sunday.
    Weekend(Weekday),
    /// A public holiday (possibly a substitute day).
    Holiday(Holiday),
    /// A closure day added by the host.
    Closure,
}

/// A business-day calendar: a [`HolidaySet`] plus closure days chosen by the host.
///
/// Serialises as `{"holidays": "france", "closures": ["2025-12-24"]}`; `closures` may be
/// omitted; unknown fields are rejected so a typo does not silently drop a setting.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use relance::calendar::{BusinessCalendar, HolidaySet};
/// let cal: BusinessCalendar =
///     serde_json::from_str(r#"{"holidays": "belgium", "closures": ["2025-12-24"]}"#).unwrap();
/// assert_eq!(cal.holiday_set(), HolidaySet::Belgium);
/// assert!(!cal.is_business_day(NaiveDate::from_ymd_opt(2025, 12, 24).unwrap()));
/// assert!(cal.is_business_day(NaiveDate::from_ymd_opt(2025, 12, 23).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessCalendar {
    holidays: HolidaySet,
    #[serde(default)]
    closures: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    /// How many consecutive days [`next_business_day`](Self::next_business_day) examines
    /// before giving up with [`CalendarError::NoBusinessDay`].
    ///
    /// # Example
    /// ```
    /// use relance::calendar::BusinessCalendar;
    /// assert_eq!(BusinessCalendar::SEARCH_LIMIT_DAYS, 366);
    /// ```
    pub const SEARCH_LIMIT_DAYS: u32 = 366;
    /// The largest number of days [`add_business_days`](Self::add_business_days) and
    /// [`deadline`](Self::deadline) accept.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::France);
    /// let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    /// assert!(cal.add_business_days(d, BusinessCalendar::MAX_DAYS + 1).is_err());
    /// ```
    pub const MAX_DAYS: u32 = 10_000;
    /// The longest closure range [`add_closure_range`](Self::add_closure_range) accepts.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::BusinessCalendar;
    /// assert_eq!(BusinessCalendar::MAX_CLOSURE_RANGE_DAYS, 366);
    /// ```
    pub const MAX_CLOSURE_RANGE_DAYS: u32 = 366;

    /// A calendar with the given holidays and no closure days.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::EnglandAndWales);
    /// assert!(cal.closures().is_empty());
    /// ```
    pub fn new(holidays: HolidaySet) -> BusinessCalendar {
        BusinessCalendar {
            holidays,
            closures: BTreeSet::new(),
        }
    }

    /// The default calendar of a country (see [`HolidaySet::for_country`]).
    ///
    /// # Errors
    /// [`CalendarError::UnsupportedCountry`].
    ///
    /// # Example
    /// ```
    /// use relance::{calendar::{BusinessCalendar, HolidaySet}, Country};
    /// let cal = BusinessCalendar::for_country(Country::DE).unwrap();
    /// assert_eq!(cal.holiday_set(), HolidaySet::Germany);
    /// ```
    pub fn for_country(country: Country) -> Result<BusinessCalendar, CalendarError> {
        HolidaySet::for_country(country).map(BusinessCalendar::new)
    }

    /// Adds a closure day (builder style).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let d = NaiveDate::from_ymd_opt(2025, 8, 14).unwrap();
    /// let cal = BusinessCalendar::new(HolidaySet::France).with_closure(d);
    /// assert!(!cal.is_business_day(d));
    /// ```
    #[must_use]
    pub fn with_closure(mut self, date: NaiveDate) -> BusinessCalendar {
        self.closures.insert(date);
        self
    }

    /// Adds a closure day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let mut cal = BusinessCalendar::new(HolidaySet::France);
    /// cal.add_closure(NaiveDate::from_ymd_opt(2025, 8, 14).unwrap());
    /// assert_eq!(cal.closures().len(), 1);
    /// ```
    pub fn add_closure(&mut self, date: NaiveDate) {
        self.closures.insert(date);
    }

    /// Adds every day from `first` to `last` inclusive as closure days.
    ///
    /// # Errors
    /// [`CalendarError::ClosureRangeReversed`] when `last < first`;
    /// [`CalendarError::ClosureRangeTooLong`] above
    /// [`MAX_CLOSURE_RANGE_DAYS`](Self::MAX_CLOSURE_RANGE_DAYS) days.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let mut cal = BusinessCalendar::new(HolidaySet::Belgium);
    /// let first = NaiveDate::from_ymd_opt(2025, 7, 28).unwrap();
    /// let last = NaiveDate::from_ymd_opt(2025, 8, 8).unwrap();
    /// cal.add_closure_range(first, last).unwrap();
    /// assert_eq!(cal.closures().len(), 12);
    /// assert!(cal.add_closure_range(last, first).is_err());
    /// ```
    pub fn add_closure_range(
        &mut self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<(), CalendarError> {
        if last < first {
            return Err(CalendarError::ClosureRangeReversed { first, last });
        }
        let len = last.signed_duration_since(first).num_days();
        if len >= i64::from(Self::MAX_CLOSURE_RANGE_DAYS) {
            return Err(CalendarError::ClosureRangeTooLong {
                first,
                last,
                max_days: Self::MAX_CLOSURE_RANGE_DAYS,
            });
        }
        let mut day = Some(first);
        while let Some(d) = day.filter(|d| *d <= last) {
            self.closures.insert(d);
            day = d.succ_opt();
        }
        Ok(())
    }

    /// The holiday set.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// assert_eq!(BusinessCalendar::new(HolidaySet::Belgium).holiday_set(), HolidaySet::Belgium);
    /// ```
    pub fn holiday_set(&self) -> HolidaySet {
        self.holidays
    }

    /// The host's closure days, in date order.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let d = NaiveDate::from_ymd_opt(2025, 12, 24).unwrap();
    /// let cal = BusinessCalendar::new(HolidaySet::Germany).with_closure(d);
    /// assert_eq!(cal.closures().iter().next(), Some(&d));
    /// ```
    pub fn closures(&self) -> &BTreeSet<NaiveDate> {
        &self.closures
    }

    /// Why `date` is not a business day, or `None` when it is one. A weekend is reported
    /// before a holiday, a holiday before a closure.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, Feast, HolidaySet, NonBusinessDay};
    /// let cal = BusinessCalendar::new(HolidaySet::France);
    /// let d = NaiveDate::from_ymd_opt(2025, 7, 14).unwrap();
    /// match cal.non_business_reason(d) {
    ///     Some(NonBusinessDay::Holiday(h)) => assert_eq!(h.feast, Feast::NationalDay),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn non_business_reason(&self, date: NaiveDate) -> Option<NonBusinessDay> {
        if holidays::is_weekend(date) {
            return Some(NonBusinessDay::Weekend(date.weekday()));
        }
        if let Some(h) = self.holidays.holiday_on(date) {
            return Some(NonBusinessDay::Holiday(h));
        }
        if self.closures.contains(&date) {
            return Some(NonBusinessDay::Closure);
        }
        None
    }

    /// True when `date` is neither a weekend, nor a public holiday, nor a closure day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::EnglandAndWales);
    /// // Boxing Day 2026 is a Saturday: the substitute is Monday 28 December.
    /// assert!(!cal.is_business_day(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()));
    /// assert!(cal.is_business_day(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()));
    /// ```
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.non_business_reason(date).is_none()
    }

    /// The first business day on or after `date`.
    ///
    /// # Errors
    /// [`CalendarError::NoBusinessDay`] if none within
    /// [`SEARCH_LIMIT_DAYS`](Self::SEARCH_LIMIT_DAYS) days (closures covering a whole year);
    /// [`CalendarError::DateOutOfRange`] at the end of chrono's date range.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::Germany);
    /// // Good Friday 2025 is 18 April; Easter Monday 21 April.
    /// let gf = NaiveDate::from_ymd_opt(2025, 4, 18).unwrap();
    /// assert_eq!(cal.next_business_day(gf).unwrap(), NaiveDate::from_ymd_opt(2025, 4, 22).unwrap());
    /// ```
    pub fn next_business_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for searched in 0..Self::SEARCH_LIMIT_DAYS {
            if self.is_business_day(day) {
                return Ok(day);
            }
            day = day.succ_opt().ok_or(CalendarError::DateOutOfRange {
                date,
                days: searched + 1,
            })?;
        }
        Err(CalendarError::NoBusinessDay {
            from: date,
            searched_days: Self::SEARCH_LIMIT_DAYS,
        })
    }

    /// The `n`-th business day after `date` (`date` itself is not counted, whether or not it
    /// is a business day). `n = 0` returns `date` unchanged.
    ///
    /// # Errors
    /// [`CalendarError::TooManyDays`] above [`MAX_DAYS`](Self::MAX_DAYS), and the errors of
    /// [`next_business_day`](Self::next_business_day).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::Belgium);
    /// // Friday 18 July 2025 + 2 business days: Monday 21 July is the national day.
    /// let fri = NaiveDate::from_ymd_opt(2025, 7, 18).unwrap();
    /// assert_eq!(cal.add_business_days(fri, 2).unwrap(), NaiveDate::from_ymd_opt(2025, 7, 23).unwrap());
    /// ```
    pub fn add_business_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > Self::MAX_DAYS {
            return Err(CalendarError::TooManyDays {
                days: n,
                max: Self::MAX_DAYS,
            });
        }
        let mut day = date;
        for _ in 0..n {
            let next = day
                .succ_opt()
                .ok_or(CalendarError::DateOutOfRange { date, days: n })?;
            day = self.next_business_day(next)?;
        }
        Ok(day)
    }

    /// The last day of a period "within N days" starting from `start` (the date of the
    /// notice, or of its receipt, as the host decides), counted as `rule` says.
    ///
    /// The start day itself is not counted (Code de procédure civile art. 641). With
    /// [`DayCounting::Calendar`], the result is `start + days`, moved to the next business
    /// day when it is not one and [`DeadlineRule::extend_to_business_day`] is set
    /// (Code de procédure civile art. 642). With [`DayCounting::Business`], it is the
    /// `days`-th business day after `start`.
    ///
    /// # Errors
    /// [`CalendarError::TooManyDays`], [`CalendarError::DateOutOfRange`],
    /// [`CalendarError::NoBusinessDay`].
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{BusinessCalendar, DeadlineRule, HolidaySet};
    /// let cal = BusinessCalendar::new(HolidaySet::France);
    /// let start = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(); // a Friday
    /// // 8 calendar days: Saturday 15 March, extended to Monday 17 March.
    /// assert_eq!(cal.deadline(start, &DeadlineRule::calendar_days(8)).unwrap().to_string(), "2025-03-17");
    /// // 8 business days: Wednesday 19 March.
    /// assert_eq!(cal.deadline(start, &DeadlineRule::business_days(8)).unwrap().to_string(), "2025-03-19");
    /// ```
    pub fn deadline(
        &self,
        start: NaiveDate,
        rule: &DeadlineRule,
    ) -> Result<NaiveDate, CalendarError> {
        match rule.counting {
            DayCounting::Business => self.add_business_days(start, rule.days),
            DayCounting::Calendar => {
                if rule.days > Self::MAX_DAYS {
                    return Err(CalendarError::TooManyDays {
                        days: rule.days,
                        max: Self::MAX_DAYS,
                    });
                }
                let end = start
                    .checked_add_days(Days::new(u64::from(rule.days)))
                    .ok_or(CalendarError::DateOutOfRange {
                        date: start,
                        days: rule.days,
                    })?;
                if rule.extend_to_business_day {
                    self.next_business_day(end)
                } else {
                    Ok(end)
                }
            }
        }
    }
}

/// How the days of a deadline are counted.
///
/// # Example
/// ```
/// use relance::calendar::DayCounting;
/// assert_eq!(serde_json::to_string(&DayCounting::Business).unwrap(), "\"business\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCounting {
    /// Every day counts (*jours calendaires*, Kalendertage).
    Calendar,
    /// Only business days of the calendar count (*jours ouvrés*, *Arbeitstage*,
    /// *werkdagen*).
    Business,
}

/// A deadline printed in a notice: "within `days` days", counted in calendar or business
/// days. See [`BusinessCalendar::deadline`].
///
/// Serialises as `{"days": 8, "counting": "calendar", "extend_to_business_day": true}`;
/// `extend_to_business_day` defaults to `true` when omitted.
///
/// # Example
/// ```
/// use relance::calendar::{DayCounting, DeadlineRule};
/// let r: DeadlineRule = serde_json::from_str(r#"{"days": 15, "counting": "business"}"#).unwrap();
/// assert_eq!(r, DeadlineRule::business_days(15));
/// assert_eq!(r.counting, DayCounting::Business);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeadlineRule {
    /// Number of days.
    pub days: u32,
    /// How they are counted.
    pub counting: DayCounting,
    /// With calendar counting, a deadline falling on a non-business day moves to the next
    /// business day. Has no effect with business-day counting.
    #[serde(default = "yes")]
    pub extend_to_business_day: bool,
}

fn yes() -> bool {
    true
}

impl DeadlineRule {
    /// `days` calendar days, extended to the next business day.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::DeadlineRule;
    /// assert!(DeadlineRule::calendar_days(8).extend_to_business_day);
    /// ```
    pub fn calendar_days(days: u32) -> DeadlineRule {
        DeadlineRule {
            days,
            counting: DayCounting::Calendar,
            extend_to_business_day: true,
        }
    }

    /// `days` business days.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::{DayCounting, DeadlineRule};
    /// assert_eq!(DeadlineRule::business_days(5).counting, DayCounting::Business);
    /// ```
    pub fn business_days(days: u32) -> DeadlineRule {
        DeadlineRule {
            days,
            counting: DayCounting::Business,
            extend_to_business_day: true,
        }
    }

    /// The same rule without moving a calendar-day deadline off a non-business day.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::DeadlineRule;
    /// assert!(!DeadlineRule::calendar_days(8).without_extension().extend_to_business_day);
    /// ```
    #[must_use]
    pub fn without_extension(mut self) -> DeadlineRule {
        self.extend_to_business_day = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn a_year_of_closures_is_an_error_not_a_hang() {
        let mut cal = BusinessCalendar::new(HolidaySet::WeekendsOnly);
        cal.add_closure_range(d(2025, 1, 1), d(2025, 12, 31))
            .unwrap();
        cal.add_closure_range(d(2026, 1, 1), d(2026, 12, 31))
            .unwrap();
        assert_eq!(
            cal.next_business_day(d(2025, 1, 1)),
            Err(CalendarError::NoBusinessDay {
                from: d(2025, 1, 1),
                searched_days: BusinessCalendar::SEARCH_LIMIT_DAYS
            })
        );
    }

    #[test]
    fn end_of_chrono_range_is_an_error_not_a_panic() {
        let cal = BusinessCalendar::new(HolidaySet::EnglandAndWales);
        let last = NaiveDate::MAX;
        assert!(cal.add_business_days(last, 3).is_err());
        assert!(cal.deadline(last, &DeadlineRule::calendar_days(1)).is_err());
        // MAX is a Friday 31 December? Whatever it is, the call returns without panicking.
        let _ = cal.next_business_day(last);
        let first = NaiveDate::MIN;
        assert!(cal.add_business_days(first, 5).is_ok());
    }

    #[test]
    fn too_many_days_is_rejected() {
        let cal = BusinessCalendar::new(HolidaySet::France);
        assert_eq!(
            cal.add_business_days(d(2025, 1, 1), 10_001),
            Err(CalendarError::TooManyDays {
                days: 10_001,
                max: BusinessCalendar::MAX_DAYS
            })
        );
    }

    #[test]
    fn closure_range_limits() {
        let mut cal = BusinessCalendar::new(HolidaySet::France);
        assert!(matches!(
            cal.add_closure_range(d(2025, 1, 1), d(2026, 1, 2)),
            Err(CalendarError::ClosureRangeTooLong { .. })
        ));
        cal.add_closure_range(d(2025, 1, 1), d(2025, 1, 1)).unwrap();
        assert_eq!(cal.closures().len(), 1);
    }

    #[test]
    fn calendar_serde_rejects_unknown_fields() {
        let e = serde_json::from_str::<BusinessCalendar>(r#"{"holidays":"france","closure":[]}"#);
        assert!(e.is_err());
        let cal: BusinessCalendar = serde_json::from_str(r#"{"holidays":"germany"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&cal).unwrap(),
            r#"{"holidays":"germany","closures":[]}"#
        );
    }

    #[test]
    fn zero_business_days_is_the_start_date() {
        let cal = BusinessCalendar::new(HolidaySet::France);
        let sun = d(2025, 3, 9);
        assert_eq!(cal.add_business_days(sun, 0), Ok(sun));
        assert_eq!(cal.add_business_days(sun, 1), Ok(d(2025, 3, 10)));
    }
}
