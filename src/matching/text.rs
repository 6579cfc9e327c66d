//! Reading bank line texts: invoice numbers despite spacing, prefixes and OCR confusions,
//! RF creditor references and Belgian structured communications.

use crate::payment_reference::{RfCreditorReference, StructuredCommunication};

/// Characters of a text read at most (remittance information is 140 characters in SEPA;
/// longer texts are cut, so every loop is bounded).
pub(super) const MAX_TEXT: usize = 1024;

/// The OCR confusions folded together: O/0, I/l/1, S/5, B/8 (after upper-casing, so `l`
/// is `L`).
pub(super) fn fold(c: u8) -> u8 {
    match c {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        b'S' => b'5',
        b'B' => b'8',
        other => other,
    }
}

/// An invoice number's key: its letters and digits, upper-cased and folded.
pub(super) fn number_key(number: &str) -> Vec<u8> {
    folded_number(number).collect()
}

/// [`number_key`] as an iterator.
pub(super) fn folded_number(number: &str) -> impl Iterator<Item = u8> + '_ {
    number
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| fold(b.to_ascii_uppercase()))
}

/// [`number_key`] into a buffer (cleared first).
pub(super) fn number_key_into(number: &str, into: &mut Vec<u8>) {
    into.clear();
    into.extend(folded_number(number));
}

/// The digits that end a key, when the key also has letters before them (`F2025001` ->
/// `2025001`): payers often leave the prefix out.
pub(super) fn digit_tail(key: &[u8]) -> Option<&[u8]> {
    let start = key
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    (start > 0).then(|| key.get(start..)).flatten()
}

/// FNV-1a, 64 bits.
pub(super) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A text as the number scan sees it: the folded letters and digits, where a number may
/// start and where it may end.
pub(super) struct Folded {
    pub(super) chars: Vec<u8>,
    pub(super) start: Vec<bool>,
    pub(super) end: Vec<bool>,
}

/// Folds `text`: separators are dropped (so `F 2025 001` and `F-2025-001` read the same),
/// and a number may start where a word starts or where letters turn into digits, and end
/// where a word ends or digits turn into letters.
pub(super) fn folded(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len().min(MAX_TEXT));
    let mut start = Vec::with_capacity(chars.capacity());
    let mut end: Vec<bool> = Vec::with_capacity(chars.capacity());
    let mut prev: Option<u8> = None;
    let mut gap = true;
    for raw in text.bytes().take(MAX_TEXT) {
        if !raw.is_ascii_alphanumeric() {
            gap = true;
            continue;
        }
        let up = raw.to_ascii_uppercase();
        let turn = prev.is_some_and(|p| p.is_ascii_alphabetic() && up.is_ascii_digit());
        let back = prev.is_some_and(|p| p.is_ascii_digit() && up.is_ascii_alphabetic());
        if gap || back {
            if let Some(last) = end.last_mut() {
                *last = true;
            }
        }
        if turn {
            if let Some(last) = end.last_mut() {
                *last = true;
            }
        }
        start.push(gap || turn || back);
        end.push(false);
        chars.push(fold(up));
        prev = Some(up);
        gap = false;
    }
    if let Some(last) = end.last_mut() {
        *last = true;
    }
    Folded { chars, start, end }
}

/// Every RF creditor reference in `text` with valid check digits (spaces, dashes and dots
/// inside are ignored), longest first at each position.
pub(super) fn rf_references(text: &str) -> Vec<RfCreditorReference> {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .take(MAX_TEXT)
        .zip(bytes.iter().skip(1))
        .any(|(a, b)| a.eq_ignore_ascii_case(&b'R') && b.eq_ignore_ascii_case(&b'F'))
    {
        return Vec::new();
    }
    let compact: Vec<u8> = text
        .bytes()
        .take(MAX_TEXT)
        .filter(|b| !matches!(b, b' ' | b'-' | b'.'))
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 5 <= compact.len() {
        let head = compact.get(i..i + 4).unwrap_or_default();
        let is_head = head.first() == Some(&b'R')
            && head.get(1) == Some(&b'F')
            && head
                .get(2..4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if is_head {
            let max = (compact.len() - i).min(4 + RfCreditorReference::MAX_REFERENCE_LEN);
            for len in (5..=max).rev() {
                let Some(cand) = compact.get(i..i + len) else {
                    continue;
                };
                if !cand.iter().all(u8::is_ascii_alphanumeric) {
                    continue;
                }
                if !rf_check(cand) {
                    continue;
                }
                if let Ok(rf) = std::str::from_utf8(cand)
                    .map_err(|_| ())
                    .and_then(|s| RfCreditorReference::parse(s).map_err(|_| ()))
                {
                    out.push(rf);
                }
            }
        }
        i += 1;
    }
    out
}

/// ISO 7064 MOD 97-10 over an upper-case alphanumeric `RFdd...` candidate: the first
/// four characters moved to the end, letters as 10..35, remainder 1.
fn rf_check(cand: &[u8]) -> bool {
    let (head, rest) = cand.split_at(4.min(cand.len()));
    let mut r: u32 = 0;
    for &b in rest.iter().chain(head) {
        r = match b {
            b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return false,
        };
    }
    r == 1
}

/// Every Belgian structured communication in `text`: a run of digits, slashes, plus signs,
/// asterisks and spaces holding exactly 12 digits with valid check digits.
pub(super) fn structured_communications(text: &str) -> Vec<StructuredCommunication> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut Vec<StructuredCommunication>| {
        if digits.len() == 12 {
            if let Ok(sc) = StructuredCommunication::parse(digits) {
                out.push(sc);
            }
        }
        digits.clear();
    };
    for c in text.chars().take(MAX_TEXT) {
        match c {
            '0'..='9' => digits.push(c),
            '/' | '+' | '*' | ' ' => {}
            _ => flush(&mut digits, &mut out),
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_reads_ocr_confusions_alike() {
        assert_eq!(number_key("F-2O25-OOl"), number_key("F 2025 001"));
        assert_eq!(number_key("INV-S8"), number_key("1NV 58"));
        assert_ne!(number_key("F-2025-001"), number_key("F-2025-007"));
        assert_eq!(digit_tail(b"F2025001"), Some(&b"2025001"[..]));
        assert_eq!(digit_tail(b"2025001"), None);
    }

    #[test]
    fn word_and_letter_digit_boundaries() {
        let f = folded("Inv.F 2025/001 ok");
        let s = String::from_utf8(f.chars.clone()).unwrap();
        assert_eq!(s, "1NVF20250010K");
        // Starts: I, F (new word), 2 (letters to digits), 0 (new word), o (new word).
        let starts: Vec<usize> = (0..f.start.len()).filter(|&i| f.start[i]).collect();
        assert_eq!(starts, [0, 3, 4, 8, 11]);
        let ends: Vec<usize> = (0..f.end.len()).filter(|&i| f.end[i]).collect();
        assert_eq!(ends, [2, 3, 7, 10, 12]);
    }

    #[test]
    fn references_in_free_text() {
        let rf = rf_references("paiement rf18 5390 0754 7034 merci");
        assert!(rf.iter().any(|r| r.as_str() == "RF18539007547034"));
        assert!(rf_references("rf19 5390 0754 7034").is_empty());
        let sc = structured_communications("VCS +++012/3456/78939+++ thanks");
        assert_eq!(sc.len(), 1);
        assert!(structured_communications("+++012/3456/78900+++").is_empty());
    }
}
