//! [`RateSeries`]: the names of the stored reference-rate series.
//!
//! A leaf: the rate tables, their data and the errors name a series without depending on
//! one another through it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stored series of reference rates (percent per year).
///
/// Serialised in kebab-case: `"ecb-mro"`, `"fr-legal-private"`, `"fr-legal-other"`,
/// `"de-basiszins"`, `"be-2002"`, `"be-2002-before-2013"`, `"boe-reference"`.
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
    /// Belgian 2002-law rate for contracts concluded before 16 March 2013, until 15 March
    /// 2015 (the transition of the law of 22 November 2013: ECB + 7 points, rounded up).
    #[serde(rename = "be-2002-before-2013")]
    Be2002Before2013,
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
    /// assert_eq!(RateSeries::ALL.len(), 7);
    /// ```
    pub const ALL: [RateSeries; 7] = [
        RateSeries::EcbMro,
        RateSeries::FrLegalPrivate,
        RateSeries::FrLegalOther,
        RateSeries::DeBasiszins,
        RateSeries::Be2002,
        RateSeries::Be2002Before2013,
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
            RateSeries::Be2002Before2013 => "be-2002-before-2013",
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

/// Who published a reference rate: the source of each value
/// ([`RateEntry::source`](super::RateEntry::source)). Serialised in kebab-case; entries a
/// host adds default to `"host"`.
///
/// # Example
/// ```
/// use relance::penalties::{RateSeries, RateSource, RateTables};
/// let t = RateTables::builtin();
/// let first = t.entries(RateSeries::DeBasiszins).next().unwrap();
/// assert_eq!(first.source, RateSource::BundesbankNotice);
/// assert_eq!(serde_json::to_value(RateSource::Host).unwrap(), "host");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RateSource {
    /// Entered by the host.
    #[default]
    Host,
    /// ECB Governing Council decisions (the rate of the main refinancing operations), as
    /// tabled by the Banque de France and other Eurosystem central banks.
    EcbDecision,
    /// The French taux de l'interet legal: annual decret until 2014, half-yearly arrete
    /// since 2015 (Code monetaire et financier L313-2).
    FrenchLegalRateOrder,
    /// The Deutsche Bundesbank's notice in the Bundesanzeiger (BGB 247(2)).
    BundesbankNotice,
    /// The SPF Finances notice in the Moniteur belge (law of 2 August 2002, art. 5).
    BelgianFinanceNotice,
    /// Bank of England Bank Rate decisions (Monetary Policy Committee).
    BankOfEnglandDecision,
}

impl RateSource {
    /// True for [`RateSource::Host`] (left out of the JSON).
    ///
    /// # Example
    /// ```
    /// assert!(relance::penalties::RateSource::Host.is_host());
    /// ```
    pub fn is_host(&self) -> bool {
        *self == RateSource::Host
    }
}
