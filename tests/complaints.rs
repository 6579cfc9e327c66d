//! Proves that relance does not reproduce the complaints users make about existing
//! dunning systems, listed under "Why" in issue 2: one test per complaint, named after it.

mod common;

use common::*;
use relance::{Currency, Event, EventKind, Instalment, Money, Status};

fn eur(s: &str) -> Money {
    Money::new(dec(s), Currency::EUR)
}

/// Runs every day from `from` to `to`, `times` runs a day.
fn run_daily(w: &mut World, from: &str, to: &str, times: usize) {
    let mut on = d(from);
    while on <= d(to) {
        for _ in 0..times {
            w.run(on);
        }
        on = on.succ_opt().unwrap();
    }
}

#[test]
fn partly_paid_invoices_do_not_drop_out_of_dunning_nor_lose_their_fees() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "100.00", "2025-01-31");
    run_daily(&mut w, "2025-02-01", "2025-02-15", 1);
    assert_eq!(w.account("I1").fees(), eur("10"));
    w.record(&[ev("I1", "2025-02-20", payment("99.99"))]);
    // Still loaded for the run that is due, still dunned, fee still owed.
    let loaded = w.portfolio(d("2025-03-02"));
    assert_eq!(loaded[0].accounts.len(), 2);
    run_daily(&mut w, "2025-02-16", "2025-03-02", 1);
    let n = w.sent_notices().last().copied().unwrap();
    assert_eq!(n.step_name, "formal notice");
    assert_eq!(
        n.lines
            .iter()
            .map(|l| (l.invoice.to_string(), l.amount_due))
            .collect::<Vec<_>>(),
        vec![
            ("I1".to_string(), dec("0.01")),
            ("I2".to_string(), dec("100.00"))
        ],
        "one cent left is still claimed"
    );
    assert_eq!(w.account("I1").fees(), eur("10"), "the fee is not lost");
    assert_eq!(w.account("I1").status(), &Status::Open);
}

#[test]
fn several_emails_to_one_customer_are_one_grouped_message() {
    let mut w = World::standard();
    for i in 1..=6 {
        w = w.with(&format!("I{i}"), "C1", "100.00", "2025-01-31");
    }
    w.run(d("2025-02-07"));
    let sent = w.sent_notices();
    assert_eq!(sent.len(), 1, "one e-mail, not six");
    assert_eq!(sent[0].lines.len(), 6);
    assert_eq!(sent[0].amount_due, eur("600.00"));
    // Over a whole quarter, never more than one message per channel per run.
    run_daily(&mut w, "2025-02-08", "2025-04-30", 1);
    let mut per_run = std::collections::BTreeMap::new();
    for n in w.sent_notices() {
        *per_run.entry((n.as_of, n.channel)).or_insert(0) += 1;
    }
    assert!(per_run.values().all(|&c| c == 1), "{per_run:?}");
    assert_eq!(per_run.len(), 4, "four steps, four messages");
}

#[test]
fn dates_are_not_off_by_one_around_due_dates() {
    let a = account("I", "100.00", "2025-01-31");
    assert_eq!(a.state(d("2025-01-31")).name(), "not_due", "due today");
    assert_eq!(a.state(d("2025-02-01")).name(), "overdue", "due yesterday");
    assert_eq!(a.days_overdue(d("2025-01-31")), 0);
    assert_eq!(a.days_overdue(d("2025-02-01")), 1);
    assert_eq!(a.days_overdue(d("2025-02-07")), 7);
    // Offsets count calendar days from the due date, across month ends and leap days.
    let mut w = World::new(
        relance::LadderBook::new(vec![relance::Ladder::new(
            "l",
            vec![
                relance::Step::new(
                    "before",
                    relance::Stage::Amicable,
                    -3,
                    &[relance::Channel::Email],
                ),
                relance::Step::new(
                    "on the day",
                    relance::Stage::Amicable,
                    0,
                    &[relance::Channel::Email],
                ),
                relance::Step::new(
                    "a week",
                    relance::Stage::Amicable,
                    7,
                    &[relance::Channel::Email],
                ),
                relance::Step::new(
                    "a month",
                    relance::Stage::Amicable,
                    30,
                    &[relance::Channel::Email],
                ),
            ],
        )])
        .unwrap(),
    )
    // Dates, not contact pressure, are under test: steps three days apart all go out.
    .policy(relance::Policy::default().with_contact_pressure_days(0))
    .with_customer(customer("C1"))
    .with_customer(customer("C2"))
    .with("Y25", "C1", "100.00", "2025-01-31")
    .with("Y24", "C2", "100.00", "2024-01-31");
    run_daily(&mut w, "2024-01-01", "2025-03-31", 1);
    let dates = |id: &str| -> Vec<String> {
        w.account(id)
            .reached()
            .iter()
            .map(|r| r.issued_on.to_string())
            .collect()
    };
    assert_eq!(
        dates("Y25"),
        vec!["2025-01-28", "2025-01-31", "2025-02-07", "2025-03-02"]
    );
    assert_eq!(
        dates("Y24"),
        vec!["2024-01-28", "2024-01-31", "2024-02-07", "2024-03-01"],
        "2024 is a leap year"
    );
    // A reminder before the due date claims what falls due, not zero.
    let first = w
        .sent_notices()
        .into_iter()
        .find(|n| n.as_of == d("2025-01-28"))
        .unwrap();
    assert_eq!(first.amount_due, eur("100.00"));
    assert_eq!(first.lines[0].days_overdue, 0);
}

#[test]
fn a_fee_is_not_re_applied_on_every_run() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    run_daily(&mut w, "2025-02-01", "2025-03-31", 3);
    let notices = w.sent_notices();
    let with_fee: Vec<_> = notices
        .iter()
        .filter(|n| n.lines.iter().any(|l| l.fee.is_some()))
        .collect();
    assert_eq!(with_fee.len(), 1);
    assert_eq!(with_fee[0].fees, eur("10"));
    assert_eq!(w.account("I1").fees(), eur("10"));
    // Later notices claim the unpaid fee again (it is owed), without charging another.
    for n in notices.iter().filter(|n| n.as_of > with_fee[0].as_of) {
        assert_eq!(n.fees, eur("10"), "{}", n.as_of);
        assert_eq!(n.lines[0].earlier_fees, rust_decimal::Decimal::new(1000, 2));
    }
    let charged = w
        .account("I1")
        .history()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::StepReached { fee: Some(_), .. }))
        .count();
    assert_eq!(charged, 1);
}

#[test]
fn missed_days_are_caught_up_not_lost() {
    // The host was down from 1 February to 20 March: every step due meanwhile still goes
    // out, in order, once it is back.
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    run_daily(&mut w, "2025-03-20", "2025-05-31", 1);
    let names: Vec<String> = w
        .sent_notices()
        .iter()
        .map(|n| n.step_name.clone())
        .collect();
    assert_eq!(
        names,
        vec!["reminder 1", "reminder 2", "formal notice", "hand-over"]
    );
}

#[test]
fn missed_days_are_not_caught_up_as_a_burst_of_steps() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    // Back after 40 days, running several times a day: one step per run, and the steps
    // keep the intervals the ladder was designed with (reminder 1 at +7, reminder 2 at
    // +15: 8 days; the formal notice at +30: 15 days later), so the formal notice never
    // comes days after first contact; the hand-over (30 days later) is past 15 April.
    run_daily(&mut w, "2025-03-12", "2025-04-15", 4);
    let dates: Vec<_> = w.sent_notices().iter().map(|n| n.as_of).collect();
    assert_eq!(
        dates,
        vec![d("2025-03-12"), d("2025-03-20"), d("2025-04-04")]
    );
}

#[test]
fn levels_are_not_skipped_after_a_partial_payment() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-10", payment("50.00"))]);
    // The host comes back after the formal notice's date: the second reminder comes
    // first, then the formal notice, the 15 days the ladder puts between them later.
    run_daily(&mut w, "2025-03-10", "2025-03-31", 1);
    let steps: Vec<(usize, String)> = w
        .sent_notices()
        .iter()
        .map(|n| (n.step, n.as_of.to_string()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (0, "2025-02-07".to_string()),
            (1, "2025-03-10".to_string()),
            (2, "2025-03-25".to_string())
        ]
    );
}

#[test]
fn the_date_a_transition_was_due_is_recorded_not_the_run_date() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "100.00", "2025-01-31")
        .with("I3", "C1", "100.00", "2025-01-31");
    w.record(&[
        ev("I2", "2025-02-01", promise("2025-02-10")),
        ev("I3", "2025-02-01", hold("2025-02-12", "address check")),
    ]);
    // The host runs once, on 25 February.
    w.run(d("2025-02-25"));
    let step = |id: &str| w.account(id).reached()[0].clone();
    assert_eq!(
        (step("I1").due_on, step("I1").issued_on),
        (d("2025-02-07"), d("2025-02-25"))
    );
    assert_eq!(
        step("I2").due_on,
        d("2025-02-11"),
        "the day after the promise"
    );
    assert_eq!(step("I3").due_on, d("2025-02-13"), "the day after the hold");
    let dated = |id: &str, kind: EventKind| -> Vec<chrono::NaiveDate> {
        w.account(id)
            .history()
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.on)
            .collect()
    };
    assert_eq!(dated("I2", EventKind::PromiseBroken), vec![d("2025-02-11")]);
    assert_eq!(dated("I3", EventKind::HoldReleased), vec![d("2025-02-13")]);
    match &w.account("I1").history()[0].kind {
        EventKind::StepReached { due_on, .. } => assert_eq!(*due_on, d("2025-02-07")),
        other => panic!("{other:?}"),
    }
    let n = w.sent_notices()[0];
    assert_eq!(
        n.lines.iter().map(|l| l.step_due_on).collect::<Vec<_>>(),
        vec![d("2025-02-07"), d("2025-02-11"), d("2025-02-13")]
    );
    // A missed plan instalment is dated the day after it was due, whenever seen.
    let mut a = account("P", "100.00", "2025-01-31");
    a.apply(&ev(
        "P",
        "2025-02-05",
        EventKind::PaymentPlanAgreed {
            schedule: vec![Instalment {
                amount: dec("100.00"),
                due_date: d("2025-02-20"),
            }],
        },
    ))
    .unwrap();
    a.apply(&ev("P", "2025-04-01", payment("10.00"))).unwrap();
    let missed: Vec<&Event> = a
        .history()
        .iter()
        .filter(|e| e.kind == EventKind::PlanInstalmentMissed)
        .collect();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].on, d("2025-02-21"));
}

#[test]
fn disputes_and_manual_holds_always_have_an_end_date_and_a_reason() {
    let mut a = account("I", "100.00", "2025-01-31");
    let before = a.clone();
    for kind in [dispute(""), dispute("   "), hold("2025-03-01", "")] {
        assert!(matches!(
            a.apply(&ev("I", "2025-02-10", kind)),
            Err(relance::EventError::Missing {
                field: "reason",
                ..
            })
        ));
    }
    assert!(matches!(
        a.apply(&ev("I", "2025-02-10", hold("2025-02-09", "late"))),
        Err(relance::EventError::DateBefore { field: "until", .. })
    ));
    assert_eq!(a, before);
    // In JSON, a hold without an end date or a dispute without a reason does not parse.
    for json in [
        r#"{"invoice": "I", "date": "2025-02-10", "type": "hold_placed", "reason": "x"}"#,
        r#"{"invoice": "I", "date": "2025-02-10", "type": "hold_placed", "until": "2025-03-01"}"#,
        r#"{"invoice": "I", "date": "2025-02-10", "type": "dispute_opened"}"#,
    ] {
        assert!(serde_json::from_str::<Event>(json).is_err(), "{json}");
    }
    // A dispute without a review date gets one, 30 days on, and a person is asked then.
    a.apply(&ev("I", "2025-02-10", dispute("not delivered")))
        .unwrap();
    assert_eq!(
        a.status(),
        &Status::OnHold {
            hold: relance::Hold {
                kind: relance::HoldKind::Dispute {
                    review_on: d("2025-03-12"),
                    review_requested: false
                },
                since: d("2025-02-10"),
                reason: "not delivered".into()
            }
        }
    );
    assert_eq!(a.next_wakeup(&standard_ladder()), Some(d("2025-03-12")));
    // A manual hold ends by itself on its end date.
    let mut b = account("I", "100.00", "2025-01-31");
    b.apply(&ev("I", "2025-02-10", hold("2025-02-28", "audit")))
        .unwrap();
    assert_eq!(b.state(d("2025-02-28")).name(), "on_hold");
    assert_eq!(b.state(d("2025-03-01")).name(), "overdue");
}
