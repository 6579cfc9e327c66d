//! Fixed compensation for recovery costs, per regime.
//!
//! - EUR 40 per late invoice: France (Code de commerce D441-5; public buyers Code de la
//!   commande publique D2192-35), the Directive (2011/7/EU
//!   art. 6), Germany when no consumer is involved (BGB 288(5)), Belgium (law of
//!   2 August 2002 art. 6);
//! - GBP 40 / 70 / 100 by the size of the debt: UK (Late Payment Act 1998 s.5A);
//! - none for French legal interest and German consumers;
//! - contract fees (flat + percentage) for `contractual`, and for `be-consumer` capped by
//!   [`max_damages`](super::be_consumer::max_damages).

use super::be_consumer;
use super::breakdown::{CapApplied, CapKind};
use super::claim::Options;
use super::error::PenaltyError;
use super::regime::Regime;
use crate::money::{Currency, Rounding, checked_add, checked_div, checked_mul};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A regime's fixed compensation on one debt.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::penalties::{fixed_compensation, Options, Regime};
/// use rust_decimal_macros::dec;
/// let c = fixed_compensation(Regime::FrB2b, Currency::EUR, dec!(12.00), &Options::default()).unwrap();
/// assert_eq!(c.amount, dec!(40.00));
/// assert_eq!(c.max_damages, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Compensation {
    /// The amount that may be claimed, in the claim currency.
    pub amount: Decimal,
    /// `be-consumer`: the damages cap for the debt.
    pub max_damages: Option<Decimal>,
    /// Set when a cap lowered the contract fees.
    pub cap: Option<CapApplied>,
}

/// The fixed sum per debt under the UK Act (s.5A): under GBP 1,000: 40; 1,000 to
/// 9,999.99: 70; 10,000 and over: 100.
///
/// # Example
/// ```
/// use relance::penalties::uk_fixed_sum;
/// use rust_decimal_macros::dec;
/// assert_eq!(uk_fixed_sum(dec!(999.99)), dec!(40.00));
/// assert_eq!(uk_fixed_sum(dec!(1000)), dec!(70.00));
/// assert_eq!(uk_fixed_sum(dec!(9999.99)), dec!(70.00));
/// assert_eq!(uk_fixed_sum(dec!(10000)), dec!(100.00));
/// ```
pub fn uk_fixed_sum(debt: Decimal) -> Decimal {
    let pounds = if debt < Decimal::from(1000) {
        40
    } else if debt < Decimal::from(10000) {
        70
    } else {
        100
    };
    Decimal::new(pounds * 100, 2)
}

/// The fixed compensation `regime` grants on a late debt of `debt` (VAT included), in
/// `currency`, honouring `options.fixed_compensation`, `flat_fee` and `percentage_fee`.
/// For `be-consumer` `debt` is the outstanding balance the damages cap applies to.
///
/// # Errors
/// [`PenaltyError::CurrencyNotAllowed`] when the regime's sums are in another currency;
/// [`PenaltyError::NegativeAmount`], [`PenaltyError::PercentageOutOfRange`],
/// [`PenaltyError::FeesNotAllowed`], overflow.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::penalties::{fixed_compensation, Options, Regime};
/// use rust_decimal_macros::dec;
/// let mut o = Options::default();
/// o.flat_fee = Some(dec!(15.00));
/// o.percentage_fee = Some(dec!(10));
/// // Belgian consumer, balance 400: fees 15 + 40 = 55, capped at 30 + 10 % x 250 = 55.
/// let c = fixed_compensation(Regime::BeConsumer, Currency::EUR, dec!(400.00), &o).unwrap();
/// assert_eq!((c.amount, c.max_damages), (dec!(55.00), Some(dec!(55.00))));
/// assert!(fixed_compensation(Regime::UkB2b, Currency::EUR, dec!(1), &Options::default()).is_err());
/// ```
pub fn fixed_compensation(
    regime: Regime,
    currency: Currency,
    debt: Decimal,
    options: &Options,
) -> Result<Compensation, PenaltyError> {
    check_regime_currency(regime, currency)?;
    if debt.is_sign_negative() && !debt.is_zero() {
        return Err(PenaltyError::NegativeAmount {
            what: "debt",
            amount: debt,
        });
    }
    let takes_fees = matches!(regime, Regime::Contractual | Regime::BeConsumer);
    if !takes_fees && (options.flat_fee.is_some() || options.percentage_fee.is_some()) {
        return Err(PenaltyError::FeesNotAllowed { regime });
    }
    let max_damages = match regime {
        Regime::BeConsumer => Some(be_consumer::max_damages(debt)?),
        _ => None,
    };
    let zero = currency.round(Decimal::ZERO, Rounding::HalfUp);
    if !options.fixed_compensation {
        return Ok(Compensation {
            amount: zero,
            max_damages,
            cap: None,
        });
    }
    let statutory = match regime {
        Regime::FrB2b | Regime::FrPublic | Regime::EuDirective | Regime::DeB2b | Regime::BeB2b => {
            Decimal::from(40)
        }
        Regime::UkB2b => uk_fixed_sum(debt),
        Regime::FrLegalPrivate | Regime::FrLegalOther | Regime::DeConsumer => Decimal::ZERO,
        Regime::Contractual | Regime::BeConsumer => contract_fees(currency, debt, options)?,
    };
    let mut amount = currency.round(statutory, options.rounding_strategy);
    let mut cap = None;
    if let Some(limit) = max_damages {
        if amount > limit {
            cap = Some(CapApplied {
                kind: CapKind::Damages,
                from: None,
                requested: amount,
                limit,
            });
            amount = currency.round(limit, Rounding::Down);
        }
    }
    Ok(Compensation {
        amount,
        max_damages,
        cap,
    })
}

/// `flat_fee + percentage_fee % x debt`, rounded with the options' strategy.
fn contract_fees(currency: Currency, debt: Decimal, o: &Options) -> Result<Decimal, PenaltyError> {
    let flat = o.flat_fee.unwrap_or(Decimal::ZERO);
    if flat.is_sign_negative() && !flat.is_zero() {
        return Err(PenaltyError::NegativeAmount {
            what: "flat fee",
            amount: flat,
        });
    }
    crate::money::Money::new(flat, currency).exact()?;
    let percent = o.percentage_fee.unwrap_or(Decimal::ZERO);
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        return Err(PenaltyError::PercentageOutOfRange { percent });
    }
    let share = checked_div(checked_mul(debt, percent)?, Decimal::ONE_HUNDRED)?;
    let share = currency.round(share, o.rounding_strategy);
    Ok(checked_add(flat, share)?)
}

/// Fails when the regime's fixed sums are set in another currency than `currency`.
pub(crate) fn check_regime_currency(
    regime: Regime,
    currency: Currency,
) -> Result<(), PenaltyError> {
    match regime.currency() {
        Some(expected) if expected != currency => Err(PenaltyError::CurrencyNotAllowed {
            regime,
            expected,
            found: currency,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn comp(regime: Regime, cur: Currency, debt: Decimal) -> Decimal {
        fixed_compensation(regime, cur, debt, &Options::default())
            .unwrap()
            .amount
    }

    #[test]
    fn statutory_sums_per_regime() {
        assert_eq!(
            comp(Regime::EuDirective, Currency::EUR, dec!(5)),
            dec!(40.00)
        );
        assert_eq!(comp(Regime::DeB2b, Currency::EUR, dec!(5)), dec!(40.00));
        assert_eq!(comp(Regime::BeB2b, Currency::EUR, dec!(5)), dec!(40.00));
        assert_eq!(comp(Regime::DeConsumer, Currency::EUR, dec!(5)), dec!(0.00));
        assert_eq!(
            comp(Regime::FrLegalPrivate, Currency::EUR, dec!(5)),
            dec!(0.00)
        );
        assert_eq!(comp(Regime::Contractual, Currency::JPY, dec!(5)), dec!(0));
        assert_eq!(
            comp(Regime::UkB2b, Currency::GBP, dec!(10000.00)),
            dec!(100.00)
        );
    }

    #[test]
    fn contract_fees_and_their_errors() {
        let mut o = Options {
            flat_fee: Some(dec!(10.00)),
            percentage_fee: Some(dec!(2.5)),
            ..Options::default()
        };
        let c = fixed_compensation(Regime::Contractual, Currency::USD, dec!(1000.00), &o).unwrap();
        assert_eq!(c.amount, dec!(35.00));
        assert!(matches!(
            fixed_compensation(Regime::FrB2b, Currency::EUR, dec!(1), &o),
            Err(PenaltyError::FeesNotAllowed { .. })
        ));
        o.percentage_fee = Some(dec!(101));
        assert!(fixed_compensation(Regime::Contractual, Currency::USD, dec!(1), &o).is_err());
        o.percentage_fee = None;
        o.flat_fee = Some(dec!(1.234));
        assert!(fixed_compensation(Regime::Contractual, Currency::USD, dec!(1), &o).is_err());
        o.fixed_compensation = false;
        o.flat_fee = Some(dec!(10));
        let c = fixed_compensation(Regime::Contractual, Currency::USD, dec!(1), &o).unwrap();
        assert_eq!(c.amount, dec!(0.00));
    }

    #[test]
    fn be_consumer_fees_are_capped_and_reported() {
        let o = Options {
            flat_fee: Some(dec!(50.00)),
            ..Options::default()
        };
        let c = fixed_compensation(Regime::BeConsumer, Currency::EUR, dec!(150.00), &o).unwrap();
        assert_eq!(c.amount, dec!(20.00));
        let cap = c.cap.unwrap();
        assert_eq!((cap.requested, cap.limit), (dec!(50.00), dec!(20.00)));
    }
}
