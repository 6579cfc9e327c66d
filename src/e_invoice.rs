//! French e-invoicing lifecycle statuses (réforme de la facturation électronique, reception
//! mandatory for every company since 1 September 2026): the statuses a platform (PA, the
//! former PDP, or the public concentrator) exchanges about an invoice, reported by the host
//! as facts ([`EventKind::EInvoiceStatus`](crate::EventKind::EInvoiceStatus)), and what
//! each does to dunning.
//!
//! Source: DGFiP, *Spécifications externes de la facturation électronique*, lifecycle
//! ("cycle de vie") statuses and codes, as carried in the CDAR message (norme AFNOR
//! XP Z12-012); `shared/reference/late-payment-law.md`, section 8. The four mandatory
//! statuses are 200 Déposée, 210 Refusée, 212 Encaissée and 213 Rejetée.
//!
//! | code | label | variant | effect on dunning |
//! |---|---|---|---|
//! | 200 | Déposée | [`Deposited`](EInvoiceStatus::Deposited) | none (lifts a hold from 213: the corrected invoice is deposited again) |
//! | 201 | Émise par la plateforme | [`Issued`](EInvoiceStatus::Issued) | none |
//! | 202 | Reçue par la plateforme | [`Received`](EInvoiceStatus::Received) | none |
//! | 203 | Mise à disposition | [`MadeAvailable`](EInvoiceStatus::MadeAvailable) | none |
//! | 204 | Prise en charge | [`TakenOver`](EInvoiceStatus::TakenOver) | lifts a hold from 208 or 210 |
//! | 205 | Approuvée | [`Approved`](EInvoiceStatus::Approved) | lifts a hold from 208 or 210 |
//! | 206 | Approuvée partiellement | [`PartiallyApproved`](EInvoiceStatus::PartiallyApproved) | lifts a hold from 208 or 210 |
//! | 207 | En litige | [`InDispute`](EInvoiceStatus::InDispute) | opens a dispute |
//! | 208 | Suspendue | [`Suspended`](EInvoiceStatus::Suspended) | holds until the buyer's next status |
//! | 209 | Complétée | [`Completed`](EInvoiceStatus::Completed) | lifts a hold from 208 or 210 |
//! | 210 | Refusée | [`Refused`](EInvoiceStatus::Refused) | holds: not dunned; waits for a credit note or a reissue |
//! | 211 | Paiement transmis | [`PaymentTransmitted`](EInvoiceStatus::PaymentTransmitted) | holds [`PAYMENT_TRANSMITTED_HOLD_DAYS`] days for the money to arrive |
//! | 212 | Encaissée | [`Cashed`](EInvoiceStatus::Cashed) | a payment of its `amount` (see below) |
//! | 213 | Rejetée | [`Rejected`](EInvoiceStatus::Rejected) | holds: never validly issued, never dunned |
//!
//! A person may lift any of these holds with a `hold_released` fact.
//!
//! **212 Encaissée** is the status the *supplier* sends once it has cashed a payment (it
//! makes VAT on services due). Recorded with its `amount`, it first covers the payments
//! already recorded and not yet reported as cashed; only what goes beyond them is a new
//! payment, so a host that records the bank payment and later the 212 it sent never counts
//! the money twice, and a host that only records the 212 gets the payment.
//! [`Account::cashed_not_reported`](crate::Account::cashed_not_reported) and
//! [`cashed_to_report`](crate::cashed_to_report) say what the host still has to report as 212.

use serde::{Deserialize, Serialize};

/// Days a "211 Paiement transmis" status holds dunning, for the transfer to arrive and be
/// matched; then dunning resumes unless a payment (or 212) was recorded.
pub const PAYMENT_TRANSMITTED_HOLD_DAYS: u64 = 14;

/// A lifecycle status of a French e-invoice (see the module table for the codes, labels
/// and effects). Serialised in snake_case (`"cashed"`, `"in_dispute"`...).
///
/// # Example
/// ```
/// use relance::EInvoiceStatus;
/// assert_eq!(EInvoiceStatus::Cashed.code(), 212);
/// assert_eq!(EInvoiceStatus::Cashed.label(), "Encaissée");
/// assert_eq!(EInvoiceStatus::from_code(210), Some(EInvoiceStatus::Refused));
/// assert_eq!(serde_json::to_string(&EInvoiceStatus::InDispute).unwrap(), "\"in_dispute\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EInvoiceStatus {
    /// 200 Déposée: accepted by the issuer's platform.
    Deposited,
    /// 201 Émise par la plateforme.
    Issued,
    /// 202 Reçue par la plateforme (the buyer's).
    Received,
    /// 203 Mise à disposition: made available to the buyer.
    MadeAvailable,
    /// 204 Prise en charge: the buyer is processing it.
    TakenOver,
    /// 205 Approuvée.
    Approved,
    /// 206 Approuvée partiellement.
    PartiallyApproved,
    /// 207 En litige: the buyer disputes it.
    InDispute,
    /// 208 Suspendue: the buyer waits for information or a document.
    Suspended,
    /// 209 Complétée: the information asked for was supplied.
    Completed,
    /// 210 Refusée: the buyer refuses it (a credit note or a reissue follows).
    Refused,
    /// 211 Paiement transmis: the buyer says it paid.
    PaymentTransmitted,
    /// 212 Encaissée: the supplier cashed a payment (with its amount).
    Cashed,
    /// 213 Rejetée: the platform rejected it; it was never validly issued.
    Rejected,
}

const ALL: [EInvoiceStatus; 14] = [
    EInvoiceStatus::Deposited,
    EInvoiceStatus::Issued,
    EInvoiceStatus::Received,
    EInvoiceStatus::MadeAvailable,
    EInvoiceStatus::TakenOver,
    EInvoiceStatus::Approved,
    EInvoiceStatus::PartiallyApproved,
    EInvoiceStatus::InDispute,
    EInvoiceStatus::Suspended,
    EInvoiceStatus::Completed,
    EInvoiceStatus::Refused,
    EInvoiceStatus::PaymentTransmitted,
    EInvoiceStatus::Cashed,
    EInvoiceStatus::Rejected,
];

impl EInvoiceStatus {
    /// The official code (200 to 213).
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::EInvoiceStatus::Rejected.code(), 213);
    /// ```
    pub fn code(self) -> u16 {
        match self {
            EInvoiceStatus::Deposited => 200,
            EInvoiceStatus::Issued => 201,
            EInvoiceStatus::Received => 202,
            EInvoiceStatus::MadeAvailable => 203,
            EInvoiceStatus::TakenOver => 204,
            EInvoiceStatus::Approved => 205,
            EInvoiceStatus::PartiallyApproved => 206,
            EInvoiceStatus::InDispute => 207,
            EInvoiceStatus::Suspended => 208,
            EInvoiceStatus::Completed => 209,
            EInvoiceStatus::Refused => 210,
            EInvoiceStatus::PaymentTransmitted => 211,
            EInvoiceStatus::Cashed => 212,
            EInvoiceStatus::Rejected => 213,
        }
    }

    /// The official French label.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::EInvoiceStatus::PaymentTransmitted.label(), "Paiement transmis");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            EInvoiceStatus::Deposited => "Déposée",
            EInvoiceStatus::Issued => "Émise par la plateforme",
            EInvoiceStatus::Received => "Reçue par la plateforme",
            EInvoiceStatus::MadeAvailable => "Mise à disposition",
            EInvoiceStatus::TakenOver => "Prise en charge",
            EInvoiceStatus::Approved => "Approuvée",
            EInvoiceStatus::PartiallyApproved => "Approuvée partiellement",
            EInvoiceStatus::InDispute => "En litige",
            EInvoiceStatus::Suspended => "Suspendue",
            EInvoiceStatus::Completed => "Complétée",
            EInvoiceStatus::Refused => "Refusée",
            EInvoiceStatus::PaymentTransmitted => "Paiement transmis",
            EInvoiceStatus::Cashed => "Encaissée",
            EInvoiceStatus::Rejected => "Rejetée",
        }
    }

    /// The status of an official code.
    ///
    /// # Example
    /// ```
    /// use relance::EInvoiceStatus;
    /// assert_eq!(EInvoiceStatus::from_code(207), Some(EInvoiceStatus::InDispute));
    /// assert_eq!(EInvoiceStatus::from_code(214), None);
    /// ```
    pub fn from_code(code: u16) -> Option<EInvoiceStatus> {
        ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the status puts dunning on hold (208, 210, 211, 213).
    ///
    /// # Example
    /// ```
    /// use relance::EInvoiceStatus;
    /// assert!(EInvoiceStatus::Refused.holds() && !EInvoiceStatus::Approved.holds());
    /// ```
    pub fn holds(self) -> bool {
        matches!(
            self,
            EInvoiceStatus::Suspended
                | EInvoiceStatus::Refused
                | EInvoiceStatus::PaymentTransmitted
                | EInvoiceStatus::Rejected
        )
    }

    /// Whether this status, arriving later, lifts a hold put by `held`: the buyer's
    /// processing statuses (204, 205, 206, 209) lift 208 and 210; a new 200 (the corrected
    /// invoice deposited again) lifts 213. A 211 hold ends by itself.
    ///
    /// # Example
    /// ```
    /// use relance::EInvoiceStatus::*;
    /// assert!(Approved.lifts(Suspended) && Deposited.lifts(Rejected));
    /// assert!(!Approved.lifts(Rejected));
    /// ```
    pub fn lifts(self, held: EInvoiceStatus) -> bool {
        use EInvoiceStatus::*;
        match held {
            Suspended | Refused => {
                matches!(self, TakenOver | Approved | PartiallyApproved | Completed)
            }
            Rejected => self == Deposited,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_official_200_to_213_and_round_trip() {
        // DGFiP external specifications, lifecycle statuses 200 to 213.
        let codes: Vec<u16> = ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, (200..=213).collect::<Vec<u16>>());
        for s in ALL {
            assert_eq!(EInvoiceStatus::from_code(s.code()), Some(s));
        }
        // The four mandatory statuses.
        let mandatory: Vec<&str> = [200, 210, 212, 213]
            .into_iter()
            .filter_map(EInvoiceStatus::from_code)
            .map(|s| s.label())
            .collect();
        assert_eq!(mandatory, ["Déposée", "Refusée", "Encaissée", "Rejetée"]);
    }
}
