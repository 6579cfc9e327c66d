//! The reference rates shipped with relance, copied from `late-payment-law.md`.
//!
//! Rates are in hundredths of a percent (`315` = 3.15 %). `false` in the last column marks
//! the values the reference file flags `[U]` (seen only in unofficial sources). Later values
//! are unknown: each series says how far it reaches, and the host extends it at run time.

use super::rates::{RateEntry, RateSeries};
use chrono::NaiveDate;
use rust_decimal::Decimal;

type Row = (i32, u32, u32, i64, bool);

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
const ECB_MRO_UNTIL: (i32, u32, u32) = (2026, 9, 16);

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
const FR_LEGAL_PRIVATE_UNTIL: (i32, u32, u32) = (2026, 6, 30);
const FR_LEGAL_OTHER_UNTIL: (i32, u32, u32) = (2026, 12, 31);

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
const DE_BASISZINS_UNTIL: (i32, u32, u32) = (2026, 12, 31);

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
const BE_2002_UNTIL: (i32, u32, u32) = (2026, 6, 30);

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
const BOE_REFERENCE_UNTIL: (i32, u32, u32) = (2026, 6, 30);

fn date((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn entry(y: i32, m: u32, d: u32, hundredths: i64, verified: bool) -> Option<RateEntry> {
    Some(RateEntry {
        effective: date((y, m, d))?,
        rate: Decimal::new(hundredths, 2),
        verified,
    })
}

fn rows(rows: &[Row]) -> Vec<RateEntry> {
    rows.iter()
        .filter_map(|&(y, m, d, r, v)| entry(y, m, d, r, v))
        .collect()
}

/// Every built-in series with its entries and the last day it covers.
pub(super) fn builtin() -> Vec<(RateSeries, Vec<RateEntry>, NaiveDate)> {
    let private = FR_LEGAL
        .iter()
        .filter_map(|&(y, m, p, _, _)| entry(y, m, 1, p?, true))
        .collect();
    let other = FR_LEGAL
        .iter()
        .filter_map(|&(y, m, _, o, v)| entry(y, m, 1, o, v))
        .collect();
    let all = [
        (RateSeries::EcbMro, rows(ECB_MRO), ECB_MRO_UNTIL),
        (RateSeries::FrLegalPrivate, private, FR_LEGAL_PRIVATE_UNTIL),
        (RateSeries::FrLegalOther, other, FR_LEGAL_OTHER_UNTIL),
        (
            RateSeries::DeBasiszins,
            rows(DE_BASISZINS),
            DE_BASISZINS_UNTIL,
        ),
        (RateSeries::Be2002, rows(BE_2002), BE_2002_UNTIL),
        (
            RateSeries::BoeReference,
            rows(BOE_REFERENCE),
            BOE_REFERENCE_UNTIL,
        ),
    ];
    all.into_iter()
        .filter_map(|(s, e, until)| Some((s, e, date(until)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_real_date_and_sorted() {
        let all = builtin();
        assert_eq!(all.len(), 6);
        assert_eq!(
            all.iter().map(|(_, e, _)| e.len()).sum::<usize>(),
            22 + 23 + 24 + 10 + 7 + 13
        );
        for (series, entries, until) in &all {
            assert!(
                entries.windows(2).all(|w| w[0].effective < w[1].effective),
                "{series}"
            );
            assert!(entries.iter().all(|e| e.effective <= *until), "{series}");
        }
    }
}
