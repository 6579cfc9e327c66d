//! What the engine's own records say about payments: the notices each account's history
//! shows delivered (and the references they printed), the invoices still owed, and the
//! bank lines already recorded.

use super::{
    Allocation, MatchError, NoticeItem, OpenItem, Receivables, RecordedLine, SHORTFALL_SUFFIX,
    SentNotice,
};
use crate::account::{Account, Status};
use crate::event::EventKind;
use crate::ids::{CustomerId, InvoiceId};
use crate::money::{Rounding, checked_add};
use crate::payment_reference::{NoticeReferences, RfCreditorReference, StructuredCommunication};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What a printed reference covered: a notice (its key) or an invoice alone, and the
/// invoices.
///
/// # Example
/// ```
/// let c = relance::matching::Covered { notice: None, customer: "C-1".into(), invoices: vec!["INV-1".into()] };
/// assert!(c.notice.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    /// The notice's idempotency key; `None` for an invoice's own reference.
    pub notice: Option<String>,
    /// The customer.
    pub customer: CustomerId,
    /// The invoices covered.
    pub invoices: Vec<InvoiceId>,
}

/// Every reference relance printed or would print, resolved from the account histories:
/// each notice delivered (its [`NoticeDelivered`](crate::EventKind::NoticeDelivered)
/// events list the invoices under its key) and each invoice alone. Built with the
/// creditor's reference base and IBAN the notices were printed with.
///
/// # Example
/// ```
/// # use relance::*;
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let open = |id: &str, number: &str| Account::open(Invoice::single(id, number, "C-1",
///     Currency::EUR, d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
/// let mut accounts = vec![open("INV-1", "F-1"), open("INV-2", "F-2")];
/// // One notice covered both invoices: the engine recorded its delivery on each.
/// for acc in &mut accounts {
///     let id = acc.invoice().id.clone();
///     acc.apply(&Event::new(&id, d("2025-02-08"), EventKind::NoticeDelivered {
///         key: "notice-email-EUR-C-1-0f".into(), channel: Channel::Email, receipt: "m-1".into() })).unwrap();
/// }
/// let refs = relance::matching::References::from_accounts(&accounts, "DUP", "BE68539007547034")?;
/// let printed = NoticeReferences::for_invoices("DUP", "BE68539007547034",
///     &[("INV-1", "F-1"), ("INV-2", "F-2")])?;
/// let found = refs.resolve(&printed.rf.print_form());
/// assert_eq!(found[0].invoices, vec![InvoiceId::from("INV-1"), InvoiceId::from("INV-2")]);
/// let found = refs.resolve(&printed.structured.unwrap().to_string());
/// assert_eq!(found[0].notice.as_deref(), Some("notice-email-EUR-C-1-0f"));
/// // An invoice's own reference resolves to it.
/// let own = NoticeReferences::for_invoices("DUP", "BE68539007547034", &[("INV-1", "F-1")])?;
/// assert_eq!(own.rf.print_form(), "RF67 DUPF 1");
/// assert_eq!(refs.resolve("RF67 DUPF 1")[0].invoices, vec![InvoiceId::from("INV-1")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct References {
    rf: HashMap<String, Vec<usize>>,
    sc: HashMap<u64, Vec<usize>>,
    covered: Vec<Covered>,
}

impl References {
    /// The references of every notice delivered on `accounts` and of every invoice alone.
    ///
    /// # Errors
    /// [`MatchError::Reference`] for a base that cannot make references.
    ///
    /// # Example
    /// ```
    /// let r = relance::matching::References::from_accounts(&[], "DUP", "BE68539007547034")?;
    /// assert!(r.resolve("RF18539007547034").is_empty());
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn from_accounts(
        accounts: &[Account],
        reference_base: &str,
        creditor_iban: &str,
    ) -> Result<References, MatchError> {
        let mut out = References::default();
        // key -> (customer, (id, number) pairs, ids)
        type Group<'a> = (CustomerId, Vec<(&'a str, &'a str)>, Vec<InvoiceId>);
        let mut groups: BTreeMap<&str, Group<'_>> = BTreeMap::new();
        for acc in accounts {
            let inv = acc.invoice();
            out.add(
                NoticeReferences::for_invoices(
                    reference_base,
                    creditor_iban,
                    &[(inv.id.as_str(), inv.number.as_str())],
                )?,
                Covered {
                    notice: None,
                    customer: inv.customer.clone(),
                    invoices: vec![inv.id.clone()],
                },
            );
            for e in acc.history() {
                if let EventKind::NoticeDelivered { key, .. } = &e.kind {
                    let g = groups
                        .entry(key.as_str())
                        .or_insert_with(|| (inv.customer.clone(), Vec::new(), Vec::new()));
                    if !g.2.contains(&inv.id) {
                        g.1.push((inv.id.as_str(), inv.number.as_str()));
                        g.2.push(inv.id.clone());
                    }
                }
            }
        }
        for (key, (customer, pairs, mut invoices)) in groups {
            invoices.sort();
            out.add(
                NoticeReferences::for_invoices(reference_base, creditor_iban, &pairs)?,
                Covered {
                    notice: Some(key.to_string()),
                    customer,
                    invoices,
                },
            );
        }
        Ok(out)
    }

    fn add(&mut self, refs: NoticeReferences, covered: Covered) {
        let i = self.covered.len();
        // One entry per distinct set of invoices under a reference.
        let same = |c: &Covered| c.invoices == covered.invoices;
        let rf = self.rf.entry(refs.rf.as_str().to_string()).or_default();
        if let Some(&j) = rf.iter().find(|&&j| self.covered.get(j).is_some_and(same)) {
            if let Some(sc) = refs.structured {
                let v = self.sc.entry(sc.base_number()).or_default();
                if !v.contains(&j) {
                    v.push(j);
                }
            }
            return;
        }
        rf.push(i);
        if let Some(sc) = refs.structured {
            self.sc.entry(sc.base_number()).or_default().push(i);
        }
        self.covered.push(covered);
    }

    /// What `reference` (an RF reference or a structured communication, in any printed
    /// form) covered. More than one entry when two notices' references collide: then the
    /// reference alone does not decide.
    ///
    /// # Example
    /// ```
    /// let r = relance::matching::References::default();
    /// assert!(r.resolve("+++012/3456/78939+++").is_empty());
    /// ```
    pub fn resolve(&self, reference: &str) -> Vec<&Covered> {
        let ids: Option<&Vec<usize>> = match RfCreditorReference::parse(reference) {
            Ok(rf) => self.rf.get(rf.as_str()),
            Err(_) => StructuredCommunication::parse(reference)
                .ok()
                .and_then(|sc| self.sc.get(&sc.base_number())),
        };
        ids.map(|v| v.iter().filter_map(|&i| self.covered.get(i)).collect())
            .unwrap_or_default()
    }
}

impl OpenItem {
    /// The open item of an account: `None` when nothing is owed or the invoice was written
    /// off.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let item = relance::matching::OpenItem::of(&acc).unwrap();
    /// assert_eq!(item.owed, dec!(100.00));
    /// ```
    pub fn of(account: &Account) -> Option<OpenItem> {
        if matches!(account.status(), Status::WrittenOff { .. }) {
            return None;
        }
        let claim = account.claim();
        if !claim.total.is_positive() {
            return None;
        }
        let inv = account.invoice();
        Some(OpenItem {
            invoice: inv.id.clone(),
            number: inv.number.clone(),
            customer: inv.customer.clone(),
            currency: inv.currency,
            issue_date: inv.issue_date,
            due_date: account
                .oldest_unpaid_due_date()
                .or_else(|| inv.first_due_date())
                .unwrap_or(inv.issue_date),
            owed: claim.total.amount,
            principal: claim.principal.open,
        })
    }
}

impl Receivables {
    /// Everything the matcher reads, from the engine's records: the open items of
    /// `accounts`, the notices their histories show delivered (the total each claimed
    /// rebuilt from the history: the principal due on the step's date and the
    /// accessories then open, as the planner computed it), and the bank lines already
    /// recorded (payments carrying an external id). Payer accounts are the host's to add.
    ///
    /// # Errors
    /// [`MatchError::Reference`] for a base that cannot make references;
    /// [`MatchError::Money`] on overflow.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// acc.apply(&Event { external_id: Some("bank-7".into()), ..Event::new(&"INV-1".into(),
    ///     d("2025-02-03"), EventKind::Payment { amount: dec!(40.00) }) }).unwrap();
    /// let r = relance::matching::Receivables::from_accounts(&[acc], "DUP", "BE68539007547034")?;
    /// assert_eq!(r.items[0].owed, dec!(60.00));
    /// assert_eq!(r.recorded[0].line, "bank-7");
    /// # Ok::<(), relance::matching::MatchError>(())
    /// ```
    pub fn from_accounts(
        accounts: &[Account],
        reference_base: &str,
        creditor_iban: &str,
    ) -> Result<Receivables, MatchError> {
        let mut out = Receivables {
            items: accounts.iter().filter_map(OpenItem::of).collect(),
            ..Receivables::default()
        };
        // key -> (customer, date, currency, items, numbers)
        type Group = (
            CustomerId,
            NaiveDate,
            crate::money::Currency,
            Vec<NoticeItem>,
            Vec<String>,
        );
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        let mut recorded: BTreeMap<String, Vec<Allocation>> = BTreeMap::new();
        for acc in accounts {
            let inv = acc.invoice();
            let currency = inv.currency;
            let mut replay = Account::open(inv.clone()).map_err(|_| MatchError::Statement {
                element: inv.id.to_string(),
                problem: "the invoice does not open an account".into(),
            })?;
            let mut step_date: Option<NaiveDate> = None;
            for e in acc.history() {
                match &e.kind {
                    EventKind::NoticeDelivered { key, .. } => {
                        let as_of = step_date.unwrap_or(e.on);
                        let reference = replay.oldest_unpaid_due_date().unwrap_or(as_of);
                        let due = currency
                            .round(replay.due_by(as_of.max(reference)).amount, Rounding::HalfUp);
                        let c = replay.claim();
                        let claimed = [c.fees.open, c.interest.open, c.compensation.open]
                            .into_iter()
                            .try_fold(due, checked_add)?;
                        let g = groups.entry(key.clone()).or_insert_with(|| {
                            (inv.customer.clone(), e.on, currency, Vec::new(), Vec::new())
                        });
                        if !g.3.iter().any(|i| i.invoice == inv.id) {
                            g.3.push(NoticeItem {
                                invoice: inv.id.clone(),
                                claimed,
                            });
                            g.4.push(inv.number.clone());
                        }
                    }
                    EventKind::StepReached { .. } => step_date = Some(e.on),
                    EventKind::Payment { amount } => {
                        if let Some(id) = &e.external_id {
                            let v = recorded.entry(id.clone()).or_default();
                            v.push(Allocation {
                                invoice: inv.id.clone(),
                                amount: *amount,
                                shortfall: Decimal::ZERO,
                            });
                        }
                    }
                    EventKind::CreditNote { amount } => {
                        if let Some(line) = e
                            .external_id
                            .as_deref()
                            .and_then(|id| id.strip_suffix(SHORTFALL_SUFFIX))
                        {
                            let v = recorded.entry(line.to_string()).or_default();
                            match v.iter_mut().find(|a| a.invoice == inv.id) {
                                Some(a) => a.shortfall = checked_add(a.shortfall, *amount)?,
                                None => v.push(Allocation {
                                    invoice: inv.id.clone(),
                                    amount: Decimal::ZERO,
                                    shortfall: *amount,
                                }),
                            }
                        }
                    }
                    _ => {}
                }
                // The history replayed as it was recorded; a history the account accepted
                // replays, so an error here only stops the rebuilding of totals.
                if replay.apply(e).is_err() {
                    break;
                }
            }
        }
        for (key, (customer, date, currency, items, numbers)) in groups {
            let pairs: Vec<(&str, &str)> = items
                .iter()
                .zip(&numbers)
                .map(|(i, n)| (i.invoice.as_str(), n.as_str()))
                .collect();
            let references = NoticeReferences::for_invoices(reference_base, creditor_iban, &pairs)?;
            let total_claimed = items
                .iter()
                .map(|i| i.claimed)
                .try_fold(Decimal::ZERO, checked_add)?;
            out.notices.push(SentNotice {
                key,
                customer,
                date,
                currency,
                items,
                total_claimed,
                references,
            });
        }
        out.recorded = recorded
            .into_iter()
            .map(|(line, allocations)| RecordedLine { line, allocations })
            .collect();
        Ok(out)
    }
}
