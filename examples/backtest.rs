//! Backtest of the predicted payment dates (`relance::credit::PaymentModel`) on generated
//! data, against two baselines.
//!
//! ```text
//! cargo run --release --example backtest [-- SEED [PRIOR_STRENGTH [SMOOTHING_DAYS [RECENCY 0|1 [LOCAL_PRIOR_DAYS]]]]]
//! ```
//!
//! The data: 400 customers of five behaviours (prompt payers, steady late payers, slow
//! payers, erratic payers who are sometimes on time and sometimes very late, and payers
//! who get worse over time), each invoiced every 10 to 40 days on 30, 45 or 60 day terms
//! over two years, some invoices paid in two parts. The generator is a seeded PRNG here,
//! not in the library. Payments are `payment` events on real accounts.
//!
//! The split is rolling-origin: on the first day of each month of the second year, the
//! model is fitted on what was known that day only (`PaymentRecord::of(account, origin)`:
//! later payments are unknown, open invoices are censored) and predicts every invoice
//! open that day; the prediction is compared with the day the invoice was in fact paid.
//!
//! Baselines: "pays on the due date" and "pays the customer's median past delay after the
//! due date" (0 without history). Both are moved to the day after the origin when they
//! fall on or before it (an open invoice cannot be paid in the past), which only makes
//! them better. Reported: mean absolute error in days, share within 3 days, and
//! calibration of the probabilities of payment by the due date and by 30 days after it
//! (Brier score, lower is better; the baselines' probabilities are 0 or 1), with the
//! model's reliability table.

use chrono::{Duration, NaiveDate};
use relance::credit::{CustomerHistory, ModelSettings, PaymentModel, PaymentRecord};
use relance::{Account, Currency, Event, EventKind, Invoice};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

/// SplitMix64: small, seeded, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

#[derive(Clone, Copy)]
enum Behaviour {
    Prompt,
    Steady { mean: f64 },
    Slow { mean: f64 },
    Erratic,
    Worsening { start: f64 },
}

fn delay(rng: &mut Rng, b: Behaviour, progress: f64) -> i64 {
    let days = match b {
        Behaviour::Prompt => rng.normal(-1.0, 2.0),
        Behaviour::Steady { mean } => rng.normal(mean, 3.0),
        Behaviour::Slow { mean } => rng.normal(mean, 9.0),
        Behaviour::Erratic => {
            if rng.unit() < 0.6 {
                rng.normal(4.0, 3.0)
            } else {
                rng.normal(45.0, 15.0)
            }
        }
        Behaviour::Worsening { start } => rng.normal(start + 35.0 * progress, 4.0),
    };
    days.round() as i64
}

struct Truth {
    customer: String,
    paid_on: NaiveDate,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Each customer's id and accounts.
type Portfolio = Vec<(String, Vec<Account>)>;

fn generate(seed: u64) -> (Portfolio, BTreeMap<String, Truth>) {
    let mut rng = Rng(seed);
    let start = d("2023-01-01");
    let end = d("2024-12-31");
    let span = (end - start).num_days() as f64;
    let mut customers = Vec::new();
    let mut truth = BTreeMap::new();
    for c in 0..400 {
        let id = format!("C{c:03}");
        let pick = rng.unit();
        let behaviour = if pick < 0.35 {
            Behaviour::Prompt
        } else if pick < 0.6 {
            Behaviour::Steady {
                mean: rng.range(3.0, 20.0),
            }
        } else if pick < 0.78 {
            Behaviour::Slow {
                mean: rng.range(25.0, 60.0),
            }
        } else if pick < 0.9 {
            Behaviour::Erratic
        } else {
            Behaviour::Worsening {
                start: rng.range(0.0, 10.0),
            }
        };
        let terms = [30, 45, 60][(rng.next() % 3) as usize];
        let mut accounts = Vec::new();
        // Customers join over the first year: some have little history at the origins.
        let mut issue = start + Duration::days((rng.unit() * 365.0) as i64);
        let mut n = 0;
        while issue <= end {
            n += 1;
            let inv_id = format!("{id}-{n:03}");
            let due = issue + Duration::days(terms);
            let cents = (rng.range(200.0, 20_000.0) * 100.0).round() as i64;
            let amount = Decimal::new(cents, 2);
            let progress = (issue - start).num_days() as f64 / span;
            let paid_on = (due + Duration::days(delay(&mut rng, behaviour, progress))).max(issue);
            let invoice = Invoice::single(&inv_id, &inv_id, &id, Currency::EUR, issue, amount, due);
            let mut acc = Account::open(invoice).expect("a valid invoice");
            let pay = |on: NaiveDate, amount: Decimal| {
                Event::new(&inv_id.as_str().into(), on, EventKind::Payment { amount })
            };
            if rng.unit() < 0.1 && paid_on - issue > Duration::days(10) {
                // Half ten days earlier, the rest on the day it is settled.
                let half = (amount / Decimal::TWO).round_dp(2);
                acc.apply(&pay(paid_on - Duration::days(10), half))
                    .expect("a payment");
                acc.apply(&pay(paid_on, amount - half)).expect("a payment");
            } else {
                acc.apply(&pay(paid_on, amount)).expect("a payment");
            }
            truth.insert(
                inv_id.clone(),
                Truth {
                    customer: id.clone(),
                    paid_on,
                },
            );
            accounts.push(acc);
            issue += Duration::days(10 + (rng.next() % 31) as i64);
        }
        customers.push((id, accounts));
    }
    (customers, truth)
}

#[derive(Default)]
struct Score {
    n: usize,
    abs_err: f64,
    within_3: usize,
    brier_due: f64,
    brier_30: f64,
    /// Reliability: per decile of predicted probability (by due + 30), count, sum of
    /// predictions, sum of outcomes.
    deciles: [(usize, f64, f64); 10],
}

impl Score {
    fn add(
        &mut self,
        predicted: NaiveDate,
        actual: NaiveDate,
        p_due: f64,
        p_30: f64,
        due: NaiveDate,
    ) {
        let err = (predicted - actual).num_days().abs();
        self.n += 1;
        self.abs_err += err as f64;
        if err <= 3 {
            self.within_3 += 1;
        }
        let by_due = if actual <= due { 1.0 } else { 0.0 };
        let by_30 = if actual <= due + Duration::days(30) {
            1.0
        } else {
            0.0
        };
        self.brier_due += (p_due - by_due) * (p_due - by_due);
        self.brier_30 += (p_30 - by_30) * (p_30 - by_30);
        let k = ((p_30 * 10.0) as usize).min(9);
        self.deciles[k].0 += 1;
        self.deciles[k].1 += p_30;
        self.deciles[k].2 += by_30;
    }
    fn row(&self, name: &str) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "{name:<32} {:>8.2} {:>9.1}% {:>11.4} {:>11.4}",
            self.abs_err / n,
            100.0 * self.within_3 as f64 / n,
            self.brier_due / n,
            self.brier_30 / n
        )
    }
}

fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    let seed = arg(1).unwrap_or(11);
    let mut settings = ModelSettings::default();
    if let Some(p) = arg(2) {
        settings.prior_strength = p as u32;
    }
    if let Some(s) = arg(3) {
        settings.smoothing_days = s as u32;
    }
    if let Some(r) = arg(4) {
        settings.recency_weighting = r != 0;
    }
    if let Some(l) = arg(5) {
        settings.local_prior_days = l as u32;
    }
    let (customers, truth) = generate(seed);
    let invoices: usize = customers.iter().map(|(_, a)| a.len()).sum();
    let mut model = Score::default();
    let mut on_due = Score::default();
    let mut past_median = Score::default();
    let started = std::time::Instant::now();
    let origins: Vec<NaiveDate> = (1..=12).map(|m| d(&format!("2024-{m:02}-01"))).collect();
    for &origin in &origins {
        // What was known on the origin, and nothing more.
        let histories: Vec<CustomerHistory> = customers
            .iter()
            .map(|(id, accounts)| CustomerHistory {
                customer: id.as_str().into(),
                records: accounts
                    .iter()
                    .filter_map(|a| PaymentRecord::of(a, origin))
                    .collect(),
                portfolio_only: false,
            })
            .collect();
        let fitted = PaymentModel::fit(origin, &histories, settings);
        let next = origin + Duration::days(1);
        for h in &histories {
            let mut delays: Vec<i64> = h
                .records
                .iter()
                .filter_map(|r| r.paid_on.map(|p| (p - r.due_date).num_days()))
                .collect();
            let typical = median(&mut delays).unwrap_or(0);
            for r in &h.records {
                let Some(p) = fitted.predict(&h.customer, r) else {
                    continue;
                };
                let actual = truth[r.invoice.as_str()].paid_on;
                assert_eq!(truth[r.invoice.as_str()].customer, h.customer.as_str());
                let f = |x: Decimal| x.to_f64().unwrap_or(0.0);
                model.add(
                    p.expected_payment_date,
                    actual,
                    f(p.p_paid_by_due),
                    f(p.p_paid_by_due_plus_30),
                    r.due_date,
                );
                let point = |date: NaiveDate| date.max(next);
                let indicator = |date: NaiveDate, by: NaiveDate| if date <= by { 1.0 } else { 0.0 };
                let due = point(r.due_date);
                let plus_30 = r.due_date + Duration::days(30);
                on_due.add(
                    due,
                    actual,
                    indicator(due, r.due_date),
                    indicator(due, plus_30),
                    r.due_date,
                );
                let med = point(r.due_date + Duration::days(typical));
                past_median.add(
                    med,
                    actual,
                    indicator(med, r.due_date),
                    indicator(med, plus_30),
                    r.due_date,
                );
            }
        }
    }
    println!(
        "backtest (seed {seed}): {} customers, {invoices} invoices, {} monthly origins in 2024, \
         {} open-invoice predictions, {:.2} s",
        customers.len(),
        origins.len(),
        model.n,
        started.elapsed().as_secs_f64()
    );
    println!(
        "{:<32} {:>8} {:>10} {:>11} {:>11}",
        "predictor", "MAE days", "within 3d", "Brier due", "Brier +30"
    );
    println!("{}", model.row("relance PaymentModel"));
    println!("{}", on_due.row("baseline: pays on the due date"));
    println!("{}", past_median.row("baseline: customer's median delay"));
    println!("\nreliability of p_paid_by_due_plus_30 (model):");
    println!(
        "{:<12} {:>8} {:>10} {:>10}",
        "predicted", "count", "mean p", "observed"
    );
    for (k, (n, p, o)) in model.deciles.iter().enumerate() {
        if *n > 0 {
            println!(
                "{:<12} {:>8} {:>10.3} {:>10.3}",
                format!("{:.1}-{:.1}", k as f64 / 10.0, (k + 1) as f64 / 10.0),
                n,
                p / *n as f64,
                o / *n as f64
            );
        }
    }
    let beats = |a: &Score, b: &Score| {
        a.abs_err < b.abs_err && a.within_3 > b.within_3 && a.brier_30 < b.brier_30
    };
    let ok = beats(&model, &on_due) && beats(&model, &past_median);
    println!(
        "\nmodel beats both baselines on MAE, share within 3 days and Brier (+30): {}",
        if ok { "yes" } else { "NO" }
    );
    if !ok {
        std::process::exit(1);
    }
}
