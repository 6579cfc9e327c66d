//! The computation: split the delay into segments, accrue simple interest on the balance
//! as it changes, allocate payments, round.
//!
//! Cost grows with the number of segments (half-years, payments, anniversaries), never with
//! the number of days: each segment is one multiplication.

use super::breakdown::{Breakdown, CapApplied, CapKind, Segment};
use super::claim::{Allocation, Claim, Compounding, FloorPolicy, InterestRounding, Movement};
use super::error::PenaltyError;
use super::fixed_compensation::{check_regime_currency, fixed_compensation};
use super::half_year::HalfYear;
use super::rates::{check_rate, RateQuote, RateTables};
use super::regime::RatePeriod;
use crate::money::{checked_add, checked_div, checked_mul, checked_sub, Currency, Money, Rounding};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// Most balance movements one claim may carry.
pub const MAX_MOVEMENTS: usize = 10_000;

/// Longest delay, in years, one claim may span.
pub const MAX_YEARS: u32 = 200;

/// Computes interest, fixed compensation and caps for one claim.
///
/// Interest runs from the day after the due date (or [`Claim::interest_from`]) up to and
/// including [`Claim::until`], on the principal still due, at the regime's rate for each
/// half-year (or one fixed rate, see [`RatePeriod`]). A movement dated `d` changes the
/// balance from `d + 1`. Movements after `until` are ignored.
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
    let allocation = o
        .allocation
        .unwrap_or_else(|| Allocation::default_for(claim.regime));

    let mut moves: Vec<Movement> = claim.movements.clone();
    moves.sort_by_key(|m| m.date);
    let mut next_move = 0;
    let mut ledger = Ledger::new(claim.principal, allocation);
    while let Some(m) = moves.get(next_move) {
        if m.date >= start || m.date > claim.until {
            break;
        }
        ledger.apply(m, Decimal::ZERO)?;
        next_move += 1;
    }
    let balance_at_start = ledger.principal_due()?;

    let mut rates = Rates::new(claim, tables, period, start);
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
    let comp = fixed_compensation(claim.regime, currency, balance_at_start, o)?;
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
        total: round(checked_add(interest_due, fixed)?),
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
    }
    match claim.options.annual_rate {
        Some(rate) => check_rate(rate)?,
        None if claim.regime == super::Regime::Contractual => {
            return Err(PenaltyError::RateRequired {
                regime: claim.regime,
            })
        }
        None => {}
    }
    let earliest_start = succ(claim.due_date)?;
    let start = match (claim.interest_from, claim.regime.interest_start_rule()) {
        (Some(first), _) if first < earliest_start => {
            return Err(PenaltyError::InterestStartTooEarly {
                interest_from: first,
                due_date: claim.due_date,
            })
        }
        (Some(first), _) => first,
        (None, Some(reason)) => {
            return Err(PenaltyError::InterestStartRequired {
                regime: claim.regime,
                reason,
            })
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

/// The applicable rate, per half-year or fixed, with floors, ceilings and the zero floor
/// applied. Looks each half-year up once.
struct Rates<'a> {
    claim: &'a Claim,
    tables: &'a RateTables,
    period: RatePeriod,
    start: NaiveDate,
    cached: Option<(HalfYear, RateQuote)>,
    caps: Vec<CapApplied>,
}

impl<'a> Rates<'a> {
    fn new(claim: &'a Claim, tables: &'a RateTables, period: RatePeriod, start: NaiveDate) -> Self {
        Rates {
            claim,
            tables,
            period,
            start,
            cached: None,
            caps: Vec::new(),
        }
    }

    fn quote(&mut self, day: NaiveDate) -> Result<RateQuote, PenaltyError> {
        let half = match self.period {
            RatePeriod::HalfYearly => HalfYear::containing(day),
            RatePeriod::FixedAtDueDate => HalfYear::containing(self.claim.due_date),
            RatePeriod::FixedAtStart => HalfYear::containing(self.start),
        };
        if let Some((h, q)) = self.cached {
            if h == half {
                return Ok(q);
            }
        }
        let q = self.bounded(half)?;
        self.cached = Some((half, q));
        Ok(q)
    }

    fn bounded(&mut self, half: HalfYear) -> Result<RateQuote, PenaltyError> {
        let regime = self.claim.regime;
        let policy = self.claim.options.floor_policy;
        let from = half.start().max(self.start);
        let mut q = match self.claim.options.annual_rate {
            Some(rate) => RateQuote::fixed(rate),
            None => regime
                .statutory_rate(half, self.tables)?
                .ok_or(PenaltyError::RateRequired { regime })?,
        };
        if self.claim.options.annual_rate.is_some() {
            if let Some(floor) = regime.rate_floor(half, self.tables)? {
                if q.rate < floor.rate {
                    if policy == FloorPolicy::Reject {
                        return Err(PenaltyError::RateBelowFloor {
                            rate: q.rate,
                            floor: floor.rate,
                            half_year_start: half.start(),
                        });
                    }
                    self.record(CapKind::RateFloor, from, q.rate, floor.rate);
                    q = floor;
                }
            }
            if let Some(ceiling) = regime.rate_ceiling(half, self.tables)? {
                if q.rate > ceiling.rate {
                    if policy == FloorPolicy::Reject {
                        return Err(PenaltyError::RateAboveCeiling {
                            rate: q.rate,
                            ceiling: ceiling.rate,
                            half_year_start: half.start(),
                        });
                    }
                    self.record(CapKind::RateCeiling, from, q.rate, ceiling.rate);
                    q = ceiling;
                }
            }
        }
        if q.rate < Decimal::ZERO {
            self.record(CapKind::ZeroRate, from, q.rate, Decimal::ZERO);
            q = q.with_rate(Decimal::ZERO);
        }
        Ok(q)
    }

    fn record(&mut self, kind: CapKind, from: NaiveDate, requested: Decimal, limit: Decimal) {
        self.caps.push(CapApplied {
            kind,
            from: Some(from),
            requested,
            limit,
        });
    }
}

/// What has been paid and how it was allocated.
struct Ledger {
    principal: Decimal,
    allocation: Allocation,
    principal_paid: Decimal,
    interest_paid: Decimal,
    overpaid: Decimal,
    capitalised: Decimal,
}

#[derive(Clone, Copy)]
enum Bucket {
    Principal,
    Interest,
}

impl Ledger {
    fn new(principal: Decimal, allocation: Allocation) -> Ledger {
        Ledger {
            principal,
            allocation,
            principal_paid: Decimal::ZERO,
            interest_paid: Decimal::ZERO,
            overpaid: Decimal::ZERO,
            capitalised: Decimal::ZERO,
        }
    }

    fn principal_due(&self) -> Result<Decimal, PenaltyError> {
        Ok(checked_sub(self.principal, self.principal_paid)?)
    }

    fn unpaid_interest(&self, accrued: Decimal) -> Result<Decimal, PenaltyError> {
        Ok(checked_sub(accrued, self.interest_paid)?.max(Decimal::ZERO))
    }

    fn interest_bearing(
        &self,
        accrued: Decimal,
        compounding: bool,
    ) -> Result<Decimal, PenaltyError> {
        let principal = self.principal_due()?;
        if !compounding {
            return Ok(principal);
        }
        let capitalised = self.capitalised.min(self.unpaid_interest(accrued)?);
        Ok(checked_add(principal, capitalised)?)
    }

    fn capitalise(&mut self, accrued: Decimal) -> Result<(), PenaltyError> {
        self.capitalised = self.unpaid_interest(accrued)?;
        Ok(())
    }

    fn order(&self) -> [Bucket; 2] {
        match self.allocation {
            Allocation::InterestFirst => [Bucket::Interest, Bucket::Principal],
            Allocation::PrincipalFirst => [Bucket::Principal, Bucket::Interest],
        }
    }

    /// Applies a movement; `accrued` is the interest accrued up to its date.
    fn apply(&mut self, m: &Movement, accrued: Decimal) -> Result<(), PenaltyError> {
        if m.amount > Decimal::ZERO {
            let mut rest = m.amount;
            for bucket in self.order() {
                let open = match bucket {
                    Bucket::Principal => self.principal_due()?,
                    Bucket::Interest => self.unpaid_interest(accrued)?,
                };
                let take = rest.min(open).max(Decimal::ZERO);
                self.add_paid(bucket, take)?;
                rest = checked_sub(rest, take)?;
            }
            self.overpaid = checked_add(self.overpaid, rest)?;
        } else if m.amount < Decimal::ZERO {
            // A reversal undoes the latest allocations first: surplus, then the buckets in
            // reverse order.
            let reversed = checked_sub(Decimal::ZERO, m.amount)?;
            let paid_before = checked_add(
                checked_add(self.principal_paid, self.interest_paid)?,
                self.overpaid,
            )?;
            let mut rest = reversed;
            let from_surplus = rest.min(self.overpaid);
            self.overpaid = checked_sub(self.overpaid, from_surplus)?;
            rest = checked_sub(rest, from_surplus)?;
            let [first, second] = self.order();
            for bucket in [second, first] {
                let paid = match bucket {
                    Bucket::Principal => self.principal_paid,
                    Bucket::Interest => self.interest_paid,
                };
                let take = rest.min(paid);
                self.add_paid(bucket, checked_sub(Decimal::ZERO, take)?)?;
                rest = checked_sub(rest, take)?;
            }
            if rest > Decimal::ZERO {
                return Err(PenaltyError::ReversalExceedsPayments {
                    date: m.date,
                    amount: reversed,
                    paid: paid_before,
                });
            }
        }
        Ok(())
    }

    fn add_paid(&mut self, bucket: Bucket, amount: Decimal) -> Result<(), PenaltyError> {
        let slot = match bucket {
            Bucket::Principal => &mut self.principal_paid,
            Bucket::Interest => &mut self.interest_paid,
        };
        *slot = checked_add(*slot, amount)?;
        Ok(())
    }
}

/// Days at one base and one rate, before rounding.
#[derive(Clone, Copy)]
struct Piece {
    from: NaiveDate,
    to: NaiveDate,
    base: Decimal,
    quote: RateQuote,
    year_days: i64,
}

impl Piece {
    fn continues(&self, next: &Piece) -> bool {
        self.to.succ_opt() == Some(next.from)
            && self.base == next.base
            && self.quote == next.quote
            && self.year_days == next.year_days
    }
}

/// Segments and running totals under one rounding mode.
struct Accrual {
    currency: Currency,
    mode: InterestRounding,
    strategy: Rounding,
    open: Option<Piece>,
    segments: Vec<Segment>,
    rounded_sum: Decimal,
    exact_sum: Decimal,
}

impl Accrual {
    fn new(currency: Currency, mode: InterestRounding, strategy: Rounding) -> Accrual {
        Accrual {
            currency,
            mode,
            strategy,
            open: None,
            segments: Vec::new(),
            rounded_sum: Decimal::ZERO,
            exact_sum: Decimal::ZERO,
        }
    }

    /// Interest accrued so far (closed segments only), as it will be reported.
    fn accrued(&self) -> Result<Decimal, PenaltyError> {
        Ok(match self.mode {
            InterestRounding::Total => self.currency.round(self.exact_sum, self.strategy),
            _ => self.rounded_sum,
        })
    }

    /// Merges `piece` into the open segment when nothing changed, else closes it.
    fn extend_or_flush(
        &mut self,
        piece: Piece,
        day_count: super::DayCount,
    ) -> Result<(), PenaltyError> {
        if let Some(open) = self.open.as_mut() {
            if open.continues(&piece) {
                open.to = piece.to;
                return Ok(());
            }
        }
        self.flush(day_count)?;
        self.open = Some(piece);
        Ok(())
    }

    /// Closes the open segment, if any.
    fn flush(&mut self, day_count: super::DayCount) -> Result<(), PenaltyError> {
        let Some(p) = self.open.take() else {
            return Ok(());
        };
        let days = day_count.days(p.from, p.to);
        let hundred_years = checked_mul(Decimal::ONE_HUNDRED, Decimal::from(p.year_days))?;
        let per_year = checked_mul(p.base, p.quote.rate)?;
        let exact = checked_div(checked_mul(per_year, Decimal::from(days))?, hundred_years)?;
        let amount = match self.mode {
            InterestRounding::DailyFirst => {
                let daily = self
                    .currency
                    .round(checked_div(per_year, hundred_years)?, self.strategy);
                checked_mul(daily, Decimal::from(days))?
            }
            _ => self.currency.round(exact, self.strategy),
        };
        self.rounded_sum = checked_add(self.rounded_sum, amount)?;
        self.exact_sum = checked_add(self.exact_sum, exact)?;
        self.segments.push(Segment {
            from: p.from,
            to: p.to,
            days: u32::try_from(days).unwrap_or(u32::MAX),
            base: self.currency.round(p.base, self.strategy),
            annual_rate: p.quote.rate,
            amount: self.currency.round(amount, self.strategy),
            rate_verified: p.quote.verified,
            rate_carried_forward: p.quote.carried_forward,
        });
        Ok(())
    }
}
