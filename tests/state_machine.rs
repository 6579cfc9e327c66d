//! Proves the per-invoice state machine rules of issue 2, Build section 3: an event that
//! makes no sense in the current state returns a typed error and leaves the account
//! exactly as it was (`==`); the states of the diagram on the right dates; `next_wakeup`
//! gives the date when something happens without any new event, and running earlier is a
//! no-op.

mod common;

use common::*;
use relance::{
    Account, Channel, DunningState, EventError, EventKind, HoldKind, Instalment, Invoice, Ladder,
    LadderBook, MinAmount, Stage, Status, Step,
};

fn step_reached(step: usize, stage: Stage, due_on: &str) -> EventKind {
    EventKind::StepReached {
        step,
        name: format!("step {step}"),
        stage,
        due_on: d(due_on),
        fee: None,
        deadline: None,
    }
}

/// Invoice `I` of 100.00 EUR issued 2025-01-01, due 2025-01-31, after `events`.
fn acc_after(events: &[(&str, EventKind)]) -> Account {
    let mut a = account("I", "100.00", "2025-01-31");
    for (on, kind) in events {
        a.apply(&ev("I", on, kind.clone()))
            .unwrap_or_else(|e| panic!("setup event {kind:?} on {on}: {e}"));
    }
    a
}

fn settled() -> Account {
    acc_after(&[("2025-02-10", payment("100"))])
}
fn disputed() -> Account {
    acc_after(&[("2025-02-10", dispute("goods damaged"))])
}
fn promised() -> Account {
    acc_after(&[("2025-02-10", promise("2025-02-20"))])
}
fn judicial() -> Account {
    acc_after(&[(
        "2025-04-01",
        EventKind::HandedOver {
            to: "Cabinet Huissier".into(),
        },
    )])
}
fn written_off() -> Account {
    acc_after(&[(
        "2025-06-01",
        EventKind::WrittenOff {
            reason: "insolvent".into(),
        },
    )])
}
fn awaiting_approval() -> Account {
    acc_after(&[(
        "2025-02-07",
        EventKind::ApprovalRequested {
            step: 0,
            due_on: d("2025-02-07"),
        },
    )])
}
fn on_manual_hold() -> Account {
    acc_after(&[("2025-02-10", hold("2025-03-10", "customer audit"))])
}
fn on_plan() -> Account {
    acc_after(&[(
        "2025-02-10",
        EventKind::PaymentPlanAgreed {
            schedule: vec![
                Instalment {
                    amount: dec("50"),
                    due_date: d("2025-02-28"),
                },
                Instalment {
                    amount: dec("50"),
                    due_date: d("2025-03-31"),
                },
            ],
        },
    )])
}

/// A rejection case: name, account, date, event, expected error.
type Case = (
    &'static str,
    Account,
    &'static str,
    EventKind,
    Box<dyn Fn(&EventError) -> bool>,
);

fn not_allowed(state: &'static str) -> impl Fn(&EventError) -> bool {
    move |e| matches!(e, EventError::NotAllowed { state: s, .. } if *s == state)
}

#[test]
fn rejected_events_return_a_typed_error_and_leave_the_account_exactly_as_it_was() {
    let fresh = || acc_after(&[]);
    let cases: Vec<Case> = vec![
        (
            // An overpayment, or a credit note on a settled invoice, is accepted (a credit
            // balance); using more credit than the balance is not.
            "credit used above the balance",
            settled(),
            "2025-02-11",
            EventKind::CreditBalanceUsed {
                amount: dec("0.01"),
            },
            Box::new(
                |e| matches!(e, EventError::Exceeds { what: "credit balance", limit, .. } if limit.is_zero()),
            ),
        ),
        (
            "zero payment",
            fresh(),
            "2025-02-10",
            payment("0"),
            Box::new(|e| {
                matches!(
                    e,
                    EventError::BadAmount {
                        problem: "must be positive",
                        ..
                    }
                )
            }),
        ),
        (
            "negative payment",
            fresh(),
            "2025-02-10",
            payment("-5"),
            Box::new(|e| matches!(e, EventError::BadAmount { .. })),
        ),
        (
            "payment finer than a cent",
            fresh(),
            "2025-02-10",
            payment("1.001"),
            Box::new(
                |e| matches!(e, EventError::BadAmount { problem, .. } if problem.contains("decimals")),
            ),
        ),
        (
            "reversal of nothing paid",
            fresh(),
            "2025-02-10",
            reversal("1"),
            Box::new(
                |e| matches!(e, EventError::Exceeds { what: "amount paid", limit, .. } if limit.is_zero()),
            ),
        ),
        (
            "dispute resolved without a dispute",
            fresh(),
            "2025-02-10",
            EventKind::DisputeResolved { upheld: true },
            Box::new(not_allowed("open")),
        ),
        (
            "promise kept without a promise",
            fresh(),
            "2025-02-10",
            EventKind::PromiseKept,
            Box::new(not_allowed("open")),
        ),
        (
            "promise broken without a promise",
            disputed(),
            "2025-02-11",
            EventKind::PromiseBroken,
            Box::new(not_allowed("disputed")),
        ),
        (
            "instalment missed without a plan",
            promised(),
            "2025-02-11",
            EventKind::PlanInstalmentMissed,
            Box::new(not_allowed("on a promise to pay")),
        ),
        (
            "hold released without a hold",
            on_plan(),
            "2025-02-11",
            EventKind::HoldReleased,
            Box::new(not_allowed("on a payment plan")),
        ),
        (
            "approval granted without a request",
            fresh(),
            "2025-02-10",
            EventKind::ApprovalGranted { step: 0 },
            Box::new(not_allowed("open")),
        ),
        (
            "hand-over while disputed",
            disputed(),
            "2025-02-11",
            EventKind::HandedOver {
                to: "agency".into(),
            },
            Box::new(not_allowed("disputed")),
        ),
        (
            "second dispute",
            disputed(),
            "2025-02-11",
            dispute("again"),
            Box::new(not_allowed("disputed")),
        ),
        (
            "promise while disputed",
            disputed(),
            "2025-02-11",
            promise("2025-03-01"),
            Box::new(not_allowed("disputed")),
        ),
        (
            "manual hold on a payment plan",
            on_plan(),
            "2025-02-11",
            hold("2025-03-01", "audit"),
            Box::new(not_allowed("on a payment plan")),
        ),
        (
            "written off twice",
            written_off(),
            "2025-06-02",
            EventKind::WrittenOff {
                reason: "again".into(),
            },
            Box::new(not_allowed("written off")),
        ),
        (
            "dispute once handed over",
            judicial(),
            "2025-04-02",
            dispute("late complaint"),
            Box::new(not_allowed("judicial")),
        ),
        (
            "step once handed over",
            judicial(),
            "2025-04-02",
            step_reached(0, Stage::Amicable, "2025-02-07"),
            Box::new(not_allowed("judicial")),
        ),
        (
            "dispute on a settled invoice",
            settled(),
            "2025-02-11",
            dispute("too late"),
            Box::new(not_allowed("settled")),
        ),
        (
            "write-off of a settled invoice",
            settled(),
            "2025-02-11",
            EventKind::WrittenOff { reason: "x".into() },
            Box::new(not_allowed("settled")),
        ),
        (
            "step repeated",
            acc_after(&[("2025-02-07", step_reached(1, Stage::Amicable, "2025-02-07"))]),
            "2025-02-15",
            step_reached(1, Stage::Amicable, "2025-02-15"),
            Box::new(|e| {
                matches!(
                    e,
                    EventError::WrongStep {
                        expected: 2,
                        found: 1,
                        ..
                    }
                )
            }),
        ),
        (
            "step gone back to",
            acc_after(&[("2025-02-07", step_reached(1, Stage::Amicable, "2025-02-07"))]),
            "2025-02-15",
            step_reached(0, Stage::Amicable, "2025-02-15"),
            Box::new(|e| matches!(e, EventError::WrongStep { found: 0, .. })),
        ),
        (
            "step while on a manual hold",
            on_manual_hold(),
            "2025-02-11",
            step_reached(0, Stage::Amicable, "2025-02-07"),
            Box::new(not_allowed("on a manual hold")),
        ),
        (
            "step before its approval",
            awaiting_approval(),
            "2025-02-08",
            step_reached(0, Stage::Amicable, "2025-02-07"),
            Box::new(not_allowed("awaiting approval")),
        ),
        (
            "approval of another step",
            awaiting_approval(),
            "2025-02-08",
            EventKind::ApprovalGranted { step: 1 },
            Box::new(|e| {
                matches!(
                    e,
                    EventError::WrongStep {
                        expected: 0,
                        found: 1,
                        ..
                    }
                )
            }),
        ),
        (
            "refusal without a reason",
            awaiting_approval(),
            "2025-02-08",
            EventKind::ApprovalRefused {
                step: 0,
                reason: "".into(),
                retry_on: d("2025-03-01"),
            },
            Box::new(|e| {
                matches!(
                    e,
                    EventError::Missing {
                        field: "reason",
                        ..
                    }
                )
            }),
        ),
        (
            "refusal retrying in the past",
            awaiting_approval(),
            "2025-02-08",
            EventKind::ApprovalRefused {
                step: 0,
                reason: "wait".into(),
                retry_on: d("2025-02-07"),
            },
            Box::new(|e| {
                matches!(
                    e,
                    EventError::DateBefore {
                        field: "retry_on",
                        ..
                    }
                )
            }),
        ),
        (
            "dispute review without a dispute",
            fresh(),
            "2025-02-10",
            EventKind::DisputeReviewRequested,
            Box::new(not_allowed("open")),
        ),
        (
            "negative fee",
            fresh(),
            "2025-02-07",
            EventKind::StepReached {
                step: 0,
                name: "r".into(),
                stage: Stage::Amicable,
                due_on: d("2025-02-07"),
                fee: Some(dec("-1")),
                deadline: None,
            },
            Box::new(|e| matches!(e, EventError::BadAmount { .. })),
        ),
    ];
    for (what, mut acc, on, kind, check) in cases {
        let before = acc.clone();
        let Err(err) = acc.apply(&ev("I", on, kind.clone())) else {
            panic!("case {what}: {kind:?} was accepted");
        };
        assert!(check(&err), "case {what}: unexpected error {err:?}");
        assert!(
            err.to_string().contains("invoice I"),
            "case {what}: {err} names the invoice"
        );
        assert_eq!(acc, before, "case {what}: the account changed");
    }
}

#[test]
fn rejected_events_about_identity_dates_and_reasons_change_nothing() {
    let mut a = acc_after(&[("2025-02-05", payment("10"))]);
    let before = a.clone();
    let other = ev("OTHER", "2025-02-10", payment("1"));
    assert_eq!(
        a.apply(&other),
        Err(EventError::WrongInvoice {
            expected: "I".into(),
            found: "OTHER".into()
        })
    );
    let early = ev("I", "2024-12-31", payment("1"));
    assert_eq!(
        a.apply(&early),
        Err(EventError::BeforeIssue {
            invoice: "I".into(),
            event: "payment",
            on: d("2024-12-31"),
            issue_date: d("2025-01-01"),
        })
    );
    let texts: Vec<(EventKind, &str)> = vec![
        (hold("2025-03-01", " "), "reason"),
        (dispute(""), "reason"),
        (EventKind::HandedOver { to: "".into() }, "to"),
        (
            EventKind::WrittenOff {
                reason: "\t".into(),
            },
            "reason",
        ),
        (
            EventKind::NoticeDelivered {
                key: "k".into(),
                channel: Channel::Email,
                receipt: "".into(),
            },
            "receipt",
        ),
    ];
    for (kind, field) in texts {
        let e = a.apply(&ev("I", "2025-02-10", kind.clone())).unwrap_err();
        assert!(
            matches!(e, EventError::Missing { field: f, .. } if f == field),
            "{kind:?}: {e:?}"
        );
    }
    let dates: Vec<(EventKind, &str)> = vec![
        (hold("2025-02-09", "audit"), "until"),
        (promise("2025-02-09"), "until"),
        (
            EventKind::DisputeOpened {
                reason: "r".into(),
                review_on: Some(d("2025-02-01")),
            },
            "review_on",
        ),
    ];
    for (kind, field) in dates {
        let e = a.apply(&ev("I", "2025-02-10", kind.clone())).unwrap_err();
        assert!(
            matches!(e, EventError::DateBefore { field: f, on, .. } if f == field && on == d("2025-02-10")),
            "{kind:?}: {e:?}"
        );
    }
    let plans: Vec<(Vec<Instalment>, &str)> = vec![
        (vec![], "must have 1 to"),
        (
            vec![Instalment {
                amount: dec("50"),
                due_date: d("2025-03-01"),
            }],
            "instalments add up to 50, the outstanding is 90",
        ),
        (
            vec![
                Instalment {
                    amount: dec("45"),
                    due_date: d("2025-03-01"),
                },
                Instalment {
                    amount: dec("45"),
                    due_date: d("2025-03-01"),
                },
            ],
            "is not after",
        ),
    ];
    for (schedule, text) in plans {
        let e = a
            .apply(&ev(
                "I",
                "2025-02-10",
                EventKind::PaymentPlanAgreed { schedule },
            ))
            .unwrap_err();
        assert!(
            matches!(&e, EventError::BadSchedule { problem, .. } if problem.contains(text)),
            "{e:?}"
        );
    }
    assert_eq!(a, before);
    // The account still works after all those rejections.
    a.apply(&ev("I", "2025-02-11", payment("90"))).unwrap();
    assert_eq!(
        a.status(),
        &Status::Settled {
            on: d("2025-02-11")
        }
    );
}

#[test]
fn a_rejected_event_does_not_even_record_the_timers_it_would_have_played() {
    // The promise expired on 20 Feb; a "promise kept" on 1 March first plays the timer
    // (promise broken on 21 Feb), then is refused: neither may be recorded.
    let mut a = promised();
    let before = a.clone();
    let e = a
        .apply(&ev("I", "2025-03-01", EventKind::PromiseKept))
        .unwrap_err();
    assert_eq!(
        e,
        EventError::NotAllowed {
            invoice: "I".into(),
            event: "promise_kept",
            state: "open"
        }
    );
    assert_eq!(a, before);
    assert_eq!(a.history().len(), 1);
}

#[test]
fn the_states_of_the_diagram_on_their_dates() {
    let a = acc_after(&[]);
    assert_eq!(a.state(d("2025-01-15")), DunningState::NotDue);
    assert_eq!(
        a.state(d("2025-01-31")),
        DunningState::NotDue,
        "due today is not overdue"
    );
    assert_eq!(
        a.state(d("2025-02-01")),
        DunningState::Overdue { step: None }
    );
    let a = acc_after(&[
        ("2025-02-07", step_reached(0, Stage::Amicable, "2025-02-07")),
        (
            "2025-03-02",
            EventKind::StepReached {
                step: 1,
                name: "fn".into(),
                stage: Stage::FormalNotice,
                due_on: d("2025-03-02"),
                fee: None,
                deadline: Some(d("2025-03-10")),
            },
        ),
    ]);
    assert_eq!(
        a.state(d("2025-03-05")),
        DunningState::FormalNoticeServed {
            step: 1,
            deadline: Some(d("2025-03-10"))
        }
    );
    assert_eq!(
        awaiting_approval().state(d("2025-02-08")),
        DunningState::AwaitingApproval { step: 0 }
    );
    assert_eq!(
        settled().state(d("2025-03-01")),
        DunningState::Settled {
            on: d("2025-02-10")
        }
    );
    assert_eq!(
        judicial().state(d("2025-05-01")),
        DunningState::Judicial {
            since: d("2025-04-01")
        }
    );
    assert_eq!(
        written_off().state(d("2025-07-01")),
        DunningState::WrittenOff {
            on: d("2025-06-01")
        }
    );
    match disputed().state(d("2025-02-12")) {
        DunningState::OnHold { hold } => {
            assert_eq!(hold.reason, "goods damaged");
            assert_eq!(hold.since, d("2025-02-10"));
            assert_eq!(
                hold.kind,
                HoldKind::Dispute {
                    review_on: d("2025-03-12"),
                    review_requested: false
                }
            );
        }
        other => panic!("{other:?}"),
    }
    // A promise is a hold up to its last day, and over the day after.
    let p = promised();
    assert_eq!(p.state(d("2025-02-20")).name(), "on_hold");
    assert_eq!(
        p.state(d("2025-02-21")),
        DunningState::Overdue { step: None }
    );
}

#[test]
fn next_wakeup_is_the_date_the_next_step_is_due() {
    let ladder = standard_ladder();
    let mut a = acc_after(&[]);
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-02-07")));
    a.apply(&ev(
        "I",
        "2025-02-07",
        step_reached(0, Stage::Amicable, "2025-02-07"),
    ))
    .unwrap();
    // reminder 2: max(due + 15, issued + 5) = 15 Feb.
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-02-15")));
    a.apply(&ev(
        "I",
        "2025-02-15",
        step_reached(1, Stage::Amicable, "2025-02-15"),
    ))
    .unwrap();
    // formal notice: due + 30 = 2 March (February has 28 days in 2025).
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-03-02")));
    a.apply(&ev(
        "I",
        "2025-03-02",
        EventKind::StepReached {
            step: 2,
            name: "formal notice".into(),
            stage: Stage::FormalNotice,
            due_on: d("2025-03-02"),
            fee: None,
            deadline: Some(d("2025-03-10")),
        },
    ))
    .unwrap();
    // hand-over: max(due + 60 = 1 April, issued + 10, deadline + 1) = 1 April.
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-04-01")));
}

#[test]
fn next_wakeup_waits_for_the_formal_notice_deadline() {
    // A judicial step only 2 days after the formal notice still waits for the deadline.
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("fn", Stage::FormalNotice, 7, &[Channel::RegisteredLetter]),
            Step::new("court", Stage::Judicial, 9, &[Channel::Letter]),
        ],
    );
    let mut a = acc_after(&[]);
    a.apply(&ev(
        "I",
        "2025-02-07",
        EventKind::StepReached {
            step: 0,
            name: "fn".into(),
            stage: Stage::FormalNotice,
            due_on: d("2025-02-07"),
            fee: None,
            deadline: Some(d("2025-02-15")),
        },
    ))
    .unwrap();
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-02-16")));
}

#[test]
fn next_wakeup_gives_the_end_of_each_timer() {
    let ladder = standard_ladder();
    assert_eq!(promised().next_wakeup(&ladder), Some(d("2025-02-21")));
    assert_eq!(on_manual_hold().next_wakeup(&ladder), Some(d("2025-03-11")));
    assert_eq!(on_plan().next_wakeup(&ladder), Some(d("2025-03-01")));
    assert_eq!(disputed().next_wakeup(&ladder), Some(d("2025-03-12")));
    let mut reviewed = disputed();
    reviewed
        .apply(&ev("I", "2025-03-12", EventKind::DisputeReviewRequested))
        .unwrap();
    assert_eq!(
        reviewed.next_wakeup(&ladder),
        None,
        "only a resolution moves it"
    );
}

#[test]
fn next_wakeup_is_none_when_only_an_event_can_move_the_invoice() {
    let ladder = standard_ladder();
    assert_eq!(settled().next_wakeup(&ladder), None);
    assert_eq!(judicial().next_wakeup(&ladder), None);
    assert_eq!(written_off().next_wakeup(&ladder), None);
    assert_eq!(awaiting_approval().next_wakeup(&ladder), None);
    // Ladder exhausted.
    let one = Ladder::new(
        "one",
        vec![Step::new("r", Stage::Amicable, 7, &[Channel::Email])],
    );
    let a = acc_after(&[("2025-02-07", step_reached(0, Stage::Amicable, "2025-02-07"))]);
    assert_eq!(a.next_wakeup(&one), None);
    // Below the only step's minimum, with nothing else to come due.
    let mut high = Step::new("r", Stage::Amicable, 7, &[Channel::Email]);
    high.min_amount = Some(MinAmount::Any(dec("500")));
    assert_eq!(
        acc_after(&[]).next_wakeup(&Ladder::new("h", vec![high])),
        None
    );
    // A granted approval is due at once.
    let mut granted = awaiting_approval();
    granted
        .apply(&ev(
            "I",
            "2025-02-09",
            EventKind::ApprovalGranted { step: 0 },
        ))
        .unwrap();
    assert_eq!(granted.next_wakeup(&ladder), Some(d("2025-02-09")));
}

#[test]
fn running_before_the_wakeup_is_a_no_op() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let before = w.account("I1").clone();
    for day in 1..=6 {
        let on = d(&format!("2025-02-{day:02}"));
        let r = w.run(on);
        assert!(r.planned.is_empty() && r.delivered.is_empty(), "{on}");
        assert!(w.plan(on).actions.is_empty());
    }
    assert_eq!(w.account("I1"), &before);
    assert!(w.delivery.sent().is_empty());
    assert!(w.store.log().is_empty());
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.delivered.len(), 1);
}

#[test]
fn next_wakeup_accounts_for_a_later_instalment_reaching_the_threshold() {
    // Two instalments, 30 then 70; the reminder needs 50 overdue. Nothing is owed above
    // the minimum after the first due date, but the second instalment brings the overdue
    // amount to 100 on 1 March: the reminder is due then, with no new event.
    let mut r = Step::new("r", Stage::Amicable, 7, &[Channel::Email]);
    r.min_amount = Some(MinAmount::Any(dec("50")));
    let ladder = Ladder::new("l", vec![r]);
    let inv = Invoice {
        instalments: vec![
            Instalment {
                amount: dec("30"),
                due_date: d("2025-01-31"),
            },
            Instalment {
                amount: dec("70"),
                due_date: d("2025-03-01"),
            },
        ],
        ..invoice("I", "C1", "1", "2025-01-31")
    };
    let a = Account::open(inv).unwrap();
    let book = LadderBook::new(vec![ladder.clone()]).unwrap();
    let portfolio = vec![relance::CustomerAccounts {
        customer: customer("C1"),
        accounts: vec![a.clone()],
    }];
    assert!(
        plan_on(d("2025-02-28"), &book, &portfolio)
            .actions
            .is_empty()
    );
    assert_eq!(
        notices(&plan_on(d("2025-03-01"), &book, &portfolio).actions).len(),
        1,
        "the planner sends the reminder on 1 March"
    );
    assert_eq!(a.next_wakeup(&ladder), Some(d("2025-03-01")));
    // A run a few days late records the date the step became due: 1 March, when the
    // overdue amount reached the minimum, not the ladder date (7 Feb) nor the run date.
    let late = plan_on(d("2025-03-05"), &book, &portfolio);
    assert_eq!(
        notices(&late.actions)[0].lines[0].step_due_on,
        d("2025-03-01")
    );
}

#[test]
fn a_wakeup_that_passed_with_nothing_to_do_does_not_stay_in_the_past() {
    // A manual hold ends on 3 Feb, before the first reminder (7 Feb). Once the hold is
    // over, the next thing to happen is the reminder: a host that sleeps until
    // next_wakeup must not be woken again and again on 4 Feb.
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.record(&[ev(
        "I1",
        "2025-01-25",
        hold("2025-02-03", "checking delivery"),
    )]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-07")));
    // A host that woke up when the hold lapsed anyway finds nothing to do, and is told
    // the same future date, not the lapse date again.
    let r = w.run(d("2025-02-04"));
    assert!(r.planned.is_empty());
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-07")));
    // Nothing was due before 7 February, so waking only then loses nothing.
    assert!(w.plan(d("2025-02-06")).actions.is_empty());
    assert_eq!(notices(&w.plan(d("2025-02-07")).actions).len(), 1);
}

#[test]
fn ready_to_use_statuses_round_trip_through_serde() {
    for a in [
        acc_after(&[]),
        settled(),
        disputed(),
        promised(),
        judicial(),
        written_off(),
        awaiting_approval(),
        on_manual_hold(),
        on_plan(),
    ] {
        let json = serde_json::to_string(&a).unwrap();
        let back: Account = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
        assert_eq!(
            Account::replay(a.invoice().clone(), a.history()).unwrap(),
            a,
            "replaying the history rebuilds the same account"
        );
    }
}

#[test]
fn replaying_a_history_with_timer_transitions_rebuilds_the_same_account() {
    // Event sourcing: a host stores the events and rebuilds accounts from them. Timer
    // transitions (a promise broken, a hold ended, a plan instalment missed) are in the
    // history, recorded on the day they were due.
    let cases: Vec<Vec<(&str, EventKind)>> = vec![
        vec![
            ("2025-02-10", promise("2025-02-20")),
            ("2025-03-01", payment("10")),
        ],
        vec![
            ("2025-02-10", hold("2025-02-20", "audit")),
            ("2025-03-01", payment("10")),
        ],
        vec![
            (
                "2025-02-10",
                EventKind::PaymentPlanAgreed {
                    schedule: vec![Instalment {
                        amount: dec("100"),
                        due_date: d("2025-02-28"),
                    }],
                },
            ),
            ("2025-03-05", payment("10")),
        ],
    ];
    for events in cases {
        let a = acc_after(&events);
        assert_eq!(a.history().len(), 3, "the timer was recorded");
        let rebuilt = Account::replay(a.invoice().clone(), a.history());
        assert_eq!(rebuilt.as_ref(), Ok(&a), "{:?}", a.history());
    }
    // A host reporting the broken promise itself on the day it lapses is not refused.
    let mut p = promised();
    p.apply(&ev("I", "2025-02-21", EventKind::PromiseBroken))
        .unwrap();
    assert_eq!(p.history().len(), 2);
    assert_eq!(p.status(), &Status::Open);
}
