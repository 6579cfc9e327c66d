//! Payment behaviour: what an invoice's history says about how its customer pays
//! ([`PaymentRecord`]), and the customer's explainable payment-behaviour [`Score`].

use crate::account::Account;
use crate::customer::{Customer, CustomerKind};
use crate::event::EventKind;
use crate::ids::InvoiceId;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// What one invoice's history tells about its customer's payment behaviour, as known on a
/// date (events after it are ignored): when it was due, when it was fully paid (if it
/// was), and how much dunning, how many promises and disputes it took.
///
/// Built by [`PaymentRecord::of`]; the input of [`score`] and of the
/// [`PaymentModel`](super::PaymentModel).
///
/// # Example
/// ```
/// use relance::{Account, Currency, Event, EventKind, Invoice};
/// use relance::credit::PaymentRecord;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// acc.apply(&Event::new(&"I-1".into(), d("2025-02-10"),
///     EventKind::Payment { amount: "100.00".parse().unwrap() })).unwrap();
/// let r = PaymentRecord::of(&acc, d("2025-03-01")).unwrap();
/// assert_eq!((r.paid_on, r.days_late(d("2025-03-01"))), (Some(d("2025-02-10")), 10));
/// // Known on 5 February, the invoice was open and 5 days late so far.
/// let r = PaymentRecord::of(&acc, d("2025-02-05")).unwrap();
/// assert_eq!((r.paid_on, r.days_late(d("2025-02-05"))), (None, 5));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its issue date.
    pub issue_date: NaiveDate,
    /// The day the whole invoice is due (its last instalment's due date).
    pub due_date: NaiveDate,
    /// The invoiced total, in the invoice's currency.
    pub amount: Decimal,
    /// The day payments (and credit notes) first covered the invoiced total for good, on
    /// or before the record's date; `None` while it is open.
    pub paid_on: Option<NaiveDate>,
    /// Steps of the ladder reached before it was paid (or by the record's date).
    pub reminders: u32,
    /// Promises to pay kept.
    pub promises_kept: u32,
    /// Promises to pay broken, and payment-plan instalments missed.
    pub promises_broken: u32,
    /// Disputes opened and not upheld (rejected or still open).
    pub disputes: u32,
}

impl PaymentRecord {
    /// The record of `account` as known on `as_of`: only events dated on or before it
    /// count. `None` for an invoice issued after `as_of`, and for one settled by credit
    /// notes without any payment (it says nothing about paying).
    ///
    /// An account's events are read in date order (a payment recorded late counts on its
    /// date); cost linear in the history.
    ///
    /// # Example
    /// ```
    /// use relance::{Account, Currency, Event, EventKind, Invoice};
    /// use relance::credit::PaymentRecord;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
    ///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// acc.apply(&Event::new(&"I-1".into(), d("2025-02-10"),
    ///     EventKind::CreditNote { amount: "100.00".parse().unwrap() })).unwrap();
    /// assert_eq!(PaymentRecord::of(&acc, d("2025-03-01")), None); // credited, not paid
    /// assert!(PaymentRecord::of(&acc, d("2024-12-31")).is_none()); // not issued yet
    /// ```
    pub fn of(account: &Account, as_of: NaiveDate) -> Option<PaymentRecord> {
        let invoice = account.invoice();
        if invoice.issue_date > as_of {
            return None;
        }
        let due_date = invoice.instalments.last().map(|i| i.due_date)?;
        let amount = account.invoiced().amount;
        let history = account.history();
        let sorted = history.windows(2).all(|w| w[0].on <= w[1].on);
        let mut order: Vec<usize> = Vec::new();
        if !sorted {
            order = (0..history.len()).collect();
            order.sort_by_key(|&i| history.get(i).map(|e| e.on));
        }
        let events = (0..history.len())
            .filter_map(|i| history.get(if sorted { i } else { order.get(i).copied()? }))
            .take_while(|e| e.on <= as_of);
        let (mut reduced, mut paid) = (Decimal::ZERO, Decimal::ZERO);
        let mut paid_on = None;
        let (mut kept, mut broken, mut disputes, mut upheld) = (0u32, 0u32, 0u32, 0u32);
        let mut steps: Vec<NaiveDate> = Vec::new();
        for e in events {
            match &e.kind {
                EventKind::Payment { amount } => {
                    reduced = reduced.saturating_add(*amount);
                    paid = paid.saturating_add(*amount);
                }
                EventKind::CreditNote { amount } => reduced = reduced.saturating_add(*amount),
                EventKind::PaymentReversal { amount } => {
                    reduced = reduced.saturating_sub(*amount);
                    paid = paid.saturating_sub(*amount);
                }
                EventKind::StepReached { .. } => steps.push(e.on),
                EventKind::PromiseKept => kept = kept.saturating_add(1),
                EventKind::PromiseBroken | EventKind::PlanInstalmentMissed => {
                    broken = broken.saturating_add(1)
                }
                EventKind::DisputeOpened { .. } => disputes = disputes.saturating_add(1),
                EventKind::DisputeResolved { upheld: true } => upheld = upheld.saturating_add(1),
                _ => {}
            }
            if reduced >= amount {
                paid_on = paid_on.or(Some(e.on));
            } else {
                paid_on = None;
            }
        }
        if paid_on.is_some() && paid <= Decimal::ZERO {
            return None;
        }
        let until = paid_on.unwrap_or(as_of);
        let reminders = steps.iter().filter(|d| **d <= until).count();
        Some(PaymentRecord {
            invoice: invoice.id.clone(),
            issue_date: invoice.issue_date,
            due_date,
            amount,
            paid_on,
            reminders: u32::try_from(reminders).unwrap_or(u32::MAX),
            promises_kept: kept,
            promises_broken: broken,
            disputes: disputes.saturating_sub(upheld),
        })
    }

    /// Days late as known on `as_of`: paid, the days from the due date to the payment;
    /// open, the days from the due date to `as_of` (at least that late). Never negative.
    ///
    /// # Example
    /// ```
    /// # use relance::credit::PaymentRecord;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let r = PaymentRecord { invoice: "I".into(), issue_date: d("2025-01-01"),
    ///     due_date: d("2025-01-31"), amount: "10".parse().unwrap(), paid_on: None,
    ///     reminders: 0, promises_kept: 0, promises_broken: 0, disputes: 0 };
    /// assert_eq!(r.days_late(d("2025-01-20")), 0);
    /// assert_eq!(r.days_late(d("2025-02-20")), 20);
    /// ```
    pub fn days_late(&self, as_of: NaiveDate) -> i64 {
        let end = self.paid_on.unwrap_or(as_of);
        (end - self.due_date).num_days().max(0)
    }

    /// Whether the record says anything about lateness on `as_of`: paid, or open past its
    /// due date. An open invoice not yet due says nothing yet.
    fn informative(&self, as_of: NaiveDate) -> bool {
        self.paid_on.is_some() || self.due_date < as_of
    }
}

/// How risky a customer's payment behaviour is, from its [`Score`]: `low` (80 and up),
/// `medium` (60 to 79), `high` (40 to 59), `very_high` (below 40).
///
/// # Example
/// ```
/// use relance::credit::RiskClass;
/// assert_eq!(RiskClass::of(85), RiskClass::Low);
/// assert_eq!(RiskClass::of(39), RiskClass::VeryHigh);
/// assert_eq!(serde_json::to_string(&RiskClass::VeryHigh).unwrap(), "\"very_high\"");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    /// Pays on time: 80 and up.
    Low,
    /// Usually pays, somewhat late: 60 to 79.
    #[default]
    Medium,
    /// Often late, needs dunning: 40 to 59.
    High,
    /// Very late, broken promises, disputes: below 40.
    VeryHigh,
}

impl RiskClass {
    /// The class of a score.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::credit::RiskClass::of(60), relance::credit::RiskClass::Medium);
    /// ```
    pub fn of(score: u8) -> RiskClass {
        match score {
            80.. => RiskClass::Low,
            60..=79 => RiskClass::Medium,
            40..=59 => RiskClass::High,
            _ => RiskClass::VeryHigh,
        }
    }

    /// The snake_case name used in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::credit::RiskClass::High.as_str(), "high");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RiskClass::Low => "low",
            RiskClass::Medium => "medium",
            RiskClass::High => "high",
            RiskClass::VeryHigh => "very_high",
        }
    }
}

/// What a reason of a [`Score`] is about.
///
/// # Example
/// ```
/// use relance::credit::ReasonCode;
/// assert_eq!(serde_json::to_string(&ReasonCode::DaysLate).unwrap(), "\"days_late\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// Average days late, weighted by amount and recency (up to 30 points).
    DaysLate,
    /// Share of the amounts not paid by the due date (up to 20 points).
    LateShare,
    /// Share of the amounts paid more than 30 days late or still open 30 days after the
    /// due date (up to 15 points).
    SeverelyLate,
    /// Average days late over the last 90 days, against the period before (up to 10
    /// points): a worsening trend weighs at once.
    RecentTrend,
    /// Reminders needed before payment (up to 10 points).
    Reminders,
    /// Promises to pay broken, less half the promises kept (up to 10 points).
    BrokenPromises,
    /// Disputes not upheld (up to 5 points).
    Disputes,
    /// Little history: the score is capped (60 without any, plus 8 per invoice).
    ThinHistory,
    /// A good point: the share of the amounts paid on time (no points).
    PaysOnTime,
}

/// One reason of a [`Score`], in words, with the points it took off (0 for a good point).
///
/// # Example
/// ```
/// use relance::credit::{Reason, ReasonCode};
/// let r = Reason { code: ReasonCode::Reminders, points: 4,
///     text: "needs 1.0 reminder per invoice before paying".into() };
/// assert_eq!(serde_json::to_value(&r).unwrap()["code"], "reminders");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// What it is about.
    pub code: ReasonCode,
    /// Points taken off the score (0 to 30).
    pub points: u8,
    /// In words, for the credit manager.
    pub text: String,
}

/// A customer's payment-behaviour score: 0 (worst) to 100 (best), its [`RiskClass`], and
/// the reasons, the heaviest first.
///
/// # Example
/// ```
/// use relance::credit::{score, RiskClass};
/// let s = score(&[], "2025-03-01".parse().unwrap());
/// assert_eq!((s.score, s.risk_class), (60, RiskClass::Medium)); // no history yet
/// assert_eq!(s.reasons[0].text, "no payment history yet: score capped at 60");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// 0 to 100.
    pub score: u8,
    /// The class of the score.
    pub risk_class: RiskClass,
    /// Why, the reasons that took off most points first; good points last.
    pub reasons: Vec<Reason>,
    /// Invoices that said something about lateness (paid, or open past their due date).
    pub evidence: usize,
}

impl Score {
    /// The reasons' texts, at most `n`, the heaviest first.
    ///
    /// # Example
    /// ```
    /// let s = relance::credit::score(&[], "2025-03-01".parse().unwrap());
    /// assert_eq!(s.top_reasons(3).len(), 1);
    /// ```
    pub fn top_reasons(&self, n: usize) -> Vec<&str> {
        self.reasons
            .iter()
            .take(n)
            .map(|r| r.text.as_str())
            .collect()
    }
}

/// Settings of [`score_customer`].
///
/// # Example
/// ```
/// let c = relance::credit::ScoreSettings::default();
/// assert!(!c.score_consumers); // off by default for consumers
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreSettings {
    /// Score consumers too. Off by default: profiling private persons' payment behaviour
    /// is profiling of personal data (GDPR art. 4(4)), which needs a lawful basis such as
    /// legitimate interests weighed against the person's (art. 6(1)(f)), is open to
    /// objection (art. 21), and must not alone decide on credit with significant effects
    /// (art. 22); data-protection guidance on debt files expects it to be justified. Turn
    /// it on only with that basis.
    pub score_consumers: bool,
}

/// Weight of an invoice by how recent its due date is: 4 in the last 90 days, 3 up to
/// 180, 2 up to a year, 1 before.
fn recency(due: NaiveDate, as_of: NaiveDate) -> f64 {
    match (as_of - due).num_days() {
        ..=90 => 4.0,
        91..=180 => 3.0,
        181..=365 => 2.0,
        _ => 1.0,
    }
}

/// Days a "recent" invoice was due within.
const RECENT_DAYS: i64 = 90;

/// The payment-behaviour score of a customer's invoices as known on `as_of`.
///
/// Deterministic (the order of `records` does not matter) and monotone: paying any
/// invoice later never raises it. From 100, it takes off points for:
///
/// | reason | points |
/// |---|---|
/// | average days late, weighted by amount and recency of the due date | 0.75 per day, up to 30 |
/// | share of the amounts late | up to 20 |
/// | share of the amounts more than 30 days late | up to 15 |
/// | average days late of invoices due in the last 90 days | 0.25 per day, up to 10 |
/// | reminders needed per invoice | 4 per reminder, up to 10 |
/// | promises broken (and plan instalments missed), less half those kept | 4 each, up to 10 |
/// | disputes not upheld | 2.5 each, up to 5 |
///
/// An open invoice counts as late as it is on `as_of`; one not yet due says nothing. With
/// little history the score is capped: 60 without any, plus 8 per invoice that says
/// something (so 100 needs 5). Recency weights: 4 for invoices due in the last 90 days, 3
/// up to 180, 2 up to a year, 1 before.
///
/// # Example
/// ```
/// use relance::credit::{score, PaymentRecord, RiskClass};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let paid = |i: &str, due: &str, on: &str| PaymentRecord { invoice: i.into(),
///     issue_date: d("2025-01-01"), due_date: d(due), amount: "100".parse().unwrap(),
///     paid_on: Some(d(on)), reminders: 0, promises_kept: 0, promises_broken: 0, disputes: 0 };
/// let on_time: Vec<_> = (1..=6).map(|m| paid(&format!("I{m}"), &format!("2025-0{m}-10"),
///     &format!("2025-0{m}-09"))).collect();
/// let s = score(&on_time, d("2025-07-01"));
/// assert_eq!((s.score, s.risk_class), (100, RiskClass::Low));
/// let late: Vec<_> = (1..=6).map(|m| paid(&format!("I{m}"), &format!("2025-0{m}-10"),
///     &format!("2025-0{m}-28"))).collect();
/// let s = score(&late, d("2025-07-01"));
/// // 100 - 20 (all late) - 13.5 (18 days x 0.75) - 4.5 (recent: 18 days x 0.25)
/// assert_eq!((s.score, s.risk_class), (62, RiskClass::Medium));
/// assert_eq!(s.top_reasons(2), ["100% of the amounts paid after the due date",
///     "pays 18 days late on average (weighted by amount and recency)"]);
/// ```
pub fn score(records: &[PaymentRecord], as_of: NaiveDate) -> Score {
    let mut order: Vec<&PaymentRecord> = records.iter().collect();
    order.sort_by(|a, b| (a.due_date, &a.invoice).cmp(&(b.due_date, &b.invoice)));
    let (mut w_sum, mut late_sum, mut late_w, mut severe_w) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let (mut recent_w, mut recent_late, mut older_w, mut older_late) = (0.0, 0.0, 0.0, 0.0);
    let mut evidence = 0usize;
    let (mut reminders, mut kept, mut broken, mut disputes) = (0u64, 0u64, 0u64, 0u64);
    for r in &order {
        reminders += u64::from(r.reminders);
        kept += u64::from(r.promises_kept);
        broken += u64::from(r.promises_broken);
        disputes += u64::from(r.disputes);
        if !r.informative(as_of) {
            continue;
        }
        evidence += 1;
        let amount = r.amount.to_f64().unwrap_or(0.0).max(0.0);
        let w = amount * recency(r.due_date, as_of);
        let late = r.days_late(as_of) as f64;
        w_sum += w;
        late_sum += w * late;
        if late > 0.0 {
            late_w += w;
        }
        if late > 30.0 {
            severe_w += w;
        }
        if (as_of - r.due_date).num_days() <= RECENT_DAYS {
            recent_w += amount;
            recent_late += amount * late;
        } else {
            older_w += amount;
            older_late += amount * late;
        }
    }
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let mean_late = ratio(late_sum, w_sum);
    let late_share = ratio(late_w, w_sum);
    let severe_share = ratio(severe_w, w_sum);
    let recent_mean = ratio(recent_late, recent_w);
    let older_mean = ratio(older_late, older_w);
    let n = records.len().max(1) as f64;
    let per_invoice = reminders as f64 / n;
    let promise_points = (4.0 * broken as f64 - 2.0 * kept as f64).clamp(0.0, 10.0);

    let mut reasons: Vec<(f64, Reason)> = Vec::new();
    let mut push = |points: f64, code: ReasonCode, text: String| {
        if points >= 0.5 {
            reasons.push((
                points,
                Reason {
                    code,
                    points: points.round().clamp(0.0, 100.0) as u8,
                    text,
                },
            ));
        }
    };
    push(
        (0.75 * mean_late).min(30.0),
        ReasonCode::DaysLate,
        format!(
            "pays {:.0} days late on average (weighted by amount and recency)",
            mean_late
        ),
    );
    push(
        20.0 * late_share,
        ReasonCode::LateShare,
        format!(
            "{:.0}% of the amounts paid after the due date",
            late_share * 100.0
        ),
    );
    push(
        15.0 * severe_share,
        ReasonCode::SeverelyLate,
        format!(
            "{:.0}% of the amounts more than 30 days late",
            severe_share * 100.0
        ),
    );
    let trend = if recent_w > 0.0 && older_w > 0.0 && recent_mean > older_mean + 0.5 {
        format!(
            "getting worse: {recent_mean:.0} days late on average over the last 90 days, \
             {older_mean:.0} before"
        )
    } else {
        format!("{recent_mean:.0} days late on average over the last 90 days")
    };
    push(
        (0.25 * recent_mean).min(10.0),
        ReasonCode::RecentTrend,
        trend,
    );
    push(
        (4.0 * per_invoice).min(10.0),
        ReasonCode::Reminders,
        format!("needs {per_invoice:.1} reminders per invoice before paying"),
    );
    push(
        promise_points,
        ReasonCode::BrokenPromises,
        format!("{broken} promises to pay broken or instalments missed, {kept} kept"),
    );
    push(
        (2.5 * disputes as f64).min(5.0),
        ReasonCode::Disputes,
        format!("{disputes} disputes not upheld"),
    );
    let lost: f64 = reasons.iter().map(|(p, _)| p).sum();
    let raw = (100.0 - lost).clamp(0.0, 100.0);
    let cap = (60 + 8 * evidence).min(100) as f64;
    let value = raw.min(cap).round().clamp(0.0, 100.0) as u8;
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
    let mut reasons: Vec<Reason> = reasons.into_iter().map(|(_, r)| r).collect();
    if raw > cap {
        let text = if evidence == 0 {
            "no payment history yet: score capped at 60".to_string()
        } else {
            format!("only {evidence} invoices of history: score capped at {cap:.0}")
        };
        let thin = Reason {
            code: ReasonCode::ThinHistory,
            points: (raw - cap).round().clamp(0.0, 100.0) as u8,
            text,
        };
        let at = reasons
            .iter()
            .position(|r| r.points < thin.points)
            .unwrap_or(reasons.len());
        reasons.insert(at, thin);
    }
    if evidence > 0 && late_share < 0.5 {
        reasons.push(Reason {
            code: ReasonCode::PaysOnTime,
            points: 0,
            text: format!(
                "pays {:.0}% of the amounts on time",
                (1.0 - late_share) * 100.0
            ),
        });
    }
    Score {
        score: value,
        risk_class: RiskClass::of(value),
        reasons,
        evidence,
    }
}

/// The score of a customer from its accounts as known on `as_of`, or `None` for a
/// consumer unless [`ScoreSettings::score_consumers`] is set.
///
/// **The data it uses**: only the customer's own invoices and their event history in
/// relance (amounts, due dates, payment, credit-note and reversal dates, steps reached,
/// promises kept or broken, payment-plan instalments missed, disputes and their outcome).
/// No external data, no personal attributes, nothing about other customers.
///
/// # Example
/// ```
/// use relance::{Account, Country, Currency, Customer, CustomerKind, Invoice, Language, Zone};
/// use relance::credit::{score_customer, ScoreSettings};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut c = Customer::new("C-1", "Jan", CustomerKind::Consumer, Country::BE, Language::Nl,
///     Zone::EUROPE_BRUSSELS);
/// let acc = Account::open(Invoice::single("I-1", "F-1", "C-1", Currency::EUR,
///     d("2025-01-01"), "100.00".parse().unwrap(), d("2025-01-31"))).unwrap();
/// let off = ScoreSettings::default();
/// assert!(score_customer(&c, &[acc.clone()], d("2025-03-01"), &off).is_none());
/// let on = ScoreSettings { score_consumers: true };
/// assert!(score_customer(&c, &[acc.clone()], d("2025-03-01"), &on).is_some());
/// c.kind = CustomerKind::Business;
/// assert!(score_customer(&c, &[acc], d("2025-03-01"), &off).is_some());
/// ```
pub fn score_customer(
    customer: &Customer,
    accounts: &[Account],
    as_of: NaiveDate,
    settings: &ScoreSettings,
) -> Option<Score> {
    if customer.kind == CustomerKind::Consumer && !settings.score_consumers {
        return None;
    }
    let records: Vec<PaymentRecord> = accounts
        .iter()
        .filter(|a| a.invoice().customer == customer.id)
        .filter_map(|a| PaymentRecord::of(a, as_of))
        .collect();
    Some(score(&records, as_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rec(i: &str, due: &str, paid: Option<&str>) -> PaymentRecord {
        PaymentRecord {
            invoice: i.into(),
            issue_date: d("2024-01-01"),
            due_date: d(due),
            amount: Decimal::new(10000, 2),
            paid_on: paid.map(d),
            reminders: 0,
            promises_kept: 0,
            promises_broken: 0,
            disputes: 0,
        }
    }

    #[test]
    fn an_open_invoice_long_overdue_weighs_like_a_late_payment() {
        let as_of = d("2025-06-01");
        let mut rs: Vec<_> = (1..=5)
            .map(|m| {
                rec(
                    &format!("I{m}"),
                    &format!("2025-0{m}-01"),
                    Some(&format!("2025-0{m}-01")),
                )
            })
            .collect();
        assert_eq!(score(&rs, as_of).score, 100);
        rs[0].paid_on = None; // open since January
        let s = score(&rs, as_of);
        assert!(s.score < 80, "{s:?}");
        assert_eq!(s.reasons[0].code, ReasonCode::DaysLate);
    }

    #[test]
    fn an_invoice_not_yet_due_says_nothing() {
        let as_of = d("2025-06-01");
        let s = score(&[rec("I1", "2025-06-30", None)], as_of);
        assert_eq!((s.score, s.evidence), (60, 0));
    }

    #[test]
    fn the_order_of_records_does_not_change_the_score() {
        let as_of = d("2025-06-01");
        let rs = vec![
            rec("I1", "2025-01-10", Some("2025-02-20")),
            rec("I2", "2025-02-10", Some("2025-02-11")),
            rec("I3", "2025-05-10", None),
        ];
        let mut rev = rs.clone();
        rev.reverse();
        assert_eq!(score(&rs, as_of), score(&rev, as_of));
    }

    #[test]
    fn broken_promises_and_disputes_take_points_and_say_so() {
        let as_of = d("2025-06-01");
        let mut rs: Vec<_> = (1..=5)
            .map(|m| {
                rec(
                    &format!("I{m}"),
                    &format!("2025-0{m}-01"),
                    Some(&format!("2025-0{m}-01")),
                )
            })
            .collect();
        rs[0].promises_broken = 2;
        rs[1].disputes = 1;
        let s = score(&rs, as_of);
        assert_eq!(s.score, 90); // 100 - 8 - 2.5, rounded half up
        let codes: Vec<_> = s.reasons.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            [
                ReasonCode::BrokenPromises,
                ReasonCode::Disputes,
                ReasonCode::PaysOnTime
            ]
        );
    }
}
