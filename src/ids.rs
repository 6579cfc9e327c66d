//! Identifiers chosen by the host: invoices, customers, ladders.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The identifier as a string slice.
            ///
            /// # Example
            /// ```
            #[doc = concat!("let id = relance::", stringify!($name), "::from(\"A-1\");")]
            /// assert_eq!(id.as_str(), "A-1");
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

id_type!(
    /// The host's identifier of an invoice (unique across the portfolio).
    ///
    /// ```
    /// let id = relance::InvoiceId::from("INV-1");
    /// assert_eq!(id.to_string(), "INV-1");
    /// ```
    InvoiceId
);
id_type!(
    /// The host's identifier of a customer.
    ///
    /// ```
    /// let id = relance::CustomerId::from("C-1");
    /// assert_eq!(id.as_str(), "C-1");
    /// ```
    CustomerId
);

id_type!(
    /// The identifier of an escalation [`Ladder`](crate::Ladder).
    ///
    /// ```
    /// let id = relance::LadderId::from("fr-b2b");
    /// assert_eq!(id.as_str(), "fr-b2b");
    /// ```
    LadderId
);
