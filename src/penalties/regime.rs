//! [`Regime`]: which law sets the rate, the start of interest, floors, ceilings and fixed
//! sums. The names and what follows from the name alone; the rates a regime reads from the
//! tables are in `statutory_rate`.

use crate::money::Currency;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A late-payment regime. Serialised as its kebab-case name (`"fr-b2b"`, ...).
///
/// | name | rate | fixed sum | source |
/// |---|---|---|---|
/// | `fr-b2b` | ECB MRO + 10, by half-year | EUR 40 | Code de commerce L441-10, D441-5 |
/// | `fr-public` | ECB MRO on the first day of the half-year interest starts in + 8, one rate | EUR 40 | Code de la commande publique L2192-13, R2192-31, D2192-35 |
/// | `fr-legal-private` | legal rate, private creditor | none | Code civil 1231-6 |
/// | `fr-legal-other` | legal rate, other cases | none | Code civil 1231-6 |
/// | `eu-directive` | ECB MRO + 8, by half-year | EUR 40 | Directive 2011/7/EU arts 2, 6 |
/// | `de-b2b` | Basiszinssatz + 9 (+ 8 for obligations before 29 July 2014), by half-year | EUR 40 (none before 29 July 2014) | BGB 288(2), 288(5), 247; EGBGB Art. 229 § 34 |
/// | `de-consumer` | Basiszinssatz + 5, by half-year | none | BGB 288(1), 247 |
/// | `be-b2b` | 2002-law rate, by half-year | EUR 40 | law of 2 August 2002 arts 5, 6 |
/// | `be-consumer` | contract rate (default: the ceiling), at most the 2002-law rate | contract fees, capped | CDE Book XIX |
/// | `uk-b2b` | BoE reference + 8, fixed at the start | GBP 40 / 70 / 100 | Late Payment Act 1998 s.5A; SI 2002/1675 |
/// | `contractual` | the contract's annual rate | contract fees | the contract |
///
/// # Example
/// ```
/// use relance::penalties::Regime;
/// let r: Regime = "be-consumer".parse().unwrap();
/// assert_eq!(r, Regime::BeConsumer);
/// assert_eq!(serde_json::to_string(&Regime::UkB2b).unwrap(), "\"uk-b2b\"");
/// assert!("fr_b2b".parse::<Regime>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Regime {
    /// France, between businesses (Code de commerce L441-10).
    FrB2b,
    /// France, a public-sector buyer (pouvoir adjudicateur) paying late under a public
    /// contract: Code de la commande publique L2192-13, R2192-31 (ECB rate in force on
    /// the first day of the half-year in which interest starts, + 8 points, for the whole
    /// delay) and D2192-35 (EUR 40). Public buyers are not under L441-10.
    FrPublic,
    /// France, legal interest when the creditor is a private person (Code civil 1231-6).
    FrLegalPrivate,
    /// France, legal interest in all other cases (Code civil 1231-6).
    FrLegalOther,
    /// The Late Payment Directive 2011/7/EU minimum.
    EuDirective,
    /// Germany, no consumer involved (BGB 288(2)).
    DeB2b,
    /// Germany, a consumer is involved (BGB 288(1)).
    DeConsumer,
    /// Belgium, commercial transactions (law of 2 August 2002).
    BeB2b,
    /// Belgium, consumer debts (Code de droit economique, Book XIX).
    BeConsumer,
    /// United Kingdom, commercial debts (Late Payment of Commercial Debts (Interest) Act 1998).
    UkB2b,
    /// A fixed annual rate agreed in the contract, with optional flat and percentage fees.
    Contractual,
}

/// How the rate follows time. Serialised as `"half-yearly"`, `"fixed-at-due-date"`,
/// `"fixed-at-start"`.
///
/// # Example
/// ```
/// use relance::penalties::{RatePeriod, Regime};
/// assert_eq!(Regime::FrB2b.default_rate_period(), RatePeriod::HalfYearly);
/// assert_eq!(Regime::UkB2b.default_rate_period(), RatePeriod::FixedAtStart);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RatePeriod {
    /// The rate of each half-year applies to the days of that half-year (FR, EU, DE, BE).
    HalfYearly,
    /// The rate of the due date's half-year applies to the whole delay (a French option).
    FixedAtDueDate,
    /// The rate of the half-year in which interest starts applies to the whole delay (UK:
    /// "one fixed rate for the life of the debt").
    FixedAtStart,
}

impl Regime {
    /// Every regime, in a stable order.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::Regime;
    /// assert_eq!(Regime::ALL.len(), 11);
    /// ```
    pub const ALL: [Regime; 11] = [
        Regime::FrB2b,
        Regime::FrPublic,
        Regime::FrLegalPrivate,
        Regime::FrLegalOther,
        Regime::EuDirective,
        Regime::DeB2b,
        Regime::DeConsumer,
        Regime::BeB2b,
        Regime::BeConsumer,
        Regime::UkB2b,
        Regime::Contractual,
    ];

    /// The serde name, e.g. `"fr-b2b"`.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::Regime;
    /// assert_eq!(Regime::FrLegalOther.as_str(), "fr-legal-other");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::FrB2b => "fr-b2b",
            Regime::FrPublic => "fr-public",
            Regime::FrLegalPrivate => "fr-legal-private",
            Regime::FrLegalOther => "fr-legal-other",
            Regime::EuDirective => "eu-directive",
            Regime::DeB2b => "de-b2b",
            Regime::DeConsumer => "de-consumer",
            Regime::BeB2b => "be-b2b",
            Regime::BeConsumer => "be-consumer",
            Regime::UkB2b => "uk-b2b",
            Regime::Contractual => "contractual",
        }
    }

    /// The currency the regime's fixed sums are set in (`None`: any currency).
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::Regime;
    /// assert_eq!(Regime::UkB2b.currency(), Some(Currency::GBP));
    /// assert_eq!(Regime::Contractual.currency(), None);
    /// ```
    pub fn currency(self) -> Option<Currency> {
        match self {
            Regime::UkB2b => Some(Currency::GBP),
            Regime::Contractual => None,
            _ => Some(Currency::EUR),
        }
    }

    /// Whether the rate follows half-years or is fixed, unless the claim says otherwise.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RatePeriod, Regime};
    /// assert_eq!(Regime::DeB2b.default_rate_period(), RatePeriod::HalfYearly);
    /// assert_eq!(Regime::FrPublic.default_rate_period(), RatePeriod::FixedAtStart);
    /// ```
    pub fn default_rate_period(self) -> RatePeriod {
        match self {
            // R2192-31: the rate "en vigueur au premier jour du semestre de l'année civile
            // au cours duquel les intérêts moratoires ont commencé à courir".
            Regime::UkB2b | Regime::FrPublic | Regime::Contractual => RatePeriod::FixedAtStart,
            _ => RatePeriod::HalfYearly,
        }
    }

    /// Whether a due date on a Saturday, Sunday or public holiday moves to the next
    /// working day, default starting the day after that (Germany: BGB 193, applied to
    /// payment dates by the BGH, III ZR 159/06). France does not postpone: L441-10
    /// penalties run from the day after the due date printed on the invoice, whatever
    /// day it is; nor do the other regimes here.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{compute, Claim, RateTables, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert!(Regime::DeB2b.postpones_due_date() && !Regime::FrB2b.postpones_due_date());
    /// // Due Saturday 31 August 2024: the debtor may pay on Monday 2 September.
    /// let c = Claim::new(Currency::EUR, dec!(1000.00), d(2024, 8, 31), d(2024, 9, 30), Regime::DeB2b);
    /// assert_eq!(compute(&c, &RateTables::builtin()).unwrap().interest_from, d(2024, 9, 3));
    /// ```
    pub fn postpones_due_date(self) -> bool {
        matches!(self, Regime::DeB2b | Regime::DeConsumer)
    }

    /// Why the regime needs the first day of interest from the host, if it does.
    ///
    /// `fr-legal-*`: interest runs from the formal notice (Code civil 1231-6), not from the
    /// due date (unless the contract makes the due date the demand, 1344: then pass the day
    /// after the due date). `be-consumer`: nothing may be charged before the 14-day window
    /// after the free first reminder has passed (Book XIX; see
    /// [`cost_free_window`](super::be_consumer::cost_free_window)).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::Regime;
    /// assert!(Regime::FrLegalPrivate.interest_start_rule().is_some());
    /// assert!(Regime::FrB2b.interest_start_rule().is_none());
    /// ```
    pub fn interest_start_rule(self) -> Option<&'static str> {
        match self {
            Regime::FrLegalPrivate | Regime::FrLegalOther => {
                Some("legal interest runs from the formal notice (Code civil 1231-6)")
            }
            Regime::BeConsumer => Some(
                "no interest before the 14-day window after the free first reminder (CDE Book XIX)",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown regime name.
///
/// # Example
/// ```
/// use relance::penalties::Regime;
/// let e = "xx-b2b".parse::<Regime>().unwrap_err();
/// assert!(e.to_string().contains("xx-b2b"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown regime {name:?}: expected one of fr-b2b, fr-public, fr-legal-private, fr-legal-other, eu-directive, de-b2b, de-consumer, be-b2b, be-consumer, uk-b2b, contractual"
)]
pub struct UnknownRegime {
    /// The name as given.
    pub name: String,
}

impl FromStr for Regime {
    type Err = UnknownRegime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Regime::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRegime {
                name: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_match_as_str() {
        for r in Regime::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(r.as_str().parse::<Regime>().unwrap(), r);
        }
    }
}
