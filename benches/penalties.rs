//! Cost of one penalty computation: 1 segment, 20 segments, a 30-year delay.
//!
//! `cargo bench --bench penalties -- --warm-up-time 1 --measurement-time 3`

use chrono::{Days, NaiveDate};
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use relance::Currency;
use relance::penalties::{Claim, RateTables, Regime, compute};
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid bench date")
}

fn bench(c: &mut Criterion) {
    let mut tables = RateTables::builtin();
    tables.set_carry_forward(true);
    let principal = Decimal::new(1_234_567, 2);

    let one = Claim::new(
        Currency::EUR,
        principal,
        d(2025, 1, 31),
        d(2025, 3, 2),
        Regime::FrB2b,
    );
    assert_eq!(
        compute(&one, &tables).map(|b| b.segments.len()).ok(),
        Some(1)
    );

    // 19 partial payments 9 days apart inside 2025 H1: 20 segments.
    let mut twenty = Claim::new(
        Currency::EUR,
        principal,
        d(2024, 12, 31),
        d(2025, 6, 30),
        Regime::FrB2b,
    );
    for i in 1..=19u64 {
        let day = d(2025, 1, 1) + Days::new(9 * i);
        twenty = twenty.with_movement(day, Decimal::new(10_000, 2));
    }
    assert_eq!(
        compute(&twenty, &tables).map(|b| b.segments.len()).ok(),
        Some(20)
    );

    // Thirty years, rate by half-year (61 half-years, carried forward past the data).
    let thirty = Claim::new(
        Currency::EUR,
        principal,
        d(2015, 3, 31),
        d(2045, 3, 31),
        Regime::FrB2b,
    );
    let segments = compute(&thirty, &tables)
        .map(|b| b.segments.len())
        .unwrap_or(0);
    assert!(segments > 1);

    c.bench_function("penalties/1 segment", |b| {
        b.iter(|| compute(black_box(&one), black_box(&tables)))
    });
    c.bench_function("penalties/20 segments", |b| {
        b.iter(|| compute(black_box(&twenty), black_box(&tables)))
    });
    c.bench_function(
        &format!("penalties/30-year delay ({segments} segments)"),
        |b| b.iter(|| compute(black_box(&thirty), black_box(&tables))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
