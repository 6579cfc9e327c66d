//! Receivables report: plays a scenario (the `simulate` format, read from stdin, with an
//! optional `"as_of"` date defaulting to its `"end"`) and prints the analytics as JSON;
//! with `--html FILE`, also writes a self-contained HTML page with charts.
//!
//! ```text
//! cargo run --release --example report < examples/data/scenario.json
//! cargo run --release --example report -- --html report.html < examples/data/scenario.json
//! ```
//! The JSON format and the definitions are in the README ("Receivables analytics").

#[path = "support/report_html.rs"]
mod report_html;

use chrono::NaiveDate;
use relance::Decimal;
use relance::analytics::Kpis;
use relance::scenario::{Scenario, Simulation};
use serde_json::{Map, Value, json};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let html = match args.as_slice() {
        [] => None,
        [flag, file] if flag == "--html" => Some(file.clone()),
        _ => {
            eprintln!("usage: report [--html FILE] < scenario.json");
            return ExitCode::FAILURE;
        }
    };
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read the scenario: {e}");
        return ExitCode::FAILURE;
    }
    match run(&text, html.as_deref()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", json!({ "error": e }));
            ExitCode::FAILURE
        }
    }
}

fn run(text: &str, html: Option<&str>) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid scenario: {e}"))?;
    let as_of: Option<NaiveDate> = match value.get("as_of") {
        None | Some(Value::Null) => None,
        Some(v) => {
            Some(serde_json::from_value(v.clone()).map_err(|e| format!("invalid as_of: {e}"))?)
        }
    };
    let scenario: Scenario =
        serde_json::from_value(value).map_err(|e| format!("invalid scenario: {e}"))?;
    let as_of = as_of.unwrap_or(scenario.end);
    let sim = Simulation::new(&scenario).map_err(|e| e.to_string())?;
    let mut sim = sim;
    while sim.next_day().map_err(|e| e.to_string())?.is_some() {}
    let portfolio = report_html::portfolio(&sim);
    let (kpis, page) = report_html::build(
        "relance: receivables report",
        sim.book(),
        &portfolio,
        scenario.start,
        as_of,
    )?;
    if let Some(path) = html {
        std::fs::write(path, page).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    serde_json::to_string_pretty(&report(&kpis)).map_err(|e| e.to_string())
}

fn s(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// The report's JSON: exactly the keys of the README.
fn report(k: &Kpis) -> Value {
    let mut currencies = Map::new();
    for c in &k.currencies {
        currencies.insert(
            c.currency.code().to_string(),
            json!({
                "ageing": c.ageing,
                "dso_standard": s(c.dso_standard),
                "dso_countback": s(c.dso_countback),
                "best_possible_dso": s(c.best_possible_dso),
                "average_days_delinquent": s(c.average_days_delinquent),
                "cei": s(c.cei),
            }),
        );
    }
    let steps: Vec<Value> = k
        .steps
        .iter()
        .map(|st| {
            let recovered: Map<String, Value> = st
                .within_30_days
                .recovered_per_notice
                .iter()
                .map(|m| (m.currency.code().to_string(), json!(m.amount.to_string())))
                .collect();
            json!({
                "ladder": st.ladder,
                "step": st.name,
                "channel": st.channel,
                "notices": st.notices,
                "response_rate": s(st.response_rate),
                "paid_within_14_days": s(st.within_14_days.paid_rate),
                "paid_within_30_days": s(st.within_30_days.paid_rate),
                "median_days_to_payment": s(st.median_days_to_payment),
                "recovered_within_30_days": recovered,
            })
        })
        .collect();
    let o = &k.outcomes;
    json!({
        "as_of": k.as_of,
        "currencies": currencies,
        "steps": steps,
        "amicable_conversion_rate": s(o.amicable_conversion_rate),
        "pre_judicial_conversion_rate": s(o.pre_judicial_conversion_rate),
        "promise_kept_rate": s(o.promise_kept_rate),
        "dispute_rate": s(o.dispute_rate),
    })
}
