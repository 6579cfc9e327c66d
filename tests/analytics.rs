//! Receivables analytics on a small portfolio computed by hand: each indicator with its
//! arithmetic in the comments.
//!
//! The portfolio, as of 30 June 2025, period P = 90 days, i.e. (1 April, 30 June]; ladder
//! "std": step 0 "reminder" (amicable, e-mail), step 1 "formal notice" (formal notice,
//! letter). Customer C1 holds every invoice:
//!
//! | id | amount   | issued | due    | what happened                                          |
//! |----|----------|--------|--------|--------------------------------------------------------|
//! | A  | EUR 1000 | 1 Mar  | 31 Mar | reminder 7 Apr (kA1); paid 400 15 Apr; formal notice 1 May (kA2) |
//! | B  | EUR 500  | 10 Apr | 10 May | reminder 17 May (kB1); promise 20 May to 30 May; paid 500 27 May |
//! | C  | EUR 300  | 1 Jun  | 1 Jul  | nothing (not due)                                      |
//! | D  | EUR 200  | 15 May | 14 Jun | promise 20 Jun to 25 Jun, not kept                     |
//! | E  | EUR 100  | 1 Feb  | 3 Mar  | disputed 10 Mar, rejected 20 Mar; written off 1 May    |
//! | F  | GBP 700  | 1 May  | 31 May | nothing                                                |
//! | G  | EUR 250  | 10 Jan | 9 Feb  | reminder 16 Feb (kG1); formal notice 11 Mar (kG2); paid 250 20 Mar |

mod common;

use chrono::NaiveDate;
use common::{d, dec, ev};
use relance::analytics::{Kpis, Settings, compute};
use relance::{
    Account, Channel, Country, Currency, Customer, CustomerAccounts, CustomerKind, EventKind,
    Invoice, Ladder, LadderBook, Language, Stage, Step, Zone,
};
use rust_decimal::Decimal;

fn book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]),
        ],
    )])
    .unwrap()
}

fn step(i: usize, on: &str) -> EventKind {
    let (name, stage) = if i == 0 {
        ("reminder", Stage::Amicable)
    } else {
        ("formal notice", Stage::FormalNotice)
    };
    EventKind::StepReached {
        step: i,
        name: name.into(),
        stage,
        due_on: d(on),
        fee: None,
        deadline: None,
    }
}

fn delivered(key: &str, channel: Channel) -> EventKind {
    EventKind::NoticeDelivered {
        key: key.into(),
        channel,
        receipt: "r".into(),
    }
}

fn pay(amount: &str) -> EventKind {
    EventKind::Payment {
        amount: dec(amount),
    }
}

fn account(
    id: &str,
    currency: Currency,
    amount: &str,
    issued: &str,
    due: &str,
    events: &[(&str, EventKind)],
) -> Account {
    let inv = Invoice::single(id, id, "C1", currency, d(issued), dec(amount), d(due));
    let mut acc = Account::open(inv).unwrap();
    for (on, kind) in events {
        acc.apply(&ev(id, on, kind.clone()))
            .unwrap_or_else(|e| panic!("{id} {on}: {e}"));
    }
    acc
}

fn portfolio() -> Vec<CustomerAccounts> {
    let eur = Currency::EUR;
    let accounts = vec![
        account(
            "A",
            eur,
            "1000.00",
            "2025-03-01",
            "2025-03-31",
            &[
                ("2025-04-07", step(0, "2025-04-07")),
                ("2025-04-07", delivered("kA1", Channel::Email)),
                ("2025-04-15", pay("400.00")),
                ("2025-05-01", step(1, "2025-05-01")),
                ("2025-05-01", delivered("kA2", Channel::Letter)),
            ],
        ),
        account(
            "B",
            eur,
            "500.00",
            "2025-04-10",
            "2025-05-10",
            &[
                ("2025-05-17", step(0, "2025-05-17")),
                ("2025-05-17", delivered("kB1", Channel::Email)),
                (
                    "2025-05-20",
                    EventKind::PromiseToPay {
                        until: d("2025-05-30"),
                    },
                ),
                ("2025-05-27", pay("500.00")),
            ],
        ),
        account("C", eur, "300.00", "2025-06-01", "2025-07-01", &[]),
        account(
            "D",
            eur,
            "200.00",
            "2025-05-15",
            "2025-06-14",
            &[(
                "2025-06-20",
                EventKind::PromiseToPay {
                    until: d("2025-06-25"),
                },
            )],
        ),
        account(
            "E",
            eur,
            "100.00",
            "2025-02-01",
            "2025-03-03",
            &[
                (
                    "2025-03-10",
                    EventKind::DisputeOpened {
                        reason: "never delivered".into(),
                        review_on: None,
                    },
                ),
                ("2025-03-20", EventKind::DisputeResolved { upheld: false }),
                (
                    "2025-05-01",
                    EventKind::WrittenOff {
                        reason: "insolvent".into(),
                    },
                ),
            ],
        ),
        account(
            "F",
            Currency::GBP,
            "700.00",
            "2025-05-01",
            "2025-05-31",
            &[],
        ),
        account(
            "G",
            eur,
            "250.00",
            "2025-01-10",
            "2025-02-09",
            &[
                ("2025-02-16", step(0, "2025-02-16")),
                ("2025-02-16", delivered("kG1", Channel::Email)),
                ("2025-03-11", step(1, "2025-03-11")),
                ("2025-03-11", delivered("kG2", Channel::Letter)),
                ("2025-03-20", pay("250.00")),
            ],
        ),
    ];
    let mut customer = Customer::new(
        "C1",
        "Acme",
        CustomerKind::Business,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    customer.ladder = Some("std".into());
    vec![CustomerAccounts { customer, accounts }]
}

fn kpis(as_of: &str) -> Kpis {
    compute(d(as_of), &book(), &portfolio(), &Settings::default()).unwrap()
}

fn some(s: &str) -> Option<Decimal> {
    Some(dec(s))
}

#[test]
fn ageing_buckets_open_principal_by_days_past_due_per_currency_and_customer() {
    let k = kpis("2025-06-30");
    let eur = &k.currencies[0];
    assert_eq!(eur.currency, Currency::EUR);
    // A: 1000 - 400 = 600 open, 30 June - 31 March = 91 days: over 90.
    // B and G: paid. C: 300, due 1 July: not due. D: 200, 30 June - 14 June = 16 days.
    // E: written off, out of the receivables.
    let labels = ["not_due", "1-30", "31-60", "61-90", "over_90"];
    let amounts: Vec<Decimal> = labels
        .iter()
        .map(|l| eur.ageing.amount(l).unwrap())
        .collect();
    assert_eq!(
        amounts,
        [dec("300"), dec("200"), dec("0"), dec("0"), dec("600")]
    );
    assert_eq!(eur.receivables, dec("1100.00")); // 600 + 300 + 200
    assert_eq!(eur.current_receivables, dec("300.00"));
    // GBP stays apart: F, 700, 30 days past due.
    let gbp = &k.currencies[1];
    assert_eq!(gbp.currency, Currency::GBP);
    assert_eq!(gbp.ageing.amount("1-30"), some("700.00"));
    assert_eq!(gbp.receivables, dec("700.00"));
    // Per customer: C1 once per currency, the same figures.
    assert_eq!(k.customers.len(), 2);
    assert_eq!(k.customers[0].ageing, eur.ageing);
    assert_eq!(k.customers[1].ageing, gbp.ageing);
    // The JSON names the buckets.
    let json = serde_json::to_value(&eur.ageing).unwrap();
    assert_eq!(json["over_90"], "600.00");
}

#[test]
fn dso_standard_countback_best_possible_and_average_days_delinquent() {
    let k = kpis("2025-06-30");
    let eur = &k.currencies[0];
    // Credit sales over (1 April, 30 June]: B 500 + D 200 + C 300 = 1000 (A, E, G were
    // issued before 2 April).
    assert_eq!(eur.credit_sales, dec("1000.00"));
    // Standard: 1100 / 1000 x 90 = 99.
    assert_eq!(eur.dso_standard, some("99.00"));
    // Countback: June sales 300 (30 days, 800 left), May 200 (31 days, 600 left), April
    // 500 (30 days, 100 left), March 1000: 100 / 1000 x 31 = 3.1 days; 30 + 31 + 30 +
    // 3.1 = 94.1.
    assert_eq!(eur.dso_countback, some("94.10"));
    // Best possible: current 300 / 1000 x 90 = 27.
    assert_eq!(eur.best_possible_dso, some("27.00"));
    // ADD: 94.10 - 27.00 = 67.10.
    assert_eq!(eur.average_days_delinquent, some("67.10"));
    // GBP: 700 / 700 x 90 = 90; countback: no June sales (30 days), then all of May's
    // 700: 31 days, 61; best possible 0 / 700 x 90 = 0; ADD 61.
    let gbp = &k.currencies[1];
    assert_eq!(gbp.dso_standard, some("90.00"));
    assert_eq!(gbp.dso_countback, some("61.00"));
    assert_eq!(gbp.best_possible_dso, some("0.00"));
    assert_eq!(gbp.average_days_delinquent, some("61.00"));
}

#[test]
fn cei_over_the_period() {
    let k = kpis("2025-06-30");
    let eur = &k.currencies[0];
    // Opening receivables on 1 April: A 1000 (paid on 15 April) + E 100 (written off
    // on 1 May) = 1100; G was paid on 20 March.
    assert_eq!(eur.opening_receivables, dec("1100.00"));
    // (1100 + 1000 - 1100) / (1100 + 1000 - 300) = 1000 / 1800 = 0.5556.
    assert_eq!(eur.cei, some("0.5556"));
    // GBP: (0 + 700 - 700) / (0 + 700 - 0) = 0.
    assert_eq!(k.currencies[1].cei, some("0.0000"));
}

#[test]
fn effectiveness_per_step_and_channel() {
    let k = kpis("2025-06-30");
    assert_eq!(k.steps.len(), 2);
    let r = &k.steps[0];
    assert_eq!(
        (r.ladder.as_ref().map(|l| l.as_str()), r.name.as_str()),
        (Some("std"), "reminder")
    );
    assert_eq!((r.channel, r.notices), (Channel::Email, 3));
    // kA1 (7 Apr) answered by the payment of 15 April (8 days), kB1 (17 May) by the
    // promise of 20 May (3 days), kG1 (16 Feb) only by the payment of 20 March (32
    // days): 2 / 3.
    assert_eq!(r.response_rate, some("0.6667"));
    // Cleared: B 10 days after kB1, G 32 days after kG1, A never.
    // Within 14 days: 1 / 3; within 30 days: still 1 / 3; median of 10 and 32 = 21.
    assert_eq!(r.within_14_days.paid_rate, some("0.3333"));
    assert_eq!(r.within_30_days.paid_rate, some("0.3333"));
    // 60 days: only kA1 and kG1 are 60 days old by 30 June; G was paid: 1 / 2.
    assert_eq!(r.within_window.paid_rate, some("0.5000"));
    assert_eq!(r.median_days_to_payment, some("21.00"));
    // Recovered within 30 days: 400 (kA1) + 500 (kB1) + 0 (kG1, paid after 32 days) =
    // 900, 300 per notice.
    let eur = |m: &[relance::Money]| {
        m.iter()
            .find(|m| m.currency == Currency::EUR)
            .map(|m| m.amount)
    };
    assert_eq!(eur(&r.within_30_days.recovered), some("900.00"));
    assert_eq!(eur(&r.within_30_days.recovered_per_notice), some("300.00"));

    let f = &k.steps[1];
    assert_eq!(
        (f.name.as_str(), f.channel, f.notices),
        ("formal notice", Channel::Letter, 2)
    );
    // kA2 (1 May): nothing followed; kG2 (11 March): paid 9 days later: 1 / 2 answered,
    // 1 / 2 paid within 14 days, median 9 days, 250 recovered, 125 per notice.
    assert_eq!(f.response_rate, some("0.5000"));
    assert_eq!(f.within_14_days.paid_rate, some("0.5000"));
    assert_eq!(f.median_days_to_payment, some("9.00"));
    assert_eq!(eur(&f.within_30_days.recovered), some("250.00"));
    assert_eq!(eur(&f.within_30_days.recovered_per_notice), some("125.00"));
}

#[test]
fn outcomes_conversion_promises_disputes_write_offs_and_funnel() {
    let o = kpis("2025-06-30").outcomes;
    // 7 invoices; closed: B and G settled, E written off = 3.
    assert_eq!((o.invoices, o.closed), (7, 3));
    // Closed after a notice: B and G (E had none). B settled after the reminder alone,
    // G after a formal notice: amicable 1 / 2; neither reached a judicial step: 2 / 2.
    assert_eq!(o.closed_after_notice, 2);
    assert_eq!(o.amicable_conversion_rate, some("0.5000"));
    assert_eq!(o.pre_judicial_conversion_rate, some("1.0000"));
    // B's promise: settled on 27 May, before its date (kept); D's lapsed on 25 June,
    // before 30 June (broken): 1 / 2.
    assert_eq!((o.promises_kept, o.promises_broken), (1, 1));
    assert_eq!(o.promise_kept_rate, some("0.5000"));
    // E disputed: 1 / 7 = 0.142857 -> 0.1429; resolved after 10 days.
    assert_eq!(o.dispute_rate, some("0.1429"));
    assert_eq!(o.median_dispute_resolution_days, some("10.00"));
    // Written off 1 of the 3 closed.
    assert_eq!(o.write_off_rate, some("0.3333"));
    let f = kpis("2025-06-30").funnel;
    // A, B and G reached a step; A and G a formal notice; none a judicial step.
    assert_eq!(
        (f.invoices, f.dunned, f.formal_notice, f.judicial),
        (7, 3, 2, 0)
    );
}

#[test]
fn as_of_an_earlier_date_ignores_what_came_after() {
    // On 14 April: A not yet paid (1000, 14 days past due); B issued 10 April (500, not
    // due); C, D, F not issued; E still open (100, 42 days past due); G paid.
    let k = kpis("2025-04-14");
    assert_eq!(k.currencies.len(), 1, "F, in GBP, is not issued yet");
    let eur = &k.currencies[0];
    assert_eq!(eur.ageing.amount("1-30"), some("1000.00"));
    assert_eq!(eur.ageing.amount("31-60"), some("100.00"));
    assert_eq!(eur.ageing.amount("not_due"), some("500.00"));
    // The day after, A's payment counts.
    let next = kpis("2025-04-15");
    assert_eq!(next.currencies[0].ageing.amount("1-30"), some("600.00"));
    // kA1, 7 days old on 14 April, is not yet in any rate (its 14 days have not run).
    let r = &k.steps[0];
    assert_eq!(r.notices, 2); // kG1 and kA1
    assert_eq!(r.within_14_days.notices, 1); // kG1 only
    assert_eq!(k.outcomes.promises_kept + k.outcomes.promises_broken, 0);
}

#[test]
fn a_notice_covering_several_invoices_counts_once() {
    // One e-mail (key k1, 2 June) covers X (100) and Y (50): both paid on 10 June.
    let run = |events: &[(&str, EventKind)]| {
        account(
            "X",
            Currency::EUR,
            "100.00",
            "2025-04-01",
            "2025-05-01",
            events,
        )
    };
    let x = run(&[
        ("2025-06-02", step(0, "2025-06-02")),
        ("2025-06-02", delivered("k1", Channel::Email)),
        ("2025-06-10", pay("100.00")),
    ]);
    let mut y = account("Y", Currency::EUR, "50.00", "2025-04-01", "2025-05-01", &[]);
    for (on, kind) in [
        ("2025-06-02", step(0, "2025-06-02")),
        ("2025-06-02", delivered("k1", Channel::Email)),
        ("2025-06-10", pay("50.00")),
    ] {
        y.apply(&ev("Y", on, kind)).unwrap();
    }
    let mut p = portfolio();
    p[0].accounts = vec![x, y];
    // As of 15 July, 43 days later: the 14- and 30-day windows have run.
    let k = compute(d("2025-07-15"), &book(), &p, &Settings::default()).unwrap();
    let s = &k.steps[0];
    assert_eq!(s.notices, 1);
    assert_eq!(s.within_14_days.paid_rate, some("1.0000"));
    // 100 + 50 recovered by the one notice.
    assert_eq!(
        s.within_30_days.recovered_per_notice[0].amount,
        dec("150.00")
    );
    assert_eq!(s.median_days_to_payment, some("8.00"));
}

#[test]
fn settings_out_of_range_are_refused_naming_the_value() {
    let bad = Settings {
        period_days: 0,
        ..Settings::default()
    };
    let e = compute(d("2025-06-30"), &book(), &portfolio(), &bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "analytics setting period_days: 0 must be 1 to 36600 days"
    );
    // Buckets are configurable: 45-day buckets.
    let wide = Settings {
        ageing_bounds: vec![45],
        ..Settings::default()
    };
    let k = compute(d("2025-06-30"), &book(), &portfolio(), &wide).unwrap();
    // D (16 days) in 1-45, A (91 days) over 45.
    assert_eq!(k.currencies[0].ageing.amount("1-45"), some("200.00"));
    assert_eq!(k.currencies[0].ageing.amount("over_45"), some("600.00"));
    let _: NaiveDate = k.as_of;
}

mod properties {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    /// A host event: 0 payment, 1 credit note, 2 reversal, 3 promise, 4 dispute, 5 write-off,
    /// 6 step with its e-mail notice.
    fn kind(op: u8, cents: i64, on: NaiveDate, steps: &mut usize) -> EventKind {
        let amount = Decimal::new(cents, 2);
        match op {
            0 => EventKind::Payment { amount },
            1 => EventKind::CreditNote { amount },
            2 => EventKind::PaymentReversal { amount },
            3 => EventKind::PromiseToPay {
                until: on + Days::new(7),
            },
            4 => EventKind::DisputeOpened {
                reason: "r".into(),
                review_on: None,
            },
            5 => EventKind::WrittenOff { reason: "w".into() },
            _ => {
                *steps += 1;
                step(0, &on.to_string())
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// On random histories: the ageing buckets add up to the receivables, the current
        /// part is within them, every rate lies between 0 and 1, and after the last event
        /// the receivables are exactly the accounts' own open principal (the account's
        /// ledger and the analytics' replay agree), written-off invoices left out.
        #[test]
        fn ageing_adds_up_rates_are_fractions_and_receivables_match_the_accounts(
            invoices in prop::collection::vec(
                (1i64..100_000, 0u64..120, 0u64..60,
                 prop::collection::vec((0u64..20, 0u8..7, 1i64..60_000), 0..8)),
                1..12),
            as_of_days in 0u64..400,
        ) {
            let start = d("2025-01-01");
            let mut accounts = Vec::new();
            for (n, (cents, issued, terms, events)) in invoices.iter().enumerate() {
                let id = format!("I{n}");
                let issue = start + Days::new(*issued);
                let inv = Invoice::single(&id, &id, "C1", Currency::EUR, issue,
                    Decimal::new(*cents, 2), issue + Days::new(*terms));
                let mut acc = Account::open(inv).unwrap();
                let (mut on, mut steps) = (issue, 0usize);
                for (gap, op, amount) in events {
                    on = on + Days::new(*gap);
                    if *op == 6 && steps > 0 {
                        continue; // one step on this ladder
                    }
                    let k = kind(*op, *amount, on, &mut steps);
                    let _ = acc.apply(&ev(&id, &on.to_string(), k));
                    if *op == 6 {
                        let _ = acc.apply(&ev(&id, &on.to_string(),
                            delivered(&format!("k{n}"), Channel::Email)));
                    }
                }
                accounts.push(acc);
            }
            let mut p = portfolio();
            p[0].accounts = accounts;
            for as_of in [start + Days::new(as_of_days), d("2026-12-31")] {
                let k = compute(as_of, &book(), &p, &Settings::default()).unwrap();
                for c in &k.currencies {
                    let sum: Decimal = c.ageing.amounts.iter().sum();
                    prop_assert_eq!(sum, c.receivables);
                    prop_assert!(c.current_receivables <= c.receivables);
                    prop_assert!(c.current_receivables >= Decimal::ZERO);
                }
                let o = &k.outcomes;
                let mut rates = vec![o.amicable_conversion_rate, o.pre_judicial_conversion_rate,
                    o.promise_kept_rate, o.dispute_rate, o.write_off_rate];
                for s in &k.steps {
                    rates.extend([s.response_rate, s.within_14_days.paid_rate,
                        s.within_30_days.paid_rate, s.within_window.paid_rate]);
                }
                for r in rates.into_iter().flatten() {
                    prop_assert!(r >= Decimal::ZERO && r <= Decimal::ONE, "rate {}", r);
                }
            }
            // After every event, the accounts' own figures.
            let k = compute(d("2026-12-31"), &book(), &p, &Settings::default()).unwrap();
            let own: Decimal = p[0].accounts.iter()
                .filter(|a| !matches!(a.state(d("2026-12-31")), relance::DunningState::WrittenOff { .. }))
                .map(|a| a.outstanding().amount)
                .sum();
            let receivables = k.currencies.first().map_or(Decimal::ZERO, |c| c.receivables);
            prop_assert_eq!(receivables, own);
        }
    }
}
