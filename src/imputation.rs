//! How a payment is imputed (applied) to what an invoice's claim is made of: the
//! principal and its accessories (step fees, late-payment interest, fixed compensation).
//!
//! Each jurisdiction names a rule; the engine picks the rule of the customer's regime
//! ([`penalties::default_imputation`](crate::penalties::default_imputation)), which a host
//! overrides per customer ([`Customer::imputation`](crate::Customer::imputation)).
//!
//! ```
//! use relance::{Accessory, Imputation};
//! // BGB 367(1): costs, then interest, then principal.
//! assert_eq!(Imputation::Bgb367.order(),
//!     [Accessory::Fees, Accessory::Compensation, Accessory::Interest, Accessory::Principal]);
//! ```

use serde::{Deserialize, Serialize};

/// One part of an invoice's claim, as a payment is imputed to it.
///
/// ```
/// use relance::Accessory;
/// assert_eq!(serde_json::to_value(Accessory::Compensation).unwrap(), "compensation");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accessory {
    /// The invoice's own amount.
    Principal,
    /// Fees charged by the steps of the ladder (collection costs).
    Fees,
    /// Late-payment interest.
    Interest,
    /// Fixed compensation for recovery costs (EUR 40, GBP 40/70/100...), or the Belgian
    /// consumer's lump-sum damages.
    Compensation,
}

/// The order in which a payment pays the parts of a claim. Serialised as
/// `"code-civil-1343-1"`, `"bgb-367"`, `"code-civil-1254"`, `"principal-first"`.
///
/// What a payment pays beyond the whole claim becomes a credit balance
/// ([`InvoiceClaim::credit_balance`](crate::InvoiceClaim::credit_balance)),
/// never a refusal. A credit note only ever reduces the principal (it corrects the
/// invoice), its excess becoming a credit balance too.
///
/// # Example
/// ```
/// use relance::{Accessory, Imputation};
/// let i: Imputation = serde_json::from_str("\"code-civil-1343-1\"").unwrap();
/// assert_eq!(i.order()[0], Accessory::Interest);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Imputation {
    /// France, Code civil art. 1343-1: a part payment goes to interest before principal.
    /// Fees and the recovery indemnity, which bear no interest, come last (art. 1342-10:
    /// the debt the debtor has most interest in paying first).
    #[serde(rename = "code-civil-1343-1")]
    CodeCivil1343_1,
    /// Germany, BGB § 367(1): costs, then interest, then the principal.
    #[serde(rename = "bgb-367")]
    Bgb367,
    /// Belgium, (old) Code civil art. 1254: interest before principal; costs last, as in
    /// France.
    #[serde(rename = "code-civil-1254")]
    CodeCivil1254,
    /// Principal, then interest, then compensation, then fees. The default where the law
    /// names no order: in the United Kingdom a payment is appropriated as the debtor
    /// says, else as the creditor chooses; relance takes the debt itself first, which is
    /// what a debtor paying an invoice means. A host that appropriates otherwise sets the
    /// customer's [`imputation`](crate::Customer::imputation).
    #[default]
    PrincipalFirst,
}

impl Imputation {
    /// The parts of the claim in the order a payment pays them.
    ///
    /// # Example
    /// ```
    /// use relance::{Accessory, Imputation};
    /// assert_eq!(Imputation::CodeCivil1343_1.order(),
    ///     [Accessory::Interest, Accessory::Principal, Accessory::Compensation, Accessory::Fees]);
    /// assert_eq!(Imputation::PrincipalFirst.order()[0], Accessory::Principal);
    /// ```
    pub fn order(self) -> [Accessory; 4] {
        use Accessory::{Compensation, Fees, Interest, Principal};
        match self {
            Imputation::CodeCivil1343_1 | Imputation::CodeCivil1254 => {
                [Interest, Principal, Compensation, Fees]
            }
            Imputation::Bgb367 => [Fees, Compensation, Interest, Principal],
            Imputation::PrincipalFirst => [Principal, Interest, Compensation, Fees],
        }
    }

    /// The rule's name as serialised.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::Imputation::Bgb367.as_str(), "bgb-367");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Imputation::CodeCivil1343_1 => "code-civil-1343-1",
            Imputation::Bgb367 => "bgb-367",
            Imputation::CodeCivil1254 => "code-civil-1254",
            Imputation::PrincipalFirst => "principal-first",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_agree_with_as_str() {
        for i in [
            Imputation::CodeCivil1343_1,
            Imputation::Bgb367,
            Imputation::CodeCivil1254,
            Imputation::PrincipalFirst,
        ] {
            assert_eq!(serde_json::to_value(i).unwrap(), i.as_str());
            let mut order = i.order().to_vec();
            order.sort();
            order.dedup();
            assert_eq!(order.len(), 4, "{i:?} names every part once");
        }
    }
}
