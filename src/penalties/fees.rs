//! Which step fees the law lets a creditor charge a debtor: French consumers none, Belgian
//! consumers none on the first reminder nor in the 14 days after it, and later at most
//! EUR 7.50 (plus postage) per reminder within the cap on total damages. One module
//! owns the rule; the planner charges what it allows and reports the rest.

use super::PenaltyError;
use super::be_consumer::max_damages;
use crate::customer::CustomerKind;
use crate::jurisdiction::Country;
use crate::money::checked_sub;
use rust_decimal::Decimal;

/// Where a reminder stands for the fee rules.
///
/// # Example
/// ```
/// use relance::penalties::FeeContext;
/// let first = FeeContext { first_reminder: true, ..FeeContext::default() };
/// assert!(first.first_reminder && !first.cost_free_window);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeeContext {
    /// The debtor has not received any reminder about the debt after its due date.
    pub first_reminder: bool,
    /// The reminder goes out within the 14 cost-free days after the first one
    /// (Book XIX CDE).
    pub cost_free_window: bool,
    /// The outstanding balance the Belgian damages cap is counted on.
    pub balance: Decimal,
    /// Fees and damages already claimed on the debt, counted against that cap.
    pub already_claimed: Decimal,
    /// Postage of the reminder, added to the Belgian EUR 7.50 cap (0 when unknown).
    pub postage: Decimal,
}

/// The most a step may charge a debtor, and the rule that limits it.
///
/// # Example
/// ```
/// use relance::{Country, CustomerKind};
/// use relance::penalties::{fee_limit, FeeContext};
/// let l = fee_limit(CustomerKind::Business, Country::FR, &FeeContext::default()).unwrap();
/// assert_eq!(l.max, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeeLimit {
    /// The most the step may charge; `None`: no legal limit.
    pub max: Option<Decimal>,
    /// The rule, citing its article, when there is a limit.
    pub rule: Option<&'static str>,
}

/// French consumers: no collection costs without an enforceable title.
pub const FR_CONSUMER_RULE: &str = "collection costs incurred without an enforceable title stay \
    with the creditor (Code des procédures civiles d'exécution, art. L111-8)";
/// Belgian consumers: the first reminder is free.
pub const BE_FIRST_REMINDER_RULE: &str =
    "a Belgian consumer's first reminder is free (Code de droit économique, art. XIX.2)";
/// Belgian consumers: nothing may be charged in the 14 days after the first reminder.
pub const BE_WINDOW_RULE: &str = "no costs may be charged to a Belgian consumer in the 14 days \
    after the first reminder (Code de droit économique, book XIX)";
/// Belgian consumers: the per-reminder cap and the cap on total damages.
pub const BE_CAP_RULE: &str = "a later reminder to a Belgian consumer costs at most EUR 7.50 \
    plus postage, within the cap on total damages (Code de droit économique, book XIX)";

/// The most a step may charge a debtor of `kind` in `country`:
/// - French consumers: nothing ([`FR_CONSUMER_RULE`], CPCE L111-8);
/// - Belgian consumers: nothing on the first reminder ([`BE_FIRST_REMINDER_RULE`],
///   art. XIX.2) or within the 14 days after it ([`BE_WINDOW_RULE`]); later at most
///   EUR 7.50 plus postage
///   ([`REMINDER_COST_CAP`](super::be_consumer::REMINDER_COST_CAP)), and no more than what the cap on total
///   damages ([`max_damages`] of the balance) leaves after what was already claimed
///   ([`BE_CAP_RULE`]);
/// - anyone else: no legal limit (`max: None`).
///
/// # Errors
/// [`PenaltyError`] for a negative balance or postage; overflow.
///
/// # Example
/// ```
/// use relance::{Country, CustomerKind};
/// use relance::penalties::{fee_limit, FeeContext};
/// use rust_decimal_macros::dec;
/// let fr = fee_limit(CustomerKind::Consumer, Country::FR, &FeeContext::default()).unwrap();
/// assert_eq!(fr.max, Some(dec!(0)));
/// let later = FeeContext { balance: dec!(100), ..FeeContext::default() };
/// let be = fee_limit(CustomerKind::Consumer, Country::BE, &later).unwrap();
/// assert_eq!(be.max, Some(dec!(7.50)));
/// // Balance 100: damages capped at EUR 20, of which 15 already claimed.
/// let near_cap = FeeContext { already_claimed: dec!(15), ..later };
/// assert_eq!(fee_limit(CustomerKind::Consumer, Country::BE, &near_cap).unwrap().max,
///     Some(dec!(5.00)));
/// ```
pub fn fee_limit(
    kind: CustomerKind,
    country: Country,
    ctx: &FeeContext,
) -> Result<FeeLimit, PenaltyError> {
    let limit = |max: Decimal, rule| FeeLimit {
        max: Some(max),
        rule: Some(rule),
    };
    if kind != CustomerKind::Consumer {
        return Ok(FeeLimit {
            max: None,
            rule: None,
        });
    }
    if country == Country::FR {
        return Ok(limit(Decimal::ZERO, FR_CONSUMER_RULE));
    }
    if country != Country::BE {
        return Ok(FeeLimit {
            max: None,
            rule: None,
        });
    }
    if ctx.first_reminder {
        return Ok(limit(Decimal::ZERO, BE_FIRST_REMINDER_RULE));
    }
    if ctx.cost_free_window {
        return Ok(limit(Decimal::ZERO, BE_WINDOW_RULE));
    }
    let per_reminder = super::be_consumer::reminder_cost_cap(ctx.postage)?;
    let left = checked_sub(max_damages(ctx.balance)?, ctx.already_claimed)?.max(Decimal::ZERO);
    Ok(limit(per_reminder.min(left), BE_CAP_RULE))
}

/// `fee` within `limit`: what may be charged.
///
/// # Example
/// ```
/// use relance::penalties::{lawful_fee, FeeLimit};
/// use rust_decimal_macros::dec;
/// # let limit = relance::penalties::fee_limit(relance::CustomerKind::Consumer,
/// #     relance::Country::FR, &Default::default()).unwrap();
/// assert_eq!(lawful_fee(dec!(15), &limit), dec!(0));
/// ```
pub fn lawful_fee(fee: Decimal, limit: &FeeLimit) -> Decimal {
    match limit.max {
        Some(max) => fee.min(max).max(Decimal::ZERO),
        None => fee,
    }
}
