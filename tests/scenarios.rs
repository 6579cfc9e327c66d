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
    // Under the default policy: one dunning case per customer (every notice lists every
    // overdue invoice, at one step), at most one notice per customer within 5 days, the
    // ladder's intervals kept, and the legal minimum periods.
    // B-7 (due 1 Mar, a Belgian consumer): courtesy reminder on the due date, the first
    // reminder 10 days later (the ladder puts 10 days between them), whose legal 14-day
    // window ends 25 Mar; disputed 25 Mar to 10 Apr, rejected: the second reminder goes
    // out on 10 Apr, the formal notice 15 days later; hand-over approved 25 May, sent the
    // next day.
    // C1: the courtesy reminders of F-101 (1 Mar) and F-102 (9 Mar, before its due date),
    // then one case: first reminder for both on 14 Mar, second on 22 Mar, formal notice
    // on 6 Apr (1,007.35 of principal: F-101's 500.00 of 20 Mar first paid the 7.35 of
    // interest accrued by then, 1200 x 13.15 % x 17 / 365, Code civil 1343-1, so 707.35
    // of it and F-102's 300.00 are left, with interest and the EUR 40); F-102 is paid after a promise, but its 300.00 first pays the interest the
    // formal notice claimed (Code civil 1343-1), so a little principal, its fee and the
    // EUR 40 stay open; F-101's hand-over approved 6 May, sent 7 May with what F-102
    // still owes.
    assert_eq!(
        view,
        vec![
            r#"2025-03-01 C1 notice courtesy reminder ["F-101"]"#,
            r#"2025-03-01 C2 notice courtesy reminder ["B-7"]"#,
            r#"2025-03-09 C1 notice courtesy reminder ["F-102"]"#,
            r#"2025-03-11 C2 notice first reminder ["B-7"]"#,
            r#"2025-03-14 C1 notice first reminder ["F-101", "F-102"]"#,
            r#"2025-03-22 C1 notice second reminder ["F-101", "F-102"]"#,
            r#"2025-04-06 C1 notice formal notice ["F-101", "F-102"]"#,
            r#"2025-04-10 C2 notice second reminder ["B-7"]"#,
            r#"2025-04-25 C2 notice formal notice ["B-7"]"#,
            r#"2025-05-06 C1 approval_request hand-over ["F-101"]"#,
            r#"2025-05-07 C1 notice hand-over ["F-101", "F-102"]"#,
            r#"2025-05-25 C2 approval_request hand-over ["B-7"]"#,
            r#"2025-05-26 C2 notice hand-over ["B-7"]"#,
        ]
    );
    let formal = &t.actions[6];
    assert_eq!(formal.amount_due.as_deref(), Some("1007.35"));
    assert_eq!(formal.deadline, Some(d("2025-04-14")));
    assert_eq!(t.actions[5].fee.as_deref(), Some("20.00"));
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
    // One dunning case for C1: every notice lists every overdue invoice, at one step.
    // 7 Feb: I1 and I3 (due 31 Jan) reach the reminder; I2 (due 5 Feb, overdue) joins.
    // I3 is credited in full on 10 Feb (a payment the next day is not refused: it becomes
    // a 1.00 credit balance).
    // 15 Feb: I1's second reminder (15 Feb, 8 days after the first); I2 joins it. Each
    //   item reached the step, so each carries its EUR 10 fee: 20.00.
    // I1 pays 70 on 20 Feb: 30 left, below the formal notice's 50 minimum: it never goes
    //   out for I1. I2: formal max(7 Mar, 15 Feb + 15) = 7 Mar, deadline 8 days later,
    //   Saturday 15 Mar, moved to Monday 17 Mar; it claims I2's 10.00 fee, still unpaid.
    let t = play(SMALL);
    let expected = json!({
        "actions": [
            {"date": "2025-02-07", "customer": "C1", "kind": "notice", "step": "reminder",
             "stage": "amicable", "channels": ["email"], "invoices": ["I1", "I3", "I2"],
             "amount_due": "200.00", "currency": "EUR"},
            {"date": "2025-02-15", "customer": "C1", "kind": "notice", "step": "second",
             "stage": "amicable", "channels": ["email"], "invoices": ["I1", "I2"],
             "amount_due": "160.00", "currency": "EUR", "fee": "20.00"},
            {"date": "2025-03-07", "customer": "C1", "kind": "notice", "step": "formal",
             "stage": "formal_notice", "channels": ["registered_letter"], "invoices": ["I2"],
             "amount_due": "60.00", "currency": "EUR", "deadline": "2025-03-17",
             "fee": "10.00"}
        ],
        "final_states": {"I1": "overdue", "I2": "formal_notice", "I3": "settled"},
        "credit_balances": {"I3": "1.00"}
    });
    let mut got = serde_json::to_value(&t).unwrap();
    // Each notice also lists its items; their totals are what the notice claims.
    let claimed: Vec<&str> = t
        .actions
        .iter()
        .map(|a| a.total_claimed.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(claimed, ["200.00", "180.00", "70.00"]);
    for a in got["actions"].as_array_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        a.remove("items");
        a.remove("total_claimed");
    }
    assert_eq!(got, expected);
}

#[test]
fn with_penalties_on_the_first_grouped_notice_claims_interest_and_compensation() {
    // The first reminder claims no penalties (a ladder's first reminder does not, unless
    // its step says so).
    let t = play(&SMALL.replace(r#""late_penalties": false"#, r#""late_penalties": true"#));
    let first = &t.actions[0];
    assert_eq!(first.invoices.len(), 3);
    assert_eq!(first.interest, None);
    // When it says so: fr-b2b in 2025 H1: ECB 3.15 + 10 = 13.15 %. On 7 Feb, 7 days late:
    // I1 100.00 x 13.15 % x 7 / 365 = 0.252 -> 0.25; I3 40.00 -> 0.101 -> 0.10.
    // I2 60.00, 2 days late -> 0.043 -> 0.04. EUR 40 per invoice (Code de commerce
    // D441-5): 120.00.
    let claiming = SMALL
        .replace(r#""late_penalties": false"#, r#""late_penalties": true"#)
        .replace(
            r#""offset_days": 7, "channels": ["email"]}"#,
            r#""offset_days": 7, "channels": ["email"], "claims_penalties": true}"#,
        );
    let t = play(&claiming);
    let first = &t.actions[0];
    assert_eq!(first.interest.as_deref(), Some("0.39"));
    assert_eq!(first.fixed_compensation.as_deref(), Some("120.00"));
    // The second reminder on 15 Feb claims, for I1 and I2, the interest to date (I1: 15
    // days on 100.00, 0.54; I2: 10 days on 60.00, 0.22) and their EUR 40 again: none of
    // it was paid.
    let second = &t.actions[1];
    assert_eq!(second.interest.as_deref(), Some("0.76"));
    assert_eq!(second.fixed_compensation.as_deref(), Some("80.00"));
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

#[test]
fn prior_steps_put_existing_debt_at_its_place_and_actions_list_their_items() {
    // Old debt: the reminder and the second reminder were sent by the previous system on
    // 7 and 15 January (no fee recorded for them). NEW falls due on 19 January: its first
    // notice joins the customer's case at its step, the second reminder (26 January, with
    // that step's fee). The formal notice for both follows: due 30 January for OLD (15
    // days after the imported second reminder, as the ladder says), sent on 31 January
    // once 5 days have passed since the last notice; each invoice is listed with what it
    // claims.
    let json = r#"{
      "start": "2025-01-20", "end": "2025-02-28", "late_penalties": false,
      "ladders": [{"id": "std", "steps": [
        {"name": "reminder", "stage": "amicable", "offset_days": 7, "channels": ["email"]},
        {"name": "second", "stage": "amicable", "offset_days": 15, "channels": ["email"],
         "fee": "10.00"},
        {"name": "formal", "stage": "formal_notice", "offset_days": 30,
         "channels": ["registered_letter"]}]}],
      "customers": [{"id": "C1", "name": "Acme", "kind": "business", "country": "FR",
        "language": "fr", "time_zone": "Europe/Paris", "email": "ap@acme.example",
        "postal_address": ["1 rue de la Paix", "75002 Paris"]}],
      "invoices": [
        {"id": "OLD", "customer": "C1", "currency": "EUR", "issue_date": "2024-12-01",
         "due_date": "2024-12-31", "amount": "500.00",
         "prior_steps": [{"step": "reminder", "date": "2025-01-07", "channel": "email"},
                         {"step": 1, "date": "2025-01-15", "channel": "letter"}]},
        {"id": "NEW", "customer": "C1", "currency": "EUR", "issue_date": "2024-12-20",
         "due_date": "2025-01-19", "amount": "120.00"}]
    }"#;
    let t = play(json);
    let view: Vec<(String, &str, Vec<&str>)> = t
        .actions
        .iter()
        .map(|a| {
            (
                a.date.to_string(),
                a.step.as_deref().unwrap_or("-"),
                a.invoices.iter().map(|i| i.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            ("2025-01-26".to_string(), "second", vec!["NEW"]),
            ("2025-01-31".to_string(), "formal", vec!["OLD", "NEW"]),
        ]
    );
    let formal = &t.actions[1];
    let items: Vec<(&str, i64, &str, &str)> = formal
        .items
        .iter()
        .map(|i| {
            (
                i.invoice.as_str(),
                i.days_overdue,
                i.outstanding.as_str(),
                i.fees.as_str(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("OLD", 31, "500.00", "0.00"),
            ("NEW", 12, "120.00", "10.00")
        ]
    );
    assert_eq!(formal.total_claimed.as_deref(), Some("630.00"));
    assert!(
        t.actions
            .iter()
            .all(|a| a.step.as_deref() != Some("reminder"))
    );
}
