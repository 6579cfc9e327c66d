//! Structured payment references with check digits: the ISO 11649 [`RfCreditorReference`] (see the docs of `RfCreditorReference`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What is wrong with a payment reference. Every variant carries the value as given.
///
/// # Example
/// ```
/// use relance::{PaymentReferenceError, RfCreditorReference};
/// let e = RfCreditorReference::from_reference("INV-42").unwrap_err();
/// assert_eq!(
///     e,
///     PaymentReferenceError::InvalidCharacter { value: "INV-42".into(), character: '-' }
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentReferenceError {
    /// A creditor reference that does not start with `RF` followed by two digits.
    #[error(
        "{value:?} is not an RF creditor reference: it must start with RF and two check digits"
    )]
    NotRfReference {
        /// The value as given.
        value: String,
    },
    /// The reference part is empty or longer than 21 characters.
    #[error("reference {value:?} has {length} characters; an RF reference carries 1 to 21")]
    InvalidLength {
        /// The value as given.
        value: String,
        /// Its length once spaces are removed (the reference part for a generated reference).
        length: usize,
    },
    /// A character other than an ASCII letter or digit (or a space in print form).
    #[error("reference {value:?} contains {character:?}; only letters A-Z and digits are allowed")]
    InvalidCharacter {
        /// The value as given.
        value: String,
        /// The first offending character.
        character: char,
    },
    /// The check digits do not match the rest of the reference.
    #[error("reference {value:?} has check digits {found}, expected {expected}")]
    BadCheckDigits {
        /// The value as given.
        value: String,
        /// The check digits the reference should carry.
        expected: String,
        /// The check digits it carries.
        found: String,
    },
    /// A Belgian structured communication not in a recognised layout.
    #[error(
        "{value:?} is not a Belgian structured communication: expected +++ddd/dddd/ddddd+++, \
         ***ddd/dddd/ddddd***, +++dddddddddddd+++ or 12 digits"
    )]
    NotStructuredCommunication {
        /// The value as given.
        value: String,
    },
    /// A number too large for the 10 digits of a structured communication.
    #[error("{number} does not fit in the 10 digits of a structured communication")]
    NumberTooLarge {
        /// The number as given.
        number: u64,
    },
}

/// An ISO 11649 structured creditor reference: `RF`, two check digits, and 1 to 21 letters
/// or digits chosen by the creditor.
///
/// Stored in electronic form (upper case, no spaces), which is what [`Display`] and serde
/// produce; [`print_form`](Self::print_form) gives the groups of four meant for paper.
/// Parsing accepts both forms and lower-case letters (the check is case-insensitive).
///
/// [`Display`]: std::fmt::Display
///
/// # Example
/// ```
/// use relance::RfCreditorReference;
/// let rf: RfCreditorReference = "RF18 5390 0754 7034".parse()?;
/// assert_eq!(rf.reference(), "539007547034");
/// assert_eq!(rf.check_digits(), "18");
/// assert!("RF19 5390 0754 7034".parse::<RfCreditorReference>().is_err());
/// # Ok::<(), relance::PaymentReferenceError>(())
/// ```
///
/// Structured payment references with check digits: the ISO 11649 [`RfCreditorReference`]
/// and the Belgian [`StructuredCommunication`] (`+++xxx/xxxx/xxxxx+++`).
///
/// Both generate the check digits from a host reference and validate what a customer or a
/// bank sends back. Both are ISO 7064 MOD 97-10 family checks.
///
/// ## Example
/// ```
/// use relance::{RfCreditorReference, StructuredCommunication};
/// let rf = RfCreditorReference::from_reference("539007547034")?;
/// assert_eq!(rf.as_str(), "RF18539007547034");
/// assert_eq!(rf.print_form(), "RF18 5390 0754 7034");
///
/// let sc = StructuredCommunication::from_number(123_456_789)?;
/// assert_eq!(sc.to_string(), "+++012/3456/78939+++");
/// # Ok::<(), relance::PaymentReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RfCreditorReference(String);

impl RfCreditorReference {
    /// The longest reference part (21 characters, 25 with `RF` and the check digits).
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// let max = "9".repeat(RfCreditorReference::MAX_REFERENCE_LEN);
    /// assert_eq!(RfCreditorReference::from_reference(&max).unwrap().as_str().len(), 25);
    /// ```
    pub const MAX_REFERENCE_LEN: usize = 21;

    /// Builds the creditor reference of a host reference (an invoice or customer number),
    /// computing the check digits.
    ///
    /// Lower-case letters are upper-cased; leading zeros are kept (they are significant).
    ///
    /// # Errors
    /// [`PaymentReferenceError::InvalidLength`] for an empty reference or one above 21
    /// characters; [`PaymentReferenceError::InvalidCharacter`] for anything but ASCII letters
    /// and digits (so `INV-42` is refused: remove the dash first).
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// let rf = RfCreditorReference::from_reference("inv2025000042")?;
    /// assert_eq!(rf.reference(), "INV2025000042");
    /// assert!(RfCreditorReference::from_reference("INV-42").is_err());
    /// # Ok::<(), relance::PaymentReferenceError>(())
    /// ```
    pub fn from_reference(reference: &str) -> Result<RfCreditorReference, PaymentReferenceError> {
        check_reference_part(reference, reference)?;
        let upper = reference.to_ascii_uppercase();
        let check = rf_check_digits(&upper);
        Ok(RfCreditorReference(format!("RF{check:02}{upper}")))
    }

    /// Validates a creditor reference in electronic (`RF18539007547034`) or print
    /// (`RF18 5390 0754 7034`) form. ASCII spaces anywhere are ignored.
    ///
    /// # Errors
    /// [`PaymentReferenceError::NotRfReference`], [`PaymentReferenceError::InvalidLength`],
    /// [`PaymentReferenceError::InvalidCharacter`], [`PaymentReferenceError::BadCheckDigits`].
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// assert!(RfCreditorReference::parse("RF18539007547034").is_ok());
    /// assert!(RfCreditorReference::parse("rf18 5390 0754 7034").is_ok());
    /// assert!(RfCreditorReference::parse("RF18539007547035").is_err());
    /// ```
    pub fn parse(value: &str) -> Result<RfCreditorReference, PaymentReferenceError> {
        let compact: String = value.chars().filter(|c| *c != ' ').collect();
        let upper = compact.to_ascii_uppercase();
        let (head, reference) = match (upper.get(..4), upper.get(4..)) {
            (Some(h), Some(r)) => (h, r),
            _ => {
                return Err(PaymentReferenceError::NotRfReference {
                    value: value.to_string(),
                });
            }
        };
        let found = match head.strip_prefix("RF") {
            Some(d) if d.bytes().all(|b| b.is_ascii_digit()) => d,
            _ => {
                return Err(PaymentReferenceError::NotRfReference {
                    value: value.to_string(),
                });
            }
        };
        check_reference_part(value, reference)?;
        let expected = format!("{:02}", rf_check_digits(reference));
        if expected != found {
            return Err(PaymentReferenceError::BadCheckDigits {
                value: value.to_string(),
                expected,
                found: found.to_string(),
            });
        }
        Ok(RfCreditorReference(upper))
    }

    /// Electronic form, e.g. `RF18539007547034`.
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// let rf = RfCreditorReference::parse("rf18 5390 0754 7034").unwrap();
    /// assert_eq!(rf.as_str(), "RF18539007547034");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two check digits, e.g. `"18"`.
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// assert_eq!(RfCreditorReference::parse("RF712348231").unwrap().check_digits(), "71");
    /// ```
    pub fn check_digits(&self) -> &str {
        self.0.get(2..4).unwrap_or_default()
    }

    /// The creditor's reference part, e.g. `"539007547034"`.
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// assert_eq!(RfCreditorReference::parse("RF712348231").unwrap().reference(), "2348231");
    /// ```
    pub fn reference(&self) -> &str {
        self.0.get(4..).unwrap_or_default()
    }

    /// Print form: groups of four characters separated by a space, the last group possibly
    /// shorter, e.g. `RF18 5390 0754 7034`.
    ///
    /// # Example
    /// ```
    /// use relance::RfCreditorReference;
    /// let rf = RfCreditorReference::from_reference("2348231")?;
    /// assert_eq!(rf.print_form(), "RF71 2348 231");
    /// # Ok::<(), relance::PaymentReferenceError>(())
    /// ```
    pub fn print_form(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 6);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

/// Checks the reference part: 1 to 21 ASCII alphanumerics. `value` is what is reported.
fn check_reference_part(value: &str, reference: &str) -> Result<(), PaymentReferenceError> {
    if let Some(bad) = reference.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(PaymentReferenceError::InvalidCharacter {
            value: value.to_string(),
            character: bad,
        });
    }
    let length = reference.len();
    if length == 0 || length > RfCreditorReference::MAX_REFERENCE_LEN {
        return Err(PaymentReferenceError::InvalidLength {
            value: value.to_string(),
            length,
        });
    }
    Ok(())
}

/// ISO 11649 check digits of an upper-case alphanumeric reference: 98 minus the remainder
/// mod 97 of `reference + "RF00"` with letters replaced by 10..35.
fn rf_check_digits(reference: &str) -> u32 {
    let mut r = 0u32;
    for b in reference.bytes().chain(*b"RF00") {
        r = match b {
            b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(b - b'A') + 10) % 97,
            _ => r, // excluded by check_reference_part
        };
    }
    98 - r
}

impl std::str::FromStr for RfCreditorReference {
    type Err = PaymentReferenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RfCreditorReference::parse(s)
    }
}

impl fmt::Display for RfCreditorReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RfCreditorReference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RfCreditorReference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RfCreditorReference::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A Belgian structured communication (*communication structurée* / *gestructureerde
/// mededeling*, "OGM/VCS"): 10 digits chosen by the creditor and 2 check digits, printed
/// `+++ddd/dddd/ddddd+++`.
///
/// The check digits are the 10-digit number modulo 97, with 97 instead of 0.
/// [`Display`](std::fmt::Display) and serde use the `+++` form; parsing also accepts the
/// `***` variant and the bare 12 digits, with ASCII spaces anywhere.
///
/// # Example
/// ```
/// use relance::StructuredCommunication;
/// let sc: StructuredCommunication = "+++ 085 / 1927 / 54115 +++".parse()?;
/// assert_eq!(sc.base_number(), 851_927_541);
/// assert_eq!(sc.check_digits(), 15);
/// assert_eq!(sc.digits(), "085192754115");
/// # Ok::<(), relance::PaymentReferenceError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructuredCommunication {
    base: u64,
}

impl StructuredCommunication {
    /// The largest number that fits in the 10 digits.
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// let max = StructuredCommunication::from_number(StructuredCommunication::MAX_NUMBER).unwrap();
    /// assert_eq!(max.to_string(), "+++999/9999/99948+++");
    /// ```
    pub const MAX_NUMBER: u64 = 9_999_999_999;

    /// True when a transfer to the account `iban` quotes a structured communication: the
    /// account is Belgian (its IBAN starts with `BE`), where banks match payments on it. A
    /// transfer to any other account quotes an ISO 11649 RF reference instead, whatever
    /// the payer's country: the reference belongs to the payee's bank.
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// assert!(StructuredCommunication::applies_to("BE68 5390 0754 7034"));
    /// assert!(StructuredCommunication::applies_to("be68539007547034"));
    /// assert!(!StructuredCommunication::applies_to("FR76 3000 6000 0112 3456 7890 189"));
    /// ```
    pub fn applies_to(iban: &str) -> bool {
        let mut country = iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase());
        country.next() == Some('B') && country.next() == Some('E')
    }

    /// The structured communication of `number` (zero-padded to 10 digits).
    ///
    /// # Errors
    /// [`PaymentReferenceError::NumberTooLarge`] above [`MAX_NUMBER`](Self::MAX_NUMBER).
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// assert_eq!(StructuredCommunication::from_number(0)?.to_string(), "+++000/0000/00097+++");
    /// assert!(StructuredCommunication::from_number(10_000_000_000).is_err());
    /// # Ok::<(), relance::PaymentReferenceError>(())
    /// ```
    pub fn from_number(number: u64) -> Result<StructuredCommunication, PaymentReferenceError> {
        if number > Self::MAX_NUMBER {
            return Err(PaymentReferenceError::NumberTooLarge { number });
        }
        Ok(StructuredCommunication { base: number })
    }

    /// Validates a structured communication.
    ///
    /// # Errors
    /// [`PaymentReferenceError::NotStructuredCommunication`] for another layout;
    /// [`PaymentReferenceError::BadCheckDigits`] when the last two digits do not match.
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// assert!(StructuredCommunication::parse("+++012/3456/78939+++").is_ok());
    /// assert!(StructuredCommunication::parse("***012/3456/78939***").is_ok());
    /// assert!(StructuredCommunication::parse("012345678939").is_ok());
    /// assert!(StructuredCommunication::parse("+++012/3456/78900+++").is_err());
    /// ```
    pub fn parse(value: &str) -> Result<StructuredCommunication, PaymentReferenceError> {
        let not_sc = || PaymentReferenceError::NotStructuredCommunication {
            value: value.to_string(),
        };
        let compact: String = value.chars().filter(|c| *c != ' ').collect();
        let digits: String = if compact.len() == 12 {
            compact
        } else {
            let inner = compact
                .strip_prefix("+++")
                .and_then(|s| s.strip_suffix("+++"))
                .or_else(|| {
                    compact
                        .strip_prefix("***")
                        .and_then(|s| s.strip_suffix("***"))
                })
                .ok_or_else(not_sc)?;
            let parts: Vec<&str> = inner.split('/').collect();
            match parts.as_slice() {
                [a, b, c] if a.len() == 3 && b.len() == 4 && c.len() == 5 => {
                    format!("{a}{b}{c}")
                }
                [all] => all.to_string(),
                _ => return Err(not_sc()),
            }
        };
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_sc());
        }
        let (base_str, check_str) = digits.split_at(10);
        let base: u64 = base_str.parse().map_err(|_| not_sc())?;
        let sc = StructuredCommunication { base };
        let expected = format!("{:02}", sc.check_digits());
        if expected != check_str {
            return Err(PaymentReferenceError::BadCheckDigits {
                value: value.to_string(),
                expected,
                found: check_str.to_string(),
            });
        }
        Ok(sc)
    }

    /// The creditor's 10-digit number.
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// let sc = StructuredCommunication::parse("+++012/3456/78939+++").unwrap();
    /// assert_eq!(sc.base_number(), 123_456_789);
    /// ```
    pub fn base_number(&self) -> u64 {
        self.base
    }

    /// The check digits, 1 to 97 (the number modulo 97, with 97 for a remainder of 0).
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// assert_eq!(StructuredCommunication::from_number(97).unwrap().check_digits(), 97);
    /// assert_eq!(StructuredCommunication::from_number(98).unwrap().check_digits(), 1);
    /// ```
    pub fn check_digits(&self) -> u8 {
        match self.base % 97 {
            0 => 97,
            // The remainder is below 97, so it fits.
            r => u8::try_from(r).unwrap_or(97),
        }
    }

    /// The 12 digits without separators, e.g. `"012345678939"` (the form banks' ISO 20022
    /// files carry).
    ///
    /// # Example
    /// ```
    /// use relance::StructuredCommunication;
    /// assert_eq!(StructuredCommunication::from_number(123_456_789).unwrap().digits(), "012345678939");
    /// ```
    pub fn digits(&self) -> String {
        format!("{:010}{:02}", self.base, self.check_digits())
    }
}

impl std::str::FromStr for StructuredCommunication {
    type Err = PaymentReferenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StructuredCommunication::parse(s)
    }
}

impl fmt::Display for StructuredCommunication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        let (a, rest) = d.split_at(3);
        let (b, c) = rest.split_at(4);
        write!(f, "+++{a}/{b}/{c}+++")
    }
}

impl Serialize for StructuredCommunication {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StructuredCommunication {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StructuredCommunication::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The references relance prints on a notice for a set of invoices, and the rule that
/// makes them come back: both derive from the invoices alone, so the engine's own records
/// (the [`NoticeDelivered`](crate::EventKind::NoticeDelivered) events, which list every
/// invoice a notice covered under its key) resolve a reference quoted on a payment to the
/// invoices it covered ([`matching::References`](crate::matching::References)).
///
/// - RF: the creditor's reference base followed by the invoice number (letters and digits
///   only, upper case) for a single invoice when it fits in the 21 characters; otherwise
///   the base followed by a base-36 hash of the invoice ids, truncated to fit. The same set
///   of invoices keeps the same reference from one notice to the next.
/// - Structured communication, when the creditor's account is Belgian
///   ([`StructuredCommunication::applies_to`]): that hash modulo 10^10.
///
/// The hash is 64-bit FNV-1a over the sorted invoice ids, each followed by 0x1F.
///
/// # Example
/// ```
/// use relance::NoticeReferences;
/// let one = NoticeReferences::for_invoices("DUP", "BE68539007547034", &[("INV-1", "F-2025-001")])?;
/// assert_eq!(one.rf.reference(), "DUPF2025001");
/// let two = NoticeReferences::for_invoices("DUP", "BE68539007547034",
///     &[("INV-2", "F-2"), ("INV-1", "F-1")])?;
/// // The order of the invoices plays no part.
/// assert_eq!(two, NoticeReferences::for_invoices("DUP", "BE68539007547034",
///     &[("INV-1", "F-1"), ("INV-2", "F-2")])?);
/// assert!(two.structured.is_some());
/// # Ok::<(), relance::PaymentReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoticeReferences {
    /// The ISO 11649 reference.
    pub rf: RfCreditorReference,
    /// The Belgian structured communication, for a creditor account in Belgium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured: Option<StructuredCommunication>,
}

impl NoticeReferences {
    /// The references of a notice covering `invoices` (id, printed number), for a creditor
    /// with `reference_base` (1 to 12 letters or digits) and account `creditor_iban`.
    ///
    /// # Errors
    /// [`PaymentReferenceError::InvalidCharacter`] or
    /// [`PaymentReferenceError::InvalidLength`] for a base that is not 1 to 21 letters or
    /// digits.
    ///
    /// # Example
    /// ```
    /// use relance::NoticeReferences;
    /// let r = NoticeReferences::for_invoices("WID", "GB29NWBK60161331926819", &[("I-1", "A-1001")])?;
    /// assert_eq!(r.rf.print_form(), "RF36 WIDA 1001");
    /// assert!(r.structured.is_none());
    /// # Ok::<(), relance::PaymentReferenceError>(())
    /// ```
    pub fn for_invoices(
        reference_base: &str,
        creditor_iban: &str,
        invoices: &[(&str, &str)],
    ) -> Result<NoticeReferences, PaymentReferenceError> {
        let h = invoice_set_hash(invoices.iter().map(|(id, _)| *id));
        let base = reference_base.to_ascii_uppercase();
        let room = RfCreditorReference::MAX_REFERENCE_LEN.saturating_sub(base.len());
        let single: Option<String> = match invoices {
            [(_, number)] => Some(
                number
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_uppercase())
                    .collect(),
            ),
            _ => None,
        };
        let tail = match single {
            Some(s) if !s.is_empty() && s.len() <= room => s,
            _ => {
                let mut t = base36(h);
                t.truncate(room);
                t
            }
        };
        let rf = RfCreditorReference::from_reference(&format!("{base}{tail}"))?;
        let structured = if StructuredCommunication::applies_to(creditor_iban) {
            Some(StructuredCommunication::from_number(
                h % (StructuredCommunication::MAX_NUMBER + 1),
            )?)
        } else {
            None
        };
        Ok(NoticeReferences { rf, structured })
    }
}

/// 64-bit FNV-1a over the sorted ids, each followed by 0x1F.
pub(crate) fn invoice_set_hash<'a>(ids: impl Iterator<Item = &'a str>) -> u64 {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in &ids {
        for b in id.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// [`invoice_set_hash`] of one invoice, without allocating.
pub(crate) fn single_invoice_hash(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(std::iter::once(0x1f)) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub(crate) fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = String::with_capacity(13);
    loop {
        let d = DIGITS.get((n % 36) as usize).copied().unwrap_or(b'0');
        out.insert(0, char::from(d));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_is_stable() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "Z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(u64::MAX), "3W5E11264SGSF");
    }

    #[test]
    fn rf_errors_name_the_value() {
        let e = RfCreditorReference::parse("RF18 5390 0754 703!").unwrap_err();
        assert_eq!(
            e,
            PaymentReferenceError::InvalidCharacter {
                value: "RF18 5390 0754 703!".into(),
                character: '!'
            }
        );
        let e = RfCreditorReference::parse("RF19539007547034").unwrap_err();
        assert_eq!(
            e,
            PaymentReferenceError::BadCheckDigits {
                value: "RF19539007547034".into(),
                expected: "18".into(),
                found: "19".into()
            }
        );
        assert!(e.to_string().contains("RF19539007547034"));
        assert!(matches!(
            RfCreditorReference::parse("XX18539007547034"),
            Err(PaymentReferenceError::NotRfReference { .. })
        ));
        assert!(matches!(
            RfCreditorReference::parse("RF1"),
            Err(PaymentReferenceError::NotRfReference { .. })
        ));
        assert!(matches!(
            RfCreditorReference::parse("RF18"),
            Err(PaymentReferenceError::InvalidLength { length: 0, .. })
        ));
        assert!(matches!(
            RfCreditorReference::from_reference("1234567890123456789012"),
            Err(PaymentReferenceError::InvalidLength { length: 22, .. })
        ));
        // Multi-byte input must not panic on slicing.
        assert!(RfCreditorReference::parse("RFé5390").is_err());
        assert!(RfCreditorReference::parse("éééé").is_err());
    }

    #[test]
    fn structured_communication_errors() {
        assert!(matches!(
            StructuredCommunication::parse("+++012/3456/78900+++"),
            Err(PaymentReferenceError::BadCheckDigits { .. })
        ));
        for bad in [
            "+++012/3456/7893+++",
            "+++0123/456/78939+++",
            "12345",
            "+++a12/3456/78939+++",
            "+++012/3456/78939***",
            "éééééééééééé",
        ] {
            assert!(
                matches!(
                    StructuredCommunication::parse(bad),
                    Err(PaymentReferenceError::NotStructuredCommunication { .. })
                ),
                "{bad}"
            );
        }
    }
}
