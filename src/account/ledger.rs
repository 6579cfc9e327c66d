//! The claim ledger of one invoice: the principal and the accessories claimed on it (step
//! fees, late-payment interest, fixed compensation), what paid them, what was waived, and
//! the credit balance a payment beyond the whole claim leaves. Running totals, moved by
//! each event in O(1); see [`InvoiceClaim`] for the rules.

use super::Account;
use crate::event::EventKind;
use crate::imputation::{Accessory, Imputation};
use crate::money::Currency;
use crate::money::{Money, MoneyError, checked_add, checked_sub};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One accessory of a claim: what was claimed, what paid it, what the creditor waived,
/// and what is still open (`claimed - paid - waived`, never negative).
///
/// # Example
/// ```
/// use relance::ClaimItem;
/// let item = ClaimItem::default();
/// assert!(item.open.is_zero());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClaimItem {
    /// Claimed so far.
    pub claimed: Decimal,
    /// Paid by imputed payments.
    pub paid: Decimal,
    /// Waived by the creditor (policy, upheld dispute or an explicit waiver).
    pub waived: Decimal,
    /// Still owed.
    pub open: Decimal,
}

/// What an invoice's claim is made of, from the account's running totals: the principal
/// and each accessory, the credit balance, and the total still owed.
///
/// The rules (each the account's, from its history alone):
/// - **Fees** are claimed when a step that charges one is reached
///   ([`EventKind::StepReached`](crate::EventKind::StepReached)); **interest** and
///   **fixed compensation** when a notice claims them
///   ([`EventKind::AccessoriesClaimed`](crate::EventKind::AccessoriesClaimed), cumulative
///   figures on the notice's date). Interest that accrues after a notice is claimed by the
///   next one: a debtor who pays what a notice asks settles everything.
/// - A **payment** is imputed in the order of the [`Imputation`] the last claim named
///   ([`Imputation::PrincipalFirst`] before any claim), to the parts still open; what is
///   left becomes the **credit balance**. Paying the claimed total settles the invoice;
///   paying the principal leaves the accessories open, unless the claim said they are
///   waived when the principal is paid
///   ([`Policy::waive_accessories_on_principal_paid`](crate::Policy::waive_accessories_on_principal_paid)):
///   then payments go to the principal first and, once it is paid, what is still open of
///   the accessories is waived.
/// - A **credit note** reduces the principal only; its excess is a credit balance.
/// - A **reversal** takes back from the credit balance first, then from the parts in the
///   reverse of the imputation order.
/// - Identities (tested): `paid + credited = principal paid + principal credited +
///   accessories paid + credit balance + credit used`, `principal paid + principal
///   credited + principal open = invoiced`, and for each accessory `claimed = paid +
///   waived + open`.
///
/// # Example
/// ```
/// # use relance::*;
/// # use rust_decimal_macros::dec;
/// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
/// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
/// acc.apply(&ev("2025-03-01", EventKind::AccessoriesClaimed { interest: dec!(1.20),
///     compensation: dec!(40.00), imputation: Imputation::CodeCivil1343_1,
///     waive_on_principal_paid: false, interest_paid: dec!(0) })).unwrap();
/// assert_eq!(acc.claim().total.to_string(), "141.20 EUR");
/// // Paying the principal's amount pays the interest first (Code civil 1343-1).
/// acc.apply(&ev("2025-03-05", EventKind::Payment { amount: dec!(100.00) })).unwrap();
/// let c = acc.claim();
/// assert_eq!((c.interest.open, c.principal.open, c.compensation.open),
///     (dec!(0.00), dec!(1.20), dec!(40.00)));
/// // Paying 41.70 settles everything and leaves 0.50 of credit.
/// acc.apply(&ev("2025-03-06", EventKind::Payment { amount: dec!(41.70) })).unwrap();
/// assert!(acc.claim().total.is_zero());
/// assert_eq!(acc.claim().credit_balance.to_string(), "0.50 EUR");
/// assert!(matches!(acc.status(), Status::Settled { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceClaim {
    /// The invoice's own amount: `claimed` is the invoice total, `paid` what payments
    /// paid of it, `waived` what credit notes took off it.
    pub principal: ClaimItem,
    /// Step fees.
    pub fees: ClaimItem,
    /// Late-payment interest.
    pub interest: ClaimItem,
    /// Fixed compensation (or Belgian consumer damages).
    pub compensation: ClaimItem,
    /// Everything still owed: the open principal and accessories.
    pub total: Money,
    /// Received beyond the whole claim and not yet used: the customer's money.
    pub credit_balance: Money,
    /// Credit balance refunded or applied elsewhere
    /// ([`EventKind::CreditBalanceUsed`](crate::EventKind::CreditBalanceUsed)).
    pub credit_used: Money,
    /// The rule payments are imputed by.
    pub imputation: Imputation,
}

/// An accessory's running totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Part {
    claimed: Decimal,
    paid: Decimal,
    waived: Decimal,
}

impl Part {
    fn open(self) -> Decimal {
        self.claimed
            .saturating_sub(self.paid)
            .saturating_sub(self.waived)
            .max(Decimal::ZERO)
    }

    fn waive_open(&mut self) -> Result<(), MoneyError> {
        self.waived = checked_add(self.waived, self.open())?;
        Ok(())
    }
}

/// The ledger's running totals, part of an account's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Ledger {
    /// Payments (net of reversals) imputed to the principal.
    principal_paid: Decimal,
    /// Credit notes imputed to the principal.
    principal_credited: Decimal,
    fees: Part,
    interest: Part,
    compensation: Part,
    credit_balance: Decimal,
    credit_used: Decimal,
    imputation: Imputation,
    waive_on_principal_paid: bool,
}

impl Ledger {
    /// What payments paid of the principal, the interest and the compensation.
    fn debt_paid(&self) -> Decimal {
        self.principal_paid
            .saturating_add(self.interest.paid)
            .saturating_add(self.compensation.paid)
    }

    /// Payments and credit notes imputed to the principal.
    pub(super) fn principal_reduced(&self) -> Decimal {
        self.principal_paid.saturating_add(self.principal_credited)
    }

    fn principal_open(&self, invoiced: Decimal) -> Decimal {
        invoiced
            .saturating_sub(self.principal_reduced())
            .max(Decimal::ZERO)
    }

    pub(super) fn accessories_open(&self) -> Decimal {
        self.fees
            .open()
            .saturating_add(self.interest.open())
            .saturating_add(self.compensation.open())
    }

    pub(super) fn fees_open(&self) -> Decimal {
        self.fees.open()
    }

    pub(super) fn credit_balance(&self) -> Decimal {
        self.credit_balance
    }

    /// Everything owed: open principal and accessories.
    pub(super) fn total_open(&self, invoiced: Decimal) -> Decimal {
        self.principal_open(invoiced)
            .saturating_add(self.accessories_open())
    }

    fn open(&self, part: Accessory, invoiced: Decimal) -> Decimal {
        match part {
            Accessory::Principal => self.principal_open(invoiced),
            Accessory::Fees => self.fees.open(),
            Accessory::Interest => self.interest.open(),
            Accessory::Compensation => self.compensation.open(),
        }
    }

    fn paid_slot(&mut self, part: Accessory) -> &mut Decimal {
        match part {
            Accessory::Principal => &mut self.principal_paid,
            Accessory::Fees => &mut self.fees.paid,
            Accessory::Interest => &mut self.interest.paid,
            Accessory::Compensation => &mut self.compensation.paid,
        }
    }

    /// The order payments follow: the rule's, or the principal first when the accessories
    /// are waived once it is paid.
    fn order(&self) -> [Accessory; 4] {
        let order = self.imputation.order();
        if !self.waive_on_principal_paid {
            return order;
        }
        let mut out = [Accessory::Principal; 4];
        for (slot, part) in out
            .iter_mut()
            .skip(1)
            .zip(order.iter().filter(|p| **p != Accessory::Principal))
        {
            *slot = *part;
        }
        out
    }

    /// A payment: imputed part by part, the rest to the credit balance.
    pub(super) fn pay(&mut self, invoiced: Decimal, amount: Decimal) -> Result<(), MoneyError> {
        let mut rest = amount;
        for part in self.order() {
            let take = rest.min(self.open(part, invoiced)).max(Decimal::ZERO);
            let slot = self.paid_slot(part);
            *slot = checked_add(*slot, take)?;
            rest = checked_sub(rest, take)?;
        }
        self.credit_balance = checked_add(self.credit_balance, rest)?;
        self.waive_if_principal_paid(invoiced)
    }

    /// A credit note: the principal, the rest to the credit balance.
    pub(super) fn credit(&mut self, invoiced: Decimal, amount: Decimal) -> Result<(), MoneyError> {
        let take = amount.min(self.principal_open(invoiced)).max(Decimal::ZERO);
        self.principal_credited = checked_add(self.principal_credited, take)?;
        self.credit_balance = checked_add(self.credit_balance, checked_sub(amount, take)?)?;
        self.waive_if_principal_paid(invoiced)
    }

    fn waive_if_principal_paid(&mut self, invoiced: Decimal) -> Result<(), MoneyError> {
        if self.waive_on_principal_paid && self.principal_open(invoiced).is_zero() {
            self.waive_accessories()?;
        }
        Ok(())
    }

    /// What a reversal can take back: the credit balance and what payments paid.
    pub(super) fn reversible(&self) -> Decimal {
        [
            self.principal_paid,
            self.fees.paid,
            self.interest.paid,
            self.compensation.paid,
        ]
        .into_iter()
        .fold(self.credit_balance, Decimal::saturating_add)
    }

    /// A reversal (at most [`Ledger::reversible`]): the credit balance first, then the
    /// parts in the reverse of the imputation order.
    pub(super) fn reverse(&mut self, amount: Decimal) -> Result<(), MoneyError> {
        let from_credit = amount.min(self.credit_balance);
        self.credit_balance = checked_sub(self.credit_balance, from_credit)?;
        let mut rest = checked_sub(amount, from_credit)?;
        let mut order = self.order();
        order.reverse();
        for part in order {
            let slot = self.paid_slot(part);
            let take = rest.min(*slot).max(Decimal::ZERO);
            *slot = checked_sub(*slot, take)?;
            rest = checked_sub(rest, take)?;
        }
        Ok(())
    }

    /// A fee charged by a step.
    pub(super) fn add_fee(&mut self, fee: Decimal) -> Result<(), MoneyError> {
        self.fees.claimed = checked_add(self.fees.claimed, fee)?;
        Ok(())
    }

    /// What a notice claims: the cumulative interest and compensation (a figure lower
    /// than one already claimed changes nothing), and the terms payments follow.
    /// `interest_paid` is what earlier payments paid of the interest under the law's
    /// imputation (cumulative): what the ledger had imputed to the principal, up to that
    /// figure and to the interest still open, moves to the interest (BGB 367(1), Code
    /// civil 1343-1 apply to interest owed, claimed or not). Never with
    /// `waive_on_principal_paid` (then the principal comes first).
    pub(super) fn claim(
        &mut self,
        invoiced: Decimal,
        interest: Decimal,
        compensation: Decimal,
        imputation: Imputation,
        waive_on_principal_paid: bool,
        interest_paid: Decimal,
    ) -> Result<(), MoneyError> {
        self.interest.claimed = self.interest.claimed.max(interest);
        self.compensation.claimed = self.compensation.claimed.max(compensation);
        self.imputation = imputation;
        self.waive_on_principal_paid = waive_on_principal_paid;
        if !waive_on_principal_paid {
            let shift = interest_paid
                .saturating_sub(self.interest.paid)
                .min(self.interest.open())
                .min(self.principal_paid)
                .max(Decimal::ZERO);
            self.principal_paid = checked_sub(self.principal_paid, shift)?;
            self.interest.paid = checked_add(self.interest.paid, shift)?;
        }
        self.waive_if_principal_paid(invoiced)
    }

    /// Waives what is open of the fees (an upheld dispute: the reminders were wrong).
    pub(super) fn waive_fees(&mut self) -> Result<(), MoneyError> {
        self.fees.waive_open()
    }

    /// Waives what is open of every accessory.
    pub(super) fn waive_accessories(&mut self) -> Result<(), MoneyError> {
        self.fees.waive_open()?;
        self.interest.waive_open()?;
        self.compensation.waive_open()
    }

    /// The credit balance refunded or applied elsewhere (at most the balance).
    pub(super) fn use_credit(&mut self, amount: Decimal) -> Result<(), MoneyError> {
        self.credit_balance = checked_sub(self.credit_balance, amount)?;
        self.credit_used = checked_add(self.credit_used, amount)?;
        Ok(())
    }

    /// `paid + credited - (everything imputed + credit balance + credit used)`: zero for
    /// every history.
    pub(super) fn money_gap(
        &self,
        paid: Decimal,
        credited: Decimal,
    ) -> Result<Decimal, MoneyError> {
        let imputed = [
            self.principal_paid,
            self.principal_credited,
            self.fees.paid,
            self.interest.paid,
            self.compensation.paid,
            self.credit_balance,
            self.credit_used,
        ]
        .into_iter()
        .try_fold(Decimal::ZERO, checked_add)?;
        checked_sub(checked_add(paid, credited)?, imputed)
    }

    pub(super) fn snapshot(&self, invoiced: Decimal, currency: Currency) -> InvoiceClaim {
        let item = |p: Part| ClaimItem {
            claimed: p.claimed,
            paid: p.paid,
            waived: p.waived,
            open: p.open(),
        };
        InvoiceClaim {
            principal: ClaimItem {
                claimed: invoiced,
                paid: self.principal_paid,
                waived: self.principal_credited,
                open: self.principal_open(invoiced),
            },
            fees: item(self.fees),
            interest: item(self.interest),
            compensation: item(self.compensation),
            total: Money::new(self.total_open(invoiced), currency),
            credit_balance: Money::new(self.credit_balance, currency),
            credit_used: Money::new(self.credit_used, currency),
            imputation: self.imputation,
        }
    }
}

impl Ledger {
    /// Whether [`Ledger::replay`] does anything for this kind of event (the kinds its
    /// match names; a test checks the two agree).
    fn moves(kind: &EventKind) -> bool {
        matches!(
            kind,
            EventKind::Payment { .. }
                | EventKind::CreditNote { .. }
                | EventKind::PaymentReversal { .. }
                | EventKind::StepReached { fee: Some(_), .. }
                | EventKind::AccessoriesClaimed { .. }
                | EventKind::AccessoriesWaived
                | EventKind::CreditBalanceUsed { .. }
                | EventKind::DisputeResolved { upheld: true }
        )
    }

    /// What an accepted event does to the ledger: the same operations
    /// [`Account::apply`](super::Account::apply) performs, for a replay of the history.
    fn replay(&mut self, invoiced: Decimal, kind: &EventKind) -> Result<(), MoneyError> {
        match kind {
            EventKind::Payment { amount } => self.pay(invoiced, *amount),
            EventKind::CreditNote { amount } => self.credit(invoiced, *amount),
            EventKind::PaymentReversal { amount } => self.reverse(*amount),
            EventKind::StepReached { fee: Some(fee), .. } => self.add_fee(*fee),
            EventKind::AccessoriesClaimed {
                interest,
                compensation,
                imputation,
                waive_on_principal_paid,
                interest_paid,
            } => self.claim(
                invoiced,
                *interest,
                *compensation,
                *imputation,
                *waive_on_principal_paid,
                *interest_paid,
            ),
            EventKind::AccessoriesWaived => self.waive_accessories(),
            EventKind::CreditBalanceUsed { amount } => self.use_credit(*amount),
            EventKind::DisputeResolved { upheld: true } => self.waive_fees(),
            _ => Ok(()),
        }
    }
}

/// A replay of the money of a history, event by event, with the account's own rules (the
/// one copy in [`Ledger`]): what analytics reads to know what was open on any date.
#[derive(Debug, Clone, Default)]
pub(crate) struct MoneyReplay {
    ledger: Ledger,
    invoiced: Decimal,
}

impl MoneyReplay {
    /// Nothing received yet on an invoice of `invoiced`.
    pub(crate) fn new(invoiced: Decimal) -> MoneyReplay {
        MoneyReplay {
            ledger: Ledger::default(),
            invoiced,
        }
    }

    /// What an event does to the money; an event the ledger refuses changes nothing.
    pub(crate) fn apply(&mut self, kind: &EventKind) -> Result<(), MoneyError> {
        if !Ledger::moves(kind) {
            return Ok(());
        }
        let mut next = self.ledger.clone();
        next.replay(self.invoiced, kind)?;
        self.ledger = next;
        Ok(())
    }

    /// The principal still open.
    pub(crate) fn principal_open(&self) -> Decimal {
        self.ledger.principal_open(self.invoiced)
    }

    /// Everything still owed: the open principal and accessories.
    pub(crate) fn total_open(&self) -> Decimal {
        self.ledger.total_open(self.invoiced)
    }
}

impl Account {
    /// The dated movements of the principal: what each payment, credit note and reversal
    /// paid of it (or took back), in the order recorded. Late-payment interest runs on
    /// the principal, so these, not the raw payments, change its base. Reads the
    /// history once. (The interest computation reads
    /// [`debt_movements`](Account::debt_movements); tests compare the two.)
    #[cfg(test)]
    pub(crate) fn principal_movements(&self) -> Vec<(NaiveDate, Decimal)> {
        let mut ledger = Ledger::default();
        let mut cash = super::CashTracker::default();
        let mut out = Vec::new();
        for e in &self.history {
            let before = ledger.principal_reduced();
            // A 212 status pays what goes beyond the payments it reports.
            let replayed = match cash.observe(&e.kind) {
                Some(amount) if amount > Decimal::ZERO => ledger.pay(self.invoiced, amount),
                _ => ledger.replay(self.invoiced, &e.kind),
            };
            if replayed.is_err() {
                break;
            }
            let after = ledger.principal_reduced();
            if after != before {
                out.push((e.on, after.saturating_sub(before)));
            }
        }
        debug_assert!(out.len() <= self.history.len());
        out
    }

    /// The dated movements of the debt that bears interest: what each payment or reversal
    /// paid of the principal, the interest and the fixed compensation (not the fees, not
    /// the credit balance), and what each credit note took off the principal (`true`).
    /// Late-payment interest re-imputes these by the law's rule as interest accrues
    /// ([`penalties::compute`](crate::penalties::compute)), whether or not a notice had
    /// claimed that interest yet. Reads the history once.
    pub(crate) fn debt_movements(&self) -> Vec<(NaiveDate, Decimal, bool)> {
        let mut ledger = Ledger::default();
        let mut out = Vec::new();
        for e in &self.history {
            let before = ledger.debt_paid();
            let credited_before = ledger.principal_credited;
            if ledger.replay(self.invoiced, &e.kind).is_err() {
                break;
            }
            let paid = ledger.debt_paid().saturating_sub(before);
            let credited = ledger.principal_credited.saturating_sub(credited_before);
            if !paid.is_zero() {
                out.push((e.on, paid, false));
            }
            if !credited.is_zero() {
                out.push((e.on, credited, true));
            }
        }
        out
    }

    /// The ledger rebuilt from the history alone (tests compare it with the running one).
    #[cfg(test)]
    pub(super) fn ledger_replayed(&self) -> Ledger {
        let mut ledger = Ledger::default();
        let mut cash = super::CashTracker::default();
        for e in &self.history {
            match cash.observe(&e.kind) {
                Some(amount) if amount > Decimal::ZERO => {
                    ledger.pay(self.invoiced, amount).unwrap_or_default()
                }
                _ => ledger.replay(self.invoiced, &e.kind).unwrap_or_default(),
            }
        }
        ledger
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn moves_names_every_kind_replay_acts_on() {
        // Every kind replay changes the ledger for is in `moves`; the others leave it as
        // it was (checked on a ledger with something of everything).
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut l = Ledger::default();
        l.add_fee(dec!(5)).unwrap();
        l.claim(
            dec!(100),
            dec!(3),
            dec!(40),
            Imputation::CodeCivil1343_1,
            false,
            dec!(0),
        )
        .unwrap();
        l.pay(dec!(100), dec!(160)).unwrap();
        let kinds = [
            EventKind::Payment { amount: dec!(1) },
            EventKind::CreditNote { amount: dec!(1) },
            EventKind::PaymentReversal { amount: dec!(1) },
            EventKind::StepReached {
                step: 0,
                name: "s".into(),
                stage: crate::ladder::Stage::Amicable,
                due_on: d("2025-01-01"),
                fee: Some(dec!(1)),
                deadline: None,
            },
            EventKind::StepReached {
                step: 0,
                name: "s".into(),
                stage: crate::ladder::Stage::Amicable,
                due_on: d("2025-01-01"),
                fee: None,
                deadline: None,
            },
            EventKind::AccessoriesClaimed {
                interest: dec!(4),
                compensation: dec!(40),
                imputation: Imputation::Bgb367,
                waive_on_principal_paid: false,
                interest_paid: dec!(1),
            },
            EventKind::AccessoriesWaived,
            EventKind::CreditBalanceUsed { amount: dec!(1) },
            EventKind::DisputeResolved { upheld: true },
            EventKind::DisputeResolved { upheld: false },
            EventKind::PromiseKept,
            EventKind::HandedOver { to: "x".into() },
            EventKind::WrittenOff { reason: "x".into() },
        ];
        for k in &kinds {
            let mut after = l.clone();
            after.replay(dec!(100), k).unwrap();
            if !Ledger::moves(k) {
                assert_eq!(after, l, "{k:?} moved the ledger");
            }
        }
        // And a kind in `moves` that changes nothing here would still be harmless.
        assert!(Ledger::moves(&kinds[0]) && !Ledger::moves(&kinds[4]));
    }

    #[test]
    fn bgb_367_pays_costs_then_interest_then_principal() {
        let mut l = Ledger::default();
        l.add_fee(dec!(5)).unwrap();
        l.claim(
            dec!(100),
            dec!(3),
            dec!(40),
            Imputation::Bgb367,
            false,
            dec!(0),
        )
        .unwrap();
        l.pay(dec!(100), dec!(50)).unwrap();
        assert_eq!(
            (
                l.fees.paid,
                l.compensation.paid,
                l.interest.paid,
                l.principal_paid
            ),
            (dec!(5), dec!(40), dec!(3), dec!(2))
        );
        assert_eq!(l.money_gap(dec!(50), dec!(0)).unwrap(), Decimal::ZERO);
    }

    #[test]
    fn waiver_pays_principal_first_then_waives() {
        let mut l = Ledger::default();
        l.claim(
            dec!(100),
            dec!(3),
            dec!(40),
            Imputation::CodeCivil1343_1,
            true,
            dec!(0),
        )
        .unwrap();
        l.pay(dec!(100), dec!(100)).unwrap();
        assert_eq!(l.total_open(dec!(100)), Decimal::ZERO);
        assert_eq!(
            (l.interest.waived, l.compensation.waived),
            (dec!(3), dec!(40))
        );
    }

    #[test]
    fn reversal_takes_back_credit_then_the_last_imputed() {
        let mut l = Ledger::default();
        l.claim(
            dec!(100),
            dec!(10),
            dec!(0),
            Imputation::CodeCivil1343_1,
            false,
            dec!(0),
        )
        .unwrap();
        l.pay(dec!(100), dec!(115)).unwrap();
        assert_eq!(l.credit_balance, dec!(5));
        l.reverse(dec!(50)).unwrap();
        assert_eq!(
            (l.credit_balance, l.principal_paid, l.interest.paid),
            (dec!(0), dec!(55), dec!(10))
        );
        assert_eq!(l.money_gap(dec!(65), dec!(0)).unwrap(), Decimal::ZERO);
    }

    /// BGB 367(1), the published example (issue 10): EUR 2,000 paid on 30 June, before any
    /// notice claimed the 35.42 of interest accrued by then. The claim of 30 July names the
    /// 56.30 accrued and the 35.42 the payment paid of it: the ledger moves 35.42 from the
    /// principal to the interest, and the totals do not move.
    #[test]
    fn a_claim_re_imputes_what_earlier_payments_owed_to_interest() {
        let invoiced = dec!(5000.00);
        let mut l = Ledger::default();
        l.pay(invoiced, dec!(2000.00)).unwrap();
        assert_eq!(l.principal_paid, dec!(2000.00));
        l.claim(
            invoiced,
            dec!(56.30),
            dec!(0),
            Imputation::Bgb367,
            false,
            dec!(35.42),
        )
        .unwrap();
        assert_eq!(
            (l.principal_paid, l.interest.paid, l.interest.open()),
            (dec!(1964.58), dec!(35.42), dec!(20.88))
        );
        assert_eq!(l.principal_open(invoiced), dec!(3035.42));
        // 3,000.00 + 56.30 without the move, 3,035.42 + 20.88 with it: the same total.
        assert_eq!(l.total_open(invoiced), dec!(3056.30));
        assert_eq!(l.money_gap(dec!(2000.00), dec!(0)).unwrap(), Decimal::ZERO);
        // Cumulative: the same figure again moves nothing; never more than was paid to
        // the principal or than the interest open.
        l.claim(
            invoiced,
            dec!(56.30),
            dec!(0),
            Imputation::Bgb367,
            false,
            dec!(35.42),
        )
        .unwrap();
        assert_eq!(l.principal_paid, dec!(1964.58));
        l.claim(
            invoiced,
            dec!(56.30),
            dec!(0),
            Imputation::Bgb367,
            false,
            dec!(9999),
        )
        .unwrap();
        assert_eq!((l.interest.paid, l.interest.open()), (dec!(56.30), dec!(0)));
    }
}
