//! Proves the policy dry-run of issue 2, Build section 7: the sample
//! `examples/data/scenario.json` parses and plays to the timeline worked out by hand
//! from its ladder and events; a small scenario gives exactly the hand-computed JSON
//! timeline; invalid scenarios are refused with a message and rejected events are
//! reported without stopping the simulation.

mod common;

use common::*;
use relance::scenario::{Scenario, Simulation, Timeline};
use serde_json::json;

const SAMPLE: &str = include_str!("../examples/data/scenario.json");

fn play(json: &str) -> Timeline {
    let scenario: Scenario = serde_json::from_str(json).expect("scenario parses");
    Simulation::new(&scenario)
        .expect("scenario is valid")
        .run_to_end()
        .expect("scenario plays")
}

#[test]
fn the_sample_scenario_parses_and_plays_to_the_hand_checked_timeline() {
    let t = play(SAMPLE);
    let view: Vec<String> = t
        .actions
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {} {:?}",
                a.date,
                a.customer,
                a.kind,
                a.step.as_deref().unwrap_or("-"),
                a.invoices.iter().map(|i| i.as_str()).collect::<Vec<_>>()
            )
        })
        .collect();
    // Under the default policy: at most one notice per customer within 5 days, and the
    // legal minimum periods.
    // B-7 (due 1 Mar): courtesy due 26 Feb, caught up on the first day; first reminder
    // 8 Mar, whose legal 14-day window (a Belgian consumer) ends 22 Mar; disputed 25 Mar
    // to 10 Apr, rejected: the second reminder goes out on 10 Apr, the formal notice
    // 10 days later (20 Apr); hand-over at +60 needs approval (auto-approved), sent the
    // next day.
    // C1's notices are 5 days apart at least: F-101 (due 3 Mar): 1 Mar, 14 Mar (the
    // courtesy reminder of F-102 on 9 Mar holds it), 24 Mar, formal 3 Apr on the 700 left
    // after a partial payment, hand-over approved 2 May, sent 3 May. F-102 (due 12 Mar):
    // 9, 19, 29 Mar, formal 11 Apr (claiming interest and the EUR 40), then a promise
    // kept by paying the 300.00 principal: under Code civil 1343-1 the payment pays the
    // interest claimed first, so a little principal and the EUR 40 stay open and the
    // invoice is handed over on 12 May.
    assert_eq!(
        view,
        vec![
            r#"2025-03-01 C1 notice courtesy reminder ["F-101"]"#,
            r#"2025-03-01 C2 notice courtesy reminder ["B-7"]"#,
            r#"2025-03-08 C2 notice first reminder ["B-7"]"#,
            r#"2025-03-09 C1 notice courtesy reminder ["F-102"]"#,
            r#"2025-03-14 C1 notice first reminder ["F-101"]"#,
            r#"2025-03-19 C1 notice first reminder ["F-102"]"#,
            r#"2025-03-24 C1 notice second reminder ["F-101"]"#,
            r#"2025-03-29 C1 notice second reminder ["F-102"]"#,
            r#"2025-04-03 C1 notice formal notice ["F-101"]"#,
            r#"2025-04-10 C2 notice second reminder ["B-7"]"#,
            r#"2025-04-11 C1 notice formal notice ["F-102"]"#,
            r#"2025-04-20 C2 notice formal notice ["B-7"]"#,
            r#"2025-04-30 C2 approval_request hand-over ["B-7"]"#,
            r#"2025-05-01 C2 notice hand-over ["B-7"]"#,
            r#"2025-05-02 C1 approval_request hand-over ["F-101"]"#,
            r#"2025-05-03 C1 notice hand-over ["F-101"]"#,
            r#"2025-05-11 C1 approval_request hand-over ["F-102"]"#,
            r#"2025-05-12 C1 notice hand-over ["F-102"]"#,
        ]
    );
    let formal = &t.actions[8];
    assert_eq!(formal.amount_due.as_deref(), Some("700.00"));
    assert_eq!(formal.deadline, Some(d("2025-04-11")));
    assert_eq!(t.actions[6].fee.as_deref(), Some("10.00"));
    assert_eq!(
        t.final_states[&relance::InvoiceId::from("F-101")],
        "judicial"
    );
    assert_eq!(
        t.final_states[&relance::InvoiceId::from("F-102")],
        "judicial"
    );
    assert_eq!(t.final_states[&relance::InvoiceId::from("B-7")], "judicial");
    assert!(t.rejected.is_empty());
    // Sorted by date, then customer.
    let keys: Vec<_> = t
        .actions
        .iter()
        .map(|a| (a.date, a.customer.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Deterministic: playing it again gives the same timeline.
    assert_eq!(play(SAMPLE), t);
}

const SMALL: &str = r#"{
  "start": "2025-01-01", "end": "2025-04-30", "late_penalties": false,
  "ladders": [{"id": "std", "steps": [
    {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
    {"name": "second", "stage": "amicable", "offset_days": 15, "min_days_since_previous": 5,
     "channels": ["email"], "fee": "10.00"},
    {"name": "formal", "stage": "formal_notice", "offset_days": 30, "min_days_since_previous": 7,
     "min_amount": "50.00", "channels": ["registered_letter"]}]}],
  "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
    "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example",
    "postal_address": ["Acme", "1 rue de la Paix", "75002 Paris"]}],
  "invoices": [
    {"id": "I1", "customer": "C1", "currency": "EUR", "issue_date": "2025-01-01",
     "due_date": "2025-01-31", "amount": "100.00"},
    {"id": "I2", "customer": "C1", "currency": "EUR", "issue_date": "2025-01-05",
     "due_date": "2025-02-05", "amount": "60.00"},
    {"id": "I3", "customer": "C1", "currency": "EUR", "issue_date": "2025-01-01",
     "due_date": "2025-01-31", "amount": "40.00"}],
  "events": [
    {"date": "2025-02-20", "invoice": "I1", "type": "payment", "amount": "70.00"},
    {"date": "2025-02-10", "invoice": "I3", "type": "credit_note", "amount": "40.00"},
    {"date": "2025-02-11", "invoice": "I3", "type": "payment", "amount": "1.00"}
  ]
}"#;

#[test]
fn a_small_scenario_gives_exactly_the_hand_computed_timeline() {
    // I1 and I3 (due 31 Jan) reach the reminder together on 7 Feb: one grouped e-mail.
    // I3 is credited in full on 10 Feb (a payment the next day is not refused: it becomes
    // a 1.00 credit balance).
    // Contact pressure (default 5 days) keeps C1's notices 5 days apart.
    // I2 (due 5 Feb): reminder 12 Feb; second max(20 Feb, 12 + 5, I1's notice 17 + 5)
    //   = 22 Feb; formal max(7 Mar, 22 Feb + 7) = 7 Mar, deadline 8 days later,
    //   Saturday 15 Mar, moved to Monday 17 Mar; it claims the 10.00 fee of the second
    //   reminder, still unpaid.
    // I1: second max(15 Feb, 7 + 5, I2's notice 12 + 5) = 17 Feb; pays 70 on 20 Feb, so
    //   the formal notice (due 2 Mar) sees 30 left, below its 50 minimum: it never goes
    //   out.
    let t = play(SMALL);
    let expected = json!({
        "actions": [
            {"date": "2025-02-07", "customer": "C1", "kind": "notice", "step": "reminder",
             "stage": "amicable", "channels": ["email"], "invoices": ["I1", "I3"],
             "amount_due": "140.00", "currency": "EUR"},
            {"date": "2025-02-12", "customer": "C1", "kind": "notice", "step": "reminder",
             "stage": "amicable", "channels": ["email"], "invoices": ["I2"],
             "amount_due": "60.00", "currency": "EUR"},
            {"date": "2025-02-17", "customer": "C1", "kind": "notice", "step": "second",
             "stage": "amicable", "channels": ["email"], "invoices": ["I1"],
             "amount_due": "100.00", "currency": "EUR", "fee": "10.00"},
            {"date": "2025-02-22", "customer": "C1", "kind": "notice", "step": "second",
             "stage": "amicable", "channels": ["email"], "invoices": ["I2"],
             "amount_due": "60.00", "currency": "EUR", "fee": "10.00"},
            {"date": "2025-03-07", "customer": "C1", "kind": "notice", "step": "formal",
             "stage": "formal_notice", "channels": ["registered_letter"], "invoices": ["I2"],
             "amount_due": "60.00", "currency": "EUR", "deadline": "2025-03-17",
             "fee": "10.00"}
        ],
        "final_states": {"I1": "overdue", "I2": "formal_notice", "I3": "settled"},
        "credit_balances": {"I3": "1.00"}
    });
    assert_eq!(serde_json::to_value(&t).unwrap(), expected);
}

#[test]
fn with_penalties_on_the_first_grouped_notice_claims_interest_and_compensation() {
    // The first reminder claims no penalties (a ladder's first reminder does not, unless
    // its step says so); it does when the step says so.
    let t = play(&SMALL.replace(r#""late_penalties": false"#, r#""late_penalties": true"#));
    let first = &t.actions[0];
    assert_eq!(first.invoices.len(), 2);
    assert_eq!(first.interest, None);
    // fr-b2b in 2025 H1: ECB 3.15 + 10 = 13.15 %. On 7 Feb, 7 days late:
    // I1 100.00 x 13.15 % x 7 / 365 = 0.252 -> 0.25; I3 40.00 -> 0.101 -> 0.10.
    // EUR 40 per invoice (Code de commerce D441-5): 80.00.
    let claiming = SMALL
        .replace(r#""late_penalties": false"#, r#""late_penalties": true"#)
        .replace(
            r#""offset_days": 7, "channels": ["email"]}"#,
            r#""offset_days": 7, "channels": ["email"], "claims_penalties": true}"#,
        );
    let t = play(&claiming);
    let first = &t.actions[0];
    assert_eq!(first.interest.as_deref(), Some("0.35"));
    assert_eq!(first.fixed_compensation.as_deref(), Some("80.00"));
    // The second reminder of I1 on 17 Feb claims the interest to date (17 days on 100.00:
    // 0.61) and the EUR 40 again: neither was paid.
    let second = &t.actions[2];
    assert_eq!(second.interest.as_deref(), Some("0.61"));
    assert_eq!(second.fixed_compensation.as_deref(), Some("40.00"));
}

#[test]
fn events_outside_the_simulated_period_are_reported_not_dropped() {
    let late = SMALL.replace(
        r#"{"date": "2025-02-11", "invoice": "I3", "type": "payment", "amount": "1.00"}"#,
        r#"{"date": "2025-06-01", "invoice": "I3", "type": "payment", "amount": "1.00"}"#,
    );
    let t = play(&late);
    assert_eq!(t.rejected.len(), 1, "{:?}", t.rejected);
    assert_eq!(t.rejected[0].date, d("2025-06-01"));
    assert!(t.rejected[0].error.contains("outside the simulated period"));
}

#[test]
fn an_invalid_scenario_is_refused_with_a_message() {
    let judicial = SMALL.replace(r#""stage": "formal_notice""#, r#""stage": "judicial""#);
    let scenario: Scenario = serde_json::from_str(&judicial).unwrap();
    let e = Simulation::new(&scenario).err().expect("refused");
    assert!(
        e.to_string().contains("judicial needs a formal notice"),
        "{e}"
    );
    let backwards = SMALL.replace(r#""end": "2025-04-30""#, r#""end": "2024-12-31""#);
    let e = Simulation::new(&serde_json::from_str::<Scenario>(&backwards).unwrap())
        .err()
        .expect("refused");
    assert!(e.to_string().contains("must be on or after start"), "{e}");
    let unknown = SMALL.replace(
        r#""customer": "C1", "currency""#,
        r#""customer": "C9", "currency""#,
    );
    let e = Simulation::new(&serde_json::from_str::<Scenario>(&unknown).unwrap())
        .err()
        .expect("refused");
    assert!(e.to_string().contains("unknown customer C9"), "{e}");
}
