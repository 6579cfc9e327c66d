//! [`Ledger`]: what has been paid, and whether it settled interest or principal, in the
//! order of the claim's [`Imputation`] (the rule the engine's claim ledger follows too:
//! one copy, [`Imputation::order`]).

use super::claim::{Movement, MovementKind};
use super::error::PenaltyError;
use crate::imputation::{Accessory, Imputation};
use crate::money::{checked_add, checked_sub};
use rust_decimal::Decimal;

/// What has been paid and how it was allocated.
pub(super) struct Ledger {
    principal: Decimal,
    imputation: Imputation,
    principal_paid: Decimal,
    pub(super) interest_paid: Decimal,
    overpaid: Decimal,
    capitalised: Decimal,
}

#[derive(Clone, Copy)]
enum Bucket {
    Principal,
    Interest,
}

impl Ledger {
    pub(super) fn new(principal: Decimal, imputation: Imputation) -> Ledger {
        Ledger {
            principal,
            imputation,
            principal_paid: Decimal::ZERO,
            interest_paid: Decimal::ZERO,
            overpaid: Decimal::ZERO,
            capitalised: Decimal::ZERO,
        }
    }

    pub(super) fn principal_due(&self) -> Result<Decimal, PenaltyError> {
        Ok(checked_sub(self.principal, self.principal_paid)?)
    }

    fn unpaid_interest(&self, accrued: Decimal) -> Result<Decimal, PenaltyError> {
        Ok(checked_sub(accrued, self.interest_paid)?.max(Decimal::ZERO))
    }

    pub(super) fn interest_bearing(
        &self,
        accrued: Decimal,
        compounding: bool,
    ) -> Result<Decimal, PenaltyError> {
        let principal = self.principal_due()?;
        if !compounding {
            return Ok(principal);
        }
        let capitalised = self.capitalised.min(self.unpaid_interest(accrued)?);
        Ok(checked_add(principal, capitalised)?)
    }

    pub(super) fn capitalise(&mut self, accrued: Decimal) -> Result<(), PenaltyError> {
        self.capitalised = self.unpaid_interest(accrued)?;
        Ok(())
    }

    /// The rule's order restricted to what this calculator holds: the principal and the
    /// interest. Fees and the fixed compensation are claimed beside the interest; the
    /// engine's claim ledger imputes payments to them (BGB 367(1): costs first) before
    /// the rest reaches this calculation.
    fn order(&self) -> [Bucket; 2] {
        let order = self.imputation.order();
        let rank = |part: Accessory| order.iter().position(|p| *p == part);
        if rank(Accessory::Interest) < rank(Accessory::Principal) {
            [Bucket::Interest, Bucket::Principal]
        } else {
            [Bucket::Principal, Bucket::Interest]
        }
    }

    /// Applies a movement; `accrued` is the interest accrued up to its date.
    pub(super) fn apply(&mut self, m: &Movement, accrued: Decimal) -> Result<(), PenaltyError> {
        if m.kind == MovementKind::CreditNote {
            // A credit note corrects the invoice: it reduces the principal only (its amount
            // is checked positive), the excess being a credit balance.
            let open = self.principal_due()?;
            let take = m.amount.min(open).max(Decimal::ZERO);
            self.principal_paid = checked_add(self.principal_paid, take)?;
            self.overpaid = checked_add(self.overpaid, checked_sub(m.amount, take)?)?;
            return Ok(());
        }
        if m.amount > Decimal::ZERO {
            let mut rest = m.amount;
            for bucket in self.order() {
                let open = match bucket {
                    Bucket::Principal => self.principal_due()?,
                    Bucket::Interest => self.unpaid_interest(accrued)?,
                };
                let take = rest.min(open).max(Decimal::ZERO);
                self.add_paid(bucket, take)?;
                rest = checked_sub(rest, take)?;
            }
            self.overpaid = checked_add(self.overpaid, rest)?;
        } else if m.amount < Decimal::ZERO {
            // A reversal undoes the latest allocations first: surplus, then the buckets in
            // reverse order.
            let reversed = checked_sub(Decimal::ZERO, m.amount)?;
            let paid_before = checked_add(
                checked_add(self.principal_paid, self.interest_paid)?,
                self.overpaid,
            )?;
            let mut rest = reversed;
            let from_surplus = rest.min(self.overpaid);
            self.overpaid = checked_sub(self.overpaid, from_surplus)?;
            rest = checked_sub(rest, from_surplus)?;
            let [first, second] = self.order();
            for bucket in [second, first] {
                let paid = match bucket {
                    Bucket::Principal => self.principal_paid,
                    Bucket::Interest => self.interest_paid,
                };
                let take = rest.min(paid);
                self.add_paid(bucket, checked_sub(Decimal::ZERO, take)?)?;
                rest = checked_sub(rest, take)?;
            }
            if rest > Decimal::ZERO {
                return Err(PenaltyError::ReversalExceedsPayments {
                    date: m.date,
                    amount: reversed,
                    paid: paid_before,
                });
            }
        }
        Ok(())
    }

    fn add_paid(&mut self, bucket: Bucket, amount: Decimal) -> Result<(), PenaltyError> {
        let slot = match bucket {
            Bucket::Principal => &mut self.principal_paid,
            Bucket::Interest => &mut self.interest_paid,
        };
        *slot = checked_add(*slot, amount)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn pay(amount: Decimal) -> Movement {
        Movement::new(NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(), amount)
    }

    #[test]
    fn interest_first_settles_accrued_interest_before_principal() {
        let mut l = Ledger::new(dec!(1000), Imputation::Bgb367);
        l.apply(&pay(dec!(500)), dec!(8.22)).unwrap();
        assert_eq!(l.interest_paid, dec!(8.22));
        assert_eq!(l.principal_due().unwrap(), dec!(508.22));
    }

    #[test]
    fn principal_first_then_surplus_to_interest_then_overpaid() {
        let mut l = Ledger::new(dec!(1000), Imputation::PrincipalFirst);
        l.apply(&pay(dec!(1010)), dec!(8.22)).unwrap();
        assert_eq!(l.principal_due().unwrap(), dec!(0));
        assert_eq!(l.interest_paid, dec!(8.22));
        assert_eq!(l.overpaid, dec!(1.78));
    }

    #[test]
    fn reversals_undo_the_latest_allocation_first_and_cannot_exceed_payments() {
        let mut l = Ledger::new(dec!(1000), Imputation::Bgb367);
        l.apply(&pay(dec!(100)), dec!(10)).unwrap();
        l.apply(&pay(dec!(-50)), dec!(10)).unwrap();
        assert_eq!(l.principal_due().unwrap(), dec!(960));
        assert_eq!(l.interest_paid, dec!(10));
        l.apply(&pay(dec!(-45)), dec!(10)).unwrap();
        assert_eq!(l.principal_due().unwrap(), dec!(1000));
        assert_eq!(l.interest_paid, dec!(5));
        let err = l.apply(&pay(dec!(-6)), dec!(10)).unwrap_err();
        assert!(
            matches!(err, PenaltyError::ReversalExceedsPayments { paid, .. } if paid == dec!(5))
        );
    }

    #[test]
    fn compounding_adds_only_unpaid_capitalised_interest() {
        let mut l = Ledger::new(dec!(1000), Imputation::Bgb367);
        l.capitalise(dec!(100)).unwrap();
        assert_eq!(l.interest_bearing(dec!(120), true).unwrap(), dec!(1100));
        assert_eq!(l.interest_bearing(dec!(120), false).unwrap(), dec!(1000));
        l.apply(&pay(dec!(50)), dec!(120)).unwrap();
        assert_eq!(l.interest_bearing(dec!(120), true).unwrap(), dec!(1070));
    }
}
