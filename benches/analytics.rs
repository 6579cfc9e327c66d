//! Cost of computing every analytics indicator (ageing, DSO, CEI, effectiveness per step
//! and channel, outcomes) over the histories of 1,000,000 invoices, on one core. Target
//! (issue 12): under one second. Run: `cargo bench --bench analytics -- --quick`.
//!
//! The portfolio is generated here: 100,000 customers of 10 invoices each, issued over
//! 2024 in euros (a tenth in pounds), each with a history of 0 to 7 events picked by its
//! number: reminders and formal notices with their deliveries, payments in full or in
//! part, promises kept or lapsed, disputes, write-offs. 3.6 events per invoice on
//! average.

use chrono::{Days, NaiveDate};
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use relance::analytics::{Settings, compute};
use relance::*;
use rust_decimal::Decimal;
use std::time::Duration;

const CUSTOMERS: usize = 100_000;
const PER_CUSTOMER: usize = 10;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("bench date")
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d + Days::new(n)
}

fn book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]),
        ],
    )])
    .expect("bench ladder")
}

fn step(i: usize, on: NaiveDate) -> EventKind {
    let (name, stage) = match i {
        0 => ("reminder", Stage::Amicable),
        1 => ("formal notice", Stage::FormalNotice),
        _ => ("hand-over", Stage::Judicial),
    };
    EventKind::StepReached {
        step: i,
        name: name.into(),
        stage,
        due_on: on,
        fee: None,
        deadline: None,
    }
}

/// Invoice `n` of customer `c` and its history.
fn account(c: usize, n: usize) -> Account {
    let id = format!("I{c}-{n}");
    let issued = plus(date("2024-01-01"), ((c * 7 + n * 31) % 366) as u64);
    let due = plus(issued, 30);
    let amount = Decimal::new(10_000 + ((c * 13 + n * 7) % 90_000) as i64, 2);
    let currency = if n == 9 { Currency::GBP } else { Currency::EUR };
    let inv = Invoice::single(&id, &id, &format!("C{c}"), currency, issued, amount, due);
    let mut acc = Account::open(inv).expect("bench invoice");
    let notice = |k: usize, ch: Channel| EventKind::NoticeDelivered {
        key: format!("notice-C{c}-{n}-{k}"),
        channel: ch,
        receipt: "r".into(),
    };
    let pay = |a: Decimal| EventKind::Payment { amount: a };
    let r1 = plus(due, 7);
    let events: Vec<(NaiveDate, EventKind)> = match (c + n) % 10 {
        0..=2 => vec![
            (r1, step(0, r1)),
            (r1, notice(0, Channel::Email)),
            (plus(r1, (c % 20) as u64), pay(amount)),
        ],
        3 | 4 => vec![
            (r1, step(0, r1)),
            (r1, notice(0, Channel::Email)),
            (
                plus(r1, 3),
                EventKind::PromiseToPay {
                    until: plus(r1, 10),
                },
            ),
            (plus(r1, 8), pay((amount / Decimal::TWO).round_dp(2))),
            (plus(r1, 9), EventKind::PromiseKept),
        ],
        5 => vec![
            (r1, step(0, r1)),
            (r1, notice(0, Channel::Email)),
            (plus(due, 30), step(1, plus(due, 30))),
            (plus(due, 30), notice(1, Channel::Letter)),
            (plus(due, 60), step(2, plus(due, 60))),
            (plus(due, 60), notice(2, Channel::Letter)),
            (plus(due, 90), pay(amount)),
        ],
        6 => vec![
            (
                plus(due, 2),
                EventKind::DisputeOpened {
                    reason: "wrong quantity".into(),
                    review_on: None,
                },
            ),
            (plus(due, 20), EventKind::DisputeResolved { upheld: false }),
            (
                plus(due, 200),
                EventKind::WrittenOff {
                    reason: "insolvent".into(),
                },
            ),
        ],
        7 => vec![(
            plus(due, 2),
            EventKind::PromiseToPay {
                until: plus(due, 12),
            },
        )],
        8 => vec![(plus(issued, 10), pay(amount))],
        _ => vec![],
    };
    for (on, kind) in events {
        acc.apply(&Event::new(&id.as_str().into(), on, kind))
            .expect("bench event");
    }
    acc
}

fn portfolio() -> Vec<CustomerAccounts> {
    (0..CUSTOMERS)
        .map(|c| {
            let mut customer = Customer::new(
                &format!("C{c}"),
                "Customer",
                CustomerKind::Business,
                Country::FR,
                Language::Fr,
                Zone::EUROPE_PARIS,
            );
            customer.ladder = Some("std".into());
            CustomerAccounts {
                customer,
                accounts: (0..PER_CUSTOMER).map(|n| account(c, n)).collect(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let book = book();
    let portfolio = portfolio();
    let events: usize = portfolio
        .iter()
        .flat_map(|ca| &ca.accounts)
        .map(|a| a.history().len())
        .sum();
    let as_of = date("2025-01-31");
    let settings = Settings::default();
    let kpis = compute(as_of, &book, &portfolio, &settings).expect("bench kpis");
    eprintln!(
        "{} invoices, {events} events; {} steps, EUR DSO {:?}",
        CUSTOMERS * PER_CUSTOMER,
        kpis.steps.len(),
        kpis.currencies.first().and_then(|c| c.dso_countback)
    );
    // One pass timed alone, in processor time (the machine may be shared): user + system
    // ticks of this process from /proc, where there is one.
    let cpu = || -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks / 100.0)
    };
    let (wall, before) = (std::time::Instant::now(), cpu());
    for _ in 0..5 {
        black_box(compute(as_of, &book, &portfolio, &settings).expect("bench kpis"));
    }
    if let (Some(a), Some(b)) = (before, cpu()) {
        eprintln!(
            "one pass: {:.2} s of processor time, {:.2} s wall (mean of 5)",
            (b - a) / 5.0,
            wall.elapsed().as_secs_f64() / 5.0
        );
    }
    let mut group = c.benchmark_group("analytics");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("all_kpis/1000000", |b| {
        b.iter(|| compute(black_box(as_of), &book, black_box(&portfolio), &settings))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
