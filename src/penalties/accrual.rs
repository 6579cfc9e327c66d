//! [`Accrual`]: segments and running totals under one rounding mode. Adjacent days with the
//! same base, rate and year basis are merged into one segment, so a letter prints one line
//! per change, not one per half-year.

use super::breakdown::Segment;
use super::claim::InterestRounding;
use super::day_count::DayCount;
use super::error::PenaltyError;
use super::rates::RateQuote;
use crate::money::{Currency, Rounding, checked_add, checked_div, checked_mul};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Days at one base and one rate, before rounding.
#[derive(Clone, Copy)]
pub(super) struct Piece {
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    pub(super) base: Decimal,
    pub(super) quote: RateQuote,
    pub(super) year_days: i64,
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
pub(super) struct Accrual {
    currency: Currency,
    mode: InterestRounding,
    strategy: Rounding,
    open: Option<Piece>,
    pub(super) segments: Vec<Segment>,
    rounded_sum: Decimal,
    exact_sum: Decimal,
}

impl Accrual {
    pub(super) fn new(currency: Currency, mode: InterestRounding, strategy: Rounding) -> Accrual {
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
    pub(super) fn accrued(&self) -> Result<Decimal, PenaltyError> {
        Ok(match self.mode {
            InterestRounding::Total => self.currency.round(self.exact_sum, self.strategy),
            _ => self.rounded_sum,
        })
    }

    /// Merges `piece` into the open segment when nothing changed, else closes it.
    pub(super) fn extend_or_flush(
        &mut self,
        piece: Piece,
        day_count: DayCount,
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
    pub(super) fn flush(&mut self, day_count: DayCount) -> Result<(), PenaltyError> {
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
