//! Proves that notices carry the late-payment penalties of the customer's regime on the
//! notice date (issue 3, "use it in the engine"): interest, compensation and breakdown on
//! every notice, French consumer interest only from the formal notice, compensation once
//! per invoice in France and per instalment in Germany.

use chrono::NaiveDate;
use relance::penalties::{RateTables, Regime};
use relance::*;
use rust_decimal::Decimal;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            // A first reminder claims no penalties unless the ladder says so: this one does.
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Letter])
                .with_claims_penalties(true),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]),
        ],
    )])
    .unwrap()
}

fn customer(kind: CustomerKind, country: Country) -> Customer {
    let mut c = Customer::new("C", "C", kind, country, Language::Fr, Zone::EUROPE_PARIS);
    c.contacts.postal_address = Some(vec!["1 rue X".into()]);
    c
}

fn notice_on(as_of: &str, customer: &Customer, accounts: Vec<Account>) -> Notice {
    let policy = Policy::default().with_rates(RateTables::builtin());
    let portfolio = vec![CustomerAccounts {
        customer: customer.clone(),
        accounts,
    }];
    let p = Dunning::new(book(), policy)
        .unwrap()
        .plan(d(as_of), &portfolio);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    match p.actions.into_iter().next() {
        Some(Action::Notice(n)) => n,
        other => panic!("expected a notice, got {other:?}"),
    }
}

/// Records the notice's steps, as executing the run would.
fn reach(account: &mut Account, notice: &Notice) {
    for e in Action::Notice(notice.clone()).events() {
        if e.invoice == account.invoice().id {
            account.apply(&e).unwrap();
            return;
        }
    }
}

fn invoice(amount: &str, due: &str) -> Account {
    Account::open(Invoice::single(
        "I",
        "N",
        "C",
        Currency::EUR,
        d("2024-05-01"),
        dec(amount),
        d(due),
    ))
    .unwrap()
}

#[test]
fn french_b2b_formal_notice_shows_the_breakdown_split_at_the_half_year() {
    let c = customer(CustomerKind::Business, Country::FR);
    let mut acc = invoice("1000.00", "2024-06-10");
    let first = notice_on("2024-06-17", &c, vec![acc.clone()]);
    // 7 days at ECB 4.50 + 10 = 14.50 %: 1000 x 0.145 x 7 / 365 = 2.78.
    assert_eq!(first.interest.amount, dec("2.78"));
    assert_eq!(first.fixed_compensation.amount, dec("40.00"));
    let p = first.lines[0].penalties.as_ref().unwrap();
    assert_eq!(p.regime, Regime::FrB2b);
    assert_eq!(
        p.breakdowns.len(),
        1,
        "every notice shows how interest was computed"
    );
    assert_eq!(p.breakdowns[0].segments.len(), 1);
    reach(&mut acc, &first);

    let formal = notice_on("2024-07-10", &c, vec![acc]);
    let p = formal.lines[0].penalties.as_ref().unwrap();
    let segments = &p.breakdowns[0].segments;
    assert_eq!(segments.len(), 2, "split at 1 July: {segments:?}");
    // 11 June - 30 June: 20 days at 14.50 % = 7.95; 1 - 10 July: 10 days at 14.25 % = 3.90.
    assert_eq!((segments[0].days, segments[0].amount), (20, dec("7.95")));
    assert_eq!((segments[1].days, segments[1].amount), (10, dec("3.90")));
    assert_eq!(formal.interest.amount, dec("11.85"));
    assert_eq!(formal.total_claimable.amount, dec("1051.85"));
}

#[test]
fn a_partly_paid_invoice_keeps_the_interest_accrued_before_the_payment() {
    // The complaint "partly paid invoices lose their interest": they must not.
    let c = customer(CustomerKind::Business, Country::FR);
    let mut acc = invoice("1000.00", "2024-06-10");
    acc.apply(&Event::new(
        &"I".into(),
        d("2024-06-15"),
        EventKind::Payment {
            amount: dec("500.00"),
        },
    ))
    .unwrap();
    let n = notice_on("2024-06-17", &c, vec![acc]);
    // 11-15 June: 5 days on 1000.00 at 14.50 % = 1.99. The payment pays that interest
    // first (Code civil 1343-1: interest owed, claimed by a notice or not), then 498.01
    // of principal: 501.99 remains. 16-17 June, 2 days on 501.99 = 0.40. Owed: 501.99 +
    // 0.40 of interest still due (2.39 accrued, 1.99 paid) + EUR 40.
    assert_eq!(n.lines[0].amount_due, dec("501.99"));
    let b = &n.lines[0].penalties.as_ref().unwrap();
    assert_eq!(b.interest, dec("2.39"));
    assert_eq!(b.breakdowns[0].interest_paid, dec("1.99"));
    assert_eq!(n.interest.amount, dec("0.40"));
    assert_eq!(n.total_claimable.amount, dec("542.39"));
}

#[test]
fn french_consumer_interest_runs_only_from_the_formal_notice() {
    let c = customer(CustomerKind::Consumer, Country::FR);
    let mut acc = invoice("1000.00", "2024-06-10");
    let first = notice_on("2024-06-17", &c, vec![acc.clone()]);
    assert!(
        first.interest.is_zero(),
        "no interest before the mise en demeure"
    );
    assert!(
        first.fixed_compensation.is_zero(),
        "no EUR 40 for consumers"
    );
    reach(&mut acc, &first);
    let formal = notice_on("2024-07-10", &c, vec![acc.clone()]);
    assert!(
        formal.interest.is_zero(),
        "interest starts on the formal notice's date"
    );
    reach(&mut acc, &formal);
    let later = relance::penalties::invoice_penalties(
        &acc,
        Regime::FrLegalOther,
        relance::Imputation::CodeCivil1343_1,
        d("2024-08-09"),
        &RateTables::builtin(),
    )
    .unwrap()
    .unwrap();
    // From 11 July to 9 August: 30 days at the 2024 H2 "other cases" legal rate 4.92 %:
    // 1000 x 0.0492 x 30 / 365 = 4.04.
    assert_eq!(later.interest, dec("4.04"));
}

#[test]
fn compensation_is_per_invoice_in_france_and_per_instalment_in_germany() {
    let two_instalments = |customer: &str| {
        Account::open(Invoice {
            id: "I".into(),
            number: "N".into(),
            customer: customer.into(),
            currency: Currency::EUR,
            issue_date: d("2024-03-01"),
            instalments: vec![
                Instalment {
                    amount: dec("500.00"),
                    due_date: d("2024-04-01"),
                },
                Instalment {
                    amount: dec("500.00"),
                    due_date: d("2024-05-01"),
                },
            ],
            contract_date: None,
        })
        .unwrap()
    };
    let fr = notice_on(
        "2024-05-20",
        &customer(CustomerKind::Business, Country::FR),
        vec![two_instalments("C")],
    );
    assert_eq!(fr.fixed_compensation.amount, dec("40.00"));
    let de = notice_on(
        "2024-05-20",
        &customer(CustomerKind::Business, Country::DE),
        vec![two_instalments("C")],
    );
    assert_eq!(de.fixed_compensation.amount, dec("80.00"));
    assert_eq!(
        de.lines[0].penalties.as_ref().unwrap().regime,
        Regime::DeB2b
    );
}

#[test]
fn without_rate_tables_notices_carry_no_penalties() {
    let c = customer(CustomerKind::Business, Country::FR);
    let portfolio = vec![CustomerAccounts {
        customer: c,
        accounts: vec![invoice("1000.00", "2024-06-10")],
    }];
    let p = Dunning::new(book(), Policy::default())
        .unwrap()
        .plan(d("2024-06-17"), &portfolio);
    let Some(Action::Notice(n)) = p.actions.first() else {
        panic!("expected a notice")
    };
    assert!(n.interest.is_zero() && n.lines[0].penalties.is_none());
    assert_eq!(n.total_claimable, n.amount_due);
}

#[test]
fn interest_resting_on_an_unverified_rate_is_reported_for_a_person_to_check() {
    // The ECB rate of 17 June 2026 is marked unverified in the shipped tables: a notice whose
    // interest runs into 2026 H2 still goes out, but the plan says which period to check.
    let c = customer(CustomerKind::Business, Country::FR);
    let portfolio = vec![CustomerAccounts {
        customer: c,
        accounts: vec![
            Account::open(Invoice::single(
                "I",
                "N",
                "C",
                Currency::EUR,
                d("2026-05-01"),
                dec("1000.00"),
                d("2026-06-20"),
            ))
            .unwrap(),
        ],
    }];
    let policy = Policy::default().with_rates(RateTables::builtin());
    let p = Dunning::new(book(), policy)
        .unwrap()
        .plan(d("2026-07-20"), &portfolio);
    assert!(matches!(p.actions.first(), Some(Action::Notice(_))));
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let message = &p.problems[0].message;
    assert!(message.contains("2026-07-01 to 2026-07-20"), "{message}");
    assert!(message.contains("unverified"), "{message}");
}
