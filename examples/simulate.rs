//! Policy dry-run: reads a JSON scenario (a file, or stdin when no file or `-` is given)
//! and prints the JSON timeline of actions and the final state of every invoice.
//!
//! ```text
//! cargo run --example simulate -- examples/data/scenario.json
//! ```
//! The format is documented in the README ("Scenario format").

use relance::scenario::{Scenario, Simulation};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut text = String::new();
    let read = match std::env::args().nth(1).filter(|a| a != "-") {
        Some(path) => std::fs::read_to_string(&path).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("cannot read the scenario: {e}");
        return ExitCode::FAILURE;
    }
    let result = serde_json::from_str::<Scenario>(&text)
        .map_err(|e| format!("invalid scenario: {e}"))
        .and_then(|s| Simulation::new(&s).map_err(|e| e.to_string()))
        .and_then(|sim| sim.run_to_end().map_err(|e| e.to_string()));
    match result.and_then(|t| serde_json::to_string_pretty(&t).map_err(|e| e.to_string())) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", serde_json::json!({ "error": e }));
            ExitCode::FAILURE
        }
    }
}
