//! Every step's notice for one sample invoice, in French, English, German and Dutch, on
//! every channel.
//!
//! Run: `cargo run --example notices` (or `-- fr` for one language, `-- en email` for one
//! language and channel).

use chrono::NaiveDate;
use relance::notice::{Creditor, NoticeContent, Templates, render};
use relance::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let d = |s: &str| s.parse::<NaiveDate>();
    let ladder = Ladder::new(
        "standard",
        vec![
            Step::new("first reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new(
                "second reminder",
                Stage::Amicable,
                21,
                &[Channel::Email, Channel::Phone],
            ),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                35,
                &[Channel::RegisteredLetter, Channel::Email],
            ),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]),
        ],
    );
    let book = LadderBook::new(vec![ladder.clone()])?;
    let mut customer = Customer::new(
        "C-1042",
        "Boulangerie Martin SARL",
        CustomerKind::Business,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    customer.contacts.email = Some("compta@boulangerie-martin.example".into());
    customer.contacts.postal_address =
        Some(vec!["12 avenue Jean Jaurès".into(), "69007 Lyon".into()]);
    customer.contacts.phone = Some("+33 4 78 00 00 00".into());
    customer.contacts.mobile = Some("+33 6 12 34 56 78".into());
    customer.contacts.portal_account = Some("martin".into());
    let invoice = Invoice::single(
        "INV-42",
        "F-2025-0042",
        "C-1042",
        Currency::EUR,
        d("2025-01-15")?,
        "1234.56".parse()?,
        d("2025-02-14")?,
    );
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
    creditor.phone = Some("+33 4 72 00 00 00".into());

    // Plan day by day with the default policy, executing each step, to get the notice of
    // every step as the engine would issue it.
    let policy = Policy::default();
    let dunning = Dunning::new(book.clone(), policy.clone())?;
    let mut account = Account::open(invoice)?;
    let mut notices: Vec<Notice> = Vec::new();
    let mut day = d("2025-02-14")?;
    while notices.len() < ladder.steps.len() && day < d("2025-12-31")? {
        let portfolio = vec![CustomerAccounts {
            customer: customer.clone(),
            accounts: vec![account.clone()],
        }];
        let p = dunning.plan(day, &portfolio);
        if let Some(Action::Notice(n)) = p.actions.iter().find(|a| a.kind() == "notice") {
            notices.push(n.clone());
        }
        for e in execute(&p.actions) {
            account.apply(&e)?;
        }
        day = day.succ_opt().ok_or("date out of range")?;
    }

    let templates = Templates::new();
    let languages = [Language::Fr, Language::En, Language::De, Language::Nl];
    let channels = [
        Channel::Email,
        Channel::Letter,
        Channel::RegisteredLetter,
        Channel::Sms,
        Channel::Phone,
        Channel::Portal,
    ];
    for notice in &notices {
        for lang in languages {
            if args.first().is_some_and(|a| a != lang.code()) {
                continue;
            }
            let mut c = customer.clone();
            c.language = lang;
            for channel in channels {
                if args.get(1).is_some_and(|a| a != channel.as_str()) {
                    continue;
                }
                let mut n = notice.clone();
                n.channel = channel;
                let content = NoticeContent::build(&n, &c, &creditor, &ladder, &policy)?;
                let rendered = render(&content, &templates)?;
                println!(
                    "#################### step {} \"{}\" ({}), {}, {} ####################",
                    notice.step,
                    notice.step_name,
                    notice.as_of,
                    lang.code(),
                    channel.as_str()
                );
                println!("{}\n", rendered.to_text());
            }
        }
    }
    Ok(())
}
