//! Three months of dunning as two customers receive it, letter by letter: a French bakery
//! with three invoices and a Belgian consumer with one. Runs every morning at 09:00 UTC
//! through the front door (`Dunning::run`) on the in-memory store, with a `Delivery` that
//! renders each notice exactly as it would be sent and prints it.
//!
//! Run: `cargo run --example customer_letters` (or `-- C-FR` / `-- C-BE` for one customer).

use chrono::{DateTime, NaiveDate, Utc};
use relance::memory::MemoryStore;
use relance::notice::{Creditor, NoticeContent, Templates, render};
use relance::penalties::RateTables;
use relance::*;

/// Renders and prints every notice it is given; tasks for people are printed in one line.
struct Printer {
    creditor: Creditor,
    templates: Templates,
    only: Option<String>,
    sent: u32,
}

impl Delivery for Printer {
    fn deliver(&mut self, out: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        self.sent += 1;
        let reference = format!("msg-{}", self.sent);
        if self
            .only
            .as_ref()
            .is_some_and(|c| c != out.customer.id.as_str())
        {
            return Ok(Receipt { reference });
        }
        match out.action {
            Action::Notice(notice) => {
                let content = NoticeContent::build(
                    notice,
                    out.customer,
                    &self.creditor,
                    out.ladder,
                    out.policy,
                )
                .map_err(|e| DeliveryError::Permanent {
                    reason: e.to_string(),
                })?;
                let rendered =
                    render(&content, &self.templates).map_err(|e| DeliveryError::Permanent {
                        reason: e.to_string(),
                    })?;
                println!(
                    "======== {} — {} — {} ({}) ========",
                    notice.as_of,
                    out.customer.name,
                    notice.step_name,
                    notice.channel.as_str()
                );
                println!("{}\n", rendered.to_text());
            }
            other => println!(
                "-------- {} — {}: task for a person: {} --------\n",
                other.key(),
                out.customer.name,
                other.kind()
            ),
        }
        Ok(Receipt { reference })
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let only = std::env::args().nth(1);
    let d = |s: &str| s.parse::<NaiveDate>();
    let ladder = Ladder::new(
        "standard",
        vec![
            Step::new("first reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("second reminder", Stage::Amicable, 21, &[Channel::Email])
                .with_min_days_since_previous(10),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                35,
                &[Channel::RegisteredLetter],
            ),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]).with_approval(),
        ],
    );
    let book = LadderBook::new(vec![ladder])?;
    let policy = Policy::default().with_rates(RateTables::builtin());
    let dunning = Dunning::new(book, policy)?;

    let mut store = MemoryStore::new();
    let mut fr = Customer::new(
        "C-FR",
        "Boulangerie Martin SARL",
        CustomerKind::Business,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    fr.contacts.email = Some("compta@boulangerie-martin.example".into());
    fr.contacts.postal_address = Some(vec!["12 avenue Jean Jaurès".into(), "69007 Lyon".into()]);
    let mut be = Customer::new(
        "C-BE",
        "Jan Peeters",
        CustomerKind::Consumer,
        Country::BE,
        Language::Nl,
        Zone::EUROPE_BRUSSELS,
    );
    be.contacts.email = Some("jan@peeters.example".into());
    be.contacts.postal_address = Some(vec!["Kerkstraat 1".into(), "2000 Antwerpen".into()]);
    store.add_customer(fr);
    store.add_customer(be);
    for (id, number, customer, amount, issued, due) in [
        (
            "F1",
            "F-2025-0101",
            "C-FR",
            "1200.00",
            "2025-01-06",
            "2025-02-05",
        ),
        (
            "F2",
            "F-2025-0117",
            "C-FR",
            "450.00",
            "2025-01-20",
            "2025-02-19",
        ),
        (
            "F3",
            "F-2025-0160",
            "C-FR",
            "780.40",
            "2025-02-10",
            "2025-03-12",
        ),
        (
            "B1",
            "2025/0042",
            "C-BE",
            "89.90",
            "2025-01-15",
            "2025-02-14",
        ),
    ] {
        store.add_invoice(Invoice::single(
            id,
            number,
            customer,
            Currency::EUR,
            d(issued)?,
            amount.parse()?,
            d(due)?,
        ))?;
    }
    let mut creditor = Creditor::new(
        "Atelier Dupont SARL",
        "RCS Lyon 512 345 678",
        "FR76 3000 6000 0112 3456 7890 189",
        "DUP",
    );
    creditor.bic = Some("AGRIFRPP".into());
    creditor.city = "Lyon".into();
    creditor.address = vec!["8 quai Saint-Antoine".into(), "69002 Lyon".into()];
    creditor.email = Some("relances@atelier-dupont.example".into());
    let mut printer = Printer {
        creditor,
        templates: Templates::new(),
        only,
        sent: 0,
    };

    // What the customers do: the bakery pays F1 in part on 3 March.
    let facts = [(
        "2025-03-03",
        Fact::new(
            &"F1".into(),
            d("2025-03-03")?,
            EventKind::Payment {
                amount: "500.00".parse()?,
            },
        )?
        .with_external_id("bank-2025-03-03-17"),
    )];
    let mut day = d("2025-02-01")?;
    while day <= d("2025-04-30")? {
        for (on, fact) in &facts {
            if d(on)? == day {
                let _ = dunning.record(&mut store, std::slice::from_ref(fact))?;
            }
        }
        let now: DateTime<Utc> = format!("{day}T09:00:00Z").parse()?;
        let report = dunning.run(now, &mut store, &mut printer, RunOptions::new())?;
        for p in &report.problems {
            println!("(problem for {}: {})", p.customer, p.message);
        }
        // Approvals are granted the day they are asked.
        let granted: Vec<Fact> = store
            .accounts_iter()
            .filter_map(|a| match a.status() {
                Status::AwaitingApproval {
                    step,
                    granted: false,
                    ..
                } => Fact::new(
                    &a.invoice().id,
                    day,
                    EventKind::ApprovalGranted { step: *step },
                )
                .ok(),
                _ => None,
            })
            .collect();
        if !granted.is_empty() {
            let _ = dunning.record(&mut store, &granted)?;
        }
        day = day.succ_opt().ok_or("date out of range")?;
    }
    Ok(())
}
