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
    minimum_period_of(
        country,
        kind,
        kind == CustomerKind::Consumer,
        stage,
        first_overdue_reminder,
    )
}

/// [`minimum_period`] for a customer: a sole trader is an individual for the English
/// Pre-Action Protocol for Debt Claims (para 1.1), so a letter before action gives it the
/// Protocol's 30 days ([`Customer::is_individual`](crate::Customer::is_individual)).
///
/// # Example
/// ```
/// use relance::*;
/// use relance::legal_periods::minimum_period_for;
/// let mut c = Customer::new("C", "J. Smith Plumbing", CustomerKind::Business, Country::GB,
///     Language::En, Zone::EUROPE_LONDON);
/// assert_eq!(minimum_period_for(&c, Stage::FormalNotice, false).unwrap().days, 14);
/// c.sole_trader = true;
/// assert_eq!(minimum_period_for(&c, Stage::FormalNotice, false).unwrap().days, 30);
/// ```
pub fn minimum_period_for(
    customer: &crate::customer::Customer,
    stage: Stage,
    first_overdue_reminder: bool,
) -> Option<MinimumPeriod> {
    minimum_period_of(
        customer.country,
        customer.kind,
        customer.is_individual(),
        stage,
        first_overdue_reminder,
    )
}

fn minimum_period_of(
    country: Country,
    kind: CustomerKind,
    individual: bool,
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
        let days = if individual {
            DebtClaimsProtocol::REPLY_DAYS
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

/// The English Pre-Action Protocol for Debt Claims (in force 1 October 2017): what a
/// business claiming a debt from an individual, a sole trader included (para 1.1; not
/// business-to-business debts), must do before a court claim, and how the debtor's Reply
/// Form moves the first day a claim may be issued. Source: the Protocol and its Annex 1;
/// `shared/reference/late-payment-law.md`, section 8.
///
/// - The Letter of Claim gives 30 days from its date to reply (para 3 and Annex 1), and
///   encloses the Information Sheet, the Reply Form and the Financial Statement
///   ([`DebtClaimsProtocol::ENCLOSURES`]).
/// - A debtor seeking debt advice gets a reasonable time: no claim less than 30 days after
///   the creditor receives the completed Reply Form (the Protocol's rule on debt advice;
///   [`DebtClaimsProtocol::wait_after_reply`]).
/// - A debtor asking for documents: no claim until they are provided, and then not less
///   than 30 days after (the Protocol's disclosure rule;
///   [`DebtClaimsProtocol::wait_after_documents`]).
/// - The engine's own choice, not a figure of the Protocol: a debtor asking for time to
///   pay gets the same 30 days from the reply for the creditor to consider the offer and
///   the Financial Statement; a reply disputing the debt opens a dispute.
///
/// The engine applies these to the ladder's judicial steps (the hand-over for a claim);
/// the Letter of Claim itself is the formal-notice step, its deadline from
/// [`minimum_period_for`].
///
/// # Example
/// ```
/// use relance::legal_periods::DebtClaimsProtocol;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// assert_eq!(DebtClaimsProtocol::ENCLOSURES, ["Information Sheet", "Reply Form", "Financial Statement"]);
/// // Reply Form received 3 March saying the debtor seeks advice: no claim before 3 April.
/// assert_eq!(DebtClaimsProtocol::wait_after_reply(d("2025-03-03")), Some(d("2025-04-02")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebtClaimsProtocol;

impl DebtClaimsProtocol {
    /// Days the debtor has to reply to the Letter of Claim, from its date.
    pub const REPLY_DAYS: u32 = 30;
    /// Days after the Reply Form (seeking advice) or the documents asked for, before a claim.
    pub const WAIT_DAYS: u64 = 30;
    /// What the Letter of Claim encloses (Annex 1 of the Protocol).
    pub const ENCLOSURES: [&'static str; 3] =
        ["Information Sheet", "Reply Form", "Financial Statement"];

    /// The last day of the wait after a Reply Form received on `received` (debt advice):
    /// a claim no earlier than the day after.
    ///
    /// # Example
    /// ```
    /// use relance::legal_periods::DebtClaimsProtocol;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// assert_eq!(DebtClaimsProtocol::wait_after_reply(d("2025-01-31")), Some(d("2025-03-02")));
    /// ```
    pub fn wait_after_reply(received: NaiveDate) -> Option<NaiveDate> {
        received.checked_add_days(Days::new(Self::WAIT_DAYS))
    }

    /// The last day of the wait after the documents the debtor asked for were provided on
    /// `provided`.
    ///
    /// # Example
    /// ```
    /// use relance::legal_periods::DebtClaimsProtocol;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// assert_eq!(DebtClaimsProtocol::wait_after_documents(d("2025-05-02")), Some(d("2025-06-01")));
    /// ```
    pub fn wait_after_documents(provided: NaiveDate) -> Option<NaiveDate> {
        provided.checked_add_days(Days::new(Self::WAIT_DAYS))
    }

    /// Whether the Protocol applies to a claim against `customer`: an individual (a
    /// consumer or a sole trader) in England and Wales (GB).
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::legal_periods::DebtClaimsProtocol;
    /// let c = Customer::new("C", "Ann Smith", CustomerKind::Consumer, Country::GB, Language::En,
    ///     Zone::EUROPE_LONDON);
    /// assert!(DebtClaimsProtocol::applies(&c));
    /// ```
    pub fn applies(customer: &crate::customer::Customer) -> bool {
        customer.country == Country::GB && customer.is_individual()
    }
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
