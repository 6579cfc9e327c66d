//! Helpers shared by the `penalties_*` scenario tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use relance::Currency;
use relance::penalties::{Breakdown, Claim, PenaltyError, RateTables, Regime, compute};
use rust_decimal::Decimal;

/// A date; panics only on a typo in a test.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A decimal from a string literal.
pub fn dec(s: &str) -> Decimal {
    s.parse().expect("valid test decimal")
}

/// A claim in the regime's own currency.
pub fn claim(regime: Regime, principal: &str, due: NaiveDate, until: NaiveDate) -> Claim {
    let currency = regime.currency().unwrap_or(Currency::EUR);
    Claim::new(currency, dec(principal), due, until, regime)
}

/// A `contractual` claim at `rate` percent.
pub fn contractual(rate: &str, principal: &str, due: NaiveDate, until: NaiveDate) -> Claim {
    let mut c = claim(Regime::Contractual, principal, due, until);
    c.options.annual_rate = Some(dec(rate));
    c
}

/// Computes with the built-in tables.
pub fn run(c: &Claim) -> Result<Breakdown, PenaltyError> {
    compute(c, &RateTables::builtin())
}

/// Independent reference model: walks the delay day by day (fine in a test oracle),
/// applying `rate_of(day)` percent on the balance of that day, Actual/365 Fixed, no
/// rounding. `payments` are (date, amount) reducing the balance from the next day.
pub fn day_by_day_interest(
    principal: Decimal,
    first: NaiveDate,
    last: NaiveDate,
    payments: &[(NaiveDate, Decimal)],
    rate_of: impl Fn(NaiveDate) -> Decimal,
) -> Decimal {
    let mut total = Decimal::ZERO;
    let mut day = first;
    while day <= last {
        let paid: Decimal = payments
            .iter()
            .filter(|(date, _)| *date < day)
            .map(|(_, a)| *a)
            .sum();
        let balance = (principal - paid).max(Decimal::ZERO);
        total += balance * rate_of(day) / Decimal::from(36500);
        day = day.succ_opt().expect("test dates stay in range");
    }
    total
}
