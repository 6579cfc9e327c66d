//! The main job: a 120-day dunning simulation of the sample portfolio shipped in
//! `examples/data/portfolio.json` (embedded in the binary), printing each day's notices
//! and a summary.
//!
//! ```text
//! cargo run --release --example daily_run            # the embedded portfolio
//! cargo run --release --example daily_run -- FILE    # another scenario file
//! ```

#[path = "support/report_html.rs"]
mod report_html;

use relance::scenario::{Scenario, Simulation};
use relance::{Action, DunningState, Money};
use std::collections::BTreeMap;
use std::process::ExitCode;

const PORTFOLIO: &str = include_str!("data/portfolio.json");

fn main() -> ExitCode {
    let text = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => PORTFOLIO.to_string(),
    };
    let scenario: Scenario = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("invalid scenario: {e}");
            return ExitCode::FAILURE;
        }
    };
    match simulate(&scenario) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn simulate(scenario: &Scenario) -> Result<(), relance::Error> {
    let names: BTreeMap<_, _> = scenario
        .customers
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    println!(
        "relance daily run: {} customers, {} invoices, {} events, {} to {}\n",
        scenario.customers.len(),
        scenario.invoices.len(),
        scenario.events.len(),
        scenario.start,
        scenario.end
    );
    let mut sim = Simulation::new(scenario)?;
    let mut notices_by_stage: BTreeMap<String, usize> = BTreeMap::new();
    let mut notices_by_channel: BTreeMap<String, usize> = BTreeMap::new();
    let mut tasks: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut rejected = 0usize;
    let mut problems = 0usize;
    while let Some((day, out)) = sim.next_day()? {
        for r in &out.rejected {
            println!("{day}  rejected event on {}: {}", r.invoice, r.error);
            rejected += 1;
        }
        problems += out.report.problems.len();
        for action in &out.delivered {
            match action {
                Action::Notice(n) => {
                    *notices_by_stage
                        .entry(n.stage.as_str().to_string())
                        .or_default() += 1;
                    *notices_by_channel
                        .entry(n.channel.as_str().to_string())
                        .or_default() += 1;
                    let name = names.get(&n.customer).map_or("?", String::as_str);
                    let fee = if n.fees.is_zero() {
                        String::new()
                    } else {
                        format!(", fee {}", n.fees)
                    };
                    let penalties = if n.interest.is_zero() && n.fixed_compensation.is_zero() {
                        String::new()
                    } else {
                        format!(
                            ", interest {} + compensation {} = {} claimable",
                            n.interest, n.fixed_compensation, n.total_claimable
                        )
                    };
                    let deadline = n
                        .deadline
                        .map(|d| format!(", pay by {d}"))
                        .unwrap_or_default();
                    println!(
                        "{day}  {:<8} {:<28} {:<17} {:<26} {} invoice(s), {}{fee}{penalties}{deadline}",
                        n.customer.as_str(),
                        name,
                        n.channel.as_str(),
                        n.step_name,
                        n.lines.len(),
                        n.amount_due,
                    );
                    for l in &n.lines {
                        println!(
                            "            - {} due {}, {} days overdue, {} {} outstanding",
                            l.number,
                            l.due_date,
                            l.days_overdue,
                            l.amount_due,
                            n.amount_due.currency
                        );
                    }
                }
                other => {
                    *tasks.entry(other.kind()).or_default() += 1;
                    println!(
                        "{day}  {:<8} task: {} ({} invoice(s))",
                        other.customer().as_str(),
                        other.kind().replace('_', " "),
                        other.invoices().len()
                    );
                }
            }
        }
    }

    let end = scenario.end;
    let mut states: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut outstanding: BTreeMap<String, Money> = BTreeMap::new();
    let mut recovered: BTreeMap<String, Money> = BTreeMap::new();
    let mut invoiced: BTreeMap<String, Money> = BTreeMap::new();
    let add = |m: &mut BTreeMap<String, Money>, x: Money| -> Result<(), relance::Error> {
        let code = x.currency.code().to_string();
        let sum = match m.get(&code) {
            Some(s) => s.checked_add(x)?,
            None => x,
        };
        m.insert(code, sum);
        Ok(())
    };
    for a in sim.store().accounts_iter() {
        let state = a.state(end);
        *states.entry(state.name()).or_default() += 1;
        add(&mut invoiced, a.invoiced())?;
        add(&mut recovered, a.paid())?;
        if !matches!(state, DunningState::WrittenOff { .. }) {
            add(&mut outstanding, a.outstanding())?;
        }
    }
    println!("\n== Summary on {end}");
    println!("notices sent by stage:   {notices_by_stage:?}");
    println!("notices sent by channel: {notices_by_channel:?}");
    println!("tasks for people:        {tasks:?}");
    println!("invoices by state:       {states:?}");
    for (code, m) in &invoiced {
        println!(
            "{code}: invoiced {m}, recovered {}, outstanding {}",
            recovered.get(code).map_or("0".into(), ToString::to_string),
            outstanding
                .get(code)
                .map_or("0".into(), ToString::to_string)
        );
    }
    println!("rejected events: {rejected}; planning problems reported: {problems}");
    // The analytics page of the run (examples/support/report_html.rs).
    let page = std::env::temp_dir().join("relance-daily-run.html");
    match report_html::write(&page, &sim, scenario.start, end) {
        Ok(()) => println!("analytics page: {}", page.display()),
        Err(e) => eprintln!("analytics page not written: {e}"),
    }
    Ok(())
}
