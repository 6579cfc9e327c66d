//! The periods the law gives a debtor before anything more may happen, and which ladder
//! step is the first reminder after the due date. Law layer: the policy dates deadlines
//! with them ([`Policy::response_deadline`](crate::Policy::response_deadline)) and the
//! notices print them (the legal mentions of [`notice::mentions`](crate::notice::mentions)).
//!
//! Facts come from `shared/reference/late-payment-law.md`:
//! - Belgium, book XIX of the Code de droit économique (section 5): after the free first
//!   reminder to a consumer, 14 calendar days during which nothing may be charged, from
//!   the day after an electronic message or the third working day after a letter is
//!   posted. The count and the receipt rule are those of
//!   [`penalties::cost_free_window`](crate::penalties::cost_free_window), which computes the same
//!   window for interest.
//! - England and Wales (section 8): a letter before action gives an individual 30 days
//!   (Pre-Action Protocol for Debt Claims) and a business 14 days (Practice Direction
//!   Pre-Action Conduct, para 6, "14 days in a straightforward case").

use crate::calendar::BusinessCalendar;
use crate::customer::CustomerKind;
use crate::jurisdiction::Country;
use crate::ladder::{Channel, Ladder, Stage};
use crate::penalties::be_consumer::{self, ReminderChannel};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// When a minimum period starts counting.
///
/// # Example
/// ```
/// use relance::legal_periods::PeriodStart;
/// assert_ne!(PeriodStart::NoticeDate, PeriodStart::BelgianReceipt);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodStart {
    /// From the date of the notice (England and Wales).
    NoticeDate,
    /// Belgium, book XIX: the day after an electronic message, the third working day after
    /// a letter is posted ([`be_consumer::cost_free_window`]).
    BelgianReceipt,
}

/// A period the law gives the debtor before anything more may happen.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::legal_periods::minimum_period;
/// let p = minimum_period(Country::BE, CustomerKind::Consumer, Stage::Amicable, true).unwrap();
/// assert_eq!(p.days, 14);
/// let cal = calendar::BusinessCalendar::for_country(Country::BE).unwrap();
/// let on = "2025-03-07".parse().unwrap(); // Friday
/// // E-mail: from Saturday 8 March, 14 days: Friday 21 March.
/// assert_eq!(p.last_day(on, Channel::Email, &cal), Some("2025-03-21".parse().unwrap()));
/// // Letter: third working day after posting is Wednesday 12 March: Tuesday 25 March.
/// assert_eq!(p.last_day(on, Channel::Letter, &cal), Some("2025-03-25".parse().unwrap()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumPeriod {
    /// Calendar days.
    pub days: u32,
    /// When they start.
    pub start: PeriodStart,
}

impl MinimumPeriod {
    /// The first day of the period for a notice issued on `as_of` on `channel`; `None` at
    /// the end of the calendar or when `calendar` has no working day for a year.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::legal_periods::{MinimumPeriod, PeriodStart};
    /// let p = MinimumPeriod { days: 30, start: PeriodStart::NoticeDate };
    /// let cal = calendar::BusinessCalendar::new(calendar::HolidaySet::EnglandAndWales);
    /// let on = "2025-03-21".parse().unwrap();
    /// assert_eq!(p.first_day(on, Channel::Letter, &cal), Some(on));
    /// assert_eq!(p.last_day(on, Channel::Letter, &cal), Some("2025-04-20".parse().unwrap()));
    /// ```
    pub fn first_day(
        &self,
        as_of: NaiveDate,
        channel: Channel,
        calendar: &BusinessCalendar,
    ) -> Option<NaiveDate> {
        match self.start {
            PeriodStart::NoticeDate => Some(as_of),
            PeriodStart::BelgianReceipt => {
                let sent = match channel {
                    Channel::Letter | Channel::RegisteredLetter => ReminderChannel::Letter,
                    _ => ReminderChannel::Electronic,
                };
                be_consumer::cost_free_window(as_of, sent, |d| calendar.is_business_day(d))
                    .ok()
                    .map(|w| w.first_day)
            }
        }
    }

    /// The last day of the period: `days` calendar days counted from its first day, the
    /// first day included for [`PeriodStart::BelgianReceipt`] ("14 days during which"),
    /// after the notice date for [`PeriodStart::NoticeDate`] ("within 30 days of the date
    /// of the letter").
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::legal_periods::minimum_period;
    /// // A letter before action to an English business: 14 days from the date of the letter.
    /// let p = minimum_period(Country::GB, CustomerKind::Business, Stage::FormalNotice, false);
    /// let p = p.unwrap();
    /// let cal = calendar::BusinessCalendar::new(calendar::HolidaySet::EnglandAndWales);
    /// let on = "2025-03-21".parse().unwrap();
    /// assert_eq!(p.last_day(on, Channel::Letter, &cal), Some("2025-04-04".parse().unwrap()));
    /// ```
    pub fn last_day(
        &self,
        as_of: NaiveDate,
        channel: Channel,
        calendar: &BusinessCalendar,
    ) -> Option<NaiveDate> {
        let first = self.first_day(as_of, channel, calendar)?;
        let span = match self.start {
            PeriodStart::NoticeDate => u64::from(self.days),
            PeriodStart::BelgianReceipt => u64::from(self.days.saturating_sub(1)),
        };
        first.checked_add_days(Days::new(span))
    }
}

/// The minimum period the law gives the debtor for a notice at `stage`, if any:
/// - Belgium, consumer, first reminder after the due date: 14 days from receipt (book XIX
///   of the Code de droit économique; [`be_consumer::COST_FREE_DAYS`]);
/// - England and Wales (GB), formal notice: 30 days to an individual (Pre-Action Protocol
///   for Debt Claims), 14 days to a business (Practice Direction Pre-Action Conduct,
///   para 6: "14 days in a straightforward case").
///
/// # Example
/// ```
/// use relance::*;
/// use relance::legal_periods::minimum_period;
/// assert_eq!(minimum_period(Country::GB, CustomerKind::Consumer, Stage::FormalNotice, false).unwrap().days, 30);
/// assert!(minimum_period(Country::FR, CustomerKind::Consumer, Stage::FormalNotice, false).is_none());
/// ```
pub fn minimum_period(
    country: Country,
    kind: CustomerKind,
    stage: Stage,
    first_overdue_reminder: bool,
) -> Option<MinimumPeriod> {
    if country == Country::BE
        && kind == CustomerKind::Consumer
        && stage == Stage::Amicable
        && first_overdue_reminder
    {
        return Some(MinimumPeriod {
            days: be_consumer::COST_FREE_DAYS,
            start: PeriodStart::BelgianReceipt,
        });
    }
    if country == Country::GB && stage == Stage::FormalNotice {
        let days = if kind == CustomerKind::Consumer {
            30
        } else {
            14
        };
        return Some(MinimumPeriod {
            days,
            start: PeriodStart::NoticeDate,
        });
    }
    None
}

/// True when step `step` of `ladder` is the first reminder after the due date: an
/// amicable step due after the due date with no such step before it (courtesy messages
/// before the due date do not count).
///
/// # Example
/// ```
/// use relance::{Ladder, Step, Stage, Channel};
/// use relance::legal_periods::first_overdue_reminder;
/// let l = Ladder::new("l", vec![
///     Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
///     Step::new("second", Stage::Amicable, 20, &[Channel::Email]),
/// ]);
/// assert!(!first_overdue_reminder(&l, 0));
/// assert!(first_overdue_reminder(&l, 1));
/// assert!(!first_overdue_reminder(&l, 2));
/// ```
pub fn first_overdue_reminder(ladder: &Ladder, step: usize) -> bool {
    let Some(s) = ladder.step(step) else {
        return false;
    };
    s.stage == Stage::Amicable
        && s.offset_days > 0
        && ladder
            .steps
            .get(..step)
            .is_some_and(|before| before.iter().all(|b| b.offset_days <= 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_belgian_period_is_the_cost_free_window_of_the_penalties() {
        // One rule: the period a notice prints is the window during which the penalties
        // charge nothing, whatever the channel.
        let cal = BusinessCalendar::for_country(Country::BE).unwrap();
        let p = minimum_period(Country::BE, CustomerKind::Consumer, Stage::Amicable, true);
        let p = p.unwrap();
        let on = NaiveDate::from_ymd_opt(2025, 5, 30).unwrap();
        for (channel, sent) in [
            (Channel::Email, ReminderChannel::Electronic),
            (Channel::Letter, ReminderChannel::Letter),
            (Channel::RegisteredLetter, ReminderChannel::Letter),
        ] {
            let w = be_consumer::cost_free_window(on, sent, |d| cal.is_business_day(d)).unwrap();
            assert_eq!(p.first_day(on, channel, &cal), Some(w.first_day));
            assert_eq!(p.last_day(on, channel, &cal), Some(w.last_day));
        }
    }
}
