//! Cost of planning a dunning run and of recording events, to check that a portfolio of
//! ten million invoices is a non-event. Run: `cargo bench --bench plan`.
//!
//! The portfolio: 10 invoices per customer, due dates spread over 120 days, a quarter
//! partly paid, a ladder of five steps; planned at a date where many steps are due.

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use relance::penalties::RateTables;
use relance::*;
use rust_decimal::Decimal;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes, to report the memory an account takes.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
            System.alloc(layout)
        }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            System.dealloc(ptr, layout)
        }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("bench date")
}

fn book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])
                .with_min_days_since_previous(5),
            Step::new(
                "second",
                Stage::Amicable,
                15,
                &[Channel::Email, Channel::Letter],
            )
            .with_min_days_since_previous(7)
            .with_fee(Decimal::new(1000, 2)),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                30,
                &[Channel::RegisteredLetter],
            )
            .with_min_days_since_previous(10),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]),
        ],
    )])
    .expect("valid ladder")
}

fn portfolio(customers: usize) -> Vec<CustomerAccounts> {
    let start = date("2025-01-01");
    (0..customers)
        .map(|c| {
            let mut customer = Customer::new(
                &format!("C{c:07}"),
                "Customer",
                CustomerKind::Business,
                Country::FR,
                Language::Fr,
                Zone::EUROPE_PARIS,
            );
            customer.contacts.email = Some("ap@example.com".into());
            customer.contacts.postal_address = Some(vec!["1 rue X".into()]);
            let accounts = (0..10)
                .map(|i| {
                    let n = c * 10 + i;
                    let issue = start + Days::new((n % 120) as u64);
                    let inv = Invoice::single(
                        &format!("I{n:08}"),
                        &format!("F{n:08}"),
                        &customer.id.0,
                        Currency::EUR,
                        issue,
                        Decimal::new(10_000 + (n as i64 % 500_000), 2),
                        issue + Days::new(30),
                    );
                    let mut acc = Account::open(inv).expect("valid invoice");
                    if n % 4 == 0 {
                        let e = Event::new(
                            &acc.invoice().id,
                            issue + Days::new(35),
                            EventKind::Payment {
                                amount: Decimal::new(5_000, 2),
                            },
                        );
                        acc.apply(&e).expect("valid payment");
                    }
                    acc
                })
                .collect();
            CustomerAccounts { customer, accounts }
        })
        .collect()
}

fn bench_plan(c: &mut Criterion) {
    let before = LIVE.load(Ordering::Relaxed);
    let sample = portfolio(10_000);
    let bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    eprintln!(
        "memory: 100000 accounts (with their customers) hold {} bytes, {} bytes per account",
        bytes,
        bytes / 100_000
    );
    drop(sample);
    let book = book();
    // Without contact pressure or penalties.
    let bare = Dunning::new(
        book.clone(),
        Policy::default().with_contact_pressure_days(0),
    )
    .expect("valid policy");
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    for customers in [1_000usize, 10_000] {
        let p = portfolio(customers);
        group.throughput(Throughput::Elements((customers * 10) as u64));
        group.bench_with_input(BenchmarkId::new("invoices", customers * 10), &p, |b, p| {
            b.iter(|| black_box(bare.plan(date("2025-03-15"), p)))
        });
    }
    let p = portfolio(10_000);
    let full = Dunning::new(book, Policy::default().with_rates(RateTables::builtin()))
        .expect("valid policy");
    group.throughput(Throughput::Elements(100_000));
    group.bench_with_input(
        BenchmarkId::new("invoices_with_policy_and_penalties", 100_000),
        &p,
        |b, p| b.iter(|| black_box(full.plan(date("2025-03-15"), p))),
    );
    group.finish();
}

fn bench_apply(c: &mut Criterion) {
    let inv = Invoice::single(
        "I1",
        "F1",
        "C1",
        Currency::EUR,
        date("2025-01-01"),
        Decimal::new(100_000, 2),
        date("2025-01-31"),
    );
    let acc = Account::open(inv).expect("valid invoice");
    let payment = Event::new(
        &"I1".into(),
        date("2025-02-10"),
        EventKind::Payment {
            amount: Decimal::new(10_000, 2),
        },
    );
    c.bench_function("account/apply_payment", |b| {
        b.iter(|| {
            let mut a = acc.clone();
            a.apply(black_box(&payment)).expect("accepted");
            black_box(a)
        })
    });
}

criterion_group!(benches, bench_plan, bench_apply);
criterion_main!(benches);
