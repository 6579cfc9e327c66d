//! Proves the hold and closing rules of issue 2, Build section 3, through whole runs:
//! disputes (upheld restarts the ladder from the resolution date, rejected resumes at the
//! position, a review task when the dispute is due for review), promises to pay kept and
//! broken, payment plans honoured and missed, manual holds with an end date and a reason
//! (released early or by their end date), hand-over and write-off.

mod common;

use common::*;
use relance::{Action, Currency, EventKind, Instalment, Money, Stage, Status};

/// I1 (100.00, due 31 Jan) after the first two reminders (7 and 15 Feb).
fn after_two_reminders() -> World {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.run(d("2025-02-15"));
    assert_eq!(w.account("I1").reached().len(), 2);
    w
}

/// Runs every day from `from` to `to` inclusive; returns `(date, kind, step name)` of what
/// was delivered.
fn daily(w: &mut World, from: &str, to: &str) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    let mut on = d(from);
    while on <= d(to) {
        let before = w.delivery.sent().len();
        w.run(on);
        for a in &w.delivery.sent()[before..] {
            let name = match a {
                Action::Notice(n) => n.step_name.clone(),
                Action::ApprovalRequest(r) => r.lines[0].step_name.clone(),
                _ => String::new(),
            };
            out.push((on.to_string(), a.kind(), name));
        }
        on = on.succ_opt().unwrap();
    }
    out
}

fn entry(on: &str, kind: &'static str, name: &str) -> (String, &'static str, String) {
    (on.to_string(), kind, name.to_string())
}

#[test]
fn an_upheld_dispute_restarts_the_ladder_from_the_resolution_date() {
    let mut w = after_two_reminders();
    w.record(&[ev("I1", "2025-02-20", dispute("goods returned"))]);
    assert_eq!(
        daily(&mut w, "2025-02-16", "2025-03-24"),
        vec![entry("2025-03-22", "dispute_review", "")],
        "nothing but the review while disputed (the formal notice was due 2 March)"
    );
    w.record(&[ev(
        "I1",
        "2025-03-25",
        EventKind::DisputeResolved { upheld: true },
    )]);
    assert!(w.account("I1").reached().is_empty());
    assert_eq!(
        daily(&mut w, "2025-03-25", "2025-04-30"),
        vec![
            entry("2025-04-01", "notice", "reminder 1"),
            entry("2025-04-09", "notice", "reminder 2"),
            entry("2025-04-24", "notice", "formal notice"),
        ],
        "offsets counted from the resolution (25 March): +7, +15, +30"
    );
}

#[test]
fn a_rejected_dispute_resumes_at_the_position_reached() {
    let mut w = after_two_reminders();
    w.record(&[ev("I1", "2025-02-20", dispute("goods returned"))]);
    daily(&mut w, "2025-02-16", "2025-03-24");
    w.record(&[ev(
        "I1",
        "2025-03-25",
        EventKind::DisputeResolved { upheld: false },
    )]);
    assert_eq!(
        daily(&mut w, "2025-03-25", "2025-03-31"),
        vec![entry("2025-03-25", "notice", "formal notice")],
        "the next step, overdue since 2 March, goes out on the resolution date"
    );
    assert_eq!(
        steps_of(w.account("I1"))
            .iter()
            .map(|s| s.0)
            .collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
}

#[test]
fn a_promise_to_pay_kept_by_paying_settles_and_nothing_goes_out_meanwhile() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-10", promise("2025-02-20"))]);
    assert!(daily(&mut w, "2025-02-08", "2025-02-17").is_empty());
    w.record(&[ev("I1", "2025-02-18", payment("100.00"))]);
    assert!(daily(&mut w, "2025-02-18", "2025-04-30").is_empty());
    assert_eq!(
        w.account("I1").status(),
        &Status::Settled {
            on: d("2025-02-18")
        }
    );
}

#[test]
fn a_promise_kept_with_something_still_owed_resumes_the_ladder_on_what_is_left() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-10", promise("2025-02-20")),
        ev("I1", "2025-02-18", payment("60.00")),
        ev("I1", "2025-02-19", EventKind::PromiseKept),
    ]);
    assert_eq!(w.account("I1").status(), &Status::Open);
    w.run(d("2025-02-19"));
    let n = w.sent_notices()[1];
    assert_eq!(n.step_name, "reminder 2");
    assert_eq!(n.amount_due, Money::new(dec("40.00"), Currency::EUR));
}

#[test]
fn a_broken_promise_resumes_the_day_after_it_expired() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-10", promise("2025-02-20"))]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-21")));
    assert_eq!(
        daily(&mut w, "2025-02-08", "2025-02-28"),
        vec![entry("2025-02-21", "notice", "reminder 2")]
    );
    let broken = w
        .account("I1")
        .history()
        .iter()
        .find(|e| e.kind == EventKind::PromiseBroken)
        .expect("the broken promise is recorded");
    assert_eq!(broken.on, d("2025-02-21"));
    // An explicit "broken" before the end is accepted and resumes at once.
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-10", promise("2025-02-28")),
        ev("I1", "2025-02-16", EventKind::PromiseBroken),
    ]);
    assert_eq!(
        daily(&mut w, "2025-02-16", "2025-02-20"),
        vec![entry("2025-02-16", "notice", "reminder 2")]
    );
}

fn plan_of_two() -> EventKind {
    EventKind::PaymentPlanAgreed {
        schedule: vec![
            Instalment {
                amount: dec("50.00"),
                due_date: d("2025-02-28"),
            },
            Instalment {
                amount: dec("50.00"),
                due_date: d("2025-03-31"),
            },
        ],
    }
}

#[test]
fn a_payment_plan_honoured_pauses_dunning_until_it_is_paid_off() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-10", plan_of_two())]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-01")));
    w.record(&[ev("I1", "2025-02-27", payment("50.00"))]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-04-01")));
    assert!(daily(&mut w, "2025-02-08", "2025-03-29").is_empty());
    w.record(&[ev("I1", "2025-03-30", payment("50.00"))]);
    assert!(daily(&mut w, "2025-03-30", "2025-05-31").is_empty());
    assert_eq!(
        w.account("I1").status(),
        &Status::Settled {
            on: d("2025-03-30")
        }
    );
}

#[test]
fn a_missed_plan_instalment_resumes_dunning_the_day_after_it_was_due() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-10", plan_of_two()),
        ev("I1", "2025-02-27", payment("50.00")),
    ]);
    assert_eq!(
        daily(&mut w, "2025-02-08", "2025-04-05"),
        vec![entry("2025-04-01", "notice", "reminder 2")]
    );
    let missed = w
        .account("I1")
        .history()
        .iter()
        .find(|e| e.kind == EventKind::PlanInstalmentMissed)
        .unwrap();
    assert_eq!(missed.on, d("2025-04-01"));
    assert_eq!(
        w.sent_notices()[1].amount_due,
        Money::new(dec("50.00"), Currency::EUR)
    );
}

#[test]
fn a_manual_hold_has_a_reason_and_an_end_date_and_the_ladder_resumes_after_it() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.record(&[ev(
        "I1",
        "2025-02-05",
        hold("2025-02-20", "customer moving offices"),
    )]);
    match w.account("I1").state(d("2025-02-10")) {
        relance::DunningState::OnHold { hold } => {
            assert_eq!(hold.reason, "customer moving offices");
            assert_eq!(
                hold.kind,
                relance::HoldKind::Manual {
                    until: d("2025-02-20")
                }
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        daily(&mut w, "2025-02-01", "2025-02-25"),
        vec![entry("2025-02-21", "notice", "reminder 1")]
    );
    let released = w
        .account("I1")
        .history()
        .iter()
        .find(|e| e.kind == EventKind::HoldReleased)
        .unwrap();
    assert_eq!(released.on, d("2025-02-21"));
}

#[test]
fn a_manual_hold_released_early_resumes_at_once() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.record(&[
        ev("I1", "2025-02-05", hold("2025-02-28", "checking")),
        ev("I1", "2025-02-12", EventKind::HoldReleased),
    ]);
    assert_eq!(
        daily(&mut w, "2025-02-01", "2025-02-14"),
        vec![entry("2025-02-12", "notice", "reminder 1")]
    );
}

#[test]
fn a_hand_over_stops_the_ladder_but_payments_still_settle() {
    let mut w = after_two_reminders();
    w.record(&[ev(
        "I1",
        "2025-02-20",
        EventKind::HandedOver {
            to: "Agence de recouvrement".into(),
        },
    )]);
    assert_eq!(
        w.account("I1").status(),
        &Status::Judicial {
            since: d("2025-02-20"),
            to: "Agence de recouvrement".into()
        }
    );
    assert_eq!(w.store.next_wakeup(), None);
    assert!(daily(&mut w, "2025-02-20", "2025-05-01").is_empty());
    // The principal alone leaves the 10.00 fee of reminder 2 open: still handed over.
    w.record(&[ev("I1", "2025-05-02", payment("100.00"))]);
    assert!(matches!(w.account("I1").status(), Status::Judicial { .. }));
    assert_eq!(w.account("I1").claim().total.to_string(), "10.00 EUR");
    w.record(&[ev("I1", "2025-05-03", payment("10.00"))]);
    assert_eq!(
        w.account("I1").status(),
        &Status::Settled {
            on: d("2025-05-03")
        }
    );
}

#[test]
fn the_judicial_step_of_the_ladder_hands_the_invoice_over() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let sent = daily(&mut w, "2025-02-01", "2025-06-30");
    assert_eq!(
        sent,
        vec![
            entry("2025-02-07", "notice", "reminder 1"),
            entry("2025-02-15", "notice", "reminder 2"),
            entry("2025-03-02", "notice", "formal notice"),
            entry("2025-04-01", "notice", "hand-over"),
        ]
    );
    assert_eq!(
        w.account("I1").status(),
        &Status::Judicial {
            since: d("2025-04-01"),
            to: "hand-over".into()
        }
    );
    assert_eq!(w.sent_notices()[3].stage, Stage::Judicial);
}

#[test]
fn a_write_off_stops_dunning_and_a_later_recovery_is_still_recorded() {
    let mut w = after_two_reminders();
    w.record(&[ev(
        "I1",
        "2025-02-20",
        EventKind::WrittenOff {
            reason: "debtor insolvent".into(),
        },
    )]);
    assert!(daily(&mut w, "2025-02-20", "2025-05-01").is_empty());
    w.record(&[ev("I1", "2025-05-02", payment("30.00"))]);
    let a = w.account("I1");
    assert_eq!(
        a.status(),
        &Status::WrittenOff {
            on: d("2025-02-20"),
            reason: "debtor insolvent".into()
        }
    );
    assert_eq!(a.outstanding(), Money::new(dec("70.00"), Currency::EUR));
    assert_eq!(a.conservation_gap().unwrap(), dec("0"));
}

#[test]
fn a_bounced_payment_on_a_handed_over_invoice_reopens_it_handed_over_not_amicable() {
    // Handed over to an agency, paid, then the payment bounces: the claim is still with
    // the agency; the ladder must not send reminders as if nothing had happened.
    for hand_over in ["event", "judicial step"] {
        let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
        if hand_over == "event" {
            w.run(d("2025-02-07"));
            w.record(&[ev(
                "I1",
                "2025-02-10",
                EventKind::HandedOver {
                    to: "Agence de recouvrement".into(),
                },
            )]);
        } else {
            daily(&mut w, "2025-02-01", "2025-04-01");
        }
        let judicial = w.account("I1").status().clone();
        assert!(matches!(judicial, Status::Judicial { .. }), "{hand_over}");
        w.record(&[
            ev("I1", "2025-04-10", payment("100.00")),
            ev("I1", "2025-04-15", reversal("100.00")),
        ]);
        assert_eq!(w.account("I1").status(), &judicial, "{hand_over}");
        assert!(
            daily(&mut w, "2025-04-15", "2025-06-30").is_empty(),
            "{hand_over}"
        );
    }
}
