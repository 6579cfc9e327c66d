//! Cash application: each rule with a line that must match and a near miss that must not;
//! references that come back from the engine's own records; partial and over-payments
//! through the claim ledger; importing a statement twice through `Dunning::record`
//! changes nothing; and the property that automatic allocations never exceed what was
//! owed plus the tolerance nor touch another customer's invoices without a reference.

mod common;

use common::*;
use proptest::prelude::*;
use relance::matching::{
    BankLine, EarlyPaymentDiscount, LineMatch, MatchPolicy, MatchStatus, Matcher, NoticeItem,
    OpenItem, PayerAccount, Receivables, Rule, SentNotice,
};
use relance::{Currency, FactResult, NoticeReferences};
use rust_decimal::Decimal;
use std::collections::HashMap;

const BASE: &str = "DUP";
const BE_IBAN: &str = "BE68539007547034";
const PAYER_C1: &str = "FR76 3000 6000 0112 3456 7890 189";
const STRANGER: &str = "DE89370400440532013000";

fn item(id: &str, number: &str, customer: &str, owed: &str, due: &str) -> OpenItem {
    let due = d(due);
    OpenItem::new(
        id,
        number,
        customer,
        Currency::EUR,
        due - chrono::Days::new(30),
        due,
        dec(owed),
    )
}

/// C-1 owes F-2025-001 (1,200.00), F-2025-002 (300.00 and a 10.00 fee) and F-2025-003
/// (450.50); a notice claimed the last two (760.50). C-2 owes F-2025-104 and A-77; C-3
/// owes two invoices of 99.00 and its own A-77; C-4 owes 10, 20, 30 and 40.
fn book() -> Receivables {
    let mut inv2 = item("INV-2", "F-2025-002", "C-1", "310.00", "2025-03-01");
    inv2.principal = dec("300.00");
    let items = vec![
        item("INV-1", "F-2025-001", "C-1", "1200.00", "2025-02-14"),
        inv2,
        item("INV-3", "F-2025-003", "C-1", "450.50", "2025-03-10"),
        item("INV-4", "F-2025-104", "C-2", "300.00", "2025-02-20"),
        item("INV-5", "A-77", "C-2", "80.00", "2025-02-21"),
        item("INV-6", "G-1", "C-3", "99.00", "2025-02-01"),
        item("INV-7", "G-2", "C-3", "99.00", "2025-02-02"),
        item("INV-8", "A-77", "C-3", "81.00", "2025-02-03"),
        item("INV-9", "H-1", "C-4", "10.00", "2025-01-01"),
        item("INV-10", "H-2", "C-4", "20.00", "2025-01-02"),
        item("INV-11", "H-3", "C-4", "30.00", "2025-01-03"),
        item("INV-12", "H-4", "C-4", "40.00", "2025-01-04"),
    ];
    let notice = SentNotice {
        key: "notice-email-EUR-C-1-00000000000000000000000000000001".into(),
        customer: "C-1".into(),
        date: d("2025-03-20"),
        currency: Currency::EUR,
        items: vec![
            NoticeItem {
                invoice: "INV-2".into(),
                claimed: dec("310.00"),
            },
            NoticeItem {
                invoice: "INV-3".into(),
                claimed: dec("450.50"),
            },
        ],
        total_claimed: dec("760.50"),
        references: NoticeReferences::for_invoices(
            BASE,
            BE_IBAN,
            &[("INV-2", "F-2025-002"), ("INV-3", "F-2025-003")],
        )
        .unwrap(),
    };
    Receivables {
        items,
        notices: vec![notice],
        payers: vec![
            PayerAccount {
                iban: PAYER_C1.into(),
                customer: "C-1".into(),
            },
            PayerAccount {
                iban: "FR7630006000019999999999999".into(),
                customer: "C-3".into(),
            },
            PayerAccount {
                iban: "FR7630006000014444444444444".into(),
                customer: "C-4".into(),
            },
        ],
        recorded: vec![],
    }
}

fn line(id: &str, amount: &str, text: &str, iban: Option<&str>) -> BankLine {
    let mut l = BankLine::new(id, d("2025-03-25"), dec(amount), Currency::EUR, text);
    l.payer_iban = iban.map(str::to_string);
    l
}

fn one(book: &Receivables, policy: MatchPolicy, l: &BankLine) -> LineMatch {
    Matcher::new(book, BASE, BE_IBAN, policy)
        .unwrap()
        .match_line(l)
}

fn invoices(m: &LineMatch) -> Vec<(String, String)> {
    m.allocations
        .iter()
        .map(|a| (a.invoice.to_string(), a.amount.to_string()))
        .collect()
}

fn pair(i: &str, a: &str) -> (String, String) {
    (i.to_string(), a.to_string())
}

#[test]
fn rule_1_a_printed_reference_pays_what_it_covered() {
    let b = book();
    let refs = &b.notices[0].references;
    // The notice's RF reference, in print form and lower case, from a stranger's account.
    let l = line(
        "L1",
        "760.50",
        &format!("paiement {}", refs.rf.print_form().to_lowercase()),
        Some(STRANGER),
    );
    let m = one(&b, MatchPolicy::default(), &l);
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Auto, Rule::Reference),
        "{m:?}"
    );
    assert_eq!(
        invoices(&m),
        [pair("INV-2", "310.00"), pair("INV-3", "450.50")]
    );
    // Its structured communication, as the bank delivers it apart from the text.
    let mut l = line("L2", "760.50", "", None);
    l.reference = Some(refs.structured.unwrap().digits());
    assert_eq!(one(&b, MatchPolicy::default(), &l).rule, Rule::Reference);
    // An invoice's own reference (what a notice for it alone prints).
    let own = NoticeReferences::for_invoices(BASE, BE_IBAN, &[("INV-4", "F-2025-104")]).unwrap();
    let l = line("L3", "300.00", &own.structured.unwrap().to_string(), None);
    let m = one(&b, MatchPolicy::default(), &l);
    assert_eq!(
        (m.status, invoices(&m)),
        (MatchStatus::Auto, vec![pair("INV-4", "300.00")])
    );
    // An invoice's own structured communication is ten digits of hash, which another
    // creditor's may share: it carries an exact amount, a partial one is only suggested;
    // its RF reference (the creditor's base and the number) carries a partial one too.
    let l = line("L3b", "100.00", &own.structured.unwrap().to_string(), None);
    assert_eq!(
        one(&b, MatchPolicy::default(), &l).status,
        MatchStatus::Suggested
    );
    let l = line("L3c", "100.00", &own.rf.print_form(), None);
    assert_eq!(
        one(&b, MatchPolicy::default(), &l).status,
        MatchStatus::Auto
    );
    // Near miss: the same reference with one digit changed fails its check digits, and
    // nothing else in the line matches.
    let mut chars: Vec<char> = refs.rf.as_str().chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == '1' { '2' } else { '1' };
    let typo: String = chars.into_iter().collect();
    let l = line("L4", "760.49", &typo, Some(STRANGER));
    let m = one(&b, MatchPolicy::default(), &l);
    assert_eq!(m.status, MatchStatus::Unmatched, "{m:?}");
    // Near miss: a valid RF reference that is not ours.
    let l = line("L5", "760.50", "RF18 5390 0754 7034", Some(STRANGER));
    assert_eq!(
        one(&b, MatchPolicy::default(), &l).status,
        MatchStatus::Unmatched
    );
}

#[test]
fn rule_2_an_invoice_number_despite_spacing_prefixes_and_ocr() {
    let b = book();
    for text in [
        "Fact. F 2O25 OO1",
        "INVOICE NR F-2025-00l",
        "/ROC/2025001/",
        "facture f2025-001 merci",
    ] {
        let m = one(
            &b,
            MatchPolicy::default(),
            &line("L1", "1200.00", text, None),
        );
        assert_eq!(
            (m.status, m.rule),
            (MatchStatus::Auto, Rule::InvoiceNumber),
            "{text}: {m:?}"
        );
        assert_eq!(invoices(&m), [pair("INV-1", "1200.00")]);
    }
    // Near misses: one digit more, another invoice's number, a number that is not there.
    for text in [
        "F-2025-0011",
        "F-2025-0012 ",
        "F-2025-007",
        "order 12025001",
    ] {
        let m = one(
            &b,
            MatchPolicy::default(),
            &line("L2", "1200.00", text, None),
        );
        assert_ne!(m.status, MatchStatus::Auto, "{text}: {m:?}");
    }
    // The same number at two customers, no payer to decide: a suggestion only.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L3", "80.00", "A-77", None),
    );
    assert_eq!(m.status, MatchStatus::Suggested, "{m:?}");
    assert!(m.reason.contains("ambiguous"));
    // The payer decides between them.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line(
            "L4",
            "81.00",
            "A-77",
            Some("FR76 3000 6000 0199 9999 9999 999"),
        ),
    );
    assert_eq!(
        (m.status, invoices(&m)),
        (MatchStatus::Auto, vec![pair("INV-8", "81.00")])
    );
    // Another customer's invoice paid from C-1's account: only suggested.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L5", "300.00", "F-2025-104", Some(PAYER_C1)),
    );
    assert_eq!(m.status, MatchStatus::Suggested, "{m:?}");
}

#[test]
fn rule_3_the_exact_total_a_notice_claimed() {
    let b = book();
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L1", "760.50", "SEPA TRANSFER", Some(PAYER_C1)),
    );
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Auto, Rule::NoticeTotal),
        "{m:?}"
    );
    assert_eq!(
        invoices(&m),
        [pair("INV-2", "310.00"), pair("INV-3", "450.50")]
    );
    // Near miss: a cent short, and no tolerance.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L2", "760.49", "SEPA TRANSFER", Some(PAYER_C1)),
    );
    assert_ne!(m.status, MatchStatus::Auto, "{m:?}");
    // Near miss: the right amount from an unknown account is never automatic.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L3", "760.50", "SEPA TRANSFER", Some(STRANGER)),
    );
    assert_ne!(m.status, MatchStatus::Auto, "{m:?}");
}

#[test]
fn rule_4_the_exact_outstanding_of_one_invoice() {
    let b = book();
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L1", "1200.00", "VIR", Some(PAYER_C1)),
    );
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Auto, Rule::ItemOutstanding),
        "{m:?}"
    );
    assert_eq!(invoices(&m), [pair("INV-1", "1200.00")]);
    // Near miss: two invoices of C-3 owe 99.00: equally good, never automatic.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L2", "99.00", "VIR", Some("FR7630006000019999999999999")),
    );
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Suggested, Rule::ItemOutstanding),
        "{m:?}"
    );
    // Near miss: C-2's amount paid from C-1's account does not touch C-2's invoice.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L3", "80.00", "VIR", Some(PAYER_C1)),
    );
    assert_eq!(m.status, MatchStatus::Unmatched, "{m:?}");
}

#[test]
fn rule_5_the_smallest_combination_of_a_customers_invoices() {
    let b = book();
    // 1,200.00 + 310.00: only F-2025-001 and F-2025-002 add up.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L1", "1510.00", "VIR", Some(PAYER_C1)),
    );
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Auto, Rule::Combination),
        "{m:?}"
    );
    assert_eq!(
        invoices(&m),
        [pair("INV-1", "1200.00"), pair("INV-2", "310.00")]
    );
    // Near miss: 50.00 is 10 + 40 and 20 + 30 for C-4: two combinations of two.
    let c4 = Some("FR7630006000014444444444444");
    let m = one(&b, MatchPolicy::default(), &line("L2", "50.00", "VIR", c4));
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Suggested, Rule::Combination),
        "{m:?}"
    );
    // 100.00 is all four, the only combination: automatic.
    let m = one(&b, MatchPolicy::default(), &line("L3", "100.00", "VIR", c4));
    assert_eq!(m.status, MatchStatus::Auto, "{m:?}");
    // Near miss: no combination makes 1,510.01.
    let m = one(
        &b,
        MatchPolicy::default(),
        &line("L4", "1510.01", "VIR", Some(PAYER_C1)),
    );
    assert_eq!(m.status, MatchStatus::Unmatched, "{m:?}");
    // The search is bounded: with one item considered no pair is found.
    let narrow = MatchPolicy {
        combination_items: 1,
        ..MatchPolicy::default()
    };
    assert_eq!(
        one(&b, narrow, &line("L5", "1510.00", "VIR", Some(PAYER_C1))).status,
        MatchStatus::Unmatched
    );
}

#[test]
fn tolerances_for_bank_charges_and_early_payment_discount_are_policy() {
    let b = book();
    let charges = MatchPolicy {
        bank_charges: dec("2.00"),
        ..MatchPolicy::default()
    };
    let l = line("L1", "1198.50", "VIR", Some(PAYER_C1));
    let m = one(&b, charges.clone(), &l);
    assert_eq!(
        (m.status, m.rule),
        (MatchStatus::Auto, Rule::ItemOutstanding),
        "{m:?}"
    );
    assert_eq!(m.allocations[0].shortfall, dec("1.50"));
    // The facts: the payment and a credit note settling the charges.
    let facts = m.facts(&l);
    assert_eq!(facts.len(), 2);
    assert_eq!(facts[1].external_id(), Some("L1#shortfall"));
    // Near miss: 3.00 short is beyond the charges; without them, 1.50 short is too.
    assert_eq!(
        one(&b, charges, &line("L2", "1197.00", "VIR", Some(PAYER_C1))).status,
        MatchStatus::Unmatched
    );
    assert_eq!(
        one(&b, MatchPolicy::default(), &l).status,
        MatchStatus::Unmatched
    );
    // 2 % discount within 10 days of issue (F-2025-001 was issued 2025-01-15).
    let discount = MatchPolicy {
        early_payment_discount: Some(EarlyPaymentDiscount {
            percent: dec("2"),
            within_days: 10,
        }),
        ..MatchPolicy::default()
    };
    let mut early = line("L3", "1176.00", "VIR", Some(PAYER_C1));
    early.date = d("2025-01-20");
    let m = one(&b, discount.clone(), &early);
    assert_eq!(m.status, MatchStatus::Auto, "{m:?}");
    assert!(m.reason.contains("early-payment discount"));
    // Near miss: the same payment a month later does not earn the discount.
    early.date = d("2025-02-20");
    assert_eq!(one(&b, discount, &early).status, MatchStatus::Unmatched);
}

#[test]
fn a_payer_account_learned_from_an_earlier_line() {
    let b = book();
    let unknown = "NL91ABNA0417164300";
    let first = line("L1", "300.00", "F-2025-104", Some(unknown));
    let second = line("L2", "80.00", "VIREMENT", Some(unknown));
    let mut m = Matcher::new(&b, BASE, BE_IBAN, MatchPolicy::default()).unwrap();
    assert_eq!(m.match_line(&first).status, MatchStatus::Auto);
    assert_eq!(m.learned()[0].customer.as_str(), "C-2");
    let found = m.match_line(&second);
    assert_eq!(
        (found.status, invoices(&found)),
        (MatchStatus::Auto, vec![pair("INV-5", "80.00")])
    );
    // Near miss: the second line alone, its payer not yet known, is not automatic.
    assert_ne!(
        one(&b, MatchPolicy::default(), &second).status,
        MatchStatus::Auto
    );
}

#[test]
fn an_invoice_paid_by_an_earlier_line_is_not_paid_again() {
    let b = book();
    let mut m = Matcher::new(&b, BASE, BE_IBAN, MatchPolicy::default()).unwrap();
    assert_eq!(
        m.match_line(&line("L1", "1200.00", "F-2025-001", None))
            .status,
        MatchStatus::Auto
    );
    let again = m.match_line(&line("L2", "1200.00", "VIR", Some(PAYER_C1)));
    assert_ne!(again.status, MatchStatus::Auto, "{again:?}");
}

// --- Through the engine: references from its records, the ledger, idempotent imports ---

fn creditor() -> relance::notice::Creditor {
    relance::notice::Creditor::new("Dupont SA", "BE 0123.456.789", BE_IBAN, BASE)
}

/// C1 owes two invoices due 31 January; the standard ladder's first reminder (one grouped
/// e-mail) went out on 7 February.
fn world_after_grouped_reminder() -> World {
    let mut w = World::standard()
        .with("INV-1", "C1", "100.00", "2025-01-31")
        .with("INV-2", "C1", "250.00", "2025-01-31");
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.delivered.len(), 1, "{r:?}");
    w
}

fn accounts(w: &World) -> Vec<relance::Account> {
    w.store.accounts_iter().cloned().collect()
}

#[test]
fn references_printed_on_a_grouped_notice_come_back_from_the_records() {
    let w = world_after_grouped_reminder();
    let notice = w.sent_notices()[0].clone();
    let customer = customer("C1");
    let content = relance::notice::NoticeContent::build(
        &notice,
        &customer,
        &creditor(),
        &standard_ladder(),
        &relance::Policy::default(),
    )
    .unwrap();
    let accs = accounts(&w);
    let refs = relance::matching::References::from_accounts(&accs, BASE, BE_IBAN).unwrap();
    for printed in [
        content.payment.rf_reference.print_form(),
        content
            .payment
            .structured_communication
            .unwrap()
            .to_string(),
        content.payment.preferred_reference(),
    ] {
        let found = refs.resolve(&printed);
        assert_eq!(found.len(), 1, "{printed}");
        assert_eq!(found[0].notice.as_deref(), Some(notice.key.as_str()));
        let ids: Vec<&str> = found[0].invoices.iter().map(|i| i.as_str()).collect();
        assert_eq!(ids, ["INV-1", "INV-2"]);
    }
    // The notice rebuilt from the histories claims what the letter printed.
    let r = Receivables::from_accounts(&accs, BASE, BE_IBAN).unwrap();
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].total_claimed, content.total.amount);
    assert_eq!(r.notices[0].references.rf, content.payment.rf_reference);
    // And from the delivered notice itself.
    let sent = SentNotice::from_notice(&notice, BASE, BE_IBAN).unwrap();
    assert_eq!(sent.references, r.notices[0].references);
}

#[test]
fn importing_a_statement_twice_changes_nothing() {
    let mut w = world_after_grouped_reminder();
    let accs = accounts(&w);
    let r = Receivables::from_accounts(&accs, BASE, BE_IBAN).unwrap();
    let sc = r.notices[0].references.structured.unwrap();
    let lines = vec![
        line(
            "B-1",
            "350.00",
            &format!("+++{}+++", &sc.to_string()[3..17]),
            None,
        ),
        line("B-2", "12.00", "salary", None),
    ];
    let mut m = Matcher::new(&r, BASE, BE_IBAN, MatchPolicy::default()).unwrap();
    let first = m.match_statement(&lines).unwrap();
    assert_eq!(first[0].status, MatchStatus::Auto, "{:?}", first[0]);
    let facts = relance::matching::facts(&lines, &first);
    assert_eq!(facts.len(), 2);
    let report = w.dunning.record(&mut w.store, &facts).unwrap();
    assert_eq!(report.recorded(), 2);
    assert!(
        w.account("INV-1").claim().total.is_zero() && w.account("INV-2").claim().total.is_zero()
    );
    let before = accounts(&w);

    // The same facts again: duplicates.
    let report = w.dunning.record(&mut w.store, &facts).unwrap();
    assert_eq!(report.duplicates(), 2);
    // The same statement matched again against the accounts as they are now: the line is
    // known as recorded, its facts are the same, and recording them changes nothing.
    let r2 = Receivables::from_accounts(&accounts(&w), BASE, BE_IBAN).unwrap();
    let mut m2 = Matcher::new(&r2, BASE, BE_IBAN, MatchPolicy::default()).unwrap();
    let second = m2.match_statement(&lines).unwrap();
    assert_eq!(second[0].rule, Rule::AlreadyRecorded);
    assert_eq!(second[0].allocations, first[0].allocations);
    let facts2 = relance::matching::facts(&lines, &second);
    assert_eq!(facts2, facts);
    let report = w.dunning.record(&mut w.store, &facts2).unwrap();
    assert!(
        report
            .facts
            .iter()
            .all(|f| f.result == FactResult::Duplicate),
        "{report:?}"
    );
    assert_eq!(accounts(&w), before);
}

#[test]
fn partial_and_over_payments_go_through_the_claim_ledger() {
    let mut w = World::standard()
        .with("INV-1", "C1", "100.00", "2025-01-31")
        .with("INV-2", "C1", "250.00", "2025-01-31");
    let rf1 = NoticeReferences::for_invoices(BASE, BE_IBAN, &[("INV-1", "N-INV-1")])
        .unwrap()
        .rf;
    let rf2 = NoticeReferences::for_invoices(BASE, BE_IBAN, &[("INV-2", "N-INV-2")])
        .unwrap()
        .rf;
    let policy = MatchPolicy {
        overpayment_tolerance: dec("1.00"),
        ..MatchPolicy::default()
    };
    let lines = vec![
        line("P-1", "40.00", &rf1.print_form(), None), // partial
        line("P-2", "250.60", &rf2.print_form(), None), // over by 0.60, within tolerance
        line("P-3", "200.00", &rf1.print_form(), None), // over beyond tolerance: suggested
    ];
    let r = Receivables::from_accounts(&accounts(&w), BASE, BE_IBAN).unwrap();
    let mut m = Matcher::new(&r, BASE, BE_IBAN, policy).unwrap();
    let found = m.match_statement(&lines).unwrap();
    assert_eq!(
        found.iter().map(|f| f.status).collect::<Vec<_>>(),
        [MatchStatus::Auto, MatchStatus::Auto, MatchStatus::Suggested],
        "{found:?}"
    );
    let report = w
        .dunning
        .record(&mut w.store, &relance::matching::facts(&lines, &found))
        .unwrap();
    assert_eq!(report.recorded(), 2, "{report:?}");
    assert_eq!(w.account("INV-1").claim().total.amount, dec("60.00"));
    assert!(w.account("INV-2").claim().total.is_zero());
    assert_eq!(w.account("INV-2").credit_balance().amount, dec("0.60"));
}

// --- The property ---

/// Items (customer 0..4, cents); lines (kind, item, cents, payer 0..5 with 4 a stranger);
/// bank charges and overpayment tolerance in cents.
type Case = (Vec<(u8, u32)>, Vec<(u8, u8, u32, u8)>, u32, u32);

fn arb_case() -> impl Strategy<Value = Case> {
    (
        // Items: (customer 0..4, cents).
        prop::collection::vec((0u8..4, 100u32..5_000), 1..14),
        // Lines: (kind, item index, cents, payer 0..5 (4 = stranger)).
        prop::collection::vec((0u8..5, 0u8..14, 50u32..10_000, 0u8..5), 1..12),
        0u32..300, // bank charges, cents
        0u32..200, // overpayment tolerance, cents
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    /// Automatic allocations never exceed what the invoices still owed plus the
    /// overpayment tolerance, and, unless a reference matched, go to one customer: the
    /// payer account's when it is known.
    #[test]
    fn automatic_allocations_stay_within_what_was_owed_and_the_payers_invoices(
        (items, lines, charges, over) in arb_case()
    ) {
        let book = Receivables {
            items: items.iter().enumerate().map(|(i, (c, cents))| {
                let mut it = item(&format!("I-{i}"), &format!("N{i:05}"), &format!("C-{c}"), "1", "2025-02-01");
                it.owed = Decimal::new(i64::from(*cents), 2);
                it.principal = it.owed;
                it
            }).collect(),
            payers: (0..4).map(|c| PayerAccount { iban: format!("FR00PAYER{c}"), customer: format!("C-{c}").as_str().into() }).collect(),
            ..Receivables::default()
        };
        let policy = MatchPolicy {
            bank_charges: Decimal::new(i64::from(charges), 2),
            overpayment_tolerance: Decimal::new(i64::from(over), 2),
            ..MatchPolicy::default()
        };
        let owner: HashMap<String, String> = book.items.iter().map(|i| (i.invoice.to_string(), i.customer.to_string())).collect();
        let mut left: HashMap<String, Decimal> = book.items.iter().map(|i| (i.invoice.to_string(), i.owed)).collect();
        let mut m = Matcher::new(&book, BASE, BE_IBAN, policy.clone()).unwrap();
        for (n, (kind, target, cents, payer)) in lines.iter().enumerate() {
            let t = book.items.get(usize::from(*target) % book.items.len()).unwrap();
            let amount = match kind { 0 | 1 => t.owed, _ => Decimal::new(i64::from(*cents), 2) };
            let text = match kind {
                0 => NoticeReferences::for_invoices(BASE, BE_IBAN, &[(t.invoice.as_str(), t.number.as_str())]).unwrap().rf.print_form(),
                1 | 2 => format!("inv {}", t.number),
                _ => "VIR".to_string(),
            };
            let iban = if *payer == 4 { "XX00STRANGER".to_string() } else { format!("FR00PAYER{payer}") };
            let l = line(&format!("L{n}"), &amount.to_string(), &text, Some(&iban));
            let f = m.match_line(&l);
            if f.status != MatchStatus::Auto {
                continue;
            }
            let owed: Decimal = f.allocations.iter().map(|a| left[a.invoice.as_str()]).sum();
            let paid: Decimal = f.allocations.iter().map(|a| a.amount).sum();
            prop_assert!(paid <= owed + policy.overpayment_tolerance, "{f:?} owed {owed}");
            for a in &f.allocations {
                prop_assert!(a.amount + a.shortfall <= left[a.invoice.as_str()] + policy.overpayment_tolerance, "{f:?}");
            }
            if f.rule != Rule::Reference {
                let cs: std::collections::BTreeSet<&str> = f.allocations.iter().map(|a| owner[a.invoice.as_str()].as_str()).collect();
                prop_assert_eq!(cs.len(), 1, "{:?}", f);
                if *payer < 4 && f.rule != Rule::InvoiceNumber {
                    prop_assert!(cs.contains(format!("C-{payer}").as_str()), "{:?}", f);
                }
                if *payer < 4 && f.rule == Rule::InvoiceNumber {
                    prop_assert!(cs.contains(format!("C-{payer}").as_str()), "number matched another customer's invoice: {:?}", f);
                }
            }
            for a in &f.allocations {
                let e = left.get_mut(a.invoice.as_str()).unwrap();
                *e = (*e - a.amount - a.shortfall).max(Decimal::ZERO);
            }
        }
    }
}
