//! [`RateSeries`]: the names of the stored reference-rate series.
//!
//! A leaf: the rate tables, their data and the errors name a series without depending on
//! one another through it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stored series of reference rates (percent per year).
///
/// Serialised in kebab-case: `"ecb-mro"`, `"fr-legal-private"`, `"fr-legal-other"`,
/// `"de-basiszins"`, `"be-2002"`, `"boe-reference"`.
///
/// # Example
/// ```
/// use relance::penalties::RateSeries;
/// assert_eq!(RateSeries::EcbMro.to_string(), "ecb-mro");
/// assert!(RateSeries::DeBasiszins.is_half_yearly());
/// assert!(!RateSeries::EcbMro.is_half_yearly());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RateSeries {
    /// ECB main refinancing operations rate, by the effective date of each decision.
    EcbMro,
    /// French taux de l'interet legal, creditor is a private person (arretes semestriels).
    FrLegalPrivate,
    /// French taux de l'interet legal, all other cases.
    FrLegalOther,
    /// German Basiszinssatz (BGB 247), set on 1 January and 1 July.
    DeBasiszins,
    /// Belgian 2002-law rate, published values (override the derived rule).
    #[serde(rename = "be-2002")]
    Be2002,
    /// Bank of England base rate in force on 31 December / 30 June immediately before the
    /// half-year (the UK "reference rate", SI 2002/1675), keyed by the half-year it serves.
    BoeReference,
}

impl RateSeries {
    /// Every series, in a stable order.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateSeries;
    /// assert_eq!(RateSeries::ALL.len(), 6);
    /// ```
    pub const ALL: [RateSeries; 6] = [
        RateSeries::EcbMro,
        RateSeries::FrLegalPrivate,
        RateSeries::FrLegalOther,
        RateSeries::DeBasiszins,
        RateSeries::Be2002,
        RateSeries::BoeReference,
    ];

    /// The serde name, e.g. `"ecb-mro"`.
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateSeries;
    /// assert_eq!(RateSeries::Be2002.as_str(), "be-2002");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RateSeries::EcbMro => "ecb-mro",
            RateSeries::FrLegalPrivate => "fr-legal-private",
            RateSeries::FrLegalOther => "fr-legal-other",
            RateSeries::DeBasiszins => "de-basiszins",
            RateSeries::Be2002 => "be-2002",
            RateSeries::BoeReference => "boe-reference",
        }
    }

    /// True for series whose entries start half-years (everything but the ECB MRO rate).
    ///
    /// # Example
    /// ```
    /// use relance::penalties::RateSeries;
    /// assert!(RateSeries::BoeReference.is_half_yearly());
    /// ```
    pub fn is_half_yearly(self) -> bool {
        !matches!(self, RateSeries::EcbMro)
    }
}

impl fmt::Display for RateSeries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
