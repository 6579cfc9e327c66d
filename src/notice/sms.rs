//! SMS length: the GSM 03.38 7-bit alphabet (GSM-7) with its extension table, and the
//! segments a message needs.
//!
//! - A message written only with GSM-7 characters fits one SMS up to 160 septets; longer,
//!   it is split into segments of 153 septets (7 are taken by the concatenation header).
//!   Characters of the extension table (`^ { } \ [ ~ ] | €` and form feed) take two septets
//!   (an escape and the character) and are never split across segments.
//! - Any other character forces UCS-2 for the whole message: 70 UTF-16 units in one SMS,
//!   67 per segment, a surrogate pair never split.
//!
//! # Example
//! ```
//! use relance::notice::{sms_length, SmsEncoding};
//! let l = sms_length("Rappel : facture F-1 échue, 120,00 EUR.");
//! assert_eq!((l.encoding, l.units, l.segments), (SmsEncoding::Gsm7, 39, 1));
//! assert_eq!(sms_length("Prix : 10 €").units, 12); // € takes two septets
//! assert_eq!(sms_length("Façade").encoding, SmsEncoding::Ucs2); // ç is not GSM-7
//! assert_eq!(sms_length(&"a".repeat(161)).segments, 2);
//! ```

use serde::{Deserialize, Serialize};

/// How an SMS is encoded.
///
/// # Example
/// ```
/// use relance::notice::SmsEncoding;
/// assert_eq!(serde_json::to_string(&SmsEncoding::Gsm7).unwrap(), "\"gsm7\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsEncoding {
    /// The GSM 03.38 7-bit default alphabet (and its extension table).
    Gsm7,
    /// UCS-2 (UTF-16), when a character is not in GSM-7.
    Ucs2,
}

/// The length of a message: its encoding, its size in units (septets for GSM-7, UTF-16
/// code units for UCS-2) and the number of SMS segments it takes.
///
/// # Example
/// ```
/// use relance::notice::sms_length;
/// let l = sms_length("");
/// assert_eq!((l.units, l.segments), (0, 1));
/// assert!(l.fits_one());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SmsLength {
    /// The encoding the message needs.
    pub encoding: SmsEncoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// SMS segments (1 for an empty message).
    pub segments: usize,
}

impl SmsLength {
    /// True when the message fits in one SMS.
    ///
    /// # Example
    /// ```
    /// use relance::notice::sms_length;
    /// assert!(sms_length(&"x".repeat(160)).fits_one());
    /// assert!(!sms_length(&"é".repeat(71).replace('é', "ê")).fits_one());
    /// ```
    pub fn fits_one(&self) -> bool {
        self.segments <= 1
    }
}

/// Septets in one GSM-7 SMS.
pub const GSM7_SINGLE: usize = 160;
/// Septets per segment of a multi-part GSM-7 SMS.
pub const GSM7_SEGMENT: usize = 153;
/// UTF-16 units in one UCS-2 SMS.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 units per segment of a multi-part UCS-2 SMS.
pub const UCS2_SEGMENT: usize = 67;

/// The GSM 03.38 default alphabet, in code order (ESC at 0x1B is left out: it is not a
/// character).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: each takes an escape septet plus its own.
const EXTENSION: &str = "\u{000C}^{}\\[~]|€";

/// Septets `c` takes in GSM-7, or `None` when it is not in GSM-7.
///
/// # Example
/// ```
/// use relance::notice::gsm7_septets;
/// assert_eq!(gsm7_septets('e'), Some(1));
/// assert_eq!(gsm7_septets('€'), Some(2));
/// assert_eq!(gsm7_septets('ê'), None);
/// ```
pub fn gsm7_septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// True when every character of `text` is in GSM-7 (extension table included).
///
/// # Example
/// ```
/// use relance::notice::is_gsm7;
/// assert!(is_gsm7("Zahlung über 1.234,56 EUR fällig"));
/// assert!(!is_gsm7("Payez aujourd’hui")); // typographic apostrophe
/// ```
pub fn is_gsm7(text: &str) -> bool {
    text.chars().all(|c| gsm7_septets(c).is_some())
}

/// The encoding, size and segments of `text`. See the module docs.
///
/// # Example
/// ```
/// use relance::notice::{sms_length, SmsEncoding};
/// let l = sms_length("Zahlung über 1.234,56 EUR");
/// assert_eq!((l.encoding, l.units, l.segments), (SmsEncoding::Gsm7, 25, 1));
/// ```
pub fn sms_length(text: &str) -> SmsLength {
    if is_gsm7(text) {
        let sizes: Vec<usize> = text.chars().filter_map(gsm7_septets).collect();
        let units = sizes.iter().sum();
        SmsLength {
            encoding: SmsEncoding::Gsm7,
            units,
            segments: segments(&sizes, units, GSM7_SINGLE, GSM7_SEGMENT),
        }
    } else {
        let sizes: Vec<usize> = text.chars().map(char::len_utf16).collect();
        let units = sizes.iter().sum();
        SmsLength {
            encoding: SmsEncoding::Ucs2,
            units,
            segments: segments(&sizes, units, UCS2_SINGLE, UCS2_SEGMENT),
        }
    }
}

/// Segments for characters of the given sizes, never splitting a character.
fn segments(sizes: &[usize], total: usize, single: usize, per_segment: usize) -> usize {
    if total <= single {
        return 1;
    }
    let mut count = 1;
    let mut used = 0;
    for &s in sizes {
        if used + s > per_segment {
            count += 1;
            used = 0;
        }
        used += s;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn alphabet_has_the_right_size() {
        assert_eq!(BASIC.chars().count(), 127);
        assert_eq!(EXTENSION.chars().count(), 10);
    }

    #[test]
    fn boundaries() {
        assert_eq!(sms_length(&"a".repeat(160)).segments, 1);
        assert_eq!(sms_length(&"a".repeat(161)).segments, 2);
        assert_eq!(sms_length(&"a".repeat(306)).segments, 2);
        assert_eq!(sms_length(&"a".repeat(307)).segments, 3);
        assert_eq!(sms_length(&"ê".repeat(70)).segments, 1);
        assert_eq!(sms_length(&"ê".repeat(71)).segments, 2);
        assert_eq!(sms_length(&"ê".repeat(134)).segments, 2);
        assert_eq!(sms_length(&"ê".repeat(135)).segments, 3);
    }

    #[test]
    fn an_escape_pair_is_not_split() {
        // 152 plain septets then a euro sign: 154 septets do not fit one segment of 153;
        // the euro goes whole to the second one.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(10));
        let l = sms_length(&text);
        assert_eq!((l.units, l.segments), (164, 2));
        // Emoji are surrogate pairs in UTF-16.
        assert_eq!(sms_length("😀").units, 2);
    }

    proptest! {
        #[test]
        fn segments_cover_the_units(s in "[a-zé€ê😀 ]{0,400}") {
            let l = sms_length(&s);
            let (single, per) = match l.encoding {
                SmsEncoding::Gsm7 => (GSM7_SINGLE, GSM7_SEGMENT),
                SmsEncoding::Ucs2 => (UCS2_SINGLE, UCS2_SEGMENT),
            };
            if l.units <= single {
                prop_assert_eq!(l.segments, 1);
            } else {
                prop_assert!(l.segments * per >= l.units);
                // At most one unit lost per segment to an unsplittable character.
                prop_assert!(l.segments * (per - 1) < l.units + per);
            }
        }
    }
}
