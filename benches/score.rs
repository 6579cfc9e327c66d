//! Cost of the payment-behaviour score and of the time-to-payment model: scoring one
//! million invoices' history (50,000 customers of 20 invoices) must take under 2 s on one
//! core. Run: `cargo bench --bench score -- --measurement-time 5`.
//!
//! Measured: the score of every customer from its payment records; the model fitted on
//! the same million records with a prediction for every open invoice; and extracting the
//! records from 100,000 accounts with their payment histories (as of a date).

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use relance::credit::{CustomerHistory, ModelSettings, PaymentModel, PaymentRecord, score};
use relance::{Account, Currency, Event, EventKind, Invoice};
use rust_decimal::Decimal;
use std::time::Duration;

const CUSTOMERS: usize = 50_000;
const PER_CUSTOMER: usize = 20;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("bench date")
}

/// A cheap deterministic generator (no dependency): the n-th value of a mixing function.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn histories(as_of: NaiveDate) -> Vec<CustomerHistory> {
    let start = date("2024-01-01");
    (0..CUSTOMERS)
        .map(|c| {
            let habit = (mix(c as u64) % 40) as i64 - 5;
            let records = (0..PER_CUSTOMER)
                .map(|i| {
                    let r = mix((c * PER_CUSTOMER + i) as u64);
                    let due = start + Days::new((i * 25 + 30) as u64);
                    let late = habit + (r % 11) as i64 - 5;
                    let paid = due.checked_add_signed(chrono::Duration::days(late));
                    PaymentRecord {
                        invoice: format!("I{c}-{i}").as_str().into(),
                        issue_date: due - Days::new(30),
                        due_date: due,
                        amount: Decimal::new((r % 500_000) as i64 + 1_000, 2),
                        paid_on: paid.filter(|p| *p <= as_of),
                        reminders: (r % 3) as u32,
                        promises_kept: 0,
                        promises_broken: u32::from(r % 50 == 0),
                        disputes: u32::from(r % 97 == 0),
                    }
                })
                .collect();
            CustomerHistory {
                customer: format!("C{c}").as_str().into(),
                records,
                portfolio_only: false,
            }
        })
        .collect()
}

fn accounts(n: usize) -> Vec<Account> {
    (0..n)
        .map(|i| {
            let id = format!("I{i}");
            let due = date("2025-01-31") + Days::new((i % 300) as u64);
            let inv = Invoice::single(
                &id,
                &id,
                "C",
                Currency::EUR,
                due - Days::new(30),
                Decimal::new(10_000, 2),
                due,
            );
            let mut acc = Account::open(inv).expect("valid");
            let pay = |on: NaiveDate, cents: i64| {
                Event::new(
                    &id.as_str().into(),
                    on,
                    EventKind::Payment {
                        amount: Decimal::new(cents, 2),
                    },
                )
            };
            acc.apply(&pay(due + Days::new(3), 4_000)).expect("payment");
            acc.apply(&pay(due + Days::new((i % 40) as u64 + 5), 6_000))
                .expect("payment");
            acc
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let as_of = date("2025-06-01");
    let h = histories(as_of);
    let mut g = c.benchmark_group("credit");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements((CUSTOMERS * PER_CUSTOMER) as u64));
    g.bench_function("score 1M invoices (50k customers)", |b| {
        b.iter(|| {
            let total: u64 = h
                .iter()
                .map(|c| u64::from(score(&c.records, as_of).score))
                .sum();
            black_box(total)
        })
    });
    g.bench_function("fit and predict on 1M invoices", |b| {
        b.iter(|| {
            let m = PaymentModel::fit(as_of, &h, ModelSettings::default());
            black_box(m.predict_all(&h).len())
        })
    });
    let accs = accounts(100_000);
    g.throughput(Throughput::Elements(accs.len() as u64));
    g.bench_function("records of 100k accounts", |b| {
        b.iter(|| {
            black_box(
                accs.iter()
                    .filter_map(|a| PaymentRecord::of(a, as_of))
                    .count(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
