//! The rules of issue 10 (penalties part), each with its article or published source:
//! imputation of part payments, German due-date postponement, French public procurement,
//! the German pre-2014 margin and the rate history before 2015.

mod penalties_support;

use penalties_support::{claim, d, dec, run};
use relance::penalties::{Claim, RateTables, Regime, invoice_penalties};
use relance::{Account, Country, Currency, Customer, CustomerKind, Event, EventKind, Imputation};
use relance::{Invoice, Language, Zone};

/// The published check of BGB § 367(1) (issue 10): a German consumer owes EUR 5,000 due
/// 31 May 2024 and pays EUR 2,000 on 30 June 2024; interest computed until 30 July 2024 is
/// EUR 56.30.
///
/// Derivation (Basiszinssatz 3.62 % from 1 January 2024 and 3.37 % from 1 July 2024,
/// Bundesbank; consumer margin 5 points, BGB 288(1); Actual/365):
/// - 1 June to 30 June, 30 days on 5,000.00 at 8.62 %: 5000 x 0.0862 x 30 / 365 = 35.4247
///   -> 35.42;
/// - the 2,000.00 paid on 30 June pays the 35.42 of interest first (BGB 367(1)), then
///   1,964.58 of principal: 3,035.42 remains;
/// - 1 July to 30 July, 30 days on 3,035.42 at 8.37 %: 3035.42 x 0.0837 x 30 / 365 =
///   20.8823 -> 20.88;
/// - interest 35.42 + 20.88 = 56.30 (of which 35.42 paid, 20.88 still due).
///
/// Imputing to the principal first gives 35.42 + 3000 x 0.0837 x 30 / 365 (20.64) = 56.06,
/// the figure the issue reported as wrong.
#[test]
fn bgb_367_published_example_through_compute() {
    let c = claim(
        Regime::DeConsumer,
        "5000.00",
        d(2024, 5, 31),
        d(2024, 7, 30),
    )
    .with_movement(d(2024, 6, 30), dec("2000.00"));
    let b = run(&c).unwrap();
    let bases: Vec<_> = b
        .segments
        .iter()
        .map(|s| (s.base, s.annual_rate, s.amount))
        .collect();
    assert_eq!(
        bases,
        [
            (dec("5000.00"), dec("8.62"), dec("35.42")),
            (dec("3035.42"), dec("8.37"), dec("20.88"))
        ]
    );
    assert_eq!(b.interest, dec("56.30"));
    assert_eq!(
        (b.interest_paid, b.interest_due),
        (dec("35.42"), dec("20.88"))
    );
    assert_eq!(b.principal_due, dec("3035.42"));

    // The same input as `examples/late_interest.rs` reads it (a Claim is its JSON), with
    // the rule named: "imputation": "bgb-367".
    let json = r#"{"currency": "EUR", "principal": "5000.00", "due_date": "2024-05-31",
        "until": "2024-07-30", "regime": "de-consumer",
        "movements": [{"date": "2024-06-30", "amount": "2000.00"}],
        "options": {"imputation": "bgb-367"}}"#;
    let from_json: Claim = serde_json::from_str(json).unwrap();
    assert_eq!(run(&from_json).unwrap().interest, dec("56.30"));

    // Principal first reproduces the wrong figure: the rule is what makes the difference.
    let mut principal_first = c;
    principal_first.options.imputation = Some(Imputation::PrincipalFirst);
    assert_eq!(run(&principal_first).unwrap().interest, dec("56.06"));
}

fn german_consumer() -> Customer {
    Customer::new(
        "C-DE",
        "Max Mustermann",
        CustomerKind::Consumer,
        Country::DE,
        Language::De,
        Zone::EUROPE_BERLIN,
    )
}

/// The same published example through the engine: an account with the part payment
/// recorded as a fact, no notice having claimed interest before it. The customer's rule
/// (BGB 367 for a German consumer) is the one `Account::claim()` imputes by and the one
/// the interest computation imputes by.
#[test]
fn bgb_367_published_example_through_the_engine() {
    let customer = german_consumer();
    assert_eq!(customer.imputation(), Imputation::Bgb367);
    let invoice = Invoice::single(
        "INV-DE",
        "R-2024-17",
        "C-DE",
        Currency::EUR,
        d(2024, 5, 1),
        dec("5000.00"),
        d(2024, 5, 31),
    );
    let mut acc = Account::open(invoice).unwrap();
    acc.apply(&Event::new(
        &"INV-DE".into(),
        d(2024, 6, 30),
        EventKind::Payment {
            amount: dec("2000.00"),
        },
    ))
    .unwrap();
    let p = invoice_penalties(
        &acc,
        Regime::DeConsumer,
        customer.imputation(),
        d(2024, 7, 30),
        &RateTables::builtin(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(p.interest, dec("56.30"));
    assert_eq!(p.breakdowns[0].interest_paid, dec("35.42"));
    assert_eq!(p.breakdowns[0].principal_due, dec("3035.42"));
}
