//! The reference rates shipped with relance: the values of `late-payment-law.md` and, for
//! the years before 2015, values checked against the publisher's notices (as reproduced
//! by the sources named on each table).
//!
//! Rates are in hundredths of a percent (`315` = 3.15 %). Each row names its publisher
//! ([`RateSource`]) and says whether it is verified: `false` marks the values the
//! reference file flags `[U]` and the ones seen only in one unofficial source. Later
//! values are unknown: each series says how far it reaches, and the host extends it at
//! run time.
//!
//! Raw rows only: [`RateTables::builtin`](super::RateTables::builtin) turns them into
//! checked entries.

use super::series::{RateSeries, RateSource};

/// One value: year, month, day it takes effect, rate in hundredths of a percent,
/// verified, publisher.
pub(super) type Row = (i32, u32, u32, i64, bool, RateSource);

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

const ECB: RateSource = RateSource::EcbDecision;
const BBK: RateSource = RateSource::BundesbankNotice;
const BE: RateSource = RateSource::BelgianFinanceNotice;
const BOE: RateSource = RateSource::BankOfEnglandDecision;

/// ECB main refinancing operations rate by effective date (the rate of the operation
/// settled on that day). Banque de France, "Key ECB interest rates" (fixed-rate tenders
/// from 15 October 2008), and the Bank of Slovenia's table of ECB rates (minimum bid rate
/// of the variable-rate tenders before: 4.00 from 13 June 2007, 4.25 from 9 July 2008);
/// later rows from the ECB's press releases. The first row is the rate in force on
/// 1 January 2008.
const ECB_MRO: &[Row] = &[
    (2007, 6, 13, 400, true, ECB),
    (2008, 7, 9, 425, true, ECB),
    (2008, 10, 15, 375, true, ECB),
    (2008, 11, 12, 325, true, ECB),
    (2008, 12, 10, 250, true, ECB),
    (2009, 1, 21, 200, true, ECB),
    (2009, 3, 11, 150, true, ECB),
    (2009, 4, 8, 125, true, ECB),
    (2009, 5, 13, 100, true, ECB),
    (2011, 4, 13, 125, true, ECB),
    (2011, 7, 13, 150, true, ECB),
    (2011, 11, 9, 125, true, ECB),
    (2011, 12, 14, 100, true, ECB),
    (2012, 7, 11, 75, true, ECB),
    (2013, 5, 8, 50, true, ECB),
    (2013, 11, 13, 25, true, ECB),
    (2014, 6, 11, 15, true, ECB),
    (2014, 9, 10, 5, true, ECB),
    (2016, 3, 16, 0, true, ECB),
    (2022, 7, 27, 50, true, ECB),
    (2022, 9, 14, 125, true, ECB),
    (2022, 11, 2, 200, true, ECB),
    (2022, 12, 21, 250, true, ECB),
    (2023, 2, 8, 300, true, ECB),
    (2023, 3, 22, 350, true, ECB),
    (2023, 5, 10, 375, true, ECB),
    (2023, 6, 21, 400, true, ECB),
    (2023, 8, 2, 425, true, ECB),
    (2023, 9, 20, 450, true, ECB),
    (2024, 6, 12, 425, true, ECB),
    (2024, 9, 18, 365, true, ECB),
    (2024, 10, 23, 340, true, ECB),
    (2024, 12, 18, 315, true, ECB),
    (2025, 2, 5, 290, true, ECB),
    (2025, 3, 12, 265, true, ECB),
    (2025, 4, 23, 240, false, ECB),
    (2025, 6, 11, 215, true, ECB),
    (2026, 6, 17, 240, false, ECB),
    (2026, 9, 16, 265, false, ECB),
];
const ECB_MRO_UNTIL: Day = (2026, 9, 16);

/// French legal interest rate by half-year: (year, month of the half-year start,
/// private-person creditor, all other cases, verified). Until 2014 one rate per calendar
/// year, the same for every creditor, set by annual décret (Code monétaire et financier
/// L313-2; e.g. décret 2010-127 for 2010, 2013-178 for 2013, 2014-98 for 2014): 3.99
/// (2008), 3.79 (2009), 0.65 (2010), 0.38 (2011), 0.71 (2012), 0.04 (2013, 2014). From
/// 2015 two rates per half-year by arrêté (service-public.fr). `None` where the value is
/// unknown.
const FR_LEGAL: &[(i32, u32, Option<i64>, i64, bool)] = &[
    (2008, 1, Some(399), 399, true),
    (2009, 1, Some(379), 379, true),
    (2010, 1, Some(65), 65, true),
    (2011, 1, Some(38), 38, true),
    (2012, 1, Some(71), 71, true),
    (2013, 1, Some(4), 4, true),
    (2014, 1, Some(4), 4, true),
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

/// German Basiszinssatz (BGB 247), change points only: the Bundesbank's notices in the
/// Bundesanzeiger (2002-2007 with their Bundesanzeiger numbers, e.g. 2002 no. 3 p. 98 for
/// 1 January 2002; the Bundesbank's table "Basiszinssatz nach § 247 BGB" as reproduced by
/// Haufe, 2 January 2014, for 2002-2014).
const DE_BASISZINS: &[Row] = &[
    (2002, 1, 1, 257, true, BBK),
    (2002, 7, 1, 247, true, BBK),
    (2003, 1, 1, 197, true, BBK),
    (2003, 7, 1, 122, true, BBK),
    (2004, 1, 1, 114, true, BBK),
    (2004, 7, 1, 113, true, BBK),
    (2005, 1, 1, 121, true, BBK),
    (2005, 7, 1, 117, true, BBK),
    (2006, 1, 1, 137, true, BBK),
    (2006, 7, 1, 195, true, BBK),
    (2007, 1, 1, 270, true, BBK),
    (2007, 7, 1, 319, true, BBK),
    (2008, 1, 1, 332, true, BBK),
    (2008, 7, 1, 319, true, BBK),
    (2009, 1, 1, 162, true, BBK),
    (2009, 7, 1, 12, true, BBK),
    (2011, 7, 1, 37, true, BBK),
    (2012, 1, 1, 12, true, BBK),
    (2013, 1, 1, -13, true, BBK),
    (2013, 7, 1, -38, true, BBK),
    (2014, 1, 1, -63, true, BBK),
    (2014, 7, 1, -73, true, BBK),
    (2015, 1, 1, -83, true, BBK),
    (2016, 7, 1, -88, true, BBK),
    (2023, 1, 1, 162, true, BBK),
    (2023, 7, 1, 312, true, BBK),
    (2024, 1, 1, 362, true, BBK),
    (2024, 7, 1, 337, true, BBK),
    (2025, 1, 1, 227, true, BBK),
    (2025, 7, 1, 127, true, BBK),
    (2026, 1, 1, 127, true, BBK),
    (2026, 7, 1, 152, false, BBK),
];
const DE_BASISZINS_UNTIL: Day = (2026, 12, 31);

/// Belgian 2002-law rate, published values (change points), for contracts concluded,
/// renewed or extended since 16 March 2013 (law of 22 November 2013) and, from 16 March
/// 2015, for every contract. SPF Finances notices in the Moniteur belge: 2013 and 2014 H1
/// in the two notices of 23 January 2014 (nos 2014/03032 and 03033: 9 % for 2013 H1,
/// applicable from 16 March 2013, 8.5 % for 2013 H2 and 2014 H1); 2014 H2 seen only in
/// a law firm's summary (Schoups, 2016), matching the rule (0.15 + 8 rounded up: 8.5);
/// 2015 H1 onwards from the reference file.
const BE_2002: &[Row] = &[
    (2013, 1, 1, 900, true, BE),
    (2013, 7, 1, 850, true, BE),
    (2014, 1, 1, 850, true, BE),
    (2014, 7, 1, 850, false, BE),
    (2015, 1, 1, 850, true, BE),
    (2016, 7, 1, 800, true, BE),
    (2023, 1, 1, 1050, true, BE),
    (2023, 7, 1, 1200, true, BE),
    (2024, 1, 1, 1250, true, BE),
    (2025, 1, 1, 1150, true, BE),
    (2025, 7, 1, 1050, true, BE),
];
const BE_2002_UNTIL: Day = (2026, 6, 30);

/// Belgian 2002-law rate for contracts concluded before 16 March 2013, until 15 March 2015
/// (law of 2 August 2002 art. 14, second paragraph, as amended on 22 November 2013: the
/// former rule, ECB + 7 points rounded up to the next half point, during a two-year
/// transition). 2013 and 2014 H1: the Moniteur belge notices of 23 January 2014 (8 %,
/// 7.5 %, 7.5 %); 2014 H2 and 1 January to 15 March 2015 seen only in a law firm's
/// summary (Schoups, 2016), matching the former rule (7.5 %).
const BE_2002_BEFORE_2013: &[Row] = &[
    (2013, 1, 1, 800, true, BE),
    (2013, 7, 1, 750, true, BE),
    (2014, 1, 1, 750, true, BE),
    (2014, 7, 1, 750, false, BE),
    (2015, 1, 1, 750, false, BE),
];
const BE_2002_BEFORE_2013_UNTIL: Day = (2015, 3, 15);

/// UK reference rate (Bank of England Bank Rate on 31 Dec / 30 Jun before the half-year),
/// keyed by the half-year in which interest starts to run (change points). Bank Rate was
/// 2.00 % from 4 December 2008 and 0.50 % from 5 March 2009 to 3 August 2016 (MPC
/// decisions, as listed by the BBC and The Guardian): 2.00 for 2009 H1, 0.50 from 2009 H2
/// to 2016 H2. 2015 H1 onwards from the reference file.
const BOE_REFERENCE: &[Row] = &[
    (2009, 1, 1, 200, true, BOE),
    (2009, 7, 1, 50, true, BOE),
    (2015, 1, 1, 50, true, BOE),
    (2017, 1, 1, 25, true, BOE),
    (2018, 1, 1, 50, true, BOE),
    (2019, 1, 1, 75, true, BOE),
    (2020, 7, 1, 10, true, BOE),
    (2022, 1, 1, 25, true, BOE),
    (2022, 7, 1, 125, true, BOE),
    (2023, 1, 1, 350, true, BOE),
    (2023, 7, 1, 500, true, BOE),
    (2024, 1, 1, 525, true, BOE),
    (2025, 1, 1, 475, true, BOE),
    (2025, 7, 1, 425, true, BOE),
    (2026, 1, 1, 375, true, BOE),
];
const BOE_REFERENCE_UNTIL: Day = (2026, 6, 30);

/// Every built-in series. The French legal rate table is split into its two columns (the
/// private-person column has no value for its last half-year).
pub(super) fn builtin() -> Vec<BuiltinSeries> {
    let fr = RateSource::FrenchLegalRateOrder;
    let private = FR_LEGAL
        .iter()
        .filter_map(|&(y, m, p, _, _)| Some((y, m, 1, p?, true, fr)))
        .collect();
    let other = FR_LEGAL
        .iter()
        .map(|&(y, m, _, o, v)| (y, m, 1, o, v, fr))
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
            RateSeries::Be2002Before2013,
            BE_2002_BEFORE_2013.to_vec(),
            BE_2002_BEFORE_2013_UNTIL,
        ),
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
        assert_eq!(all.len(), 7);
        let rows: Vec<_> = all.iter().map(|s| (s.series, s.rows.len())).collect();
        assert_eq!(
            rows,
            [
                (RateSeries::EcbMro, 17 + 22),
                (RateSeries::FrLegalPrivate, 7 + 23),
                (RateSeries::FrLegalOther, 7 + 24),
                (RateSeries::DeBasiszins, 22 + 10),
                (RateSeries::Be2002, 4 + 7),
                (RateSeries::Be2002Before2013, 5),
                (RateSeries::BoeReference, 2 + 13),
            ]
        );
        let date = |(y, m, d): Day| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for s in &all {
            let days: Vec<_> = s
                .rows
                .iter()
                .map(|&(y, m, d, _, _, _)| date((y, m, d)))
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
