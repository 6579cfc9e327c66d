//! Cash application: matching bank statement lines to the invoices and notices they pay,
//! so nobody is reminded of what they paid. Pure and sans-IO: the host gives the open
//! claims, the notices sent, the payer accounts it knows and the bank lines; the
//! [`Matcher`] proposes, for each line, allocations to invoices with a confidence and the
//! reason in words, and turns the lines it trusts into payment [`Fact`]s carrying the bank
//! line id as their external id, so importing a statement twice changes nothing.
//!
//! # The rules, in order of trust
//! 1. **A reference relance printed**: a valid ISO 11649 RF reference or Belgian
//!    structured communication (check digits verified) that resolves, from the engine's
//!    own records, to a notice or an invoice ([`References`], [`NoticeReferences`]).
//!    Only a reference may pay another customer's invoices than the payer account's.
//! 2. **An invoice number in the text**, despite spacing, separators, prefixes
//!    (`Inv.`, `Facture n°`) and the OCR confusions O/0, I/l/1, S/5, B/8; the digits alone
//!    (`2025001` for `F-2025-001`) when they are at least [`MIN_DIGIT_TAIL`] long.
//! 3. **The exact total a notice claimed** (principal, fees, interest and compensation),
//!    among the notices sent to the payer's customer.
//! 4. **The exact outstanding of one invoice** of the payer's customer.
//! 5. **A combination of the customer's open invoices** whose sum is the amount: the
//!    smallest combination, oldest invoices first, over a bounded search
//!    ([`MatchPolicy::combination_items`], [`MatchPolicy::max_combination`]).
//!
//! Rules 3 to 5 need the payer: its IBAN known to the host ([`PayerAccount`]) or learned
//! from an earlier line of the statement that a reference or an invoice number matched.
//! Without it they only suggest.
//!
//! The amount fits when it is exact, short by at most the bank charges or the
//! early-payment discount the policy accepts (the shortfall is then settled by a credit
//! note, see [`LineMatch::facts`]), or over by at most
//! [`MatchPolicy::overpayment_tolerance`] (the excess becomes the invoice's credit
//! balance in the claim ledger). A reference or an invoice number also carries a partial
//! payment, which the claim ledger imputes; a larger overpayment is only suggested.
//!
//! A line is applied automatically ([`MatchStatus::Auto`]) only when one candidate is
//! better than every other: two equally good candidates make it a suggestion. A line
//! whose id the accounts already hold as a payment's external id is reported with the
//! allocations recorded, and its facts are the same, so recording them again is a no-op.
//!
//! # What a host must keep for references to come back
//! - the account histories (each notice's [`NoticeDelivered`](crate::EventKind::NoticeDelivered)
//!   events list every invoice it covered under its key; relance records them);
//! - the creditor's `payment_reference_base` and IBAN of every notice still payable (a
//!   changed base prints new references; keep matching with the old one until its
//!   notices are paid);
//! - for the exact printed totals, the delivered [`Notice`](crate::Notice)s
//!   ([`SentNotice::from_notice`]); without them, [`Receivables::from_accounts`]
//!   rebuilds each notice's total from the history (exact unless a payment or credit
//!   note was recorded between the step and its delivery).
//!
//! # Example
//! ```
//! use relance::matching::{BankLine, MatchPolicy, MatchStatus, Matcher, OpenItem, Receivables};
//! use relance::{Currency, NoticeReferences};
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! let item = OpenItem::new("INV-1", "F-2025-001", "C-1", Currency::EUR, d("2025-01-15"),
//!     d("2025-02-14"), "1200.00".parse().unwrap());
//! let book = Receivables { items: vec![item], ..Receivables::default() };
//! let mut m = Matcher::new(&book, "DUP", "FR7630006000011234567890189", MatchPolicy::default())?;
//! let rf = NoticeReferences::for_invoices("DUP", "FR7630006000011234567890189",
//!     &[("INV-1", "F-2025-001")])?.rf;
//! let line = BankLine::new("L1", d("2025-03-02"), "1200.00".parse().unwrap(), Currency::EUR,
//!     &format!("payment {}", rf.print_form()));
//! let found = m.match_line(&line);
//! assert_eq!(found.status, MatchStatus::Auto);
//! assert_eq!(found.allocations[0].invoice.as_str(), "INV-1");
//! assert_eq!(found.facts(&line).len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "camt")]
pub mod camt;
mod records;
mod text;

pub use records::{Covered, References};

use crate::event::{EventKind, Fact};
use crate::ids::{CustomerId, InvoiceId};
use crate::money::{Currency, checked_add, checked_mul};
use crate::payment_reference::{NoticeReferences, StructuredCommunication};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The shortest run of digits read as an invoice number without its letters.
pub const MIN_DIGIT_TAIL: usize = 5;
/// The most lines matched in one statement.
pub const MAX_LINES: usize = 5_000_000;
/// The most open items a matcher indexes.
pub const MAX_ITEMS: usize = 20_000_000;
/// The most invoices one notice may cover (a notice lists a customer's case).
pub const MAX_NOTICE_ITEMS: usize = 10_000;

/// What is wrong with the matcher's input. Every variant names the value.
///
/// # Example
/// ```
/// use relance::matching::{MatchError, MatchPolicy, Matcher, Receivables};
/// let book = Receivables::default();
/// let e = Matcher::new(&book, "D-UP", "FR7630006000011234567890189", MatchPolicy::default())
///     .err().unwrap();
/// assert!(matches!(e, MatchError::Reference(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MatchError {
    /// Too many of something.
    #[error("{count} {what}: at most {max}")]
    TooMany {
        /// What.
        what: &'static str,
        /// How many were given.
        count: usize,
        /// The bound.
        max: usize,
    },
    /// The creditor's reference base cannot make references.
    #[error(transparent)]
    Reference(#[from] crate::payment_reference::PaymentReferenceError),
    /// An amount overflowed.
    #[error(transparent)]
    Money(#[from] crate::money::MoneyError),
    /// A policy value out of range.
    #[error("policy {field} = {value}: {problem}")]
    Policy {
        /// The field.
        field: &'static str,
        /// Its value.
        value: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A bank statement that cannot be read (camt files).
    #[error("{element}: {problem}")]
    Statement {
        /// The element (XML path) or field.
        element: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// One line of a bank statement: money received (positive) or paid out (negative).
///
/// # Example
/// ```
/// use relance::matching::BankLine;
/// let l: BankLine = serde_json::from_str(r#"{"id": "L1", "date": "2025-03-02",
///     "amount": "120.00", "currency": "EUR", "text": "INV 1001", "payer_iban": "BE68539007547034"}"#).unwrap();
/// assert_eq!(l.amount.to_string(), "120.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankLine {
    /// The bank's id of the line, unique in the account (becomes the facts' external id).
    pub id: String,
    /// Booking or value date.
    pub date: NaiveDate,
    /// Amount, positive for money received.
    pub amount: Decimal,
    /// Currency.
    pub currency: Currency,
    /// Remittance information, free text.
    #[serde(default)]
    pub text: String,
    /// The payer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_name: Option<String>,
    /// The payer's IBAN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_iban: Option<String>,
    /// The payer's end-to-end id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_to_end_id: Option<String>,
    /// The structured creditor reference the bank delivered apart from the text (camt
    /// `CdtrRefInf/Ref`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl BankLine {
    /// A line with an id, date, amount, currency and text; no payer details.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, matching::BankLine};
    /// let l = BankLine::new("L1", "2025-03-02".parse().unwrap(), "10".parse().unwrap(), Currency::EUR, "x");
    /// assert!(l.payer_iban.is_none());
    /// ```
    pub fn new(id: &str, date: NaiveDate, amount: Decimal, currency: Currency, text: &str) -> Self {
        BankLine {
            id: id.to_string(),
            date,
            amount,
            currency,
            text: text.to_string(),
            payer_name: None,
            payer_iban: None,
            end_to_end_id: None,
            reference: None,
        }
    }

    /// The same line paid from `iban`.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, matching::BankLine};
    /// let l = BankLine::new("L1", "2025-03-02".parse().unwrap(), "10".parse().unwrap(), Currency::EUR, "x")
    ///     .from_iban("BE68 5390 0754 7034");
    /// assert_eq!(l.payer_iban.as_deref(), Some("BE68 5390 0754 7034"));
    /// ```
    #[must_use]
    pub fn from_iban(mut self, iban: &str) -> Self {
        self.payer_iban = Some(iban.to_string());
        self
    }
}

/// An invoice with something owed: what a payment can go to.
///
/// # Example
/// ```
/// use relance::{Currency, matching::OpenItem};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let i = OpenItem::new("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"), d("2025-01-31"), "10".parse().unwrap());
/// assert_eq!(i.principal, i.owed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its printed number.
    pub number: String,
    /// The customer who owes it.
    pub customer: CustomerId,
    /// Currency.
    pub currency: Currency,
    /// Issue date (early-payment discounts count from it).
    pub issue_date: NaiveDate,
    /// Due date of the oldest unpaid instalment (oldest first).
    pub due_date: NaiveDate,
    /// Everything owed: principal and accessories still open ([`crate::InvoiceClaim::total`]).
    pub owed: Decimal,
    /// The principal still open.
    pub principal: Decimal,
}

impl OpenItem {
    /// An item owing `owed`, all of it principal.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, matching::OpenItem};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let i = OpenItem::new("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-01"), d("2025-01-31"), "10".parse().unwrap());
    /// assert_eq!(i.customer.as_str(), "C-1");
    /// ```
    pub fn new(
        invoice: &str,
        number: &str,
        customer: &str,
        currency: Currency,
        issue_date: NaiveDate,
        due_date: NaiveDate,
        owed: Decimal,
    ) -> OpenItem {
        OpenItem {
            invoice: invoice.into(),
            number: number.to_string(),
            customer: customer.into(),
            currency,
            issue_date,
            due_date,
            owed,
            principal: owed,
        }
    }
}

/// One invoice a notice covered and what the notice claimed on it.
///
/// # Example
/// ```
/// let l = relance::matching::NoticeItem { invoice: "INV-1".into(), claimed: "10".parse().unwrap() };
/// assert_eq!(l.invoice.as_str(), "INV-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeItem {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Everything the notice claimed on it ([`NoticeLine::total_claimed`](crate::NoticeLine::total_claimed)).
    pub claimed: Decimal,
}

/// A notice that reached the customer: the invoices it covered, the total it claimed and
/// the references it printed.
///
/// # Example
/// ```
/// use relance::matching::{NoticeItem, SentNotice};
/// use relance::{Currency, NoticeReferences};
/// let refs = NoticeReferences::for_invoices("DUP", "BE68539007547034", &[("INV-1", "F-1")])?;
/// let n = SentNotice { key: "notice-1".into(), customer: "C-1".into(),
///     date: "2025-03-01".parse().unwrap(), currency: Currency::EUR,
///     items: vec![NoticeItem { invoice: "INV-1".into(), claimed: "110.00".parse().unwrap() }],
///     total_claimed: "110.00".parse().unwrap(), references: refs };
/// assert_eq!(n.items.len(), 1);
/// # Ok::<(), relance::PaymentReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentNotice {
    /// The notice's idempotency key.
    pub key: String,
    /// The customer.
    pub customer: CustomerId,
    /// The date it was delivered.
    pub date: NaiveDate,
    /// Currency.
    pub currency: Currency,
    /// The invoices it covered.
    pub items: Vec<NoticeItem>,
    /// The total it claimed.
    pub total_claimed: Decimal,
    /// The references it printed.
    pub references: NoticeReferences,
}

impl SentNotice {
    /// The record of a delivered notice, with the references its letter printed for a
    /// creditor with `reference_base` and account `creditor_iban`.
    ///
    /// # Errors
    /// [`MatchError::Reference`] for a base that cannot make references.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec!(10.00))])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
    /// let plan = Dunning::new(book, Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio);
    /// let Action::Notice(n) = &plan.actions[0] else { panic!() };
    /// let sent = relance::matching::SentNotice::from_notice(n, "DUP", "FR7630006000011234567890189")?;
    /// assert_eq!(sent.total_claimed, dec!(110.00));
    /// assert_eq!(sent.references.rf.reference(), "DUPF1");
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn from_notice(
        notice: &crate::action::Notice,
        reference_base: &str,
        creditor_iban: &str,
    ) -> Result<SentNotice, MatchError> {
        let pairs: Vec<(&str, &str)> = notice
            .lines
            .iter()
            .map(|l| (l.invoice.as_str(), l.number.as_str()))
            .collect();
        Ok(SentNotice {
            key: notice.key.to_string(),
            customer: notice.customer.clone(),
            date: notice.as_of,
            currency: notice.total_claimable.currency,
            items: notice
                .lines
                .iter()
                .map(|l| NoticeItem {
                    invoice: l.invoice.clone(),
                    claimed: l.total_claimed,
                })
                .collect(),
            total_claimed: notice.total_claimable.amount,
            references: NoticeReferences::for_invoices(reference_base, creditor_iban, &pairs)?,
        })
    }
}

/// A payer account the host knows belongs to a customer.
///
/// # Example
/// ```
/// let p = relance::matching::PayerAccount { iban: "BE68 5390 0754 7034".into(), customer: "C-1".into() };
/// assert_eq!(p.customer.as_str(), "C-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PayerAccount {
    /// The IBAN (spaces and case do not matter).
    pub iban: String,
    /// Its owner.
    pub customer: CustomerId,
}

/// A bank line already recorded: the payment facts carrying its id.
///
/// # Example
/// ```
/// let r = relance::matching::RecordedLine { line: "L1".into(), allocations: vec![] };
/// assert!(r.allocations.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedLine {
    /// The bank line id (the facts' external id).
    pub line: String,
    /// What was recorded.
    pub allocations: Vec<Allocation>,
}

/// Everything the matcher reads: open claims, notices sent, known payer accounts and the
/// bank lines already recorded. [`Receivables::from_accounts`] builds it from the engine's
/// records; a host may also fill it from its own tables.
///
/// # Example
/// ```
/// let r = relance::matching::Receivables::default();
/// assert!(r.items.is_empty() && r.notices.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receivables {
    /// Invoices with something owed.
    #[serde(default)]
    pub items: Vec<OpenItem>,
    /// Notices delivered.
    #[serde(default)]
    pub notices: Vec<SentNotice>,
    /// Payer accounts known to belong to a customer.
    #[serde(default)]
    pub payers: Vec<PayerAccount>,
    /// Bank lines already recorded.
    #[serde(default)]
    pub recorded: Vec<RecordedLine>,
}

/// An early-payment discount the creditor grants: a payment short by at most `percent`
/// of the principal, made within `within_days` of the issue date, settles the invoice.
///
/// # Example
/// ```
/// let d = relance::matching::EarlyPaymentDiscount { percent: "2".parse().unwrap(), within_days: 10 };
/// assert_eq!(d.within_days, 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyPaymentDiscount {
    /// Percent of the principal, e.g. `2` for 2 %.
    pub percent: Decimal,
    /// Days after the issue date the discount may be taken.
    pub within_days: u32,
}

/// How tolerant the matcher is, and how far it searches.
///
/// # Example
/// ```
/// use relance::matching::MatchPolicy;
/// let p = MatchPolicy::default();
/// assert_eq!(p.bank_charges.to_string(), "0.00");
/// assert_eq!(p.max_combination, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchPolicy {
    /// A line short by at most this much still settles what it matched (bank charges the
    /// creditor absorbs). Zero by default.
    pub bank_charges: Decimal,
    /// A discount for early payment, if the creditor grants one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub early_payment_discount: Option<EarlyPaymentDiscount>,
    /// A line over what it matched by at most this much is applied automatically, the
    /// excess becoming the customer's credit balance; more is only suggested.
    pub overpayment_tolerance: Decimal,
    /// Whether the shortfall accepted as bank charges or discount is settled by a credit
    /// note fact (else it stays owed, and dunning goes on for it).
    pub settle_shortfall: bool,
    /// The oldest open invoices of a customer searched for a combination.
    pub combination_items: usize,
    /// The most invoices in a combination.
    pub max_combination: usize,
    /// The confidence from which a line is applied automatically.
    pub auto_confidence: u8,
}

impl Default for MatchPolicy {
    fn default() -> Self {
        MatchPolicy {
            bank_charges: Decimal::new(0, 2),
            early_payment_discount: None,
            overpayment_tolerance: Decimal::new(0, 2),
            settle_shortfall: true,
            combination_items: 16,
            max_combination: 4,
            auto_confidence: 80,
        }
    }
}

/// Upper bounds on the combination search.
const MAX_COMBINATION_ITEMS: usize = 24;
const MAX_COMBINATION_SIZE: usize = 5;

impl MatchPolicy {
    fn check(&self) -> Result<(), MatchError> {
        let bad = |field, value: String, problem| MatchError::Policy {
            field,
            value,
            problem,
        };
        if self.bank_charges.is_sign_negative() {
            return Err(bad(
                "bank_charges",
                self.bank_charges.to_string(),
                "must not be negative",
            ));
        }
        if self.overpayment_tolerance.is_sign_negative() {
            return Err(bad(
                "overpayment_tolerance",
                self.overpayment_tolerance.to_string(),
                "must not be negative",
            ));
        }
        if let Some(d) = self.early_payment_discount {
            if d.percent.is_sign_negative() || d.percent >= Decimal::ONE_HUNDRED {
                return Err(bad(
                    "early_payment_discount.percent",
                    d.percent.to_string(),
                    "must be from 0 to below 100",
                ));
            }
        }
        if self.combination_items > MAX_COMBINATION_ITEMS {
            return Err(bad(
                "combination_items",
                self.combination_items.to_string(),
                "at most 24",
            ));
        }
        if self.max_combination > MAX_COMBINATION_SIZE {
            return Err(bad(
                "max_combination",
                self.max_combination.to_string(),
                "at most 5",
            ));
        }
        if self.auto_confidence > 100 {
            return Err(bad(
                "auto_confidence",
                self.auto_confidence.to_string(),
                "at most 100",
            ));
        }
        Ok(())
    }
}

/// What to do with a line.
///
/// # Example
/// ```
/// use relance::matching::MatchStatus;
/// assert_eq!(serde_json::to_string(&MatchStatus::Auto).unwrap(), "\"auto\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Applied automatically: [`LineMatch::facts`] are the payments to record.
    Auto,
    /// A proposal for a person to confirm.
    Suggested,
    /// Nothing found.
    Unmatched,
}

/// Which rule matched.
///
/// # Example
/// ```
/// use relance::matching::Rule;
/// assert_eq!(serde_json::to_string(&Rule::InvoiceNumber).unwrap(), "\"invoice_number\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// The line was recorded before.
    AlreadyRecorded,
    /// A reference relance printed.
    Reference,
    /// An invoice number in the text.
    InvoiceNumber,
    /// The total a notice claimed.
    NoticeTotal,
    /// The outstanding of one invoice.
    ItemOutstanding,
    /// A combination of invoices.
    Combination,
    /// No rule.
    None,
}

/// Money of a line allocated to an invoice.
///
/// # Example
/// ```
/// let a = relance::matching::Allocation { invoice: "INV-1".into(), amount: "10".parse().unwrap(),
///     shortfall: Default::default() };
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"invoice":"INV-1","amount":"10"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The payment recorded on it.
    pub amount: Decimal,
    /// What the line was short of on it, accepted as bank charges or discount.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub shortfall: Decimal,
}

/// The matcher's proposal for one line.
///
/// # Example
/// ```
/// use relance::matching::{LineMatch, MatchStatus, Rule};
/// let m = LineMatch::unmatched("L1", "nothing found");
/// assert_eq!((m.status, m.rule, m.confidence), (MatchStatus::Unmatched, Rule::None, 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineMatch {
    /// The bank line id.
    pub line: String,
    /// What to do.
    pub status: MatchStatus,
    /// The proposed allocations (empty when unmatched).
    pub allocations: Vec<Allocation>,
    /// 0 to 100.
    pub confidence: u8,
    /// Why, in words.
    pub reason: String,
    /// The rule that matched.
    pub rule: Rule,
}

impl LineMatch {
    /// A line nothing matched.
    ///
    /// # Example
    /// ```
    /// let m = relance::matching::LineMatch::unmatched("L1", "a debit");
    /// assert_eq!(m.reason, "a debit");
    /// ```
    pub fn unmatched(line: &str, reason: &str) -> LineMatch {
        LineMatch {
            line: line.to_string(),
            status: MatchStatus::Unmatched,
            allocations: Vec::new(),
            confidence: 0,
            reason: reason.to_string(),
            rule: Rule::None,
        }
    }

    /// The facts to record for an automatic match (none otherwise): a payment per
    /// allocation on the line's date, with the line's id as external id, and, for a
    /// shortfall accepted, a credit note with external id `<line id>#shortfall`. Recording
    /// them twice through [`Dunning::record`](crate::Dunning::record) records them once.
    ///
    /// # Example
    /// ```
    /// use relance::matching::LineMatch;
    /// use relance::{Currency, matching::BankLine};
    /// let line = BankLine::new("L1", "2025-03-02".parse().unwrap(), "10".parse().unwrap(), Currency::EUR, "");
    /// assert!(LineMatch::unmatched("L1", "none").facts(&line).is_empty());
    /// ```
    pub fn facts(&self, line: &BankLine) -> Vec<Fact> {
        if self.status != MatchStatus::Auto {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(self.allocations.len());
        for a in &self.allocations {
            if a.amount > Decimal::ZERO {
                if let Ok(f) = Fact::new(
                    &a.invoice,
                    line.date,
                    EventKind::Payment { amount: a.amount },
                ) {
                    out.push(f.with_external_id(line.id.clone()));
                }
            }
            if a.shortfall > Decimal::ZERO {
                if let Ok(f) = Fact::new(
                    &a.invoice,
                    line.date,
                    EventKind::CreditNote {
                        amount: a.shortfall,
                    },
                ) {
                    out.push(f.with_external_id(format!("{}{SHORTFALL_SUFFIX}", line.id)));
                }
            }
        }
        out
    }
}

/// The suffix of a shortfall credit note's external id.
pub const SHORTFALL_SUFFIX: &str = "#shortfall";

/// The facts of every automatic match of a statement, line by line.
///
/// # Example
/// ```
/// assert!(relance::matching::facts(&[], &[]).is_empty());
/// ```
pub fn facts(lines: &[BankLine], matches: &[LineMatch]) -> Vec<Fact> {
    lines
        .iter()
        .zip(matches)
        .flat_map(|(l, m)| m.facts(l))
        .collect()
}

/// A small fast hasher for the indexes (FxHash's multiply-rotate); keys are not chosen by
/// an adversary who could exploit collisions beyond slowing one statement down.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A multimap from u64 keys to item indexes, built once: the pairs bucketed by the top
/// bits of their (re-mixed) key with one counting pass and one scatter, so indexing a
/// million items costs a few sequential passes rather than a million hash-table inserts,
/// and a lookup reads one bucket (one entry on average).
#[derive(Default)]
struct Chains {
    pairs: Vec<(u64, u32)>,
    shift: u32,
    dir: Vec<u32>,
    keys: Vec<u64>,
    vals: Vec<u32>,
}

/// The splitmix64 finaliser: spreads any key over all 64 bits.
fn avalanche(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Chains {
    fn with_capacity(n: usize) -> Chains {
        Chains {
            pairs: Vec::with_capacity(n),
            ..Chains::default()
        }
    }

    /// Adds a pair (before [`Chains::build`]).
    fn insert(&mut self, key: u64, value: u32) {
        self.pairs.push((avalanche(key), value));
    }

    /// Buckets the pairs; values under one key keep the order they were added in.
    fn build(&mut self) {
        let pairs = std::mem::take(&mut self.pairs);
        let n = pairs.len();
        let bits = (usize::BITS - n.max(1).leading_zeros()).clamp(1, 24);
        self.shift = 64 - bits;
        let buckets = 1usize << bits;
        let mut dir = vec![0u32; buckets + 1];
        for (k, _) in &pairs {
            if let Some(c) = dir.get_mut((k >> self.shift) as usize + 1) {
                *c += 1;
            }
        }
        for b in 1..dir.len() {
            let prev = dir.get(b - 1).copied().unwrap_or(0);
            if let Some(c) = dir.get_mut(b) {
                *c += prev;
            }
        }
        let mut fill: Vec<u32> = dir.clone();
        let mut keys = vec![0u64; n];
        let mut vals = vec![0u32; n];
        for (k, v) in pairs {
            if let Some(at) = fill.get_mut((k >> self.shift) as usize) {
                let pos = *at as usize;
                *at += 1;
                if let (Some(kk), Some(vv)) = (keys.get_mut(pos), vals.get_mut(pos)) {
                    *kk = k;
                    *vv = v;
                }
            }
        }
        self.dir = dir;
        self.keys = keys;
        self.vals = vals;
    }

    /// The values under `key`, at most `limit`.
    fn get(&self, key: u64, limit: usize) -> Vec<u32> {
        self.iter(key).take(limit).collect()
    }

    /// The values under `key`, in the order added.
    fn iter(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let k = avalanche(key);
        let b = (k >> self.shift) as usize;
        let from = self.dir.get(b).copied().unwrap_or(0) as usize;
        let to = self.dir.get(b + 1).copied().unwrap_or(0) as usize;
        let keys = self.keys.get(from..to).unwrap_or_default();
        let vals = self.vals.get(from..to).unwrap_or_default();
        keys.iter()
            .zip(vals)
            .filter(move |(kk, _)| **kk == k)
            .map(|(_, v)| *v)
    }
}

fn amount_key(amount: Decimal, currency: Currency) -> Option<u64> {
    let minor = currency.minor_unit();
    let (m, scale) = (amount.mantissa(), amount.scale());
    let cents = if scale <= minor {
        m.checked_mul(10i128.checked_pow(minor - scale)?)?
    } else {
        let div = 10i128.checked_pow(scale - minor)?;
        if m % div != 0 {
            return None;
        }
        m / div
    };
    let cents = i64::try_from(cents).ok()?;
    let mut h = Fx::default();
    h.write(currency.code().as_bytes());
    h.write_i64(cents);
    Some(h.finish())
}

fn mix(a: u64, b: u64) -> u64 {
    let mut h = Fx(a);
    h.write_u64(b);
    h.finish()
}

fn normalize_iban(iban: &str) -> String {
    iban.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// How a line's amount fits what it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Exact,
    /// Short by this much, accepted (bank charges or discount).
    Short(Decimal, &'static str),
    /// Over by at most the tolerance.
    Over(Decimal),
    /// Less than owed, beyond the tolerances.
    Partial,
    /// More than owed, beyond the tolerance.
    TooMuch,
}

/// What the payer account tells.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Payer {
    Unknown,
    Known(CustomerId),
    /// The account paid for several customers.
    Shared,
}

/// What a candidate is, put in words only when it is reported.
#[derive(Clone)]
enum What {
    Text(String),
    Numbers,
    Notice(u32),
    Outstanding,
    Combination,
}

/// One candidate of a rule: the items it would pay, with what it says.
struct Candidate {
    items: Vec<u32>,
    what: What,
    /// Notice totals: what the notice claimed per item, to allocate by.
    claimed: Option<Vec<Decimal>>,
    /// An invoice's own structured communication: only 10 digits of hash, which another
    /// creditor's communication may share, so it carries an exact amount only.
    weak: bool,
}

/// Matches bank lines against receivables. Build it once per statement with
/// [`Matcher::new`]; it learns payer accounts and what is left owed as lines are applied.
///
/// See the [module documentation](self) for the rules.
///
/// # Example
/// ```
/// use relance::matching::{BankLine, MatchPolicy, MatchStatus, Matcher, OpenItem, PayerAccount, Receivables};
/// use relance::Currency;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let item = |id: &str, amount: &str| OpenItem::new(id, id, "C-1", Currency::EUR,
///     d("2025-01-01"), d("2025-01-31"), amount.parse().unwrap());
/// let book = Receivables {
///     items: vec![item("A-1", "100.00"), item("A-2", "40.00"), item("A-3", "40.00")],
///     payers: vec![PayerAccount { iban: "FR7630006000011234567890189".into(), customer: "C-1".into() }],
///     ..Receivables::default()
/// };
/// let mut m = Matcher::new(&book, "DUP", "FR7630006000011234567890189", MatchPolicy::default())?;
/// let from_c1 = |id: &str, amount: &str| BankLine::new(id, d("2025-02-10"), amount.parse().unwrap(),
///     Currency::EUR, "VIREMENT").from_iban("FR76 3000 6000 0112 3456 7890 189");
/// // 100.00 is A-1's outstanding alone: applied.
/// assert_eq!(m.match_line(&from_c1("L1", "100.00")).status, MatchStatus::Auto);
/// // 40.00 is A-2's and A-3's: two equally good candidates, only a suggestion.
/// assert_eq!(m.match_line(&from_c1("L2", "40.00")).status, MatchStatus::Suggested);
/// # Ok::<(), relance::matching::MatchError>(())
/// ```
pub struct Matcher<'a> {
    book: &'a Receivables,
    policy: MatchPolicy,
    /// What is still owed per item, lowered as lines are applied.
    remaining: Vec<Decimal>,
    /// Folded invoice numbers (whole, and digit tails) -> items.
    numbers: Chains,
    tails: Chains,
    /// Lengths of the folded numbers and tails (bit n: some key has n characters).
    lengths: u64,
    /// (customer, exact amount) -> items.
    item_amounts: Chains,
    /// Customer -> items, oldest first.
    by_customer: Chains,
    notices_by_customer: FxMap<u64, Vec<u32>>,
    references: RefIndex,
    item_index: Chains,
    payers: HashMap<String, Payer>,
    learned: Vec<PayerAccount>,
    recorded: HashMap<&'a str, &'a RecordedLine>,
    seen: HashSet<String>,
}

fn customer_key(c: &CustomerId) -> u64 {
    text::fnv(c.as_str().as_bytes())
}

impl<'a> Matcher<'a> {
    /// Indexes `book` for a creditor whose notices print references from `reference_base`
    /// and who is paid on `creditor_iban`, under `policy`. Linear in the size of the
    /// book.
    ///
    /// # Errors
    /// [`MatchError::TooMany`] beyond [`MAX_ITEMS`] items; [`MatchError::Reference`] for
    /// a base that cannot make references; [`MatchError::Policy`] for a policy value out
    /// of range.
    ///
    /// # Example
    /// ```
    /// use relance::matching::{MatchPolicy, Matcher, Receivables};
    /// let book = Receivables::default();
    /// let m = Matcher::new(&book, "DUP", "BE68539007547034", MatchPolicy::default());
    /// assert!(m.is_ok());
    /// ```
    pub fn new(
        book: &'a Receivables,
        reference_base: &str,
        creditor_iban: &str,
        policy: MatchPolicy,
    ) -> Result<Matcher<'a>, MatchError> {
        policy.check()?;
        // Checks the base once.
        NoticeReferences::for_invoices(reference_base, creditor_iban, &[("x", "x")])?;
        let n = book.items.len();
        if n > MAX_ITEMS || n >= u32::MAX as usize {
            return Err(MatchError::TooMany {
                what: "open items",
                count: n,
                max: MAX_ITEMS,
            });
        }
        if book.notices.len() >= u32::MAX as usize {
            return Err(MatchError::TooMany {
                what: "notices",
                count: book.notices.len(),
                max: u32::MAX as usize - 1,
            });
        }
        let base = reference_base.to_ascii_uppercase();
        let belgian = StructuredCommunication::applies_to(creditor_iban);
        let mut numbers = Chains::with_capacity(n);
        let mut tails = Chains::with_capacity(n);
        let mut item_amounts = Chains::with_capacity(n);
        let mut by_customer = Chains::with_capacity(n / 2);
        let mut item_index = Chains::with_capacity(n);
        let mut lengths = 0u64;
        let mut references = RefIndex::new(&base, belgian, if belgian { n } else { 0 });
        let mut key: Vec<u8> = Vec::with_capacity(32);
        for (i, item) in book.items.iter().enumerate() {
            let idx = i as u32;
            text::number_key_into(&item.number, &mut key);
            if !key.is_empty() && key.len() < 64 {
                numbers.insert(text::fnv(&key), idx);
                lengths |= 1 << key.len();
            }
            if let Some(tail) = text::digit_tail(&key) {
                if tail.len() >= MIN_DIGIT_TAIL && tail.len() < 64 {
                    tails.insert(text::fnv(tail), idx);
                    lengths |= 1 << tail.len();
                }
            }
            let ck = customer_key(&item.customer);
            if let Some(ak) = amount_key(item.owed, item.currency) {
                item_amounts.insert(mix(ck, ak), idx);
            }
            by_customer.insert(ck, idx);
            item_index.insert(text::fnv(item.invoice.as_str().as_bytes()), idx);
            references.add_item(idx, &item.invoice, &item.number);
        }
        for index in [
            &mut numbers,
            &mut tails,
            &mut item_amounts,
            &mut by_customer,
            &mut item_index,
            &mut references.item_sc,
        ] {
            index.build();
        }
        let mut notices_by_customer: FxMap<u64, Vec<u32>> = FxMap::default();
        for (i, notice) in book.notices.iter().enumerate() {
            let idx = i as u32;
            notices_by_customer
                .entry(customer_key(&notice.customer))
                .or_default()
                .push(idx);
            references.add_notice(idx, &notice.references);
        }
        let mut payers: HashMap<String, Payer> = HashMap::new();
        for p in &book.payers {
            let iban = normalize_iban(&p.iban);
            let next = match payers.get(&iban) {
                Some(Payer::Known(c)) if *c != p.customer => Payer::Shared,
                Some(Payer::Shared) => Payer::Shared,
                _ => Payer::Known(p.customer.clone()),
            };
            payers.insert(iban, next);
        }
        let recorded = book.recorded.iter().map(|r| (r.line.as_str(), r)).collect();
        Ok(Matcher {
            book,
            policy,
            remaining: book.items.iter().map(|i| i.owed).collect(),
            numbers,
            tails,
            lengths,
            item_amounts,
            by_customer,
            notices_by_customer,
            references,
            item_index,
            payers,
            learned: Vec::new(),
            recorded,
            seen: HashSet::new(),
        })
    }
}

/// What a reference resolves to, inside the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Notice(u32),
    Item(u32),
}

/// The references relance prints, indexed for the matcher: each notice's, and each
/// invoice's own (what a notice covering it alone prints).
struct RefIndex {
    base: String,
    room: usize,
    belgian: bool,
    notice_rf: HashMap<String, Vec<u32>>,
    notice_sc: FxMap<u64, Vec<u32>>,
    item_sc: Chains,
    item_rf_hash: HashMap<String, Vec<u32>>,
}

impl RefIndex {
    fn new(base: &str, belgian: bool, items: usize) -> RefIndex {
        RefIndex {
            base: base.to_string(),
            room: crate::payment_reference::RfCreditorReference::MAX_REFERENCE_LEN
                .saturating_sub(base.len()),
            belgian,
            notice_rf: HashMap::new(),
            notice_sc: FxMap::default(),
            item_sc: Chains::with_capacity(items),
            item_rf_hash: HashMap::new(),
        }
    }

    fn add_item(&mut self, idx: u32, invoice: &InvoiceId, number: &str) {
        let alnum = number.bytes().filter(u8::is_ascii_alphanumeric).count();
        let fits = alnum > 0 && alnum <= self.room;
        if !fits || self.belgian {
            let h = crate::payment_reference::single_invoice_hash(invoice.as_str());
            if self.belgian {
                self.item_sc
                    .insert(h % (StructuredCommunication::MAX_NUMBER + 1), idx);
            }
            if !fits {
                let mut tail = crate::payment_reference::base36(h);
                tail.truncate(self.room);
                self.item_rf_hash
                    .entry(format!("{}{tail}", self.base))
                    .or_default()
                    .push(idx);
            }
        }
    }

    fn add_notice(&mut self, idx: u32, refs: &NoticeReferences) {
        self.notice_rf
            .entry(refs.rf.reference().to_string())
            .or_default()
            .push(idx);
        if let Some(sc) = refs.structured {
            self.notice_sc
                .entry(sc.base_number())
                .or_default()
                .push(idx);
        }
    }
}

/// How many candidates a lookup reads at most (a shared amount, a common number).
const LOOKUP_LIMIT: usize = 64;
/// The most open items of one customer the amount rules read.
pub const MAX_CUSTOMER_ITEMS: usize = 4096;

impl<'a> Matcher<'a> {
    /// Proposes allocations for one line, and, when it applies the line automatically,
    /// lowers what is left owed on its items and learns the payer's account.
    ///
    /// # Example
    /// ```
    /// use relance::matching::{BankLine, MatchPolicy, MatchStatus, Matcher, OpenItem, Receivables, Rule};
    /// use relance::Currency;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let book = Receivables { items: vec![OpenItem::new("INV-1", "F-2025-001", "C-1",
    ///     Currency::EUR, d("2025-01-15"), d("2025-02-14"), "1200.00".parse().unwrap())],
    ///     ..Receivables::default() };
    /// let mut m = Matcher::new(&book, "DUP", "FR7630006000011234567890189", MatchPolicy::default())?;
    /// let line = BankLine::new("L1", d("2025-03-02"), "1200.00".parse().unwrap(), Currency::EUR,
    ///     "FACTURE F 2O25 OO1");
    /// let found = m.match_line(&line);
    /// assert_eq!((found.status, found.rule), (MatchStatus::Auto, Rule::InvoiceNumber));
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn match_line(&mut self, line: &BankLine) -> LineMatch {
        let out = self.decide(line);
        if out.status == MatchStatus::Auto && out.rule != Rule::AlreadyRecorded {
            for a in &out.allocations {
                if let Some(idx) = self.index_of(a.invoice.as_str()) {
                    if let Some(r) = self.remaining.get_mut(idx as usize) {
                        *r = r
                            .saturating_sub(a.amount)
                            .saturating_sub(a.shortfall)
                            .max(Decimal::ZERO);
                    }
                }
            }
            if matches!(out.rule, Rule::Reference | Rule::InvoiceNumber) {
                self.learn(line, &out);
            }
        }
        self.seen.insert(line.id.clone());
        out
    }

    /// Matches every line of a statement, in order.
    ///
    /// # Errors
    /// [`MatchError::TooMany`] beyond [`MAX_LINES`] lines.
    ///
    /// # Example
    /// ```
    /// use relance::matching::{MatchPolicy, Matcher, Receivables};
    /// let book = Receivables::default();
    /// let mut m = Matcher::new(&book, "DUP", "BE68539007547034", MatchPolicy::default())?;
    /// assert!(m.match_statement(&[])?.is_empty());
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn match_statement(&mut self, lines: &[BankLine]) -> Result<Vec<LineMatch>, MatchError> {
        if lines.len() > MAX_LINES {
            return Err(MatchError::TooMany {
                what: "bank lines",
                count: lines.len(),
                max: MAX_LINES,
            });
        }
        Ok(lines.iter().map(|l| self.match_line(l)).collect())
    }

    /// Payer accounts learned from lines a reference or an invoice number matched, in the
    /// order learned: for the host to keep as [`PayerAccount`]s.
    ///
    /// # Example
    /// ```
    /// use relance::matching::{MatchPolicy, Matcher, Receivables};
    /// let book = Receivables::default();
    /// let m = Matcher::new(&book, "DUP", "BE68539007547034", MatchPolicy::default())?;
    /// assert!(m.learned().is_empty());
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn learned(&self) -> &[PayerAccount] {
        &self.learned
    }

    fn learn(&mut self, line: &BankLine, m: &LineMatch) {
        let Some(iban) = line.payer_iban.as_deref().map(normalize_iban) else {
            return;
        };
        let mut customers = m
            .allocations
            .iter()
            .filter_map(|a| self.index_of(a.invoice.as_str()))
            .filter_map(|i| self.book.items.get(i as usize))
            .map(|i| &i.customer);
        let Some(first) = customers.next() else {
            return;
        };
        if customers.any(|c| c != first) {
            return;
        }
        match self.payers.get(&iban) {
            None => {
                self.payers
                    .insert(iban.clone(), Payer::Known(first.clone()));
                self.learned.push(PayerAccount {
                    iban,
                    customer: first.clone(),
                });
            }
            // A learned account seen paying for another customer pays for several; an
            // account the host gave keeps its owner (a reference may pay for a third).
            Some(Payer::Known(c)) if c != first && self.learned.iter().any(|l| l.iban == iban) => {
                self.payers.insert(iban, Payer::Shared);
            }
            _ => {}
        }
    }

    fn payer(&self, line: &BankLine) -> Payer {
        match line.payer_iban.as_deref().map(normalize_iban) {
            Some(iban) => self.payers.get(&iban).cloned().unwrap_or(Payer::Unknown),
            None => Payer::Unknown,
        }
    }

    /// The index of an invoice among the items.
    fn index_of(&self, invoice: &str) -> Option<u32> {
        self.item_index
            .iter(text::fnv(invoice.as_bytes()))
            .find(|&i| {
                self.item(i)
                    .is_some_and(|it| it.invoice.as_str() == invoice)
            })
    }

    fn item(&self, idx: u32) -> Option<&'a OpenItem> {
        self.book.items.get(idx as usize)
    }

    fn remaining(&self, idx: u32) -> Decimal {
        self.remaining
            .get(idx as usize)
            .copied()
            .unwrap_or_default()
    }

    /// An item that can take a payment of this line: open, same currency.
    fn payable(&self, idx: u32, line: &BankLine) -> bool {
        self.item(idx).is_some_and(|i| i.currency == line.currency)
            && self.remaining(idx) > Decimal::ZERO
    }

    fn decide(&self, line: &BankLine) -> LineMatch {
        if let Some(rec) = self.recorded.get(line.id.as_str()) {
            return LineMatch {
                line: line.id.clone(),
                status: MatchStatus::Auto,
                allocations: rec.allocations.clone(),
                confidence: 100,
                reason: "already recorded: the accounts hold payments with this line's id"
                    .to_string(),
                rule: Rule::AlreadyRecorded,
            };
        }
        if self.seen.contains(&line.id) {
            return LineMatch::unmatched(
                &line.id,
                "the same line id appears twice in the statement",
            );
        }
        if line.amount <= Decimal::ZERO {
            return LineMatch::unmatched(&line.id, "not a payment received (debit or zero)");
        }
        let payer = self.payer(line);
        if let Some(m) = self.by_reference(line, &payer) {
            return m;
        }
        if let Some(m) = self.by_number(line, &payer) {
            return m;
        }
        let customer = match &payer {
            Payer::Known(c) => c,
            Payer::Shared => {
                return LineMatch::unmatched(
                    &line.id,
                    "no reference or invoice number, and the payer's account pays for several customers",
                );
            }
            Payer::Unknown => {
                return LineMatch::unmatched(
                    &line.id,
                    "no reference or invoice number, and the payer's account is not known",
                );
            }
        };
        let ck = customer_key(customer);
        // Exact amounts first, rule by rule; an exact fit anywhere beats a fit within a
        // tolerance.
        let (exact_notices, tolerant_notices): (Vec<_>, Vec<_>) = self
            .notice_candidates(line, customer, ck)
            .into_iter()
            .partition(|(_, f)| *f == Fit::Exact);
        if let Some(m) = self.decide_amount_rule(line, Rule::NoticeTotal, 90, exact_notices) {
            return m;
        }
        let (exact_items, tolerant_items): (Vec<_>, Vec<_>) = self
            .item_candidates(line, customer, ck)
            .into_iter()
            .partition(|(_, f)| *f == Fit::Exact);
        if let Some(m) = self.decide_amount_rule(line, Rule::ItemOutstanding, 85, exact_items) {
            return m;
        }
        if let Some(m) = self.by_combination(line, customer, ck) {
            return m;
        }
        // Within a tolerance: one candidate among the notices and the invoices together.
        let mut tolerant: Vec<(Candidate, Fit, Rule)> = Vec::new();
        for (c, f, r) in tolerant_notices
            .into_iter()
            .map(|(c, f)| (c, f, Rule::NoticeTotal))
            .chain(
                tolerant_items
                    .into_iter()
                    .map(|(c, f)| (c, f, Rule::ItemOutstanding)),
            )
        {
            let mut key = c.items.clone();
            key.sort_unstable();
            let dup = tolerant.iter().any(|(o, _, _)| {
                let mut k = o.items.clone();
                k.sort_unstable();
                k == key
            });
            if !dup {
                tolerant.push((c, f, r));
            }
        }
        if let Some(rule) = tolerant.first().map(|t| t.2) {
            let confidence = if rule == Rule::NoticeTotal { 90 } else { 85 };
            let cands = tolerant.into_iter().map(|(c, f, _)| (c, f)).collect();
            if let Some(m) = self.decide_amount_rule(line, rule, confidence, cands) {
                return m;
            }
        }
        LineMatch::unmatched(
            &line.id,
            &format!("no reference, invoice number or amount of customer {customer} fits"),
        )
    }

    /// How `amount` fits `owed` on `items`, under the policy.
    fn fit(&self, line: &BankLine, items: &[u32]) -> Fit {
        let owed = items
            .iter()
            .fold(Decimal::ZERO, |s, &i| s.saturating_add(self.remaining(i)));
        let amount = line.amount;
        if amount == owed {
            return Fit::Exact;
        }
        if amount > owed {
            let over = amount.saturating_sub(owed);
            return if over <= self.policy.overpayment_tolerance {
                Fit::Over(over)
            } else {
                Fit::TooMuch
            };
        }
        let short = owed.saturating_sub(amount);
        if short <= self.policy.bank_charges {
            return Fit::Short(short, "bank charges");
        }
        if let Some(d) = self.policy.early_payment_discount {
            let in_time = items.iter().all(|&i| {
                self.item(i).is_some_and(|it| {
                    it.issue_date
                        .checked_add_days(Days::new(u64::from(d.within_days)))
                        .is_some_and(|last| line.date <= last)
                })
            });
            let principal = items.iter().fold(Decimal::ZERO, |s, &i| {
                s.saturating_add(self.item(i).map(|it| it.principal).unwrap_or_default())
            });
            let discount = checked_mul(principal, d.percent)
                .ok()
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                .map(|x| line.currency.round(x, crate::money::Rounding::HalfUp));
            if let Some(discount) = discount {
                let allowed = discount.saturating_add(self.policy.bank_charges);
                if in_time && short <= allowed {
                    return Fit::Short(short, "early-payment discount");
                }
            }
        }
        Fit::Partial
    }

    /// Splits the line over `items` oldest first, each up to what it owes (or what the
    /// notice claimed on it), the excess on the last; a shortfall accepted is spread over
    /// what is left owed.
    fn allocate(
        &self,
        line: &BankLine,
        items: &[u32],
        claimed: Option<&[Decimal]>,
        fit: Fit,
    ) -> Vec<Allocation> {
        let mut order: Vec<(usize, u32)> = items.iter().copied().enumerate().collect();
        order.sort_by(|(_, a), (_, b)| {
            let key = |i: u32| self.item(i).map(|it| (it.due_date, it.invoice.as_str()));
            key(*a).cmp(&key(*b))
        });
        let mut left = line.amount;
        let mut out: Vec<Allocation> = Vec::with_capacity(order.len());
        for (pos, idx) in &order {
            let Some(item) = self.item(*idx) else {
                continue;
            };
            let mut cap = self.remaining(*idx);
            if let Some(c) = claimed.and_then(|c| c.get(*pos)) {
                cap = cap.min(*c);
            }
            let take = left.min(cap).max(Decimal::ZERO);
            left = left.saturating_sub(take);
            out.push(Allocation {
                invoice: item.invoice.clone(),
                amount: take,
                shortfall: Decimal::ZERO,
            });
        }
        if left > Decimal::ZERO {
            if let Some(last) = out.last_mut() {
                last.amount = last.amount.saturating_add(left);
            }
        }
        if let Fit::Short(_, _) = fit {
            if self.policy.settle_shortfall {
                for (a, (_, idx)) in out.iter_mut().zip(&order) {
                    a.shortfall = self
                        .remaining(*idx)
                        .saturating_sub(a.amount)
                        .max(Decimal::ZERO);
                }
            }
        }
        out.retain(|a| a.amount > Decimal::ZERO || a.shortfall > Decimal::ZERO);
        out
    }

    fn status(&self, confidence: u8) -> MatchStatus {
        if confidence >= self.policy.auto_confidence {
            MatchStatus::Auto
        } else {
            MatchStatus::Suggested
        }
    }

    fn fit_words(fit: Fit) -> String {
        match fit {
            Fit::Exact => "the amount is exactly what is owed".to_string(),
            Fit::Short(by, why) => format!("short by {by}, accepted as {why}"),
            Fit::Over(by) => format!("over by {by}, kept as the customer's credit balance"),
            Fit::Partial => "a partial payment, imputed by the claim ledger".to_string(),
            Fit::TooMuch => "more than is owed beyond the tolerance".to_string(),
        }
    }

    /// A candidate in words.
    fn describe(&self, c: &Candidate) -> String {
        let customer = c
            .items
            .first()
            .and_then(|&i| self.item(i))
            .map(|i| i.customer.as_str())
            .unwrap_or_default();
        match &c.what {
            What::Text(s) => s.clone(),
            What::Numbers => format!(
                "invoice {} of customer {customer}",
                self.numbers_of(&c.items)
            ),
            What::Notice(n) => match self.book.notices.get(*n as usize) {
                Some(notice) => format!(
                    "the total {} claimed by notice {} of {}",
                    notice.total_claimed, notice.key, notice.date
                ),
                None => String::new(),
            },
            What::Outstanding => format!(
                "the outstanding of invoice {} of customer {customer}",
                self.numbers_of(&c.items)
            ),
            What::Combination => format!(
                "invoices {} of customer {customer} add up to the amount",
                self.numbers_of(&c.items)
            ),
        }
    }

    fn numbers_of(&self, items: &[u32]) -> String {
        let mut v: Vec<&str> = items
            .iter()
            .filter_map(|&i| self.item(i))
            .map(|i| i.number.as_str())
            .collect();
        v.sort_unstable();
        v.join(", ")
    }

    fn one_customer(&self, items: &[u32]) -> Option<&'a CustomerId> {
        let mut it = items
            .iter()
            .filter_map(|&i| self.item(i))
            .map(|i| &i.customer);
        let first = it.next()?;
        it.all(|c| c == first).then_some(first)
    }

    /// Two or more candidates: never automatic.
    fn ambiguous(&self, line: &BankLine, rule: Rule, cands: &[Candidate]) -> LineMatch {
        let first = cands.first();
        let allocations = first
            .map(|c| self.allocate(line, &c.items, c.claimed.as_deref(), Fit::Partial))
            .unwrap_or_default();
        let whats: Vec<String> = cands.iter().take(4).map(|c| self.describe(c)).collect();
        LineMatch {
            line: line.id.clone(),
            status: MatchStatus::Suggested,
            allocations,
            confidence: 40,
            reason: format!(
                "ambiguous: {} candidates equally good ({}); a person must choose",
                cands.len(),
                whats.join("; ")
            ),
            rule,
        }
    }

    fn by_reference(&self, line: &BankLine, payer: &Payer) -> Option<LineMatch> {
        let mut texts: Vec<&str> = Vec::with_capacity(3);
        if let Some(r) = &line.reference {
            texts.push(r);
        }
        texts.push(&line.text);
        if let Some(e) = &line.end_to_end_id {
            texts.push(e);
        }
        let mut targets: Vec<(Target, String, bool)> = Vec::new();
        let mut quoted: Option<String> = None;
        for t in texts {
            for rf in text::rf_references(t) {
                let found = self.resolve_rf(rf.reference());
                if !found.is_empty() || quoted.is_none() {
                    quoted.get_or_insert_with(|| rf.print_form());
                }
                for f in found {
                    targets.push((f, rf.print_form(), false));
                }
            }
            if self.references.belgian {
                for sc in text::structured_communications(t) {
                    let found = self.resolve_sc(sc.base_number());
                    quoted.get_or_insert_with(|| sc.to_string());
                    for f in found {
                        let weak = matches!(f, Target::Item(_));
                        targets.push((f, sc.to_string(), weak));
                    }
                }
            }
            if !targets.is_empty() {
                break;
            }
        }
        // The latest notice first: under one reference (the same invoices), it claimed
        // what is owed now.
        targets.sort_by_key(|(t, _, _)| match *t {
            Target::Notice(n) => {
                std::cmp::Reverse(self.book.notices.get(n as usize).map(|x| x.date))
            }
            Target::Item(_) => std::cmp::Reverse(None),
        });
        // Candidate item sets, deduplicated.
        let mut cands: Vec<Candidate> = Vec::new();
        let mut covered_but_closed: Option<String> = None;
        for (t, printed, weak) in &targets {
            let (items, claimed, what): (Vec<u32>, Option<Vec<Decimal>>, What) = match *t {
                Target::Item(i) => (
                    vec![i],
                    None,
                    What::Text(format!(
                        "reference {printed} of invoice {}",
                        self.item(i).map(|x| x.number.as_str()).unwrap_or_default()
                    )),
                ),
                Target::Notice(n) => {
                    let Some(notice) = self.book.notices.get(n as usize) else {
                        continue;
                    };
                    let mut items = Vec::new();
                    let mut claimed = Vec::new();
                    for ni in notice.items.iter().take(MAX_NOTICE_ITEMS) {
                        if let Some(i) = self.index_of(ni.invoice.as_str()) {
                            items.push(i);
                            claimed.push(ni.claimed);
                        }
                    }
                    (
                        items,
                        Some(claimed),
                        What::Text(format!(
                            "reference {printed} of notice {} to {}",
                            notice.key, notice.customer
                        )),
                    )
                }
            };
            let open: Vec<u32> = items
                .iter()
                .copied()
                .filter(|&i| self.payable(i, line))
                .collect();
            if open.is_empty() {
                if covered_but_closed.is_none() {
                    covered_but_closed = Some(self.describe(&Candidate {
                        items: items.clone(),
                        what: what.clone(),
                        claimed: None,
                        weak: false,
                    }));
                }
                continue;
            }
            let mut sorted = open.clone();
            sorted.sort_unstable();
            if cands.iter().any(|c| {
                let mut s = c.items.clone();
                s.sort_unstable();
                s == sorted
            }) {
                continue;
            }
            // Claimed amounts follow the open items.
            let claimed = claimed.map(|c| {
                items
                    .iter()
                    .zip(c)
                    .filter(|(i, _)| self.payable(**i, line))
                    .map(|(_, c)| c)
                    .collect()
            });
            cands.push(Candidate {
                items: open,
                what,
                claimed,
                weak: *weak,
            });
        }
        match cands.as_slice() {
            [] => {
                if let Some(what) = covered_but_closed {
                    return Some(LineMatch {
                        status: MatchStatus::Suggested,
                        confidence: 30,
                        reason: format!(
                            "{what}, but nothing is owed on it any more in {}: a refund or \
                             another invoice, for a person to decide",
                            line.currency.code()
                        ),
                        ..LineMatch::unmatched(&line.id, "")
                    })
                    .map(|mut m| {
                        m.rule = Rule::Reference;
                        m
                    });
                }
                // A reference that is not ours (or mistyped): other rules may still match.
                let _ = quoted;
                None
            }
            [one] => {
                let fit = self.fit(line, &one.items);
                let confidence = match (fit, one.weak) {
                    (Fit::Exact | Fit::Short(..) | Fit::Over(_), _) => 100,
                    (Fit::Partial, false) => 95,
                    (Fit::Partial, true) => 70,
                    (Fit::TooMuch, _) => 60,
                };
                let mut reason = format!("{}: {}", self.describe(one), Self::fit_words(fit));
                if let (Payer::Known(c), Some(owner)) = (payer, self.one_customer(&one.items)) {
                    if c != owner {
                        reason.push_str(&format!(
                            "; paid from an account of customer {c}, the reference decides"
                        ));
                    }
                }
                Some(LineMatch {
                    line: line.id.clone(),
                    status: self.status(confidence),
                    allocations: self.allocate(line, &one.items, one.claimed.as_deref(), fit),
                    confidence,
                    reason,
                    rule: Rule::Reference,
                })
            }
            many => Some(self.ambiguous(line, Rule::Reference, many)),
        }
    }

    fn resolve_rf(&self, reference: &str) -> Vec<Target> {
        let mut out = Vec::new();
        let Some(tail) = reference.strip_prefix(self.references.base.as_str()) else {
            return out;
        };
        if let Some(ns) = self.references.notice_rf.get(reference) {
            out.extend(ns.iter().map(|&n| Target::Notice(n)));
        }
        if let Some(is) = self.references.item_rf_hash.get(reference) {
            out.extend(is.iter().map(|&i| Target::Item(i)));
        }
        if !tail.is_empty() {
            let key = text::number_key(tail);
            for i in self.numbers.get(text::fnv(&key), LOOKUP_LIMIT) {
                let exact = self.item(i).is_some_and(|it| {
                    it.number
                        .bytes()
                        .filter(u8::is_ascii_alphanumeric)
                        .map(|b| b.to_ascii_uppercase())
                        .eq(tail.bytes())
                });
                if exact && !out.contains(&Target::Item(i)) {
                    out.push(Target::Item(i));
                }
            }
        }
        out
    }

    fn resolve_sc(&self, number: u64) -> Vec<Target> {
        let mut out: Vec<Target> = self
            .references
            .notice_sc
            .get(&number)
            .map(|ns| ns.iter().map(|&n| Target::Notice(n)).collect())
            .unwrap_or_default();
        out.extend(
            self.references
                .item_sc
                .get(number, LOOKUP_LIMIT)
                .into_iter()
                .map(Target::Item),
        );
        out
    }

    /// Items whose folded number (or digit tail) appears in the text.
    fn numbers_in(&self, line: &BankLine) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for t in [Some(line.text.as_str()), line.end_to_end_id.as_deref()]
            .into_iter()
            .flatten()
        {
            let f = text::folded(t);
            let n = f.chars.len();
            for s in 0..n {
                if !f.start.get(s).copied().unwrap_or(false) {
                    continue;
                }
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for e in s..n.min(s + 63) {
                    let Some(&c) = f.chars.get(e) else { break };
                    h ^= u64::from(c);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                    let len = e + 1 - s;
                    if self.lengths & (1u64 << len) == 0 || !f.end.get(e).copied().unwrap_or(false)
                    {
                        continue;
                    }
                    let Some(slice) = f.chars.get(s..=e) else {
                        continue;
                    };
                    for i in self.numbers.get(h, LOOKUP_LIMIT) {
                        if self.item(i).is_some_and(|it| {
                            text::folded_number(&it.number).eq(slice.iter().copied())
                        }) && !found.contains(&i)
                        {
                            found.push(i);
                        }
                    }
                    if len >= MIN_DIGIT_TAIL && slice.iter().all(u8::is_ascii_digit) {
                        for i in self.tails.get(h, LOOKUP_LIMIT) {
                            let ok = self.item(i).is_some_and(|it| {
                                let mut key = Vec::with_capacity(24);
                                text::number_key_into(&it.number, &mut key);
                                text::digit_tail(&key) == Some(slice)
                            });
                            if ok && !found.contains(&i) {
                                found.push(i);
                            }
                        }
                    }
                    if found.len() >= LOOKUP_LIMIT {
                        return found;
                    }
                }
            }
        }
        found
    }

    fn by_number(&self, line: &BankLine, payer: &Payer) -> Option<LineMatch> {
        let found: Vec<u32> = self
            .numbers_in(line)
            .into_iter()
            .filter(|&i| self.item(i).is_some_and(|it| it.currency == line.currency))
            .collect();
        if found.is_empty() {
            return None;
        }
        // The same number at two customers: the payer decides, else it is ambiguous.
        let mut groups: Vec<(&CustomerId, Vec<u32>)> = Vec::new();
        for &i in &found {
            let Some(it) = self.item(i) else { continue };
            match groups.iter_mut().find(|(c, _)| *c == &it.customer) {
                Some((_, v)) => v.push(i),
                None => groups.push((&it.customer, vec![i])),
            }
        }
        if groups.len() > 1 {
            if let Payer::Known(c) = payer {
                groups.retain(|(g, _)| *g == c);
            }
        }
        let cands: Vec<Candidate> = groups
            .iter()
            .map(|(_, items)| Candidate {
                items: items.clone(),
                what: What::Numbers,
                claimed: None,
                weak: false,
            })
            .collect();
        let [one] = cands.as_slice() else {
            return if cands.is_empty() {
                None
            } else {
                Some(self.ambiguous(line, Rule::InvoiceNumber, &cands))
            };
        };
        let open: Vec<u32> = one
            .items
            .iter()
            .copied()
            .filter(|&i| self.payable(i, line))
            .collect();
        if open.is_empty() {
            return Some(LineMatch {
                status: MatchStatus::Suggested,
                confidence: 30,
                reason: format!(
                    "the text names {}, but nothing is owed on it any more: a refund or a \
                     double payment, for a person to decide",
                    self.describe(one)
                ),
                rule: Rule::InvoiceNumber,
                ..LineMatch::unmatched(&line.id, "")
            });
        }
        let owner = self.one_customer(&open);
        let payer_agrees = match (payer, owner) {
            (Payer::Known(c), Some(o)) => Some(c == o),
            _ => None,
        };
        let fit = self.fit(line, &open);
        let mut confidence: u8 = match (fit, payer_agrees) {
            (Fit::Exact | Fit::Short(..) | Fit::Over(_), Some(true) | None) => 95,
            (Fit::Partial, Some(true)) => 85,
            (Fit::Partial, None) => 70,
            (Fit::TooMuch, _) => 60,
            (_, Some(false)) => 50,
        };
        let mut reason = format!(
            "the text names {}: {}",
            self.describe(one),
            Self::fit_words(fit)
        );
        if payer_agrees == Some(false) {
            reason.push_str("; but the payer's account belongs to another customer");
            confidence = confidence.min(50);
        }
        Some(LineMatch {
            line: line.id.clone(),
            status: self.status(confidence),
            allocations: self.allocate(line, &open, None, fit),
            confidence,
            reason,
            rule: Rule::InvoiceNumber,
        })
    }

    /// Fits within the tolerances, accepted by the amount rules.
    fn accepted(fit: Fit) -> bool {
        matches!(fit, Fit::Exact | Fit::Short(..) | Fit::Over(_))
    }

    fn notice_candidates(
        &self,
        line: &BankLine,
        customer: &CustomerId,
        ck: u64,
    ) -> Vec<(Candidate, Fit)> {
        let Some(notices) = self.notices_by_customer.get(&ck) else {
            return Vec::new();
        };
        let mut cands: Vec<(Candidate, Fit)> = Vec::new();
        for &n in notices.iter().rev().take(LOOKUP_LIMIT) {
            let Some(notice) = self.book.notices.get(n as usize) else {
                continue;
            };
            if notice.currency != line.currency || &notice.customer != customer {
                continue;
            }
            // The total as printed, against the line; the items must still be open.
            let mut items = Vec::new();
            let mut claimed = Vec::new();
            for ni in notice.items.iter().take(MAX_NOTICE_ITEMS) {
                if let Some(i) = self.index_of(ni.invoice.as_str()) {
                    if self.payable(i, line) {
                        items.push(i);
                        claimed.push(ni.claimed);
                    }
                }
            }
            if items.len() != notice.items.len() || items.is_empty() {
                continue;
            }
            let fit = self.fit_to(line, notice.total_claimed, &items);
            if !Self::accepted(fit) {
                continue;
            }
            let mut sorted = items.clone();
            sorted.sort_unstable();
            if cands.iter().any(|(c, _)| {
                let mut s = c.items.clone();
                s.sort_unstable();
                s == sorted
            }) {
                continue;
            }
            cands.push((
                Candidate {
                    items,
                    what: What::Notice(n),
                    claimed: Some(claimed),
                    weak: false,
                },
                fit,
            ));
        }
        cands
    }

    /// How the line fits a printed total (a notice's), for items it covers.
    fn fit_to(&self, line: &BankLine, total: Decimal, items: &[u32]) -> Fit {
        let owed_now = items
            .iter()
            .fold(Decimal::ZERO, |s, &i| s.saturating_add(self.remaining(i)));
        if total > owed_now {
            // Paid in part since: the printed total no longer is what is owed.
            return Fit::TooMuch;
        }
        let amount = line.amount;
        if amount == total {
            return Fit::Exact;
        }
        if amount > total {
            return if amount.saturating_sub(total) <= self.policy.overpayment_tolerance {
                Fit::Over(amount.saturating_sub(total))
            } else {
                Fit::TooMuch
            };
        }
        let short = total.saturating_sub(amount);
        if short <= self.policy.bank_charges {
            Fit::Short(short, "bank charges")
        } else {
            Fit::Partial
        }
    }

    fn decide_amount_rule(
        &self,
        line: &BankLine,
        rule: Rule,
        confidence: u8,
        cands: Vec<(Candidate, Fit)>,
    ) -> Option<LineMatch> {
        // Exact fits beat fits within a tolerance.
        let exact: Vec<&(Candidate, Fit)> =
            cands.iter().filter(|(_, f)| *f == Fit::Exact).collect();
        let best: Vec<&(Candidate, Fit)> = if exact.is_empty() {
            cands.iter().collect()
        } else {
            exact
        };
        match best.as_slice() {
            [] => None,
            [(c, fit)] => {
                let confidence = if *fit == Fit::Exact {
                    confidence
                } else {
                    confidence.saturating_sub(5)
                };
                Some(LineMatch {
                    line: line.id.clone(),
                    status: self.status(confidence),
                    allocations: self.allocate(line, &c.items, c.claimed.as_deref(), *fit),
                    confidence,
                    reason: format!("{}: {}", self.describe(c), Self::fit_words(*fit)),
                    rule,
                })
            }
            many => {
                let list: Vec<Candidate> = many
                    .iter()
                    .map(|(c, _)| Candidate {
                        items: c.items.clone(),
                        what: c.what.clone(),
                        claimed: c.claimed.clone(),
                        weak: false,
                    })
                    .collect();
                Some(self.ambiguous(line, rule, &list))
            }
        }
    }

    /// The customer's open items in the line's currency, oldest first (at most
    /// [`MAX_CUSTOMER_ITEMS`] read).
    fn customer_items(&self, ck: u64, customer: &CustomerId, line: &BankLine) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .by_customer
            .iter(ck)
            .take(MAX_CUSTOMER_ITEMS)
            .filter(|&i| {
                self.payable(i, line) && self.item(i).is_some_and(|it| &it.customer == customer)
            })
            .collect();
        v.sort_by(|a, b| {
            let key = |i: u32| self.item(i).map(|it| (it.due_date, it.invoice.as_str()));
            key(*a).cmp(&key(*b))
        });
        v
    }

    fn item_candidates(
        &self,
        line: &BankLine,
        customer: &CustomerId,
        ck: u64,
    ) -> Vec<(Candidate, Fit)> {
        let mut cands: Vec<(Candidate, Fit)> = Vec::new();
        // Exact amounts from the index, then the customer's oldest items for tolerances.
        let exact: Vec<u32> = amount_key(line.amount, line.currency)
            .map(|ak| self.item_amounts.get(mix(ck, ak), LOOKUP_LIMIT))
            .unwrap_or_default();
        let tolerant = self.policy.bank_charges > Decimal::ZERO
            || self.policy.early_payment_discount.is_some()
            || self.policy.overpayment_tolerance > Decimal::ZERO;
        let mut pool: Vec<u32> = exact;
        if tolerant {
            for i in self
                .customer_items(ck, customer, line)
                .into_iter()
                .take(LOOKUP_LIMIT)
            {
                if !pool.contains(&i) {
                    pool.push(i);
                }
            }
        }
        for i in pool {
            if !self.payable(i, line) || self.item(i).is_none_or(|it| &it.customer != customer) {
                continue;
            }
            let fit = self.fit(line, &[i]);
            if Self::accepted(fit) {
                cands.push((
                    Candidate {
                        items: vec![i],
                        what: What::Outstanding,
                        claimed: None,
                        weak: false,
                    },
                    fit,
                ));
            }
        }
        cands
    }

    fn by_combination(&self, line: &BankLine, customer: &CustomerId, ck: u64) -> Option<LineMatch> {
        let items: Vec<u32> = self
            .customer_items(ck, customer, line)
            .into_iter()
            .take(self.policy.combination_items)
            .collect();
        let owed: Vec<Decimal> = items.iter().map(|&i| self.remaining(i)).collect();
        let target = line.amount;
        for size in 2..=self.policy.max_combination.min(items.len()) {
            let mut found: Vec<Vec<usize>> = Vec::new();
            let mut idx: Vec<usize> = (0..size).collect();
            // Lexicographic combinations: the oldest first.
            loop {
                let sum = idx
                    .iter()
                    .filter_map(|&k| owed.get(k))
                    .try_fold(Decimal::ZERO, |s, x| checked_add(s, *x).ok());
                if sum == Some(target) {
                    found.push(idx.clone());
                    if found.len() > 1 {
                        break;
                    }
                }
                // Next combination.
                let mut k = size;
                let mut advanced = false;
                while k > 0 {
                    k -= 1;
                    let limit = items.len() - size + k;
                    if idx.get(k).is_some_and(|&v| v < limit) {
                        if let Some(v) = idx.get_mut(k) {
                            *v += 1;
                        }
                        let base = idx.get(k).copied().unwrap_or(0);
                        for (off, j) in (k + 1..size).enumerate() {
                            if let Some(v) = idx.get_mut(j) {
                                *v = base + off + 1;
                            }
                        }
                        advanced = true;
                        break;
                    }
                }
                if !advanced {
                    break;
                }
            }
            if found.is_empty() {
                continue;
            }
            let cands: Vec<Candidate> = found
                .iter()
                .map(|combo| {
                    let its: Vec<u32> = combo
                        .iter()
                        .filter_map(|&k| items.get(k).copied())
                        .collect();
                    Candidate {
                        what: What::Combination,
                        items: its,
                        claimed: None,
                        weak: false,
                    }
                })
                .collect();
            return Some(match cands.as_slice() {
                [one] => LineMatch {
                    line: line.id.clone(),
                    status: self.status(80),
                    allocations: self.allocate(line, &one.items, None, Fit::Exact),
                    confidence: 80,
                    reason: format!(
                        "{} (the only combination of {size} among the {} oldest open invoices)",
                        self.describe(one),
                        items.len()
                    ),
                    rule: Rule::Combination,
                },
                many => self.ambiguous(line, Rule::Combination, many),
            });
        }
        None
    }
}
