//! [`Breakdown`]: the result, printable in a letter line by line.

use super::regime::Regime;
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Days at one balance and one rate.
///
/// # Example
/// ```
/// use relance::penalties::Segment;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let s = Segment {
///     from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
///     to: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
///     days: 31,
///     base: dec!(1000.00),
///     annual_rate: dec!(13.15),
///     amount: dec!(11.17),
///     rate_verified: true,
///     rate_carried_forward: false,
/// };
/// assert!(serde_json::to_string(&s).unwrap().contains(r#""amount":"11.17""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// First day, included.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    /// Days counted by the day-count convention (30/360 days for `30/360`).
    pub days: u32,
    /// The interest-bearing balance.
    pub base: Decimal,
    /// Percent per year.
    pub annual_rate: Decimal,
    /// Interest for the segment, rounded to the minor unit.
    pub amount: Decimal,
    /// False when the rate depends on an unverified table value.
    pub rate_verified: bool,
    /// True when the rate was carried forward past the tables.
    pub rate_carried_forward: bool,
}

/// Which legal bound changed a figure. Serialised in kebab-case.
///
/// # Example
/// ```
/// use relance::penalties::CapKind;
/// assert_eq!(serde_json::to_string(&CapKind::RateFloor).unwrap(), "\"rate-floor\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CapKind {
    /// A contractual rate raised to the French floor (3 x legal rate, L441-10).
    RateFloor,
    /// A contractual rate lowered to the Belgian consumer ceiling (2002-law rate, Book XIX).
    RateCeiling,
    /// A negative rate (e.g. a host table value) counted as zero: no negative interest.
    ZeroRate,
    /// Contract fees lowered to the Belgian consumer damages cap (Book XIX).
    Damages,
}

/// A bound that changed a figure: what was asked, and the limit used instead.
///
/// # Example
/// ```
/// use relance::penalties::{CapApplied, CapKind};
/// use rust_decimal_macros::dec;
/// let c = CapApplied { kind: CapKind::Damages, from: None, requested: dec!(50), limit: dec!(20) };
/// assert!(c.requested > c.limit);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapApplied {
    /// Which bound.
    pub kind: CapKind,
    /// First day it applied from (rate bounds), if dated.
    pub from: Option<NaiveDate>,
    /// The figure asked for (rate in percent, or amount).
    pub requested: Decimal,
    /// The figure used.
    pub limit: Decimal,
}

/// The penalties on one claim.
///
/// `total = interest + fixed_compensation`: the penalties, whatever the payments settled.
/// Payments are imputed to interest and principal ([`Options::imputation`](super::Options::imputation)),
/// which moves money between `interest_paid` and `principal_due` and changes the base of
/// later interest; what is still owed in all is
/// `amount_due = principal_due + interest_due + fixed_compensation`.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::penalties::{compute, Claim, RateTables, Regime};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let claim = Claim::new(Currency::EUR, dec!(1000.00), d(2025, 1, 31), d(2025, 3, 2), Regime::FrB2b);
/// let b = compute(&claim, &RateTables::builtin()).unwrap();
/// assert_eq!(b.total, b.interest + b.fixed_compensation);
/// assert_eq!(b.principal_due, dec!(1000.00));
/// assert_eq!(b.amount_due, dec!(1000.00) + b.total);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Breakdown {
    /// The regime used.
    pub regime: Regime,
    /// Currency of every amount.
    pub currency: Currency,
    /// First day of interest.
    pub interest_from: NaiveDate,
    /// Last day of interest.
    pub until: NaiveDate,
    /// Days at one balance and rate, in date order.
    pub segments: Vec<Segment>,
    /// Interest accrued over the whole period.
    pub interest: Decimal,
    /// The part of the payments allocated to interest.
    pub interest_paid: Decimal,
    /// `interest - interest_paid`.
    pub interest_due: Decimal,
    /// Principal still due on `until`.
    pub principal_due: Decimal,
    /// The regime's fixed compensation (EUR 40, GBP 40/70/100, contract fees).
    pub fixed_compensation: Decimal,
    /// `be-consumer`: the damages cap on the balance (Book XIX).
    pub max_damages: Option<Decimal>,
    /// Legal bounds that changed a figure.
    pub caps_applied: Vec<CapApplied>,
    /// `interest + fixed_compensation`: the penalties.
    pub total: Decimal,
    /// `principal_due + interest_due + fixed_compensation`: everything still owed.
    pub amount_due: Decimal,
}

#[cfg(test)]
mod tests {
    use crate::penalties::{Claim, RateTables, compute};

    #[test]
    fn claims_and_breakdowns_use_strings_for_amounts() {
        let json = r#"{
            "currency": "EUR", "principal": "1000.00", "due_date": "2025-01-31",
            "until": "2025-03-02", "regime": "fr-b2b",
            "movements": [{"date": "2025-02-15", "amount": "100.00"}],
            "options": {"day_count": "30/360", "rounding": "daily-first", "annual_rate": "15"}
        }"#;
        let claim: Claim = serde_json::from_str(json).unwrap();
        let b = compute(&claim, &RateTables::builtin()).unwrap();
        let out = serde_json::to_value(&b).unwrap();
        assert_eq!(out["regime"], "fr-b2b");
        assert!(out["interest"].is_string() && out["total"].is_string());
        assert!(out["segments"][0]["base"].is_string());
        let back: super::Breakdown = serde_json::from_value(out).unwrap();
        assert_eq!(back, b);
        let number = json.replace(r#""1000.00""#, "1000.00");
        assert!(
            serde_json::from_str::<Claim>(&number).is_err(),
            "no JSON numbers for money"
        );
        let typo = json.replace("day_count", "daycount");
        assert!(
            serde_json::from_str::<Claim>(&typo).is_err(),
            "unknown options are rejected"
        );
    }
}
