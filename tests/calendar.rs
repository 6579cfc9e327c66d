//! Scenario tests: known public holidays 2024–2027 per country, substitute bank holidays,
//! deadlines, and the property that a computed business day is never a weekend or holiday.

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;
use relance::calendar::{
    BusinessCalendar, DeadlineRule, Feast, HolidaySet, NonBusinessDay, easter_sunday,
};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid test date")
}

fn dates(set: HolidaySet, year: i32) -> Vec<String> {
    set.holidays(year)
        .iter()
        .map(|h| h.date.to_string())
        .collect()
}

#[test]
fn france_2024_to_2027() {
    assert_eq!(
        dates(HolidaySet::France, 2024),
        [
            "2024-01-01",
            "2024-04-01",
            "2024-05-01",
            "2024-05-08",
            "2024-05-09",
            "2024-05-20",
            "2024-07-14",
            "2024-08-15",
            "2024-11-01",
            "2024-11-11",
            "2024-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::France, 2025),
        [
            "2025-01-01",
            "2025-04-21",
            "2025-05-01",
            "2025-05-08",
            "2025-05-29",
            "2025-06-09",
            "2025-07-14",
            "2025-08-15",
            "2025-11-01",
            "2025-11-11",
            "2025-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::France, 2026),
        [
            "2026-01-01",
            "2026-04-06",
            "2026-05-01",
            "2026-05-08",
            "2026-05-14",
            "2026-05-25",
            "2026-07-14",
            "2026-08-15",
            "2026-11-01",
            "2026-11-11",
            "2026-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::France, 2027),
        [
            "2027-01-01",
            "2027-03-29",
            "2027-05-01",
            "2027-05-06",
            "2027-05-08",
            "2027-05-17",
            "2027-07-14",
            "2027-08-15",
            "2027-11-01",
            "2027-11-11",
            "2027-12-25"
        ]
    );
}

#[test]
fn alsace_moselle_adds_good_friday_and_saint_etienne() {
    let fr = dates(HolidaySet::France, 2025);
    let am = dates(HolidaySet::FranceAlsaceMoselle, 2025);
    assert_eq!(am.len(), fr.len() + 2);
    assert!(am.contains(&"2025-04-18".to_string()));
    assert!(am.contains(&"2025-12-26".to_string()));
    assert!(!fr.contains(&"2025-04-18".to_string()));
}

#[test]
fn belgium_2024_to_2027() {
    assert_eq!(
        dates(HolidaySet::Belgium, 2024),
        [
            "2024-01-01",
            "2024-04-01",
            "2024-05-01",
            "2024-05-09",
            "2024-05-20",
            "2024-07-21",
            "2024-08-15",
            "2024-11-01",
            "2024-11-11",
            "2024-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Belgium, 2025),
        [
            "2025-01-01",
            "2025-04-21",
            "2025-05-01",
            "2025-05-29",
            "2025-06-09",
            "2025-07-21",
            "2025-08-15",
            "2025-11-01",
            "2025-11-11",
            "2025-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Belgium, 2026),
        [
            "2026-01-01",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-05-25",
            "2026-07-21",
            "2026-08-15",
            "2026-11-01",
            "2026-11-11",
            "2026-12-25"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Belgium, 2027),
        [
            "2027-01-01",
            "2027-03-29",
            "2027-05-01",
            "2027-05-06",
            "2027-05-17",
            "2027-07-21",
            "2027-08-15",
            "2027-11-01",
            "2027-11-11",
            "2027-12-25"
        ]
    );
}

#[test]
fn germany_2024_to_2027_nationwide() {
    assert_eq!(
        dates(HolidaySet::Germany, 2024),
        [
            "2024-01-01",
            "2024-03-29",
            "2024-04-01",
            "2024-05-01",
            "2024-05-09",
            "2024-05-20",
            "2024-10-03",
            "2024-12-25",
            "2024-12-26"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Germany, 2025),
        [
            "2025-01-01",
            "2025-04-18",
            "2025-04-21",
            "2025-05-01",
            "2025-05-29",
            "2025-06-09",
            "2025-10-03",
            "2025-12-25",
            "2025-12-26"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Germany, 2026),
        [
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-05-25",
            "2026-10-03",
            "2026-12-25",
            "2026-12-26"
        ]
    );
    assert_eq!(
        dates(HolidaySet::Germany, 2027),
        [
            "2027-01-01",
            "2027-03-26",
            "2027-03-29",
            "2027-05-01",
            "2027-05-06",
            "2027-05-17",
            "2027-10-03",
            "2027-12-25",
            "2027-12-26"
        ]
    );
}

#[test]
fn england_and_wales_2024_to_2027_with_substitute_days() {
    assert_eq!(
        dates(HolidaySet::EnglandAndWales, 2024),
        [
            "2024-01-01",
            "2024-03-29",
            "2024-04-01",
            "2024-05-06",
            "2024-05-27",
            "2024-08-26",
            "2024-12-25",
            "2024-12-26"
        ]
    );
    assert_eq!(
        dates(HolidaySet::EnglandAndWales, 2025),
        [
            "2025-01-01",
            "2025-04-18",
            "2025-04-21",
            "2025-05-05",
            "2025-05-26",
            "2025-08-25",
            "2025-12-25",
            "2025-12-26"
        ]
    );
    // Boxing Day 2026 is a Saturday: substitute Monday 28 December.
    assert_eq!(
        dates(HolidaySet::EnglandAndWales, 2026),
        [
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-26",
            "2026-12-28"
        ]
    );
    // Christmas 2027 is a Saturday and Boxing Day a Sunday: substitutes 27 and 28 December.
    assert_eq!(
        dates(HolidaySet::EnglandAndWales, 2027),
        [
            "2027-01-01",
            "2027-03-26",
            "2027-03-29",
            "2027-05-03",
            "2027-05-31",
            "2027-08-30",
            "2027-12-25",
            "2027-12-26",
            "2027-12-27",
            "2027-12-28"
        ]
    );
    let subs: Vec<(String, Feast)> = HolidaySet::EnglandAndWales
        .holidays(2027)
        .into_iter()
        .filter(|h| h.substitute)
        .map(|h| (h.date.to_string(), h.feast))
        .collect();
    assert_eq!(
        subs,
        [
            ("2027-12-27".to_string(), Feast::ChristmasDay),
            ("2027-12-28".to_string(), Feast::BoxingDay)
        ]
    );
    let cal = BusinessCalendar::new(HolidaySet::EnglandAndWales);
    assert!(!cal.is_business_day(d("2026-12-28")));
    assert!(!cal.is_business_day(d("2027-12-27")));
    assert!(!cal.is_business_day(d("2027-12-28")));
    assert_eq!(cal.next_business_day(d("2027-12-24")), Ok(d("2027-12-24")));
    assert_eq!(cal.next_business_day(d("2027-12-25")), Ok(d("2027-12-29")));
}

#[test]
fn new_year_substitutes_in_england_and_wales() {
    // 1 January 2022 was a Saturday (substitute Monday 3), 2023 a Sunday (Monday 2).
    assert!(dates(HolidaySet::EnglandAndWales, 2022).contains(&"2022-01-03".to_string()));
    assert!(dates(HolidaySet::EnglandAndWales, 2023).contains(&"2023-01-02".to_string()));
    assert!(dates(HolidaySet::EnglandAndWales, 2023).contains(&"2023-05-08".to_string()));
}

#[test]
fn host_closures_and_reasons() {
    let cal = BusinessCalendar::new(HolidaySet::Germany).with_closure(d("2025-12-24"));
    assert_eq!(
        cal.non_business_reason(d("2025-12-24")),
        Some(NonBusinessDay::Closure)
    );
    assert_eq!(cal.next_business_day(d("2025-12-24")), Ok(d("2025-12-29")));
    assert_eq!(
        cal.add_business_days(d("2025-12-23"), 1),
        Ok(d("2025-12-29"))
    );
}

#[test]
fn deadlines_in_calendar_and_business_days() {
    let cal = BusinessCalendar::new(HolidaySet::Belgium);
    // 14 calendar days from Monday 7 July 2025 end on Monday 21 July, the national day,
    // so the deadline moves to Tuesday 22 July unless extension is off.
    let start = d("2025-07-07");
    assert_eq!(
        cal.deadline(start, &DeadlineRule::calendar_days(14)),
        Ok(d("2025-07-22"))
    );
    assert_eq!(
        cal.deadline(start, &DeadlineRule::calendar_days(14).without_extension()),
        Ok(d("2025-07-21"))
    );
    assert_eq!(
        cal.deadline(start, &DeadlineRule::business_days(14)),
        Ok(d("2025-07-28"))
    );
}

fn any_set() -> impl Strategy<Value = HolidaySet> {
    prop_oneof![
        Just(HolidaySet::France),
        Just(HolidaySet::FranceAlsaceMoselle),
        Just(HolidaySet::Belgium),
        Just(HolidaySet::Germany),
        Just(HolidaySet::EnglandAndWales),
        Just(HolidaySet::WeekendsOnly),
    ]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // Days from 0001-01-01 to 9999-12-31.
    (0i64..3_652_059)
        .prop_map(|n| NaiveDate::from_ymd_opt(1, 1, 1).expect("date") + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn a_computed_business_day_is_never_a_weekend_or_holiday(
        set in any_set(),
        date in any_date(),
        n in 1u32..40,
        closure_offsets in proptest::collection::vec(0u64..30, 0..10),
    ) {
        let mut cal = BusinessCalendar::new(set);
        for off in &closure_offsets {
            if let Some(c) = date.checked_add_days(chrono::Days::new(*off)) {
                cal.add_closure(c);
            }
        }
        for day in [cal.next_business_day(date).unwrap(), cal.add_business_days(date, n).unwrap()] {
            prop_assert!(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun));
            prop_assert!(set.holiday_on(day).is_none());
            prop_assert!(!cal.closures().contains(&day));
            prop_assert!(day >= date);
        }
        // next_business_day skips only non-business days.
        let next = cal.next_business_day(date).unwrap();
        let mut x = date;
        while x < next {
            prop_assert!(!cal.is_business_day(x));
            x = x.succ_opt().unwrap();
        }
    }

    #[test]
    fn easter_is_a_sunday_between_22_march_and_25_april(year in -262_000i32..262_000) {
        let e = easter_sunday(year).unwrap();
        prop_assert_eq!(e.weekday(), Weekday::Sun);
        prop_assert!((e.month(), e.day()) >= (3, 22) && (e.month(), e.day()) <= (4, 25));
    }

    #[test]
    fn holidays_are_sorted_within_the_year_and_substitutes_are_weekdays(
        set in any_set(),
        year in -9999i32..9999,
    ) {
        let h = set.holidays(year);
        prop_assert!(h.windows(2).all(|w| w[0].date <= w[1].date));
        for x in &h {
            prop_assert_eq!(x.date.year(), year);
            if x.substitute {
                prop_assert!(!matches!(x.date.weekday(), Weekday::Sat | Weekday::Sun));
            }
        }
    }
}
