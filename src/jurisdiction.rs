//! Where a party is and what language it reads: [`Country`] (ISO 3166-1 alpha-2) and
//! [`Language`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An invalid country code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid country code {code:?}: expected two upper-case letters (ISO 3166-1 alpha-2)")]
pub struct CountryError {
    /// The code as given.
    pub code: String,
}

/// An ISO 3166-1 alpha-2 country code, e.g. `FR`. `Copy`, two bytes.
///
/// The United Kingdom is `GB` (`UK` is accepted on input and normalised to `GB`).
///
/// # Example
/// ```
/// use relance::Country;
/// let c: Country = "BE".parse().unwrap();
/// assert_eq!(c, Country::BE);
/// assert_eq!("UK".parse::<Country>().unwrap(), Country::GB);
/// assert!("fr".parse::<Country>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// France.
    pub const FR: Country = Country(*b"FR");
    /// Belgium.
    pub const BE: Country = Country(*b"BE");
    /// Germany.
    pub const DE: Country = Country(*b"DE");
    /// United Kingdom.
    pub const GB: Country = Country(*b"GB");

    /// The two-letter code.
    ///
    /// # Example
    /// ```
    /// use relance::Country;
    /// assert_eq!(Country::BE.code(), "BE");
    /// assert_eq!("UK".parse::<Country>().unwrap().code(), "GB");
    /// ```
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl std::str::FromStr for Country {
    type Err = CountryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            b"UK" => Ok(Country::GB),
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Country([*a, *b])),
            _ => Err(CountryError {
                code: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Not a language relance writes in.
///
/// # Example
/// ```
/// use relance::Language;
/// use relance::LanguageError;
/// assert_eq!("it".parse::<Language>(), Err(LanguageError::Unknown { code: "it".into() }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LanguageError {
    /// Not one of the ISO 639-1 codes of [`Language`], in lower case.
    #[error("unknown language {code:?}: expected fr, en, de or nl")]
    Unknown {
        /// The code as given.
        code: String,
    },
}

/// A language relance writes notices in. Serialised as its ISO 639-1 code (`"fr"`).
///
/// # Example
/// ```
/// use relance::Language;
/// let l: Language = serde_json::from_str("\"nl\"").unwrap();
/// assert_eq!(l, Language::Nl);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Language {
    /// French.
    Fr,
    /// English.
    En,
    /// German.
    De,
    /// Dutch.
    Nl,
}

impl Language {
    /// The ISO 639-1 code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::Language::Nl.code(), "nl");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
            Language::De => "de",
            Language::Nl => "nl",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Parses the ISO 639-1 code, in lower case as in JSON.
///
/// ```
/// use relance::Language;
/// assert_eq!("de".parse::<Language>().unwrap(), Language::De);
/// assert!("DE".parse::<Language>().is_err());
/// ```
impl std::str::FromStr for Language {
    type Err = LanguageError;
    fn from_str(s: &str) -> Result<Language, LanguageError> {
        [Language::Fr, Language::En, Language::De, Language::Nl]
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| LanguageError::Unknown {
                code: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_serde_round_trip_and_uk_alias() {
        let c: Country = serde_json::from_str("\"UK\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"GB\"");
        assert!(serde_json::from_str::<Country>("\"FRA\"").is_err());
    }
}
