//! The arithmetic of the indicators, on totals already gathered: DSO (standard and
//! countback), best possible DSO, CEI, rates, medians, and the rounding each result gets.
//! Pure functions of numbers, tested here on hand-computed figures.

use super::AnalyticsError;
use crate::money::{Rounding, checked_add, checked_div, checked_mul, checked_sub};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Days are given with two decimals.
pub(super) const DAY_DECIMALS: u32 = 2;
/// Rates are given with four decimals (0.1234 = 12.34 %).
pub(super) const RATE_DECIMALS: u32 = 4;
/// The rounding of every indicator: half away from zero.
pub(super) const ROUNDING: Rounding = Rounding::HalfUp;

/// Rounded to `dp` decimals and written with exactly `dp` (`0.5` -> `0.5000`).
pub(super) fn round_to(x: Decimal, dp: u32) -> Decimal {
    let mut x = x.round_dp_with_strategy(dp, ROUNDING.strategy());
    x.rescale(dp);
    x
}

pub(super) fn round_days(d: Decimal) -> Decimal {
    round_to(d, DAY_DECIMALS)
}

pub(super) fn round_rate(r: Decimal) -> Decimal {
    round_to(r, RATE_DECIMALS)
}

/// `part / whole`, rounded as a rate; `None` when `whole` is zero.
pub(super) fn rate(part: u64, whole: u64) -> Option<Decimal> {
    if whole == 0 {
        return None;
    }
    let r = Decimal::from(part).checked_div(Decimal::from(whole))?;
    Some(round_rate(r))
}

/// `amount / sales x days`, rounded as days; `None` without sales.
pub(super) fn days_of_sales(
    amount: Decimal,
    sales: Decimal,
    days: u32,
) -> Result<Option<Decimal>, AnalyticsError> {
    if sales.is_zero() {
        return Ok(None);
    }
    let d = checked_div(checked_mul(amount, Decimal::from(days))?, sales)?;
    Ok(Some(round_days(d)))
}

/// The first day of the month of `d`.
fn first_of_month(d: NaiveDate) -> Option<NaiveDate> {
    d.with_day(1)
}

/// The first day of the month after `(year, month)`.
fn first_of_next(year: i32, month: u32) -> Option<NaiveDate> {
    if month >= 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)
    }
}

/// Countback DSO: walking back calendar months from `as_of` (the month of `as_of` counts
/// its days up to `as_of`), each month's credit sales are consumed until the receivables
/// are used up; the result is the days of the months consumed whole, plus the fraction
/// `left / sales of the month` of the last one's days. Months without sales are consumed
/// whole. Only the months with sales are visited, so the walk is as long as `monthly`.
pub(super) fn countback(
    receivables: Decimal,
    monthly: &BTreeMap<(i32, u32), Decimal>,
    as_of: NaiveDate,
) -> Result<Decimal, AnalyticsError> {
    let date = |d: Option<NaiveDate>| d.ok_or(AnalyticsError::DateOutOfRange { date: as_of });
    let mut left = receivables;
    if left <= Decimal::ZERO {
        return Ok(Decimal::ZERO);
    }
    let this_month = date(first_of_month(as_of))?;
    let mut earliest = this_month;
    for (&(year, month), &sales) in monthly.range(..=(as_of.year(), as_of.month())).rev() {
        let start = date(NaiveDate::from_ymd_opt(year, month, 1))?;
        earliest = start;
        if sales <= Decimal::ZERO {
            continue;
        }
        if left <= sales {
            // Whole days from the next month's first day to `as_of`, plus the fraction.
            let month_days = if start == this_month {
                i64::from(as_of.day())
            } else {
                (date(first_of_next(year, month))? - start).num_days()
            };
            let after = if start == this_month {
                0
            } else {
                (as_of - date(first_of_next(year, month))?).num_days() + 1
            };
            let fraction = checked_div(checked_mul(left, Decimal::from(month_days))?, sales)?;
            return Ok(round_days(checked_add(Decimal::from(after), fraction)?));
        }
        left = checked_sub(left, sales)?;
    }
    // More receivables than sales (never for receivables made of these sales): every
    // day walked.
    Ok(Decimal::from((as_of - earliest).num_days() + 1))
}

/// CEI = (opening + sales - closing) / (opening + sales - closing current), as a
/// fraction; `None` when the denominator is zero.
pub(super) fn cei(
    opening: Decimal,
    sales: Decimal,
    closing: Decimal,
    closing_current: Decimal,
) -> Result<Option<Decimal>, AnalyticsError> {
    let available = checked_add(opening, sales)?;
    let collected = checked_sub(available, closing)?;
    let collectable = checked_sub(available, closing_current)?;
    if collectable.is_zero() {
        return Ok(None);
    }
    Ok(Some(round_rate(checked_div(collected, collectable)?)))
}

/// The median of whole days, with two decimals (the mean of the two middle values for an
/// even count); `None` for no value. Reorders `values`.
pub(super) fn median_days(values: &mut [i64]) -> Option<Decimal> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (_, upper, _) = values.select_nth_unstable(mid);
    let upper = *upper;
    if n % 2 == 1 {
        return Some(round_days(Decimal::from(upper)));
    }
    let lower = values.get(..mid)?.iter().copied().max()?;
    let sum = Decimal::from(lower).checked_add(Decimal::from(upper))?;
    Some(round_days(sum.checked_div(Decimal::TWO)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn standard_dso_is_receivables_over_sales_times_days() {
        // 45 000 receivable, 90 000 sold over 90 days: 45 000 / 90 000 x 90 = 45 days.
        assert_eq!(
            days_of_sales(dec!(45000), dec!(90000), 90).unwrap(),
            Some(dec!(45.00))
        );
        // 100 / 300 x 90 = 30 exactly; 100 / 700 x 90 = 12.857... -> 12.86 (half up).
        assert_eq!(
            days_of_sales(dec!(100), dec!(300), 90).unwrap(),
            Some(dec!(30))
        );
        assert_eq!(
            days_of_sales(dec!(100), dec!(700), 90).unwrap(),
            Some(dec!(12.86))
        );
        // No sales: no figure, not an infinity.
        assert_eq!(days_of_sales(dec!(100), dec!(0), 90).unwrap(), None);
    }

    #[test]
    fn countback_consumes_months_backwards_then_a_fraction() {
        // As of 15 March: March sales 1 000 (15 days), February 2 000 (28 days), January
        // 3 000 (31 days). Receivables 2 500: March consumed whole (15 days, 1 500 left),
        // then 1 500 / 2 000 of February's 28 days = 21 days: 36 days.
        let monthly = BTreeMap::from([
            ((2025, 1), dec!(3000)),
            ((2025, 2), dec!(2000)),
            ((2025, 3), dec!(1000)),
        ]);
        assert_eq!(
            countback(dec!(2500), &monthly, d("2025-03-15")).unwrap(),
            dec!(36)
        );
        // Receivables 500: half of March's 15 days = 7.5 days.
        assert_eq!(
            countback(dec!(500), &monthly, d("2025-03-15")).unwrap(),
            dec!(7.50)
        );
        // Receivables 4 000: March (15) + February (28) whole, then 1 000 / 3 000 of 31
        // days = 10.333... -> 53.33.
        assert_eq!(
            countback(dec!(4000), &monthly, d("2025-03-15")).unwrap(),
            dec!(53.33)
        );
        // A month without sales is walked whole: no April sales, as of 30 April,
        // receivables 500 = April's 30 days + half of March's 31 days = 45.5.
        assert_eq!(
            countback(dec!(500), &monthly, d("2025-04-30")).unwrap(),
            dec!(45.50)
        );
        assert_eq!(
            countback(dec!(0), &monthly, d("2025-04-30")).unwrap(),
            dec!(0)
        );
    }

    #[test]
    fn cei_compares_what_was_collected_with_what_could_be() {
        // Opening 10 000, sales 5 000, closing 6 000 of which 4 000 current:
        // (10 000 + 5 000 - 6 000) / (10 000 + 5 000 - 4 000) = 9 000 / 11 000 = 0.8182.
        assert_eq!(
            cei(dec!(10000), dec!(5000), dec!(6000), dec!(4000)).unwrap(),
            Some(dec!(0.8182))
        );
        // Everything still current: all that could be collected was.
        assert_eq!(cei(dec!(0), dec!(100), dec!(100), dec!(100)).unwrap(), None);
    }

    #[test]
    fn medians_and_rates() {
        assert_eq!(median_days(&mut [9, 1, 5]), Some(dec!(5)));
        // Even count: (5 + 9) / 2 = 7; (2 + 3) / 2 = 2.5.
        assert_eq!(median_days(&mut [9, 1, 5, 20]), Some(dec!(7)));
        assert_eq!(median_days(&mut [3, 2]), Some(dec!(2.50)));
        assert_eq!(median_days(&mut []), None);
        // 2 / 3 = 0.66666... -> 0.6667 (half up); nothing to count: no rate.
        assert_eq!(rate(2, 3), Some(dec!(0.6667)));
        assert_eq!(rate(0, 0), None);
        // Written with all their decimals.
        assert_eq!(rate(1, 2).unwrap().to_string(), "0.5000");
        assert_eq!(median_days(&mut [3]).unwrap().to_string(), "3.00");
    }
}
