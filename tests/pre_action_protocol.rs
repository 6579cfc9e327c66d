//! Proves issue 10, Build item 3 (the English Pre-Action Protocol for Debt Claims, 2017):
//! it covers individuals and sole traders (para 1.1), not other businesses, who keep the
//! Practice Direction's 14-day letter before action and the Late Payment Act mention; the
//! Letter of Claim gives 30 days and names its enclosures (para 3, Annex 1); and the Reply
//! Form's boxes move the first day a claim may be handed over as the Protocol says.

mod common;

use common::*;
use relance::legal_periods::DebtClaimsProtocol;
use relance::notice::{Creditor, NoticeContent};
use relance::*;

fn gb_customer(kind: CustomerKind, sole_trader: bool) -> Customer {
    let mut c = Customer::new(
        "C1",
        "J. Smith",
        kind,
        Country::GB,
        Language::En,
        Zone::EUROPE_LONDON,
    );
    c.sole_trader = sole_trader;
    c.contacts.postal_address = Some(vec!["1 High Street".into(), "London".into()]);
    c
}

fn ladder() -> Ladder {
    Ladder::new(
        "gb",
        vec![
            Step::new(
                "letter of claim",
                Stage::FormalNotice,
                14,
                &[Channel::Letter],
            ),
            Step::new("hand-over", Stage::Judicial, 45, &[Channel::Letter]),
        ],
    )
}

/// The letter planned on 14 February 2025 (a Friday) for GBP 1,200.00 due 31 January.
fn letter(customer: &Customer) -> NoticeContent {
    let book = LadderBook::new(vec![ladder()]).unwrap();
    let inv = Invoice::single(
        "I1",
        "A-1",
        "C1",
        Currency::GBP,
        d("2025-01-01"),
        dec("1200.00"),
        d("2025-01-31"),
    );
    let portfolio = [CustomerAccounts {
        customer: customer.clone(),
        accounts: vec![Account::open(inv).unwrap()],
    }];
    let policy = Policy::default();
    let plan = Dunning::new(book, policy.clone())
        .unwrap()
        .plan(d("2025-02-14"), &portfolio);
    let n = notices(&plan.actions)[0];
    let creditor = Creditor::new("Widgets plc", "01234567", "GB29NWBK60161331926819", "WID");
    NoticeContent::build(n, customer, &creditor, &ladder(), &policy).unwrap()
}

#[test]
fn a_sole_trader_gets_the_protocol_letter_of_claim_30_days_and_its_enclosures_para_1_1_and_3() {
    for customer in [
        gb_customer(CustomerKind::Business, true),
        gb_customer(CustomerKind::Consumer, false),
    ] {
        let c = letter(&customer);
        // 30 days from the date of the letter: Sunday 16 March, a business day later.
        assert_eq!(c.deadline.map(|d| d.date), Some(d("2025-03-17")));
        let m = c
            .legal
            .iter()
            .find(|m| m.id == "gb.letter_before_action")
            .unwrap();
        assert!(
            m.source.contains("Pre-Action Protocol for Debt Claims"),
            "{}",
            m.source
        );
        for enclosure in DebtClaimsProtocol::ENCLOSURES {
            assert!(
                m.text.contains(enclosure),
                "{enclosure} missing: {}",
                m.text
            );
        }
    }
}

#[test]
fn a_company_keeps_the_late_payment_act_letter_before_action_14_days() {
    let c = letter(&gb_customer(CustomerKind::Business, false));
    // Practice Direction Pre-Action Conduct para 6: 14 days, to Friday 28 February.
    assert_eq!(c.deadline.map(|d| d.date), Some(d("2025-02-28")));
    let ids: Vec<&str> = c.legal.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["gb.statutory_interest", "gb.letter_before_action"]);
    let m = &c.legal[1];
    assert!(m.source.starts_with("Practice Direction"), "{}", m.source);
    assert!(!m.text.contains("Reply Form"));
}

/// The account after the letter of claim went out on 14 February with its deadline of
/// 16 March: the hand-over is due on 17 March.
fn after_letter() -> Account {
    let mut acc = account("I1", "1200.00", "2025-01-31");
    acc.apply(&ev(
        "I1",
        "2025-02-14",
        EventKind::StepReached {
            step: 0,
            name: "letter of claim".into(),
            stage: Stage::FormalNotice,
            due_on: d("2025-02-14"),
            fee: None,
            deadline: Some(d("2025-03-16")),
        },
    ))
    .unwrap();
    assert_eq!(acc.next_wakeup(&ladder()), Some(d("2025-03-17")));
    acc
}

fn reply(on: &str, boxes: &[&str]) -> Event {
    let ticked = |b: &str| boxes.contains(&b);
    ev(
        "I1",
        on,
        EventKind::ReplyFormReceived {
            pays_in_full: ticked("pays_in_full"),
            time_to_pay: ticked("time_to_pay"),
            disputes: ticked("disputes"),
            seeking_advice: ticked("seeking_advice"),
            documents_requested: ticked("documents_requested"),
        },
    )
}

#[test]
fn seeking_advice_no_claim_less_than_30_days_after_the_reply_form_is_received() {
    let mut acc = after_letter();
    acc.apply(&reply("2025-03-01", &["seeking_advice"]))
        .unwrap();
    // 30 days from receipt end on 31 March: the hand-over waits until 1 April.
    assert_eq!(acc.next_wakeup(&ladder()), Some(d("2025-04-01")));
    // A reply early in the 30 days does not shorten the letter's own deadline.
    let mut early = after_letter();
    early
        .apply(&reply("2025-02-14", &["seeking_advice"]))
        .unwrap();
    assert_eq!(early.next_wakeup(&ladder()), Some(d("2025-03-17")));
}

#[test]
fn documents_requested_no_claim_until_30_days_after_they_are_provided() {
    let mut acc = after_letter();
    acc.apply(&reply("2025-03-10", &["documents_requested"]))
        .unwrap();
    assert_eq!(acc.next_wakeup(&ladder()), None, "waits for the documents");
    acc.apply(&ev("I1", "2025-04-20", EventKind::DocumentsProvided))
        .unwrap();
    assert_eq!(acc.next_wakeup(&ladder()), Some(d("2025-05-21")));
    // Documents nobody asked for are refused.
    assert!(
        acc.apply(&ev("I1", "2025-04-21", EventKind::DocumentsProvided))
            .is_err()
    );
}

#[test]
fn a_disputed_reply_opens_a_dispute_and_paying_in_full_moves_nothing() {
    let mut acc = after_letter();
    acc.apply(&reply("2025-03-01", &["disputes"])).unwrap();
    let Status::OnHold { hold } = acc.status() else {
        panic!("{:?}", acc.status())
    };
    assert!(matches!(hold.kind, HoldKind::Dispute { .. }));
    let mut acc = after_letter();
    acc.apply(&reply("2025-03-01", &["pays_in_full"])).unwrap();
    assert_eq!(acc.next_wakeup(&ladder()), Some(d("2025-03-17")));
    // Asking for time to pay: 30 days to consider the offer (the engine's choice).
    let mut acc = after_letter();
    acc.apply(&reply("2025-03-05", &["time_to_pay"])).unwrap();
    assert_eq!(acc.next_wakeup(&ladder()), Some(d("2025-04-05")));
}

#[test]
fn reply_forms_and_documents_are_read_from_scenario_json() {
    let e: Event = serde_json::from_str(
        r#"{"invoice": "I1", "date": "2025-03-01", "type": "reply_form_received",
            "seeking_advice": true}"#,
    )
    .unwrap();
    assert_eq!(e.kind, reply("2025-03-01", &["seeking_advice"]).kind);
    let s: relance::scenario::ScenarioEvent = serde_json::from_str(
        r#"{"invoice": "I1", "date": "2025-03-01", "type": "documents_provided"}"#,
    )
    .unwrap();
    assert_eq!(
        s.kind,
        relance::scenario::ScenarioEventKind::DocumentsProvided
    );
}
