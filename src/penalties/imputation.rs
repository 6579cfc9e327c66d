//! Which [`Imputation`] rule a regime's law names for part payments.

use super::Regime;
use crate::imputation::Imputation;

/// The imputation rule of the law behind `regime`: France (`fr-*`) Code civil art. 1343-1,
/// Germany (`de-*`) BGB § 367(1), Belgium (`be-*`) Code civil art. 1254; elsewhere (the
/// United Kingdom, the directive, a contractual regime) [`Imputation::PrincipalFirst`],
/// the documented default a host overrides per customer
/// ([`Customer::imputation`](crate::Customer::imputation)).
///
/// # Example
/// ```
/// use relance::Imputation;
/// use relance::penalties::{default_imputation, Regime};
/// assert_eq!(default_imputation(Regime::FrB2b), Imputation::CodeCivil1343_1);
/// assert_eq!(default_imputation(Regime::DeConsumer), Imputation::Bgb367);
/// assert_eq!(default_imputation(Regime::BeConsumer), Imputation::CodeCivil1254);
/// assert_eq!(default_imputation(Regime::UkB2b), Imputation::PrincipalFirst);
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
