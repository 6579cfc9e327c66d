//! Reference-rate tables: data with effective dates, extendable by the host at run time.
//!
//! relance never fetches anything: it ships the values of the reference file
//! (`late-payment-law.md`) and the host adds or overrides entries as new rates are
//! published. Each series knows how far its data reaches (`covered_until`); asking for a
//! later date is [`PenaltyError::RateNotCovered`] naming the date, unless the host opted
//! in to carrying the last known rate forward ([`RateTables::set_carry_forward`]).
//!
//! Two rates are derived rather than stored:
//! - France B2B (Code de commerce L441-10): ECB MRO rate in force on 1 January / 1 July + 10
//!   points ([`RateTables::ecb_plus`]);
//! - Belgium, law of 2 August 2002 art. 5: ECB MRO rate of the most recent operation before
//!   the first calendar day of the half-year + 8 points, rounded up to the next half point
//!   ([`RateTables::be_2002_rate`]); published values in [`RateSeries::Be2002`] override
//!   the rule.

use super::error::PenaltyError;
use super::half_year::HalfYear;
use super::rates_data;
use super::series::{RateSeries, RateSource};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One rate, in force from `effective` until the next entry of its series.
///
/// # Example
/// ```
/// use relance::penalties::RateEntry;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let e = RateEntry::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), dec!(1.75));
/// assert!(e.verified);
/// let json = serde_json::to_string(&e).unwrap();
/// assert_eq!(json, r#"{"effective":"2027-01-01","rate":"1.75","verified":true}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateEntry {
    /// First day the rate applies.
    pub effective: NaiveDate,
    /// Percent per year (`3.15` means 3.15 %).
    pub rate: Decimal,
    /// False when the value was seen only in unofficial sources; hosts should check it.
    #[serde(default = "yes")]
    pub verified: bool,
    /// Who published the value ([`RateSource::Host`] for the host's own entries, left
    /// out of the JSON).
    #[serde(default, skip_serializing_if = "RateSource::is_host")]
    pub source: RateSource,
}

fn yes() -> bool {
    true
}

impl RateEntry {
    /// A verified entry.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateEntry;
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let e = RateEntry::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), dec!(-0.5));
    /// assert_eq!(e.rate, dec!(-0.5));
    /// ```
    pub fn new(effective: NaiveDate, rate: Decimal) -> RateEntry {
        RateEntry {
            effective,
            rate,
            verified: true,
            source: RateSource::Host,
        }
    }
}

/// A rate looked up for a date, with where it came from.
///
/// # Example
/// ```
/// use relance::penalties::{RateSeries, RateTables};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let q = RateTables::builtin()
///     .rate_on(RateSeries::EcbMro, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
///     .unwrap();
/// assert_eq!(q.rate, dec!(3.15));
/// assert!(q.verified && !q.carried_forward);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateQuote {
    /// Percent per year.
    pub rate: Decimal,
    /// False when any value it depends on is unverified.
    pub verified: bool,
    /// True when the date lies beyond the data and the last known rate was carried forward.
    pub carried_forward: bool,
}

impl RateQuote {
    /// A verified quote for a rate that does not come from a table (e.g. a contract).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateQuote;
    /// use rust_decimal_macros::dec;
    /// let q = RateQuote::fixed(dec!(9));
    /// assert!(q.verified && !q.carried_forward);
    /// ```
    pub fn fixed(rate: Decimal) -> RateQuote {
        RateQuote {
            rate,
            verified: true,
            carried_forward: false,
        }
    }

    /// The same provenance with another rate (`rate + margin`, a rounded value...).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateQuote;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(RateQuote::fixed(dec!(2)).with_rate(dec!(10)).rate, dec!(10));
    /// ```
    pub fn with_rate(self, rate: Decimal) -> RateQuote {
        RateQuote { rate, ..self }
    }
}

/// The data of one series.
///
/// # Example
/// ```
/// use relance::penalties::SeriesData;
/// let s: SeriesData = serde_json::from_str(r#"{"entries":[{"effective":"2027-01-01","rate":"2.5"}]}"#).unwrap();
/// assert!(s.entries[0].verified && s.covered_until.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesData {
    /// Entries, sorted by effective date when built by [`RateTables`].
    pub entries: Vec<RateEntry>,
    /// Last day the data is known to cover. Defaults to the reach of the last entry.
    #[serde(default)]
    pub covered_until: Option<NaiveDate>,
}

/// All reference-rate series, plus the host's coverage policy.
///
/// Serialises as `{"carry_forward": false, "series": {"ecb-mro": {"entries": [...],
/// "covered_until": "2026-09-16"}, ...}}` (rates as strings), so a host can store and reload
/// it; deserialising validates every entry.
///
/// # Example
/// ```
/// use relance::penalties::{RateEntry, RateSeries, RateTables};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let mut tables = RateTables::builtin();
/// let jan_2027 = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
/// assert!(tables.rate_on(RateSeries::DeBasiszins, jan_2027).is_err());
/// tables.insert(RateSeries::DeBasiszins, RateEntry::new(jan_2027, dec!(1.40))).unwrap();
/// assert_eq!(tables.rate_on(RateSeries::DeBasiszins, jan_2027).unwrap().rate, dec!(1.40));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TablesRepr", into = "TablesRepr")]
pub struct RateTables {
    series: BTreeMap<RateSeries, Series>,
    carry_forward: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Series {
    entries: BTreeMap<NaiveDate, RateEntry>,
    covered_until: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
struct TablesRepr {
    #[serde(default)]
    carry_forward: bool,
    #[serde(default)]
    series: BTreeMap<RateSeries, SeriesData>,
}

impl TryFrom<TablesRepr> for RateTables {
    type Error = PenaltyError;
    fn try_from(repr: TablesRepr) -> Result<Self, Self::Error> {
        let mut t = RateTables::empty();
        t.carry_forward = repr.carry_forward;
        for (series, data) in repr.series {
            for entry in data.entries {
                t.insert(series, entry)?;
            }
            if let Some(until) = data.covered_until {
                t.set_covered_until(series, until);
            }
        }
        Ok(t)
    }
}

impl From<RateTables> for TablesRepr {
    fn from(t: RateTables) -> Self {
        let series = t
            .series
            .into_iter()
            .map(|(k, s)| {
                let data = SeriesData {
                    entries: s.entries.into_values().collect(),
                    covered_until: s.covered_until,
                };
                (k, data)
            })
            .collect();
        TablesRepr {
            carry_forward: t.carry_forward,
            series,
        }
    }
}

impl Default for RateTables {
    fn default() -> Self {
        RateTables::builtin()
    }
}

impl RateTables {
    /// Tables with no data at all (useful with the `contractual` regime, or to load a
    /// host's own data).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// assert_eq!(RateTables::empty().entries(RateSeries::EcbMro).count(), 0);
    /// ```
    pub fn empty() -> RateTables {
        RateTables {
            series: BTreeMap::new(),
            carry_forward: false,
        }
    }

    /// The values shipped with relance, from the reference file; `[U]` values are marked
    /// `verified: false`. Carry-forward is off.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// let t = RateTables::builtin();
    /// assert_eq!(t.covered_until(RateSeries::FrLegalOther),
    ///            NaiveDate::from_ymd_opt(2026, 12, 31));
    /// ```
    pub fn builtin() -> RateTables {
        let mut t = RateTables::empty();
        for data in rates_data::builtin() {
            let s = t.series.entry(data.series).or_default();
            for (y, m, d, hundredths, verified, source) in data.rows {
                // The rows are tested to be real dates.
                if let Some(effective) = NaiveDate::from_ymd_opt(y, m, d) {
                    let rate = Decimal::new(hundredths, 2);
                    s.entries.insert(
                        effective,
                        RateEntry {
                            effective,
                            rate,
                            verified,
                            source,
                        },
                    );
                }
            }
            let (y, m, d) = data.covered_until;
            s.covered_until = NaiveDate::from_ymd_opt(y, m, d);
        }
        t
    }

    /// Adds an entry, replacing any entry of the same series and date, and extends the
    /// series' coverage to the entry's reach (end of its half-year, or the day itself for
    /// the ECB rate).
    ///
    /// # Errors
    /// [`PenaltyError::RateOutOfRange`] outside -100..=100; [`PenaltyError::NotHalfYearStart`]
    /// for a half-yearly series dated other than 1 January or 1 July.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateEntry, RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let mut t = RateTables::builtin();
    /// let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    /// t.insert(RateSeries::EcbMro, RateEntry::new(day, dec!(2.90))).unwrap();
    /// assert_eq!(t.covered_until(RateSeries::EcbMro), Some(day));
    /// ```
    pub fn insert(&mut self, series: RateSeries, entry: RateEntry) -> Result<(), PenaltyError> {
        check_rate(entry.rate)?;
        if series.is_half_yearly() && !HalfYear::is_start(entry.effective) {
            return Err(PenaltyError::NotHalfYearStart {
                series,
                date: entry.effective,
            });
        }
        let reach = entry_reach(series, entry.effective);
        let s = self.series.entry(series).or_default();
        s.entries.insert(entry.effective, entry);
        s.covered_until = Some(s.covered_until.map_or(reach, |c| c.max(reach)));
        Ok(())
    }

    /// Declares the data of `series` valid up to and including `until` (e.g. "checked
    /// today: the ECB rate has not changed"). May also shorten coverage.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// let mut t = RateTables::builtin();
    /// let today = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    /// t.set_covered_until(RateSeries::EcbMro, today);
    /// assert!(t.rate_on(RateSeries::EcbMro, today).is_ok());
    /// ```
    pub fn set_covered_until(&mut self, series: RateSeries, until: NaiveDate) {
        self.series.entry(series).or_default().covered_until = Some(until);
    }

    /// Last day `series` is known to cover, if it has any data.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// assert_eq!(RateTables::builtin().covered_until(RateSeries::BoeReference),
    ///            NaiveDate::from_ymd_opt(2026, 6, 30));
    /// ```
    pub fn covered_until(&self, series: RateSeries) -> Option<NaiveDate> {
        self.series.get(&series).and_then(|s| s.covered_until)
    }

    /// Opt in (or out) of carrying the last known rate forward past the data. Quotes made
    /// that way say so ([`RateQuote::carried_forward`]).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// let mut t = RateTables::builtin();
    /// let later = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    /// t.set_carry_forward(true);
    /// assert!(t.rate_on(RateSeries::FrLegalOther, later).unwrap().carried_forward);
    /// ```
    pub fn set_carry_forward(&mut self, allow: bool) {
        self.carry_forward = allow;
    }

    /// Whether the last known rate is carried forward past the data.
    ///
    /// # Example
    /// ```
    /// assert!(!relance::penalties::RateTables::builtin().carry_forward());
    /// ```
    pub fn carry_forward(&self) -> bool {
        self.carry_forward
    }

    /// The entries of a series, oldest first.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// let t = RateTables::builtin();
    /// let unverified = t.entries(RateSeries::EcbMro).filter(|e| !e.verified).count();
    /// assert_eq!(unverified, 3);
    /// ```
    pub fn entries(&self, series: RateSeries) -> impl Iterator<Item = &RateEntry> {
        self.series
            .get(&series)
            .into_iter()
            .flat_map(|s| s.entries.values())
    }

    /// The rate of `series` in force on `date`.
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`] before the first entry, or after the coverage
    /// unless carry-forward is on.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{RateSeries, RateTables};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let q = RateTables::builtin()
    ///     .rate_on(RateSeries::FrLegalPrivate, NaiveDate::from_ymd_opt(2024, 9, 1).unwrap())
    ///     .unwrap();
    /// assert_eq!(q.rate, dec!(8.16));
    /// ```
    pub fn rate_on(&self, series: RateSeries, date: NaiveDate) -> Result<RateQuote, PenaltyError> {
        self.lookup(series, date, self.carry_forward)
    }

    fn lookup(
        &self,
        series: RateSeries,
        date: NaiveDate,
        carry: bool,
    ) -> Result<RateQuote, PenaltyError> {
        let not_covered = PenaltyError::RateNotCovered { series, date };
        let s = self.series.get(&series).ok_or(not_covered.clone())?;
        let (_, entry) = s
            .entries
            .range(..=date)
            .next_back()
            .ok_or(not_covered.clone())?;
        let covered = s.covered_until.is_some_and(|c| date <= c);
        if !covered && !carry {
            return Err(not_covered);
        }
        Ok(RateQuote {
            rate: entry.rate,
            verified: entry.verified,
            carried_forward: !covered,
        })
    }

    /// ECB MRO rate in force on the first day of `half` plus `margin` points: France B2B
    /// (L441-10, margin 10) and the Late Payment Directive (2011/7/EU art. 2(6), margin 8).
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`] naming the half-year's first day.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables};
    /// use rust_decimal_macros::dec;
    /// let t = RateTables::builtin();
    /// let h = HalfYear { year: 2025, second: true };
    /// assert_eq!(t.ecb_plus(h, dec!(10)).unwrap().rate, dec!(12.15));
    /// ```
    pub fn ecb_plus(&self, half: HalfYear, margin: Decimal) -> Result<RateQuote, PenaltyError> {
        let q = self.rate_on(RateSeries::EcbMro, half.start())?;
        let rate = q
            .rate
            .checked_add(margin)
            .ok_or(PenaltyError::RateOutOfRange { rate: q.rate })?;
        Ok(q.with_rate(rate))
    }

    /// The Belgian 2002-law rate for `half` (law of 2 August 2002, art. 5): the published
    /// value when [`RateSeries::Be2002`] covers the half-year, otherwise
    /// [`RateTables::be_2002_derived`].
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`] when neither the published values nor the ECB
    /// rate cover the half-year.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables};
    /// use rust_decimal_macros::dec;
    /// let t = RateTables::builtin();
    /// assert_eq!(t.be_2002_rate(HalfYear { year: 2024, second: true }).unwrap().rate, dec!(12.5));
    /// ```
    pub fn be_2002_rate(&self, half: HalfYear) -> Result<RateQuote, PenaltyError> {
        match self.lookup(RateSeries::Be2002, half.start(), false) {
            Ok(q) => Ok(q),
            Err(_) => self.be_2002_derived(half),
        }
    }

    /// The Belgian 2002-law rule alone: ECB MRO rate of the most recent operation before
    /// the first calendar day of `half`, + 8 points, rounded up to the next half point.
    ///
    /// # Errors
    /// [`PenaltyError::RateNotCovered`] naming the day before the half-year.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::{HalfYear, RateTables};
    /// use rust_decimal_macros::dec;
    /// // MRO 3.15 % before 1 January 2025: 11.15 rounds up to 11.5.
    /// let t = RateTables::builtin();
    /// assert_eq!(t.be_2002_derived(HalfYear { year: 2025, second: false }).unwrap().rate,
    ///            dec!(11.5));
    /// ```
    pub fn be_2002_derived(&self, half: HalfYear) -> Result<RateQuote, PenaltyError> {
        let start = half.start();
        let before = start
            .pred_opt()
            .ok_or(PenaltyError::DateOutOfRange { date: start })?;
        let q = self.rate_on(RateSeries::EcbMro, before)?;
        let overflow = PenaltyError::RateOutOfRange { rate: q.rate };
        let plus_eight = q
            .rate
            .checked_add(Decimal::from(8))
            .ok_or(overflow.clone())?;
        let doubled = plus_eight
            .checked_mul(Decimal::TWO)
            .ok_or(overflow.clone())?;
        let rate = doubled.ceil().checked_div(Decimal::TWO).ok_or(overflow)?;
        Ok(q.with_rate(rate.normalize()))
    }
}

/// Last day an entry dated `effective` is known to cover on its own: the end of its
/// half-year for half-yearly series, the day itself for the ECB rate.
fn entry_reach(series: RateSeries, effective: NaiveDate) -> NaiveDate {
    if series.is_half_yearly() {
        HalfYear::containing(effective).end()
    } else {
        effective
    }
}

/// Rejects rates outside -100..=100 percent per year.
pub(crate) fn check_rate(rate: Decimal) -> Result<(), PenaltyError> {
    let hundred = Decimal::ONE_HUNDRED;
    if rate > hundred || rate < -hundred {
        return Err(PenaltyError::RateOutOfRange { rate });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lookup_uses_the_latest_entry_on_or_before_the_date() {
        let t = RateTables::builtin();
        let mro = |date| t.rate_on(RateSeries::EcbMro, date).unwrap().rate;
        assert_eq!(mro(d(2024, 6, 11)), dec!(4.50));
        assert_eq!(mro(d(2024, 6, 12)), dec!(4.25));
        assert_eq!(mro(d(2016, 3, 16)), dec!(0.00));
    }

    #[test]
    fn before_the_first_entry_is_never_carried() {
        let mut t = RateTables::builtin();
        t.set_carry_forward(true);
        let err = t.rate_on(RateSeries::EcbMro, d(2007, 6, 12)).unwrap_err();
        assert_eq!(
            err,
            PenaltyError::RateNotCovered {
                series: RateSeries::EcbMro,
                date: d(2007, 6, 12)
            }
        );
    }

    #[test]
    fn carry_forward_is_opt_in_and_flagged() {
        let mut t = RateTables::builtin();
        let later = d(2031, 3, 1);
        assert!(t.rate_on(RateSeries::DeBasiszins, later).is_err());
        t.set_carry_forward(true);
        let q = t.rate_on(RateSeries::DeBasiszins, later).unwrap();
        assert_eq!(q.rate, dec!(1.52));
        assert!(q.carried_forward);
        assert!(!q.verified, "2026 H2 Basiszinssatz is [U]");
    }

    #[test]
    fn half_yearly_series_reject_mid_half_year_entries() {
        let mut t = RateTables::empty();
        let e = RateEntry::new(d(2027, 2, 1), dec!(1));
        assert!(matches!(
            t.insert(RateSeries::FrLegalOther, e),
            Err(PenaltyError::NotHalfYearStart { .. })
        ));
        assert!(t.insert(RateSeries::EcbMro, e).is_ok());
        assert!(
            t.insert(RateSeries::EcbMro, RateEntry::new(d(2027, 3, 1), dec!(101)))
                .is_err()
        );
    }

    #[test]
    fn host_override_replaces_a_value() {
        let mut t = RateTables::builtin();
        let e = RateEntry::new(d(2026, 7, 1), dec!(2.80));
        t.insert(RateSeries::FrLegalOther, e).unwrap();
        let q = t.rate_on(RateSeries::FrLegalOther, d(2026, 8, 1)).unwrap();
        assert_eq!((q.rate, q.verified), (dec!(2.80), true));
    }

    #[test]
    fn tables_round_trip_through_json() {
        let t = RateTables::builtin();
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains(r#""rate":"0.05""#), "rates are strings");
        let back: RateTables = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        let bad =
            r#"{"series":{"de-basiszins":{"entries":[{"effective":"2027-02-01","rate":"1"}]}}}"#;
        let err = serde_json::from_str::<RateTables>(bad).unwrap_err();
        assert!(err.to_string().contains("2027-02-01"), "{err}");
    }
}
