//! ISO 20022 bank statements read into [`BankLine`]s: camt.053 (end-of-day statement,
//! `BkToCstmrStmt`) and camt.054 (debit/credit notification, `BkToCstmrDbtCdtNtfctn`), in
//! the `.001.02` layout and the `.001.08` one (where a party's name sits under `Pty` and
//! an entry's status under `Sts/Cd`). Behind the `camt` feature; sans-IO: the host reads
//! the file, this parses the bytes.
//!
//! One line per transaction (`NtryDtls/TxDtls`), or per entry when it has no details. The
//! line's id is the transaction's `AcctSvcrRef`, else the entry's `AcctSvcrRef` or
//! `NtryRef` (followed by `/n` for the n-th transaction of a batch), else the statement's
//! `Id` and the entry's position. Credits are positive, debits negative. The text is the
//! unstructured remittance (`RmtInf/Ustrd`, joined) or else the entry's `AddtlNtryInf`;
//! the structured creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`) is kept apart as
//! [`BankLine::reference`]. Entries that are not booked (`Sts` other than `BOOK`) are
//! skipped.
//!
//! # Example
//! ```
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
//!   <GrpHdr><MsgId>N1</MsgId><CreDtTm>2025-03-03T08:00:00</CreDtTm></GrpHdr>
//!   <Ntfctn><Id>N1-1</Id><CreDtTm>2025-03-03T08:00:00</CreDtTm>
//!     <Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>
//!     <Ntry><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
//!       <BookgDt><Dt>2025-03-03</Dt></BookgDt><ValDt><Dt>2025-03-03</Dt></ValDt>
//!       <AcctSvcrRef>B-77</AcctSvcrRef><BkTxCd/>
//!       <NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs>
//!         <RltdPties><Dbtr><Nm>Acme</Nm></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct></RltdPties>
//!         <RmtInf><Ustrd>Invoice F-2025-001</Ustrd></RmtInf></TxDtls></NtryDtls>
//!     </Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"#;
//! let lines = relance::matching::camt::parse(xml.as_bytes())?;
//! assert_eq!(lines[0].id, "B-77");
//! assert_eq!(lines[0].amount.to_string(), "250.00");
//! assert_eq!(lines[0].text, "Invoice F-2025-001");
//! assert_eq!(lines[0].payer_name.as_deref(), Some("Acme"));
//! # Ok::<(), relance::matching::MatchError>(())
//! ```

use super::{BankLine, MAX_LINES, MatchError};
use crate::money::Currency;
use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;

/// Longest text kept from one element.
const MAX_FIELD: usize = 1024;
/// Deepest element nesting read.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Tx {
    amount: Option<(Decimal, String)>,
    credit: Option<bool>,
    end_to_end: Option<String>,
    servicer_ref: Option<String>,
    name: Option<String>,
    iban: Option<String>,
    text: String,
    reference: Option<String>,
}

#[derive(Default)]
struct Entry {
    amount: Option<(Decimal, String)>,
    credit: Option<bool>,
    booked: bool,
    status_seen: bool,
    booking: Option<NaiveDate>,
    value: Option<NaiveDate>,
    servicer_ref: Option<String>,
    entry_ref: Option<String>,
    info: String,
    txs: Vec<Tx>,
}

fn err(path: &[String], problem: impl Into<String>) -> MatchError {
    MatchError::Statement {
        element: if path.is_empty() {
            "Document".to_string()
        } else {
            path.join("/")
        },
        problem: problem.into(),
    }
}

fn ends(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len()
        && path
            .iter()
            .rev()
            .zip(tail.iter().rev())
            .all(|(a, b)| a == b)
}

fn push_text(into: &mut String, text: &str) {
    if !into.is_empty() && into.len() < MAX_FIELD {
        into.push(' ');
    }
    for c in text.chars() {
        if into.len() + c.len_utf8() > MAX_FIELD {
            break;
        }
        into.push(c);
    }
}

fn bounded(text: &str) -> String {
    let mut s = String::new();
    push_text(&mut s, text);
    s
}

fn date(path: &[String], text: &str) -> Result<NaiveDate, MatchError> {
    text.get(..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| err(path, format!("{text:?} is not a date (YYYY-MM-DD)")))
}

fn amount(
    path: &[String],
    text: &str,
    ccy: Option<String>,
) -> Result<(Decimal, String), MatchError> {
    let value: Decimal = text
        .parse()
        .map_err(|_| err(path, format!("{text:?} is not an amount")))?;
    if value.is_sign_negative() {
        return Err(err(
            path,
            format!("{text:?}: amounts are unsigned, CdtDbtInd gives the sign"),
        ));
    }
    let ccy = ccy.ok_or_else(|| err(path, "the Ccy attribute is missing"))?;
    Ok((value, ccy))
}

fn currency_attr(path: &[String], e: &BytesStart<'_>) -> Result<Option<String>, MatchError> {
    for a in e.attributes() {
        let a = a.map_err(|x| err(path, format!("bad attribute: {x}")))?;
        if a.key.local_name().as_ref() == b"Ccy" {
            let v = a
                .unescape_value()
                .map_err(|x| err(path, format!("bad Ccy attribute: {x}")))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Reads a camt.053 or camt.054 file into bank lines, in the file's order.
///
/// # Errors
/// [`MatchError::Statement`] naming the element (its path from the root) for XML that is
/// not well formed, a document that is neither camt.053 nor camt.054, an entry without
/// an amount, currency or credit/debit indicator, an amount, date or currency that does
/// not read; [`MatchError::TooMany`] beyond [`MAX_LINES`] lines.
///
/// # Example
/// ```
/// use relance::matching::{MatchError, camt};
/// let e = camt::parse(b"<Document><BkToCstmrStmt><Stmt><Ntry><Amt>1.00</Amt></Ntry></Stmt></BkToCstmrStmt></Document>").unwrap_err();
/// assert!(matches!(e, MatchError::Statement { ref element, .. } if element == "Document/BkToCstmrStmt/Stmt/Ntry/Amt"));
/// ```
pub fn parse(xml: &[u8]) -> Result<Vec<BankLine>, MatchError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<BankLine> = Vec::new();
    let mut entry: Option<Entry> = None;
    let mut tx: Option<Tx> = None;
    let mut pending_ccy: Option<String> = None;
    let mut statement_id = String::new();
    let mut entries = 0usize;
    let mut kind_checked = false;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            err(
                &path,
                format!(
                    "not well-formed XML at byte {}: {e}",
                    reader.error_position()
                ),
            )
        })?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.len() >= MAX_DEPTH {
                    return Err(err(&path, "nested too deep"));
                }
                path.push(name);
                start(
                    &path,
                    &e,
                    &mut entry,
                    &mut tx,
                    &mut pending_ccy,
                    &mut kind_checked,
                )?;
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                path.push(name);
                start(
                    &path,
                    &e,
                    &mut entry,
                    &mut tx,
                    &mut pending_ccy,
                    &mut kind_checked,
                )?;
                path.pop();
            }
            Event::Text(t) => {
                let text = t
                    .unescape()
                    .map_err(|e| err(&path, format!("bad text: {e}")))?;
                text_of(
                    &path,
                    &text,
                    &mut entry,
                    &mut tx,
                    &mut pending_ccy,
                    &mut statement_id,
                )?;
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t).into_owned();
                text_of(
                    &path,
                    &text,
                    &mut entry,
                    &mut tx,
                    &mut pending_ccy,
                    &mut statement_id,
                )?;
            }
            Event::End(_) => {
                let closing = path.last().cloned().unwrap_or_default();
                if closing == "TxDtls" {
                    if let (Some(en), Some(t)) = (entry.as_mut(), tx.take()) {
                        en.txs.push(t);
                    }
                } else if closing == "Ntry" {
                    if let Some(en) = entry.take() {
                        entries += 1;
                        finish(&path, en, &statement_id, entries, &mut out)?;
                        if out.len() > MAX_LINES {
                            return Err(MatchError::TooMany {
                                what: "bank lines",
                                count: out.len(),
                                max: MAX_LINES,
                            });
                        }
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !path.is_empty() {
        return Err(err(&path, "the file ends before this element is closed"));
    }
    if !kind_checked {
        return Err(err(&[], "empty file: no Document element"));
    }
    Ok(out)
}

/// Reads a camt.053 or camt.054 file given as text (see [`parse`]).
///
/// # Errors
/// As [`parse`].
///
/// # Example
/// ```
/// assert!(relance::matching::camt::parse_str("<Document>").is_err());
/// ```
pub fn parse_str(xml: &str) -> Result<Vec<BankLine>, MatchError> {
    parse(xml.as_bytes())
}

fn start(
    path: &[String],
    e: &BytesStart<'_>,
    entry: &mut Option<Entry>,
    tx: &mut Option<Tx>,
    pending_ccy: &mut Option<String>,
    kind_checked: &mut bool,
) -> Result<(), MatchError> {
    match path {
        [root] if root != "Document" => {
            return Err(err(path, "the root element must be Document"));
        }
        [_, kind] => {
            if kind != "BkToCstmrStmt" && kind != "BkToCstmrDbtCdtNtfctn" {
                return Err(err(
                    path,
                    "neither a camt.053 statement (BkToCstmrStmt) nor a camt.054 \
                     notification (BkToCstmrDbtCdtNtfctn)",
                ));
            }
            *kind_checked = true;
        }
        _ => {}
    }
    let name = path.last().map(String::as_str).unwrap_or_default();
    match name {
        "Ntry" if path.len() == 4 => *entry = Some(Entry::default()),
        "TxDtls" if entry.is_some() => *tx = Some(Tx::default()),
        "Amt" => *pending_ccy = currency_attr(path, e)?,
        _ => {}
    }
    Ok(())
}

fn text_of(
    path: &[String],
    text: &str,
    entry: &mut Option<Entry>,
    tx: &mut Option<Tx>,
    pending_ccy: &mut Option<String>,
    statement_id: &mut String,
) -> Result<(), MatchError> {
    if path.len() == 4 && ends(path, &["Id"]) && entry.is_none() {
        *statement_id = bounded(text);
        return Ok(());
    }
    let Some(en) = entry.as_mut() else {
        return Ok(());
    };
    if let Some(t) = tx.as_mut() {
        let in_tx = |tail: &[&str]| ends(path, tail);
        if in_tx(&["TxDtls", "Amt"]) || in_tx(&["AmtDtls", "TxAmt", "Amt"]) {
            if t.amount.is_none() || in_tx(&["TxDtls", "Amt"]) {
                t.amount = Some(amount(path, text, pending_ccy.take())?);
            }
        } else if in_tx(&["TxDtls", "CdtDbtInd"]) {
            t.credit = Some(indicator(path, text)?);
        } else if in_tx(&["Refs", "EndToEndId"]) {
            if text != "NOTPROVIDED" {
                t.end_to_end = Some(bounded(text));
            }
        } else if in_tx(&["Refs", "AcctSvcrRef"]) {
            t.servicer_ref = Some(bounded(text));
        } else if in_tx(&["RltdPties", "Dbtr", "Nm"]) || in_tx(&["RltdPties", "Dbtr", "Pty", "Nm"])
        {
            t.name = Some(bounded(text));
        } else if in_tx(&["DbtrAcct", "Id", "IBAN"]) {
            t.iban = Some(bounded(text));
        } else if in_tx(&["RmtInf", "Ustrd"]) {
            push_text(&mut t.text, text);
        } else if in_tx(&["CdtrRefInf", "Ref"]) {
            t.reference = Some(bounded(text));
        }
        return Ok(());
    }
    if ends(path, &["Ntry", "Amt"]) {
        en.amount = Some(amount(path, text, pending_ccy.take())?);
    } else if ends(path, &["Ntry", "CdtDbtInd"]) {
        en.credit = Some(indicator(path, text)?);
    } else if ends(path, &["Ntry", "Sts"]) || ends(path, &["Ntry", "Sts", "Cd"]) {
        en.status_seen = true;
        en.booked = text == "BOOK";
    } else if ends(path, &["BookgDt", "Dt"]) || ends(path, &["BookgDt", "DtTm"]) {
        en.booking = Some(date(path, text)?);
    } else if ends(path, &["ValDt", "Dt"]) || ends(path, &["ValDt", "DtTm"]) {
        en.value = Some(date(path, text)?);
    } else if ends(path, &["Ntry", "AcctSvcrRef"]) {
        en.servicer_ref = Some(bounded(text));
    } else if ends(path, &["Ntry", "NtryRef"]) {
        en.entry_ref = Some(bounded(text));
    } else if ends(path, &["Ntry", "AddtlNtryInf"]) {
        push_text(&mut en.info, text);
    }
    Ok(())
}

fn indicator(path: &[String], text: &str) -> Result<bool, MatchError> {
    match text {
        "CRDT" => Ok(true),
        "DBIT" => Ok(false),
        other => Err(err(path, format!("{other:?} is neither CRDT nor DBIT"))),
    }
}

fn finish(
    path: &[String],
    en: Entry,
    statement_id: &str,
    position: usize,
    out: &mut Vec<BankLine>,
) -> Result<(), MatchError> {
    let at = |leaf: &str| {
        let mut p = path.to_vec();
        p.push(leaf.to_string());
        p
    };
    if en.status_seen && !en.booked {
        return Ok(());
    }
    let (entry_amount, entry_ccy) = en
        .amount
        .clone()
        .ok_or_else(|| err(&at("Amt"), "the entry has no amount"))?;
    let entry_credit = en
        .credit
        .ok_or_else(|| err(&at("CdtDbtInd"), "the entry has no credit/debit indicator"))?;
    let date = en.booking.or(en.value).ok_or_else(|| {
        err(
            &at("BookgDt"),
            "the entry has neither a booking nor a value date",
        )
    })?;
    let base_id = en
        .servicer_ref
        .clone()
        .or_else(|| en.entry_ref.clone())
        .unwrap_or_else(|| format!("{statement_id}#{position}"));
    let currency = |ccy: &str, leaf: &str| {
        Currency::from_code(ccy).map_err(|_| err(&at(leaf), format!("unknown currency {ccy:?}")))
    };
    if en.txs.is_empty() {
        let signed = if entry_credit {
            entry_amount
        } else {
            -entry_amount
        };
        let mut line = BankLine::new(
            &base_id,
            date,
            signed,
            currency(&entry_ccy, "Amt")?,
            &en.info,
        );
        line.text = en.info;
        out.push(line);
        return Ok(());
    }
    let single = en.txs.len() == 1;
    for (n, t) in en.txs.into_iter().enumerate() {
        let (value, ccy, leaf) = match &t.amount {
            Some((v, c)) => (*v, c.clone(), "NtryDtls/TxDtls/Amt"),
            None if single => (entry_amount, entry_ccy.clone(), "Amt"),
            None => {
                return Err(err(
                    &at("NtryDtls/TxDtls/Amt"),
                    format!("transaction {} of a batch has no amount", n + 1),
                ));
            }
        };
        let credit = t.credit.unwrap_or(entry_credit);
        let id = match (&t.servicer_ref, single) {
            (Some(r), _) => r.clone(),
            (None, true) => base_id.clone(),
            (None, false) => format!("{base_id}/{}", n + 1),
        };
        let text = if t.text.is_empty() {
            en.info.clone()
        } else {
            t.text
        };
        out.push(BankLine {
            id,
            date,
            amount: if credit { value } else { -value },
            currency: currency(&ccy, leaf)?,
            text,
            payer_name: t.name,
            payer_iban: t.iban,
            end_to_end_id: t.end_to_end,
            reference: t.reference,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_files_name_the_element() {
        let cases: [(&str, &str); 5] = [
            (
                "<Document><BkToCstmrStmt><Stmt><Ntry>",
                "Document/BkToCstmrStmt/Stmt/Ntry",
            ),
            ("<Other/>", "Other"),
            ("<Document><Pain/></Document>", "Document/Pain"),
            (
                "<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"EUR\">1,00</Amt></Ntry></Stmt></BkToCstmrStmt></Document>",
                "Document/BkToCstmrStmt/Stmt/Ntry/Amt",
            ),
            (
                "<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-13-01</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>",
                "Document/BkToCstmrStmt/Stmt/Ntry/BookgDt/Dt",
            ),
        ];
        for (xml, element) in cases {
            match parse_str(xml) {
                Err(MatchError::Statement { element: e, .. }) => assert_eq!(e, element, "{xml}"),
                other => panic!("{xml}: {other:?}"),
            }
        }
        assert!(parse_str("").is_err());
        assert!(parse_str("<Document><BkToCstmrStmt></Stmt></BkToCstmrStmt></Document>").is_err());
    }
}
