//! Late-payment interest calculator.
//!
//! Reads one JSON object, or an array of them, from stdin and prints one result per input,
//! in order (an object for an object, an array for an array):
//!
//! ```text
//! cargo run --example late_interest < examples/data/late_interest.json
//! ```
//!
//! Input: `{"regime", "currency", "amount", "due_date", "until", "payments": [{"date",
//! "amount"}], "annual_rate", "day_count": "act/365f"|"act/act"|"30/360", "rounding":
//! "per-segment"|"total"|"daily-first", "interest_from", "imputation":
//! "code-civil-1343-1"|"bgb-367"|"code-civil-1254"|"principal-first", "contract_date"}`.
//! `payments`, `annual_rate`, `day_count`, `rounding`, `interest_from`, `imputation` and
//! `contract_date` are optional; amounts and rates are decimal strings, rates in percent
//! per year. `interest_from` (first day of interest) is needed by `fr-legal-*` (formal
//! notice) and `be-consumer` (after the cost-free window). `imputation` defaults to the
//! regime's law (BGB 367 for `de-*`, Code civil 1343-1 for `fr-b2b`...); `contract_date`
//! (the day the contract was concluded) selects the German margin before 29 July 2014 and
//! the Belgian rate before 16 March 2013 (the due date stands in for it).
//!
//! Output: `{"interest", "interest_paid", "principal_due", "fixed_compensation", "max_damages" (be-consumer only), "total",
//! "segments": [{"from", "to", "days", "base", "annual_rate", "amount"}]}`. A rejected
//! input prints `{"error": "..."}`; the program exits with status 1 after printing every
//! output if any input was rejected.

use chrono::NaiveDate;
use relance::penalties::{Claim, DayCount, InterestRounding, RateTables, Regime, compute};
use relance::{Currency, Imputation};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    regime: Regime,
    currency: Currency,
    amount: Decimal,
    due_date: NaiveDate,
    until: NaiveDate,
    #[serde(default)]
    payments: Vec<Payment>,
    annual_rate: Option<Decimal>,
    day_count: Option<DayCount>,
    rounding: Option<InterestRounding>,
    interest_from: Option<NaiveDate>,
    imputation: Option<Imputation>,
    contract_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Payment {
    date: NaiveDate,
    amount: Decimal,
}

#[derive(Serialize)]
struct Output {
    interest: Decimal,
    interest_paid: Decimal,
    principal_due: Decimal,
    fixed_compensation: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_damages: Option<Decimal>,
    total: Decimal,
    segments: Vec<SegmentOut>,
}

#[derive(Serialize)]
struct SegmentOut {
    from: NaiveDate,
    to: NaiveDate,
    days: u32,
    base: Decimal,
    annual_rate: Decimal,
    amount: Decimal,
}

/// Computes one input, or explains why it was rejected.
fn one(value: Value, tables: &RateTables) -> Result<Output, String> {
    let input: Input = serde_json::from_value(value).map_err(|e| format!("invalid input: {e}"))?;
    let mut claim = Claim::new(
        input.currency,
        input.amount,
        input.due_date,
        input.until,
        input.regime,
    );
    for p in input.payments {
        claim = claim.with_movement(p.date, p.amount);
    }
    claim.interest_from = input.interest_from;
    claim.contract_date = input.contract_date;
    claim.options.imputation = input.imputation;
    claim.options.annual_rate = input.annual_rate;
    if let Some(day_count) = input.day_count {
        claim.options.day_count = day_count;
    }
    if let Some(rounding) = input.rounding {
        claim.options.rounding = rounding;
    }
    let b = compute(&claim, tables).map_err(|e| e.to_string())?;
    Ok(Output {
        interest: b.interest,
        interest_paid: b.interest_paid,
        principal_due: b.principal_due,
        fixed_compensation: b.fixed_compensation,
        max_damages: b.max_damages,
        total: b.total,
        segments: b
            .segments
            .into_iter()
            .map(|s| SegmentOut {
                from: s.from,
                to: s.to,
                days: s.days,
                base: s.base,
                annual_rate: percent(s.annual_rate),
                amount: s.amount,
            })
            .collect(),
    })
}

/// One result, printed as the output object or `{"error": "..."}`.
#[derive(Serialize)]
#[serde(untagged)]
enum Rendered {
    Ok(Output),
    Rejected { error: String },
}

impl Rendered {
    fn is_ok(&self) -> bool {
        matches!(self, Rendered::Ok(_))
    }
}

fn render(value: Value, tables: &RateTables) -> Rendered {
    match one(value, tables) {
        Ok(output) => Rendered::Ok(output),
        Err(error) => Rendered::Rejected { error },
    }
}

/// A rate with at least two decimals (`8` prints as `8.00`), as on a letter.
fn percent(rate: Decimal) -> Decimal {
    let mut r = rate;
    if r.scale() < 2 {
        r.rescale(2);
    }
    r
}

fn print<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => println!("{{\"error\": \"cannot print the result: {e}\"}}"),
    }
}

fn main() -> ExitCode {
    let mut text = String::new();
    let parsed = std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read stdin: {e}"))
        .and_then(|_| {
            serde_json::from_str::<Value>(&text).map_err(|e| format!("invalid JSON: {e}"))
        });
    let tables = RateTables::builtin();
    let all_ok = match parsed {
        Ok(Value::Array(items)) => {
            let outputs: Vec<Rendered> = items.into_iter().map(|i| render(i, &tables)).collect();
            print(&outputs);
            outputs.iter().all(Rendered::is_ok)
        }
        Ok(item @ Value::Object(_)) => {
            let output = render(item, &tables);
            print(&output);
            output.is_ok()
        }
        Ok(_) => {
            print(&Rendered::Rejected {
                error: "expected a JSON object or an array of objects".to_string(),
            });
            false
        }
        Err(error) => {
            print(&Rendered::Rejected { error });
            false
        }
    };
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
