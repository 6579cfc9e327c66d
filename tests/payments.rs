//! Proves the payment rules of issue 2, Build section 3: a partial payment keeps the
//! invoice's position on the ladder, and the steps' thresholds (`min_amount`, `min_share`)
//! are re-evaluated on what is still outstanding; a full payment or a full credit note
//! settles the invoice and stops dunning; a payment reversal reopens a settled invoice at
//! the step it had reached; balances always add up.

mod common;

use common::*;
use relance::{Channel, Currency, Ladder, LadderBook, MinAmount, Money, Stage, Status, Step};

fn eur(s: &str) -> Money {
    Money::new(dec(s), Currency::EUR)
}

#[test]
fn a_partial_payment_keeps_the_position_on_the_ladder() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.run(d("2025-02-15"));
    w.record(&[ev("I1", "2025-02-20", payment("60.00"))]);
    assert_eq!(w.account("I1").reached().len(), 2, "position kept");
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-02")));
    w.run(d("2025-03-02"));
    let n = w.sent_notices()[2];
    assert_eq!(
        (n.step, n.step_name.as_str()),
        (2, "formal notice"),
        "neither back to the first reminder nor a step skipped"
    );
    assert_eq!(n.amount_due, eur("40.00"));
    assert_eq!(n.lines[0].original, dec("100.00"));
    assert_eq!(n.lines[0].outstanding, dec("40.00"));
}

fn threshold_book(min_amount: Option<&str>, min_share: Option<&str>) -> LadderBook {
    let mut formal = Step::new(
        "formal notice",
        Stage::FormalNotice,
        30,
        &[Channel::RegisteredLetter],
    );
    formal.min_amount = min_amount.map(|a| MinAmount::Any(dec(a)));
    formal.min_share = min_share.map(dec);
    LadderBook::new(vec![Ladder::new(
        "l",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            formal,
        ],
    )])
    .unwrap()
}

#[test]
fn min_amount_is_re_evaluated_on_what_is_still_outstanding() {
    let mut w = World::new(threshold_book(Some("50.00"), None))
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-20", payment("60.00"))]);
    // 40 left, below the formal notice's 50: it does not fire, and nothing is scheduled
    // but the limitation warning, 60 days before the 5 years the part payment restarted
    // (Code de commerce L110-4, Code civil 2240) run out on 20 February 2030.
    assert!(w.plan(d("2025-03-02")).actions.is_empty());
    assert_eq!(w.store.next_wakeup(), Some(d("2029-12-22")));
    // The payment bounces in part: 60 owed again reaches the minimum.
    w.record(&[ev("I1", "2025-03-10", reversal("20.00"))]);
    // Due since 2 March by the ladder: a host sleeping until the wakeup runs at once.
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-02")));
    w.run(d("2025-03-10"));
    let n = w.sent_notices()[1];
    assert_eq!(n.step_name, "formal notice");
    assert_eq!(n.amount_due, eur("60.00"));
    // Exactly at the minimum also fires.
    let mut w = World::new(threshold_book(Some("50.00"), None))
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-20", payment("50.00"))]);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-02")));
}

#[test]
fn min_amount_per_currency_applies_only_to_its_currency() {
    let mut formal = Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]);
    formal.min_amount = Some(serde_json::from_str::<MinAmount>(r#"{"GBP": "500"}"#).unwrap());
    let book = LadderBook::new(vec![Ladder::new(
        "l",
        vec![
            Step::new("r", Stage::Amicable, 7, &[Channel::Email]),
            formal,
        ],
    )])
    .unwrap();
    let mut w = World::new(book)
        .with_customer(customer("C1"))
        .with("E1", "C1", "100.00", "2025-01-31")
        .with_invoice(relance::Invoice {
            currency: Currency::GBP,
            ..invoice("G1", "C1", "100.00", "2025-01-31")
        });
    w.run(d("2025-02-07"));
    let p = w.plan(d("2025-03-02"));
    let lines: Vec<String> = notices(&p.actions)
        .iter()
        .flat_map(|n| n.lines.iter().map(|l| l.invoice.to_string()))
        .collect();
    assert_eq!(
        lines,
        vec!["E1"],
        "the GBP invoice is below its 500 minimum"
    );
}

#[test]
fn min_share_is_re_evaluated_on_what_is_still_outstanding() {
    let mut w = World::new(threshold_book(None, Some("0.5")))
        .with_customer(customer("C1"))
        .with("I1", "C1", "1000.00", "2025-01-31")
        .with("I2", "C1", "1000.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-20", payment("600.00")),
        ev("I2", "2025-02-20", payment("500.00")),
    ]);
    let p = w.plan(d("2025-03-02"));
    let ns = notices(&p.actions);
    assert_eq!(ns.len(), 1);
    assert_eq!(
        ns[0]
            .lines
            .iter()
            .map(|l| (l.invoice.to_string(), l.amount_due))
            .collect::<Vec<_>>(),
        vec![("I2".to_string(), dec("500.00"))],
        "I1 has 40% of its total left, below the 50% share; I2 exactly 50%"
    );
}

#[test]
fn a_full_payment_settles_and_stops_dunning() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-10", payment("30.00")),
        ev("I1", "2025-02-12", payment("70.00")),
    ]);
    let a = w.account("I1");
    assert_eq!(
        a.status(),
        &Status::Settled {
            on: d("2025-02-12")
        }
    );
    assert!(a.outstanding().is_zero());
    assert_eq!(w.store.next_wakeup(), None);
    for on in ["2025-02-15", "2025-03-02", "2025-06-01"] {
        assert!(w.run(d(on)).planned.is_empty());
    }
}

#[test]
fn a_full_credit_note_settles_and_stops_dunning() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[
        ev("I1", "2025-02-10", payment("25.00")),
        ev("I1", "2025-02-11", credit("75.00")),
    ]);
    let a = w.account("I1");
    assert_eq!(
        a.status(),
        &Status::Settled {
            on: d("2025-02-11")
        }
    );
    assert_eq!(a.paid(), eur("25.00"));
    assert_eq!(a.credited(), eur("75.00"));
    assert!(w.run(d("2025-03-02")).planned.is_empty());
}

#[test]
fn a_payment_reversal_reopens_a_settled_invoice_at_the_step_it_had_reached() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-10", payment("100.00"))]);
    assert!(w.run(d("2025-02-15")).planned.is_empty());
    w.record(&[ev("I1", "2025-02-20", reversal("100.00"))]);
    let a = w.account("I1");
    assert_eq!(a.status(), &Status::Open);
    assert_eq!(a.outstanding(), eur("100.00"));
    assert_eq!(a.reached().len(), 1);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-20")));
    w.run(d("2025-02-20"));
    let n = w.sent_notices()[1];
    assert_eq!(n.step_name, "reminder 2");
    assert_eq!(n.amount_due, eur("100.00"));
}

#[test]
fn a_partial_reversal_is_limited_to_what_was_paid_and_keeps_the_books_balanced() {
    let mut a = account("I", "100.00", "2025-01-31");
    for (on, kind) in [
        ("2025-02-01", payment("40.00")),
        ("2025-02-02", credit("10.00")),
        ("2025-02-03", reversal("15.00")),
        ("2025-02-04", payment("65.00")),
    ] {
        a.apply(&ev("I", on, kind)).unwrap();
    }
    assert_eq!(a.paid(), eur("90.00"));
    assert_eq!(a.credited(), eur("10.00"));
    assert!(a.outstanding().is_zero());
    assert_eq!(
        a.status(),
        &Status::Settled {
            on: d("2025-02-04")
        }
    );
    let e = a
        .apply(&ev("I", "2025-02-05", reversal("90.01")))
        .unwrap_err();
    assert!(
        e.to_string().contains("exceeds the amount paid of 90.00"),
        "{e}"
    );
    a.apply(&ev("I", "2025-02-05", reversal("90.00"))).unwrap();
    assert_eq!(a.outstanding(), eur("90.00"));
    assert_eq!(a.conservation_gap().unwrap(), dec("0"));
}

#[test]
fn payments_on_a_multi_instalment_invoice_go_to_the_oldest_instalment_first() {
    let inv = relance::Invoice {
        instalments: vec![
            relance::Instalment {
                amount: dec("300.00"),
                due_date: d("2025-01-31"),
            },
            relance::Instalment {
                amount: dec("300.00"),
                due_date: d("2025-02-28"),
            },
        ],
        ..invoice("I1", "C1", "1", "2025-01-31")
    };
    let mut w = World::standard().with_invoice(inv);
    w.run(d("2025-02-07"));
    assert_eq!(w.sent_notices()[0].amount_due, eur("300.00"));
    w.record(&[ev("I1", "2025-02-10", payment("300.00"))]);
    // The first instalment is paid: the ladder counts from the next one (due 28 Feb),
    // still at its position (reminder 2 is next, 15 days after 28 Feb).
    let a = w.account("I1");
    assert_eq!(a.oldest_unpaid_due_date(), Some(d("2025-02-28")));
    assert_eq!(a.reached().len(), 1);
    assert_eq!(w.store.next_wakeup(), Some(d("2025-03-15")));
    w.run(d("2025-03-15"));
    let n = w.sent_notices()[1];
    assert_eq!((n.step, n.amount_due), (1, eur("300.00")));
}
