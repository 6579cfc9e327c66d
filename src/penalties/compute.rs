//! The computation: split the delay into segments, accrue simple interest on the balance
//! as it changes, allocate payments, round.
//!
//! Cost grows with the number of segments (half-years, payments, anniversaries), never with
//! the number of days: each segment is one multiplication.

use super::accrual::{Accrual, Piece};
use super::applicable_rate::ApplicableRate;
use super::breakdown::Breakdown;
use super::claim::{Claim, Compounding, Movement, MovementKind};
use super::error::PenaltyError;
use super::fixed_compensation::{check_regime_currency, fixed_compensation};
use super::half_year::HalfYear;
use super::imputation::default_imputation;
use super::ledger::Ledger;
use super::rates::{RateTables, check_rate};
use super::regime::RatePeriod;
use super::transition;
use crate::calendar::{BusinessCalendar, HolidaySet};
use crate::money::{Money, Rounding, checked_add, checked_sub};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// Most balance movements one claim may carry.
///
/// # Example
/// ```
/// assert_eq!(relance::penalties::MAX_MOVEMENTS, 10_000);
/// ```
pub const MAX_MOVEMENTS: usize = 10_000;

/// Longest delay, in years, one claim may span.
///
/// # Example
/// ```
/// assert_eq!(relance::penalties::MAX_YEARS, 200);
/// ```
pub const MAX_YEARS: u32 = 200;

/// Most local holidays one claim may list ([`Options::local_holidays`](super::Options::local_holidays)).
///
/// # Example
/// ```
/// assert_eq!(relance::penalties::MAX_LOCAL_HOLIDAYS, 1_000);
/// ```
pub const MAX_LOCAL_HOLIDAYS: usize = 1_000;

/// Computes interest, fixed compensation and caps for one claim.
///
/// Interest runs from the day after the due date (or [`Claim::interest_from`]; a German
/// due date on a weekend or holiday first moves to the next working day, BGB 193, see
/// [`Regime::postpones_due_date`](super::Regime::postpones_due_date)) up to and including
/// [`Claim::until`], on the principal still due, at the regime's rate for each half-year
/// (or one fixed rate, see [`RatePeriod`]) under the law of the contract's date
/// ([`Claim::contract_date`]). A movement dated `d` changes the balance from `d + 1`; a
/// payment is imputed to the interest accrued by `d` and the principal in the order of
/// [`Options::imputation`](super::Options::imputation). Movements after `until` are
/// ignored.
///
/// # Errors
/// Any [`PenaltyError`]: a rate the tables do not cover, a contractual rate outside the
/// legal bounds, a missing start date, a currency the regime does not use, too many
/// decimals, a reversal larger than the payments, limits, overflow.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::penalties::{compute, Claim, RateTables, Regime};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // EUR 10,000 due 15 June 2024, paid 15 July 2024: 15 days at 14.50 %, 15 days at 14.25 %.
/// let claim = Claim::new(Currency::EUR, dec!(10000.00), d(2024, 6, 15), d(2024, 7, 15), Regime::FrB2b)
///     .with_movement(d(2024, 7, 15), dec!(10000.00));
/// let b = compute(&claim, &RateTables::builtin()).unwrap();
/// assert_eq!(b.segments.len(), 2);
/// assert_eq!(b.segments[0].amount, dec!(59.59)); // 10000 x 14.50 % x 15 / 365
/// assert_eq!(b.segments[1].amount, dec!(58.56)); // 10000 x 14.25 % x 15 / 365
/// assert_eq!(b.interest, dec!(118.15));
/// assert_eq!(b.fixed_compensation, dec!(40.00));
/// ```
pub fn compute(claim: &Claim, tables: &RateTables) -> Result<Breakdown, PenaltyError> {
    let start = validate(claim)?;
    let o = &claim.options;
    let currency = claim.currency;
    let period = o
        .rate_period
        .unwrap_or_else(|| claim.regime.default_rate_period());
    let imputation = o
        .imputation
        .unwrap_or_else(|| default_imputation(claim.regime));

    let mut moves: Vec<Movement> = claim.movements.clone();
    moves.sort_by_key(|m| m.date);
    let mut next_move = 0;
    let mut ledger = Ledger::new(claim.principal, imputation);
    while let Some(m) = moves.get(next_move) {
        if m.date >= start || m.date > claim.until {
            break;
        }
        ledger.apply(m, Decimal::ZERO)?;
        next_move += 1;
    }
    let balance_at_start = ledger.principal_due()?;

    let mut rates = ApplicableRate::new(claim, tables, period, start);
    let mut acc = Accrual::new(currency, o.rounding, o.rounding_strategy);
    let compounding = o.compounding == Compounding::Annual;
    let mut anniversaries = 0u32;
    let mut next_anniversary = if compounding {
        Some(years_after(start, 1)?)
    } else {
        None
    };

    if start <= claim.until {
        let mut from = start;
        loop {
            let mut boundary = None;
            if period == RatePeriod::HalfYearly {
                boundary = earliest(boundary, HalfYear::containing(from).next().start());
            }
            if o.day_count.splits_at_year_end() {
                let jan1 = HalfYear {
                    year: from.year().saturating_add(1),
                    second: false,
                };
                boundary = earliest(boundary, jan1.start());
            }
            if let Some(a) = next_anniversary {
                boundary = earliest(boundary, a);
            }
            if let Some(m) = moves.get(next_move) {
                boundary = earliest(boundary, succ(m.date)?);
            }
            if let Some(change) = rates.next_change(from) {
                boundary = earliest(boundary, change);
            }
            let to = match boundary {
                Some(b) if b > from && b <= claim.until => pred(b)?,
                _ => claim.until,
            };

            let base = ledger.interest_bearing(acc.accrued()?, compounding)?;
            if base > Decimal::ZERO {
                let quote = rates.quote(from)?;
                let piece = Piece {
                    from,
                    to,
                    base,
                    quote,
                    year_days: o.day_count.year_days(from),
                };
                acc.extend_or_flush(piece, o.day_count)?;
            } else {
                acc.flush(o.day_count)?;
            }

            if to >= claim.until {
                break;
            }
            from = succ(to)?;
            while let Some(m) = moves.get(next_move) {
                if m.date >= from {
                    break;
                }
                acc.flush(o.day_count)?;
                ledger.apply(m, acc.accrued()?)?;
                next_move += 1;
            }
            if next_anniversary == Some(from) {
                acc.flush(o.day_count)?;
                ledger.capitalise(acc.accrued()?)?;
                anniversaries = anniversaries.saturating_add(1);
                next_anniversary = Some(years_after(start, anniversaries.saturating_add(1))?);
            }
        }
    }
    acc.flush(o.day_count)?;
    while let Some(m) = moves.get(next_move) {
        if m.date > claim.until {
            break;
        }
        ledger.apply(m, acc.accrued()?)?;
        next_move += 1;
    }

    let interest = acc.accrued()?;
    let interest_paid = ledger.interest_paid.min(interest);
    let interest_due = checked_sub(interest, interest_paid)?;
    let principal_due = ledger.principal_due()?;
    let late = !acc.segments.is_empty();
    let mut comp = fixed_compensation(claim.regime, currency, balance_at_start, o)?;
    if !transition::fixed_sum_applies(claim.regime, transition::contract_date(claim)) {
        // BGB 288(5) applies to obligations arising after 28 July 2014 only.
        comp.amount = currency.round(Decimal::ZERO, Rounding::HalfUp);
    }
    let fixed = if late {
        comp.amount
    } else {
        currency.round(Decimal::ZERO, Rounding::HalfUp)
    };
    let mut caps_applied = rates.caps;
    if let (true, Some(cap)) = (late, comp.cap) {
        caps_applied.push(cap);
    }
    let round = |x: Decimal| currency.round(x, o.rounding_strategy);
    Ok(Breakdown {
        regime: claim.regime,
        currency,
        interest_from: start,
        until: claim.until,
        segments: acc.segments,
        interest: round(interest),
        interest_paid: round(interest_paid),
        interest_due: round(interest_due),
        principal_due: round(principal_due),
        fixed_compensation: fixed,
        max_damages: comp.max_damages,
        caps_applied,
        total: round(checked_add(interest, fixed)?),
        amount_due: round(checked_add(
            checked_add(principal_due, interest_due)?,
            fixed,
        )?),
    })
}

/// Checks the claim and returns the first day of interest.
fn validate(claim: &Claim) -> Result<NaiveDate, PenaltyError> {
    let currency = claim.currency;
    check_regime_currency(claim.regime, currency)?;
    if claim.principal < Decimal::ZERO {
        return Err(PenaltyError::NegativeAmount {
            what: "principal",
            amount: claim.principal,
        });
    }
    Money::new(claim.principal, currency).exact()?;
    if claim.movements.len() > MAX_MOVEMENTS {
        return Err(PenaltyError::TooManyMovements {
            count: claim.movements.len(),
            max: MAX_MOVEMENTS,
        });
    }
    for m in &claim.movements {
        Money::new(m.amount, currency).exact()?;
        if m.kind == MovementKind::CreditNote && m.amount < Decimal::ZERO {
            return Err(PenaltyError::NegativeAmount {
                what: "credit note",
                amount: m.amount,
            });
        }
    }
    match claim.options.annual_rate {
        Some(rate) => check_rate(rate)?,
        None if claim.regime == super::Regime::Contractual => {
            return Err(PenaltyError::RateRequired {
                regime: claim.regime,
            });
        }
        None => {}
    }
    if claim.options.local_holidays.len() > MAX_LOCAL_HOLIDAYS {
        return Err(PenaltyError::TooManyLocalHolidays {
            count: claim.options.local_holidays.len(),
            max: MAX_LOCAL_HOLIDAYS,
        });
    }
    let earliest_start = succ(last_day_to_pay(claim)?)?;
    let start = match (claim.interest_from, claim.regime.interest_start_rule()) {
        (Some(first), _) if first < earliest_start => {
            return Err(PenaltyError::InterestStartTooEarly {
                interest_from: first,
                due_date: claim.due_date,
            });
        }
        (Some(first), _) => first,
        (None, Some(reason)) => {
            return Err(PenaltyError::InterestStartRequired {
                regime: claim.regime,
                reason,
            });
        }
        (None, None) => earliest_start,
    };
    if start <= claim.until {
        let span = i64::from(claim.until.year()) - i64::from(start.year());
        if span > i64::from(MAX_YEARS) {
            return Err(PenaltyError::PeriodTooLong {
                from: start,
                until: claim.until,
                max_years: MAX_YEARS,
            });
        }
    }
    Ok(start)
}

/// The last day the debtor may pay without default: the due date, moved to the next
/// working day where the law says so (BGB 193: Saturdays, Sundays and the public holidays
/// at the place of performance, the nationwide ones plus
/// [`Options::local_holidays`](super::Options::local_holidays)).
fn last_day_to_pay(claim: &Claim) -> Result<NaiveDate, PenaltyError> {
    if !claim.regime.postpones_due_date() {
        return Ok(claim.due_date);
    }
    let mut calendar = BusinessCalendar::new(HolidaySet::Germany);
    for day in &claim.options.local_holidays {
        calendar.add_closure(*day);
    }
    calendar
        .next_business_day(claim.due_date)
        .map_err(|_| PenaltyError::DateOutOfRange {
            date: claim.due_date,
        })
}

fn succ(d: NaiveDate) -> Result<NaiveDate, PenaltyError> {
    d.succ_opt().ok_or(PenaltyError::DateOutOfRange { date: d })
}

fn pred(d: NaiveDate) -> Result<NaiveDate, PenaltyError> {
    d.pred_opt().ok_or(PenaltyError::DateOutOfRange { date: d })
}

fn years_after(d: NaiveDate, years: u32) -> Result<NaiveDate, PenaltyError> {
    years
        .checked_mul(12)
        .and_then(|m| d.checked_add_months(Months::new(m)))
        .ok_or(PenaltyError::DateOutOfRange { date: d })
}

fn earliest(current: Option<NaiveDate>, candidate: NaiveDate) -> Option<NaiveDate> {
    Some(current.map_or(candidate, |c| c.min(candidate)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imputation::Imputation;
    use crate::money::Currency;
    use crate::penalties::{DayCount, InterestRounding, Options, Regime};
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn contractual(rate: Decimal, principal: Decimal, due: NaiveDate, until: NaiveDate) -> Claim {
        Claim::new(Currency::EUR, principal, due, until, Regime::Contractual).with_options(
            Options {
                annual_rate: Some(rate),
                ..Options::default()
            },
        )
    }

    fn run(c: &Claim) -> Breakdown {
        compute(c, &RateTables::empty()).unwrap()
    }

    #[test]
    fn imputation_changes_the_base_after_a_partial_payment() {
        // 30 days on 1000 at 10 % = 8.22; then 30 days on what is left.
        let c = contractual(dec!(10), dec!(1000.00), d(2025, 1, 31), d(2025, 4, 1))
            .with_movement(d(2025, 3, 2), dec!(500.00));
        let mut principal_first = c.clone();
        principal_first.options.imputation = Some(Imputation::PrincipalFirst);
        let b = run(&principal_first);
        assert_eq!(b.segments[1].base, dec!(500.00));
        assert_eq!(b.interest, dec!(12.33)); // 8.22 + 4.11
        assert_eq!(
            (b.interest_paid, b.principal_due),
            (dec!(0.00), dec!(500.00))
        );

        let mut interest_first = c;
        interest_first.options.imputation = Some(Imputation::CodeCivil1343_1);
        let b = run(&interest_first);
        assert_eq!(b.segments[1].base, dec!(508.22));
        assert_eq!(b.interest, dec!(12.40)); // 8.22 + 4.18
        assert_eq!((b.interest_paid, b.interest_due), (dec!(8.22), dec!(4.18)));
        assert_eq!(b.amount_due, dec!(512.40));
    }

    #[test]
    fn a_reversal_restores_the_balance() {
        let base = contractual(dec!(10), dec!(1000.00), d(2025, 1, 31), d(2025, 4, 1));
        let reversed = base
            .clone()
            .with_movement(d(2025, 2, 10), dec!(1000.00))
            .with_movement(d(2025, 2, 10), dec!(-1000.00));
        assert_eq!(run(&reversed).interest, run(&base).interest);
        let bounced = base
            .clone()
            .with_movement(d(2025, 2, 10), dec!(600.00))
            .with_movement(d(2025, 3, 1), dec!(-600.00));
        let b = run(&bounced);
        assert_eq!(
            b.segments.iter().map(|s| s.base).collect::<Vec<_>>(),
            [dec!(1000.00), dec!(400.00), dec!(1000.00)]
        );
        let too_much = base.with_movement(d(2025, 2, 10), dec!(-1.00));
        assert!(matches!(
            compute(&too_much, &RateTables::empty()),
            Err(PenaltyError::ReversalExceedsPayments { date, .. }) if date == d(2025, 2, 10)
        ));
    }

    #[test]
    fn paid_in_full_stops_interest_and_overpayment_is_harmless() {
        let c = contractual(dec!(10), dec!(1000.00), d(2025, 1, 31), d(2025, 12, 31))
            .with_movement(d(2025, 2, 10), dec!(1200.00));
        let b = run(&c);
        assert_eq!(b.segments.len(), 1);
        assert_eq!(b.segments[0].to, d(2025, 2, 10));
        assert_eq!(b.principal_due, dec!(0.00));
    }

    #[test]
    fn annual_compounding_adds_a_year_of_interest_to_the_base() {
        let mut c = contractual(dec!(10), dec!(1000.00), d(2020, 12, 31), d(2022, 12, 31));
        c.options.compounding = Compounding::Annual;
        let b = run(&c);
        assert_eq!(b.segments.len(), 2);
        assert_eq!(b.segments[0].amount, dec!(100.00));
        assert_eq!(b.segments[1].base, dec!(1100.00));
        assert_eq!(b.interest, dec!(210.00));
        c.options.compounding = Compounding::None;
        assert_eq!(run(&c).interest, dec!(200.00));
    }

    #[test]
    fn equal_rates_merge_into_one_segment_unless_the_year_basis_changes() {
        // FR B2B was 10.00 % from 2016 H2 to 2022 H2.
        let tables = RateTables::builtin();
        let c = Claim::new(
            Currency::EUR,
            dec!(1000.00),
            d(2016, 12, 31),
            d(2021, 12, 31),
            Regime::FrB2b,
        );
        let b = compute(&c, &tables).unwrap();
        assert_eq!(b.segments.len(), 1);
        assert_eq!(b.segments[0].days, 1826);
        let mut act_act = c;
        act_act.options.day_count = DayCount::ActAct;
        let b = compute(&act_act, &tables).unwrap();
        let spans: Vec<_> = b.segments.iter().map(|s| (s.from, s.to)).collect();
        assert_eq!(
            spans,
            [
                (d(2017, 1, 1), d(2019, 12, 31)),
                (d(2020, 1, 1), d(2020, 12, 31)),
                (d(2021, 1, 1), d(2021, 12, 31))
            ]
        );
        assert_eq!(b.interest, dec!(500.00));
    }

    #[test]
    fn rounding_modes_differ_only_in_where_they_round() {
        // 1000 at 8.5 % for 50 days: exact 11.6438; daily 0.23 x 50 = 11.50.
        let mut c = contractual(dec!(8.5), dec!(1000.00), d(2025, 1, 31), d(2025, 3, 22));
        assert_eq!(run(&c).interest, dec!(11.64));
        c.options.rounding = InterestRounding::DailyFirst;
        assert_eq!(run(&c).interest, dec!(11.50));
        c.options.rounding = InterestRounding::Total;
        assert_eq!(run(&c).interest, dec!(11.64));
    }

    #[test]
    fn invalid_claims_are_typed_errors() {
        let tables = RateTables::builtin();
        let ok = Claim::new(
            Currency::EUR,
            dec!(100.00),
            d(2025, 1, 31),
            d(2025, 3, 1),
            Regime::FrB2b,
        );
        let err = |c: Claim| compute(&c, &tables).unwrap_err();

        let mut c = ok.clone();
        c.regime = Regime::Contractual;
        assert_eq!(
            err(c),
            PenaltyError::RateRequired {
                regime: Regime::Contractual
            }
        );
        let mut c = ok.clone();
        c.regime = Regime::FrLegalOther;
        assert!(matches!(err(c), PenaltyError::InterestStartRequired { .. }));
        assert!(matches!(
            err(ok.clone().with_interest_from(d(2025, 1, 31))),
            PenaltyError::InterestStartTooEarly { .. }
        ));
        let mut c = ok.clone();
        c.currency = Currency::GBP;
        assert!(matches!(err(c), PenaltyError::CurrencyNotAllowed { .. }));
        let mut c = ok.clone();
        c.principal = dec!(100.001);
        assert!(err(c).to_string().contains("100.001"));
        let mut c = ok.clone();
        c.principal = dec!(-1);
        assert!(matches!(err(c), PenaltyError::NegativeAmount { .. }));
        let mut c = ok.clone();
        c.movements = vec![Movement::new(d(2025, 2, 1), dec!(1)); MAX_MOVEMENTS + 1];
        assert!(matches!(err(c), PenaltyError::TooManyMovements { .. }));
        let mut c = ok.clone();
        c.until = d(2300, 1, 1);
        assert!(matches!(err(c), PenaltyError::PeriodTooLong { .. }));
        let mut c = ok;
        c.options.annual_rate = Some(dec!(150));
        assert!(matches!(err(c), PenaltyError::RateOutOfRange { .. }));
    }

    #[test]
    fn calendar_edges_are_errors_not_panics() {
        let c = contractual(dec!(10), dec!(1.00), NaiveDate::MAX, NaiveDate::MAX);
        assert!(matches!(
            compute(&c, &RateTables::empty()),
            Err(PenaltyError::DateOutOfRange { .. })
        ));
        let mut c = contractual(dec!(10), dec!(1.00), NaiveDate::MIN, d(2025, 1, 1));
        c.options.compounding = Compounding::Annual;
        assert!(compute(&c, &RateTables::empty()).is_err());
        let c = contractual(dec!(100), Decimal::MAX, d(2025, 1, 1), d(2025, 12, 31));
        assert!(matches!(
            compute(&c, &RateTables::empty()),
            Err(PenaltyError::Money(_))
        ));
    }
}
