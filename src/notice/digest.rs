//! A small deterministic digest of a rendered notice, to tie the hand-over dossier to the
//! notices actually sent.
//!
//! 64-bit FNV-1a over the UTF-8 bytes, written `fnv1a64:<16 hex digits>`. It detects an
//! accidental change or a mix-up between two notices; it is **not** a cryptographic hash and
//! proves nothing against someone who wants to forge a notice. A host that needs tamper
//! evidence signs or time-stamps its archive itself.
//!
//! # Example
//! ```
//! use relance::notice::ContentDigest;
//! assert_eq!(ContentDigest::of("").as_str(), "fnv1a64:cbf29ce484222325");
//! assert_eq!(ContentDigest::of("a").as_str(), "fnv1a64:af63dc4c8601ec8c");
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// A content digest, `fnv1a64:<16 lowercase hex digits>`. See the module docs.
///
/// # Example
/// ```
/// use relance::notice::ContentDigest;
/// let d = ContentDigest::of_parts(&["subject", "body"]);
/// assert_ne!(d, ContentDigest::of_parts(&["subjectbody"]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentDigest(String);

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

fn eat(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

impl ContentDigest {
    /// The digest of `text`.
    ///
    /// # Example
    /// ```
    /// use relance::notice::ContentDigest;
    /// assert_ne!(ContentDigest::of("a"), ContentDigest::of("b"));
    /// ```
    pub fn of(text: &str) -> ContentDigest {
        ContentDigest(format!("fnv1a64:{:016x}", eat(OFFSET, text.as_bytes())))
    }

    /// The digest of several parts, each preceded by its length so that moving text from
    /// one part to the next changes the digest.
    ///
    /// # Example
    /// ```
    /// use relance::notice::ContentDigest;
    /// assert_eq!(ContentDigest::of_parts(&["a", "b"]), ContentDigest::of_parts(&["a", "b"]));
    /// ```
    pub fn of_parts(parts: &[&str]) -> ContentDigest {
        let mut h = OFFSET;
        for p in parts {
            h = eat(h, &(p.len() as u64).to_le_bytes());
            h = eat(h, p.as_bytes());
        }
        ContentDigest(format!("fnv1a64:{h:016x}"))
    }

    /// The digest as a string.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::notice::ContentDigest::of("").as_str().len(), 24);
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContentDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
