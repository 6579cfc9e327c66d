//! [`ApplicableRate`]: the rate for each half-year (or the one fixed rate) after the legal
//! floor (France, L441-10), the ceiling (Belgian consumers, Book XIX) and the zero floor.

use super::breakdown::{CapApplied, CapKind};
use super::claim::{Claim, FloorPolicy};
use super::error::PenaltyError;
use super::half_year::HalfYear;
use super::rates::{RateQuote, RateTables};
use super::regime::RatePeriod;
use super::transition;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The applicable rate, per half-year or fixed, with floors, ceilings and the zero floor
/// applied. Looks each half-year up once.
pub(super) struct ApplicableRate<'a> {
    claim: &'a Claim,
    tables: &'a RateTables,
    period: RatePeriod,
    start: NaiveDate,
    contract: NaiveDate,
    cached: Option<((HalfYear, bool), RateQuote)>,
    pub(super) caps: Vec<CapApplied>,
}

impl<'a> ApplicableRate<'a> {
    pub(super) fn new(
        claim: &'a Claim,
        tables: &'a RateTables,
        period: RatePeriod,
        start: NaiveDate,
    ) -> Self {
        ApplicableRate {
            claim,
            tables,
            period,
            start,
            contract: transition::contract_date(claim),
            cached: None,
            caps: Vec::new(),
        }
    }

    pub(super) fn quote(&mut self, day: NaiveDate) -> Result<RateQuote, PenaltyError> {
        let on = match self.period {
            RatePeriod::HalfYearly => day,
            RatePeriod::FixedAtDueDate => self.claim.due_date,
            RatePeriod::FixedAtStart => self.start,
        };
        let half = HalfYear::containing(on);
        let key = (
            half,
            transition::be_former_rate(self.claim.regime, self.contract, on),
        );
        if let Some((k, q)) = self.cached {
            if k == key {
                return Ok(q);
            }
        }
        let q = self.bounded(half, on)?;
        self.cached = Some((key, q));
        Ok(q)
    }

    /// The next day after `from` on which the rate may change within a half-year (the
    /// end of the Belgian transition for a contract before 16 March 2013).
    pub(super) fn next_change(&self, from: NaiveDate) -> Option<NaiveDate> {
        match self.period {
            RatePeriod::HalfYearly => {
                transition::next_change(self.claim.regime, self.contract, from)
            }
            _ => None,
        }
    }

    fn bounded(&mut self, half: HalfYear, on: NaiveDate) -> Result<RateQuote, PenaltyError> {
        let regime = self.claim.regime;
        let policy = self.claim.options.floor_policy;
        let from = half.start().max(self.start).max(on);
        let mut q = match self.claim.options.annual_rate {
            Some(rate) => RateQuote::fixed(rate),
            None => regime
                .statutory_rate_for(half, on, self.contract, self.tables)?
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
