//! Exposure, available credit, the credit check for a new order, and the automatic release
//! of credit holds once their cause is cured.

use super::behaviour::Score;
use super::file::{CreditError, CreditEvent, CreditEventKind, CreditFile, Limit, Release};
use crate::account::Account;
use crate::customer::Customer;
use crate::ids::InvoiceId;
use crate::ladder::Stage;
use crate::money::{Currency, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A conversion rate: one unit of `from` is worth `rate` units of `to`, from `on`.
///
/// # Example
/// ```
/// use relance::credit::FxRate;
/// let r: FxRate = serde_json::from_str(
///     r#"{"from": "GBP", "to": "EUR", "rate": "1.17", "on": "2025-03-01"}"#).unwrap();
/// assert_eq!(r.rate.to_string(), "1.17");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxRate {
    /// From.
    pub from: Currency,
    /// To.
    pub to: Currency,
    /// Units of `to` per unit of `from`.
    pub rate: Decimal,
    /// The date of the rate.
    pub on: NaiveDate,
}

/// Converts `amount` of `from` into `to` with the latest rate dated on or before `on`
/// (the direct rate, else the inverse of the reverse one), rounded half up to `to`'s minor
/// unit.
///
/// # Errors
/// [`CreditError::NoRate`] without a rate; [`CreditError::BadRate`] for a rate that is
/// not positive.
///
/// # Example
/// ```
/// use relance::Currency;
/// use relance::credit::{convert, FxRate};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let rates = [FxRate { from: Currency::GBP, to: Currency::EUR, rate: "1.17".parse().unwrap(),
///     on: d("2025-03-01") }];
/// let eur = convert("100.00".parse().unwrap(), Currency::GBP, Currency::EUR, d("2025-03-02"),
///     &rates).unwrap();
/// assert_eq!(eur.to_string(), "117.00");
/// let gbp = convert(eur, Currency::EUR, Currency::GBP, d("2025-03-02"), &rates).unwrap();
/// assert_eq!(gbp.to_string(), "100.00");
/// assert!(convert(eur, Currency::EUR, Currency::GBP, d("2025-02-28"), &rates).is_err());
/// ```
pub fn convert(
    amount: Decimal,
    from: Currency,
    to: Currency,
    on: NaiveDate,
    rates: &[FxRate],
) -> Result<Decimal, CreditError> {
    if from == to {
        return Ok(amount);
    }
    let latest = |f: Currency, t: Currency| {
        rates
            .iter()
            .filter(|r| r.from == f && r.to == t && r.on <= on)
            .max_by_key(|r| r.on)
    };
    let overflow = || CreditError::NoRate { from, to, on };
    let bad = |r: &FxRate| CreditError::BadRate {
        from: r.from,
        to: r.to,
        rate: r.rate,
        on: r.on,
    };
    let converted = if let Some(r) = latest(from, to) {
        if r.rate <= Decimal::ZERO {
            return Err(bad(r));
        }
        amount.checked_mul(r.rate).ok_or_else(overflow)?
    } else if let Some(r) = latest(to, from) {
        if r.rate <= Decimal::ZERO {
            return Err(bad(r));
        }
        amount.checked_div(r.rate).ok_or_else(overflow)?
    } else {
        return Err(CreditError::NoRate { from, to, on });
    };
    Ok(to.round(converted, Rounding::HalfUp))
}

/// What a customer owes and has ordered on a date, in the credit file's currency.
///
/// # Example
/// ```
/// use relance::credit::Exposure;
/// let e = Exposure::zero(relance::Currency::EUR);
/// assert!(e.total.is_zero());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposure {
    /// The currency of every figure.
    pub currency: Currency,
    /// Open principal of the invoices.
    pub receivables: Decimal,
    /// Open fees, interest and compensation claimed on them (from the claim ledger).
    pub accessories: Decimal,
    /// Orders placed, not delivered, not invoiced.
    pub open_orders: Decimal,
    /// Orders delivered, not invoiced.
    pub uninvoiced_deliveries: Decimal,
    /// The sum of the four.
    pub total: Decimal,
    /// Of the receivables, what is past its due date.
    pub overdue: Decimal,
    /// Days the oldest unpaid instalment is overdue.
    pub oldest_overdue_days: i64,
}

impl Exposure {
    /// Nothing owed.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::credit::Exposure::zero(relance::Currency::EUR).oldest_overdue_days, 0);
    /// ```
    pub fn zero(currency: Currency) -> Exposure {
        Exposure {
            currency,
            receivables: Decimal::ZERO,
            accessories: Decimal::ZERO,
            open_orders: Decimal::ZERO,
            uninvoiced_deliveries: Decimal::ZERO,
            total: Decimal::ZERO,
            overdue: Decimal::ZERO,
            oldest_overdue_days: 0,
        }
    }
}

/// The account as it stood on `on`: itself when nothing after that date is recorded, else
/// rebuilt from its events up to that date.
pub(crate) fn as_of(account: &Account, on: NaiveDate) -> Result<Cow<'_, Account>, String> {
    if account.history().iter().all(|e| e.on <= on) {
        return Ok(Cow::Borrowed(account));
    }
    Account::replay(
        account.invoice().clone(),
        account.history().iter().filter(|e| e.on <= on),
    )
    .map(Cow::Owned)
    .map_err(|e| e.to_string())
}

fn sum(a: Decimal, b: Decimal, file: &CreditFile) -> Result<Decimal, CreditError> {
    a.checked_add(b).ok_or_else(|| CreditError::Computation {
        customer: file.customer().clone(),
        message: "exposure overflows".into(),
    })
}

/// The customer's exposure on `on`: the open claims of its invoices issued by then
/// (principal and accessories, from each account's claim ledger as it stood that day),
/// plus the open orders and uninvoiced deliveries of its credit file, converted to the
/// file's currency with `rates`.
///
/// # Errors
/// A missing rate, an account whose history cannot be read as of the date, an overflow.
///
/// # Example
/// ```
/// use relance::{Account, Currency, Event, EventKind, Invoice};
/// use relance::credit::{exposure, CreditEvent, CreditEventKind, CreditFile};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), "1000.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// acc.apply(&Event::new(&"I-1".into(), d("2025-02-20"),
///     EventKind::Payment { amount: "400.00".parse().unwrap() })).unwrap();
/// let mut f = CreditFile::new("C-1".into(), Currency::EUR);
/// f.apply(CreditEvent::new(d("2025-02-01"), CreditEventKind::OrderPlaced {
///     order: "SO-1".into(), amount: "250.00".parse().unwrap(), currency: Currency::EUR,
///     prepaid: false })).unwrap();
/// let e = exposure(d("2025-02-10"), &f, &[acc.clone()], &[]).unwrap();
/// assert_eq!((e.receivables.to_string(), e.total.to_string()), ("1000.00".into(), "1250.00".into()));
/// assert_eq!((e.overdue.to_string(), e.oldest_overdue_days), ("1000.00".into(), 10));
/// // Known on 1 March, the payment of 20 February counts.
/// let e = exposure(d("2025-03-01"), &f, &[acc], &[]).unwrap();
/// assert_eq!(e.total.to_string(), "850.00");
/// ```
pub fn exposure(
    on: NaiveDate,
    file: &CreditFile,
    accounts: &[Account],
    rates: &[FxRate],
) -> Result<Exposure, CreditError> {
    let currency = file.currency();
    let mut e = Exposure::zero(currency);
    let computation = |message: String| CreditError::Computation {
        customer: file.customer().clone(),
        message,
    };
    for acc in accounts {
        let inv = acc.invoice();
        if &inv.customer != file.customer() || inv.issue_date > on {
            continue;
        }
        let acc = as_of(acc, on).map_err(computation)?;
        let claim = acc.claim();
        let principal = claim.principal.open;
        let accessories = claim
            .total
            .amount
            .saturating_sub(principal)
            .max(Decimal::ZERO);
        let overdue = on
            .pred_opt()
            .map_or(Decimal::ZERO, |day| acc.due_by(day).amount);
        let fx = |a: Decimal| convert(a, inv.currency, currency, on, rates);
        e.receivables = sum(e.receivables, fx(principal)?, file)?;
        e.accessories = sum(e.accessories, fx(accessories)?, file)?;
        e.overdue = sum(e.overdue, fx(overdue)?, file)?;
        if !overdue.is_zero() {
            e.oldest_overdue_days = e.oldest_overdue_days.max(acc.days_overdue(on));
        }
    }
    for o in file.open_orders(on) {
        let amount = convert(o.amount, o.currency, currency, on, rates)?;
        if o.delivered {
            e.uninvoiced_deliveries = sum(e.uninvoiced_deliveries, amount, file)?;
        } else {
            e.open_orders = sum(e.open_orders, amount, file)?;
        }
    }
    e.total = [e.accessories, e.open_orders, e.uninvoiced_deliveries]
        .into_iter()
        .try_fold(e.receivables, |a, b| sum(a, b, file))?;
    Ok(e)
}

/// The rules of the credit check. Serialised with every field optional.
///
/// # Example
/// ```
/// let p = relance::credit::CreditPolicy::default();
/// assert_eq!((p.overdue_days, p.overdue_amount.to_string()), (30, "0".into()));
/// assert_eq!(p.min_score, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditPolicy {
    /// Hold when more than `overdue_amount` is overdue by more than this many days.
    pub overdue_days: i64,
    /// Amount (in the file's currency) overdue by more than `overdue_days` that a
    /// customer may have; more holds the order. 0: any.
    pub overdue_amount: Decimal,
    /// Refer the order to a person when the payment-behaviour score is below this.
    pub min_score: Option<u8>,
    /// Refer the order when the customer has no credit limit (else no limit means
    /// unlimited).
    pub refer_without_limit: bool,
}

impl Default for CreditPolicy {
    fn default() -> CreditPolicy {
        CreditPolicy {
            overdue_days: 30,
            overdue_amount: Decimal::ZERO,
            min_score: None,
            refer_without_limit: false,
        }
    }
}

/// A new order to check.
///
/// # Example
/// ```
/// use relance::credit::OrderCheck;
/// let o = OrderCheck::new("1200.00".parse().unwrap(), relance::Currency::EUR);
/// assert!(!o.prepaid && !o.shipped);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCheck {
    /// Its amount including VAT.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// Paid in advance: it goes through whatever the findings.
    #[serde(default)]
    pub prepaid: bool,
    /// Goods already shipped: it goes through (holding it would change nothing).
    #[serde(default)]
    pub shipped: bool,
}

impl OrderCheck {
    /// An order on credit, not shipped.
    ///
    /// # Example
    /// See [`OrderCheck`].
    pub fn new(amount: Decimal, currency: Currency) -> OrderCheck {
        OrderCheck {
            amount,
            currency,
            prepaid: false,
            shipped: false,
        }
    }
}

/// What the credit check says.
///
/// # Example
/// ```
/// use relance::credit::Verdict;
/// assert!(Verdict::Hold > Verdict::Refer && Verdict::Refer > Verdict::Approve);
/// assert_eq!(serde_json::to_string(&Verdict::Refer).unwrap(), "\"refer\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The order goes through.
    Approve,
    /// A person decides.
    Refer,
    /// The order waits until the reasons are cleared or overridden.
    Hold,
}

/// Which rule a finding comes from.
///
/// # Example
/// ```
/// use relance::credit::Rule;
/// assert_eq!(serde_json::to_string(&Rule::OverLimit).unwrap(), "\"over_limit\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// Exposure plus the order exceeds the limit (hold).
    OverLimit,
    /// More than the threshold amount overdue beyond the threshold age (hold).
    OverdueBeyondThreshold,
    /// An invoice at formal notice or handed over for legal action (hold).
    FormalNoticeOrJudicial,
    /// A credit hold from escalation not released (hold).
    CreditHold,
    /// A person blocked the customer (hold).
    ManualBlock,
    /// The payment-behaviour score is below the threshold (refer).
    LowScore,
    /// No credit limit and the policy refers such customers (refer).
    NoLimit,
}

/// One reason of a credit decision, with what would clear it.
///
/// # Example
/// ```
/// use relance::credit::{Finding, Rule, Verdict};
/// let f = Finding { rule: Rule::ManualBlock, verdict: Verdict::Hold,
///     reason: "blocked by M. Durand: insolvency rumours".into(),
///     clears_when: "M. Durand or another person lifts the block".into() };
/// assert_eq!(serde_json::to_value(&f).unwrap()["rule"], "manual_block");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// What it asks for.
    pub verdict: Verdict,
    /// Why, with the figures.
    pub reason: String,
    /// What would clear it.
    pub clears_when: String,
}

/// The outcome of [`check_order`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditDecision {
    /// Approve, refer or hold.
    pub verdict: Verdict,
    /// Every rule that found something, holds first.
    pub findings: Vec<Finding>,
    /// Why the order is approved despite findings (prepaid, shipped, an override).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_because: Option<String>,
    /// The exposure before the order.
    pub exposure: Exposure,
    /// The limit in force, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// The limit less the exposure (negative when over), if there is a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Decimal>,
}

/// The limit of a customer on `on`: its credit file's, else the customer's standing
/// [`Customer::credit_limit`] converted to the file's currency.
///
/// # Errors
/// A missing conversion rate for the customer's limit.
///
/// # Example
/// ```
/// use relance::{Country, Currency, Customer, CustomerKind, Language, Money, Zone};
/// use relance::credit::{limit_of, CreditFile};
/// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
///     Zone::EUROPE_PARIS);
/// c.credit_limit = Some(Money::parse("3000.00", Currency::EUR).unwrap());
/// let f = CreditFile::new("C-1".into(), Currency::EUR);
/// let l = limit_of(&c, &f, "2025-03-01".parse().unwrap(), &[]).unwrap().unwrap();
/// assert_eq!(l.total.to_string(), "3000.00");
/// ```
pub fn limit_of(
    customer: &Customer,
    file: &CreditFile,
    on: NaiveDate,
    rates: &[FxRate],
) -> Result<Option<Limit>, CreditError> {
    if let Some(l) = file.limit_on(on) {
        return Ok(Some(l));
    }
    customer
        .credit_limit
        .map(|m| {
            let base = convert(m.amount, m.currency, file.currency(), on, rates)?;
            Ok(Limit {
                base,
                increases: Decimal::ZERO,
                total: base,
                currency: file.currency(),
            })
        })
        .transpose()
}

fn money(a: Decimal, c: Currency) -> String {
    crate::money::Money::new(c.round(a, Rounding::HalfUp), c).to_string()
}

/// The credit check of a new order on `on`: approve, refer or hold, with every reason and
/// what would clear it.
///
/// Rules (each a [`Rule`]): exposure plus the order over the limit (hold); more than
/// [`CreditPolicy::overdue_amount`] overdue by more than [`CreditPolicy::overdue_days`]
/// (hold); an invoice at formal notice or handed over (hold); a credit hold from
/// escalation not released (hold); a manual block (hold); a score below
/// [`CreditPolicy::min_score`] (refer); no limit when the policy refers those (refer).
/// The verdict is the strongest finding's. A prepaid order, goods already shipped and an
/// override in force approve the order whatever the findings, which are still listed.
///
/// # Errors
/// As [`exposure`]; an order in a currency without a rate.
///
/// # Example
/// ```
/// use relance::{Account, Country, Currency, Customer, CustomerKind, Invoice, Language, Zone};
/// use relance::credit::*;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
///     Zone::EUROPE_PARIS);
/// let acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), "4000.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let mut f = CreditFile::new("C-1".into(), Currency::EUR);
/// f.apply(CreditEvent::new(d("2025-01-01"), CreditEventKind::LimitSet {
///     amount: "5000.00".parse().unwrap(), approved_by: "CFO".into(), reason: None })).unwrap();
/// let order = OrderCheck::new("1500.00".parse().unwrap(), Currency::EUR);
/// let policy = CreditPolicy::default();
/// let r = check_order(d("2025-01-20"), &c, &f, &[acc], &order, None, &[], &policy).unwrap();
/// assert_eq!(r.verdict, Verdict::Hold);
/// assert_eq!(r.findings[0].reason,
///     "exposure 4000.00 EUR plus this order 1500.00 EUR exceeds the limit 5000.00 EUR by 500.00 EUR");
/// assert_eq!(r.findings[0].clears_when,
///     "payments of 500.00 EUR, a smaller order, or a limit raised by 500.00 EUR");
/// assert_eq!(r.available.unwrap().to_string(), "1000.00");
/// ```
#[allow(clippy::too_many_arguments)]
pub fn check_order(
    on: NaiveDate,
    customer: &Customer,
    file: &CreditFile,
    accounts: &[Account],
    order: &OrderCheck,
    score: Option<&Score>,
    rates: &[FxRate],
    policy: &CreditPolicy,
) -> Result<CreditDecision, CreditError> {
    let cur = file.currency();
    let exposure = exposure(on, file, accounts, rates)?;
    let limit = limit_of(customer, file, on, rates)?;
    let amount = convert(order.amount, order.currency, cur, on, rates)?;
    let mut findings = Vec::new();
    let available = limit.map(|l| l.total.saturating_sub(exposure.total));
    if let (Some(l), Some(avail)) = (limit, available) {
        let over = amount.saturating_sub(avail);
        if over > Decimal::ZERO {
            findings.push(Finding {
                rule: Rule::OverLimit,
                verdict: Verdict::Hold,
                reason: format!(
                    "exposure {} plus this order {} exceeds the limit {} by {}",
                    money(exposure.total, cur),
                    money(amount, cur),
                    money(l.total, cur),
                    money(over, cur)
                ),
                clears_when: format!(
                    "payments of {0}, a smaller order, or a limit raised by {0}",
                    money(over, cur)
                ),
            });
        }
    } else if policy.refer_without_limit {
        findings.push(Finding {
            rule: Rule::NoLimit,
            verdict: Verdict::Refer,
            reason: "no credit limit is set for this customer".into(),
            clears_when: "a credit limit is set".into(),
        });
    }
    // Overdue beyond the threshold age, in the file's currency.
    let mut old = Decimal::ZERO;
    let mut old_invoices: Vec<&InvoiceId> = Vec::new();
    let mut escalated: Vec<(&InvoiceId, &'static str)> = Vec::new();
    for acc in accounts {
        let inv = acc.invoice();
        if &inv.customer != file.customer() || inv.issue_date > on {
            continue;
        }
        let now = as_of(acc, on).map_err(|message| CreditError::Computation {
            customer: file.customer().clone(),
            message,
        })?;
        let cutoff = crate::account::shift(on, -policy.overdue_days.saturating_add(1));
        if let Some(cutoff) = cutoff {
            let due = now.due_by(cutoff).amount;
            if !due.is_zero() {
                old = sum(old, convert(due, inv.currency, cur, on, rates)?, file)?;
                old_invoices.push(&inv.id);
            }
        }
        let open = !now.claim().total.is_zero();
        let stage = match now.state(on) {
            crate::DunningState::Judicial { .. } => Some("handed over for legal action"),
            crate::DunningState::FormalNoticeServed { .. } => Some("at formal notice"),
            _ if open
                && now
                    .position()
                    .is_some_and(|r| r.stage >= Stage::FormalNotice) =>
            {
                Some("at formal notice")
            }
            _ => None,
        };
        if let Some(s) = stage.filter(|_| open) {
            escalated.push((&inv.id, s));
        }
    }
    if old > policy.overdue_amount {
        let list: Vec<&str> = old_invoices.iter().map(|i| i.as_str()).collect();
        findings.push(Finding {
            rule: Rule::OverdueBeyondThreshold,
            verdict: Verdict::Hold,
            reason: format!(
                "{} overdue by more than {} days (invoices {}), above the {} allowed",
                money(old, cur),
                policy.overdue_days,
                list.join(", "),
                money(policy.overdue_amount, cur)
            ),
            clears_when: format!(
                "payments of {} on those invoices",
                money(old.saturating_sub(policy.overdue_amount), cur)
            ),
        });
    }
    for (id, stage) in &escalated {
        findings.push(Finding {
            rule: Rule::FormalNoticeOrJudicial,
            verdict: Verdict::Hold,
            reason: format!("invoice {id} is {stage}"),
            clears_when: format!("invoice {id} is paid or credited"),
        });
    }
    for h in file.active_holds(on) {
        let list: Vec<&str> = h.invoices.iter().map(|i| i.as_str()).collect();
        findings.push(Finding {
            rule: Rule::CreditHold,
            verdict: Verdict::Hold,
            reason: format!("credit hold since {}: {}", h.since, h.reason),
            clears_when: format!(
                "invoices {} are paid or credited (released automatically), or a person \
                 releases the hold with a reason",
                list.join(", ")
            ),
        });
    }
    if let Some(b) = file.block_on(on) {
        findings.push(Finding {
            rule: Rule::ManualBlock,
            verdict: Verdict::Hold,
            reason: format!("blocked by {} since {}: {}", b.by, b.since, b.reason),
            clears_when: match b.until {
                Some(u) => format!("the block ends after {u}, or a person lifts it"),
                None => "a person lifts the block".into(),
            },
        });
    }
    if let (Some(min), Some(s)) = (policy.min_score, score) {
        if s.score < min {
            let why: Vec<&str> = s.top_reasons(2);
            findings.push(Finding {
                rule: Rule::LowScore,
                verdict: Verdict::Refer,
                reason: format!(
                    "payment-behaviour score {} is below {min} ({})",
                    s.score,
                    why.join("; ")
                ),
                clears_when: format!("a person approves, or the score reaches {min}"),
            });
        }
    }
    findings.sort_by(|a, b| b.verdict.cmp(&a.verdict).then(a.rule.cmp(&b.rule)));
    let strongest = findings
        .iter()
        .map(|f| f.verdict)
        .max()
        .unwrap_or(Verdict::Approve);
    let approved_because = if strongest == Verdict::Approve {
        None
    } else if order.prepaid {
        Some("the order is prepaid".to_string())
    } else if order.shipped {
        Some("the goods are already shipped".to_string())
    } else {
        file.override_on(on).map(|o| {
            format!(
                "override by {} until {}: {}",
                o.by,
                o.until.map_or_else(String::new, |u| u.to_string()),
                o.reason
            )
        })
    };
    Ok(CreditDecision {
        verdict: if approved_because.is_some() {
            Verdict::Approve
        } else {
            strongest
        },
        findings,
        approved_because,
        exposure,
        limit,
        available,
    })
}

/// The credit holds of `file` whose cause is cured on `on`: every invoice that caused the
/// hold is paid or credited (nothing of its claim is open). Each comes as the
/// [`CreditEventKind::HoldReleased`] event to record, dated `on`, saying what cured it.
/// Holds whose invoices are written off or handed over stay for a person to release.
///
/// # Errors
/// An account whose history cannot be read as of the date.
///
/// # Example
/// ```
/// use relance::{Account, Currency, Event, EventKind, Invoice};
/// use relance::credit::*;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let mut f = CreditFile::new("C-1".into(), Currency::EUR);
/// f.apply(CreditEvent::new(d("2025-03-02"), CreditEventKind::HoldPlaced { key: "h1".into(),
///     invoices: vec!["I-1".into()], reason: "reached formal notice".into() })).unwrap();
/// assert!(hold_releases(d("2025-03-10"), &f, &[acc.clone()]).unwrap().is_empty());
/// acc.apply(&Event::new(&"I-1".into(), d("2025-03-10"),
///     EventKind::Payment { amount: "100.00".parse().unwrap() })).unwrap();
/// let releases = hold_releases(d("2025-03-10"), &f, &[acc]).unwrap();
/// assert_eq!(releases.len(), 1);
/// f.apply(releases[0].clone()).unwrap();
/// assert!(f.active_holds(d("2025-03-10")).is_empty());
/// ```
pub fn hold_releases(
    on: NaiveDate,
    file: &CreditFile,
    accounts: &[Account],
) -> Result<Vec<CreditEvent>, CreditError> {
    let mut out = Vec::new();
    for hold in file.active_holds(on) {
        let mut cured = !hold.invoices.is_empty();
        for id in &hold.invoices {
            let Some(acc) = accounts.iter().find(|a| &a.invoice().id == id) else {
                cured = false;
                break;
            };
            let now = as_of(acc, on).map_err(|message| CreditError::Computation {
                customer: file.customer().clone(),
                message,
            })?;
            if !now.claim().total.is_zero() {
                cured = false;
                break;
            }
        }
        if cured {
            let list: Vec<&str> = hold.invoices.iter().map(|i| i.as_str()).collect();
            out.push(CreditEvent::new(
                on,
                CreditEventKind::HoldReleased {
                    key: hold.key.clone(),
                    release: Release::Cured {
                        note: format!("invoices {} paid or credited", list.join(", ")),
                    },
                },
            ));
        }
    }
    Ok(out)
}
