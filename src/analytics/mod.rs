//! Receivables analytics: ageing, DSO, CEI, effectiveness of each ladder step and channel,
//! and outcomes, read from the accounts' histories in one pass, as of any date.
//!
//! [`compute`] reads every account of a portfolio once, keeps only the events dated on or
//! before the as-of date (in the order recorded), and replays their money with the
//! account's own rules (the claim ledger: payments imputed, credit notes, reversals). It
//! never adds amounts of different currencies: money indicators are per currency
//! ([`CurrencyKpis`]), counts and rates are over invoices or notices.
//!
//! # Definitions
//! With `t` the as-of date and `P` the period in days ([`Settings::period_days`], 90 by
//! default), the period being the `P` days ending on `t`, `(t - P, t]`:
//! - **Receivables** `R(d)`: the principal still open at the end of day `d` on the
//!   invoices issued on or before `d` (invoice total less what payments and credit notes
//!   paid of the principal, by the imputation rule of the claim); fees, interest and
//!   compensation are not credit sales and are left out; a written-off invoice leaves the
//!   receivables on the day it is written off.
//! - **Current receivables** `C(d)`: the part of `R(d)` on instalments not yet past due
//!   (due on or after `d`); what was received pays the oldest instalments first.
//! - **Credit sales** `S`: the totals of the invoices issued in the period.
//! - **Ageing**: `R(t)` by days past due of each instalment, `t - due date`: not due
//!   (0 or less), 1-30, 31-60, 61-90, over 90 ([`Settings::ageing_bounds`]); for the
//!   whole portfolio and for each customer.
//! - **Standard DSO** = `R(t) / S x P`.
//! - **Countback DSO**: walking back calendar months from `t` (the month of `t` counting
//!   its days up to `t`), each month's credit sales are consumed until `R(t)` is used up;
//!   the DSO is the number of days of the months consumed whole plus, for the last month,
//!   `what was left / its sales x its days`.
//! - **Best possible DSO** = `C(t) / S x P`.
//! - **Average days delinquent** (ADD) = countback DSO - best possible DSO.
//! - **CEI** (collection effectiveness index) = `(R(t - P) + S - R(t)) / (R(t - P) + S -
//!   C(t))`, as a fraction (the usual percentage is this x 100).
//! - **Notices** ([`StepKpis`]): one per idempotency key delivered (a
//!   [`NoticeDelivered`](crate::EventKind::NoticeDelivered) event; a notice covering
//!   several invoices counts once), attributed to the ladder step the invoice last reached
//!   before it (named as the customer's ladder names that step, or as recorded when the
//!   ladder has no such step), its channel, and the ladder the book gives the customer.
//!   - **response rate**: share of notices followed within [`Settings::response_days`]
//!     (14) days by a payment, a promise to pay, a payment plan or a dispute on an invoice
//!     they covered;
//!   - **paid within N days**: share of notices after which every invoice they covered
//!     had its principal cleared (paid or credited) within N days (14, 30 and
//!     [`Settings::window_days`]);
//!   - **median days to payment**: median, over the notices whose invoices were all
//!     cleared by `t`, of the days from the notice to the last clearing;
//!   - **recovered within N days**: what payments (less reversals) brought on the covered
//!     invoices in the N days after the notice, in total and per notice, per currency.
//!
//!   A rate over a window counts only the notices whose window ended by `t` (a notice
//!   sent yesterday has not had 14 days to be answered). A payment after two notices
//!   (an e-mail and a letter) counts for both.
//! - **Outcomes** ([`Outcomes`]): of the invoices closed by `t` (nothing owed any more, or
//!   written off) that received at least one notice, the **amicable conversion rate** is
//!   the share settled (by payment or credit) without ever reaching a formal-notice or
//!   judicial step or a hand-over, and the **pre-judicial conversion rate** the share
//!   settled without reaching a judicial step or a hand-over; the **promise-kept rate**
//!   is kept promises over kept and broken ones (a promise is kept when recorded so or
//!   when the invoice is settled by its date, broken when recorded so or when its date
//!   passed before `t`); the **dispute rate** is the share of the invoices issued by `t`
//!   that were disputed, with the median days from a dispute to its resolution; the
//!   **write-off rate** is written-off over closed invoices.
//!
//! Rates are fractions between 0 and 1 with four decimals, days have two decimals, both
//! rounded half away from zero ([`Rounding::HalfUp`](crate::Rounding::HalfUp)); amounts
//! per notice are rounded the same way to the currency's minor unit. A figure whose
//! denominator is zero is `None`.
//!
//! # Example
//! ```
//! use relance::*;
//! use relance::analytics::{Settings, compute};
//! use rust_decimal_macros::dec;
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! let book = LadderBook::new(vec![Ladder::new("std", vec![
//!     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
//! let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
//!     Language::Fr, Zone::EUROPE_PARIS);
//! // 1 000.00 issued on 1 March, due 31 March; 400.00 paid on 10 April.
//! let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
//!     d("2025-03-01"), dec!(1000.00), d("2025-03-31"))).unwrap();
//! acc.apply(&Event::new(&"I-1".into(), d("2025-04-10"),
//!     EventKind::Payment { amount: dec!(400.00) })).unwrap();
//! let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
//! let kpis = compute(d("2025-04-30"), &book, &portfolio, &Settings::default()).unwrap();
//! let eur = &kpis.currencies[0];
//! // 600.00 open, 30 days past due; sold 1 000.00 over the 90 days: 600 / 1000 x 90 = 54.
//! assert_eq!(eur.ageing.amount("1-30"), Some(dec!(600.00)));
//! assert_eq!(eur.dso_standard, Some(dec!(54.00)));
//! ```

mod measures;
mod scan;

use crate::ids::{CustomerId, LadderId};
use crate::ladder::{Channel, LadderBook, Stage};
use crate::money::{Currency, Money, MoneyError};
use crate::plan::CustomerAccounts;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// Longest period and ageing bound accepted, in days (100 years).
///
/// ```
/// assert_eq!(relance::analytics::MAX_DAYS, 36_600);
/// ```
pub const MAX_DAYS: u32 = 36_600;
/// Most ageing bounds accepted.
///
/// ```
/// assert_eq!(relance::analytics::MAX_AGEING_BOUNDS, 24);
/// ```
pub const MAX_AGEING_BOUNDS: usize = 24;

/// What the indicators are computed over.
///
/// # Example
/// ```
/// use relance::analytics::Settings;
/// let s: Settings = serde_json::from_str(r#"{"period_days": 30}"#).unwrap();
/// assert_eq!((s.period_days, s.ageing_bounds.as_slice()), (30, &[30, 60, 90][..]));
/// assert!(s.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The period P of the DSO and the CEI, in days, ending on the as-of date (90).
    pub period_days: u32,
    /// Upper bounds of the ageing buckets past due, increasing (`[30, 60, 90]`: 1-30,
    /// 31-60, 61-90, over 90).
    pub ageing_bounds: Vec<u32>,
    /// Days after a notice within which a payment, promise or dispute is a response (14).
    pub response_days: u32,
    /// A further window for payment and recovery rates, in days (60).
    pub window_days: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            period_days: 90,
            ageing_bounds: vec![30, 60, 90],
            response_days: 14,
            window_days: 60,
        }
    }
}

impl Settings {
    /// Checks the settings: a period and windows of 1 to [`MAX_DAYS`] days, at most
    /// [`MAX_AGEING_BOUNDS`] ageing bounds, positive and increasing.
    ///
    /// # Errors
    /// [`AnalyticsError::Setting`] naming the value.
    ///
    /// # Example
    /// ```
    /// use relance::analytics::Settings;
    /// let s = Settings { ageing_bounds: vec![60, 30], ..Settings::default() };
    /// assert_eq!(s.validate().unwrap_err().to_string(),
    ///     "analytics setting ageing_bounds: 30 must be above the previous bound");
    /// ```
    pub fn validate(&self) -> Result<(), AnalyticsError> {
        let bad = |field: &'static str, problem: String| AnalyticsError::Setting { field, problem };
        for (field, v) in [
            ("period_days", self.period_days),
            ("response_days", self.response_days),
            ("window_days", self.window_days),
        ] {
            if v == 0 || v > MAX_DAYS {
                return Err(bad(field, format!("{v} must be 1 to {MAX_DAYS} days")));
            }
        }
        if self.ageing_bounds.len() > MAX_AGEING_BOUNDS {
            return Err(bad(
                "ageing_bounds",
                format!(
                    "{} bounds exceed {MAX_AGEING_BOUNDS}",
                    self.ageing_bounds.len()
                ),
            ));
        }
        let mut previous = 0;
        for &b in &self.ageing_bounds {
            if b <= previous || b > MAX_DAYS {
                return Err(bad(
                    "ageing_bounds",
                    format!("{b} must be above the previous bound"),
                ));
            }
            previous = b;
        }
        Ok(())
    }
}

/// Why the indicators could not be computed.
///
/// # Example
/// ```
/// use relance::analytics::{AnalyticsError, Settings};
/// let s = Settings { response_days: 0, ..Settings::default() };
/// assert!(matches!(s.validate(), Err(AnalyticsError::Setting { field: "response_days", .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyticsError {
    /// A setting is out of range.
    #[error("analytics setting {field}: {problem}")]
    Setting {
        /// The setting.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A sum overflowed.
    #[error("analytics: {0}")]
    Money(#[from] MoneyError),
    /// The as-of date minus the period, or a month around it, is outside the calendar.
    #[error("analytics: dates around {date} are out of range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
}

/// Open principal by days past due: "not_due", then one bucket per bound ("1-30",
/// "31-60", "61-90") and the last ("over_90"). Serialises as a map from label to amount.
///
/// # Example
/// ```
/// use relance::analytics::Ageing;
/// let a = Ageing::new(&[30, 60, 90]);
/// assert_eq!(a.labels(), ["not_due", "1-30", "31-60", "61-90", "over_90"]);
/// assert_eq!(a.amount("over_90"), Some(rust_decimal::Decimal::ZERO));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Ageing {
    /// The bucket bounds.
    pub bounds: Vec<u32>,
    /// The amount of each bucket, not due first (`bounds.len() + 2` of them).
    pub amounts: Vec<Decimal>,
}

impl Ageing {
    /// Empty buckets for `bounds` (see [`Settings::ageing_bounds`]).
    ///
    /// # Example
    /// ```
    /// let a = relance::analytics::Ageing::new(&[45]);
    /// assert_eq!(a.labels(), ["not_due", "1-45", "over_45"]);
    /// ```
    pub fn new(bounds: &[u32]) -> Ageing {
        Ageing {
            bounds: bounds.to_vec(),
            amounts: vec![Decimal::ZERO; bounds.len().saturating_add(2)],
        }
    }

    /// The labels of the buckets, in order.
    ///
    /// # Example
    /// ```
    /// let a = relance::analytics::Ageing::new(&[]);
    /// assert_eq!(a.labels(), ["not_due", "over_0"]);
    /// ```
    pub fn labels(&self) -> Vec<String> {
        let mut out = vec!["not_due".to_string()];
        let mut low = 1u32;
        for b in &self.bounds {
            out.push(format!("{low}-{b}"));
            low = b.saturating_add(1);
        }
        out.push(format!("over_{}", self.bounds.last().copied().unwrap_or(0)));
        out
    }

    /// The amount of the bucket labelled `label`.
    ///
    /// # Example
    /// ```
    /// let a = relance::analytics::Ageing::new(&[30]);
    /// assert!(a.amount("1-30").is_some() && a.amount("31-60").is_none());
    /// ```
    pub fn amount(&self, label: &str) -> Option<Decimal> {
        let i = self.labels().iter().position(|l| l == label)?;
        self.amounts.get(i).copied()
    }

    /// The bucket of an instalment `days_past_due` days past due.
    fn bucket(&self, days_past_due: i64) -> usize {
        if days_past_due <= 0 {
            return 0;
        }
        let within = self
            .bounds
            .iter()
            .position(|b| days_past_due <= i64::from(*b));
        within.unwrap_or(self.bounds.len()).saturating_add(1)
    }

    /// Adds `amount` to the bucket of `days_past_due`.
    fn add(&mut self, days_past_due: i64, amount: Decimal) -> Result<(), MoneyError> {
        let i = self.bucket(days_past_due);
        if let Some(slot) = self.amounts.get_mut(i) {
            *slot = crate::money::checked_add(*slot, amount)?;
        }
        Ok(())
    }
}

impl Serialize for Ageing {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let labels = self.labels();
        let mut map = s.serialize_map(Some(labels.len()))?;
        for (label, amount) in labels.iter().zip(&self.amounts) {
            map.serialize_entry(label, amount)?;
        }
        map.end()
    }
}

/// The money indicators of one currency.
///
/// # Example
/// ```
/// let k = relance::analytics::compute("2025-06-30".parse().unwrap(),
///     &relance::LadderBook::new(vec![]).unwrap(), &[], &Default::default()).unwrap();
/// // No invoice, no currency: nothing is reported as zero that was never there.
/// assert!(k.currencies.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrencyKpis {
    /// The currency.
    pub currency: Currency,
    /// Open principal by days past due.
    pub ageing: Ageing,
    /// `R(t)`: open principal on the as-of date.
    pub receivables: Decimal,
    /// `C(t)`: the part not yet past due.
    pub current_receivables: Decimal,
    /// `R(t - P)`: open principal at the start of the period.
    pub opening_receivables: Decimal,
    /// `S`: invoiced over the period.
    pub credit_sales: Decimal,
    /// `R(t) / S x P`, days.
    pub dso_standard: Option<Decimal>,
    /// Countback DSO, days.
    pub dso_countback: Option<Decimal>,
    /// `C(t) / S x P`, days.
    pub best_possible_dso: Option<Decimal>,
    /// Countback DSO - best possible DSO, days.
    pub average_days_delinquent: Option<Decimal>,
    /// Collection effectiveness index, a fraction.
    pub cei: Option<Decimal>,
}

/// The ageing of one customer in one currency.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// // Paid: the customer owes nothing, so it has no ageing line.
/// assert!(kpis.customers.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerAgeing {
    /// The customer.
    pub customer: CustomerId,
    /// The currency.
    pub currency: Currency,
    /// Its open principal by days past due.
    pub ageing: Ageing,
}

/// A payment rate and what was recovered over a window after the notices.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// let w = &kpis.steps[0].within_14_days;
/// // Paid 4 days after the reminder: within 14 days, 100.00 recovered by one notice.
/// assert_eq!((w.notices, w.paid_rate.map(|r| r.to_string())), (1, Some("1.0000".into())));
/// assert_eq!(w.recovered_per_notice[0].to_string(), "100.00 EUR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Its length in days.
    pub days: u32,
    /// Notices whose window ended by the as-of date.
    pub notices: u64,
    /// Share of those whose invoices were all cleared within the window.
    pub paid_rate: Option<Decimal>,
    /// What payments (less reversals) brought within the window, per currency.
    pub recovered: Vec<Money>,
    /// The same per notice, rounded to the currency's minor unit.
    pub recovered_per_notice: Vec<Money>,
}

/// The effectiveness of one ladder step on one channel.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// let s = &kpis.steps[0];
/// assert_eq!((s.name.as_str(), s.channel, s.notices), ("reminder", Channel::Email, 1));
/// assert_eq!(s.median_days_to_payment.map(|d| d.to_string()), Some("4.00".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepKpis {
    /// The customer's ladder (`None` when the book gives it none).
    pub ladder: Option<LadderId>,
    /// The step's position.
    pub step: usize,
    /// The step's name, as recorded.
    pub name: String,
    /// Its stage.
    pub stage: Stage,
    /// The channel.
    pub channel: Channel,
    /// Notices delivered.
    pub notices: u64,
    /// Share answered within the response window.
    pub response_rate: Option<Decimal>,
    /// Median days from a notice to the clearing of its invoices.
    pub median_days_to_payment: Option<Decimal>,
    /// 14 days.
    pub within_14_days: Window,
    /// 30 days.
    pub within_30_days: Window,
    /// [`Settings::window_days`].
    pub within_window: Window,
}

/// Cases per stage: the funnel.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// assert_eq!((kpis.funnel.invoices, kpis.funnel.dunned, kpis.funnel.formal_notice), (1, 1, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Funnel {
    /// Invoices issued by the as-of date.
    pub invoices: u64,
    /// Invoices that reached a step, whatever its stage.
    pub dunned: u64,
    /// Invoices that reached a formal-notice or judicial step.
    pub formal_notice: u64,
    /// Invoices that reached a judicial step or were handed over.
    pub judicial: u64,
}

/// What became of the invoices.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// // Closed after a reminder, without a formal notice: converted amicably.
/// let o = &kpis.outcomes;
/// assert_eq!((o.closed, o.closed_after_notice, o.settled_amicably), (1, 1, 1));
/// assert_eq!(o.amicable_conversion_rate.map(|r| r.to_string()), Some("1.0000".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Outcomes {
    /// Invoices issued by the as-of date.
    pub invoices: u64,
    /// Closed (settled or written off) by the as-of date.
    pub closed: u64,
    /// Closed after at least one notice.
    pub closed_after_notice: u64,
    /// Of those, settled with no formal-notice or judicial step nor hand-over.
    pub settled_amicably: u64,
    /// Of those, settled with no judicial step nor hand-over.
    pub settled_before_judicial: u64,
    /// `settled_amicably / closed_after_notice`.
    pub amicable_conversion_rate: Option<Decimal>,
    /// `settled_before_judicial / closed_after_notice`.
    pub pre_judicial_conversion_rate: Option<Decimal>,
    /// Promises kept.
    pub promises_kept: u64,
    /// Promises broken.
    pub promises_broken: u64,
    /// `kept / (kept + broken)`.
    pub promise_kept_rate: Option<Decimal>,
    /// Invoices disputed.
    pub disputed: u64,
    /// `disputed / invoices`.
    pub dispute_rate: Option<Decimal>,
    /// Disputes resolved.
    pub disputes_resolved: u64,
    /// Median days from a dispute to its resolution.
    pub median_dispute_resolution_days: Option<Decimal>,
    /// Invoices written off.
    pub written_off: u64,
    /// `written_off / closed`.
    pub write_off_rate: Option<Decimal>,
}

/// Every indicator, as of a date.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::analytics::{Settings, compute};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let book = LadderBook::new(vec![Ladder::new("std", vec![
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// // 100.00 issued 1 March, due 31 March: a reminder e-mailed 7 April, paid 11 April.
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-03-01"), "100.00".parse().unwrap(), d("2025-03-31"))).unwrap();
/// for (on, kind) in [
///     ("2025-04-07", EventKind::StepReached { step: 0, name: "reminder".into(),
///         stage: Stage::Amicable, due_on: d("2025-04-07"), fee: None, deadline: None }),
///     ("2025-04-07", EventKind::NoticeDelivered { key: "k1".into(),
///         channel: Channel::Email, receipt: "m-1".into() }),
///     ("2025-04-11", EventKind::Payment { amount: "100.00".parse().unwrap() }),
/// ] {
///     acc.apply(&Event::new(&"I-1".into(), d(on), kind)).unwrap();
/// }
/// let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
/// let kpis = compute(d("2025-06-30"), &book, &portfolio, &Settings::default()).unwrap();
/// assert_eq!(kpis.as_of.to_string(), "2025-06-30");
/// let json = serde_json::to_value(&kpis).unwrap();
/// assert_eq!(json["currencies"][0]["currency"], "EUR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kpis {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The period P, in days.
    pub period_days: u32,
    /// The money indicators, one entry per currency, by currency code.
    pub currencies: Vec<CurrencyKpis>,
    /// The ageing of each customer with open principal, by customer then currency.
    pub customers: Vec<CustomerAgeing>,
    /// The effectiveness of each step and channel, by ladder, step and channel.
    pub steps: Vec<StepKpis>,
    /// Cases per stage.
    pub funnel: Funnel,
    /// Conversions, promises, disputes, write-offs.
    pub outcomes: Outcomes,
}

/// Computes every indicator as of `as_of` (see the [module docs](self) for the
/// definitions): one pass over each account's history, then per-notice and per-currency
/// totals. The ladder of each customer comes from `book`.
///
/// # Errors
/// [`AnalyticsError::Setting`] for invalid settings, [`AnalyticsError::Money`] if a sum
/// overflows, [`AnalyticsError::DateOutOfRange`] for an as-of date at the edge of the
/// calendar.
///
/// # Example
/// ```
/// use relance::analytics::{Settings, compute};
/// let book = relance::LadderBook::new(vec![]).unwrap();
/// let kpis = compute("2025-04-30".parse().unwrap(), &book, &[], &Settings::default()).unwrap();
/// assert!(kpis.currencies.is_empty() && kpis.steps.is_empty());
/// assert_eq!(kpis.outcomes.dispute_rate, None);
/// ```
pub fn compute<'a>(
    as_of: NaiveDate,
    book: &'a LadderBook,
    portfolio: impl IntoIterator<Item = &'a CustomerAccounts>,
    settings: &Settings,
) -> Result<Kpis, AnalyticsError> {
    settings.validate()?;
    let mut scan = scan::Scan::new(as_of, settings)?;
    for ca in portfolio {
        let ladder = book.ladder_for(&ca.customer).ok();
        scan.customer(ca, ladder)?;
    }
    scan.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn bucket_edges_fall_in_the_lower_bucket() {
        // Due today: not due; 1 and 30 days: 1-30; 31: 31-60; 90: 61-90; 91: over 90.
        let mut a = Ageing::new(&[30, 60, 90]);
        for (days, amount) in [
            (-5, dec!(1)),
            (0, dec!(2)),
            (1, dec!(4)),
            (30, dec!(8)),
            (31, dec!(16)),
            (90, dec!(32)),
            (91, dec!(64)),
        ] {
            a.add(days, amount).unwrap();
        }
        assert_eq!(a.amounts, [dec!(3), dec!(12), dec!(16), dec!(32), dec!(64)]);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"not_due":"3","1-30":"12","31-60":"16","61-90":"32","over_90":"64"}"#
        );
    }

    #[test]
    fn settings_are_checked() {
        assert!(Settings::default().validate().is_ok());
        for bad in [
            Settings {
                window_days: MAX_DAYS + 1,
                ..Settings::default()
            },
            Settings {
                ageing_bounds: vec![0],
                ..Settings::default()
            },
            Settings {
                ageing_bounds: (1..=25).collect(),
                ..Settings::default()
            },
        ] {
            assert!(matches!(
                bad.validate(),
                Err(AnalyticsError::Setting { .. })
            ));
        }
    }
}
