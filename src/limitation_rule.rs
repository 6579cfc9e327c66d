//! Limitation rules: how long a creditor may bring a claim to court, by country and kind
//! of debtor, and the date arithmetic of each. The periods of one invoice (restarts,
//! suspensions, the last day) are [`Limitation`](crate::Limitation)'s; the rule for a
//! customer is [`LimitationRule::for_debtor`] or the customer's own
//! (`Customer::limitation`).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A limitation rule: the period and how it counts (see the module table).
///
/// # Example
/// ```
/// use relance::{Country, CustomerKind, LimitationRule};
/// assert_eq!(LimitationRule::for_debtor(Country::FR, CustomerKind::Business),
///     Some(LimitationRule::FrTraders));
/// assert_eq!(LimitationRule::FrTraders.years(), 5);
/// assert_eq!(serde_json::to_string(&LimitationRule::DeRegular).unwrap(), "\"de-regular\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LimitationRule {
    /// France, between traders and against non-consumers: 5 years (Code de commerce L110-4).
    FrTraders,
    /// France, a professional against a consumer: 2 years (Code de la consommation L218-2).
    FrConsumer,
    /// France, against the State, local authorities and public bodies: 4 years from
    /// 1 January after the year the right arose (loi n° 68-1250, art. 1).
    FrPublic,
    /// Germany: 3 years from the end of the year the claim arose (BGB 195, 199(1)).
    DeRegular,
    /// England and Wales: 6 years for a contract debt (Limitation Act 1980 s.5).
    UkContract,
    /// Belgium: 10 years for personal actions (Code civil art. 2262bis §1).
    BeCommonLaw,
    /// Belgium: 1 year for goods sold by traders to non-traders (Code civil art. 2272
    /// al. 2), the default for consumers as the shorter, safer one; a host selling
    /// services sets `be-common-law` on the customer.
    BeConsumerSupplies,
}

/// What a court step does to the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CourtEffect {
    /// Suspended until `months` after the proceedings end; the suspended time is not
    /// counted (BGB 204(2), 209).
    Suspends { months: u32 },
    /// Interrupted: a new full period from the end of the proceedings.
    Interrupts,
}

impl LimitationRule {
    /// The length of the period in years.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::LimitationRule::UkContract.years(), 6);
    /// ```
    pub fn years(self) -> u32 {
        match self {
            LimitationRule::FrTraders => 5,
            LimitationRule::FrConsumer => 2,
            LimitationRule::FrPublic => 4,
            LimitationRule::DeRegular => 3,
            LimitationRule::UkContract => 6,
            LimitationRule::BeCommonLaw => 10,
            LimitationRule::BeConsumerSupplies => 1,
        }
    }

    /// The statute.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::LimitationRule::DeRegular.source(), "BGB §§ 195, 199 Abs. 1");
    /// ```
    pub fn source(self) -> &'static str {
        match self {
            LimitationRule::FrTraders => "Code de commerce, art. L110-4",
            LimitationRule::FrConsumer => "Code de la consommation, art. L218-2",
            LimitationRule::FrPublic => "Loi n° 68-1250 du 31 décembre 1968, art. 1",
            LimitationRule::DeRegular => "BGB §§ 195, 199 Abs. 1",
            LimitationRule::UkContract => "Limitation Act 1980, s.5",
            LimitationRule::BeCommonLaw => "Code civil, art. 2262bis, §1",
            LimitationRule::BeConsumerSupplies => "Code civil, art. 2272, al. 2",
        }
    }

    pub(crate) fn court_effect(self) -> CourtEffect {
        match self {
            LimitationRule::DeRegular => CourtEffect::Suspends { months: 6 },
            _ => CourtEffect::Interrupts,
        }
    }

    /// Whether a fact that is an acknowledgment only in some laws counts under this rule:
    /// England requires a signed writing (s.30(1)), so an oral promise or plan does not.
    pub(crate) fn informal_acknowledgment_counts(self) -> bool {
        self != LimitationRule::UkContract
    }

    /// The last day of the first period for a claim due on `due`.
    ///
    /// # Example
    /// ```
    /// use relance::LimitationRule;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// // BGB 199(1): due in June 2021, time-barred after 31 December 2024.
    /// assert_eq!(LimitationRule::DeRegular.last_day_from_due(d("2021-06-30")), Some(d("2024-12-31")));
    /// assert_eq!(LimitationRule::FrTraders.last_day_from_due(d("2020-03-15")), Some(d("2025-03-15")));
    /// ```
    pub fn last_day_from_due(self, due: NaiveDate) -> Option<NaiveDate> {
        match self {
            LimitationRule::DeRegular => end_of_year(due.year().checked_add(3)?),
            LimitationRule::FrPublic => end_of_year(due.year().checked_add(4)?),
            _ => add_years(due, self.years()),
        }
    }

    /// The last day of the new period after an interruption on `on` (an acknowledgment,
    /// the end of proceedings): `on` plus the period (BGB 212: without the end-of-year
    /// rule; French public bodies: from 1 January of the following year).
    ///
    /// # Example
    /// ```
    /// use relance::LimitationRule;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// assert_eq!(LimitationRule::DeRegular.last_day_from_restart(d("2023-05-10")), Some(d("2026-05-10")));
    /// assert_eq!(LimitationRule::FrPublic.last_day_from_restart(d("2023-05-10")), Some(d("2027-12-31")));
    /// ```
    pub fn last_day_from_restart(self, on: NaiveDate) -> Option<NaiveDate> {
        match self {
            LimitationRule::FrPublic => end_of_year(on.year().checked_add(4)?),
            _ => add_years(on, self.years()),
        }
    }
}

fn end_of_year(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

fn add_years(d: NaiveDate, years: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(years.checked_mul(12)?))
}
