//! [`Claim`]: what the host asks about one invoice or instalment, and its [`Options`].

use super::day_count::DayCount;
use super::regime::{RatePeriod, Regime};
use crate::imputation::Imputation;
use crate::money::{Currency, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a [`Movement`] is. Serialised as `"payment"` (the default, left out of the JSON)
/// or `"credit-note"`.
///
/// A payment is imputed by the claim's [`Imputation`] (interest first in France,
/// Germany and Belgium); a credit note corrects the invoice and reduces the principal
/// only.
///
/// # Example
/// ```
/// use relance::penalties::MovementKind;
/// assert_eq!(MovementKind::default(), MovementKind::Payment);
/// assert_eq!(serde_json::to_value(MovementKind::CreditNote).unwrap(), "credit-note");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MovementKind {
    /// Money received (positive) or a reversal of money received (negative).
    #[default]
    Payment,
    /// A credit note, positive: reduces the principal only.
    CreditNote,
}

impl MovementKind {
    fn is_payment(&self) -> bool {
        *self == MovementKind::Payment
    }
}

/// A dated change of the outstanding balance.
///
/// A positive amount (payment, credit note) reduces the balance; a negative amount (a
/// payment reversal, a bounced transfer) increases it again. Interest runs on the old
/// balance up to and including `date`.
///
/// # Example
/// ```
/// use relance::penalties::Movement;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let m = Movement::new(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), dec!(250.00));
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"date":"2025-03-01","amount":"250.00"}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    /// The day the money arrived (or was reversed).
    pub date: NaiveDate,
    /// Positive reduces the balance, negative increases it.
    pub amount: Decimal,
    /// A payment (the default) or a credit note.
    #[serde(default, skip_serializing_if = "MovementKind::is_payment")]
    pub kind: MovementKind,
}

impl Movement {
    /// A movement.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::Movement;
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let reversal = Movement::new(NaiveDate::from_ymd_opt(2025, 3, 5).unwrap(), dec!(-250.00));
    /// assert!(reversal.amount.is_sign_negative());
    /// ```
    pub fn new(date: NaiveDate, amount: Decimal) -> Movement {
        Movement {
            date,
            amount,
            kind: MovementKind::Payment,
        }
    }

    /// A credit note of `amount` (positive): it reduces the principal only.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{Movement, MovementKind};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let m = Movement::credit_note(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), dec!(50.00));
    /// assert_eq!(m.kind, MovementKind::CreditNote);
    /// ```
    pub fn credit_note(date: NaiveDate, amount: Decimal) -> Movement {
        Movement {
            date,
            amount,
            kind: MovementKind::CreditNote,
        }
    }
}

/// How interest amounts are rounded to the currency's minor unit. Serialised as
/// `"per-segment"`, `"total"`, `"daily-first"`.
///
/// # Example
/// ```
/// use relance::penalties::InterestRounding;
/// assert_eq!(InterestRounding::default(), InterestRounding::PerSegment);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InterestRounding {
    /// Each segment is rounded, then summed (French official examples). The default.
    #[default]
    PerSegment,
    /// Exact segment amounts are summed and the total rounded once; printed segment
    /// amounts are rounded for display and may not add up to the total.
    Total,
    /// The daily amount is rounded first and multiplied by the days (gov.uk guidance:
    /// "divide by 365 to get the daily interest: 23p a day").
    DailyFirst,
}

/// Whether unpaid interest itself bears interest. Serialised as `"none"`, `"annual"`.
///
/// # Example
/// ```
/// use relance::penalties::Compounding;
/// assert_eq!(Compounding::default(), Compounding::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Compounding {
    /// Simple interest. The default (Code civil 1343-2: only when a contract or a court
    /// says so).
    #[default]
    None,
    /// Unpaid interest is added to the interest-bearing base on each anniversary of the
    /// first day of interest.
    Annual,
}

/// What to do with a contractual rate outside the legal bounds (the French floor of
/// 3 x the legal rate, the Belgian consumer ceiling). Serialised as `"reject"`, `"clamp"`.
///
/// # Example
/// ```
/// use relance::penalties::FloorPolicy;
/// assert_eq!(FloorPolicy::default(), FloorPolicy::Reject);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FloorPolicy {
    /// Return an error naming the rate and the bound. The default.
    #[default]
    Reject,
    /// Use the bound instead, and report it in [`Breakdown::caps_applied`](super::Breakdown).
    Clamp,
}

/// How to compute: every field has a default matching the regime's usual practice.
///
/// # Example
/// ```
/// use relance::penalties::{DayCount, InterestRounding, Options};
/// let mut o = Options::default();
/// o.day_count = DayCount::Thirty360;
/// o.rounding = InterestRounding::DailyFirst;
/// let json = serde_json::to_string(&o).unwrap();
/// let back: Options = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, o);
/// let empty: Options = serde_json::from_str("{}").unwrap();
/// assert_eq!(empty, Options::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// A contractual annual rate in percent, replacing the statutory one (required for
    /// `contractual`); checked against the regime's floor and ceiling.
    pub annual_rate: Option<Decimal>,
    /// Half-yearly or fixed rate; `None` uses [`Regime::default_rate_period`].
    pub rate_period: Option<RatePeriod>,
    /// Day-count convention (Actual/365 Fixed by default).
    pub day_count: DayCount,
    /// Where rounding happens (per segment by default).
    pub rounding: InterestRounding,
    /// The rounding strategy (half-up by default).
    pub rounding_strategy: Rounding,
    /// How payments are imputed to interest and principal; `None` uses the rule of the
    /// regime's law, [`default_imputation`](super::default_imputation) (Code civil
    /// 1343-1, BGB 367(1), Code civil 1254; principal first elsewhere).
    pub imputation: Option<Imputation>,
    /// Compounding (off by default).
    pub compounding: Compounding,
    /// Contractual rate outside legal bounds: reject (default) or clamp.
    pub floor_policy: FloorPolicy,
    /// Whether to add the regime's fixed compensation (default true). Turn it off when the
    /// law does not allow it (France: insolvency proceedings forbidding payment) or when a
    /// host computing several instalments of one invoice claims the per-invoice sum once
    /// (BGB 288(5) allows it per instalment).
    pub fixed_compensation: bool,
    /// A flat fee from the contract (`contractual`, `be-consumer`), in the claim currency.
    pub flat_fee: Option<Decimal>,
    /// A percentage fee from the contract (`contractual`: of the principal; `be-consumer`:
    /// of the balance), in percent.
    pub percentage_fee: Option<Decimal>,
    /// Public holidays at the place of performance beyond the nationwide ones, for the
    /// German postponement of a due date (BGB 193 counts the holidays "am Leistungsort":
    /// a Land's own holidays), at most [`MAX_LOCAL_HOLIDAYS`](super::MAX_LOCAL_HOLIDAYS).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_holidays: Vec<NaiveDate>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            annual_rate: None,
            rate_period: None,
            day_count: DayCount::default(),
            rounding: InterestRounding::default(),
            rounding_strategy: Rounding::default(),
            imputation: None,
            compounding: Compounding::default(),
            floor_policy: FloorPolicy::default(),
            fixed_compensation: true,
            flat_fee: None,
            percentage_fee: None,
            local_holidays: Vec::new(),
        }
    }
}

/// One invoice or instalment to compute penalties for.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::penalties::{Claim, Regime};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let claim = Claim::new(Currency::EUR, dec!(1200.00), d(2025, 3, 31), d(2025, 5, 15), Regime::FrB2b)
///     .with_movement(d(2025, 4, 30), dec!(200.00));
/// assert_eq!(claim.movements.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Claim {
    /// Currency of every amount of the claim.
    pub currency: Currency,
    /// The amount due, VAT included (L441-10 practice: the base includes VAT).
    pub principal: Decimal,
    /// The last day to pay without penalty.
    pub due_date: NaiveDate,
    /// The last day of interest (a payment date, or the date of the letter).
    pub until: NaiveDate,
    /// Payments, credit notes and reversals, in any order.
    #[serde(default)]
    pub movements: Vec<Movement>,
    /// The applicable law.
    pub regime: Regime,
    /// First day of interest, when not the day after the due date (required for
    /// `fr-legal-*` and `be-consumer`, see [`Regime::interest_start_rule`]).
    #[serde(default)]
    pub interest_from: Option<NaiveDate>,
    /// The day the contract was concluded, when the law changed since: German B2B
    /// interest is 8 points over the base rate, without the EUR 40 Pauschale, for
    /// obligations arising before 29 July 2014 (EGBGB Art. 229 § 34); Belgian contracts
    /// concluded before 16 March 2013 keep the former rate until 15 March 2015 (law of
    /// 22 November 2013). `None`: the due date stands in for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_date: Option<NaiveDate>,
    /// How to compute.
    #[serde(default)]
    pub options: Options,
}

impl Claim {
    /// A claim with no movement and default options.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{Claim, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let c = Claim::new(Currency::EUR, dec!(99.90), d(2025, 1, 31), d(2025, 2, 28), Regime::DeB2b);
    /// assert!(c.movements.is_empty() && c.interest_from.is_none());
    /// ```
    pub fn new(
        currency: Currency,
        principal: Decimal,
        due_date: NaiveDate,
        until: NaiveDate,
        regime: Regime,
    ) -> Claim {
        Claim {
            currency,
            principal,
            due_date,
            until,
            movements: Vec::new(),
            regime,
            interest_from: None,
            contract_date: None,
            options: Options::default(),
        }
    }

    /// Adds a balance movement (positive: payment or credit note; negative: reversal).
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{compute, Claim, RateTables, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// // EUR 1,000.00 due 31 January 2024, 500.00 paid on 15 February, interest to 1 March.
    /// let claim = Claim::new(Currency::EUR, dec!(1000.00), d(2024, 1, 31), d(2024, 3, 1),
    ///     Regime::FrB2b).with_movement(d(2024, 2, 15), dec!(500.00));
    /// let b = compute(&claim, &RateTables::builtin()).unwrap();
    /// // The balance changes the next day; French law settles the 5.96 of interest first.
    /// let bases: Vec<_> = b.segments.iter().map(|s| (s.from, s.base)).collect();
    /// assert_eq!(bases, [(d(2024, 2, 1), dec!(1000.00)), (d(2024, 2, 16), dec!(505.96))]);
    /// ```
    pub fn with_movement(mut self, date: NaiveDate, amount: Decimal) -> Claim {
        self.movements.push(Movement::new(date, amount));
        self
    }

    /// Sets the first day of interest.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{Claim, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let c = Claim::new(Currency::EUR, dec!(500.00), d(2025, 1, 31), d(2025, 6, 30), Regime::FrLegalPrivate)
    ///     .with_interest_from(d(2025, 3, 3)); // formal notice received 3 March
    /// assert_eq!(c.interest_from, Some(d(2025, 3, 3)));
    /// ```
    pub fn with_interest_from(mut self, first_day: NaiveDate) -> Claim {
        self.interest_from = Some(first_day);
        self
    }

    /// Sets the day the contract was concluded.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{compute, Claim, RateTables, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// // A contract of 2 June 2014 falling due in 2015: 8 points, no Pauschale (EGBGB 229 § 34).
    /// let c = Claim::new(Currency::EUR, dec!(1000.00), d(2015, 1, 31), d(2015, 3, 2), Regime::DeB2b)
    ///     .with_contract_date(d(2014, 6, 2));
    /// let b = compute(&c, &RateTables::builtin()).unwrap();
    /// assert_eq!(b.segments[0].annual_rate, dec!(7.17)); // -0.83 + 8
    /// assert_eq!(b.fixed_compensation, dec!(0.00));
    /// ```
    pub fn with_contract_date(mut self, concluded: NaiveDate) -> Claim {
        self.contract_date = Some(concluded);
        self
    }

    /// Replaces the options.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// use relance::penalties::{Claim, InterestRounding, Options, Regime};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut o = Options::default();
    /// o.rounding = InterestRounding::DailyFirst;
    /// let c = Claim::new(Currency::GBP, dec!(1000.00), d(2025, 1, 31), d(2025, 3, 1), Regime::UkB2b)
    ///     .with_options(o);
    /// assert_eq!(c.options.rounding, InterestRounding::DailyFirst);
    /// ```
    pub fn with_options(mut self, options: Options) -> Claim {
        self.options = options;
        self
    }
}
