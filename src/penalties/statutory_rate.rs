//! The rates a [`Regime`] takes from the reference-rate tables: the statutory rate of a
//! half-year, the floor of a contractual rate and the ceiling of a rate.

use super::error::PenaltyError;
use super::half_year::HalfYear;
use super::rates::{RateQuote, RateTables};
use super::regime::Regime;
use super::series::RateSeries;
use super::transition;
use chrono::NaiveDate;
use rust_decimal::Decimal;

impl Regime {
    /// The statutory annual rate for the days of `half`, for contracts under the law in
    /// force today; `None` for `contractual`. (A claim with an older contract date may
    /// bear another rate: see [`Claim::contract_date`](super::Claim::contract_date).)
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`] when the tables do not cover the half-year.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables, Regime};
    /// use rust_decimal_macros::dec;
    /// let t = RateTables::builtin();
    /// let h = HalfYear { year: 2016, second: true };
    /// // Negative Basiszinssatz (-0.88) + 5 points.
    /// assert_eq!(Regime::DeConsumer.statutory_rate(h, &t).unwrap().unwrap().rate, dec!(4.12));
    /// ```
    pub fn statutory_rate(
        self,
        half: HalfYear,
        tables: &RateTables,
    ) -> Result<Option<RateQuote>, PenaltyError> {
        self.statutory_rate_for(half, half.start(), NaiveDate::MAX, tables)
    }

    /// The statutory rate for the days of `half` from `on`, under the law of a contract
    /// concluded on `contract` (EGBGB Art. 229 § 34; the Belgian transition to 15 March
    /// 2015, see `transition`).
    pub(crate) fn statutory_rate_for(
        self,
        half: HalfYear,
        on: NaiveDate,
        contract: NaiveDate,
        tables: &RateTables,
    ) -> Result<Option<RateQuote>, PenaltyError> {
        let plus = |series: RateSeries, margin: i64| -> Result<RateQuote, PenaltyError> {
            let q = tables.rate_on(series, half.start())?;
            let rate = q
                .rate
                .checked_add(Decimal::from(margin))
                .ok_or(PenaltyError::RateOutOfRange { rate: q.rate })?;
            Ok(q.with_rate(rate))
        };
        let quote = match self {
            Regime::FrB2b => tables.ecb_plus(half, Decimal::from(10))?,
            // R2192-31: ECB rate in force on the half-year's first day + 8 points.
            Regime::FrPublic | Regime::EuDirective => tables.ecb_plus(half, Decimal::from(8))?,
            Regime::FrLegalPrivate => tables.rate_on(RateSeries::FrLegalPrivate, half.start())?,
            Regime::FrLegalOther => tables.rate_on(RateSeries::FrLegalOther, half.start())?,
            Regime::DeB2b => plus(RateSeries::DeBasiszins, transition::de_b2b_margin(contract))?,
            Regime::DeConsumer => plus(RateSeries::DeBasiszins, 5)?,
            Regime::BeB2b | Regime::BeConsumer
                if transition::be_former_rate(self, contract, on) =>
            {
                tables.rate_on(RateSeries::Be2002Before2013, half.start())?
            }
            Regime::BeB2b | Regime::BeConsumer => tables.be_2002_rate(half)?,
            Regime::UkB2b => plus(RateSeries::BoeReference, 8)?,
            Regime::Contractual => return Ok(None),
        };
        Ok(Some(quote))
    }

    /// The lowest contractual rate the law allows for `half`, if any: France B2B, 3 x the
    /// legal interest rate ("all other cases" column), Code de commerce L441-10.
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`].
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables, Regime};
    /// use rust_decimal_macros::dec;
    /// let t = RateTables::builtin();
    /// let floor = Regime::FrB2b.rate_floor(HalfYear { year: 2024, second: true }, &t).unwrap();
    /// assert_eq!(floor.unwrap().rate, dec!(14.76)); // 3 x 4.92
    /// ```
    pub fn rate_floor(
        self,
        half: HalfYear,
        tables: &RateTables,
    ) -> Result<Option<RateQuote>, PenaltyError> {
        if self != Regime::FrB2b {
            return Ok(None);
        }
        let q = tables.rate_on(RateSeries::FrLegalOther, half.start())?;
        let rate = q
            .rate
            .checked_mul(Decimal::from(3))
            .ok_or(PenaltyError::RateOutOfRange { rate: q.rate })?;
        Ok(Some(q.with_rate(rate)))
    }

    /// The highest rate the law allows for `half`, if any: Belgian consumer debts, the
    /// 2002-law rate (CDE Book XIX).
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`].
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables, Regime};
    /// use rust_decimal_macros::dec;
    /// let t = RateTables::builtin();
    /// let h = HalfYear { year: 2024, second: false };
    /// assert_eq!(Regime::BeConsumer.rate_ceiling(h, &t).unwrap().unwrap().rate, dec!(12.5));
    /// assert!(Regime::BeB2b.rate_ceiling(h, &t).unwrap().is_none());
    /// ```
    pub fn rate_ceiling(
        self,
        half: HalfYear,
        tables: &RateTables,
    ) -> Result<Option<RateQuote>, PenaltyError> {
        if self != Regime::BeConsumer {
            return Ok(None);
        }
        tables.be_2002_rate(half).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn uk_rate_is_reference_plus_eight() {
        let t = RateTables::builtin();
        let q = Regime::UkB2b
            .statutory_rate(
                HalfYear {
                    year: 2023,
                    second: true,
                },
                &t,
            )
            .unwrap()
            .unwrap();
        assert_eq!(q.rate, dec!(13.00));
    }

    #[test]
    fn floors_and_ceilings_only_where_the_law_sets_them() {
        let t = RateTables::builtin();
        let h = HalfYear {
            year: 2025,
            second: false,
        };
        for r in Regime::ALL {
            assert_eq!(r.rate_floor(h, &t).unwrap().is_some(), r == Regime::FrB2b);
            assert_eq!(
                r.rate_ceiling(h, &t).unwrap().is_some(),
                r == Regime::BeConsumer
            );
        }
    }
}
