//! Channels that fit the customer: fallback when a contact is missing, opt-outs, and the (see the docs of `resolve_channel`).

use crate::account::Account;
use crate::customer::Contacts;
use crate::event::EventKind;
use crate::ladder::Channel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The channel the planner uses for one channel of a step. See the module docs.
///
/// # Example
/// ```
/// use relance::{Channel, Contacts};
/// use relance::{resolve_channel, ChannelChoice};
/// let c = Contacts { email: Some("a@b.example".into()), ..Contacts::default() };
/// assert_eq!(resolve_channel(&c, Channel::Email).used(), Some(Channel::Email));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum ChannelChoice {
    /// The step's channel, as wanted.
    Wanted {
        /// The channel.
        channel: Channel,
    },
    /// The customer cannot be reached on `wanted` (or opted out of it): a letter instead.
    Fallback {
        /// The step's channel.
        wanted: Channel,
        /// The channel used instead.
        used: Channel,
    },
    /// The customer opted out of `wanted` and no fallback is allowed: not sent.
    OptedOut {
        /// The step's channel.
        wanted: Channel,
    },
    /// No contact for `wanted` and no fallback: kept, so the failure is seen.
    Unreachable {
        /// The step's channel.
        wanted: Channel,
    },
}

impl ChannelChoice {
    /// The channel to send on, if any.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, ChannelChoice};
    /// assert_eq!(ChannelChoice::OptedOut { wanted: Channel::Sms }.used(), None);
    /// assert_eq!(ChannelChoice::Unreachable { wanted: Channel::Sms }.used(), Some(Channel::Sms));
    /// ```
    pub fn used(&self) -> Option<Channel> {
        match *self {
            ChannelChoice::Wanted { channel } => Some(channel),
            ChannelChoice::Fallback { used, .. } => Some(used),
            ChannelChoice::OptedOut { .. } => None,
            ChannelChoice::Unreachable { wanted } => Some(wanted),
        }
    }

    /// What to report to the host, if anything.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, ChannelChoice};
    /// assert!(ChannelChoice::OptedOut { wanted: Channel::Sms }.problem().unwrap().contains("opted out"));
    /// ```
    pub fn problem(&self) -> Option<String> {
        match *self {
            ChannelChoice::Wanted { .. } | ChannelChoice::Fallback { .. } => None,
            ChannelChoice::OptedOut { wanted } => Some(format!(
                "customer opted out of {} and no letter can be sent instead: not sent on it",
                wanted.as_str()
            )),
            ChannelChoice::Unreachable { wanted } => Some(format!(
                "no contact for {} and no postal address to fall back on",
                wanted.as_str()
            )),
        }
    }
}

/// The channel to use for a step's `wanted` channel. See the module docs.
///
/// # Example
/// ```
/// use relance::{Channel, Contacts};
/// use relance::{resolve_channel, ChannelChoice};
/// let c = Contacts::default();
/// assert_eq!(resolve_channel(&c, Channel::Sms), ChannelChoice::Unreachable { wanted: Channel::Sms });
/// ```
///
/// Channels that fit the customer: fallback when a contact is missing, opt-outs, and the
/// per-channel outcome of a step.
///
/// [`resolve_channel`] is what the planner uses for each channel of a step:
/// 1. the step's channel when the customer can be reached on it and did not opt out;
/// 2. else a letter, when a postal address is known and letters are not opted out;
/// 3. else, when the customer opted out of the channel, **nothing**: the channel is
///    dropped and the planner reports it (sending anyway would ignore the customer's
///    choice);
/// 4. else (no contact, no address) the step's channel is kept and reported, so the
///    delivery fails visibly instead of the step being skipped silently.
///
/// [`StepDelivery`] reads back, from an account's history, how the current step went on
/// each channel; see [`Policy`](crate::Policy) for how a partial failure holds escalation.
///
/// ## Example
/// ```
/// use relance::{Channel, Contacts};
/// use relance::{resolve_channel, ChannelChoice};
/// let mut c = Contacts { postal_address: Some(vec!["1 rue de la Paix".into()]), ..Contacts::default() };
/// assert_eq!(resolve_channel(&c, Channel::Email), ChannelChoice::Fallback { wanted: Channel::Email, used: Channel::Letter });
/// c.email = Some("ap@example.com".into());
/// c.opt_out.insert(Channel::Email);
/// c.opt_out.insert(Channel::Letter);
/// assert_eq!(resolve_channel(&c, Channel::Email), ChannelChoice::OptedOut { wanted: Channel::Email });
/// ```
pub fn resolve_channel(contacts: &Contacts, wanted: Channel) -> ChannelChoice {
    if contacts.allows(wanted) {
        ChannelChoice::Wanted { channel: wanted }
    } else if contacts.allows(Channel::Letter) {
        ChannelChoice::Fallback {
            wanted,
            used: Channel::Letter,
        }
    } else if contacts.opt_out.contains(&wanted) {
        ChannelChoice::OptedOut { wanted }
    } else {
        ChannelChoice::Unreachable { wanted }
    }
}

/// How one channel of a step went.
///
/// # Example
/// ```
/// use relance::ChannelOutcome;
/// let o = ChannelOutcome::Delivered { on: "2025-03-01".parse().unwrap(), receipt: "r-1".into() };
/// assert!(o.is_delivered());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ChannelOutcome {
    /// Delivered, with the service's receipt.
    Delivered {
        /// When.
        on: NaiveDate,
        /// The receipt.
        receipt: String,
    },
    /// The delivery failed.
    Failed {
        /// When.
        on: NaiveDate,
        /// What the service said.
        reason: String,
        /// For good (the invoice went on hold) or not.
        permanent: bool,
    },
}

impl ChannelOutcome {
    /// True for [`ChannelOutcome::Delivered`].
    ///
    /// # Example
    /// ```
    /// use relance::ChannelOutcome;
    /// let o = ChannelOutcome::Failed { on: "2025-03-01".parse().unwrap(), reason: "bounced".into(), permanent: true };
    /// assert!(!o.is_delivered());
    /// ```
    pub fn is_delivered(&self) -> bool {
        matches!(self, ChannelOutcome::Delivered { .. })
    }
}

/// The outcome of an invoice's current step on each channel, read from its history: the
/// latest `NoticeDelivered` or `DeliveryFailed` per channel recorded after the last
/// `StepReached`. A channel without an outcome is still in the outbox (or was never
/// planned).
///
/// # Example
/// ```
/// use relance::*;
/// use relance::StepDelivery;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2025-01-01"),
///     "10".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let id: InvoiceId = "I".into();
/// acc.apply(&Event::new(&id, d("2025-02-07"), EventKind::StepReached { step: 0,
///     name: "reminder".into(), stage: Stage::Amicable, due_on: d("2025-02-07"), fee: None, deadline: None })).unwrap();
/// acc.apply(&Event::new(&id, d("2025-02-07"), EventKind::NoticeDelivered { key: "k1".into(),
///     channel: Channel::Email, receipt: "m-1".into() })).unwrap();
/// acc.apply(&Event::new(&id, d("2025-02-07"), EventKind::DeliveryFailed { key: "k2".into(),
///     channel: Channel::Sms, reason: "no such number".into(), permanent: true })).unwrap();
/// let s = StepDelivery::of(&acc).unwrap();
/// assert_eq!(s.failed(), vec![Channel::Sms]);
/// assert!(!s.is_complete(&[Channel::Email, Channel::Sms]));
/// assert!(s.is_complete(&[Channel::Email]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDelivery {
    /// The step.
    pub step: usize,
    /// Its name.
    pub step_name: String,
    /// When it was issued.
    pub issued_on: NaiveDate,
    /// The latest outcome per channel.
    pub channels: BTreeMap<Channel, ChannelOutcome>,
}

impl StepDelivery {
    /// The current step's outcomes, or `None` when no step was reached.
    ///
    /// # Example
    /// ```
    /// use relance::{Account, Currency, Invoice};
    /// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, "2025-01-01".parse().unwrap(),
    ///     "10".parse().unwrap(), "2025-01-31".parse().unwrap())).unwrap();
    /// assert!(relance::StepDelivery::of(&acc).is_none());
    /// ```
    pub fn of(account: &Account) -> Option<StepDelivery> {
        let history = account.history();
        let (index, step, step_name) =
            history
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, e)| match &e.kind {
                    EventKind::StepReached { step, name, .. } => Some((i, *step, name.clone())),
                    _ => None,
                })?;
        let issued_on = history.get(index).map(|e| e.on)?;
        let mut channels = BTreeMap::new();
        for e in history.iter().skip(index.saturating_add(1)) {
            match &e.kind {
                EventKind::NoticeDelivered {
                    channel, receipt, ..
                } => {
                    channels.insert(
                        *channel,
                        ChannelOutcome::Delivered {
                            on: e.on,
                            receipt: receipt.clone(),
                        },
                    );
                }
                EventKind::DeliveryFailed {
                    channel,
                    reason,
                    permanent,
                    ..
                } => {
                    channels.insert(
                        *channel,
                        ChannelOutcome::Failed {
                            on: e.on,
                            reason: reason.clone(),
                            permanent: *permanent,
                        },
                    );
                }
                _ => {}
            }
        }
        Some(StepDelivery {
            step,
            step_name,
            issued_on,
            channels,
        })
    }

    /// The channels whose latest outcome is a permanent failure.
    ///
    /// # Example
    /// ```
    /// use relance::StepDelivery;
    /// let s = StepDelivery { step: 0, step_name: "r".into(), issued_on: "2025-02-01".parse().unwrap(), channels: Default::default() };
    /// assert!(s.failed().is_empty());
    /// ```
    pub fn failed(&self) -> Vec<Channel> {
        self.channels
            .iter()
            .filter(|(_, o)| {
                matches!(
                    o,
                    ChannelOutcome::Failed {
                        permanent: true,
                        ..
                    }
                )
            })
            .map(|(c, _)| *c)
            .collect()
    }

    /// True when every channel of `expected` was delivered: only then is the step done.
    ///
    /// # Example
    /// ```
    /// use relance::StepDelivery;
    /// let s = StepDelivery { step: 0, step_name: "r".into(), issued_on: "2025-02-01".parse().unwrap(), channels: Default::default() };
    /// assert!(s.is_complete(&[]) && !s.is_complete(&[relance::Channel::Email]));
    /// ```
    pub fn is_complete(&self, expected: &[Channel]) -> bool {
        expected.iter().all(|c| {
            self.channels
                .get(c)
                .is_some_and(ChannelOutcome::is_delivered)
        })
    }
}
