//! Scenario tests: local dates and sending decisions around daylight-saving changes in
//! Europe/Paris and Europe/London, a customer in Pacific/Auckland already on tomorrow's
//! date, DST gaps and folds inside a window, and bounded searches.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use relance::Channel;
use relance::calendar::{BusinessCalendar, CalendarError, HolidaySet};
use relance::{LocalTimeError, Zone, local_date};
use relance::{SendDecision, SendingWindow, SendingWindowError, SendingWindows};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid instant")
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("valid date")
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn zone(name: &str) -> Zone {
    Zone::by_name(name).expect("known zone")
}

/// Decides with the default 08:00–19:00 window; returns (send instant, local wall time).
fn decide(now: &str, tz: &str, cal: &BusinessCalendar) -> (bool, String, String) {
    let d = SendingWindow::default()
        .decide(utc(now), zone(tz), cal)
        .expect("decision");
    (
        d.is_deferred(),
        d.send_at().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        d.local().format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn fr() -> BusinessCalendar {
    BusinessCalendar::new(HolidaySet::France)
}

fn gb() -> BusinessCalendar {
    BusinessCalendar::new(HolidaySet::EnglandAndWales)
}

#[test]
fn paris_spring_forward_local_dates() {
    // Clocks go from 02:00 CET to 03:00 CEST at 2025-03-30T01:00:00Z.
    let paris = zone("Europe/Paris");
    let before = paris.local_date_time(utc("2025-03-30T00:59:59Z")).unwrap();
    let after = paris.local_date_time(utc("2025-03-30T01:00:00Z")).unwrap();
    assert_eq!(before.to_string(), "2025-03-30 01:59:59");
    assert_eq!(after.to_string(), "2025-03-30 03:00:00");
    // 23:30 UTC on Saturday is already Sunday in Paris.
    assert_eq!(
        local_date(utc("2025-03-29T23:30:00Z"), "Europe/Paris").unwrap(),
        date("2025-03-30")
    );
}

#[test]
fn paris_spring_forward_window_decisions() {
    // Sunday either side of the change: deferred to Monday 08:00 CEST = 06:00Z.
    for now in ["2025-03-30T00:59:59Z", "2025-03-30T01:00:00Z"] {
        assert_eq!(
            decide(now, "Europe/Paris", &fr()),
            (
                true,
                "2025-03-31T06:00:00Z".into(),
                "2025-03-31 08:00".into()
            ),
            "{now}"
        );
    }
    // Friday 19:30 CET, after the window: Monday 08:00 is summer time, so 06:00Z, not 07:00Z.
    assert_eq!(
        decide("2025-03-28T18:30:00Z", "Europe/Paris", &fr()),
        (
            true,
            "2025-03-31T06:00:00Z".into(),
            "2025-03-31 08:00".into()
        )
    );
    // Friday 18:59 CET: inside.
    assert_eq!(
        decide("2025-03-28T17:59:00Z", "Europe/Paris", &fr()),
        (
            false,
            "2025-03-28T17:59:00Z".into(),
            "2025-03-28 18:59".into()
        )
    );
    // Monday, one second before and exactly at 08:00 CEST.
    assert!(decide("2025-03-31T05:59:59Z", "Europe/Paris", &fr()).0);
    assert!(!decide("2025-03-31T06:00:00Z", "Europe/Paris", &fr()).0);
}

#[test]
fn paris_fall_back_local_dates_and_decisions() {
    // Clocks go from 03:00 CEST back to 02:00 CET at 2025-10-26T01:00:00Z.
    let paris = zone("Europe/Paris");
    assert_eq!(
        paris
            .local_date_time(utc("2025-10-26T00:59:59Z"))
            .unwrap()
            .to_string(),
        "2025-10-26 02:59:59"
    );
    assert_eq!(
        paris
            .local_date_time(utc("2025-10-26T01:00:00Z"))
            .unwrap()
            .to_string(),
        "2025-10-26 02:00:00"
    );
    for now in ["2025-10-26T00:59:59Z", "2025-10-26T01:00:00Z"] {
        assert_eq!(
            decide(now, "Europe/Paris", &fr()),
            (
                true,
                "2025-10-27T07:00:00Z".into(),
                "2025-10-27 08:00".into()
            ),
            "{now}"
        );
    }
    // Friday 19:30 CEST: Monday 08:00 is winter time again, 07:00Z.
    assert_eq!(
        decide("2025-10-24T17:30:00Z", "Europe/Paris", &fr()).1,
        "2025-10-27T07:00:00Z"
    );
}

#[test]
fn london_spring_forward_local_dates_and_decisions() {
    // Clocks go from 01:00 GMT to 02:00 BST at 2025-03-30T01:00:00Z.
    let london = zone("Europe/London");
    assert_eq!(
        london
            .local_date_time(utc("2025-03-30T00:59:59Z"))
            .unwrap()
            .to_string(),
        "2025-03-30 00:59:59"
    );
    assert_eq!(
        london
            .local_date_time(utc("2025-03-30T01:00:00Z"))
            .unwrap()
            .to_string(),
        "2025-03-30 02:00:00"
    );
    for now in ["2025-03-30T00:59:59Z", "2025-03-30T01:00:00Z"] {
        assert_eq!(
            decide(now, "Europe/London", &gb()),
            (
                true,
                "2025-03-31T07:00:00Z".into(),
                "2025-03-31 08:00".into()
            )
        );
    }
    // 23:30 UTC on Sunday: a week earlier it is still Sunday in London, after the change it
    // is already Monday 00:30 BST.
    assert_eq!(
        london.local_date(utc("2025-03-23T23:30:00Z")).unwrap(),
        date("2025-03-23")
    );
    assert_eq!(
        london.local_date(utc("2025-03-30T23:30:00Z")).unwrap(),
        date("2025-03-31")
    );
    assert_eq!(
        decide("2025-03-23T23:30:00Z", "Europe/London", &gb()).1,
        "2025-03-24T08:00:00Z"
    );
    assert_eq!(
        decide("2025-03-30T23:30:00Z", "Europe/London", &gb()).1,
        "2025-03-31T07:00:00Z"
    );
}

#[test]
fn london_fall_back_local_dates_and_decisions() {
    // Clocks go from 02:00 BST back to 01:00 GMT at 2025-10-26T01:00:00Z.
    let london = zone("Europe/London");
    assert_eq!(
        london
            .local_date_time(utc("2025-10-26T00:59:59Z"))
            .unwrap()
            .to_string(),
        "2025-10-26 01:59:59"
    );
    assert_eq!(
        london
            .local_date_time(utc("2025-10-26T01:00:00Z"))
            .unwrap()
            .to_string(),
        "2025-10-26 01:00:00"
    );
    for now in ["2025-10-26T00:59:59Z", "2025-10-26T01:00:00Z"] {
        assert_eq!(
            decide(now, "Europe/London", &gb()).1,
            "2025-10-27T08:00:00Z"
        );
    }
    // Friday 18:59:59 BST is inside, 19:00:00 BST is not (the end is excluded).
    assert!(!decide("2025-10-24T17:59:59Z", "Europe/London", &gb()).0);
    assert_eq!(
        decide("2025-10-24T18:00:00Z", "Europe/London", &gb()).1,
        "2025-10-27T08:00:00Z"
    );
}

#[test]
fn london_bank_holiday_substitute_defers_to_the_next_business_day() {
    // Thursday 24 December 2026 at 19:30 GMT: Christmas Friday, Boxing Day Saturday with its
    // substitute on Monday 28: next slot Tuesday 29 December 08:00 GMT.
    assert_eq!(
        decide("2026-12-24T19:30:00Z", "Europe/London", &gb()).1,
        "2026-12-29T08:00:00Z"
    );
}

#[test]
fn auckland_customer_is_already_on_tomorrow() {
    let cal = BusinessCalendar::new(HolidaySet::WeekendsOnly);
    // Tuesday 10 June 2025 22:00 UTC is Wednesday 11 June 10:00 NZST.
    let now = utc("2025-06-10T22:00:00Z");
    assert_eq!(
        local_date(now, "Pacific/Auckland").unwrap(),
        date("2025-06-11")
    );
    assert_eq!(
        decide("2025-06-10T22:00:00Z", "Pacific/Auckland", &cal),
        (
            false,
            "2025-06-10T22:00:00Z".into(),
            "2025-06-11 10:00".into()
        )
    );
    // Friday 13 June 21:00 UTC is Saturday 09:00 in Auckland: Monday 16 June 08:00 NZST,
    // which is Sunday 15 June 20:00 UTC.
    assert_eq!(
        decide("2025-06-13T21:00:00Z", "Pacific/Auckland", &cal),
        (
            true,
            "2025-06-15T20:00:00Z".into(),
            "2025-06-16 08:00".into()
        )
    );
    // Across the end of NZ daylight saving (Sunday 6 April 2025, 03:00 NZDT -> 02:00 NZST):
    // Friday 4 April 19:30 NZDT defers to Monday 7 April 08:00 NZST = 6 April 20:00 UTC.
    assert_eq!(
        decide("2025-04-04T06:30:00Z", "Pacific/Auckland", &cal).1,
        "2025-04-06T20:00:00Z"
    );
}

#[test]
fn window_start_in_a_dst_gap_opens_at_the_jump() {
    // Cairo, Friday 16 May 2014: at 00:00 EET clocks jumped to 01:00 EEST (2014-05-15T22:00Z).
    // A window opening at 00:30 opens at the jump, 01:00 local.
    let cal = BusinessCalendar::new(HolidaySet::WeekendsOnly);
    let w = SendingWindow::new(hm(0, 30), hm(10, 0)).unwrap();
    let d = w
        .decide(utc("2014-05-15T21:00:00Z"), zone("Africa/Cairo"), &cal)
        .unwrap();
    assert_eq!(
        d,
        SendDecision::Defer {
            until: utc("2014-05-15T22:00:00Z"),
            local: "2014-05-16T01:00:00".parse().unwrap()
        }
    );
}

#[test]
fn dst_fold_reopens_a_closed_window_and_picks_the_right_occurrence() {
    // Cairo, Thursday 26 June 2014: at 24:00 EEST (21:00Z) clocks went back to 23:00 EET.
    let cal = BusinessCalendar::new(HolidaySet::WeekendsOnly);
    let cairo = zone("Africa/Cairo");
    // Window 22:00–23:30; at 23:45 EEST it is closed, but the wall clock comes back to 23:00.
    let w = SendingWindow::new(hm(22, 0), hm(23, 30)).unwrap();
    let d = w.decide(utc("2014-06-26T20:45:00Z"), cairo, &cal).unwrap();
    assert_eq!(d.send_at(), utc("2014-06-26T21:00:00Z"));
    assert_eq!(d.local().to_string(), "2014-06-26 23:00:00");
    // Window 23:15–23:45; at 23:05 EET (second pass) the first 23:15 is past: take the second.
    let w = SendingWindow::new(hm(23, 15), hm(23, 45)).unwrap();
    let d = w.decide(utc("2014-06-26T21:05:00Z"), cairo, &cal).unwrap();
    assert_eq!(d.send_at(), utc("2014-06-26T21:15:00Z"));
    // And at 23:05 EEST (first pass), the first occurrence.
    let d = w.decide(utc("2014-06-26T20:05:00Z"), cairo, &cal).unwrap();
    assert_eq!(d.send_at(), utc("2014-06-26T20:15:00Z"));
}

#[test]
fn unknown_zone_is_a_typed_error_naming_it() {
    assert_eq!(
        local_date(utc("2025-01-01T00:00:00Z"), "Europe/Pariss"),
        Err(LocalTimeError::UnknownTimeZone {
            name: "Europe/Pariss".into()
        })
    );
    let e = serde_json::from_str::<Zone>("\"Europe/Pariss\"").unwrap_err();
    assert!(e.to_string().contains("Europe/Pariss"), "{e}");
}

#[test]
fn empty_window_and_calendar_without_business_day_are_errors_not_hangs() {
    assert_eq!(
        SendingWindow::new(hm(8, 0), hm(8, 0)),
        Err(SendingWindowError::InvalidWindow {
            start: hm(8, 0),
            end: hm(8, 0)
        })
    );
    assert!(SendingWindow::new(hm(19, 0), hm(8, 0)).is_err());
    let mut cal = BusinessCalendar::new(HolidaySet::France);
    cal.add_closure_range(date("2025-01-01"), date("2025-12-31"))
        .unwrap();
    cal.add_closure_range(date("2026-01-01"), date("2026-12-31"))
        .unwrap();
    let e = SendingWindow::default()
        .decide(utc("2025-01-02T10:00:00Z"), zone("Europe/Paris"), &cal)
        .unwrap_err();
    assert!(
        matches!(
            e,
            SendingWindowError::Calendar(CalendarError::NoBusinessDay { .. })
        ),
        "{e:?}"
    );
}

#[test]
fn out_of_range_instant_is_an_error() {
    let e = SendingWindow::default()
        .decide(DateTime::<Utc>::MAX_UTC, zone("Europe/Paris"), &fr())
        .unwrap_err();
    assert!(matches!(e, SendingWindowError::LocalTime(_)), "{e:?}");
}

#[test]
fn per_channel_windows_serde() {
    let json = r#"{"per_channel": {"sms": {"start": "09:00", "end": "18:00"}}}"#;
    let w: SendingWindows = serde_json::from_str(json).unwrap();
    assert_eq!(w.for_channel(Channel::Sms).start(), hm(9, 0));
    assert_eq!(w.for_channel(Channel::Email), &SendingWindow::default());
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        r#"{"default":{"start":"08:00:00","end":"19:00:00"},"per_channel":{"sms":{"start":"09:00:00","end":"18:00:00"}}}"#
    );
    assert!(
        serde_json::from_str::<SendingWindows>(
            r#"{"per_channel": {"sms": {"start": "18:00", "end": "09:00"}}}"#
        )
        .is_err()
    );
}

#[test]
fn a_per_channel_window_for_something_else_than_a_channel_is_refused_on_load() {
    // Keyed by name, "SMS" or "fax" used to load and never apply to any notice.
    for key in ["SMS", "fax"] {
        let json =
            format!(r#"{{"per_channel": {{"{key}": {{"start": "09:00", "end": "18:00"}}}}}}"#);
        let e = serde_json::from_str::<SendingWindows>(&json).expect_err(key);
        assert!(e.to_string().contains(key), "{e}");
    }
    let every: SendingWindows = serde_json::from_str(
        r#"{"per_channel": {"email": {"start": "09:00", "end": "18:00"},
            "letter": {"start": "09:00", "end": "18:00"},
            "registered_letter": {"start": "09:00", "end": "18:00"},
            "sms": {"start": "09:00", "end": "18:00"}, "phone": {"start": "09:00", "end": "18:00"},
            "portal": {"start": "09:00", "end": "18:00"}}}"#,
    )
    .expect("every channel by its JSON name");
    assert_eq!(every.per_channel.len(), 6);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn allowed(w: &SendingWindow, z: Zone, cal: &BusinessCalendar, t: DateTime<Utc>) -> bool {
        let local = z.local_date_time(t).unwrap();
        cal.is_business_day(local.date()) && w.contains(local.time())
    }

    proptest! {
        #[test]
        fn a_deferral_lands_on_an_allowed_instant_just_after_a_forbidden_one(
            secs in 1_704_067_200i64..1_830_297_600, // 2024-01-01 to 2027-12-31
            zone_name in prop::sample::select(vec![
                "Europe/Paris", "Europe/London", "Europe/Brussels", "Europe/Berlin",
                "Pacific/Auckland", "America/New_York", "Asia/Kolkata",
            ]),
            set in prop::sample::select(vec![
                HolidaySet::France, HolidaySet::Belgium, HolidaySet::Germany,
                HolidaySet::EnglandAndWales,
            ]),
            start_min in 0u32..1200,
            len_min in 1u32..240,
        ) {
            let now = DateTime::from_timestamp(secs, 0).unwrap();
            let z = zone(zone_name);
            let cal = BusinessCalendar::new(set);
            let end_min = (start_min + len_min).min(1439);
            let w = SendingWindow::new(hm(start_min / 60, start_min % 60), hm(end_min / 60, end_min % 60)).unwrap();
            let d = w.decide(now, z, &cal).unwrap();
            prop_assert!(d.send_at() >= now);
            prop_assert!(allowed(&w, z, &cal, d.send_at()));
            prop_assert_eq!(d.local(), z.local_date_time(d.send_at()).unwrap());
            match d {
                SendDecision::SendNow { at, .. } => prop_assert_eq!(at, now),
                SendDecision::Defer { until, .. } => {
                    prop_assert!(!allowed(&w, z, &cal, now));
                    prop_assert!(!allowed(&w, z, &cal, until - chrono::TimeDelta::seconds(1)));
                }
            }
        }
    }
}
