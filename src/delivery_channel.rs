//! The channels a notice goes out on ([`Channel`]): a leaf module that customers (contacts,
//! opt-outs), ladders (steps), actions and sending windows all build on.
//!
//! Not to be confused with [`channels`](crate::channels), the fallback and opt-out logic
//! that picks a channel for a step.

use serde::{Deserialize, Serialize};

/// How a notice reaches the customer.
///
/// ```
/// use relance::Channel;
/// assert_eq!(serde_json::to_string(&Channel::RegisteredLetter).unwrap(), "\"registered_letter\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail.
    Email,
    /// Ordinary letter.
    Letter,
    /// Registered letter with acknowledgement of receipt.
    RegisteredLetter,
    /// Text message.
    Sms,
    /// A phone call, as a task for a person.
    Phone,
    /// A message on the host's customer portal.
    Portal,
}

impl Channel {
    /// The snake_case name used in JSON and idempotency keys.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::Channel::RegisteredLetter.as_str(), "registered_letter");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::RegisteredLetter => "registered_letter",
            Channel::Sms => "sms",
            Channel::Phone => "phone",
            Channel::Portal => "portal",
        }
    }
}
