//! Cash application at scale: a generated statement of 100,000 lines against 1,000,000
//! open invoices (200,000 customers, 20,000 notices), indexed and matched on one core.
//! Target (issue 13): under 2 s for indexing the book and matching the whole statement.
//!
//! Measured in CPU time of the benchmark thread (from /proc/thread-self/schedstat, wall
//! time where that is not available): the machines this runs on are shared, and wall time
//! would count the other processes' work. Run:
//! `cargo bench --bench matching -- --warm-up-time 1 --measurement-time 20`.

#[path = "../tests/matching_support/mod.rs"]
mod support;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use relance::matching::{MatchPolicy, Matcher};
use rust_decimal::Decimal;
use std::time::Instant;

/// CPU time of the current thread, in nanoseconds.
struct CpuTime;

fn thread_cpu_ns() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Measurement for CpuTime {
    type Intermediate = (Option<f64>, Instant);
    type Value = f64;
    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns(), Instant::now())
    }
    fn end(&self, (cpu, wall): Self::Intermediate) -> f64 {
        match (cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => b - a,
            _ => wall.elapsed().as_nanos() as f64,
        }
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if typical < 1e3 {
            (1.0, "ns (cpu)")
        } else if typical < 1e6 {
            (1e-3, "µs (cpu)")
        } else if typical < 1e9 {
            (1e-6, "ms (cpu)")
        } else {
            (1e-9, "s (cpu)")
        };
        for v in values {
            *v *= factor;
        }
        unit
    }
    fn scale_throughputs(
        &self,
        _typical: f64,
        _t: &Throughput,
        _values: &mut [f64],
    ) -> &'static str {
        "ns (cpu)"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
    let g = support::generate(1_000_000, 100_000, 13);
    let policy = MatchPolicy {
        bank_charges: Decimal::new(200, 2),
        ..MatchPolicy::default()
    };
    let mut group = c.benchmark_group("matching");
    group.sample_size(10);
    group.bench_function("index 1M items + match 100k lines", |b| {
        b.iter(|| {
            let mut m = Matcher::new(&g.book, support::BASE, support::IBAN, policy.clone())
                .expect("matcher");
            black_box(m.match_statement(&g.lines).expect("statement").len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
