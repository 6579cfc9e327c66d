//! Payment-behaviour scores, exposure and predicted payment dates of a portfolio on a date.
//!
//! ```text
//! cargo run --release --example score < examples/data/score.json
//! ```
//!
//! Reads the scenario format (customers, with an optional `credit_limit`; invoices; dated
//! `events`; optional `credit_events` such as orders) plus `"as_of"`, and optionally
//! `"fx_rates"` and `"score_consumers"`; other scenario fields (ladders, start, end...)
//! are ignored. A fact dated after `as_of` is an error. Prints
//! `{"as_of", "customers": [{"id", "score", "risk_class", "reasons", "exposure", "limit",
//! "available", "currency"}], "predictions": [{"invoice", "expected_payment_date",
//! "p_paid_by_due", "p_paid_by_due_plus_30"}]}` with a prediction for every invoice open
//! on `as_of`. Consumers are not scored unless `"score_consumers": true` (their `score`
//! is `null`), and their invoices are predicted from the portfolio's curve only. The
//! format is documented in the README ("Scores and predicted payment dates").

use chrono::NaiveDate;
use relance::credit::{
    CreditFile, CustomerHistory, FxRate, ModelSettings, PaymentModel, PaymentRecord, ScoreSettings,
    exposure, limit_of, score,
};
use relance::scenario::{ScenarioCreditEvent, ScenarioCustomer, ScenarioEvent, ScenarioInvoice};
use relance::{Account, Currency, CustomerKind, Money, Rounding};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Read;
use std::process::ExitCode;

#[derive(Deserialize)]
struct Input {
    as_of: NaiveDate,
    customers: Vec<ScenarioCustomer>,
    invoices: Vec<ScenarioInvoice>,
    #[serde(default)]
    events: Vec<ScenarioEvent>,
    #[serde(default)]
    credit_events: Vec<ScenarioCreditEvent>,
    #[serde(default)]
    fx_rates: Vec<FxRate>,
    #[serde(default)]
    score_consumers: bool,
}

fn amount(a: rust_decimal::Decimal, c: Currency) -> String {
    let m = Money::new(a, c).round(Rounding::HalfUp);
    let mut x = m.amount;
    x.rescale(c.minor_unit());
    x.to_string()
}

fn report(input: &Input) -> Result<Value, String> {
    let as_of = input.as_of;
    if let Some(e) = input.events.iter().find(|e| e.date > as_of) {
        return Err(format!(
            "event on invoice {} dated {} is after as_of {as_of}",
            e.invoice, e.date
        ));
    }
    if let Some(e) = input.credit_events.iter().find(|e| e.event.on > as_of) {
        return Err(format!(
            "credit event of customer {} dated {} is after as_of {as_of}",
            e.customer, e.event.on
        ));
    }
    let mut accounts: BTreeMap<String, Account> = BTreeMap::new();
    for i in &input.invoices {
        let invoice = i.to_invoice().map_err(|e| e.to_string())?;
        let acc = Account::open(invoice).map_err(|e| e.to_string())?;
        if accounts.insert(i.id.to_string(), acc).is_some() {
            return Err(format!("invoice {} given twice", i.id));
        }
    }
    let mut events: Vec<&ScenarioEvent> = input.events.iter().collect();
    events.sort_by_key(|e| e.date); // stable: same-day events in the order given
    for e in events {
        let acc = accounts
            .get_mut(e.invoice.as_str())
            .ok_or_else(|| format!("event on unknown invoice {}", e.invoice))?;
        acc.apply(&e.to_event()).map_err(|err| err.to_string())?;
    }
    let settings = ScoreSettings {
        score_consumers: input.score_consumers,
    };
    let mut customers_out = Vec::new();
    let mut histories = Vec::new();
    let mut sorted: Vec<&ScenarioCustomer> = input.customers.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for c in sorted {
        let customer = c.to_customer();
        let own: Vec<Account> = accounts
            .values()
            .filter(|a| a.invoice().customer == customer.id)
            .cloned()
            .collect();
        let records: Vec<PaymentRecord> = own
            .iter()
            .filter_map(|a| PaymentRecord::of(a, as_of))
            .collect();
        let profiled = customer.kind != CustomerKind::Consumer || settings.score_consumers;
        let s = profiled.then(|| score(&records, as_of));
        let currency = customer
            .credit_limit
            .map(|m| m.currency)
            .or_else(|| own.first().map(|a| a.invoice().currency))
            .unwrap_or(Currency::EUR);
        let mut file = CreditFile::new(customer.id.clone(), currency);
        for e in input
            .credit_events
            .iter()
            .filter(|e| e.customer == customer.id)
        {
            file.apply(e.event.clone()).map_err(|err| err.to_string())?;
        }
        let exp = exposure(as_of, &file, &own, &input.fx_rates).map_err(|e| e.to_string())?;
        let limit =
            limit_of(&customer, &file, as_of, &input.fx_rates).map_err(|e| e.to_string())?;
        customers_out.push(json!({
            "id": customer.id,
            "score": s.as_ref().map(|s| s.score),
            "risk_class": s.as_ref().map(|s| s.risk_class),
            "reasons": match &s {
                Some(s) => s.top_reasons(3),
                None => vec!["not scored: consumer (off by default)"],
            },
            "exposure": amount(exp.total, currency),
            "limit": limit.map(|l| amount(l.total, currency)),
            "available": limit.map(|l| amount(l.total - exp.total, currency)),
            "currency": currency,
        }));
        histories.push(CustomerHistory {
            customer: customer.id.clone(),
            records,
            portfolio_only: !profiled,
        });
    }
    let known: Vec<&str> = input.customers.iter().map(|c| c.id.as_str()).collect();
    if let Some(a) = accounts
        .values()
        .find(|a| !known.contains(&a.invoice().customer.as_str()))
    {
        return Err(format!(
            "invoice {} of unknown customer {}",
            a.invoice().id,
            a.invoice().customer
        ));
    }
    let model = PaymentModel::fit(as_of, &histories, ModelSettings::default());
    let predictions: Vec<Value> = model
        .predict_all(&histories)
        .into_iter()
        .map(|p| {
            json!({
                "invoice": p.invoice,
                "expected_payment_date": p.expected_payment_date,
                "p_paid_by_due": p.p_paid_by_due,
                "p_paid_by_due_plus_30": p.p_paid_by_due_plus_30,
            })
        })
        .collect();
    Ok(json!({ "as_of": as_of, "customers": customers_out, "predictions": predictions }))
}

fn main() -> ExitCode {
    let mut text = String::new();
    let read = match std::env::args().nth(1).filter(|a| a != "-") {
        Some(path) => std::fs::read_to_string(&path).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("cannot read the portfolio: {e}");
        return ExitCode::FAILURE;
    }
    let result = serde_json::from_str::<Input>(&text)
        .map_err(|e| format!("invalid input: {e}"))
        .and_then(|i| report(&i));
    match result.and_then(|v| serde_json::to_string_pretty(&v).map_err(|e| e.to_string())) {
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
