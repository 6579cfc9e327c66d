//! The reference rates shipped with relance, copied from `late-payment-law.md`.
//!
//! Rates are in hundredths of a percent (`315` = 3.15 %). `false` in the last column marks
//! the values the reference file flags `[U]` (seen only in unofficial sources). Later values
//! are unknown: each series says how far it reaches, and the host extends it at run time.
//!
//! Raw rows only: [`RateTables::builtin`](super::RateTables::builtin) turns them into
//! checked entries.

use super::series::RateSeries;

/// One value: year, month, day it takes effect, rate in hundredths of a percent, verified.
pub(super) type Row = (i32, u32, u32, i64, bool);

/// A day as (year, month, day).
pub(super) type Day = (i32, u32, u32);

/// A built-in series: its rows, oldest first, and the last day the data covers.
pub(super) struct BuiltinSeries {
    /// The series.
    pub series: RateSeries,
    /// Its values.
    pub rows: Vec<Row>,
    /// The last day the values are known to cover.
    pub covered_until: Day,
}

/// ECB main refinancing operations rate by effective date (Banque de France table; later
/// rows from press releases).
const ECB_MRO: &[Row] = &[
    (2014, 9, 10, 5, true),
    (2016, 3, 16, 0, true),
    (2022, 7, 27, 50, true),
    (2022, 9, 14, 125, true),
    (2022, 11, 2, 200, true),
    (2022, 12, 21, 250, true),
    (2023, 2, 8, 300, true),
    (2023, 3, 22, 350, true),
    (2023, 5, 10, 375, true),
    (2023, 6, 21, 400, true),
    (2023, 8, 2, 425, true),
    (2023, 9, 20, 450, true),
    (2024, 6, 12, 425, true),
    (2024, 9, 18, 365, true),
    (2024, 10, 23, 340, true),
    (2024, 12, 18, 315, true),
    (2025, 2, 5, 290, true),
    (2025, 3, 12, 265, true),
    (2025, 4, 23, 240, false),
    (2025, 6, 11, 215, true),
    (2026, 6, 17, 240, false),
    (2026, 9, 16, 265, false),
];
const ECB_MRO_UNTIL: Day = (2026, 9, 16);

/// French legal interest rate by half-year (service-public.fr, arretes semestriels):
/// (year, month of the half-year start, private-person creditor, all other cases).
/// `None` where the value is unknown; the bool marks the "other" value as verified.
const FR_LEGAL: &[(i32, u32, Option<i64>, i64, bool)] = &[
    (2015, 1, Some(406), 93, true),
    (2015, 7, Some(429), 99, true),
    (2016, 1, Some(454), 101, true),
    (2016, 7, Some(435), 93, true),
    (2017, 1, Some(416), 90, true),
    (2017, 7, Some(394), 90, true),
    (2018, 1, Some(373), 89, true),
    (2018, 7, Some(360), 88, true),
    (2019, 1, Some(340), 86, true),
    (2019, 7, Some(326), 87, true),
    (2020, 1, Some(315), 87, true),
    (2020, 7, Some(311), 84, true),
    (2021, 1, Some(314), 79, true),
    (2021, 7, Some(312), 76, true),
    (2022, 1, Some(313), 76, true),
    (2022, 7, Some(315), 77, true),
    (2023, 1, Some(447), 206, true),
    (2023, 7, Some(682), 422, true),
    (2024, 1, Some(801), 507, true),
    (2024, 7, Some(816), 492, true),
    (2025, 1, Some(721), 371, true),
    (2025, 7, Some(665), 276, true),
    (2026, 1, Some(667), 262, true),
    (2026, 7, None, 275, false),
];
const FR_LEGAL_PRIVATE_UNTIL: Day = (2026, 6, 30);
const FR_LEGAL_OTHER_UNTIL: Day = (2026, 12, 31);

/// German Basiszinssatz (BGB 247), change points only.
const DE_BASISZINS: &[Row] = &[
    (2015, 1, 1, -83, true),
    (2016, 7, 1, -88, true),
    (2023, 1, 1, 162, true),
    (2023, 7, 1, 312, true),
    (2024, 1, 1, 362, true),
    (2024, 7, 1, 337, true),
    (2025, 1, 1, 227, true),
    (2025, 7, 1, 127, true),
    (2026, 1, 1, 127, true),
    (2026, 7, 1, 152, false),
];
const DE_BASISZINS_UNTIL: Day = (2026, 12, 31);

/// Belgian 2002-law rate, published values (change points; 2015 H1 to 2026 H1).
const BE_2002: &[Row] = &[
    (2015, 1, 1, 850, true),
    (2016, 7, 1, 800, true),
    (2023, 1, 1, 1050, true),
    (2023, 7, 1, 1200, true),
    (2024, 1, 1, 1250, true),
    (2025, 1, 1, 1150, true),
    (2025, 7, 1, 1050, true),
];
const BE_2002_UNTIL: Day = (2026, 6, 30);

/// UK reference rate (BoE base rate on 31 Dec / 30 Jun before the half-year), keyed by the
/// half-year in which interest starts to run (change points; 2015 H1 to 2026 H1).
const BOE_REFERENCE: &[Row] = &[
    (2015, 1, 1, 50, true),
    (2017, 1, 1, 25, true),
    (2018, 1, 1, 50, true),
    (2019, 1, 1, 75, true),
    (2020, 7, 1, 10, true),
    (2022, 1, 1, 25, true),
    (2022, 7, 1, 125, true),
    (2023, 1, 1, 350, true),
    (2023, 7, 1, 500, true),
    (2024, 1, 1, 525, true),
    (2025, 1, 1, 475, true),
    (2025, 7, 1, 425, true),
    (2026, 1, 1, 375, true),
];
const BOE_REFERENCE_UNTIL: Day = (2026, 6, 30);

/// Every built-in series. The French legal rate table is split into its two columns (the
/// private-person column has no value for its last half-year).
pub(super) fn builtin() -> Vec<BuiltinSeries> {
    let private = FR_LEGAL
        .iter()
        .filter_map(|&(y, m, p, _, _)| Some((y, m, 1, p?, true)))
        .collect();
    let other = FR_LEGAL
        .iter()
        .map(|&(y, m, _, o, v)| (y, m, 1, o, v))
        .collect();
    let series = |series, rows: Vec<Row>, covered_until| BuiltinSeries {
        series,
        rows,
        covered_until,
    };
    vec![
        series(RateSeries::EcbMro, ECB_MRO.to_vec(), ECB_MRO_UNTIL),
        series(RateSeries::FrLegalPrivate, private, FR_LEGAL_PRIVATE_UNTIL),
        series(RateSeries::FrLegalOther, other, FR_LEGAL_OTHER_UNTIL),
        series(
            RateSeries::DeBasiszins,
            DE_BASISZINS.to_vec(),
            DE_BASISZINS_UNTIL,
        ),
        series(RateSeries::Be2002, BE_2002.to_vec(), BE_2002_UNTIL),
        series(
            RateSeries::BoeReference,
            BOE_REFERENCE.to_vec(),
            BOE_REFERENCE_UNTIL,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_real_date_and_sorted() {
        let all = builtin();
        assert_eq!(all.len(), 6);
        assert_eq!(
            all.iter().map(|s| s.rows.len()).sum::<usize>(),
            22 + 23 + 24 + 10 + 7 + 13
        );
        let date = |(y, m, d): Day| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for s in &all {
            let days: Vec<_> = s
                .rows
                .iter()
                .map(|&(y, m, d, _, _)| date((y, m, d)))
                .collect();
            assert!(days.windows(2).all(|w| w[0] < w[1]), "{}", s.series);
            assert!(
                days.iter().all(|d| *d <= date(s.covered_until)),
                "{}",
                s.series
            );
        }
    }
}
