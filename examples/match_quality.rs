//! How well cash application does on a generated statement with realistic noise: the
//! precision of automatic matches (target 100 %) and the share of matchable lines matched
//! automatically (target at least 90 %). Run:
//! `cargo run --release --example match_quality [items] [lines] [seed]`
//! (default 200,000 open invoices, 20,000 lines, seed 13).
//!
//! A line is matchable when a person could match it from what the line and the book say:
//! a reference printed by relance, an invoice number, or the amount of an invoice or a
//! notice paid from a payer account the host knows. Noise lines (a mistyped reference
//! with a wrong amount, salaries, refunds, debits, unknown payers paying amounts alone)
//! are not matchable, and an automatic match on one counts against precision.

#[path = "../tests/matching_support/mod.rs"]
mod support;

use relance::matching::{MatchPolicy, MatchStatus, Matcher};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// CPU time of this thread (the machine may be shared: wall time would count the others'
/// work too), from /proc where available.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let items = args.first().copied().unwrap_or(200_000);
    let lines = args.get(1).copied().unwrap_or(20_000);
    let seed = args.get(2).copied().unwrap_or(13) as u64;
    let g = support::generate(items, lines, seed);
    let policy = MatchPolicy {
        bank_charges: Decimal::new(200, 2),
        ..MatchPolicy::default()
    };
    let cpu0 = cpu_seconds();
    let indexing = std::time::Instant::now();
    let mut m = Matcher::new(&g.book, support::BASE, support::IBAN, policy).expect("matcher");
    let indexed = indexing.elapsed();
    let cpu1 = cpu_seconds();
    let started = std::time::Instant::now();
    let found = m.match_statement(&g.lines).expect("statement");
    let elapsed = started.elapsed();
    let cpu2 = cpu_seconds();
    let (mut auto, mut auto_right, mut matchable_count, mut matchable_auto) = (0, 0, 0, 0);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for ((f, truth), matchable) in found.iter().zip(&g.truth).zip(&g.matchable) {
        let mut got: Vec<&str> = f.allocations.iter().map(|a| a.invoice.as_str()).collect();
        got.sort_unstable();
        let right = truth.as_ref().is_some_and(|t| {
            let mut t: Vec<&str> = t.iter().map(|i| i.as_str()).collect();
            t.sort_unstable();
            t == got
        });
        if f.status == MatchStatus::Auto {
            auto += 1;
            *by_rule.entry(format!("{:?}", f.rule)).or_default() += 1;
            if right {
                auto_right += 1;
            } else if wrong.len() < 5 {
                wrong.push(format!("{} -> {:?}: {}", f.line, got, f.reason));
            }
        }
        if *matchable {
            matchable_count += 1;
            if f.status == MatchStatus::Auto && right {
                matchable_auto += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "open invoices: {items}, notices: {}, lines: {}",
        g.book.notices.len(),
        g.lines.len()
    );
    println!(
        "wall time: indexed in {:.3} s, matched in {:.3} s (one thread)",
        indexed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    if let (Some(a), Some(b), Some(c)) = (cpu0, cpu1, cpu2) {
        println!(
            "cpu time:  indexed in {:.3} s, matched in {:.3} s",
            b - a,
            c - b
        );
    }
    println!("automatic: {auto}, of which right: {auto_right}");
    println!(
        "precision of automatic matches: {:.2} %",
        pct(auto_right, auto)
    );
    println!(
        "matchable lines: {matchable_count}, matched automatically and right: {matchable_auto} ({:.2} %)",
        pct(matchable_auto, matchable_count)
    );
    println!("automatic matches by rule: {by_rule:?}");
    println!("payer accounts learned: {}", m.learned().len());
    for w in wrong {
        println!("WRONG {w}");
    }
}
