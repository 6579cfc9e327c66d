//! Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

use chrono::NaiveDate;

/// Easter Sunday of `year` in the (proleptic) Gregorian calendar.
///
/// Computed with the anonymous Gregorian algorithm (published in *Nature* in 1876, given
/// by Jean Meeus in *Astronomical Algorithms*). Floor division and a non-negative remainder
/// are used throughout, so the computation is valid for negative years as well; the result
/// is always a Sunday from 22 March to 25 April.
///
/// Returns `None` only if the date falls outside chrono's representable range, which cannot
/// happen for any year chrono accepts.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use relance::calendar::easter_sunday;
/// assert_eq!(easter_sunday(2025), NaiveDate::from_ymd_opt(2025, 4, 20));
/// assert_eq!(easter_sunday(2027), NaiveDate::from_ymd_opt(2027, 3, 28));
/// ```
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // i64 so that no intermediate product can overflow for any i32 year.
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn known_easter_sundays() {
        // Including the extremes of the range: 22 March (1818, 2285) and 25 April (1943, 2038).
        for (y, m, day) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), d(y, m, day), "{y}");
        }
    }

    #[test]
    fn chrono_range_edges_do_not_panic_and_stay_in_range() {
        for y in [
            NaiveDate::MIN.year(),
            NaiveDate::MIN.year() + 1,
            -1,
            0,
            1,
            NaiveDate::MAX.year() - 1,
            NaiveDate::MAX.year(),
        ] {
            let e = easter_sunday(y).expect("in range");
            assert_eq!(e.weekday(), Weekday::Sun);
            assert!((e.month(), e.day()) >= (3, 22) && (e.month(), e.day()) <= (4, 25));
        }
    }
}
