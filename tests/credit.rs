//! Credit management: each rule of the credit check, limits with effective dates and
//! temporary increases, exposure (ledger, orders, conversion, as of a date), credit holds
//! from escalation released automatically when cured (with an event) or by a person with
//! a reason, overrides that expire; and the payment-behaviour score's invariants
//! (paying later never raises it, determinism, consumers off by default).

mod common;

use common::*;
use proptest::prelude::*;
use relance::credit::*;
use relance::{
    Account, Action, Channel, Currency, CustomerKind, EventKind, Ladder, LadderBook, Stage, Step,
};

fn dec_(s: &str) -> rust_decimal::Decimal {
    dec(s)
}

fn file_with_limit(limit: &str) -> CreditFile {
    let mut f = CreditFile::new("C1".into(), Currency::EUR);
    f.apply(CreditEvent::new(
        d("2025-01-01"),
        CreditEventKind::LimitSet {
            amount: dec_(limit),
            approved_by: "CFO".into(),
            reason: Some("annual review".into()),
        },
    ))
    .unwrap();
    f
}

fn check(
    on: &str,
    f: &CreditFile,
    accounts: &[Account],
    order: &str,
    policy: &CreditPolicy,
) -> CreditDecision {
    check_order(
        d(on),
        &customer("C1"),
        f,
        accounts,
        &OrderCheck::new(dec_(order), Currency::EUR),
        None,
        &[],
        policy,
    )
    .unwrap()
}

fn rules(r: &CreditDecision) -> Vec<Rule> {
    r.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn an_order_within_the_limit_is_approved_and_one_beyond_it_held() {
    let f = file_with_limit("5000.00");
    let acc = account("I1", "3000.00", "2025-02-28");
    let p = CreditPolicy::default();
    let ok = check("2025-02-01", &f, std::slice::from_ref(&acc), "2000.00", &p);
    assert_eq!(ok.verdict, Verdict::Approve);
    assert!(ok.findings.is_empty());
    assert_eq!(ok.available, Some(dec_("2000.00")));
    let over = check("2025-02-01", &f, &[acc], "2000.01", &p);
    assert_eq!(over.verdict, Verdict::Hold);
    assert_eq!(rules(&over), [Rule::OverLimit]);
    assert!(over.findings[0].clears_when.contains("0.01 EUR"));
}

#[test]
fn limits_take_effect_on_their_date_and_temporary_increases_expire() {
    let mut f = file_with_limit("5000.00");
    f.apply(CreditEvent::new(
        d("2025-04-01"),
        CreditEventKind::LimitSet {
            amount: dec_("8000.00"),
            approved_by: "CFO".into(),
            reason: None,
        },
    ))
    .unwrap();
    f.apply(CreditEvent::new(
        d("2025-02-01"),
        CreditEventKind::TemporaryIncrease {
            amount: dec_("1000.00"),
            until: d("2025-02-28"),
            reason: "season".into(),
            approved_by: "CFO".into(),
        },
    ))
    .unwrap();
    let total = |on: &str| f.limit_on(d(on)).map(|l| l.total.to_string());
    assert_eq!(total("2024-12-31"), None);
    assert_eq!(total("2025-01-31").as_deref(), Some("5000.00"));
    assert_eq!(total("2025-02-28").as_deref(), Some("6000.00"));
    assert_eq!(total("2025-03-01").as_deref(), Some("5000.00"));
    assert_eq!(total("2025-04-01").as_deref(), Some("8000.00"));
    // An increase needs a reason and who approved it; nothing is recorded otherwise.
    let before = f.events().len();
    let e = f
        .apply(CreditEvent::new(
            d("2025-05-01"),
            CreditEventKind::TemporaryIncrease {
                amount: dec_("1000.00"),
                until: d("2025-05-31"),
                reason: "season".into(),
                approved_by: "".into(),
            },
        ))
        .unwrap_err();
    assert!(matches!(
        e,
        CreditError::Missing {
            what: "who approved it",
            ..
        }
    ));
    assert_eq!(f.events().len(), before);
}

#[test]
fn the_customers_standing_limit_applies_without_a_limit_in_the_file() {
    let mut c = customer("C1");
    c.credit_limit = Some(relance::Money::parse("100.00", Currency::GBP).unwrap());
    let f = CreditFile::new("C1".into(), Currency::EUR);
    let rates = [FxRate {
        from: Currency::GBP,
        to: Currency::EUR,
        rate: dec_("1.2"),
        on: d("2025-01-01"),
    }];
    let l = limit_of(&c, &f, d("2025-02-01"), &rates).unwrap().unwrap();
    assert_eq!(l.total.to_string(), "120.00");
    assert!(matches!(
        limit_of(&c, &f, d("2024-12-31"), &rates),
        Err(CreditError::NoRate { .. })
    ));
}

#[test]
fn exposure_counts_open_claims_with_accessories_orders_and_deliveries_in_the_files_currency() {
    let mut acc = account("I1", "1000.00", "2025-01-31");
    acc.apply(&ev(
        "I1",
        "2025-03-01",
        EventKind::AccessoriesClaimed {
            interest: dec_("12.50"),
            compensation: dec_("40.00"),
            imputation: relance::Imputation::PrincipalFirst,
            waive_on_principal_paid: false,
            interest_paid: dec_("0"),
        },
    ))
    .unwrap();
    let usd = Account::open(relance::Invoice::single(
        "I2",
        "N-2",
        "C1",
        Currency::USD,
        d("2025-02-01"),
        dec_("110.00"),
        d("2025-03-03"),
    ))
    .unwrap();
    let other = Account::open(invoice("X1", "C2", "999.00", "2025-01-31")).unwrap();
    let mut f = CreditFile::new("C1".into(), Currency::EUR);
    for (on, kind) in [
        (
            "2025-03-01",
            CreditEventKind::OrderPlaced {
                order: "SO-1".into(),
                amount: dec_("300.00"),
                currency: Currency::EUR,
                prepaid: false,
            },
        ),
        (
            "2025-03-01",
            CreditEventKind::OrderPlaced {
                order: "SO-2".into(),
                amount: dec_("200.00"),
                currency: Currency::EUR,
                prepaid: false,
            },
        ),
        (
            "2025-03-01",
            CreditEventKind::OrderPlaced {
                order: "SO-3".into(),
                amount: dec_("5000.00"),
                currency: Currency::EUR,
                prepaid: true,
            },
        ),
        (
            "2025-03-02",
            CreditEventKind::OrderDelivered {
                order: "SO-2".into(),
            },
        ),
    ] {
        f.apply(CreditEvent::new(d(on), kind)).unwrap();
    }
    let rates = [FxRate {
        from: Currency::EUR,
        to: Currency::USD,
        rate: dec_("1.10"),
        on: d("2025-01-01"),
    }];
    let e = exposure(
        d("2025-03-05"),
        &f,
        &[acc.clone(), usd.clone(), other],
        &rates,
    )
    .unwrap();
    assert_eq!(e.receivables, dec_("1100.00")); // 1000 EUR + 110 USD at 1.10
    assert_eq!(e.accessories, dec_("52.50"));
    assert_eq!(e.open_orders, dec_("300.00")); // the prepaid order does not count
    assert_eq!(e.uninvoiced_deliveries, dec_("200.00"));
    assert_eq!(e.total, dec_("1652.50"));
    assert_eq!(e.overdue, dec_("1100.00"));
    assert_eq!(e.oldest_overdue_days, 33);
    // Without the rate, the exposure cannot be computed: an error, not a guess.
    assert!(matches!(
        exposure(d("2025-03-05"), &f, &[acc.clone(), usd], &[]),
        Err(CreditError::NoRate { .. })
    ));
    // Known on 1 March, the delivery of the 2nd is not.
    let e = exposure(d("2025-03-01"), &f, &[acc], &rates).unwrap();
    assert_eq!(
        (e.open_orders, e.uninvoiced_deliveries),
        (dec_("500.00"), dec_("0"))
    );
}

#[test]
fn an_amount_overdue_beyond_the_threshold_age_holds_the_order() {
    let f = file_with_limit("100000.00");
    let acc = account("I1", "600.00", "2025-01-31");
    let p = CreditPolicy {
        overdue_days: 30,
        overdue_amount: dec_("500.00"),
        ..CreditPolicy::default()
    };
    // 30 days overdue is not beyond 30 days.
    assert_eq!(
        check("2025-03-02", &f, std::slice::from_ref(&acc), "1", &p).verdict,
        Verdict::Approve
    );
    let r = check("2025-03-03", &f, std::slice::from_ref(&acc), "1", &p);
    assert_eq!(rules(&r), [Rule::OverdueBeyondThreshold]);
    assert!(
        r.findings[0]
            .reason
            .contains("600.00 EUR overdue by more than 30 days")
    );
    assert_eq!(
        r.findings[0].clears_when,
        "payments of 100.00 EUR on those invoices"
    );
    // Below the amount threshold, it passes.
    let mut small = acc;
    small
        .apply(&ev("I1", "2025-03-01", payment("150.00")))
        .unwrap();
    assert_eq!(
        check("2025-03-03", &f, &[small], "1", &p).verdict,
        Verdict::Approve
    );
}

#[test]
fn an_invoice_at_formal_notice_or_handed_over_holds_the_order() {
    let f = file_with_limit("100000.00");
    let mut acc = account("I1", "100.00", "2025-01-31");
    let p = CreditPolicy {
        overdue_days: 365,
        ..CreditPolicy::default()
    };
    acc.apply(&ev(
        "I1",
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
    let r = check("2025-03-03", &f, &[acc.clone()], "1", &p);
    assert_eq!(rules(&r), [Rule::FormalNoticeOrJudicial]);
    assert_eq!(r.findings[0].reason, "invoice I1 is at formal notice");
    // As of the day before the notice, it was not.
    assert_eq!(
        check("2025-03-01", &f, &[acc.clone()], "1", &p).verdict,
        Verdict::Approve
    );
    acc.apply(&ev(
        "I1",
        "2025-04-01",
        EventKind::HandedOver {
            to: "agency".into(),
        },
    ))
    .unwrap();
    let r = check("2025-04-02", &f, &[acc.clone()], "1", &p);
    assert_eq!(
        r.findings[0].reason,
        "invoice I1 is handed over for legal action"
    );
    acc.apply(&ev("I1", "2025-04-10", payment("100.00")))
        .unwrap();
    assert_eq!(
        check("2025-04-10", &f, &[acc], "1", &p).verdict,
        Verdict::Approve
    );
}

#[test]
fn a_manual_block_holds_until_lifted_or_ended() {
    let mut f = file_with_limit("100000.00");
    f.apply(CreditEvent::new(
        d("2025-03-01"),
        CreditEventKind::Blocked {
            reason: "insolvency rumours".into(),
            by: "M. Durand".into(),
            until: Some(d("2025-03-31")),
        },
    ))
    .unwrap();
    let p = CreditPolicy::default();
    let r = check("2025-03-15", &f, &[], "1", &p);
    assert_eq!(rules(&r), [Rule::ManualBlock]);
    assert_eq!(r.verdict, Verdict::Hold);
    assert_eq!(
        check("2025-04-01", &f, &[], "1", &p).verdict,
        Verdict::Approve
    );
    // Unblocking needs a block in force.
    let e = f
        .apply(CreditEvent::new(
            d("2025-04-02"),
            CreditEventKind::Unblocked {
                reason: "x".into(),
                by: "y".into(),
            },
        ))
        .unwrap_err();
    assert!(matches!(e, CreditError::NotBlocked { .. }));
}

#[test]
fn a_low_score_refers_the_order_and_no_limit_refers_it_when_the_policy_says_so() {
    let f = CreditFile::new("C1".into(), Currency::EUR);
    let p = CreditPolicy {
        min_score: Some(70),
        refer_without_limit: true,
        ..CreditPolicy::default()
    };
    let s = score(&[], d("2025-03-01")); // 60: no history
    let r = check_order(
        d("2025-03-01"),
        &customer("C1"),
        &f,
        &[],
        &OrderCheck::new(dec_("10"), Currency::EUR),
        Some(&s),
        &[],
        &p,
    )
    .unwrap();
    assert_eq!(r.verdict, Verdict::Refer);
    assert_eq!(rules(&r), [Rule::LowScore, Rule::NoLimit]);
    assert!(
        r.findings[0]
            .reason
            .starts_with("payment-behaviour score 60 is below 70")
    );
    // Without a limit and without the policy's referral, no limit means unlimited.
    let r = check("2025-03-01", &f, &[], "1000000", &CreditPolicy::default());
    assert_eq!((r.verdict, r.available), (Verdict::Approve, None));
}

#[test]
fn prepaid_orders_and_shipped_goods_go_through_with_the_findings_listed() {
    let f = file_with_limit("100.00");
    let p = CreditPolicy::default();
    for (prepaid, shipped, why) in [
        (true, false, "the order is prepaid"),
        (false, true, "the goods are already shipped"),
    ] {
        let order = OrderCheck {
            prepaid,
            shipped,
            ..OrderCheck::new(dec_("500"), Currency::EUR)
        };
        let r = check_order(
            d("2025-03-01"),
            &customer("C1"),
            &f,
            &[],
            &order,
            None,
            &[],
            &p,
        )
        .unwrap();
        assert_eq!(r.verdict, Verdict::Approve);
        assert_eq!(r.approved_because.as_deref(), Some(why));
        assert_eq!(rules(&r), [Rule::OverLimit]);
    }
}

#[test]
fn an_override_approves_until_it_expires() {
    let mut f = file_with_limit("100.00");
    f.apply(CreditEvent::new(
        d("2025-03-01"),
        CreditEventKind::Override {
            reason: "strategic account, CEO call".into(),
            by: "CFO".into(),
            until: d("2025-03-07"),
        },
    ))
    .unwrap();
    let p = CreditPolicy::default();
    let r = check("2025-03-07", &f, &[], "500", &p);
    assert_eq!(r.verdict, Verdict::Approve);
    assert!(
        r.approved_because
            .unwrap()
            .starts_with("override by CFO until 2025-03-07")
    );
    assert_eq!(
        check("2025-03-08", &f, &[], "500", &p).verdict,
        Verdict::Hold
    );
    assert_eq!(
        check("2025-02-28", &f, &[], "500", &p).verdict,
        Verdict::Hold
    );
}

/// A ladder whose formal notice blocks credit, customer C1, invoices I1 and I2.
fn escalating_world() -> World {
    let ladder = Ladder::new(
        "l",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter])
                .with_credit_block(),
        ],
    );
    World::new(LadderBook::new(vec![ladder]).unwrap())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "50.00", "2025-01-31")
}

fn hold_of(w: &mut World, on: &str) -> relance::CreditHold {
    w.run(d("2025-02-07"));
    let report = w.run(d(on));
    let _ = report;
    w.delivery
        .sent()
        .iter()
        .find_map(|a| match a {
            Action::CreditHold(h) => Some(h.clone()),
            _ => None,
        })
        .expect("a credit hold")
}

fn accounts(w: &World) -> Vec<Account> {
    vec![w.account("I1").clone(), w.account("I2").clone()]
}

#[test]
fn a_hold_from_escalation_is_released_automatically_once_every_invoice_is_paid() {
    let mut w = escalating_world();
    let hold = hold_of(&mut w, "2025-03-02");
    let mut f = file_with_limit("100000.00");
    f.place_hold(&hold).unwrap();
    let p = CreditPolicy {
        overdue_days: 365,
        ..CreditPolicy::default()
    };
    let r = check_order(
        d("2025-03-03"),
        &customer("C1"),
        &f,
        &accounts(&w),
        &OrderCheck::new(dec_("1"), Currency::EUR),
        None,
        &[],
        &p,
    )
    .unwrap();
    assert!(rules(&r).contains(&Rule::CreditHold), "{r:#?}");
    // One invoice paid: not cured yet.
    w.record(&[ev("I1", "2025-03-05", payment("100.00"))]);
    assert!(
        hold_releases(d("2025-03-05"), &f, &accounts(&w))
            .unwrap()
            .is_empty()
    );
    // Both paid: the release event, dated that day, saying why.
    w.record(&[ev("I2", "2025-03-06", payment("50.00"))]);
    let releases = hold_releases(d("2025-03-06"), &f, &accounts(&w)).unwrap();
    assert_eq!(releases.len(), 1);
    let CreditEventKind::HoldReleased { key, release } = &releases[0].kind else {
        panic!("{releases:?}")
    };
    assert_eq!(key, hold.key.as_str());
    assert_eq!(
        release,
        &Release::Cured {
            note: "invoices I1, I2 paid or credited".into()
        }
    );
    assert_eq!(releases[0].on, d("2025-03-06"));
    // As of the day before, nothing was cured.
    assert!(
        hold_releases(d("2025-03-05"), &f, &accounts(&w))
            .unwrap()
            .is_empty()
    );
    f.apply(releases[0].clone()).unwrap();
    assert!(f.active_holds(d("2025-03-06")).is_empty());
    assert!(
        hold_releases(d("2025-03-07"), &f, &accounts(&w))
            .unwrap()
            .is_empty()
    );
    // Released once: releasing again is refused.
    assert!(matches!(
        f.apply(releases[0].clone()),
        Err(CreditError::NoSuchHold { .. })
    ));
}

#[test]
fn a_person_releases_a_hold_only_with_a_reason() {
    let mut w = escalating_world();
    let hold = hold_of(&mut w, "2025-03-02");
    let mut f = CreditFile::new("C1".into(), Currency::EUR);
    f.place_hold(&hold).unwrap();
    let release = |reason: &str| {
        CreditEvent::new(
            d("2025-03-04"),
            CreditEventKind::HoldReleased {
                key: hold.key.as_str().into(),
                release: Release::Person {
                    name: "M. Durand".into(),
                    reason: reason.into(),
                },
            },
        )
    };
    assert!(matches!(
        f.apply(release("  ")),
        Err(CreditError::Missing {
            what: "a reason",
            ..
        })
    ));
    assert_eq!(f.active_holds(d("2025-03-04")).len(), 1);
    f.apply(release("payment plan signed")).unwrap();
    assert!(f.active_holds(d("2025-03-04")).is_empty());
    // Still held on the days before the release.
    assert_eq!(f.active_holds(d("2025-03-03")).len(), 1);
    // Another customer's hold is refused.
    let mut other = CreditFile::new("C2".into(), Currency::EUR);
    assert!(matches!(
        other.place_hold(&hold),
        Err(CreditError::WrongCustomer { .. })
    ));
}

#[test]
fn a_credit_file_round_trips_through_json_and_refuses_a_bad_history() {
    let mut f = file_with_limit("5000.00");
    f.apply(CreditEvent::new(
        d("2025-02-01"),
        CreditEventKind::OrderPlaced {
            order: "SO-1".into(),
            amount: dec_("10"),
            currency: Currency::EUR,
            prepaid: false,
        },
    ))
    .unwrap();
    let json = serde_json::to_string(&f).unwrap();
    assert_eq!(serde_json::from_str::<CreditFile>(&json).unwrap(), f);
    let bad = json.replace("\"SO-1\"", "\"\"");
    assert!(serde_json::from_str::<CreditFile>(&bad).is_err());
}

// ---- the score ----

fn paid_account(id: &str, due: &str, paid: Option<&str>) -> Account {
    let mut acc = Account::open(invoice(id, "C1", "100.00", due)).unwrap();
    if let Some(p) = paid {
        acc.apply(&ev(id, p, payment("100.00"))).unwrap();
    }
    acc
}

#[test]
fn the_score_is_off_for_consumers_by_default_and_the_same_for_the_same_history() {
    let accounts = vec![
        paid_account("I1", "2025-01-31", Some("2025-02-20")),
        paid_account("I2", "2025-02-28", Some("2025-02-27")),
        paid_account("I3", "2025-03-31", None),
    ];
    let on = d("2025-05-01");
    let mut c = customer("C1");
    let s = ScoreSettings::default();
    let a = score_customer(&c, &accounts, on, &s).unwrap();
    let mut reversed = accounts.clone();
    reversed.reverse();
    assert_eq!(score_customer(&c, &reversed, on, &s).unwrap(), a);
    assert_eq!(score_customer(&c, &accounts, on, &s).unwrap(), a);
    c.kind = CustomerKind::Consumer;
    assert_eq!(score_customer(&c, &accounts, on, &s), None);
}

#[test]
fn facts_after_the_date_are_not_known_to_the_score() {
    let on = d("2025-03-15");
    let c = customer("C1");
    let s = ScoreSettings::default();
    let open = [paid_account("I1", "2025-01-31", None)];
    let paid_later = [paid_account("I1", "2025-01-31", Some("2025-04-01"))];
    assert_eq!(
        score_customer(&c, &open, on, &s),
        score_customer(&c, &paid_later, on, &s)
    );
}

proptest! {
    /// Paying any invoice later (even past the scoring date, leaving it open) never
    /// raises the score.
    #[test]
    fn paying_later_never_raises_the_score(
        invoices in prop::collection::vec((0i64..300, -20i64..120, 1u32..5000, any::<bool>()), 1..8),
        pick in 0usize..8,
        delay in 1i64..90,
        steps in prop::collection::vec(0i64..150, 0..3),
    ) {
        let on = d("2025-12-31");
        let c = customer("C1");
        let build = |extra: Option<(usize, i64)>| -> Vec<Account> {
            invoices.iter().enumerate().map(|(i, (due_off, late, cents, paid))| {
                let id = format!("I{i}");
                let due = d("2025-01-01") + chrono::Duration::days(*due_off);
                let issue = due - chrono::Duration::days(30);
                let amount = rust_decimal::Decimal::new(i64::from(*cents) * 100, 2);
                let inv = relance::Invoice::single(&id, &id, "C1", Currency::EUR, issue, amount, due);
                let mut acc = Account::open(inv).unwrap();
                let mut steps: Vec<i64> = steps.iter().copied().filter(|s| !*paid || s < late).collect();
                steps.sort_unstable();
                steps.dedup();
                for (n, s) in steps.iter().enumerate() {
                    let on = due + chrono::Duration::days(*s);
                    acc.apply(&relance::Event::new(&id.as_str().into(), on, EventKind::StepReached {
                        step: n, name: format!("s{n}"), stage: Stage::Amicable, due_on: on,
                        fee: None, deadline: None })).unwrap();
                }
                if *paid {
                    let mut late = *late;
                    if let Some((j, more)) = extra {
                        if j == i { late += more; }
                    }
                    let pay_on = (due + chrono::Duration::days(late)).max(issue);
                    acc.apply(&relance::Event::new(&id.as_str().into(), pay_on,
                        EventKind::Payment { amount })).unwrap();
                }
                acc
            }).collect()
        };
        let s = ScoreSettings::default();
        let before = score_customer(&c, &build(None), on, &s).unwrap();
        let after = score_customer(&c, &build(Some((pick % invoices.len(), delay))), on, &s).unwrap();
        prop_assert!(after.score <= before.score, "{before:?}\n{after:?}");
    }
}

// ---- the adaptive ladder ----

fn steps_reached(w: &World, id: &str) -> Vec<(usize, chrono::NaiveDate)> {
    w.account(id)
        .reached()
        .iter()
        .map(|r| (r.step, r.issued_on))
        .collect()
}

#[test]
fn a_change_of_risk_class_mid_case_neither_repeats_nor_skips_a_step() {
    // The standard ladder: reminders at D+7 and D+15 (5 days after the previous),
    // formal notice at D+30 (7 days after), hand-over at D+60. Invoice due 31 January.
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    assert_eq!(steps_reached(&w, "I1"), [(0, d("2025-02-07"))]);
    // The customer turns very risky on 10 February: the ladder escalates twice as fast
    // (D+4, D+8, D+15, D+30). Steps 1 and 2 are both past their adapted dates on 17
    // February; step 1 goes first, step 0 is not repeated, step 2 is not skipped.
    let risky = RiskLadders::default()
        .adapt(&standard_ladder(), RiskClass::VeryHigh)
        .unwrap();
    let offsets: Vec<i32> = risky.steps.iter().map(|s| s.offset_days).collect();
    assert_eq!(offsets, [4, 8, 15, 30]);
    w.dunning =
        relance::Dunning::new(LadderBook::new(vec![risky]).unwrap(), Default::default()).unwrap();
    w.run(d("2025-02-17"));
    assert_eq!(
        steps_reached(&w, "I1"),
        [(0, d("2025-02-07")), (1, d("2025-02-17"))]
    );
    // The same run again changes nothing (deterministic, no repeat).
    w.run(d("2025-02-17"));
    assert_eq!(steps_reached(&w, "I1").len(), 2);
    // Step 2 waits for its minimum gap of 7 days after step 1, then goes out.
    w.run(d("2025-02-23"));
    assert_eq!(steps_reached(&w, "I1").len(), 2);
    w.run(d("2025-02-24"));
    assert_eq!(steps_reached(&w, "I1")[2], (2, d("2025-02-24")));
    // Back to a good payer: the hand-over waits for its original D+60, not earlier.
    let good = RiskLadders::default()
        .adapt(&standard_ladder(), RiskClass::Low)
        .unwrap();
    w.dunning =
        relance::Dunning::new(LadderBook::new(vec![good]).unwrap(), Default::default()).unwrap();
    w.run(d("2025-03-31"));
    assert_eq!(steps_reached(&w, "I1").len(), 3);
}

// ---- the simulation ----

#[test]
fn a_simulation_lists_credit_decisions_and_the_release_of_a_cured_hold() {
    let json = r#"{"start": "2025-02-01", "end": "2025-04-30", "late_penalties": false,
      "ladders": [{"id": "std", "steps": [
        {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
        {"name": "formal notice", "stage": "formal_notice", "offset_days": 30,
         "channels": ["email"], "blocks_credit": true}]}],
      "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
        "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example",
        "credit_limit": {"amount": "5000.00", "currency": "EUR"}}],
      "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
        "issue_date": "2025-01-01", "due_date": "2025-01-31", "amount": "1000.00"}],
      "events": [{"date": "2025-03-20", "invoice": "I1", "type": "payment", "amount": "1000.00"}],
      "credit_events": [
        {"customer": "C1", "date": "2025-02-10", "type": "order_placed", "order": "SO-1",
         "amount": "3000.00", "currency": "EUR"},
        {"customer": "C1", "date": "2025-03-05", "type": "order_placed", "order": "SO-2",
         "amount": "100.00", "currency": "EUR"},
        {"customer": "C1", "date": "2025-03-05", "type": "order_cancelled", "order": "SO-1"},
        {"customer": "C1", "date": "2025-03-25", "type": "order_placed", "order": "SO-3",
         "amount": "4500.00", "currency": "EUR"}],
      "credit_policy": {"overdue_days": 365}}"#;
    let scenario: relance::scenario::Scenario = serde_json::from_str(json).unwrap();
    let timeline = relance::scenario::Simulation::new(&scenario)
        .unwrap()
        .run_to_end()
        .unwrap();
    let credit: Vec<_> = timeline
        .actions
        .iter()
        .filter(|a| a.kind.starts_with("credit"))
        .map(|a| (a.date, a.kind.as_str(), a.order.as_deref(), a.verdict))
        .collect();
    assert_eq!(
        credit,
        [
            (
                d("2025-02-10"),
                "credit_decision",
                Some("SO-1"),
                Some(Verdict::Approve)
            ),
            (d("2025-03-02"), "credit_hold", None, None),
            (
                d("2025-03-05"),
                "credit_decision",
                Some("SO-2"),
                Some(Verdict::Hold)
            ),
            (d("2025-03-20"), "credit_hold_released", None, None),
            // 4500 with nothing owed any more: within the 5000 limit (SO-2 still open: 100).
            (
                d("2025-03-25"),
                "credit_decision",
                Some("SO-3"),
                Some(Verdict::Approve)
            ),
        ],
        "{:#?}",
        timeline.actions
    );
    let held = timeline
        .actions
        .iter()
        .find(|a| a.order.as_deref() == Some("SO-2"))
        .unwrap();
    assert!(
        held.reasons
            .iter()
            .any(|r| r.starts_with("credit hold since 2025-03-02"))
    );
    assert!(
        held.reasons
            .iter()
            .any(|r| r == "invoice I1 is at formal notice")
    );
    let released = timeline
        .actions
        .iter()
        .find(|a| a.kind == "credit_hold_released")
        .unwrap();
    assert_eq!(released.reasons, ["invoices I1 paid or credited"]);
    assert_eq!(released.invoices, ["I1".into()]);
}
