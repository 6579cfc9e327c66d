//! Proves the dunning-run rules of issue 2, Build sections 3 and 4: one grouped notice per
//! customer and channel at the highest step among the invoices; deterministic order and
//! stable idempotency keys; planning again for the same date after executing yields
//! nothing; at most one step up per run and never the same step twice; a host that did not
//! run for 40 days catches up one step per run, spaced, never in a burst; the host may drop
//! or edit actions; approvals, credit holds, dispute reviews, manual-mode and excluded
//! customers, and channel fallback.

mod common;

use common::*;
use relance::{
    Action, Channel, Currency, CustomerAccounts, EventKind, Invoice, Ladder, LadderBook, Money,
    Stage, Status, Step, execute,
};

/// C1 has I1 (100, due 31 Jan), I2 (200, due 10 Jan) and I3 (50, due 20 Feb); C2 has J1
/// (70, due 31 Jan). A run on 17 Jan sent I2's first reminder.
fn two_customers() -> World {
    let mut w = World::standard()
        .with_customer(customer("C2"))
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "200.00", "2025-01-10")
        .with("I3", "C1", "50.00", "2025-02-20")
        .with("J1", "C2", "70.00", "2025-01-31");
    let r = w.run(d("2025-01-17"));
    assert_eq!(r.delivered.len(), 1);
    w
}

#[test]
fn one_grouped_notice_per_customer_and_channel_at_the_highest_step() {
    let mut w = two_customers();
    let p = w.plan(d("2025-02-07"));
    assert!(p.problems.is_empty());
    let ns = notices(&p.actions);
    assert_eq!(p.actions.len(), 2, "one notice per customer: {p:#?}");
    let c1 = ns[0];
    assert_eq!(
        (
            c1.customer.as_str(),
            c1.channel,
            c1.step,
            c1.step_name.as_str()
        ),
        ("C1", Channel::Email, 1, "reminder 2"),
        "at the highest step among the invoices"
    );
    assert_eq!(c1.stage, Stage::Amicable);
    assert_eq!(c1.as_of, d("2025-02-07"));
    let lines: Vec<_> = c1
        .lines
        .iter()
        .map(|l| {
            (
                l.invoice.as_str(),
                l.step,
                l.step_due_on,
                l.sequence,
                l.fee,
                l.amount_due,
                l.days_overdue,
            )
        })
        .collect();
    // Every invoice of the notice is recorded at its step: I1, due for its first
    // reminder, joins I2's second reminder (and its fee), so it never gets a milder
    // notice afterwards.
    assert_eq!(
        lines,
        vec![
            (
                "I1",
                1,
                d("2025-02-07"),
                0,
                Some(dec("10")),
                dec("100.00"),
                7
            ),
            (
                "I2",
                1,
                d("2025-01-25"),
                1,
                Some(dec("10")),
                dec("200.00"),
                28
            ),
        ],
        "I3 is not overdue yet and is not listed"
    );
    assert_eq!(c1.amount_due, Money::new(dec("300.00"), Currency::EUR));
    assert_eq!(c1.fees, Money::new(dec("20"), Currency::EUR));
    assert_eq!(c1.deadline, None);
    let c2 = ns[1];
    assert_eq!((c2.customer.as_str(), c2.step), ("C2", 0));
    assert_eq!(c2.lines.len(), 1);
    assert_eq!(c2.amount_due, Money::new(dec("70.00"), Currency::EUR));

    // Executed through the runner: exactly these two messages go out.
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.delivered.len(), 2);
    assert_eq!(w.sent_notices().len(), 3, "17 Jan + the two grouped ones");
    assert_eq!(
        steps_of(w.account("I2")),
        vec![
            (0, d("2025-01-17"), d("2025-01-17")),
            (1, d("2025-01-25"), d("2025-02-07"))
        ]
    );
}

#[test]
fn a_step_on_two_channels_gives_one_notice_per_channel_and_is_recorded_once() {
    let book = LadderBook::new(vec![Ladder::new(
        "l",
        vec![
            Step::new(
                "reminder",
                Stage::Amicable,
                7,
                &[Channel::Email, Channel::Letter],
            )
            .with_fee(dec("5")),
        ],
    )])
    .unwrap();
    let mut w = World::new(book)
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "40.00", "2025-01-31");
    let p = w.plan(d("2025-02-07"));
    let ns = notices(&p.actions);
    assert_eq!(
        ns.iter().map(|n| n.channel).collect::<Vec<_>>(),
        vec![Channel::Email, Channel::Letter]
    );
    assert!(ns.iter().all(|n| n.lines.len() == 2));
    assert_ne!(ns[0].key, ns[1].key);
    let events = execute(&p.actions);
    let steps = events
        .iter()
        .filter(|e| e.kind.name() == "step_reached")
        .count();
    assert_eq!(steps, 2, "one StepReached per invoice, not per channel");
    // With the fee, the accessories claimed (and the imputation rule), once per invoice.
    assert_eq!(events.len(), 4);
    w.run(d("2025-02-07"));
    assert_eq!(w.delivery.sent().len(), 2);
    assert_eq!(w.account("I1").reached().len(), 1);
    assert_eq!(
        w.account("I1").fees(),
        Money::new(dec("5"), Currency::EUR),
        "the fee is charged once, not once per channel"
    );
}

#[test]
fn invoices_in_another_currency_get_their_own_notice() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with_invoice(Invoice {
            currency: Currency::GBP,
            ..invoice("G1", "C1", "80.00", "2025-01-31")
        });
    let p = w.plan(d("2025-02-07"));
    let ns = notices(&p.actions);
    assert_eq!(ns.len(), 2);
    let amounts: Vec<String> = ns.iter().map(|n| n.amount_due.to_string()).collect();
    assert_eq!(amounts, vec!["100.00 EUR", "80.00 GBP"]);
}

#[test]
fn the_plan_is_the_same_whatever_the_order_of_the_input() {
    let mut w = two_customers();
    let portfolio = w.portfolio(d("2025-02-07"));
    let mut shuffled: Vec<CustomerAccounts> = portfolio.clone();
    shuffled.reverse();
    for ca in &mut shuffled {
        ca.accounts.reverse();
    }
    let a = plan_on(d("2025-02-07"), w.dunning.book(), &portfolio);
    let b = plan_on(d("2025-02-07"), w.dunning.book(), &shuffled);
    assert_eq!(a, b);
    let customers: Vec<&str> = a.actions.iter().map(|x| x.customer().as_str()).collect();
    assert_eq!(customers, vec!["C1", "C2"]);
}

#[test]
fn idempotency_keys_are_stable_for_the_same_inputs_and_differ_between_actions() {
    let mut w = two_customers();
    let p1 = w.plan(d("2025-02-07"));
    let p2 = w.plan(d("2025-02-07"));
    let keys = |p: &relance::Plan| -> Vec<String> {
        p.actions.iter().map(|a| a.key().to_string()).collect()
    };
    assert_eq!(keys(&p1), keys(&p2));
    // Same steps planned a day later (a missed run): the same keys, so an action that
    // was committed but not delivered is never duplicated by a replan.
    let p3 = w.plan(d("2025-02-08"));
    assert_eq!(keys(&p1), keys(&p3));
    let k = keys(&p1);
    assert_ne!(k[0], k[1]);
    assert!(k[0].starts_with("notice-email-EUR-C1-"), "{}", k[0]);
    assert!(k[1].starts_with("notice-email-EUR-C2-"), "{}", k[1]);
    // After the run, the next notice for C1 has a new key.
    w.run(d("2025-02-07"));
    let later = w.plan(d("2025-02-15"));
    assert!(
        later
            .actions
            .iter()
            .all(|a| !k.contains(&a.key().to_string()))
    );
}

#[test]
fn planning_again_for_the_same_date_after_executing_yields_nothing() {
    // Every kind of action at once: a notice with a credit hold, an approval request and
    // a dispute review.
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_credit_block(),
            Step::new("formal notice", Stage::FormalNotice, 20, &[Channel::Letter]).with_approval(),
        ],
    );
    let mut w = World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("A", "C1", "100.00", "2025-01-31")
        .with("B", "C1", "100.00", "2025-01-10")
        .with("C", "C1", "100.00", "2025-01-10");
    w.record(&[ev("C", "2025-01-08", dispute("wrong quantity"))]);
    w.run(d("2025-01-17"));
    let as_of = d("2025-02-07");
    let p = w.plan(as_of);
    let kinds: Vec<&str> = p.actions.iter().map(|a| a.kind()).collect();
    assert_eq!(
        kinds,
        vec![
            "notice",
            "approval_request",
            "credit_hold",
            "dispute_review"
        ]
    );
    w.commit(execute(&p.actions));
    assert_eq!(w.plan(as_of), relance::Plan::default());
    // The same through the runner, run twice on one day.
    let mut w2 = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    assert_eq!(w2.run(d("2025-02-07")).delivered.len(), 1);
    let again = w2.run(d("2025-02-07"));
    assert_eq!(again, relance::RunReport::default());
    assert_eq!(w2.delivery.sent().len(), 1);
}

#[test]
fn at_most_one_step_up_per_run_and_never_the_same_step_twice() {
    // Four months overdue at the first run: every offset has passed.
    let mut w = World::standard().with("I1", "C1", "100.00", "2024-10-01");
    let mut timeline = Vec::new();
    for day in 0..60 {
        let on = d("2025-02-01") + chrono::Days::new(day);
        for _ in 0..3 {
            // Several runs a day change nothing.
            let r = w.run(on);
            for n in notices(&w.delivery.sent()[w.delivery.sent().len() - r.delivered.len()..]) {
                timeline.push((on, n.step));
            }
        }
    }
    assert_eq!(
        timeline,
        vec![
            (d("2025-02-01"), 0),
            (d("2025-02-09"), 1),
            (d("2025-02-24"), 2),
            (d("2025-03-26"), 3)
        ]
    );
    assert_eq!(
        steps_of(w.account("I1")),
        vec![
            (0, d("2024-10-08"), d("2025-02-01")),
            // The ladder's intervals (8, 15 and 30 days) kept after the catch-up.
            (1, d("2025-02-09"), d("2025-02-09")),
            (2, d("2025-02-24"), d("2025-02-24")),
            (3, d("2025-03-26"), d("2025-03-26")),
        ]
    );
    assert!(matches!(w.account("I1").status(), Status::Judicial { .. }));
}

#[test]
fn a_host_that_did_not_run_for_40_days_catches_up_one_step_per_run_spaced_never_a_burst() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    assert!(w.run(d("2025-01-31")).planned.is_empty());
    // Down for 40 days: every amicable step and the formal notice are overdue.
    let mut sent = Vec::new();
    for day in 0..30 {
        let on = d("2025-03-12") + chrono::Days::new(day);
        let r = w.run(on);
        assert!(r.delivered.len() <= 1, "{on}: a burst {:?}", r.delivered);
        if !r.delivered.is_empty() {
            sent.push(on);
        }
    }
    assert_eq!(
        sent,
        vec![d("2025-03-12"), d("2025-03-20"), d("2025-04-04"),],
        "spaced by the ladder's intervals (8 and 15 days), not just its minimums"
    );
    // The first step records the date it was due, the later ones their spaced dates.
    assert_eq!(
        steps_of(w.account("I1"))
            .iter()
            .map(|s| s.1)
            .collect::<Vec<_>>(),
        vec![d("2025-02-07"), d("2025-03-20"), d("2025-04-04"),]
    );
}

#[test]
fn jumping_to_the_next_wakeup_gives_the_same_timeline_as_running_daily() {
    let build = || {
        World::standard()
            .with_customer(customer("C2"))
            .with("I1", "C1", "100.00", "2025-01-31")
            .with("I2", "C1", "300.00", "2025-02-14")
            .with("J1", "C2", "70.00", "2025-01-20")
    };
    let events = vec![
        ev("I1", "2025-02-20", payment("40")),
        ev("I2", "2025-02-25", promise("2025-03-10")),
        ev(
            "J1",
            "2025-02-01",
            hold("2025-02-27", "awaiting proof of delivery"),
        ),
    ];
    let mut jumping = build();
    // The daily host: every day is visited (bounded by the date range).
    let mut on = d("2025-01-01");
    let mut daily_world = build();
    let mut schedule = events.clone();
    while on <= d("2025-06-30") {
        let today: Vec<_> = schedule.iter().filter(|e| e.on == on).cloned().collect();
        schedule.retain(|e| e.on != on);
        daily_world.record(&today);
        daily_world.run(on);
        on = on.succ_opt().unwrap();
    }
    let jumps = jumping.simulate(d("2025-01-01"), d("2025-06-30"), &events, 400);
    assert!(
        jumps.len() < 40,
        "the virtual clock skips idle days ({} runs)",
        jumps.len()
    );
    let view = |w: &World| -> Vec<(String, usize, Vec<String>)> {
        w.sent_notices()
            .iter()
            .map(|n| {
                (
                    n.as_of.to_string(),
                    n.step,
                    n.lines.iter().map(|l| l.invoice.to_string()).collect(),
                )
            })
            .collect()
    };
    assert_eq!(view(&jumping), view(&daily_world));
    for id in ["I1", "I2", "J1"] {
        assert_eq!(
            jumping.account(id).reached(),
            daily_world.account(id).reached(),
            "{id}"
        );
    }
    assert!(!view(&daily_world).is_empty());
}

#[test]
fn a_dropped_action_is_planned_again_on_the_next_run() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let planned_key = w.plan(d("2025-02-07")).actions[0].key().clone();
    let r = w.run_reviewed(d("2025-02-07"), |_| Vec::new());
    assert_eq!(r, relance::RunReport::default());
    assert!(w.account("I1").reached().is_empty());
    assert!(w.delivery.sent().is_empty());
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-07")));
    let r = w.run(d("2025-02-08"));
    assert_eq!(r.planned, vec![planned_key]);
    assert_eq!(
        steps_of(w.account("I1")),
        vec![(0, d("2025-02-07"), d("2025-02-08"))]
    );
}

#[test]
fn an_edited_action_is_what_is_recorded_and_sent() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    // The credit manager waives the fee of the second reminder.
    let r = w.run_reviewed(d("2025-02-15"), |actions| {
        actions
            .into_iter()
            .map(|a| match a {
                Action::Notice(mut n) => {
                    assert_eq!(n.fees, Money::new(dec("10"), Currency::EUR));
                    n.fees = Money::zero(Currency::EUR);
                    for l in &mut n.lines {
                        l.fee = None;
                    }
                    Action::Notice(n)
                }
                other => other,
            })
            .collect()
    });
    assert_eq!(r.delivered.len(), 1);
    let sent = w.sent_notices();
    assert!(sent[1].fees.is_zero());
    assert_eq!(w.account("I1").reached()[1].fee, None);
    assert!(w.account("I1").fees().is_zero());
}

fn approval_world() -> World {
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                30,
                &[Channel::RegisteredLetter],
            )
            .with_approval(),
        ],
    );
    let mut w = World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    let r = w.run(d("2025-03-02"));
    assert_eq!(r.delivered.len(), 1);
    match &w.delivery.sent()[1] {
        Action::ApprovalRequest(a) => {
            assert_eq!(a.lines.len(), 1);
            assert_eq!((a.lines[0].step, a.lines[0].due_on), (1, d("2025-03-02")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        w.account("I1").status(),
        &Status::AwaitingApproval {
            step: 1,
            due_on: d("2025-03-02"),
            granted: false
        }
    );
    assert!(
        w.run(d("2025-03-03")).planned.is_empty(),
        "waits for a person"
    );
    w
}

#[test]
fn a_granted_approval_sends_the_step_on_the_next_run() {
    let mut w = approval_world();
    w.record(&[ev(
        "I1",
        "2025-03-04",
        EventKind::ApprovalGranted { step: 1 },
    )]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-04")));
    let r = w.run(d("2025-03-04"));
    assert_eq!(r.delivered.len(), 1);
    let n = w.sent_notices()[1];
    assert_eq!(
        (n.step_name.as_str(), n.deadline),
        ("formal notice", Some(d("2025-03-12")))
    );
    assert_eq!(
        steps_of(w.account("I1"))[1],
        (1, d("2025-03-02"), d("2025-03-04")),
        "due when approval was asked, issued when approved"
    );
}

#[test]
fn a_refused_approval_is_proposed_again_from_its_retry_date() {
    let mut w = approval_world();
    w.record(&[ev(
        "I1",
        "2025-03-04",
        EventKind::ApprovalRefused {
            step: 1,
            reason: "key account, call first".into(),
            retry_on: d("2025-03-20"),
        },
    )]);
    assert_eq!(w.account("I1").status(), &Status::Open);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-20")));
    assert!(w.run(d("2025-03-19")).planned.is_empty());
    let r = w.run(d("2025-03-20"));
    assert_eq!(r.delivered.len(), 1);
    let first = w.delivery.sent()[1].key().clone();
    let again = &w.delivery.sent()[2];
    assert_eq!(again.kind(), "approval_request");
    assert_ne!(again.key(), &first, "a new request, not a duplicate");
    assert_eq!(w.account("I1").reached().len(), 1, "nothing sent meanwhile");
}

#[test]
fn an_approval_request_that_cannot_be_delivered_counts_as_refused_and_comes_back() {
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]).with_approval(),
        ],
    );
    let mut w = World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    w.delivery
        .fail_action_kind("approval_request", "approver mailbox full");
    let r = w.run(d("2025-03-02"));
    assert_eq!(r.failed.len(), 1);
    // Not stuck waiting for an answer to a request nobody received.
    assert_eq!(w.account("I1").status(), &Status::Open);
    let retry = d("2025-03-02") + chrono::Days::new(relance::outbox::APPROVAL_RETRY_DAYS);
    assert_eq!(w.store.next_wakeup(), Some(retry));
    assert!(w.run(retry.pred_opt().unwrap()).planned.is_empty());
    assert_eq!(w.run(retry).planned.len(), 1, "the request is made again");
}

#[test]
fn a_credit_blocking_step_adds_a_credit_hold_for_the_customer() {
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter])
                .with_credit_block(),
        ],
    );
    let mut w = World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    assert!(
        !w.plan(d("2025-02-07"))
            .actions
            .iter()
            .any(|a| a.kind() == "credit_hold")
    );
    w.run(d("2025-02-07"));
    let p = w.plan(d("2025-03-02"));
    match &p.actions[..] {
        [Action::Notice(n), Action::CreditHold(c)] => {
            assert_eq!(n.step_name, "formal notice");
            assert_eq!(c.invoices, vec!["I1".into()]);
            assert_eq!(c.reason, "reached formal notice");
            assert_eq!(c.customer.as_str(), "C1");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn a_dispute_past_its_review_date_yields_one_review_task() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.record(&[ev(
        "I1",
        "2025-02-03",
        relance::EventKind::DisputeOpened {
            reason: "invoice sent to the wrong entity".into(),
            review_on: Some(d("2025-02-20")),
        },
    )]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-20")));
    assert!(w.plan(d("2025-02-19")).actions.is_empty());
    let r = w.run(d("2025-02-20"));
    assert_eq!(r.delivered.len(), 1);
    match &w.delivery.sent()[0] {
        Action::DisputeReview(t) => {
            assert_eq!(t.reason, "invoice sent to the wrong entity");
            assert_eq!(t.review_on, d("2025-02-20"));
        }
        other => panic!("{other:?}"),
    }
    // Nothing more until the limitation warning, 60 days before the claim is
    // time-barred on 31 January 2030 (Code de commerce L110-4).
    assert_eq!(w.store.next_wakeup(), Some(d("2029-12-02")));
    assert!(w.run(d("2025-03-20")).planned.is_empty());
}

#[test]
fn manual_mode_and_excluded_customers_get_no_actions() {
    let mut manual = customer("M");
    manual.mode = relance::DunningMode::Manual;
    let mut excluded = customer("X");
    excluded.mode = relance::DunningMode::Excluded;
    let mut w = World::standard()
        .with_customer(manual)
        .with_customer(excluded)
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("M1", "M", "100.00", "2025-01-31")
        .with("X1", "X", "100.00", "2025-01-31");
    for on in ["2025-02-07", "2025-03-02", "2025-05-01"] {
        w.run(d(on));
    }
    assert!(w.sent_notices().iter().all(|n| n.customer.as_str() == "C1"));
    assert!(w.account("M1").reached().is_empty());
    assert!(w.account("X1").reached().is_empty());
}

#[test]
fn an_unreachable_channel_falls_back_to_a_letter_or_is_reported() {
    let mut post_only = customer("P");
    post_only.contacts.email = None;
    let mut nothing = customer("N");
    nothing.contacts.email = None;
    nothing.contacts.postal_address = None;
    let mut w = World::standard()
        .with_customer(post_only)
        .with_customer(nothing)
        .with("P1", "P", "100.00", "2025-01-31")
        .with("N1", "N", "100.00", "2025-01-31");
    let p = w.plan(d("2025-02-07"));
    let ns = notices(&p.actions);
    assert_eq!(
        ns.iter()
            .map(|n| (n.customer.as_str(), n.channel))
            .collect::<Vec<_>>(),
        vec![("N", Channel::Email), ("P", Channel::Letter)]
    );
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].customer.as_str(), "N");
    assert_eq!(p.problems[0].invoice, Some("N1".into()));
    assert_eq!(
        p.problems[0].message,
        "no contact for email and no postal address to fall back on"
    );
}

#[test]
fn a_formal_notice_gives_a_deadline_counted_from_the_run_and_the_next_step_waits_for_it() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    for on in ["2025-02-07", "2025-02-15", "2025-03-02"] {
        w.run(d(on));
    }
    let n = w.sent_notices()[2];
    assert_eq!(n.stage, Stage::FormalNotice);
    assert_eq!(n.channel, Channel::RegisteredLetter);
    assert_eq!(n.deadline, Some(d("2025-03-10")));
    assert_eq!(
        w.account("I1").state(d("2025-03-05")),
        relance::DunningState::FormalNoticeServed {
            step: 2,
            deadline: Some(d("2025-03-10"))
        }
    );
    assert_eq!(w.store.next_wakeup(), Some(d("2025-04-01")));
}

#[test]
fn a_step_reached_again_after_an_upheld_dispute_gets_a_new_key_and_is_sent() {
    // The courtesy reminder (3 days before the due date) went out; the customer disputed
    // it the same day and was found right at once: the ladder restarts, and its first
    // step is due that same day again. Same invoice, step, due date: the key must still
    // differ, or the store drops it as executed while the step is recorded as reached.
    let book = LadderBook::new(vec![Ladder::new(
        "l",
        vec![
            Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
        ],
    )])
    .unwrap();
    // Keys are under test, not contact pressure: the restarted step may go out the same day.
    let mut w = World::with_policy(
        book,
        relance::Policy::default().with_contact_pressure_days(0),
    )
    .with_customer(customer("C1"))
    .with("I1", "C1", "100.00", "2025-01-31");
    let first = w.run(d("2025-01-28")).planned;
    w.record(&[
        ev("I1", "2025-01-28", dispute("wrong price")),
        ev(
            "I1",
            "2025-01-28",
            EventKind::DisputeResolved { upheld: true },
        ),
    ]);
    let r = w.run(d("2025-01-28"));
    assert_eq!(r.planned.len(), 1);
    assert_ne!(r.planned, first);
    assert_eq!(
        r.delivered.len(),
        1,
        "recorded as reached, so it must be sent"
    );
    assert_eq!(w.sent_notices().len(), 2);
    assert_eq!(w.sent_notices()[1].lines[0].sequence, 1);
}

#[test]
fn an_approval_asked_again_on_the_same_date_gets_a_new_key_and_is_delivered() {
    // Refused with a retry the same day: the request is made again, and a person must
    // actually get it (the account waits for their answer).
    let book = LadderBook::new(vec![Ladder::new(
        "l",
        vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_approval()],
    )])
    .unwrap();
    let mut w =
        World::new(book)
            .with_customer(customer("C1"))
            .with("I1", "C1", "100.00", "2025-01-31");
    let first = w.run(d("2025-02-07")).planned;
    w.record(&[ev(
        "I1",
        "2025-02-07",
        EventKind::ApprovalRefused {
            step: 0,
            reason: "check the amount first".into(),
            retry_on: d("2025-02-07"),
        },
    )]);
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.planned.len(), 1);
    assert_ne!(r.planned, first);
    assert_eq!(r.delivered.len(), 1);
    assert_eq!(w.delivery.sent().len(), 2);
    assert!(matches!(
        w.account("I1").status(),
        Status::AwaitingApproval { step: 0, .. }
    ));
}

#[test]
fn a_credit_blocking_step_reached_again_after_a_restart_gets_a_new_credit_hold_key() {
    let ladder = Ladder::new(
        "l",
        vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_credit_block()],
    );
    let mut w = World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    let first = w.run(d("2025-02-07")).planned;
    w.record(&[
        ev("I1", "2025-02-08", dispute("wrong price")),
        ev(
            "I1",
            "2025-02-08",
            EventKind::DisputeResolved { upheld: true },
        ),
    ]);
    let again = w.run(d("2025-02-15")).planned;
    assert_eq!(
        (first.len(), again.len()),
        (2, 2),
        "a notice and a credit hold each"
    );
    assert!(
        again.iter().all(|k| !first.contains(k)),
        "{first:?} {again:?}"
    );
    assert_eq!(
        w.delivery.sent().len(),
        4,
        "both credit holds reached the credit manager"
    );
}

#[test]
fn customers_not_dunned_automatically_do_not_pin_the_store_wakeup_in_the_past() {
    // An overdue invoice of a manual-mode customer is never planned; the store's next
    // wakeup must not stay on its (past) step date, or a host sleeping until the wakeup
    // would be woken for nothing at every turn.
    let mut manual = customer("M");
    manual.mode = relance::DunningMode::Manual;
    let mut excluded = customer("X");
    excluded.mode = relance::DunningMode::Excluded;
    let mut w = World::standard()
        .with_customer(manual)
        .with_customer(excluded)
        .with("M1", "M", "100.00", "2025-01-31")
        .with("X1", "X", "100.00", "2025-01-31")
        .with("I1", "C1", "100.00", "2025-03-31");
    assert!(w.run(d("2025-02-10")).planned.is_empty());
    assert_eq!(w.store.next_wakeup(), Some(d("2025-04-07")));
}
