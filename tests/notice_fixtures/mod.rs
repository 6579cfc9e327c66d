//! Fixtures shared by the notice tests: creditors and customers per country, a four-step
//! ladder, notices planned at each step, and the snapshot helper.
#![allow(dead_code)]

use chrono::NaiveDate;
use relance::notice::{Creditor, NoticeContent};
use relance::*;
use std::path::PathBuf;

pub fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

pub fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("test decimal")
}

/// first reminder (+7, e-mail and SMS), second reminder (+21, e-mail and phone, EUR 7.50
/// fee), formal notice (+35, registered letter and e-mail), hand-over (+60, letter).
pub fn ladder() -> Ladder {
    Ladder::new(
        "standard",
        vec![
            Step::new(
                "first reminder",
                Stage::Amicable,
                7,
                &[Channel::Email, Channel::Sms],
            ),
            Step::new(
                "second reminder",
                Stage::Amicable,
                21,
                &[Channel::Email, Channel::Phone],
            )
            .with_fee(dec("7.50")),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                35,
                &[Channel::RegisteredLetter, Channel::Email],
            ),
            Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]),
        ],
    )
}

pub fn book() -> LadderBook {
    LadderBook::new(vec![ladder()]).expect("valid ladder")
}

pub fn creditor(country: Country) -> Creditor {
    let mut c = match country.code() {
        "BE" => {
            let mut c = Creditor::new(
                "Brasserie Vandenberghe NV",
                "0403.170.701",
                "BE68539007547034",
                "BVB",
            );
            c.bic = Some("GKCCBEBB".into());
            c.city = "Gent".into();
            c.address = vec!["Korenmarkt 1".into(), "9000 Gent".into()];
            c.email = Some("debiteuren@vandenberghe.example".into());
            c.phone = Some("+32 9 123 45 67".into());
            c
        }
        "DE" => {
            let mut c = Creditor::new(
                "Müller Maschinenbau GmbH",
                "HRB 123456, Amtsgericht München",
                "DE89370400440532013000",
                "MMB",
            );
            c.bic = Some("COBADEFFXXX".into());
            c.city = "München".into();
            c.address = vec!["Leopoldstraße 10".into(), "80802 München".into()];
            c.email = Some("buchhaltung@mueller-maschinenbau.example".into());
            c.phone = Some("+49 89 1234 5678".into());
            c
        }
        "GB" => {
            let mut c = Creditor::new(
                "Widgets Trading Ltd",
                "01234567",
                "GB29NWBK60161331926819",
                "WTL",
            );
            c.bic = Some("NWBKGB2L".into());
            c.city = "Leeds".into();
            c.address = vec!["1 Park Row".into(), "Leeds LS1 5AB".into()];
            c.email = Some("credit.control@widgets.example".into());
            c.phone = Some("+44 113 496 0000".into());
            c
        }
        _ => {
            let mut c = Creditor::new(
                "Atelier Dupont SARL",
                "RCS Lyon 512 345 678",
                "FR7630006000011234567890189",
                "DUP",
            );
            c.bic = Some("AGRIFRPP".into());
            c.city = "Lyon".into();
            c.address = vec!["8 quai Saint-Antoine".into(), "69002 Lyon".into()];
            c.email = Some("relances@atelier-dupont.example".into());
            c.phone = Some("+33 4 72 00 00 00".into());
            c
        }
    };
    c.contact_name = Some(match country.code() {
        "DE" => "Anna Becker, Debitorenbuchhaltung".to_string(),
        "GB" => "Sarah Jones, Credit Control".to_string(),
        "BE" => "Pieter Claes, Debiteurenbeheer".to_string(),
        _ => "Julie Moreau, service recouvrement".to_string(),
    });
    c
}

pub fn currency(country: Country) -> Currency {
    if country == Country::GB {
        Currency::GBP
    } else {
        Currency::EUR
    }
}

pub fn customer(country: Country, language: Language, kind: CustomerKind) -> Customer {
    let (name, zone, address): (&str, &str, Vec<&str>) = match (country.code(), kind) {
        ("BE", CustomerKind::Consumer) => (
            "Jan Peeters",
            "Europe/Brussels",
            vec!["Veldstraat 25", "9000 Gent"],
        ),
        ("BE", _) => (
            "Bakkerij De Smet BV",
            "Europe/Brussels",
            vec!["Kerkstraat 3", "2000 Antwerpen"],
        ),
        ("DE", CustomerKind::Consumer) => (
            "Lukas Weber",
            "Europe/Berlin",
            vec!["Hauptstraße 5", "10115 Berlin"],
        ),
        ("DE", _) => (
            "Schmidt & Söhne KG",
            "Europe/Berlin",
            vec!["Industriestraße 12", "70565 Stuttgart"],
        ),
        ("GB", CustomerKind::Consumer) => (
            "John Smith",
            "Europe/London",
            vec!["14 Elm Grove", "York YO1 7HH"],
        ),
        ("GB", _) => (
            "Acme Retail Ltd",
            "Europe/London",
            vec!["Unit 4, Riverside Park", "Manchester M1 2AB"],
        ),
        (_, CustomerKind::Consumer) => (
            "Claire Petit",
            "Europe/Paris",
            vec!["3 rue des Lilas", "69003 Lyon"],
        ),
        _ => (
            "Boulangerie Martin SARL",
            "Europe/Paris",
            vec!["12 avenue Jean Jaurès", "69007 Lyon"],
        ),
    };
    let zone = zone.parse().expect("zone");
    let mut c = Customer::new("C-1", name, kind, country, language, zone);
    c.contacts.email = Some("compta@client.example".into());
    c.contacts.postal_address = Some(address.into_iter().map(String::from).collect());
    c.contacts.phone = Some("+00 1 23 45 67 89".into());
    c.contacts.mobile = Some("+00 6 12 34 56 78".into());
    c.contacts.portal_account = Some("client-001".into());
    c
}

pub fn invoice(id: &str, number: &str, cur: Currency, amount: &str, due: &str) -> Invoice {
    Invoice::single(id, number, "C-1", cur, d("2025-01-15"), dec(amount), d(due))
}

/// The first notice of step `step`, planned day by day under the default policy from the
/// invoices' due dates, the earlier steps executed on the way.
pub fn notice_at_step(customer: &Customer, invoices: &[Invoice], step: usize) -> Notice {
    notice_at_step_with(customer, invoices, step, &Policy::default())
}

/// [`notice_at_step`] under a given policy.
pub fn notice_at_step_with(
    customer: &Customer,
    invoices: &[Invoice],
    step: usize,
    policy: &Policy,
) -> Notice {
    notice_at_step_on(&ladder(), customer, invoices, step, policy)
}

/// [`notice_at_step_with`] on another ladder.
pub fn notice_at_step_on(
    ladder: &Ladder,
    customer: &Customer,
    invoices: &[Invoice],
    step: usize,
    policy: &Policy,
) -> Notice {
    let book = LadderBook::new(vec![ladder.clone()]).expect("valid ladder");
    let mut accounts: Vec<Account> = invoices
        .iter()
        .map(|i| Account::open(i.clone()).expect("valid invoice"))
        .collect();
    let mut day = d("2025-01-15");
    for _ in 0..400 {
        let portfolio = vec![CustomerAccounts {
            customer: customer.clone(),
            accounts: accounts.clone(),
        }];
        let p = Dunning::new(book.clone(), policy.clone())
            .expect("valid policy")
            .plan(day, &portfolio);
        let notice = p.actions.iter().find_map(|a| match a {
            Action::Notice(n) if n.step == step => Some(n.clone()),
            _ => None,
        });
        if let Some(n) = notice {
            return n;
        }
        for e in execute(&p.actions) {
            for a in accounts.iter_mut() {
                if a.invoice().id == e.invoice {
                    a.apply(&e).expect("planned event applies");
                }
            }
        }
        day = day.succ_opt().expect("date");
    }
    panic!("step {step} never planned");
}

pub fn content_for(
    customer: &Customer,
    invoices: &[Invoice],
    step: usize,
    channel: Channel,
) -> NoticeContent {
    let mut notice = notice_at_step(customer, invoices, step);
    notice.channel = channel;
    NoticeContent::build(
        &notice,
        customer,
        &creditor(customer.country),
        &ladder(),
        &Policy::default(),
    )
    .expect("content builds")
}

/// Compares `actual` with `tests/snapshots/<name>`; with `UPDATE_SNAPSHOTS=1`, writes it.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name]
        .iter()
        .collect();
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create snapshots dir");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}: run with UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "snapshot {} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\nrun with UPDATE_SNAPSHOTS=1 to accept after review",
            name,
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}
