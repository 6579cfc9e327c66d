//! Cost of rebuilding an account from its history and of asking it when to wake up, to
//! check that both grow linearly (issue 7, bounded work). Run: `cargo bench --bench replay`.
//!
//! - `replay/N`: `Account::replay` of N events on one invoice, a realistic mix repeated
//!   (steps and their deliveries, partial payments, promises kept, a dispute upheld that
//!   restarts the ladder). 10,000 events (`MAX_EVENTS`) must cost less than 20 times 500.
//! - `deserialise/N`: the same account read back from JSON (which replays it).
//!
//! Both measure building the account, not dropping it (`iter_with_large_drop`): freeing
//! 10,000 events costs about twice as much per event as freeing 500, whose few hundred
//! kilobytes stay in the processor's caches; that is the allocator, not relance.
//! - `next_wakeup/360`: one invoice of 360 monthly instalments on a ladder whose minimum
//!   amount is never met, so every later instalment date is examined.

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use relance::*;
use rust_decimal::Decimal;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("bench date")
}

fn invoice() -> Invoice {
    Invoice::single(
        "INV-1",
        "F-1",
        "C-1",
        Currency::EUR,
        date("2000-01-01"),
        Decimal::new(100_000_000, 2),
        date("2000-01-31"),
    )
}

/// `n` events that the account accepts, in a repeating cycle of ten.
fn history(n: usize) -> Vec<Event> {
    let id: InvoiceId = "INV-1".into();
    let mut on = date("2000-02-07");
    let mut out = Vec::with_capacity(n);
    let mut cycle = 0u64;
    while out.len() < n {
        let step = |step: usize, on: NaiveDate| EventKind::StepReached {
            step,
            name: format!("reminder {step}"),
            stage: Stage::Amicable,
            due_on: on,
            fee: (step == 1).then(|| Decimal::new(1000, 2)),
            deadline: None,
        };
        let delivered = |k: u64| EventKind::NoticeDelivered {
            key: format!("k{cycle}-{k}"),
            channel: Channel::Email,
            receipt: format!("r{cycle}-{k}"),
        };
        let kinds = [
            step(0, on),
            delivered(0),
            EventKind::Payment {
                amount: Decimal::new(1234, 2),
            },
            EventKind::PromiseToPay {
                until: on + Days::new(8),
            },
            EventKind::Payment {
                amount: Decimal::new(500, 2),
            },
            EventKind::PromiseKept,
            step(1, on),
            delivered(1),
            EventKind::DisputeOpened {
                reason: "wrong quantity".into(),
                review_on: None,
            },
            EventKind::DisputeResolved { upheld: true },
        ];
        for kind in kinds {
            if out.len() == n {
                break;
            }
            out.push(Event::new(&id, on, kind));
            on = on + Days::new(1);
        }
        cycle += 1;
    }
    out
}

fn replay(c: &mut Criterion) {
    let mut g = c.benchmark_group("replay");
    for n in [500usize, 2_000, 10_000] {
        let events = history(n);
        // The history is valid: every event is accepted.
        let acc = Account::replay(invoice(), &events).expect("valid history");
        assert_eq!(acc.history().len(), n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &events, |b, events| {
            b.iter_with_large_drop(|| {
                Account::replay(invoice(), black_box(events)).expect("replays")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("deserialise");
    for n in [500usize, 10_000] {
        let acc = Account::replay(invoice(), &history(n)).expect("valid history");
        let json = serde_json::to_string(&acc).expect("serialises");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &json, |b, json| {
            b.iter_with_large_drop(|| {
                serde_json::from_str::<Account>(black_box(json)).expect("deserialises")
            })
        });
    }
    g.finish();
}

fn next_wakeup(c: &mut Criterion) {
    let start = date("2025-01-01");
    let instalments = (0..Invoice::MAX_INSTALMENTS as u64)
        .map(|i| Instalment {
            amount: Decimal::new(1000, 2),
            due_date: start + Days::new(30 * (i + 1)),
        })
        .collect();
    let inv = Invoice {
        instalments,
        ..Invoice::single(
            "INV-360",
            "F-360",
            "C-1",
            Currency::EUR,
            start,
            Decimal::ONE,
            start,
        )
    };
    let acc = Account::open(inv).expect("valid invoice");
    // 3,600.00 is owed in all; the step asks for more than that to be overdue.
    let ladder = Ladder::new(
        "big-only",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])
                .with_min_amount(MinAmount::Any(Decimal::new(1_000_000, 2))),
        ],
    );
    assert_eq!(acc.next_wakeup(&ladder), None);
    let mut g = c.benchmark_group("next_wakeup");
    g.bench_function(BenchmarkId::from_parameter(360), |b| {
        b.iter(|| black_box(&acc).next_wakeup(black_box(&ladder)))
    });
    g.finish();
}

criterion_group!(benches, replay, next_wakeup);
criterion_main!(benches);
