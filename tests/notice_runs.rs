//! Notices in runs: contact pressure, opt-outs and fallback, multi-channel completion,
//! runs at a UTC instant in each customer's time zone, sending windows across DST.

mod notice_fixtures;

use chrono::{DateTime, Utc};
use notice_fixtures::*;
use proptest::prelude::*;
use relance::StepDelivery;
use relance::Zone;
use relance::memory::{MemoryStore, RecordingDelivery};
use relance::*;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

fn one_step_book(channels: &[Channel]) -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "one",
        vec![
            Step::new("reminder", Stage::Amicable, 7, channels),
            Step::new("second", Stage::Amicable, 20, &[Channel::Email]),
        ],
    )])
    .expect("valid")
}

fn notices(p: &Plan) -> Vec<&Notice> {
    p.actions
        .iter()
        .filter_map(|a| match a {
            Action::Notice(n) => Some(n),
            _ => None,
        })
        .collect()
}

#[test]
fn contact_pressure_one_notice_per_customer_within_five_days() {
    let book = one_step_book(&[Channel::Email]);
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    // INV-2 and INV-3 fall due after INV-1's reminder (otherwise they would join it).
    let mut accounts: Vec<Account> = [
        ("INV-1", "2025-02-01"),
        ("INV-2", "2025-02-09"),
        ("INV-3", "2025-02-10"),
    ]
    .iter()
    .map(|(id, due)| Account::open(invoice(id, id, Currency::EUR, "100.00", due)).expect("open"))
    .collect();
    let policy = Policy::default().with_contact_pressure_days(10);
    let mut sent: Vec<(chrono::NaiveDate, Vec<String>)> = Vec::new();
    let mut day = d("2025-02-01");
    while day <= d("2025-02-20") {
        let portfolio = vec![CustomerAccounts {
            customer: c.clone(),
            accounts: accounts.clone(),
        }];
        let p = Dunning::new(book.clone(), policy.clone())
            .unwrap()
            .plan(day, &portfolio);
        for n in notices(&p) {
            sent.push((day, n.lines.iter().map(|l| l.invoice.to_string()).collect()));
        }
        for e in execute(&p.actions) {
            for a in accounts.iter_mut() {
                if a.invoice().id == e.invoice {
                    a.apply(&e).expect("applies");
                }
            }
        }
        day = day.succ_opt().expect("date");
    }
    // INV-1 reminded on 8 February; INV-2 (reminder due 16 February) and INV-3 (17
    // February) wait for the 10-day window to pass and go together on 18 February.
    assert_eq!(
        sent,
        vec![
            (d("2025-02-08"), vec!["INV-1".to_string()]),
            (
                d("2025-02-18"),
                vec!["INV-2".to_string(), "INV-3".to_string()]
            ),
        ]
    );
    // The default policy holds INV-2 back two days after INV-1's notice; 0 days lifts it.
    let fresh: Vec<Account> = [("INV-1", "2025-02-01"), ("INV-2", "2025-02-03")]
        .iter()
        .map(|(id, due)| {
            Account::open(invoice(id, id, Currency::EUR, "100.00", due)).expect("open")
        })
        .collect();
    let mut first = fresh.clone();
    // INV-2 is recorded by the host only after INV-1's reminder went out.
    let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(
        d("2025-02-08"),
        &[CustomerAccounts {
            customer: c.clone(),
            accounts: vec![first[0].clone()],
        }],
    );
    for e in execute(&p.actions) {
        first[0].apply(&e).expect("applies");
    }
    let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(
        d("2025-02-10"),
        &[CustomerAccounts {
            customer: c.clone(),
            accounts: first.clone(),
        }],
    );
    assert!(
        notices(&p).is_empty(),
        "the default policy applies contact pressure"
    );
    let p = Dunning::new(
        book.clone(),
        Policy::default().with_contact_pressure_days(0),
    )
    .unwrap()
    .plan(
        d("2025-02-10"),
        &[CustomerAccounts {
            customer: c,
            accounts: first,
        }],
    );
    assert_eq!(notices(&p).len(), 1, "0 days: no limit");
}

#[test]
fn opt_outs_are_respected_and_fall_back_to_a_letter() {
    let book = one_step_book(&[Channel::Email, Channel::Sms]);
    let mut c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let acc = Account::open(invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "100.00",
        "2025-02-01",
    ))
    .expect("open");
    let run = |c: &Customer| {
        Dunning::new(book.clone(), Policy::default()).unwrap().plan(
            d("2025-02-08"),
            &[CustomerAccounts {
                customer: c.clone(),
                accounts: vec![acc.clone()],
            }],
        )
    };
    let channels = |p: &Plan| notices(p).iter().map(|n| n.channel).collect::<Vec<_>>();
    assert_eq!(channels(&run(&c)), [Channel::Email, Channel::Sms]);
    // Opted out of SMS: the SMS becomes a letter.
    c.contacts.opt_out.insert(Channel::Sms);
    assert_eq!(channels(&run(&c)), [Channel::Email, Channel::Letter]);
    // No e-mail address and opted out of SMS: one letter.
    c.contacts.email = None;
    assert_eq!(channels(&run(&c)), [Channel::Letter]);
    // Opted out of letters too: nothing on those channels, and the host is told.
    c.contacts.email = Some("a@b.example".into());
    c.contacts.opt_out.insert(Channel::Letter);
    let p = run(&c);
    assert_eq!(channels(&p), [Channel::Email]);
    assert!(
        p.problems
            .iter()
            .any(|x| x.message.contains("opted out of sms")),
        "{:?}",
        p.problems
    );
    // Everything opted out: no notice, the step is not recorded, and it is reported.
    c.contacts.opt_out.insert(Channel::Email);
    let p = run(&c);
    assert!(notices(&p).is_empty());
    assert_eq!(p.problems.len(), 2);
    // Stored contacts without opt-outs still load.
    let old: Customer = serde_json::from_str(
        r#"{"id": "C-9", "name": "Old", "kind": "business", "country": "FR", "language": "fr",
            "time_zone": "Europe/Paris", "contacts": {"email": "old@example.com"}}"#,
    )
    .expect("old data");
    assert!(old.contacts.opt_out.is_empty());
}

#[test]
fn a_step_is_done_only_when_every_channel_succeeded() {
    let book = one_step_book(&[Channel::Email, Channel::Sms]);
    let mut store = MemoryStore::new();
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    store.add_customer(c);
    store
        .add_invoice(invoice(
            "INV-1",
            "F-1",
            Currency::EUR,
            "100.00",
            "2025-02-01",
        ))
        .expect("invoice");
    let mut delivery = RecordingDelivery::default();
    delivery.fail_channel(Channel::Sms, "no such number");
    let policy = Policy::default();
    // Saturday 8 February: nothing is planned, so the notice is not dated on a day it
    // cannot leave; the run says to come back on Monday at 08:00 in Paris.
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-02-08T10:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert!(r.planned.is_empty() && r.waiting.is_empty());
    assert_eq!(r.next_window(), Some(at("2025-02-10T07:00:00Z")));
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-02-10T09:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert_eq!((r.delivered.len(), r.failed.len()), (1, 1));
    let id: InvoiceId = "INV-1".into();
    let acc = store.account(&id).expect("account").clone();
    let s = StepDelivery::of(&acc).expect("a step");
    assert_eq!(s.step, 0);
    assert!(s.channels[&Channel::Email].is_delivered());
    assert_eq!(s.failed(), [Channel::Sms]);
    assert!(!s.is_complete(&[Channel::Email, Channel::Sms]));
    // The partial failure shows in the state: on hold for a person.
    assert!(
        matches!(acc.status(), Status::OnHold { .. }),
        "{:?}",
        acc.status()
    );
    // After the hold, the next step (due 23 February: 13 days after the first, as the
    // ladder's offsets say) is not planned while SMS failed.
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-02-24T09:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert!(r.planned.is_empty());
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("not delivered on sms")),
        "{:?}",
        r.problems
    );
    // The host re-sends the SMS by hand and records it: the ladder goes on.
    store
        .record(&[Event::new(
            &id,
            d("2025-02-24"),
            EventKind::NoticeDelivered {
                key: "manual".into(),
                channel: Channel::Sms,
                receipt: "by hand".into(),
            },
        )])
        .expect("record");
    let acc = store.account(&id).expect("account");
    assert!(
        StepDelivery::of(acc)
            .expect("step")
            .is_complete(&[Channel::Email, Channel::Sms])
    );
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-02-24T10:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert_eq!(r.delivered.len(), 1);
}

fn single_customer_store(zone: &str, country: Country, due: &str) -> (LadderBook, MemoryStore) {
    let book = one_step_book(&[Channel::Email]);
    let mut store = MemoryStore::new();
    let mut c = customer(country, Language::En, CustomerKind::Business);
    c.time_zone = zone.parse().expect("zone");
    store.add_customer(c);
    store
        .add_invoice(invoice("INV-1", "F-1", Currency::EUR, "100.00", due))
        .expect("invoice");
    (book, store)
}

#[test]
fn a_customer_in_auckland_is_already_tomorrow() {
    // The reminder is due on Wednesday 11 June 2025. At 22:00 UTC on the 10th it is
    // 10:00 on the 11th in Auckland: planned and delivered; still the 10th in London.
    let now = at("2025-06-10T22:00:00Z");
    let (book, mut auckland) =
        single_customer_store("Pacific/Auckland", "NZ".parse().expect("NZ"), "2025-06-04");
    let mut delivery = RecordingDelivery::default();
    let r = Dunning::new(book.clone(), Policy::default())
        .unwrap()
        .run(now, &mut auckland, &mut delivery, RunOptions::new())
        .expect("run");
    assert_eq!(r.delivered.len(), 1);
    let Action::Notice(n) = &delivery.sent()[0] else {
        panic!("a notice")
    };
    assert_eq!(
        n.as_of,
        d("2025-06-11"),
        "planned on the customer's local date"
    );
    let (book, mut london) = single_customer_store("Europe/London", Country::GB, "2025-06-04");
    let r = Dunning::new(book.clone(), Policy::default())
        .unwrap()
        .run(now, &mut london, &mut delivery, RunOptions::new())
        .expect("run");
    assert!(
        r.planned.is_empty(),
        "23:00 on the 10th in London: not due yet"
    );
}

#[test]
fn the_window_decision_across_daylight_saving_changes() {
    let policy = Policy::default();
    // Paris, 06:30 UTC on a Monday: 07:30 in winter (too early), 08:30 in summer (sent).
    for (now, sent, local_date) in [
        ("2025-03-24T06:30:00Z", false, "2025-03-24"), // CET, before the change
        ("2025-03-31T06:30:00Z", true, "2025-03-31"),  // CEST, after 30 March
    ] {
        let (book, mut store) = single_customer_store("Europe/Paris", Country::FR, "2025-03-14");
        let mut delivery = RecordingDelivery::default();
        let r = Dunning::new(book.clone(), policy.clone())
            .unwrap()
            .run(at(now), &mut store, &mut delivery, RunOptions::new())
            .expect("run");
        assert_eq!(r.delivered.len() == 1, sent, "{now}");
        let paris = Zone::by_name("Europe/Paris").expect("zone");
        assert_eq!(paris.local_date(at(now)).expect("date"), d(local_date));
        if !sent {
            assert_eq!(r.next_window(), Some(at("2025-03-24T07:00:00Z")));
        }
    }
    // London, 07:30 UTC on a Monday: 08:30 BST before 26 October (sent), 07:30 GMT after.
    for (now, sent, next) in [
        ("2025-10-20T07:30:00Z", true, None),
        ("2025-10-27T07:30:00Z", false, Some("2025-10-27T08:00:00Z")),
    ] {
        let (book, mut store) = single_customer_store("Europe/London", Country::GB, "2025-10-10");
        let mut delivery = RecordingDelivery::default();
        let r = Dunning::new(book.clone(), policy.clone())
            .unwrap()
            .run(at(now), &mut store, &mut delivery, RunOptions::new())
            .expect("run");
        assert_eq!(r.delivered.len() == 1, sent, "{now}");
        assert_eq!(r.next_window(), next.map(at));
    }
    // Just before and after midnight on the night of the spring change in Paris: the
    // local date follows the wall clock.
    let paris = Zone::by_name("Europe/Paris").expect("zone");
    assert_eq!(
        paris.local_date(at("2025-03-29T22:59:59Z")).expect("d"),
        d("2025-03-29")
    );
    assert_eq!(
        paris.local_date(at("2025-03-29T23:00:00Z")).expect("d"),
        d("2025-03-30")
    );
}

#[test]
fn no_delivery_on_a_public_holiday_and_a_later_run_delivers() {
    // Thursday 1 May 2025 is Labour Day in France: held until Friday 2 May 08:00.
    let (book, mut store) = single_customer_store("Europe/Paris", Country::FR, "2025-04-24");
    let mut delivery = RecordingDelivery::default();
    let policy = Policy::default();
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-05-01T09:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert!(r.planned.is_empty(), "not dated on a day it cannot leave");
    assert!(delivery.sent().is_empty());
    assert_eq!(r.next_window(), Some(at("2025-05-02T06:00:00Z")));
    let r = Dunning::new(book.clone(), policy.clone())
        .unwrap()
        .run(
            at("2025-05-02T06:00:00Z"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert_eq!(r.delivered.len(), 1);
    assert!(store.outbox().is_empty());
    // The date-based run still works and ignores windows.
    let (book, mut store) = single_customer_store("Europe/Paris", Country::FR, "2025-04-24");
    let r = Dunning::new(book.clone(), Policy::default())
        .unwrap()
        .run(
            d("2025-05-01"),
            &mut store,
            &mut delivery,
            RunOptions::new(),
        )
        .expect("run");
    assert_eq!(r.delivered.len(), 1);
}

const ZONES: [(&str, &str); 5] = [
    ("Europe/Paris", "FR"),
    ("Europe/London", "GB"),
    ("Europe/Brussels", "BE"),
    ("Europe/Berlin", "DE"),
    ("Pacific/Auckland", "NZ"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn a_deferral_never_delivers_outside_the_window(
        zone in 0usize..ZONES.len(),
        minutes in 0i64..(366 * 24 * 60),
        sms_window in any::<bool>(),
    ) {
        let (zone_name, country) = ZONES[zone];
        let country: Country = country.parse().expect("country");
        let now = at("2025-01-20T00:00:00Z") + chrono::TimeDelta::minutes(minutes);
        let mut policy = Policy::default();
        if sms_window {
            let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("time");
            policy = policy.with_sending_windows(
                SendingWindows::default().with_default(SendingWindow::new(t(10), t(16)).expect("window")),
            );
        }
        let (book, mut store) = single_customer_store(zone_name, country, "2025-01-20");
        let mut delivery = RecordingDelivery::default();
        // Several runs a few hours apart: whatever was deferred goes only inside a window.
        for hop in 0..4 {
            let t = now + chrono::TimeDelta::hours(5 * hop);
            let before = delivery.sent().len();
            let r = Dunning::new(book.clone(), policy.clone()).unwrap().run(t, &mut store, &mut delivery, RunOptions::new()).expect("run");
            let zone = Zone::by_name(zone_name).expect("zone");
            let local = zone.local_date_time(t).expect("local");
            let calendar = policy.calendar_for(country);
            let window = policy.sending_windows.for_channel(Channel::Email);
            let inside = calendar.is_business_day(local.date()) && window.contains(local.time());
            if delivery.sent().len() > before {
                prop_assert!(inside, "delivered at {local} in {zone_name}");
            }
            for w in &r.waiting {
                let until = w.until.expect("a window wait has an instant");
                prop_assert!(until > t);
                let l = zone.local_date_time(until).expect("local");
                prop_assert!(calendar.is_business_day(l.date()) && window.contains(l.time()),
                    "deferred to {l}, outside the window");
            }
            if !inside {
                prop_assert_eq!(delivery.sent().len(), before);
            }
        }
    }
}
