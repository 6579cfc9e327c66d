//! The host's dunning policy for notices: contact pressure, escalation after a failed (see the docs of `Policy`).

use crate::account::Account;
use crate::calendar::{BusinessCalendar, DayCounting, DeadlineRule, HolidaySet};
use crate::channels::StepDelivery;
use crate::customer::Customer;
use crate::event::EventKind;
use crate::jurisdiction::Country;
use crate::ladder::{Channel, Ladder};
use crate::legal_periods;
use crate::penalties::RateTables;
use crate::sending_window::SendingWindows;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How notices are planned, dated and delivered. Serde-configurable; every field may be
/// omitted and takes its [`Default`].
///
/// # Example
/// ```
/// use relance::{Policy, calendar::DayCounting};
/// let p = Policy::default();
/// assert_eq!(p.deadline_counting, DayCounting::Calendar);
/// assert!(p.extend_deadline_to_business_day && p.legal_minimum_periods);
/// ```
///
/// The host's dunning policy for notices: contact pressure, escalation after a failed
/// delivery, how deadlines are counted, business-day calendars and sending windows.
///
/// A [`Dunning`](crate::Dunning) holds one [`Policy`] beside its ladders; every plan and
/// run uses it. [`Policy::default`] is the safe default: contact pressure, legal minimum
/// periods, deadlines moved off non-business days, no escalation past a failed delivery.
///
/// ## Contact pressure
/// At most one notice per customer within [`Policy::contact_pressure_days`] days (default
/// 5), across all its invoices. The date of the customer's last notice is the latest
/// `StepReached` among the accounts the host loaded for the run (see
/// [`last_notice_date`]). While the window runs, the planner proposes **no notice** for
/// the customer: the steps that came due stay due and are planned together, in one
/// grouped notice, on the first run after the window; invoices that became due meanwhile
/// join that notice. Tasks for people (approval requests, dispute reviews) are not
/// notices and are not held back.
///
/// ## A step is done when every channel succeeded
/// A step sent on several channels yields one notice per channel; the runner records
/// each outcome on every invoice of the notice (`NoticeDelivered` or `DeliveryFailed`, with
/// the channel). [`StepDelivery`](crate::channels::StepDelivery::of) reads those outcomes back.
/// When one channel failed for good, the engine puts the invoice on hold for a person
/// (see [`Account::apply`]), and with [`Policy::hold_escalation_on_failed_delivery`] (the
/// default) the planner will not escalate the invoice to its next step, even after the hold,
/// until the failed channel is delivered: the host re-sends by other means and records a
/// `NoticeDelivered` event for that channel. Each run reports the blocked invoice in
/// [`Plan::problems`](crate::Plan::problems).
///
/// ## Example
/// ```
/// use relance::Policy;
/// let p: Policy = serde_json::from_str(r#"{"contact_pressure_days": 7}"#).unwrap();
/// assert_eq!(p.contact_pressure_days, 7);
/// assert!(p.hold_escalation_on_failed_delivery);
/// assert_eq!(Policy::default().contact_pressure_days, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Policy {
    /// At most one notice per customer within this many days; `0` means no limit.
    pub contact_pressure_days: u32,
    /// Do not escalate an invoice whose current step failed for good on one of its
    /// channels (see the module docs).
    pub hold_escalation_on_failed_delivery: bool,
    /// How the days a notice gives to pay are counted.
    pub deadline_counting: DayCounting,
    /// With calendar-day counting, a deadline falling on a non-business day of the
    /// customer's calendar moves to the next business day.
    pub extend_deadline_to_business_day: bool,
    /// Lengthen deadlines to the periods the law requires (Belgian consumer first
    /// reminder: 14 days; English letter before action: 30 days to an individual, 14 to a
    /// business). See [`legal_periods::minimum_period`].
    pub legal_minimum_periods: bool,
    /// Business-day calendars by country (e.g. with the host's closure days). A country
    /// without an entry uses its built-in calendar, or weekends only when there is none.
    pub calendars: BTreeMap<Country, BusinessCalendar>,
    /// Sending windows in the customer's local time, per channel (default 08:00-19:00).
    pub sending_windows: SendingWindows,
    /// Reference-rate tables for late-payment penalties. When set, every notice line
    /// carries the interest and fixed compensation due on the notice date under the
    /// customer's regime ([`Customer::regime`]), with the full breakdown on formal notices
    /// and judicial steps. `None` (the default): no penalties are computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rates: Option<RateTables>,
    /// Waive the fees, interest and compensation still open once the principal is paid
    /// (many creditors do, to keep the customer). Payments then go to the principal
    /// first. Off by default: paying the principal leaves the accessories open, as the
    /// law allows. Recorded with each claim
    /// ([`EventKind::AccessoriesClaimed`]), so an
    /// account follows the terms it was dunned under.
    pub waive_accessories_on_principal_paid: bool,
    /// Days before a claim's limitation date ([`Limitation`](crate::Limitation)) when
    /// the engine wakes the invoice for a person to act (a court claim, an
    /// acknowledgment): each plan from then on reports it
    /// ([`ProblemKind::LimitationNear`](crate::ProblemKind::LimitationNear)). Default 60.
    pub limitation_warning_days: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            contact_pressure_days: Policy::DEFAULT_CONTACT_PRESSURE_DAYS,
            hold_escalation_on_failed_delivery: true,
            deadline_counting: DayCounting::Calendar,
            extend_deadline_to_business_day: true,
            legal_minimum_periods: true,
            calendars: BTreeMap::new(),
            sending_windows: SendingWindows::default(),
            rates: None,
            waive_accessories_on_principal_paid: false,
            limitation_warning_days: Policy::DEFAULT_LIMITATION_WARNING_DAYS,
        }
    }
}

impl Policy {
    /// Default [`Policy::contact_pressure_days`].
    pub const DEFAULT_CONTACT_PRESSURE_DAYS: u32 = 5;

    /// Default [`Policy::limitation_warning_days`].
    pub const DEFAULT_LIMITATION_WARNING_DAYS: u32 = 60;

    /// The longest limitation warning accepted (ten years, the longest period known).
    pub const MAX_LIMITATION_WARNING_DAYS: u32 = 3660;

    /// The longest contact-pressure window accepted (a year): a longer one would stop a
    /// customer's dunning for good.
    pub const MAX_CONTACT_PRESSURE_DAYS: u32 = 366;

    /// Checks the policy once, when a [`Dunning`](crate::Dunning) is built.
    ///
    /// # Errors
    /// [`Error::Policy`](crate::Error::Policy) naming the field and the value.
    ///
    /// # Example
    /// ```
    /// use relance::Policy;
    /// assert!(Policy::default().validate().is_ok());
    /// assert!(Policy::default().with_contact_pressure_days(10_000).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), crate::Error> {
        if self.limitation_warning_days > Policy::MAX_LIMITATION_WARNING_DAYS {
            return Err(crate::Error::Policy {
                field: "limitation_warning_days",
                message: format!(
                    "{} days is more than the {} accepted",
                    self.limitation_warning_days,
                    Policy::MAX_LIMITATION_WARNING_DAYS
                ),
            });
        }
        if self.contact_pressure_days > Policy::MAX_CONTACT_PRESSURE_DAYS {
            return Err(crate::Error::Policy {
                field: "contact_pressure_days",
                message: format!(
                    "{} days is more than the {} accepted",
                    self.contact_pressure_days,
                    Policy::MAX_CONTACT_PRESSURE_DAYS
                ),
            });
        }
        Ok(())
    }

    /// Builder: the contact-pressure window in days (`0`: no limit).
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::Policy::default().with_contact_pressure_days(3).contact_pressure_days, 3);
    /// ```
    #[must_use]
    pub fn with_contact_pressure_days(mut self, days: u32) -> Policy {
        self.contact_pressure_days = days;
        self
    }

    /// Builder: waive the accessories still open once the principal is paid
    /// ([`Policy::waive_accessories_on_principal_paid`]).
    ///
    /// # Example
    /// ```
    /// assert!(relance::Policy::default().waiving_accessories_on_principal_paid()
    ///     .waive_accessories_on_principal_paid);
    /// ```
    #[must_use]
    pub fn waiving_accessories_on_principal_paid(mut self) -> Policy {
        self.waive_accessories_on_principal_paid = true;
        self
    }

    /// Builder: compute late-payment penalties on notices with these rate tables.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::penalties::RateTables;
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter])])]).unwrap();
    /// let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// customer.contacts.postal_address = Some(vec!["1 rue de la Paix".into(), "75002 Paris".into()]);
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2024-01-01"),
    ///     "1000.00".parse().unwrap(), d("2024-01-31"));
    /// let portfolio = vec![CustomerAccounts { customer, accounts: vec![Account::open(inv).unwrap()] }];
    /// let policy = Policy::default().with_rates(RateTables::builtin());
    /// let p = Dunning::new(book, policy).unwrap().plan(d("2024-03-01"), &portfolio);
    /// let Action::Notice(n) = &p.actions[0] else { panic!() };
    /// assert_eq!(n.interest.to_string(), "11.92 EUR");          // 30 days at 14.50 %
    /// assert_eq!(n.fixed_compensation.to_string(), "40.00 EUR"); // L441-10, D441-5
    /// assert_eq!(n.total_claimable.to_string(), "1051.92 EUR");
    /// ```
    #[must_use]
    pub fn with_rates(mut self, rates: RateTables) -> Policy {
        self.rates = Some(rates);
        self
    }

    /// Builder: the calendar of a country (replaces the built-in one).
    ///
    /// # Example
    /// ```
    /// use relance::{Policy, Country, calendar::{BusinessCalendar, HolidaySet}};
    /// let p = Policy::default().with_calendar(Country::FR, BusinessCalendar::new(HolidaySet::France));
    /// assert_eq!(p.calendars.len(), 1);
    /// ```
    #[must_use]
    pub fn with_calendar(mut self, country: Country, calendar: BusinessCalendar) -> Policy {
        self.calendars.insert(country, calendar);
        self
    }

    /// Builder: the sending windows.
    ///
    /// # Example
    /// ```
    /// use relance::{Policy, SendingWindows};
    /// let p = Policy::default().with_sending_windows(SendingWindows::default());
    /// assert_eq!(p.sending_windows, SendingWindows::default());
    /// ```
    #[must_use]
    pub fn with_sending_windows(mut self, windows: SendingWindows) -> Policy {
        self.sending_windows = windows;
        self
    }

    /// The business-day calendar of `country`: the host's entry, else the built-in one,
    /// else weekends only.
    ///
    /// # Example
    /// ```
    /// use relance::{Policy, Country, calendar::HolidaySet};
    /// let p = Policy::default();
    /// assert_eq!(p.calendar_for(Country::DE).holiday_set(), HolidaySet::Germany);
    /// assert_eq!(p.calendar_for("IT".parse().unwrap()).holiday_set(), HolidaySet::WeekendsOnly);
    /// ```
    pub fn calendar_for(&self, country: Country) -> BusinessCalendar {
        match self.calendars.get(&country) {
            Some(c) => c.clone(),
            None => BusinessCalendar::for_country(country)
                .unwrap_or_else(|_| BusinessCalendar::new(HolidaySet::WeekendsOnly)),
        }
    }

    /// The deadline rule for "within `days` days" under this policy.
    ///
    /// # Example
    /// ```
    /// use relance::{Policy, calendar::DeadlineRule};
    /// assert_eq!(Policy::default().deadline_rule(8), DeadlineRule::calendar_days(8));
    /// ```
    pub fn deadline_rule(&self, days: u32) -> DeadlineRule {
        let rule = match self.deadline_counting {
            DayCounting::Calendar => DeadlineRule::calendar_days(days),
            DayCounting::Business => DeadlineRule::business_days(days),
        };
        if self.extend_deadline_to_business_day {
            rule
        } else {
            rule.without_extension()
        }
    }

    /// True while the customer's contact-pressure window runs on `as_of`: its last notice
    /// (see [`last_notice_date`]) is less than [`Policy::contact_pressure_days`] days old.
    ///
    /// # Example
    /// ```
    /// let p = relance::Policy::default();
    /// assert!(!p.contact_pressure_applies("2025-03-10".parse().unwrap(), &[]));
    /// ```
    pub fn contact_pressure_applies(&self, as_of: NaiveDate, accounts: &[Account]) -> bool {
        if self.contact_pressure_days == 0 {
            return false;
        }
        match last_notice_date(accounts) {
            Some(last) => {
                let elapsed = as_of.signed_duration_since(last).num_days();
                elapsed < i64::from(self.contact_pressure_days)
            }
            None => false,
        }
    }

    /// Why an invoice must not be escalated now, if its current step failed for good on a
    /// channel and the policy holds escalation (see the module docs).
    ///
    /// # Example
    /// ```
    /// use relance::{Account, Currency, Invoice, Policy};
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR,
    ///     "2025-01-01".parse().unwrap(), "10".parse().unwrap(), "2025-01-31".parse().unwrap())).unwrap();
    /// assert_eq!(Policy::default().escalation_blocked(&acc), None);
    /// ```
    pub fn escalation_blocked(&self, account: &Account) -> Option<String> {
        if !self.hold_escalation_on_failed_delivery {
            return None;
        }
        let delivery = StepDelivery::of(account)?;
        let failed = delivery.failed();
        if failed.is_empty() {
            return None;
        }
        let names: Vec<&str> = failed.iter().map(|c| c.as_str()).collect();
        Some(format!(
            "step {} ({}) was not delivered on {}: not escalating until that channel is \
             delivered (re-send and record a notice_delivered event for it)",
            delivery.step,
            delivery.step_name,
            names.join(", ")
        ))
    }

    /// The deadline a notice gives the customer for a step, issued on `as_of` on
    /// `channels`: the step's [`response_days`](crate::Step::response_days) counted by the
    /// policy in the customer's calendar, lengthened to the legal minimum period when
    /// [`Policy::legal_minimum_periods`] is set. `None` when neither applies.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let ladder = Ladder::new("l", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("formal", Stage::FormalNotice, 30, &[Channel::RegisteredLetter])]);
    /// let c = Customer::new("C", "C", CustomerKind::Business, Country::FR, Language::Fr, Zone::EUROPE_PARIS);
    /// let p = Policy::default();
    /// let on = "2025-03-07".parse().unwrap(); // a Friday
    /// assert_eq!(p.response_deadline(on, &c, &ladder, 0, &[Channel::Email]), None);
    /// // 8 calendar days: Saturday 15 March, extended to Monday 17 March.
    /// assert_eq!(p.response_deadline(on, &c, &ladder, 1, &[Channel::RegisteredLetter]),
    ///     Some("2025-03-17".parse().unwrap()));
    /// ```
    pub fn response_deadline(
        &self,
        as_of: NaiveDate,
        customer: &Customer,
        ladder: &Ladder,
        step: usize,
        channels: &[Channel],
    ) -> Option<NaiveDate> {
        let s = ladder.step(step)?;
        let first = legal_periods::first_overdue_reminder(ladder, step);
        let period = if self.legal_minimum_periods {
            legal_periods::minimum_period_for(customer, s.stage, first)
        } else {
            None
        };
        let days = s.response_days();
        if days.is_none() && period.is_none() {
            // Most steps: no deadline, and no calendar to build.
            return None;
        }
        let calendar = self.calendar_for(customer.country);
        // With calendar days and no extension this is `as_of + days`, as before.
        let from_step = days.and_then(|days| {
            calendar
                .deadline(as_of, &self.deadline_rule(days))
                .ok()
                .or_else(|| crate::account::shift(as_of, i64::from(days)))
        });
        let minimum = period.and_then(|period| {
            channels
                .iter()
                .filter_map(|c| period.last_day(as_of, *c, &calendar))
                .max()
                // A legal period ending on a non-business day moves like any other deadline
                // (only ever later, so the debtor never gets less than the law gives).
                .map(|d| {
                    if self.extend_deadline_to_business_day {
                        calendar.next_business_day(d).unwrap_or(d)
                    } else {
                        d
                    }
                })
        });
        match (from_step, minimum) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The date of the customer's last notice: the latest `StepReached` recorded on any of
/// `accounts` (from their history, so a step list cleared by an upheld dispute still
/// counts).
///
/// # Example
/// ```
/// assert_eq!(relance::last_notice_date(&[]), None);
/// ```
pub fn last_notice_date(accounts: &[Account]) -> Option<NaiveDate> {
    accounts
        .iter()
        .flat_map(|a| a.history())
        .filter(|e| matches!(e.kind, EventKind::StepReached { .. }))
        .map(|e| e.on)
        .max()
}
