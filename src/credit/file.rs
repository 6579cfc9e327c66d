//! A customer's credit file: its credit limits (with effective dates), temporary increases,
//! the orders and deliveries the host reports, credit holds and their release, manual
//! blocks and overrides. Event-sourced like an account: it changes only through
//! [`CreditFile::apply`], which records a valid event or refuses it and changes nothing.

use crate::action::CreditHold;
use crate::ids::{CustomerId, InvoiceId};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Upper bound on events per credit file (every input is bounded).
pub const MAX_CREDIT_EVENTS: usize = 10_000;

/// A credit event refused, or a credit computation that cannot be made.
///
/// # Example
/// ```
/// use relance::credit::{CreditError, CreditEvent, CreditEventKind, CreditFile};
/// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
/// let e = f.apply(CreditEvent::new("2025-01-01".parse().unwrap(),
///     CreditEventKind::OrderDelivered { order: "SO-9".into() })).unwrap_err();
/// assert_eq!(e.to_string(), "customer C-1: unknown order SO-9");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CreditError {
    /// A reason or a person is required and was empty.
    #[error("customer {customer}: {event} needs {what}")]
    Missing {
        /// The customer.
        customer: CustomerId,
        /// The event type.
        event: &'static str,
        /// What is missing (`"a reason"`, `"who approved it"`...).
        what: &'static str,
    },
    /// An amount is negative, or zero where it must be positive.
    #[error("customer {customer}: {event} amount {amount} must be {must}")]
    Amount {
        /// The customer.
        customer: CustomerId,
        /// The event type.
        event: &'static str,
        /// The amount given.
        amount: Decimal,
        /// `"positive"` or `"zero or more"`.
        must: &'static str,
    },
    /// An end date before the event's date.
    #[error("customer {customer}: {event} ends on {until}, before its date {on}")]
    EndsBefore {
        /// The customer.
        customer: CustomerId,
        /// The event type.
        event: &'static str,
        /// Its date.
        on: NaiveDate,
        /// The end given.
        until: NaiveDate,
    },
    /// An amount in another currency than the file's where the file's is required.
    #[error("customer {customer}: {event} in {found}, the credit file is in {expected}")]
    Currency {
        /// The customer.
        customer: CustomerId,
        /// The event type.
        event: &'static str,
        /// The file's currency.
        expected: Currency,
        /// The currency given.
        found: Currency,
    },
    /// An order id given twice.
    #[error("customer {customer}: order {order} was already placed")]
    DuplicateOrder {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: String,
    },
    /// An order the file does not hold.
    #[error("customer {customer}: unknown order {order}")]
    UnknownOrder {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: String,
    },
    /// An order that was already invoiced or cancelled.
    #[error("customer {customer}: order {order} is already {state}")]
    OrderClosed {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: String,
        /// `"invoiced"` or `"cancelled"`.
        state: &'static str,
    },
    /// A credit hold the file does not hold, or one already released.
    #[error("customer {customer}: no active credit hold {key}")]
    NoSuchHold {
        /// The customer.
        customer: CustomerId,
        /// The hold's key.
        key: String,
    },
    /// A credit hold of another customer.
    #[error("customer {customer}: credit hold {key} is for customer {other}")]
    WrongCustomer {
        /// The file's customer.
        customer: CustomerId,
        /// The hold's key.
        key: String,
        /// The hold's customer.
        other: CustomerId,
    },
    /// Nothing to lift: the customer is not blocked.
    #[error("customer {customer}: not blocked")]
    NotBlocked {
        /// The customer.
        customer: CustomerId,
    },
    /// The file is full.
    #[error("customer {customer}: credit file full ({max} events)")]
    Full {
        /// The customer.
        customer: CustomerId,
        /// The bound.
        max: usize,
    },
    /// No conversion rate on or before the date.
    #[error("no {from} to {to} rate on or before {on}")]
    NoRate {
        /// From.
        from: Currency,
        /// To.
        to: Currency,
        /// The date.
        on: NaiveDate,
    },
    /// A rate that is not positive.
    #[error("{from} to {to} rate {rate} of {on} must be positive")]
    BadRate {
        /// From.
        from: Currency,
        /// To.
        to: Currency,
        /// The rate.
        rate: Decimal,
        /// Its date.
        on: NaiveDate,
    },
    /// An amount overflowed, or an account's history could not be read as of the date.
    #[error("customer {customer}: {message}")]
    Computation {
        /// The customer.
        customer: CustomerId,
        /// What went wrong.
        message: String,
    },
}

/// Who released a credit hold.
///
/// # Example
/// ```
/// use relance::credit::Release;
/// let r: Release = serde_json::from_str(r#"{"by": "person", "name": "M. Durand",
///     "reason": "paid by cheque, seen"}"#).unwrap();
/// assert!(matches!(r, Release::Person { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Release {
    /// Released automatically: every invoice that caused it is paid or credited
    /// ([`hold_releases`](super::hold_releases)).
    Cured {
        /// What cured it, in words.
        note: String,
    },
    /// Released by a person, with a reason.
    Person {
        /// Who.
        name: String,
        /// Why (required).
        reason: String,
    },
}

/// What happened in a credit file.
///
/// Serialises flat with a `"type"`: `{"date": "2025-03-01", "type": "limit_set",
/// "amount": "5000.00", "approved_by": "CFO"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CreditEventKind {
    /// The credit limit from this date on (in the file's currency; 0 allows no credit).
    LimitSet {
        /// The limit.
        amount: Decimal,
        /// Who approved it.
        approved_by: String,
        /// Why (optional).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A temporary increase of the limit, from this date to `until` included.
    TemporaryIncrease {
        /// The increase, positive, in the file's currency.
        amount: Decimal,
        /// Last day.
        until: NaiveDate,
        /// Why (required).
        reason: String,
        /// Who approved it (required).
        approved_by: String,
    },
    /// A sales order the host accepted: it counts in the exposure until invoiced or
    /// cancelled. A prepaid order does not.
    OrderPlaced {
        /// The host's order id.
        order: String,
        /// Its amount including VAT.
        amount: Decimal,
        /// Its currency (converted to the file's in the exposure).
        currency: Currency,
        /// Paid in advance: no credit risk.
        #[serde(default)]
        prepaid: bool,
    },
    /// The order was delivered and is not invoiced yet.
    OrderDelivered {
        /// The order.
        order: String,
    },
    /// The order was invoiced: from now on its invoice's account counts instead.
    OrderInvoiced {
        /// The order.
        order: String,
    },
    /// The order was cancelled.
    OrderCancelled {
        /// The order.
        order: String,
    },
    /// A credit hold from escalation ([`CreditHold`], made by a run when a step that
    /// blocks credit is reached).
    HoldPlaced {
        /// The action's idempotency key.
        key: String,
        /// The invoices whose step blocks credit.
        invoices: Vec<InvoiceId>,
        /// Why.
        reason: String,
    },
    /// A credit hold is lifted.
    HoldReleased {
        /// The hold's key.
        key: String,
        /// Automatically when cured, or by a person.
        release: Release,
    },
    /// A person blocks the customer's credit.
    Blocked {
        /// Why (required).
        reason: String,
        /// Who (required).
        by: String,
        /// Last day, or until unblocked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    /// A person lifts the manual block.
    Unblocked {
        /// Why (required).
        reason: String,
        /// Who (required).
        by: String,
    },
    /// A person with the authority lets orders through despite holds and blocks, from this
    /// date to `until` included; it expires by itself.
    Override {
        /// Why (required).
        reason: String,
        /// Who (required).
        by: String,
        /// Last day.
        until: NaiveDate,
    },
}

impl CreditEventKind {
    /// The snake_case name, as in JSON.
    ///
    /// # Example
    /// ```
    /// use relance::credit::CreditEventKind;
    /// assert_eq!(CreditEventKind::OrderInvoiced { order: "SO-1".into() }.name(), "order_invoiced");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            CreditEventKind::LimitSet { .. } => "limit_set",
            CreditEventKind::TemporaryIncrease { .. } => "temporary_increase",
            CreditEventKind::OrderPlaced { .. } => "order_placed",
            CreditEventKind::OrderDelivered { .. } => "order_delivered",
            CreditEventKind::OrderInvoiced { .. } => "order_invoiced",
            CreditEventKind::OrderCancelled { .. } => "order_cancelled",
            CreditEventKind::HoldPlaced { .. } => "hold_placed",
            CreditEventKind::HoldReleased { .. } => "hold_released",
            CreditEventKind::Blocked { .. } => "blocked",
            CreditEventKind::Unblocked { .. } => "unblocked",
            CreditEventKind::Override { .. } => "override",
        }
    }
}

/// A dated event of a credit file.
///
/// # Example
/// ```
/// use relance::credit::{CreditEvent, CreditEventKind};
/// let e: CreditEvent = serde_json::from_str(r#"{"date": "2025-03-01", "type": "limit_set",
///     "amount": "5000.00", "approved_by": "CFO"}"#).unwrap();
/// assert!(matches!(e.kind, CreditEventKind::LimitSet { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditEvent {
    /// The date it takes effect.
    #[serde(rename = "date")]
    pub on: NaiveDate,
    /// What happened.
    #[serde(flatten)]
    pub kind: CreditEventKind,
}

impl CreditEvent {
    /// An event on a date.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CreditEvent, CreditEventKind};
    /// let e = CreditEvent::new("2025-03-01".parse().unwrap(),
    ///     CreditEventKind::OrderCancelled { order: "SO-1".into() });
    /// assert_eq!(e.kind.name(), "order_cancelled");
    /// ```
    pub fn new(on: NaiveDate, kind: CreditEventKind) -> CreditEvent {
        CreditEvent { on, kind }
    }

    /// The event recording a run's [`CreditHold`] action in the customer's file.
    ///
    /// # Example
    /// ```
    /// use relance::{CreditHold, IdempotencyKey};
    /// use relance::credit::{CreditEvent, CreditEventKind};
    /// let hold = CreditHold { key: IdempotencyKey::from_parts("credit-hold", "C-1", &["I-1:2:1"]),
    ///     customer: "C-1".into(), as_of: "2025-03-02".parse().unwrap(),
    ///     invoices: vec!["I-1".into()], reason: "reached formal notice".into() };
    /// let e = CreditEvent::hold(&hold);
    /// assert!(matches!(e.kind, CreditEventKind::HoldPlaced { .. }));
    /// ```
    pub fn hold(action: &CreditHold) -> CreditEvent {
        CreditEvent::new(
            action.as_of,
            CreditEventKind::HoldPlaced {
                key: action.key.as_str().to_string(),
                invoices: action.invoices.clone(),
                reason: action.reason.clone(),
            },
        )
    }
}

/// A credit limit in force on a date: the standing limit and the temporary increases.
///
/// # Example
/// ```
/// use relance::credit::Limit;
/// let l = Limit { base: "5000".parse().unwrap(), increases: "1000".parse().unwrap(),
///     total: "6000".parse().unwrap(), currency: relance::Currency::EUR };
/// assert_eq!(l.total, l.base + l.increases);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// The standing limit.
    pub base: Decimal,
    /// Temporary increases in force.
    pub increases: Decimal,
    /// Their sum.
    pub total: Decimal,
    /// The file's currency.
    pub currency: Currency,
}

/// An order counted in the exposure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenOrder {
    /// The host's order id.
    pub order: String,
    /// Its amount, in its currency.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// Delivered but not invoiced yet.
    pub delivered: bool,
}

/// A credit hold in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveHold {
    /// The hold's key.
    pub key: String,
    /// Since when.
    pub since: NaiveDate,
    /// The invoices that caused it.
    pub invoices: Vec<InvoiceId>,
    /// Why.
    pub reason: String,
}

/// A manual block or an override in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorisation {
    /// Since when.
    pub since: NaiveDate,
    /// Last day, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Who.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// A customer's credit file (see the module docs).
///
/// Serialises as its customer, currency and events; loading replays the events through
/// [`CreditFile::apply`], so a stored file never holds an event that does not hold up.
///
/// # Example
/// ```
/// use relance::credit::{CreditEvent, CreditEventKind, CreditFile};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
/// f.apply(CreditEvent::new(d("2025-01-01"), CreditEventKind::LimitSet {
///     amount: "5000".parse().unwrap(), approved_by: "CFO".into(), reason: None })).unwrap();
/// f.apply(CreditEvent::new(d("2025-03-01"), CreditEventKind::TemporaryIncrease {
///     amount: "2000".parse().unwrap(), until: d("2025-03-31"),
///     reason: "spring season".into(), approved_by: "CFO".into() })).unwrap();
/// assert_eq!(f.limit_on(d("2025-03-15")).unwrap().total.to_string(), "7000");
/// assert_eq!(f.limit_on(d("2025-04-01")).unwrap().total.to_string(), "5000"); // expired
/// assert!(f.limit_on(d("2024-12-31")).is_none()); // not yet set
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CreditFileRecord")]
pub struct CreditFile {
    customer: CustomerId,
    currency: Currency,
    events: Vec<CreditEvent>,
}

#[derive(Deserialize)]
struct CreditFileRecord {
    customer: CustomerId,
    currency: Currency,
    #[serde(default)]
    events: Vec<CreditEvent>,
}

impl TryFrom<CreditFileRecord> for CreditFile {
    type Error = CreditError;
    fn try_from(r: CreditFileRecord) -> Result<CreditFile, CreditError> {
        let mut f = CreditFile::new(r.customer, r.currency);
        for e in r.events {
            f.apply(e)?;
        }
        Ok(f)
    }
}

fn required(
    customer: &CustomerId,
    event: &'static str,
    what: &'static str,
    value: &str,
) -> Result<(), CreditError> {
    if value.trim().is_empty() {
        return Err(CreditError::Missing {
            customer: customer.clone(),
            event,
            what,
        });
    }
    Ok(())
}

impl CreditFile {
    /// An empty file for a customer, its limits and exposure in `currency`.
    ///
    /// # Example
    /// ```
    /// let f = relance::credit::CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// assert!(f.events().is_empty());
    /// ```
    pub fn new(customer: CustomerId, currency: Currency) -> CreditFile {
        CreditFile {
            customer,
            currency,
            events: Vec::new(),
        }
    }

    /// The customer.
    ///
    /// # Example
    /// ```
    /// let f = relance::credit::CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// assert_eq!(f.customer().as_str(), "C-1");
    /// ```
    pub fn customer(&self) -> &CustomerId {
        &self.customer
    }

    /// The currency of the limits and the exposure.
    ///
    /// # Example
    /// ```
    /// let f = relance::credit::CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// assert_eq!(f.currency(), relance::Currency::EUR);
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Every event recorded, in order.
    ///
    /// # Example
    /// ```
    /// let f = relance::credit::CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// assert_eq!(f.events().len(), 0);
    /// ```
    pub fn events(&self) -> &[CreditEvent] {
        &self.events
    }

    fn until(&self, on: NaiveDate) -> impl Iterator<Item = &CreditEvent> {
        self.events.iter().filter(move |e| e.on <= on)
    }

    /// Records an event, or refuses it and changes nothing: reasons and people required
    /// where the event names them, amounts positive (a limit may be 0), end dates on or
    /// after the event, limits in the file's currency, orders and holds that exist and
    /// are still open.
    ///
    /// # Errors
    /// A [`CreditError`] naming the value.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CreditError, CreditEvent, CreditEventKind, CreditFile};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// let e = f.apply(CreditEvent::new(d("2025-01-01"), CreditEventKind::Override {
    ///     reason: " ".into(), by: "CFO".into(), until: d("2025-01-31") })).unwrap_err();
    /// assert!(matches!(e, CreditError::Missing { what: "a reason", .. }));
    /// assert!(f.events().is_empty());
    /// ```
    pub fn apply(&mut self, event: CreditEvent) -> Result<(), CreditError> {
        let c = &self.customer;
        let name = event.kind.name();
        if self.events.len() >= MAX_CREDIT_EVENTS {
            return Err(CreditError::Full {
                customer: c.clone(),
                max: MAX_CREDIT_EVENTS,
            });
        }
        let ends = |until: NaiveDate| {
            if until < event.on {
                Err(CreditError::EndsBefore {
                    customer: c.clone(),
                    event: name,
                    on: event.on,
                    until,
                })
            } else {
                Ok(())
            }
        };
        let amount = |amount: Decimal, zero_ok: bool| {
            if amount < Decimal::ZERO || (!zero_ok && amount.is_zero()) {
                Err(CreditError::Amount {
                    customer: c.clone(),
                    event: name,
                    amount,
                    must: if zero_ok { "zero or more" } else { "positive" },
                })
            } else {
                Ok(())
            }
        };
        match &event.kind {
            CreditEventKind::LimitSet {
                amount: a,
                approved_by,
                ..
            } => {
                amount(*a, true)?;
                required(c, name, "who approved it", approved_by)?;
            }
            CreditEventKind::TemporaryIncrease {
                amount: a,
                until,
                reason,
                approved_by,
            } => {
                amount(*a, false)?;
                ends(*until)?;
                required(c, name, "a reason", reason)?;
                required(c, name, "who approved it", approved_by)?;
            }
            CreditEventKind::OrderPlaced {
                order, amount: a, ..
            } => {
                required(c, name, "an order id", order)?;
                amount(*a, false)?;
                if self.order_events(order).next().is_some() {
                    return Err(CreditError::DuplicateOrder {
                        customer: c.clone(),
                        order: order.clone(),
                    });
                }
            }
            CreditEventKind::OrderDelivered { order }
            | CreditEventKind::OrderInvoiced { order }
            | CreditEventKind::OrderCancelled { order } => {
                if self.order_events(order).next().is_none() {
                    return Err(CreditError::UnknownOrder {
                        customer: c.clone(),
                        order: order.clone(),
                    });
                }
                let closed = self.order_events(order).find_map(|k| match k {
                    CreditEventKind::OrderInvoiced { .. } => Some("invoiced"),
                    CreditEventKind::OrderCancelled { .. } => Some("cancelled"),
                    _ => None,
                });
                if let Some(state) = closed {
                    return Err(CreditError::OrderClosed {
                        customer: c.clone(),
                        order: order.clone(),
                        state,
                    });
                }
            }
            CreditEventKind::HoldPlaced { key, reason, .. } => {
                required(c, name, "a key", key)?;
                required(c, name, "a reason", reason)?;
            }
            CreditEventKind::HoldReleased { key, release } => {
                if !self.active_holds(event.on).iter().any(|h| &h.key == key) {
                    return Err(CreditError::NoSuchHold {
                        customer: c.clone(),
                        key: key.clone(),
                    });
                }
                match release {
                    Release::Person { name: who, reason } => {
                        required(c, name, "who released it", who)?;
                        required(c, name, "a reason", reason)?;
                    }
                    Release::Cured { note } => required(c, name, "a note", note)?,
                }
            }
            CreditEventKind::Blocked { reason, by, until } => {
                required(c, name, "a reason", reason)?;
                required(c, name, "who blocked", by)?;
                if let Some(u) = until {
                    ends(*u)?;
                }
            }
            CreditEventKind::Unblocked { reason, by } => {
                required(c, name, "a reason", reason)?;
                required(c, name, "who unblocked", by)?;
                if self.block_on(event.on).is_none() {
                    return Err(CreditError::NotBlocked {
                        customer: c.clone(),
                    });
                }
            }
            CreditEventKind::Override { reason, by, until } => {
                required(c, name, "a reason", reason)?;
                required(c, name, "who approved it", by)?;
                ends(*until)?;
            }
        }
        self.events.push(event);
        Ok(())
    }

    /// Records a run's [`CreditHold`] action ([`CreditEvent::hold`]).
    ///
    /// # Errors
    /// [`CreditError::WrongCustomer`] for another customer's hold; an already recorded
    /// key is not recorded twice (a replayed action).
    ///
    /// # Example
    /// ```
    /// use relance::{CreditHold, IdempotencyKey};
    /// use relance::credit::CreditFile;
    /// let hold = CreditHold { key: IdempotencyKey::from_parts("credit-hold", "C-1", &["I-1:2:1"]),
    ///     customer: "C-1".into(), as_of: "2025-03-02".parse().unwrap(),
    ///     invoices: vec!["I-1".into()], reason: "reached formal notice".into() };
    /// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// f.place_hold(&hold).unwrap();
    /// f.place_hold(&hold).unwrap(); // replayed: once
    /// assert_eq!(f.active_holds("2025-03-02".parse().unwrap()).len(), 1);
    /// ```
    pub fn place_hold(&mut self, action: &CreditHold) -> Result<(), CreditError> {
        if action.customer != self.customer {
            return Err(CreditError::WrongCustomer {
                customer: self.customer.clone(),
                key: action.key.as_str().to_string(),
                other: action.customer.clone(),
            });
        }
        let known = self.events.iter().any(|e| {
            matches!(&e.kind, CreditEventKind::HoldPlaced { key, .. } if key == action.key.as_str())
        });
        if known {
            return Ok(());
        }
        self.apply(CreditEvent::hold(action))
    }

    fn order_events<'a>(&'a self, order: &'a str) -> impl Iterator<Item = &'a CreditEventKind> {
        self.events
            .iter()
            .map(|e| &e.kind)
            .filter(move |k| match k {
                CreditEventKind::OrderPlaced { order: o, .. }
                | CreditEventKind::OrderDelivered { order: o }
                | CreditEventKind::OrderInvoiced { order: o }
                | CreditEventKind::OrderCancelled { order: o } => o == order,
                _ => false,
            })
    }

    /// The limit in force on `on`: the last limit set on or before it, plus the temporary
    /// increases running that day. `None` before any limit is set.
    ///
    /// # Example
    /// See [`CreditFile`].
    pub fn limit_on(&self, on: NaiveDate) -> Option<Limit> {
        let base = self.until(on).fold(None, |acc, e| match &e.kind {
            CreditEventKind::LimitSet { amount, .. } => Some(*amount),
            _ => acc,
        })?;
        let increases = self
            .until(on)
            .filter_map(|e| match &e.kind {
                CreditEventKind::TemporaryIncrease { amount, until, .. } if *until >= on => {
                    Some(*amount)
                }
                _ => None,
            })
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
        Some(Limit {
            base,
            increases,
            total: base.saturating_add(increases),
            currency: self.currency,
        })
    }

    /// Orders placed on or before `on`, neither invoiced, cancelled nor prepaid by then.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CreditEvent, CreditEventKind, CreditFile};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// f.apply(CreditEvent::new(d("2025-03-01"), CreditEventKind::OrderPlaced {
    ///     order: "SO-1".into(), amount: "800".parse().unwrap(),
    ///     currency: relance::Currency::EUR, prepaid: false })).unwrap();
    /// f.apply(CreditEvent::new(d("2025-03-05"),
    ///     CreditEventKind::OrderDelivered { order: "SO-1".into() })).unwrap();
    /// f.apply(CreditEvent::new(d("2025-03-10"),
    ///     CreditEventKind::OrderInvoiced { order: "SO-1".into() })).unwrap();
    /// assert!(!f.open_orders(d("2025-03-01"))[0].delivered);
    /// assert!(f.open_orders(d("2025-03-05"))[0].delivered);
    /// assert!(f.open_orders(d("2025-03-10")).is_empty());
    /// ```
    pub fn open_orders(&self, on: NaiveDate) -> Vec<OpenOrder> {
        let mut open: Vec<OpenOrder> = Vec::new();
        for e in self.until(on) {
            match &e.kind {
                CreditEventKind::OrderPlaced {
                    order,
                    amount,
                    currency,
                    prepaid: false,
                } => open.push(OpenOrder {
                    order: order.clone(),
                    amount: *amount,
                    currency: *currency,
                    delivered: false,
                }),
                CreditEventKind::OrderDelivered { order } => {
                    if let Some(o) = open.iter_mut().find(|o| &o.order == order) {
                        o.delivered = true;
                    }
                }
                CreditEventKind::OrderInvoiced { order }
                | CreditEventKind::OrderCancelled { order } => open.retain(|o| &o.order != order),
                _ => {}
            }
        }
        open
    }

    /// Credit holds placed on or before `on` and not released by then.
    ///
    /// # Example
    /// See [`CreditFile::place_hold`].
    pub fn active_holds(&self, on: NaiveDate) -> Vec<ActiveHold> {
        let mut holds: Vec<ActiveHold> = Vec::new();
        for e in self.until(on) {
            match &e.kind {
                CreditEventKind::HoldPlaced {
                    key,
                    invoices,
                    reason,
                } => holds.push(ActiveHold {
                    key: key.clone(),
                    since: e.on,
                    invoices: invoices.clone(),
                    reason: reason.clone(),
                }),
                CreditEventKind::HoldReleased { key, .. } => holds.retain(|h| &h.key != key),
                _ => {}
            }
        }
        holds
    }

    /// The manual block in force on `on`, if any.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CreditEvent, CreditEventKind, CreditFile};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// f.apply(CreditEvent::new(d("2025-03-01"), CreditEventKind::Blocked {
    ///     reason: "insolvency rumours".into(), by: "M. Durand".into(), until: None })).unwrap();
    /// assert!(f.block_on(d("2025-03-01")).is_some());
    /// f.apply(CreditEvent::new(d("2025-03-10"), CreditEventKind::Unblocked {
    ///     reason: "bank guarantee received".into(), by: "M. Durand".into() })).unwrap();
    /// assert!(f.block_on(d("2025-03-10")).is_none());
    /// ```
    pub fn block_on(&self, on: NaiveDate) -> Option<Authorisation> {
        let mut block = None;
        for e in self.until(on) {
            match &e.kind {
                CreditEventKind::Blocked { reason, by, until } => {
                    block = Some(Authorisation {
                        since: e.on,
                        until: *until,
                        by: by.clone(),
                        reason: reason.clone(),
                    })
                }
                CreditEventKind::Unblocked { .. } => block = None,
                _ => {}
            }
        }
        block.filter(|b| b.until.is_none_or(|u| u >= on))
    }

    /// The override in force on `on` (the latest one whose period covers it), if any.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CreditEvent, CreditEventKind, CreditFile};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut f = CreditFile::new("C-1".into(), relance::Currency::EUR);
    /// f.apply(CreditEvent::new(d("2025-03-01"), CreditEventKind::Override {
    ///     reason: "key account, CEO call".into(), by: "CFO".into(), until: d("2025-03-07") }))
    ///     .unwrap();
    /// assert!(f.override_on(d("2025-03-07")).is_some());
    /// assert!(f.override_on(d("2025-03-08")).is_none()); // expired
    /// ```
    pub fn override_on(&self, on: NaiveDate) -> Option<Authorisation> {
        self.until(on)
            .filter_map(|e| match &e.kind {
                CreditEventKind::Override { reason, by, until } if *until >= on => {
                    Some(Authorisation {
                        since: e.on,
                        until: Some(*until),
                        by: by.clone(),
                        reason: reason.clone(),
                    })
                }
                _ => None,
            })
            .last()
    }
}
