//! Proves issue 10, Build item 2 (limitation periods) through the engine: a French consumer
//! claim (2 years, Code de la consommation L218-2) reaches its limitation date without any
//! escalation past it, the engine waking a person 60 days before and reporting it
//! time-barred the day after; a part payment before the last day restarts the period
//! (Code civil 2240) and the claim is escalated as planned; a part payment after it
//! revives nothing; notices and dossiers carry the limitation date.

mod common;

use common::*;
use relance::notice::{Creditor, Dossier};
use relance::scenario::{Scenario, ScenarioEvent, ScenarioEventKind, Simulation};
use relance::*;

/// Invoice I1, EUR 500.00 due 31 January 2023, owed by a French consumer: time-barred
/// after 31 January 2025 (L218-2). The ladder hands over 750 days after the due date
/// (19 February 2025), after the limitation date.
fn scenario() -> Scenario {
    serde_json::from_str(
        r#"{"start": "2023-01-01", "end": "2025-06-30", "late_penalties": false,
        "ladders": [{"id": "std", "steps": [
          {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
          {"name": "formal notice", "stage": "formal_notice", "offset_days": 30, "channels": ["letter"]},
          {"name": "hand-over", "stage": "judicial", "offset_days": 750, "channels": ["letter"]}]}],
        "customers": [{"id": "C1", "name": "Jean Martin", "kind": "consumer", "country": "FR",
          "language": "fr", "time_zone": "Europe/Paris", "email": "jean@example.fr",
          "postal_address": ["1 rue de la Paix", "75002 Paris"]}],
        "invoices": [{"id": "I1", "customer": "C1", "currency": "EUR",
          "issue_date": "2023-01-01", "due_date": "2023-01-31", "amount": "500.00"}]}"#,
    )
    .expect("scenario parses")
}

/// The notices sent (date, step) and the limitation problems reported (date, kind).
type Played = (
    Vec<(String, String)>,
    Vec<(String, ProblemKind)>,
    Simulation,
);

/// Plays the scenario day by day.
fn play(s: &Scenario) -> Played {
    let mut sim = Simulation::new(s).expect("valid");
    let (mut sent, mut reported) = (Vec::new(), Vec::new());
    while let Some((day, out)) = sim.next_day().expect("plays") {
        for a in &out.delivered {
            if let Action::Notice(n) = a {
                sent.push((day.to_string(), n.step_name.clone()));
            }
        }
        for p in out.report.problems {
            if matches!(
                p.kind,
                ProblemKind::TimeBarred | ProblemKind::LimitationNear
            ) {
                reported.push((day.to_string(), p.kind));
            }
        }
    }
    (sent, reported, sim)
}

fn pay(on: &str, amount: &str) -> ScenarioEvent {
    ScenarioEvent {
        date: d(on),
        invoice: "I1".into(),
        kind: ScenarioEventKind::Payment {
            amount: dec(amount),
        },
    }
}

#[test]
fn a_claim_reaches_its_limitation_date_unescalated_and_is_reported_l218_2() {
    let (sent, reported, sim) = play(&scenario());
    // The reminder and the formal notice; the hand-over due 19 February 2025 never goes
    // out: the claim is time-barred from 1 February 2025.
    assert_eq!(
        sent,
        [
            ("2023-02-07".to_string(), "reminder".to_string()),
            ("2023-03-02".to_string(), "formal notice".to_string()),
        ]
    );
    // The store wakes the invoice 60 days before the last day (2 December 2024) for a
    // person to act, then on the first time-barred day, once each.
    assert_eq!(
        reported,
        [
            ("2024-12-02".to_string(), ProblemKind::LimitationNear),
            ("2025-02-01".to_string(), ProblemKind::TimeBarred),
        ]
    );
    let acc = sim.store().account(&"I1".into()).unwrap();
    assert!(acc.reached().iter().all(|r| r.stage != Stage::Judicial));
    // Nothing more will wake it: only a new fact can.
    let customer = sim.store().customers().next().unwrap().clone();
    let dunning = Dunning::new(sim.book().clone(), Policy::default()).unwrap();
    let planned = dunning.plan(
        d("2025-03-01"),
        &[CustomerAccounts {
            customer,
            accounts: vec![acc.clone()],
        }],
    );
    assert!(planned.actions.is_empty(), "{:?}", planned.actions);
    assert!(
        planned
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::TimeBarred && p.message.contains("2025-01-31"))
    );
}

#[test]
fn a_part_payment_before_the_last_day_restarts_the_period_code_civil_2240() {
    let mut s = scenario();
    s.events.push(pay("2024-11-15", "100.00"));
    let (sent, reported, sim) = play(&s);
    // A new 2-year period from 15 November 2024: the hand-over goes out on its ladder
    // date, 19 February 2025, and nothing is time-barred.
    assert_eq!(
        sent.last(),
        Some(&("2025-02-19".to_string(), "hand-over".to_string()))
    );
    assert!(reported.is_empty(), "{reported:?}");
    let acc = sim.store().account(&"I1".into()).unwrap();
    let customer = sim.store().customers().next().unwrap();
    let l = Limitation::of(acc, customer).unwrap();
    assert_eq!(
        (l.restarted_on, l.last_day),
        (Some(d("2024-11-15")), Some(d("2026-11-15")))
    );
}

#[test]
fn a_part_payment_after_the_last_day_revives_nothing() {
    let mut s = scenario();
    s.events.push(pay("2025-03-01", "100.00"));
    let (sent, reported, sim) = play(&s);
    let acc = sim.store().account(&"I1".into()).unwrap();
    let customer = sim.store().customers().next().unwrap();
    let l = Limitation::of(acc, customer).unwrap();
    assert_eq!((l.restarted_on, l.last_day), (None, Some(d("2025-01-31"))));
    assert_eq!(sent.len(), 2, "{sent:?}");
    // Reported once, the day it became time-barred; the late payment wakes nothing.
    assert_eq!(
        reported,
        [
            ("2024-12-02".to_string(), ProblemKind::LimitationNear),
            ("2025-02-01".to_string(), ProblemKind::TimeBarred),
        ]
    );
}

#[test]
fn the_warning_comes_the_configured_number_of_days_before() {
    let mut s = scenario();
    let mut policy = Policy::default();
    policy.limitation_warning_days = 10;
    s.policy = Some(policy);
    let (_, reported, _) = play(&s);
    assert_eq!(
        reported[0],
        ("2025-01-21".to_string(), ProblemKind::LimitationNear)
    );
    // A warning longer than the longest period is refused.
    let mut policy = Policy::default();
    policy.limitation_warning_days = 10_000;
    assert!(policy.validate().is_err());
}

#[test]
fn notices_and_dossiers_print_the_limitation_date() {
    // A German business: BGB 195, 199(1), due in 2024, last day 31 December 2027.
    let mut customer = Customer::new(
        "C1",
        "Muster GmbH",
        CustomerKind::Business,
        Country::DE,
        Language::De,
        Zone::EUROPE_BERLIN,
    );
    customer.contacts.email = Some("ap@muster.example".into());
    let inv = Invoice::single(
        "I1",
        "R-1",
        "C1",
        Currency::EUR,
        d("2024-05-01"),
        dec("500.00"),
        d("2024-05-31"),
    );
    let acc = Account::open(inv).unwrap();
    let book = LadderBook::new(vec![Ladder::new(
        "std",
        vec![Step::new("Mahnung", Stage::Amicable, 7, &[Channel::Email])],
    )])
    .unwrap();
    let portfolio = [CustomerAccounts {
        customer: customer.clone(),
        accounts: vec![acc.clone()],
    }];
    let plan = Dunning::new(book.clone(), Policy::default())
        .unwrap()
        .plan(d("2024-06-07"), &portfolio);
    let n = &notices(&plan.actions)[0];
    assert_eq!(n.lines[0].limitation_date, Some(d("2027-12-31")));
    let ladder = book.get(&"std".into()).unwrap();
    let creditor = Creditor::new("Widgets AG", "HRB 1234", "DE89370400440532013000", "WID");
    let content =
        relance::notice::NoticeContent::build(n, &customer, &creditor, ladder, &Policy::default())
            .unwrap();
    let fields = relance::notice::TemplateFields::of(&content);
    assert_eq!(fields.invoices[0].limitation_date, "31. Dezember 2027");
    let dossier = Dossier::build(d("2024-09-01"), &creditor, &customer, &[acc], &[], None).unwrap();
    let l = dossier.invoices[0].limitation.as_ref().unwrap();
    assert_eq!(
        (l.rule, l.last_day, l.source.as_str()),
        (
            LimitationRule::DeRegular,
            Some(d("2027-12-31")),
            "BGB §§ 195, 199 Abs. 1"
        )
    );
}

#[test]
fn a_mahnbescheid_suspends_the_period_and_judicial_proceedings_stop_dunning_bgb_204() {
    let customer = Customer::new(
        "C1",
        "Muster GmbH",
        CustomerKind::Business,
        Country::DE,
        Language::De,
        Zone::EUROPE_BERLIN,
    );
    let mut acc = account("I1", "500.00", "2021-06-30");
    acc.apply(&ev(
        "I1",
        "2024-11-20",
        EventKind::LegalProceedingsStarted {
            description: "Mahnbescheid, AG Coburg".into(),
        },
    ))
    .unwrap();
    assert!(matches!(acc.status(), Status::Judicial { .. }));
    let l = Limitation::of(&acc, &customer).unwrap();
    assert_eq!(
        (l.last_day, l.proceedings_since),
        (None, Some(d("2024-11-20")))
    );
    assert!(!l.is_time_barred(d("2030-01-01")));
    // Ends 10 March 2025; suspended until 10 September 2025 (204(2)): 294 days not
    // counted (209), so 31 December 2024 becomes 21 October 2025.
    acc.apply(&ev("I1", "2025-03-10", EventKind::LegalProceedingsEnded))
        .unwrap();
    assert_eq!(
        Limitation::of(&acc, &customer).unwrap().last_day,
        Some(d("2025-10-21"))
    );
    // Ending twice, or proceedings on a settled claim, are refused.
    assert!(
        acc.apply(&ev("I1", "2025-03-11", EventKind::LegalProceedingsEnded))
            .is_err()
    );
}

#[test]
fn a_notice_planned_on_the_last_day_is_cancelled_if_it_would_leave_after_it() {
    // A French consumer's claim due 31 January 2023: last day 31 January 2025.
    let mut customer = Customer::new(
        "C1",
        "Jean Martin",
        CustomerKind::Consumer,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    customer.contacts.email = Some("jean@example.fr".into());
    let mut acc = Account::open(Invoice::single(
        "I1",
        "F-1",
        "C1",
        Currency::EUR,
        d("2023-01-01"),
        dec("500.00"),
        d("2023-01-31"),
    ))
    .unwrap();
    let book = LadderBook::new(vec![Ladder::new(
        "std",
        vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])],
    )])
    .unwrap();
    let dunning = Dunning::new(book, Policy::default()).unwrap();
    let portfolio = [CustomerAccounts {
        customer: customer.clone(),
        accounts: vec![acc.clone()],
    }];
    let plan = dunning.plan(d("2025-01-31"), &portfolio);
    assert_eq!(plan.actions.len(), 1, "still in time on its last day");
    for e in execute(&plan.actions) {
        acc.apply(&e).unwrap();
    }
    // Sent the next day, it would threaten a time-barred claim: cancelled.
    let entry = &plan.actions[0];
    let accounts = [acc];
    match dunning.decide(
        entry,
        false,
        &accounts,
        Some(&customer),
        d("2025-02-01").into(),
    ) {
        relance::outbox::Decision::Cancel { reason, .. } => {
            assert_eq!(reason, relance::outbox::CancelReason::TimeBarred)
        }
        other => panic!("{other:?}"),
    }
    // On its last day it goes.
    assert!(matches!(
        dunning.decide(
            entry,
            false,
            &accounts,
            Some(&customer),
            d("2025-01-31").into()
        ),
        relance::outbox::Decision::Deliver { .. }
    ));
}
