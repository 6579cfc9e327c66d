//! The hand-over dossier: what a collection agency, a bailiff (commissaire de justice,
//! huissier, Gerichtsvollzieher) or a solicitor needs to take a claim to court.
//!
//! Built from the accounts' event histories (the library's record of everything that
//! happened), the host's archive of sent notices (their [`ContentDigest`]s, see
//! [`RenderedNotice::digest`](crate::notice::RenderedNotice::digest)) and, optionally, the
//! interest computed at the hand-over date. Serialisable, deterministic (ordered by date,
//! then invoice).
//!
//! # Example
//! ```
//! use relance::*;
//! use relance::notice::{Creditor, Dossier};
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! let customer = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business, Country::FR,
//!     Language::Fr, Zone::EUROPE_PARIS);
//! let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
//!     d("2025-01-15"), "1200.00".parse().unwrap(), d("2025-02-14"))).unwrap();
//! acc.apply(&Event::new(&"INV-1".into(), d("2025-03-01"), EventKind::Payment { amount: "200.00".parse().unwrap() })).unwrap();
//! let creditor = Creditor::new("Atelier Dupont SARL", "RCS Lyon 512 345 678", "FR7630006000011234567890189", "DUP");
//! let dossier = Dossier::build(d("2025-05-01"), &creditor, &customer, &[acc], &[], None)?;
//! assert_eq!(dossier.claim.total.to_string(), "1000.00 EUR");
//! assert_eq!(dossier.procedure.id, "fr.small_claims");
//! assert_eq!(dossier.payments.len(), 1);
//! # Ok::<(), relance::notice::NoticeError>(())
//! ```

use crate::account::{Account, InvoiceClaim};
use crate::action::IdempotencyKey;
use crate::customer::{Customer, CustomerKind};
use crate::event::EventKind;
use crate::invoice::Instalment;
use crate::jurisdiction::Country;
use crate::ladder::{Channel, Stage};
use crate::money::{Currency, Money};
use crate::notice::content::{Creditor, Debtor, InterestSection};
use crate::notice::digest::ContentDigest;
use crate::notice::error::NoticeError;
use crate::notice::legal::fr_small_claims;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A notice the host sent, from its archive: the key and the digest of what was sent.
///
/// # Example
/// ```
/// use relance::notice::{ContentDigest, SentNotice};
/// let s = SentNotice { key: relance::IdempotencyKey::from_parts("notice", "C-1", &[]), digest: ContentDigest::of("...") };
/// assert!(s.digest.as_str().starts_with("fnv1a64:"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentNotice {
    /// The notice's idempotency key.
    pub key: IdempotencyKey,
    /// The digest of the rendered notice.
    pub digest: ContentDigest,
}

/// An invoice and its terms, as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierInvoice {
    /// Printed number.
    pub number: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Instalments and due dates (the payment terms).
    pub instalments: Vec<Instalment>,
    /// Invoiced.
    pub invoiced: Money,
    /// Paid, net of reversals.
    pub paid: Money,
    /// Credited.
    pub credited: Money,
    /// Outstanding principal.
    pub outstanding: Money,
    /// Fees charged by notices and still unpaid.
    pub fees: Money,
    /// The claim ledger: principal, fees, interest and compensation claimed, paid, waived
    /// and open, and the credit balance ([`Account::claim`]).
    pub claim: InvoiceClaim,
    /// The invoice's state on the day the dossier is prepared (`DunningState` names, e.g. `judicial`).
    pub status: String,
    /// The claim's limitation ([`Limitation`](crate::Limitation)): its rule and last day,
    /// when the customer's law is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation: Option<crate::limitation::Limitation>,
}

/// How one channel of a notice went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDelivery {
    /// The notice's key.
    pub key: String,
    /// The channel.
    pub channel: Channel,
    /// When the outcome was recorded.
    pub on: NaiveDate,
    /// Delivered or not.
    pub delivered: bool,
    /// The delivery receipt, or the failure reason.
    pub detail: String,
    /// The digest of what was sent, from the host's archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<ContentDigest>,
}

/// A ladder step issued to the debtor, with its deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierNotice {
    /// Date issued.
    pub date: NaiveDate,
    /// Step position.
    pub step: usize,
    /// Step name.
    pub step_name: String,
    /// Stage.
    pub stage: Stage,
    /// The invoices it concerned.
    pub invoices: Vec<String>,
    /// The deadline it gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// Per channel and key.
    pub deliveries: Vec<DossierDelivery>,
}

/// A payment, reversal or credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierPayment {
    /// The invoice.
    pub invoice: String,
    /// Date.
    pub date: NaiveDate,
    /// `payment`, `payment_reversal` or `credit_note`.
    pub kind: String,
    /// Amount.
    pub amount: Money,
}

/// A dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDispute {
    /// The invoice.
    pub invoice: String,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// The debtor's reason.
    pub reason: String,
    /// Resolved on, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<NaiveDate>,
    /// Upheld (the debtor was right), if resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upheld: Option<bool>,
}

/// A promise to pay or a payment plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierPromise {
    /// The invoice.
    pub invoice: String,
    /// Made on.
    pub made_on: NaiveDate,
    /// `promise_to_pay` or `payment_plan`.
    pub kind: String,
    /// Last day of the promise, or of the plan's last instalment.
    pub until: NaiveDate,
    /// `kept`, `broken`, `missed_instalment`, or empty while it runs.
    pub outcome: String,
    /// When the outcome was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_on: Option<NaiveDate>,
}

/// The sums claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    /// Outstanding principal.
    pub principal: Money,
    /// Fees charged and still unpaid.
    pub fees: Money,
    /// Interest and fixed compensation: at the hand-over date when an interest section is
    /// given, else what the notices claimed and is still unpaid (the claim ledger).
    pub interest: Money,
    /// Total.
    pub total: Money,
    /// The customer's money on these invoices (overpayments, credit notes beyond what
    /// was owed), not set against the claim: the host decides.
    pub credit_balance: Money,
}

/// The procedure suggested for the debtor's country, kind and claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedProcedure {
    /// Stable id, e.g. `fr.small_claims`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Legal basis.
    pub basis: String,
    /// True when it comes from the project's late-payment reference; false for general
    /// knowledge a lawyer should confirm.
    pub from_reference: bool,
    /// What to check or expect.
    pub notes: Vec<String>,
}

/// The case file for the judicial stage. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dossier {
    /// The hand-over date.
    pub prepared_on: NaiveDate,
    /// The claimant.
    pub creditor: Creditor,
    /// The debtor.
    pub debtor: Debtor,
    /// The invoices and their terms.
    pub invoices: Vec<DossierInvoice>,
    /// Every notice issued, with its deliveries, by date.
    pub notices: Vec<DossierNotice>,
    /// Payments, reversals and credit notes, by date.
    pub payments: Vec<DossierPayment>,
    /// Disputes.
    pub disputes: Vec<DossierDispute>,
    /// Promises to pay and payment plans.
    pub promises: Vec<DossierPromise>,
    /// Interest at the hand-over date, if computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestSection>,
    /// The sums claimed.
    pub claim: ClaimSummary,
    /// A dispute is still open.
    pub contested: bool,
    /// The suggested procedure.
    pub procedure: SuggestedProcedure,
}

impl Dossier {
    /// Builds the dossier of `customer`'s `accounts` on `prepared_on`.
    ///
    /// # Errors
    /// [`NoticeError::InvalidCreditor`]; [`NoticeError::Interest`] when the accounts are in
    /// several currencies, none is given, or the interest is in another currency;
    /// [`NoticeError::Money`] on overflow.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::notice::{Creditor, Dossier};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let customer = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business,
    /// #     Country::FR, Language::Fr, Zone::EUROPE_PARIS);
    /// # let creditor = Creditor::new("Atelier Dupont SARL", "RCS Lyon 512 345 678",
    /// #     "FR7630006000011234567890189", "DUP");
    /// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-15"), dec!(1200.00), d("2025-02-14"))).unwrap();
    /// acc.apply(&Event::new(&"INV-1".into(), d("2025-03-01"),
    ///     EventKind::DisputeOpened { reason: "goods never delivered".into(), review_on: None }))
    ///     .unwrap();
    /// let dossier = Dossier::build(d("2025-04-01"), &creditor, &customer, &[acc], &[], None)?;
    /// assert!(dossier.contested); // a lawyer will want to know
    /// assert_eq!(dossier.disputes[0].reason, "goods never delivered");
    /// assert_eq!(dossier.invoices[0].status, "on_hold");
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn build(
        prepared_on: NaiveDate,
        creditor: &Creditor,
        customer: &Customer,
        accounts: &[Account],
        sent: &[SentNotice],
        interest: Option<InterestSection>,
    ) -> Result<Dossier, NoticeError> {
        creditor.validate()?;
        let mut accounts: Vec<&Account> = accounts.iter().collect();
        accounts.sort_by(|a, b| a.invoice().id.cmp(&b.invoice().id));
        let currency = single_currency(&accounts)?;
        let digests: BTreeMap<&str, &ContentDigest> =
            sent.iter().map(|s| (s.key.as_str(), &s.digest)).collect();

        let mut invoices = Vec::new();
        let mut notices: BTreeMap<(NaiveDate, usize, String), DossierNotice> = BTreeMap::new();
        let mut payments = Vec::new();
        let mut disputes: Vec<DossierDispute> = Vec::new();
        let mut promises: Vec<DossierPromise> = Vec::new();
        let (mut principal, mut fees) = (Money::zero(currency), Money::zero(currency));
        let (mut claimed_accessories, mut credit_balance) =
            (Money::zero(currency), Money::zero(currency));
        for acc in &accounts {
            let inv = acc.invoice();
            let number = inv.number.clone();
            let claim = acc.claim();
            principal = principal.checked_add(acc.outstanding())?;
            fees = fees.checked_add(acc.fees())?;
            claimed_accessories = claimed_accessories
                .checked_add(Money::new(claim.interest.open, currency))?
                .checked_add(Money::new(claim.compensation.open, currency))?;
            credit_balance = credit_balance.checked_add(claim.credit_balance)?;
            invoices.push(DossierInvoice {
                number: number.clone(),
                issue_date: inv.issue_date,
                instalments: inv.instalments.clone(),
                invoiced: acc.invoiced(),
                paid: acc.paid(),
                credited: acc.credited(),
                outstanding: acc.outstanding(),
                fees: acc.fees(),
                claim,
                status: acc.state(prepared_on).name().to_string(),
                limitation: crate::limitation::Limitation::of(acc, customer),
            });
            let mut current: Option<(NaiveDate, usize, String)> = None;
            for e in acc.history() {
                let money = |amount: Decimal| Money::new(amount, currency);
                match &e.kind {
                    EventKind::StepReached {
                        step,
                        name,
                        stage,
                        deadline,
                        ..
                    } => {
                        let k = (e.on, *step, name.clone());
                        let n = notices.entry(k.clone()).or_insert_with(|| DossierNotice {
                            date: e.on,
                            step: *step,
                            step_name: name.clone(),
                            stage: *stage,
                            invoices: Vec::new(),
                            deadline: *deadline,
                            deliveries: Vec::new(),
                        });
                        n.invoices.push(number.clone());
                        n.deadline = n.deadline.max(*deadline);
                        current = Some(k);
                    }
                    EventKind::NoticeDelivered {
                        key,
                        channel,
                        receipt,
                    } => add_delivery(
                        &mut notices,
                        current.as_ref(),
                        &digests,
                        DossierDelivery {
                            key: key.clone(),
                            channel: *channel,
                            on: e.on,
                            delivered: true,
                            detail: receipt.clone(),
                            digest: None,
                        },
                    ),
                    EventKind::DeliveryFailed {
                        key,
                        channel,
                        reason,
                        ..
                    } => add_delivery(
                        &mut notices,
                        current.as_ref(),
                        &digests,
                        DossierDelivery {
                            key: key.clone(),
                            channel: *channel,
                            on: e.on,
                            delivered: false,
                            detail: reason.clone(),
                            digest: None,
                        },
                    ),
                    EventKind::Payment { amount }
                    | EventKind::PaymentReversal { amount }
                    | EventKind::CreditNote { amount } => payments.push(DossierPayment {
                        invoice: number.clone(),
                        date: e.on,
                        kind: e.kind.name().to_string(),
                        amount: money(*amount),
                    }),
                    EventKind::DisputeOpened { reason, .. } => disputes.push(DossierDispute {
                        invoice: number.clone(),
                        opened_on: e.on,
                        reason: reason.clone(),
                        resolved_on: None,
                        upheld: None,
                    }),
                    EventKind::DisputeResolved { upheld } => {
                        if let Some(d) = disputes
                            .iter_mut()
                            .rev()
                            .find(|d| d.invoice == number && d.resolved_on.is_none())
                        {
                            d.resolved_on = Some(e.on);
                            d.upheld = Some(*upheld);
                        }
                    }
                    EventKind::PromiseToPay { until } => promises.push(DossierPromise {
                        invoice: number.clone(),
                        made_on: e.on,
                        kind: "promise_to_pay".into(),
                        until: *until,
                        outcome: String::new(),
                        outcome_on: None,
                    }),
                    EventKind::PaymentPlanAgreed { schedule } => promises.push(DossierPromise {
                        invoice: number.clone(),
                        made_on: e.on,
                        kind: "payment_plan".into(),
                        until: schedule.last().map_or(e.on, |i| i.due_date),
                        outcome: String::new(),
                        outcome_on: None,
                    }),
                    EventKind::PromiseKept
                    | EventKind::PromiseBroken
                    | EventKind::PlanInstalmentMissed => {
                        let outcome = match e.kind {
                            EventKind::PromiseKept => "kept",
                            EventKind::PromiseBroken => "broken",
                            _ => "missed_instalment",
                        };
                        if let Some(p) = promises
                            .iter_mut()
                            .rev()
                            .find(|p| p.invoice == number && p.outcome.is_empty())
                        {
                            p.outcome = outcome.to_string();
                            p.outcome_on = Some(e.on);
                        }
                    }
                    _ => {}
                }
            }
        }
        payments.sort_by(|a, b| (a.date, &a.invoice).cmp(&(b.date, &b.invoice)));
        disputes.sort_by(|a, b| (a.opened_on, &a.invoice).cmp(&(b.opened_on, &b.invoice)));
        promises.sort_by(|a, b| (a.made_on, &a.invoice).cmp(&(b.made_on, &b.invoice)));
        let notices: Vec<DossierNotice> = notices.into_values().collect();

        let interest_total = match &interest {
            Some(i) => {
                i.check()?;
                if i.total.currency != currency {
                    return Err(NoticeError::Interest {
                        problem: format!(
                            "interest in {}, claim in {}",
                            i.total.currency.code(),
                            currency.code()
                        ),
                    });
                }
                i.total
            }
            None => claimed_accessories,
        };
        let total = principal.checked_add(fees)?.checked_add(interest_total)?;
        let contested = disputes.iter().any(|d| d.resolved_on.is_none());
        let formal_notice_delivered = notices
            .iter()
            .any(|n| n.stage >= Stage::FormalNotice && n.deliveries.iter().any(|d| d.delivered));
        Ok(Dossier {
            prepared_on,
            creditor: creditor.clone(),
            debtor: Debtor::of(customer),
            invoices,
            notices,
            payments,
            disputes,
            promises,
            interest,
            claim: ClaimSummary {
                principal,
                fees,
                interest: interest_total,
                total,
                credit_balance,
            },
            contested,
            procedure: suggest(customer, &total, contested, formal_notice_delivered),
        })
    }
}

fn add_delivery(
    notices: &mut BTreeMap<(NaiveDate, usize, String), DossierNotice>,
    current: Option<&(NaiveDate, usize, String)>,
    digests: &BTreeMap<&str, &ContentDigest>,
    mut delivery: DossierDelivery,
) {
    let Some(n) = current.and_then(|k| notices.get_mut(k)) else {
        return;
    };
    delivery.digest = digests.get(delivery.key.as_str()).map(|d| (*d).clone());
    // A notice listing several invoices records its outcome on each: keep one per key,
    // the latest.
    match n.deliveries.iter_mut().find(|d| d.key == delivery.key) {
        Some(existing) if existing.on <= delivery.on => *existing = delivery,
        Some(_) => {}
        None => n.deliveries.push(delivery),
    }
}

fn single_currency(accounts: &[&Account]) -> Result<Currency, NoticeError> {
    let mut currencies: Vec<Currency> = accounts.iter().map(|a| a.invoice().currency).collect();
    currencies.sort();
    currencies.dedup();
    match currencies.as_slice() {
        [one] => Ok(*one),
        [] => Err(NoticeError::Interest {
            problem: "no invoice to hand over".into(),
        }),
        many => Err(NoticeError::Interest {
            problem: format!(
                "invoices in several currencies ({}): build one dossier per currency",
                many.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
            ),
        }),
    }
}

fn suggest(
    customer: &Customer,
    total: &Money,
    contested: bool,
    formal_notice_delivered: bool,
) -> SuggestedProcedure {
    let mut notes = Vec::new();
    if !formal_notice_delivered {
        notes.push(
            "no delivered formal notice in the file: send one before any procedure".to_string(),
        );
    }
    if contested {
        notes.push(
            "a dispute is open: procedures for uncontested debts may not fit; a court claim \
             on the merits may be needed"
                .to_string(),
        );
    }
    let p = |id: &str, name: &str, basis: &str, from_reference: bool, extra: &[&str]| {
        let mut n: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        n.extend(notes.iter().cloned());
        SuggestedProcedure {
            id: id.into(),
            name: name.into(),
            basis: basis.into(),
            from_reference,
            notes: n,
        }
    };
    let country = customer.country;
    if country == Country::FR {
        if fr_small_claims(total) {
            p(
                "fr.small_claims",
                "Procédure simplifiée de recouvrement des petites créances",
                "Code des procédures civiles d'exécution, art. L125-1",
                true,
                &[
                    "claims up to EUR 5,000 including interest, run by a commissaire de justice",
                    "the debtor has one month to accept; on refusal or silence: injonction de payer",
                ],
            )
        } else {
            p(
                "fr.injonction_de_payer",
                "Injonction de payer",
                "Code de procédure civile, art. 1405 et suivants",
                true,
                &[
                    "the order must be served within 6 months",
                    "the debtor may object within one month of service",
                ],
            )
        }
    } else if country == Country::BE {
        if customer.kind == CustomerKind::Consumer {
            p(
                "be.court_claim",
                "Citation devant le juge de paix ou le tribunal compétent / dagvaarding",
                "Code judiciaire / Gerechtelijk Wetboek",
                false,
                &[
                    "book XIX of the Code de droit économique caps damages and interest on consumer debts",
                ],
            )
        } else {
            p(
                "be.uncontested_b2b",
                "Recouvrement de dettes d'argent non contestées / invordering van onbetwiste geldschulden (huissier de justice / gerechtsdeurwaarder)",
                "Code judiciaire / Gerechtelijk Wetboek, art. 1394/20 et suivants",
                false,
                &["only for uncontested debts between businesses"],
            )
        }
    } else if country == Country::DE {
        p(
            "de.mahnverfahren",
            "Gerichtliches Mahnverfahren (Mahnbescheid)",
            "ZPO §§ 688 ff.",
            false,
            &["the debtor may object (Widerspruch) within two weeks of service"],
        )
    } else if country == Country::GB {
        p(
            "gb.county_court_claim",
            "Money claim in the County Court (Money Claim Online)",
            "Civil Procedure Rules, Part 7; Practice Direction Pre-Action Conduct",
            false,
            &["check the letter before action's response period has expired"],
        )
    } else {
        p(
            "court_claim",
            "Court claim for payment in the debtor's jurisdiction",
            "local civil procedure",
            false,
            &[],
        )
    }
}
