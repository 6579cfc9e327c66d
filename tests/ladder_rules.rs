//! Proves the escalation-ladder rules of issue 2, Build section 2: validation errors name
//! the ladder, the step and the bad field; stages never go down; a judicial step needs a
//! formal notice before it; several ladders coexist and each customer gets one, with a
//! default by customer kind and country.

mod common;

use common::*;
use relance::{
    Account, Channel, Country, CustomerAccounts, CustomerKind, DefaultLadder, Ladder, LadderBook,
    LadderError, LadderId, MinAmount, Stage, Step,
};
use std::collections::BTreeMap;

fn step(name: &str, stage: Stage, offset: i32) -> Step {
    Step::new(name, stage, offset, &[Channel::Email])
}

/// The `(step, field)` a ladder's validation error names.
fn bad_field(ladder: &Ladder) -> (usize, &'static str, String) {
    match ladder.validate() {
        Err(LadderError::BadStep {
            ladder: id,
            step,
            field,
            name,
            ..
        }) => {
            assert_eq!(id, ladder.id, "the error names the ladder");
            (step, field, name)
        }
        other => panic!("expected a BadStep error, got {other:?}"),
    }
}

#[test]
fn each_invalid_step_field_is_named_with_its_ladder_and_step() {
    let ok = || {
        vec![
            step("a", Stage::Amicable, 7),
            step("b", Stage::FormalNotice, 30),
        ]
    };
    type Spoil = fn(&mut Step);
    let cases: Vec<(&str, Spoil, &'static str)> = vec![
        ("empty name", |s| s.name = "  ".into(), "name"),
        ("long name", |s| s.name = "x".repeat(129), "name"),
        ("duplicate name", |s| s.name = "a".into(), "name"),
        ("offset too far", |s| s.offset_days = 3654, "offset_days"),
        (
            "offset before previous",
            |s| s.offset_days = 6,
            "offset_days",
        ),
        (
            "min days too far",
            |s| s.min_days_since_previous = 3654,
            "min_days_since_previous",
        ),
        (
            "response days too far",
            |s| s.response_days = Some(3654),
            "response_days",
        ),
        ("no channel", |s| s.channels.clear(), "channels"),
        (
            "channel twice",
            |s| s.channels = vec![Channel::Email, Channel::Sms, Channel::Email],
            "channels",
        ),
        ("negative fee", |s| s.fee = Some(dec("-0.01")), "fee"),
        (
            "negative minimum",
            |s| s.min_amount = Some(MinAmount::Any(dec("-1"))),
            "min_amount",
        ),
        (
            "negative minimum for a currency",
            |s| {
                s.min_amount = Some(MinAmount::PerCurrency(BTreeMap::from([(
                    "EUR".to_string(),
                    dec("-5"),
                )])))
            },
            "min_amount",
        ),
        (
            "minimum for a non-currency",
            |s| {
                s.min_amount = Some(MinAmount::PerCurrency(BTreeMap::from([(
                    "EURO".to_string(),
                    dec("5"),
                )])))
            },
            "min_amount",
        ),
        (
            "share above 1",
            |s| s.min_share = Some(dec("1.01")),
            "min_share",
        ),
        (
            "negative share",
            |s| s.min_share = Some(dec("-0.1")),
            "min_share",
        ),
        ("stage down", |s| s.stage = Stage::Amicable, "stage"),
    ];
    for (what, spoil, field) in cases {
        // The second step is the one spoiled ("stage down" needs a later step to go down,
        // so that case spoils a third step after the formal notice).
        let mut steps = ok();
        if what == "stage down" {
            let mut s = step("c", Stage::FormalNotice, 40);
            spoil(&mut s);
            steps.push(s);
        } else {
            spoil(&mut steps[1]);
        }
        let index = steps.len() - 1;
        let name = steps[index].name.clone();
        let ladder = Ladder::new("fr-b2b", steps);
        let (at, named, step_name) = bad_field(&ladder);
        assert_eq!((at, named), (index, field), "case {what}");
        assert_eq!(step_name, name, "case {what}");
        let message = ladder.validate().unwrap_err().to_string();
        assert!(
            message.contains("fr-b2b") && message.contains(field),
            "case {what}: message {message:?} names the ladder and the field"
        );
    }
}

#[test]
fn a_valid_ladder_passes_and_boundary_values_are_accepted() {
    let mut s = step("a", Stage::Amicable, -3653);
    s.min_share = Some(dec("1"));
    s.fee = Some(dec("0"));
    s.min_days_since_previous = 3653;
    let l = Ladder::new("x", vec![s, step("b", Stage::Amicable, 3653)]);
    assert_eq!(l.validate(), Ok(()));
    assert_eq!(standard_ladder().validate(), Ok(()));
}

#[test]
fn ladder_level_errors_name_the_ladder() {
    assert_eq!(
        Ladder::new("empty", vec![]).validate(),
        Err(LadderError::StepCount {
            ladder: LadderId::from("empty"),
            count: 0,
            max: 32
        })
    );
    let many: Vec<Step> = (0..33)
        .map(|i| step(&format!("s{i}"), Stage::Amicable, i))
        .collect();
    assert!(matches!(
        Ladder::new("many", many).validate(),
        Err(LadderError::StepCount { count: 33, .. })
    ));
    assert_eq!(
        Ladder::new("", vec![step("a", Stage::Amicable, 1)]).validate(),
        Err(LadderError::BadId {
            ladder: LadderId::from("")
        })
    );
    let l = || Ladder::new("twice", vec![step("a", Stage::Amicable, 1)]);
    assert_eq!(
        LadderBook::new(vec![l(), l()]),
        Err(LadderError::Duplicate {
            ladder: LadderId::from("twice")
        })
    );
    assert_eq!(
        LadderBook::with_defaults(vec![l()], vec![], Some(LadderId::from("ghost"))),
        Err(LadderError::Unknown {
            ladder: LadderId::from("ghost"),
            referrer: "fallback".into()
        })
    );
    let rule = DefaultLadder {
        kind: Some(CustomerKind::Consumer),
        country: None,
        ladder: LadderId::from("ghost"),
    };
    assert_eq!(
        LadderBook::with_defaults(vec![l()], vec![rule], None),
        Err(LadderError::Unknown {
            ladder: LadderId::from("ghost"),
            referrer: "default rule 0".into()
        })
    );
}

#[test]
fn stages_never_go_down() {
    for (from, to) in [
        (Stage::FormalNotice, Stage::Amicable),
        (Stage::Judicial, Stage::FormalNotice),
        (Stage::Judicial, Stage::Amicable),
    ] {
        let mut steps = vec![step("fn", Stage::FormalNotice, 10)];
        if from == Stage::Judicial {
            steps.push(step("court", Stage::Judicial, 20));
        }
        steps.push(step("down", to, 30));
        let last = steps.len() - 1;
        let l = Ladder::new("l", steps);
        assert_eq!(bad_field(&l), (last, "stage", "down".to_string()));
    }
    // Equal stages in a row are fine.
    let l = Ladder::new(
        "l",
        vec![
            step("a", Stage::Amicable, 1),
            step("b", Stage::Amicable, 2),
            step("c", Stage::FormalNotice, 3),
            step("d", Stage::FormalNotice, 4),
            step("e", Stage::Judicial, 5),
            step("f", Stage::Judicial, 6),
        ],
    );
    assert_eq!(l.validate(), Ok(()));
}

#[test]
fn judicial_step_needs_a_formal_notice_before_it() {
    let l = Ladder::new(
        "l",
        vec![
            step("a", Stage::Amicable, 7),
            step("court", Stage::Judicial, 60),
        ],
    );
    let (at, field, name) = bad_field(&l);
    assert_eq!((at, field, name.as_str()), (1, "stage", "court"));
    assert!(
        l.validate()
            .unwrap_err()
            .to_string()
            .contains("judicial needs a formal notice")
    );
    let l = Ladder::new("l", vec![step("court", Stage::Judicial, 60)]);
    assert_eq!(bad_field(&l).0, 0);
    let l = Ladder::new(
        "l",
        vec![
            step("fn", Stage::FormalNotice, 30),
            step("court", Stage::Judicial, 60),
        ],
    );
    assert_eq!(l.validate(), Ok(()));
}

#[test]
fn an_invalid_ladder_in_json_is_rejected_on_load_naming_the_field() {
    let json = r#"{"ladders": [{"id": "uk", "steps": [
        {"name": "letter before action", "stage": "formal_notice", "offset_days": 14, "channels": ["letter"]},
        {"name": "reminder", "stage": "amicable", "offset_days": 21, "channels": ["email"]}]}]}"#;
    let e = serde_json::from_str::<LadderBook>(json).unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("ladder uk, step 1 (\"reminder\"): stage amicable goes down"),
        "{m}"
    );
}

fn book_with_defaults() -> LadderBook {
    let one = |id: &str| Ladder::new(id, vec![step("r", Stage::Amicable, 7)]);
    LadderBook::with_defaults(
        vec![
            one("generic"),
            one("consumer"),
            one("fr"),
            one("fr-consumer"),
            one("public"),
            one("vip"),
        ],
        vec![
            DefaultLadder {
                kind: Some(CustomerKind::Consumer),
                country: None,
                ladder: "consumer".into(),
            },
            DefaultLadder {
                kind: None,
                country: Some(Country::FR),
                ladder: "fr".into(),
            },
            DefaultLadder {
                kind: Some(CustomerKind::Consumer),
                country: Some(Country::FR),
                ladder: "fr-consumer".into(),
            },
            DefaultLadder {
                kind: Some(CustomerKind::Public),
                country: None,
                ladder: "public".into(),
            },
        ],
        Some("generic".into()),
    )
    .unwrap()
}

#[test]
fn default_ladder_by_customer_kind_and_country() {
    let book = book_with_defaults();
    let pick = |kind, country| {
        let mut c = customer("C");
        c.kind = kind;
        c.country = country;
        book.ladder_for(&c).unwrap().id.as_str().to_string()
    };
    assert_eq!(pick(CustomerKind::Consumer, Country::FR), "fr-consumer");
    assert_eq!(pick(CustomerKind::Consumer, Country::BE), "consumer");
    assert_eq!(pick(CustomerKind::Business, Country::FR), "fr");
    assert_eq!(pick(CustomerKind::Business, Country::DE), "generic");
    // Kind and country rules are equally specific: the first listed wins.
    assert_eq!(pick(CustomerKind::Public, Country::FR), "fr");
    assert_eq!(pick(CustomerKind::Public, Country::GB), "public");
}

#[test]
fn an_assigned_ladder_wins_over_defaults_and_a_missing_one_is_an_error() {
    let book = book_with_defaults();
    let mut c = customer("C");
    c.kind = CustomerKind::Consumer;
    c.ladder = Some("vip".into());
    assert_eq!(book.ladder_for(&c).unwrap().id.as_str(), "vip");
    c.ladder = Some("gone".into());
    assert_eq!(
        book.ladder_for(&c),
        Err(LadderError::Unknown {
            ladder: "gone".into(),
            referrer: "customer C".into()
        })
    );
    let no_fallback = LadderBook::with_defaults(
        vec![Ladder::new("x", vec![step("r", Stage::Amicable, 1)])],
        vec![],
        None,
    )
    .unwrap();
    assert_eq!(
        no_fallback.ladder_for(&customer("C")),
        Err(LadderError::NoneApplies {
            customer: "C".into()
        })
    );
}

#[test]
fn several_ladders_coexist_each_customer_is_dunned_on_its_own() {
    // A consumer ladder starts later than the business one.
    let business = Ladder::new("b2b", vec![step("b2b reminder", Stage::Amicable, 5)]);
    let consumer = Ladder::new("b2c", vec![step("b2c reminder", Stage::Amicable, 14)]);
    let book = LadderBook::with_defaults(
        vec![business, consumer],
        vec![DefaultLadder {
            kind: Some(CustomerKind::Consumer),
            country: None,
            ladder: "b2c".into(),
        }],
        Some("b2b".into()),
    )
    .unwrap();
    let mut jan = customer("JAN");
    jan.kind = CustomerKind::Consumer;
    let portfolio = vec![
        CustomerAccounts {
            customer: customer("ACME"),
            accounts: vec![Account::open(invoice("A1", "ACME", "100", "2025-03-01")).unwrap()],
        },
        CustomerAccounts {
            customer: jan,
            accounts: vec![Account::open(invoice("J1", "JAN", "100", "2025-03-01")).unwrap()],
        },
    ];
    let names = |on: &str| -> Vec<(String, String)> {
        notices(&plan_on(d(on), &book, &portfolio).actions)
            .iter()
            .map(|n| (n.customer.to_string(), n.step_name.clone()))
            .collect()
    };
    assert_eq!(names("2025-03-05"), vec![]);
    assert_eq!(
        names("2025-03-06"),
        vec![("ACME".to_string(), "b2b reminder".to_string())]
    );
    assert_eq!(
        names("2025-03-15"),
        vec![
            ("ACME".to_string(), "b2b reminder".to_string()),
            ("JAN".to_string(), "b2c reminder".to_string())
        ]
    );
}

#[test]
fn a_customer_without_a_ladder_is_reported_and_the_others_are_still_planned() {
    let book = LadderBook::with_defaults(
        vec![Ladder::new("x", vec![step("r", Stage::Amicable, 1)])],
        vec![],
        None,
    )
    .unwrap();
    let mut assigned = customer("A");
    assigned.ladder = Some("x".into());
    let portfolio = vec![
        CustomerAccounts {
            customer: assigned,
            accounts: vec![Account::open(invoice("A1", "A", "100", "2025-03-01")).unwrap()],
        },
        CustomerAccounts {
            customer: customer("B"),
            accounts: vec![Account::open(invoice("B1", "B", "100", "2025-03-01")).unwrap()],
        },
    ];
    let p = plan_on(d("2025-03-10"), &book, &portfolio);
    assert_eq!(p.actions.len(), 1);
    assert_eq!(p.actions[0].customer().as_str(), "A");
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].customer.as_str(), "B");
    assert!(p.problems[0].message.contains("no ladder for customer B"));
}
