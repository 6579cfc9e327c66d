//! ISO 20022 statements read into bank lines (the `camt` feature): a camt.053.001.02
//! statement and a camt.054.001.08 notification written per the schema as fixtures
//! (tests/fixtures/camt), each line as the file says it; malformed files are refused
//! with an error naming the element; and a statement matched end to end.
#![cfg(feature = "camt")]

use relance::matching::{MatchError, camt};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/camt/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn summary(lines: &[relance::matching::BankLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {} | {} | {} | {} | {} | {}",
                l.id,
                l.date,
                l.amount,
                l.currency.code(),
                l.text,
                l.payer_name.as_deref().unwrap_or("-"),
                l.payer_iban.as_deref().unwrap_or("-"),
                l.end_to_end_id.as_deref().unwrap_or("-"),
                l.reference.as_deref().unwrap_or("-"),
            )
        })
        .collect()
}

#[test]
fn a_camt053_v02_statement_becomes_bank_lines() {
    let lines = camt::parse_str(&fixture("statement.camt053.001.02.xml")).unwrap();
    assert_eq!(
        summary(&lines),
        [
            "2025043000001 2025-04-30 98.48 EUR |  | J. PEETERS | BE71096123456769 | - | 039815763889",
            "2025043000002 2025-04-30 400.00 EUR | Acompte facture F-1O1 | BOULANGERIE MARTIN | FR7630004000031234567890143 | MARTIN-2025-118 | -",
            "2025043000003/1 2025-04-30 100.00 EUR | INV 2025/77 and 2025/78 | ALPHA SPRL | - | E2E-A | -",
            "2025043000003/2 2025-04-30 50.00 EUR | RF15 DUPB 7 | BETA & FILS | - | E2E-B | -",
            // The pending entry is skipped; the direct debit is negative.
            "2025043000005 2025-04-30 -120.00 EUR | PRLV SEPA EDF | - | - | - | -",
        ]
    );
}

#[test]
fn a_camt054_v08_notification_becomes_bank_lines() {
    let lines = camt::parse(fixture("notification.camt054.001.08.xml").as_bytes()).unwrap();
    assert_eq!(
        summary(&lines),
        [
            "N17-0001-T 2025-04-30 60.00 EUR |  | BOULANGERIE MARTIN | FR7630004000031234567890143 | BM-20250430-9 | RF14DUP38MMA3O0EUDP6",
            "N17-0002 2025-04-30 89.90 EUR | factuur B-7 | J. PEETERS | - | - | -",
        ]
    );
}

#[test]
fn malformed_statements_name_the_element() {
    let good = fixture("statement.camt053.001.02.xml");
    let cases = [
        // An amount that is not a number.
        (
            good.replacen(">98.48</Amt>", ">98,48</Amt>", 1),
            "Document/BkToCstmrStmt/Stmt/Ntry/Amt",
        ),
        // No currency.
        (
            good.replacen("<Amt Ccy=\"EUR\">400.00</Amt>", "<Amt>400.00</Amt>", 1),
            "Document/BkToCstmrStmt/Stmt/Ntry/Amt",
        ),
        // Neither credit nor debit.
        (
            good.replacen(
                "<CdtDbtInd>DBIT</CdtDbtInd>",
                "<CdtDbtInd>DEBT</CdtDbtInd>",
                1,
            ),
            "Document/BkToCstmrStmt/Stmt/Ntry/CdtDbtInd",
        ),
        // An unknown currency.
        (
            good.replacen("Ccy=\"EUR\">400.00", "Ccy=\"EUX\">400.00", 1),
            "Document/BkToCstmrStmt/Stmt/Ntry/Amt",
        ),
        // A batch transaction without its amount.
        (
            good.replacen(
                "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">50.00</Amt></TxAmt></AmtDtls>",
                "",
                1,
            ),
            "Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/Amt",
        ),
        // A bad booking date.
        (
            good.replacen(
                "<BookgDt><Dt>2025-04-30</Dt>",
                "<BookgDt><Dt>30/04/2025</Dt>",
                1,
            ),
            "Document/BkToCstmrStmt/Stmt/Ntry/BookgDt/Dt",
        ),
        // Truncated: the file ends inside an entry.
        (
            good[..good.find("<NtryRef>3</NtryRef>").unwrap()].to_string(),
            "Document/BkToCstmrStmt/Stmt/Ntry",
        ),
        // Another message.
        (
            good.replace("BkToCstmrStmt", "CstmrCdtTrfInitn"),
            "Document/CstmrCdtTrfInitn",
        ),
    ];
    for (xml, element) in cases {
        match camt::parse_str(&xml) {
            Err(MatchError::Statement {
                element: e,
                problem,
            }) => {
                assert_eq!(e, element, "{problem}");
            }
            other => panic!("expected an error at {element}, got {other:?}"),
        }
    }
}
