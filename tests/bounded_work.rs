//! Proves, for accounts, issue 7's "bounded work" and "types at the boundaries":
//!
//! - an amount above `Money::MAX_AMOUNT` is a typed error naming the value wherever it
//!   enters: an invoice (directly or from a scenario), a payment, a reversal, a credit
//!   note, a payment plan, a step fee; a rejected event changes nothing;
//! - money is conserved to the last minor unit at the maximum;
//! - a history of `MAX_EVENTS` events, built event by event, replays and reads back from
//!   JSON to the same account, and one more event is refused;
//! - a 360-instalment invoice whose step threshold is never met plays a year of days
//!   through the runner (the cost of `next_wakeup` on it is in `benches/replay.rs`).

mod common;

use chrono::Days;
use common::*;
use relance::MAX_EVENTS;
use relance::scenario::{Scenario, Simulation};
use relance::{
    Account, Channel, Currency, Event, EventError, EventKind, Instalment, Invoice, InvoiceError,
    Money, Stage,
};
use rust_decimal::Decimal;
use serde_json::json;

/// 10^15 + 0.01: the smallest amount above the maximum in EUR.
fn above_max() -> Decimal {
    Money::MAX_AMOUNT + dec("0.01")
}

fn max_invoice() -> Invoice {
    Invoice::single(
        "I",
        "N",
        "C1",
        Currency::EUR,
        d("2025-01-01"),
        Money::MAX_AMOUNT,
        d("2025-01-31"),
    )
}

#[test]
fn an_invoice_above_the_maximum_is_refused_naming_the_value() {
    let mut inv = max_invoice();
    assert!(
        Account::open(inv.clone()).is_ok(),
        "the maximum itself is fine"
    );
    inv.instalments[0].amount = above_max();
    let e = Account::open(inv).unwrap_err();
    assert_eq!(
        e,
        EventError::Invoice(InvoiceError::TooLarge {
            invoice: "I".into(),
            index: 0,
            amount: above_max(),
            max: Money::MAX_AMOUNT,
        })
    );
    assert!(e.to_string().contains("1000000000000000.01"), "{e}");

    // Far beyond: where Decimal would round, the invoice is refused, not rounded.
    let huge = Invoice::single(
        "H",
        "N",
        "C1",
        Currency::EUR,
        d("2025-01-01"),
        dec("800000000000000000000000000"),
        d("2025-01-31"),
    );
    assert!(matches!(
        Account::open(huge),
        Err(EventError::Invoice(InvoiceError::TooLarge { .. }))
    ));

    // From a scenario: loading fails with a message naming the amount.
    let scenario: Scenario = serde_json::from_value(json!({
        "start": "2025-02-01", "end": "2025-02-02",
        "ladders": [{"id": "std", "steps": [{"name": "r", "stage": "amicable",
            "offset_days": 7, "channels": ["email"]}]}],
        "customers": [{"id": "C1", "name": "A", "kind": "business", "country": "FR",
            "language": "fr", "time_zone": "Europe/Paris", "email": "a@a.example"}],
        "invoices": [{"id": "F-1", "customer": "C1", "currency": "EUR",
            "issue_date": "2025-01-01", "due_date": "2025-01-31",
            "amount": "1000000000000000.01"}]
    }))
    .expect("scenario parses");
    let e = Simulation::new(&scenario).err().expect("refused");
    assert!(e.to_string().contains("1000000000000000.01"), "{e}");
}

#[test]
fn event_amounts_above_the_maximum_are_refused_naming_the_value_and_change_nothing() {
    let mut acc = Account::open(max_invoice()).expect("valid invoice");
    acc.apply(&ev("I", "2025-02-01", payment("10.00")))
        .expect("payment");
    let before = acc.clone();
    let too_large = |event: &'static str| EventError::TooLarge {
        invoice: "I".into(),
        event,
        amount: above_max(),
        max: Money::MAX_AMOUNT,
    };
    let huge = above_max();
    let cases = [
        (EventKind::Payment { amount: huge }, "payment"),
        (EventKind::CreditNote { amount: huge }, "credit_note"),
        (
            EventKind::PaymentReversal { amount: huge },
            "payment_reversal",
        ),
        (
            EventKind::PaymentPlanAgreed {
                schedule: vec![Instalment {
                    amount: huge,
                    due_date: d("2025-03-01"),
                }],
            },
            "payment_plan_agreed",
        ),
        (
            EventKind::StepReached {
                step: 0,
                name: "reminder".into(),
                stage: Stage::Amicable,
                due_on: d("2025-02-07"),
                fee: Some(huge),
                deadline: None,
            },
            "step_reached",
        ),
    ];
    for (kind, name) in cases {
        let e = acc.apply(&ev("I", "2025-02-10", kind)).unwrap_err();
        assert_eq!(e, too_large(name));
        assert!(e.to_string().contains("1000000000000000.01"), "{e}");
        assert_eq!(acc, before, "{name} changed the account");
    }
}

#[test]
fn money_is_conserved_to_the_last_unit_at_the_maximum() {
    // A currency with 8 decimals: amounts of 23 digits.
    let xbt = Currency::new("XBT", 8).expect("valid currency");
    let unit = dec("0.00000001");
    let inv = Invoice {
        instalments: vec![
            Instalment {
                amount: Money::MAX_AMOUNT - unit,
                due_date: d("2025-01-31"),
            },
            Instalment {
                amount: unit,
                due_date: d("2025-02-28"),
            },
        ],
        ..Invoice::single("I", "N", "C1", xbt, d("2025-01-01"), unit, d("2025-01-31"))
    };
    let mut acc = Account::open(inv).expect("valid invoice");
    assert_eq!(acc.invoiced().amount, Money::MAX_AMOUNT);
    // Paid, reversed and credited back and forth by the smallest and the largest steps.
    let steps = [
        ("2025-02-01", payment("999999999999999.99999999")),
        ("2025-02-02", reversal("0.00000001")),
        ("2025-02-03", credit("0.00000001")),
        ("2025-02-04", reversal("999999999999999.99999998")),
        ("2025-02-05", credit("999999999999999.99999998")),
        ("2025-02-06", payment("0.00000001")),
    ];
    for (on, kind) in steps {
        acc.apply(&ev("I", on, kind)).expect("accepted");
        assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
        assert_eq!(
            acc.paid().amount + acc.credited().amount + acc.outstanding().amount,
            Money::MAX_AMOUNT
        );
    }
    assert_eq!(acc.paid().amount, unit);
    assert_eq!(acc.credited().amount, Money::MAX_AMOUNT - unit);
    assert_eq!(acc.outstanding().amount, Decimal::ZERO);
    assert_eq!(
        acc.status(),
        &relance::Status::Settled {
            on: d("2025-02-06")
        }
    );
    // The last unit bounces: it is owed again, on the last instalment.
    acc.apply(&ev("I", "2025-02-07", reversal("0.00000001")))
        .expect("reversal reopens");
    assert_eq!(acc.outstanding().amount, unit);
    assert_eq!(acc.due_by(d("2025-02-27")).amount, Decimal::ZERO);
    assert_eq!(acc.due_by(d("2025-02-28")).amount, unit);
    assert_eq!(acc.oldest_unpaid_due_date(), Some(d("2025-02-28")));
    assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
}

/// `n` events a 1,000,000.00 EUR invoice accepts, a cycle of ten: steps and deliveries,
/// partial payments, a promise kept, a dispute upheld that restarts the ladder.
fn long_history(n: usize) -> Vec<Event> {
    let mut on = d("2025-02-07");
    let mut out = Vec::with_capacity(n);
    let mut cycle = 0;
    while out.len() < n {
        let step = |step: usize| EventKind::StepReached {
            step,
            name: format!("reminder {step}"),
            stage: Stage::Amicable,
            due_on: on,
            fee: Some(dec("5.00")),
            deadline: None,
        };
        let delivered = |k: usize| EventKind::NoticeDelivered {
            key: format!("k{cycle}-{k}"),
            channel: Channel::Email,
            receipt: format!("r{cycle}-{k}"),
        };
        let kinds = [
            step(0),
            delivered(0),
            payment("12.34"),
            promise(&(on + Days::new(8)).to_string()),
            reversal("2.00"),
            EventKind::PromiseKept,
            step(1),
            delivered(1),
            dispute("wrong quantity"),
            EventKind::DisputeResolved { upheld: true },
        ];
        for kind in kinds {
            if out.len() < n {
                out.push(Event::new(&"I".into(), on, kind));
            }
        }
        on = on + Days::new(1);
        cycle += 1;
    }
    out
}

#[test]
fn a_full_history_replays_and_reads_back_to_the_same_account() {
    let mut acc = account("I", "1000000.00", "2025-01-31");
    let history = long_history(MAX_EVENTS);
    for e in &history {
        acc.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    assert_eq!(acc.history(), &history[..]);
    // The running totals are those of the whole history.
    let cycles = Decimal::from(MAX_EVENTS / 10);
    assert_eq!(acc.paid().amount, cycles * dec("10.34"));
    assert_eq!(
        acc.outstanding().amount,
        dec("1000000.00") - cycles * dec("10.34")
    );
    assert_eq!(acc.escalation_sequence(), MAX_EVENTS / 5);
    assert_eq!(
        acc.reached().len(),
        0,
        "the last dispute restarted the ladder"
    );
    assert_eq!(acc.fees().amount, Decimal::ZERO);

    let replayed = Account::replay(acc.invoice().clone(), acc.history()).expect("replays");
    assert_eq!(replayed, acc);
    let json = serde_json::to_string(&acc).expect("serialises");
    let back: Account = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, acc);

    // One more event does not fit, and changes nothing.
    let before = acc.clone();
    let e = acc
        .apply(&ev("I", "2060-01-01", payment("1.00")))
        .unwrap_err();
    assert!(matches!(
        e,
        EventError::HistoryFull {
            max: MAX_EVENTS,
            ..
        }
    ));
    assert_eq!(acc, before);
}

#[test]
fn a_360_instalment_invoice_below_the_threshold_plays_a_year_of_days() {
    // 360 monthly instalments of 10.00 (3,600.00 in all); the only step needs 5,000.00
    // overdue, so it never fires and every day's plan looks at every instalment date.
    let instalments: Vec<_> = (0..Invoice::MAX_INSTALMENTS as u64)
        .map(|i| {
            json!({"amount": "10.00",
                   "due_date": (d("2025-01-31") + Days::new(30 * i)).to_string()})
        })
        .collect();
    let scenario: Scenario = serde_json::from_value(json!({
        "start": "2025-01-01", "end": "2025-12-31",
        "ladders": [{"id": "std", "steps": [{"name": "reminder", "stage": "amicable",
            "offset_days": 7, "channels": ["email"], "min_amount": "5000.00"}]}],
        "customers": [{"id": "C1", "name": "A", "kind": "business", "country": "FR",
            "language": "fr", "time_zone": "Europe/Paris", "ladder": "std",
            "email": "a@a.example"}],
        "invoices": [{"id": "F-360", "customer": "C1", "currency": "EUR",
            "issue_date": "2025-01-01", "instalments": instalments}],
        "events": [{"date": "2025-06-02", "invoice": "F-360", "type": "payment",
            "amount": "25.00"}]
    }))
    .expect("scenario parses");
    let timeline = Simulation::new(&scenario)
        .expect("scenario is valid")
        .run_to_end()
        .expect("scenario plays");
    assert!(timeline.actions.is_empty(), "{:?}", timeline.actions);
    assert!(timeline.rejected.is_empty(), "{:?}", timeline.rejected);
    assert_eq!(
        timeline.final_states.get("F-360").map(String::as_str),
        Some("overdue")
    );
}
