//! What may go into a message header: recipients (e-mail address, mobile number, phone
//! number, portal account) and one-line texts (subject, title, who to call).
//!
//! A header ends at a line break, so a value carrying one can add headers of its own
//! (`Bcc:`) or a body: no character for which [`breaks_header`] holds may reach one.
//! [`render()`](crate::notice::render()) refuses a recipient that carries such a character
//! or is not a plausible e-mail address ([`validate_email`], [`validate_header_value`]),
//! and replaces them by spaces in texts built from host data ([`sanitize_header`]): a
//! subject quotes customer names and invoice numbers.
//!
//! Pure functions with no dependency on the rest of the crate, so the code that loads
//! customers can check their contacts with them.
//!
//! # Example
//! ```
//! use relance::notice::{sanitize_header, validate_email, HeaderError};
//! assert!(validate_email("compta@martin.example").is_ok());
//! let e = validate_email("compta@martin.example\r\nBcc: all@evil.example").unwrap_err();
//! assert!(matches!(e, HeaderError::ForbiddenCharacter { character: '\r', .. }));
//! assert_eq!(sanitize_header("Invoice F-1\r\nBcc: x"), "Invoice F-1 Bcc: x");
//! ```

/// Longest e-mail address accepted: 254 bytes (RFC 5321, a path of 256 including `<>`).
///
/// # Example
/// ```
/// use relance::notice::{MAX_EMAIL_LEN, validate_email};
/// let long = format!("a@{}", "b".repeat(MAX_EMAIL_LEN - 1));
/// assert!(validate_email(&long).is_err());
/// ```
pub const MAX_EMAIL_LEN: usize = 254;

/// Longest part before the `@`: 64 bytes (RFC 5321, 4.5.3.1.1).
///
/// # Example
/// ```
/// use relance::notice::{MAX_EMAIL_LOCAL_LEN, validate_email};
/// assert!(validate_email(&format!("{}@b.example", "a".repeat(MAX_EMAIL_LOCAL_LEN))).is_ok());
/// assert!(validate_email(&format!("{}@b.example", "a".repeat(MAX_EMAIL_LOCAL_LEN + 1))).is_err());
/// ```
pub const MAX_EMAIL_LOCAL_LEN: usize = 64;

/// Why a value cannot go into a header. Every variant carries the value.
///
/// # Example
/// ```
/// use relance::notice::{validate_email, HeaderError};
/// let e = validate_email("a b@example.com").unwrap_err();
/// assert_eq!(e, HeaderError::NotAnEmail { value: "a b@example.com".into(), problem: "contains a space" });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The value contains a control character or a line or paragraph separator.
    #[error(
        "{value:?} contains U+{:04X}, a control character or line break, which must not reach a header",
        u32::from(*.character)
    )]
    ForbiddenCharacter {
        /// The value.
        value: String,
        /// The first such character.
        character: char,
    },
    /// The value is not a plausible e-mail address.
    #[error("{value:?} is not an e-mail address: {problem}")]
    NotAnEmail {
        /// The value.
        value: String,
        /// What is wrong.
        problem: &'static str,
    },
}

/// True for a character that must never reach a header: the C0 controls (U+0000 to
/// U+001F, CR, LF, tab, vertical tab and form feed among them), DEL (U+007F), the C1
/// controls (U+0080 to U+009F, next line U+0085 among them), and the line and paragraph
/// separators U+2028 and U+2029. Together these are every character Unicode treats as a
/// mandatory line break (UAX #14: BK, CR, LF, NL).
///
/// # Example
/// ```
/// use relance::notice::breaks_header;
/// for c in ['\0', '\n', '\r', '\u{b}', '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}'] {
///     assert!(breaks_header(c), "{c:?}");
/// }
/// assert!(!breaks_header(' ') && !breaks_header('\u{a0}') && !breaks_header('é'));
/// ```
pub fn breaks_header(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Checks a value that goes into a header as it is (a mobile or phone number, a portal
/// account): it must not contain a character for which [`breaks_header`] holds.
///
/// # Errors
/// [`HeaderError::ForbiddenCharacter`] naming the value and the first such character.
///
/// # Example
/// ```
/// use relance::notice::validate_header_value;
/// assert!(validate_header_value("+32 470 12 34 56").is_ok());
/// assert!(validate_header_value("+32 470 12 34 56\nhello").is_err());
/// ```
pub fn validate_header_value(value: &str) -> Result<(), HeaderError> {
    match value.chars().find(|c| breaks_header(*c)) {
        Some(character) => Err(HeaderError::ForbiddenCharacter {
            value: value.to_string(),
            character,
        }),
        None => Ok(()),
    }
}

/// Checks that `address` is a plausible e-mail address, fit for a `To:` header: no
/// character for which [`breaks_header`] holds, exactly one `@` with something on both
/// sides, no space, none of the characters headers give a meaning to
/// (`( ) < > [ ] , ; : \ "`), a domain without empty labels, at most
/// [`MAX_EMAIL_LEN`] bytes and [`MAX_EMAIL_LOCAL_LEN`] before the `@`. Letters outside
/// ASCII are accepted (internationalised addresses). Whether the address exists is for the
/// mail server to say.
///
/// # Errors
/// [`HeaderError::ForbiddenCharacter`] or [`HeaderError::NotAnEmail`], naming the value.
///
/// # Example
/// ```
/// use relance::notice::validate_email;
/// assert!(validate_email("jörg.müller+rechnungen@beispiel.example").is_ok());
/// for bad in ["compta.example", "a@b@c.example", "@c.example", "compta@", "a b@c.example",
///             "Compta <compta@c.example>", "a,b@c.example", "compta@c..example"] {
///     assert!(validate_email(bad).is_err(), "{bad}");
/// }
/// ```
pub fn validate_email(address: &str) -> Result<(), HeaderError> {
    validate_header_value(address)?;
    let bad = |problem: &'static str| HeaderError::NotAnEmail {
        value: address.to_string(),
        problem,
    };
    if address.len() > MAX_EMAIL_LEN {
        return Err(bad("longer than 254 bytes"));
    }
    if address.chars().any(char::is_whitespace) {
        return Err(bad("contains a space"));
    }
    if address.chars().any(|c| "()<>[],;:\\\"".contains(c)) {
        return Err(bad(
            "contains one of ( ) < > [ ] , ; : \\ \" which headers give a meaning to",
        ));
    }
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad("must contain exactly one @"));
    };
    if local.is_empty() {
        return Err(bad("nothing before the @"));
    }
    if local.len() > MAX_EMAIL_LOCAL_LEN {
        return Err(bad("more than 64 bytes before the @"));
    }
    if domain.is_empty() {
        return Err(bad("nothing after the @"));
    }
    if domain.split('.').any(str::is_empty) {
        return Err(bad(
            "the domain has an empty label (a dot at an end or two dots)",
        ));
    }
    Ok(())
}

/// `text` made fit for a one-line header: every character for which [`breaks_header`]
/// holds becomes a space, runs of ASCII spaces become one, and the ends are trimmed.
/// No-break spaces are kept.
///
/// # Example
/// ```
/// use relance::notice::sanitize_header;
/// assert_eq!(sanitize_header("  Rappel :\u{a0}F-1\u{2028}\u{b}Bcc:\tx  "), "Rappel :\u{a0}F-1 Bcc: x");
/// ```
pub fn sanitize_header(text: &str) -> String {
    text.split(|c: char| breaks_header(c) || c == ' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One character of each class that must not reach a header.
    const FORBIDDEN: [char; 16] = [
        '\u{0}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}',
        '\u{85}', '\u{8d}', '\u{9f}', '\u{2028}', '\u{2029}', '\u{1}',
    ];

    #[test]
    fn every_control_character_and_line_break_is_refused_in_each_place() {
        for c in FORBIDDEN {
            assert!(breaks_header(c), "{c:?}");
            let address = format!("compta{c}@martin.example");
            assert_eq!(
                validate_email(&address),
                Err(HeaderError::ForbiddenCharacter {
                    value: address.clone(),
                    character: c
                }),
                "{c:?}"
            );
            let number = format!("+33 6 12 34{c}56 78");
            assert!(validate_header_value(&number).is_err(), "{c:?}");
            let subject = format!("Reminder: invoice F-1{c}Bcc: x");
            assert_eq!(
                sanitize_header(&subject),
                "Reminder: invoice F-1 Bcc: x",
                "{c:?}"
            );
        }
        // Every C0 and C1 control, one by one.
        for code in (0u32..0x20).chain(0x7f..0xa0) {
            let c = char::from_u32(code).unwrap();
            assert!(breaks_header(c), "U+{code:04X}");
        }
    }

    #[test]
    fn ordinary_characters_pass() {
        for c in [' ', '\u{a0}', '\u{202f}', 'é', 'ß', '€', '@', '-', '\u{a1}'] {
            assert!(!breaks_header(c), "{c:?}");
        }
        assert_eq!(
            sanitize_header("1\u{202f}234,56\u{a0}EUR"),
            "1\u{202f}234,56\u{a0}EUR"
        );
    }

    #[test]
    fn crlf_in_an_address_is_refused_before_anything_else() {
        let e = validate_email("compta@client.example\r\nBcc: all@evil.example").unwrap_err();
        assert!(
            matches!(
                e,
                HeaderError::ForbiddenCharacter {
                    character: '\r',
                    ..
                }
            ),
            "{e}"
        );
        // The message shows the value escaped, so logging it cannot break a line either.
        assert!(e.to_string().contains("\\r\\n"), "{e}");
        assert!(!e.to_string().contains('\r'));
    }

    #[test]
    fn plausible_addresses_only() {
        for ok in [
            "a@b",
            "compta@martin.example",
            "first.last+tag@sub.domain.example",
            "jörg@müller.example",
        ] {
            assert_eq!(validate_email(ok), Ok(()), "{ok}");
        }
        let problem = |s: &str| match validate_email(s) {
            Err(HeaderError::NotAnEmail { value, problem }) => {
                assert_eq!(value, s);
                problem
            }
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(problem("martin.example"), "must contain exactly one @");
        assert_eq!(problem("a@b@c"), "must contain exactly one @");
        assert_eq!(problem("@martin.example"), "nothing before the @");
        assert_eq!(problem("compta@"), "nothing after the @");
        assert_eq!(problem("compta @martin.example"), "contains a space");
        assert_eq!(problem("compta@martin.example\u{a0}"), "contains a space");
        assert!(problem("\"Compta\"<compta@martin.example>").contains("meaning"));
        assert!(problem("a@b.example,c@d.example").contains("meaning"));
        assert!(problem("compta@.example").contains("empty label"));
        let long_local = format!("{}@b.example", "a".repeat(65));
        assert_eq!(problem(&long_local), "more than 64 bytes before the @");
        let at_limit = format!("{}@{}", "a".repeat(64), "b".repeat(189));
        assert_eq!(at_limit.len(), 254);
        assert_eq!(validate_email(&at_limit), Ok(()));
        assert_eq!(problem(&format!("{at_limit}b")), "longer than 254 bytes");
    }
}
