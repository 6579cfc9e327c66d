//! Cash application at scale: a generated statement of 100,000 lines against 1,000,000
//! open invoices (200,000 customers, 20,000 notices), matched on one core. Target: under
//! 2 s for indexing the book and matching the whole statement (issue 13).
//! Run: `cargo bench --bench matching -- --measurement-time 20`.

#[path = "../tests/matching_support/mod.rs"]
mod support;

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use relance::matching::{MatchPolicy, Matcher};
use rust_decimal::Decimal;

fn bench(c: &mut Criterion) {
    let g = support::generate(1_000_000, 100_000, 13);
    let policy = MatchPolicy { bank_charges: Decimal::new(200, 2), ..MatchPolicy::default() };
    let mut group = c.benchmark_group("matching");
    group.sample_size(10);
    group.bench_function("index 1M items + match 100k lines", |b| {
        b.iter(|| {
            let mut m = Matcher::new(&g.book, support::BASE, support::IBAN, policy.clone())
                .expect("matcher");
            black_box(m.match_statement(&g.lines).expect("statement"))
        })
    });
    let m0 = Matcher::new(&g.book, support::BASE, support::IBAN, policy.clone()).expect("matcher");
    drop(m0);
    group.bench_function("match 100k lines (index built)", |b| {
        b.iter_batched(
            || Matcher::new(&g.book, support::BASE, support::IBAN, policy.clone()).expect("matcher"),
            |mut m| black_box(m.match_statement(&g.lines).expect("statement").len()),
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
