//! Which [`Imputation`] rule a regime's law names for part payments.

use super::Regime;
use crate::imputation::Imputation;

/// The imputation rule of the law behind `regime`, used by both [`compute`](super::compute)
/// (when [`Options::imputation`](super::Options::imputation) is not set) and the
/// engine's claim ledger ([`Account::claim`](crate::Account::claim), through
/// [`Customer::imputation`](crate::Customer::imputation)); the order itself is
/// [`Imputation::order`], one copy.
///
/// - France (`fr-*`): Code civil art. 1343-1 (a part payment of a debt bearing interest
///   goes to interest before principal); among several debts (invoices) the debtor
///   chooses, else art. 1342-10 (the debts due, the one the debtor has most interest in
///   paying, then the oldest), which the engine follows by paying the oldest instalment
///   first.
/// - French public buyers (`fr-public`): [`Imputation::PrincipalFirst`]: the public
///   accountant pays the invoice (the principal) and the moratorium interest and the
///   indemnity follow within 45 days of that payment (Code de la commande publique
///   R2192-36).
/// - Germany (`de-*`): BGB § 367(1): costs, then interest, then the principal (for
///   consumer loans BGB § 497(3) puts the principal before interest; relance does not
///   handle consumer credit, so it is not applied).
/// - Belgium (`be-*`): old Code civil art. 1254 (interest before principal, unless the
///   creditor consents), the reference's source; Book 5 of the Civil Code (law of
///   28 April 2022, in force 1 January 2023) replaced the old articles, its article
///   number is not verified here.
/// - United Kingdom and elsewhere (the directive, a contractual regime):
///   [`Imputation::PrincipalFirst`]. English common law lets the debtor appropriate a
///   payment when paying, else the creditor (and, on a running account, the oldest item
///   first, *Clayton's Case*); paying an invoice appropriates the payment to it. A host
///   that appropriates otherwise sets the customer's rule.
///
/// # Example
/// ```
/// use relance::Imputation;
/// use relance::penalties::{default_imputation, Regime};
/// assert_eq!(default_imputation(Regime::FrB2b), Imputation::CodeCivil1343_1);
/// assert_eq!(default_imputation(Regime::DeConsumer), Imputation::Bgb367);
/// assert_eq!(default_imputation(Regime::BeConsumer), Imputation::CodeCivil1254);
/// assert_eq!(default_imputation(Regime::UkB2b), Imputation::PrincipalFirst);
/// assert_eq!(default_imputation(Regime::FrPublic), Imputation::PrincipalFirst);
/// ```
pub fn default_imputation(regime: Regime) -> Imputation {
    match regime {
        Regime::FrB2b | Regime::FrLegalPrivate | Regime::FrLegalOther => {
            Imputation::CodeCivil1343_1
        }
        Regime::DeB2b | Regime::DeConsumer => Imputation::Bgb367,
        Regime::BeB2b | Regime::BeConsumer => Imputation::CodeCivil1254,
        _ => Imputation::PrincipalFirst,
    }
}
