//! A generated receivables book and bank statement with realistic noise, shared by the
//! matching benchmark, the `match_quality` example and the matching tests. Deterministic
//! (a fixed linear congruential generator), so figures are reproducible.
#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use relance::matching::{BankLine, NoticeItem, OpenItem, PayerAccount, Receivables, SentNotice};
use relance::{Currency, InvoiceId, NoticeReferences};
use rust_decimal::Decimal;

/// The creditor the generated notices print references for (a Belgian account, so both
/// RF references and structured communications are printed).
pub const BASE: &str = "ACME";
pub const IBAN: &str = "BE68539007547034";

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 17
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The book, the statement, what each line really pays (the invoices, or nothing for
/// noise) and whether it is matchable (a person could match it from the line and the
/// book as the host gave it, without learning payers along the statement).
pub struct Generated {
    pub book: Receivables,
    pub lines: Vec<BankLine>,
    pub truth: Vec<Option<Vec<InvoiceId>>>,
    pub matchable: Vec<bool>,
}

fn customer_iban(c: usize) -> String {
    format!("FR76300060000{c:014}")
}

/// `items` open invoices of `items / 5` customers (a notice for one customer in ten), and
/// a statement of `lines` lines: references, invoice numbers written every which way,
/// amounts alone from known or learnable payers, combinations, and noise nobody could
/// match (typos in references, unknown payers, salaries and refunds, debits).
pub fn generate(items: usize, lines: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let customers = (items / 5).max(1);
    let start: NaiveDate = "2025-01-01".parse().expect("date");
    let mut book = Receivables::default();
    book.items.reserve(items);
    for i in 0..items {
        let c = i % customers;
        let issue = start + Days::new(rng.below(300));
        let cents = 1_000 + rng.below(500_000) as i64;
        book.items.push(OpenItem::new(
            &format!("INV-{i}"),
            &format!("F2025-{i:07}"),
            &format!("C-{c}"),
            Currency::EUR,
            issue,
            issue + Days::new(30),
            Decimal::new(cents, 2),
        ));
    }
    // Seven payers in ten are known; the others are learned from lines with a reference.
    for c in 0..customers {
        if c % 10 < 7 {
            book.payers.push(PayerAccount {
                iban: customer_iban(c),
                customer: format!("C-{c}").as_str().into(),
            });
        }
    }
    // A notice for one customer in ten, covering two of its invoices.
    for c in (0..customers).step_by(10) {
        let a = c;
        let b = c + customers;
        let (Some(x), Some(y)) = (book.items.get(a), book.items.get(b)) else {
            continue;
        };
        let refs = NoticeReferences::for_invoices(
            BASE,
            IBAN,
            &[
                (x.invoice.as_str(), x.number.as_str()),
                (y.invoice.as_str(), y.number.as_str()),
            ],
        )
        .expect("references");
        let fee = Decimal::new(1_000, 2);
        let items = vec![
            NoticeItem {
                invoice: x.invoice.clone(),
                claimed: x.owed,
            },
            NoticeItem {
                invoice: y.invoice.clone(),
                claimed: y.owed,
            },
        ];
        let _ = fee;
        book.notices.push(SentNotice {
            key: format!("notice-email-EUR-C-{c}-{c:032x}"),
            customer: x.customer.clone(),
            date: start + Days::new(200),
            currency: Currency::EUR,
            total_claimed: x.owed + y.owed,
            items,
            references: refs,
        });
    }
    let mut out = Generated {
        book,
        lines: Vec::with_capacity(lines),
        truth: Vec::with_capacity(lines),
        matchable: Vec::with_capacity(lines),
    };
    // Each line pays a different invoice: walk them with a stride prime to their count.
    let stride = 7_919usize;
    let mut cursor = 0usize;
    let mut used = std::collections::HashSet::new();
    let on = start + Days::new(320);
    for n in 0..lines {
        let id = format!("STMT-{n}");
        let kind = rng.below(100);
        let mut pick = || {
            for _ in 0..items {
                cursor = (cursor + stride) % items;
                // Invoices of a notice are paid through the notice.
                if cursor % customers % 10 == 0 && cursor < 2 * customers {
                    continue;
                }
                if used.insert(cursor) {
                    return Some(cursor);
                }
            }
            None
        };
        let (line, truth, matchable) = match kind {
            // 25: a reference printed for the invoice, as the bank delivers it or typed.
            0..=24 => {
                let Some(i) = pick() else { break };
                let it = &out.book.items[i];
                let refs = NoticeReferences::for_invoices(
                    BASE,
                    IBAN,
                    &[(it.invoice.as_str(), it.number.as_str())],
                )
                .expect("refs");
                let mut l = BankLine::new(&id, on, it.owed, Currency::EUR, "");
                match rng.below(3) {
                    0 => l.reference = Some(refs.structured.expect("Belgian").digits()),
                    1 => l.text = format!("Betaling {}", refs.structured.expect("Belgian")),
                    _ => l.text = format!("payment {}", refs.rf.print_form().to_lowercase()),
                }
                let payer = it
                    .customer
                    .as_str()
                    .trim_start_matches("C-")
                    .parse::<usize>()
                    .unwrap_or(0);
                l.payer_iban = Some(customer_iban(payer));
                (l, Some(vec![it.invoice.clone()]), true)
            }
            // 30: the invoice number in the text, written every which way.
            25..=54 => {
                let Some(i) = pick() else { break };
                let it = &out.book.items[i];
                let digits = format!("{i:07}");
                let text = match rng.below(6) {
                    0 => format!("Facture {}", it.number),
                    1 => format!("INV F 2025 {digits} thanks"),
                    2 => format!("Rechnung Nr. F2O25-{}", digits.replace('0', "O")),
                    3 => format!("/ROC/2025{digits}/"),
                    4 => format!("f2025{}", digits.replace('1', "l")),
                    _ => format!(
                        "Payment for invoice F2025-{digits}, order 55{}",
                        rng.below(1000)
                    ),
                };
                // One in five pays less the bank charges.
                let amount = if rng.chance(20) {
                    it.owed - Decimal::new(150, 2)
                } else {
                    it.owed
                };
                let mut l = BankLine::new(&id, on, amount, Currency::EUR, &text);
                let payer = it
                    .customer
                    .as_str()
                    .trim_start_matches("C-")
                    .parse::<usize>()
                    .unwrap_or(0);
                l.payer_iban = Some(customer_iban(payer));
                (l, Some(vec![it.invoice.clone()]), true)
            }
            // 20: the amount alone, from the payer's account.
            55..=74 => {
                let Some(i) = pick() else { break };
                let it = &out.book.items[i];
                let payer = it
                    .customer
                    .as_str()
                    .trim_start_matches("C-")
                    .parse::<usize>()
                    .unwrap_or(0);
                let mut l = BankLine::new(&id, on, it.owed, Currency::EUR, "VIREMENT SEPA");
                l.payer_iban = Some(customer_iban(payer));
                // Matchable only when the payer is known (seven in ten, the others learnable).
                let known = payer % 10 < 7;
                (l, Some(vec![it.invoice.clone()]), known)
            }
            // 5: a notice's total with its reference, or from a known payer without.
            75..=79 => {
                let k = rng.below(out.book.notices.len() as u64) as usize;
                let notice = &out.book.notices[k];
                if !used.insert(usize::MAX - k) {
                    let l = BankLine::new(&id, on, Decimal::new(4_200, 2), Currency::EUR, "refund");
                    (l, None, false)
                } else {
                    let mut l = BankLine::new(&id, on, notice.total_claimed, Currency::EUR, "");
                    if rng.chance(50) {
                        l.text = format!("ref {}", notice.references.rf.print_form());
                    }
                    let payer = notice
                        .customer
                        .as_str()
                        .trim_start_matches("C-")
                        .parse::<usize>()
                        .unwrap_or(0);
                    l.payer_iban = Some(customer_iban(payer));
                    let matchable = !l.text.is_empty() || payer % 10 < 7;
                    (
                        l,
                        Some(notice.items.iter().map(|i| i.invoice.clone()).collect()),
                        matchable,
                    )
                }
            }
            // 20: noise: a mistyped reference with a wrong amount, unknown payers, debits.
            _ => {
                let mut l = match rng.below(4) {
                    0 => BankLine::new(
                        &id,
                        on,
                        Decimal::new(123_456, 2),
                        Currency::EUR,
                        "SALAIRE MARS",
                    ),
                    1 => {
                        BankLine::new(&id, on, -Decimal::new(50_000, 2), Currency::EUR, "PRLV EDF")
                    }
                    2 => BankLine::new(
                        &id,
                        on,
                        Decimal::new(rng.below(90_000) as i64 + 77, 2),
                        Currency::EUR,
                        "RF19 5390 0754 7034",
                    ),
                    _ => BankLine::new(
                        &id,
                        on,
                        Decimal::new(9_999, 2),
                        Currency::EUR,
                        "remboursement",
                    ),
                };
                l.payer_iban = Some(format!("DE8937040044{:010}", rng.below(1_000_000)));
                (l, None, false)
            }
        };
        out.lines.push(line);
        out.truth.push(truth);
        out.matchable.push(matchable);
    }
    out
}
