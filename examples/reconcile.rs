//! Cash application on a scenario: plays a scenario (the `simulate` format) up to `as_of`,
//! then matches bank lines against what is owed and the notices sent, and prints one JSON
//! object per line:
//! `{"line", "status": "auto"|"suggested"|"unmatched", "allocations": [{"invoice", "amount"}],
//! "confidence", "reason", "rule"}`.
//!
//! ```text
//! cargo run --release --example reconcile < examples/data/reconcile.json
//! cargo run --release --features camt --example reconcile -- --camt statement.xml < input.json
//! cargo run --release --example reconcile -- --references < examples/data/reconcile.json
//! ```
//! Input: `{"scenario": {...}, "as_of": "YYYY-MM-DD", "bank_lines": [...]}` and optionally
//! `"creditor": {"reference_base", "iban"}` (the references the notices printed; default
//! `RELANCE` and a Belgian account), `"payers": [{"iban", "customer"}]` and `"policy"` (a
//! `MatchPolicy`). With `--camt FILE` the lines come from a camt.053/054 file instead
//! (needs the `camt` feature). With `--references` it prints, instead, each notice sent
//! with the references it printed and the total it claimed.
//!
//! Auto lines are then recorded through `Dunning::record` on the played store, and the
//! last output line says what that recorded (recording the same lines again records
//! nothing: their ids are the payments' external ids).

use relance::matching::{BankLine, MatchPolicy, Matcher, PayerAccount, Receivables};
use relance::scenario::{Scenario, Simulation};
use serde::Deserialize;
use std::io::Read;
use std::process::ExitCode;

#[derive(Deserialize)]
struct Creditor {
    reference_base: String,
    iban: String,
}

#[derive(Deserialize)]
struct Input {
    scenario: Scenario,
    as_of: chrono::NaiveDate,
    #[serde(default)]
    bank_lines: Vec<BankLine>,
    #[serde(default)]
    creditor: Option<Creditor>,
    #[serde(default)]
    payers: Vec<PayerAccount>,
    #[serde(default)]
    policy: Option<MatchPolicy>,
}

fn camt_lines(path: &str) -> Result<Vec<BankLine>, String> {
    #[cfg(feature = "camt")]
    {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        relance::matching::camt::parse(&bytes).map_err(|e| format!("{path}: {e}"))
    }
    #[cfg(not(feature = "camt"))]
    {
        Err(format!(
            "--camt {path}: reading camt files needs the camt feature (cargo run --features camt ...)"
        ))
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let camt = args
        .iter()
        .position(|a| a == "--camt")
        .map(|i| args.get(i + 1).cloned().ok_or("--camt needs a file"))
        .transpose()?;
    let list_references = args.iter().any(|a| a == "--references");
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the input: {e}"))?;
    let mut input: Input =
        serde_json::from_str(&text).map_err(|e| format!("invalid input: {e}"))?;
    let lines = match camt {
        Some(path) => camt_lines(&path)?,
        None => std::mem::take(&mut input.bank_lines),
    };
    let (base, iban) = input
        .creditor
        .map(|c| (c.reference_base, c.iban))
        .unwrap_or_else(|| ("RELANCE".into(), "BE68539007547034".into()));

    // Play the scenario up to as_of.
    let mut scenario = input.scenario;
    scenario.end = scenario.end.min(input.as_of);
    let mut sim = Simulation::new(&scenario).map_err(|e| e.to_string())?;
    while sim.next_day().map_err(|e| e.to_string())?.is_some() {}
    let accounts: Vec<relance::Account> = sim.store().accounts_iter().cloned().collect();

    let mut book =
        Receivables::from_accounts(&accounts, &base, &iban).map_err(|e| e.to_string())?;
    if list_references {
        for n in &book.notices {
            let out = serde_json::json!({
                "notice": n.key, "customer": n.customer, "date": n.date,
                "invoices": n.items.iter().map(|i| i.invoice.as_str()).collect::<Vec<_>>(),
                "total_claimed": n.total_claimed.to_string(),
                "rf": n.references.rf.print_form(),
                "structured": n.references.structured.map(|s| s.to_string()),
            });
            println!("{out}");
        }
        return Ok(());
    }
    book.payers = input.payers;
    let policy = input.policy.unwrap_or_default();
    let mut matcher = Matcher::new(&book, &base, &iban, policy).map_err(|e| e.to_string())?;
    let found = matcher.match_statement(&lines).map_err(|e| e.to_string())?;
    for f in &found {
        let out = serde_json::json!({
            "line": f.line,
            "status": f.status,
            "allocations": f.allocations,
            "confidence": f.confidence,
            "reason": f.reason,
            "rule": f.rule,
        });
        println!("{out}");
    }
    // Record the automatic lines, as a host would, and say what that did.
    let facts = relance::matching::facts(&lines, &found);
    let dunning = relance::Dunning::new(
        sim.book().clone(),
        scenario.policy.clone().unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    let mut store = sim.store().clone();
    let first = dunning
        .record(&mut store, &facts)
        .map_err(|e| e.to_string())?;
    let again = dunning
        .record(&mut store, &facts)
        .map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::json!({
            "recorded": first.recorded(),
            "rejected": first.rejected().len(),
            "recorded_again": again.recorded(),
            "duplicates_again": again.duplicates(),
            "payers_learned": matcher.learned(),
        })
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            println!("{}", serde_json::json!({ "error": e }));
            ExitCode::FAILURE
        }
    }
}
