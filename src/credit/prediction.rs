//! Predicted payment dates: a discrete time-to-payment model, days from the due date to
//! the payment, fitted on what was known on a date, open invoices counting as censored.

use super::behaviour::PaymentRecord;
use crate::ids::{CustomerId, InvoiceId};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Earliest payment the model tells apart, in days before the due date (earlier payments
/// count as this early).
pub const EARLIEST_DAYS: i64 = 60;
/// Latest payment the model tells apart, in days after the due date (later payments and
/// invoices open that long count as this late).
pub const LATEST_DAYS: i64 = 365;
const BINS: usize = (EARLIEST_DAYS + LATEST_DAYS + 1) as usize;
const LAST: usize = BINS - 1;
/// The weight of a recent invoice.
const MAX_WEIGHT: u64 = 4;
/// The widest spreading of a payment, in days either side (larger settings are cut to it:
/// every loop is bounded).
pub const MAX_SMOOTHING_DAYS: u32 = 30;

/// The bin of a day `days` from the due date.
fn bin(days: i64) -> usize {
    usize::try_from((days + EARLIEST_DAYS).clamp(0, LAST as i64)).unwrap_or(LAST)
}

/// A customer's invoices, the input of [`PaymentModel::fit`].
///
/// # Example
/// ```
/// use relance::credit::CustomerHistory;
/// let h = CustomerHistory { customer: "C-1".into(), records: vec![], portfolio_only: false };
/// assert!(h.records.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerHistory {
    /// The customer.
    pub customer: CustomerId,
    /// Its invoices' records, as known on the model's date.
    pub records: Vec<PaymentRecord>,
    /// Count the records in the portfolio's curve only, and predict this customer's
    /// invoices from the portfolio's curve: no profile of the customer (a consumer whose
    /// behaviour is not to be scored, see [`ScoreSettings`](super::ScoreSettings)).
    #[serde(default)]
    pub portfolio_only: bool,
}

/// Settings of the [`PaymentModel`]. The defaults are those that did best in the backtest
/// (`examples/backtest.rs`): a prior of one invoice, two days of smoothing, a local prior
/// spreading the customer's payments over a week either side, no recency weighting.
///
/// # Example
/// ```
/// assert_eq!(relance::credit::ModelSettings::default().prior_strength, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    /// How many invoices' worth of weight the portfolio's curve has against a customer's
    /// own history, day by day: with few invoices a customer is predicted like the
    /// portfolio, with many like itself.
    pub prior_strength: u32,
    /// Half-width in days of the window a customer's own payments are spread over (a
    /// customer paying 20 days late once is likely to pay 18 to 22 days late next time);
    /// at most [`MAX_SMOOTHING_DAYS`], as is `local_prior_days`.
    pub smoothing_days: u32,
    /// Weigh a customer's invoices by how recent their due date is (4 in the last 90
    /// days, 3 up to 180, 2 up to a year, 1 before, as in the [`score`](super::score)),
    /// so a customer whose habits change is followed.
    pub recency_weighting: bool,
    /// Half-width in days of a second, wider spreading of the customer's own payments
    /// that stands between its curve and the portfolio's (0: none): with few invoices, a
    /// customer who pays around 20 days late is predicted around 20 days late rather than
    /// with the portfolio's shape.
    pub local_prior_days: u32,
}

impl Default for ModelSettings {
    fn default() -> ModelSettings {
        ModelSettings {
            prior_strength: 1,
            smoothing_days: 2,
            recency_weighting: false,
            local_prior_days: 7,
        }
    }
}

/// The invoices of a customer (or of the portfolio) as the model sees them: for each, the
/// last bin it is known to be at risk in (its payment, or the day it was last seen open),
/// whether it was paid there, and its weight.
#[derive(Debug, Clone)]
struct Counts {
    raw: Vec<(usize, bool, u64)>,
    /// Weigh invoices by the recency of their due date.
    recency: bool,
}

/// A fitted time-to-payment model: a discrete-time Kaplan-Meier estimate of the days from
/// the due date to the payment, for the whole portfolio and for each customer, each
/// customer's daily payment hazard shrunk toward a prior
/// (`h = (payments + s x H) / (at risk + s)` with `s` the
/// [`prior_strength`](ModelSettings::prior_strength)) that is itself the customer's
/// payments spread over a wider window shrunk the same way toward the portfolio's hazard
/// ([`local_prior_days`](ModelSettings::local_prior_days)), and the portfolio's toward its
/// average daily payment rate past the due date (with the weight of one invoice), so that
/// the tail beyond the latest payment seen is not zero. Invoices open on the model's date
/// are censored: they count as at risk up to that date and not beyond, so an old open
/// invoice makes the customer's curve slower instead of being ignored.
///
/// Statistics are computed in `f64` (never money); results are deterministic for a given
/// input whatever its order, and probabilities come out as [`Decimal`] rounded to two
/// places.
///
/// # Example
/// ```
/// use relance::credit::{CustomerHistory, ModelSettings, PaymentModel, PaymentRecord};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let rec = |i: &str, due: &str, paid: Option<&str>| PaymentRecord { invoice: i.into(),
///     issue_date: d("2025-01-01"), due_date: d(due), amount: "100".parse().unwrap(),
///     paid_on: paid.map(d), reminders: 0, promises_kept: 0, promises_broken: 0, disputes: 0 };
/// // A customer who pays 10 days late, every month.
/// let mut records: Vec<_> = (1..=9).map(|m| rec(&format!("I{m}"), &format!("2025-0{m}-05"),
///     Some(&format!("2025-0{m}-15")))).collect();
/// records.push(rec("I10", "2025-10-05", None));
/// let history = [CustomerHistory { customer: "C-1".into(), records, portfolio_only: false }];
/// let model = PaymentModel::fit(d("2025-09-30"), &history, ModelSettings::default());
/// let p = model.predict(&"C-1".into(), &history[0].records[9]).unwrap();
/// assert_eq!(p.expected_payment_date, d("2025-10-15"));
/// assert!(p.p_paid_by_due < "0.5".parse().unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct PaymentModel {
    as_of: NaiveDate,
    settings: ModelSettings,
    /// The portfolio's hazard, bin by bin.
    portfolio: Vec<f64>,
    customers: BTreeMap<CustomerId, Counts>,
}

/// A predicted payment for an open invoice.
///
/// # Example
/// ```
/// use relance::credit::Prediction;
/// let p: Prediction = serde_json::from_str(r#"{"invoice": "I-1",
///     "expected_payment_date": "2025-03-10", "p_paid_by_due": "0.20",
///     "p_paid_by_due_plus_30": "0.85", "evidence": 4}"#).unwrap();
/// assert_eq!(p.evidence, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The most likely payment date: the median of the payment date given that the
    /// invoice is still open on the model's date (always after that date).
    pub expected_payment_date: NaiveDate,
    /// Probability it is paid by its due date (0 once the due date passed unpaid).
    pub p_paid_by_due: Decimal,
    /// Probability it is paid within 30 days after its due date.
    pub p_paid_by_due_plus_30: Decimal,
    /// The customer's invoices behind the prediction (paid, or seen open past their due
    /// date): with few, the prediction is mostly the portfolio's.
    pub evidence: usize,
}

fn probability(p: f64) -> Decimal {
    let hundredths = (p.clamp(0.0, 1.0) * 100.0).round() as i64;
    Decimal::new(hundredths, 2)
}

impl Counts {
    fn new(recency: bool) -> Counts {
        Counts {
            raw: Vec::new(),
            recency,
        }
    }

    /// The weight of an invoice due on `due`, out of [`MAX_WEIGHT`].
    fn weight(&self, due: NaiveDate, as_of: NaiveDate) -> u64 {
        if !self.recency {
            return MAX_WEIGHT;
        }
        match (as_of - due).num_days() {
            ..=90 => 4,
            91..=180 => 3,
            181..=365 => 2,
            _ => 1,
        }
    }

    fn add(&mut self, r: &PaymentRecord, as_of: NaiveDate) {
        let w = self.weight(r.due_date, as_of);
        match r.paid_on {
            Some(paid) if paid <= as_of => {
                self.raw
                    .push((bin((paid - r.due_date).num_days()), true, w));
            }
            _ => {
                let days = (as_of - r.due_date).num_days();
                if days + EARLIEST_DAYS >= 0 {
                    self.raw.push((bin(days), false, w));
                }
            }
        }
    }

    /// Payments and numbers at risk, bin by bin, each payment spread evenly over the
    /// `smoothing` days either side of it (counts stay integers until the last division,
    /// so they do not depend on the order of the input).
    fn table(&self, smoothing: u32) -> (Vec<f64>, Vec<f64>) {
        let smoothing = smoothing.min(MAX_SMOOTHING_DAYS);
        let width = i64::from(smoothing);
        let units = 2 * u64::from(smoothing) + 1;
        let mut events = vec![0u64; BINS];
        let mut exits = vec![0u64; BINS];
        let put = |v: &mut Vec<u64>, k: usize, w: u64| {
            if let Some(e) = v.get_mut(k) {
                *e = e.saturating_add(w);
            }
        };
        for &(b, paid, w) in &self.raw {
            if !paid || b == LAST || width == 0 {
                if paid {
                    put(&mut events, b, w * units);
                }
                put(&mut exits, b, w * units);
            } else {
                for off in -width..=width {
                    let k = (b as i64 + off).clamp(0, LAST as i64 - 1);
                    let k = usize::try_from(k).unwrap_or(0);
                    put(&mut events, k, w);
                    put(&mut exits, k, w);
                }
            }
        }
        let per = (units * MAX_WEIGHT) as f64;
        let events = events.into_iter().map(|u| u as f64 / per).collect();
        let mut at_risk = vec![0.0; BINS];
        let mut later = 0u64;
        for k in (0..BINS).rev() {
            later = later.saturating_add(exits.get(k).copied().unwrap_or(0));
            if let Some(a) = at_risk.get_mut(k) {
                *a = later as f64 / per;
            }
        }
        (events, at_risk)
    }

    fn evidence(&self) -> usize {
        self.raw.len()
    }
}

impl PaymentModel {
    /// Fits the model on the customers' records as known on `as_of`: payments on or before
    /// it are events, invoices open on it are censored there.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{ModelSettings, PaymentModel};
    /// let m = PaymentModel::fit("2025-01-01".parse().unwrap(), &[], ModelSettings::default());
    /// assert_eq!(m.as_of().to_string(), "2025-01-01");
    /// ```
    pub fn fit(
        as_of: NaiveDate,
        histories: &[CustomerHistory],
        settings: ModelSettings,
    ) -> PaymentModel {
        let mut all = Counts::new(false);
        let mut customers: BTreeMap<CustomerId, Counts> = BTreeMap::new();
        for h in histories {
            let counts = customers
                .entry(h.customer.clone())
                .or_insert_with(|| Counts::new(settings.recency_weighting));
            for r in &h.records {
                counts.add(r, as_of);
                all.add(r, as_of);
            }
        }
        let (events, at_risk) = all.table(0);
        // The portfolio's own curve leans on one invoice's worth of a constant hazard:
        // its average daily payment rate once past due. Without it a small portfolio
        // would have no chance of payment beyond the latest payment it has seen.
        let due_bin = usize::try_from(EARLIEST_DAYS).unwrap_or(0);
        let late_events: f64 = events
            .iter()
            .skip(due_bin + 1)
            .take(LAST - due_bin - 1)
            .sum();
        let late_days: f64 = at_risk
            .iter()
            .skip(due_bin + 1)
            .take(LAST - due_bin - 1)
            .sum();
        let constant = if late_days > 0.0 {
            (late_events / late_days).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let portfolio = events
            .iter()
            .zip(&at_risk)
            .enumerate()
            .map(|(k, (e, n))| {
                if k == LAST {
                    1.0
                } else {
                    ((e + constant) / (n + 1.0)).clamp(0.0, 1.0)
                }
            })
            .collect();
        PaymentModel {
            as_of,
            settings,
            portfolio,
            customers,
        }
    }

    /// The date the model knows the portfolio on.
    ///
    /// # Example
    /// ```
    /// # use relance::credit::{ModelSettings, PaymentModel};
    /// let m = PaymentModel::fit("2025-01-01".parse().unwrap(), &[], ModelSettings::default());
    /// assert_eq!(m.as_of(), "2025-01-01".parse().unwrap());
    /// ```
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The customer's daily payment hazard, shrunk toward the portfolio's.
    fn hazard(&self, customer: &CustomerId) -> (Vec<f64>, usize) {
        let Some(counts) = self.customers.get(customer) else {
            return (self.portfolio.clone(), 0);
        };
        let s = f64::from(self.settings.prior_strength);
        let shrink = |events: &[f64], at_risk: &[f64], prior: &[f64]| -> Vec<f64> {
            prior
                .iter()
                .zip(events.iter().zip(at_risk))
                .enumerate()
                .map(|(k, (big_h, (e, n)))| {
                    if k == LAST {
                        1.0
                    } else if n + s > 0.0 {
                        ((e + s * big_h) / (n + s)).clamp(0.0, 1.0)
                    } else {
                        *big_h
                    }
                })
                .collect()
        };
        let local = self.settings.local_prior_days;
        let prior = if local > self.settings.smoothing_days {
            let (events, at_risk) = counts.table(local);
            shrink(&events, &at_risk, &self.portfolio)
        } else {
            self.portfolio.clone()
        };
        let (events, at_risk) = counts.table(self.settings.smoothing_days);
        let h = shrink(&events, &at_risk, &prior);
        (h, counts.evidence())
    }

    /// The prediction for `record` of `customer`, if it is open on the model's date
    /// (issued on or before it and not paid by it).
    ///
    /// # Example
    /// ```
    /// use relance::credit::{ModelSettings, PaymentModel, PaymentRecord};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let r = PaymentRecord { invoice: "I".into(), issue_date: d("2025-01-01"),
    ///     due_date: d("2025-01-31"), amount: "10".parse().unwrap(), paid_on: None,
    ///     reminders: 0, promises_kept: 0, promises_broken: 0, disputes: 0 };
    /// // Without any history the model cannot do better than "very late".
    /// let m = PaymentModel::fit(d("2025-02-01"), &[], ModelSettings::default());
    /// let p = m.predict(&"C".into(), &r).unwrap();
    /// assert_eq!(p.expected_payment_date, d("2026-01-31"));
    /// assert_eq!(p.evidence, 0);
    /// ```
    pub fn predict(&self, customer: &CustomerId, record: &PaymentRecord) -> Option<Prediction> {
        let (hazard, evidence) = self.hazard(customer);
        self.predict_with(&hazard, evidence, record)
    }

    fn predict_with(
        &self,
        hazard: &[f64],
        evidence: usize,
        record: &PaymentRecord,
    ) -> Option<Prediction> {
        if record.issue_date > self.as_of || record.paid_on.is_some_and(|p| p <= self.as_of) {
            return None;
        }
        let seen = (self.as_of - record.due_date).num_days() + EARLIEST_DAYS;
        // Survival from the first bin after the one the invoice was last seen open in.
        let first = usize::try_from(seen + 1).unwrap_or(0).min(LAST);
        let due_bin = usize::try_from(EARLIEST_DAYS).unwrap_or(0);
        let plus_30 = due_bin + 30;
        let mut survival = 1.0f64;
        let (mut by_due, mut by_30) = (0.0f64, 0.0f64);
        let mut median = None;
        for (k, h) in hazard.iter().enumerate().skip(first) {
            survival *= 1.0 - h;
            if k == due_bin {
                by_due = 1.0 - survival;
            }
            if k == plus_30 {
                by_30 = 1.0 - survival;
            }
            if median.is_none() && survival <= 0.5 {
                median = Some(k);
            }
            if median.is_some() && k >= plus_30 {
                break;
            }
        }
        let k = median.unwrap_or(LAST);
        let offset = k as i64 - EARLIEST_DAYS;
        let date = crate::account::shift(record.due_date, offset)?;
        let next = self.as_of.checked_add_days(Days::new(1))?;
        Some(Prediction {
            invoice: record.invoice.clone(),
            expected_payment_date: date.max(next),
            p_paid_by_due: probability(by_due),
            p_paid_by_due_plus_30: probability(by_30),
            evidence,
        })
    }

    /// Predictions for every record of `histories` open on the model's date, in invoice
    /// order.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{CustomerHistory, ModelSettings, PaymentModel, PaymentRecord};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let rec = |i: &str, paid: Option<&str>| PaymentRecord { invoice: i.into(),
    ///     issue_date: d("2025-01-01"), due_date: d("2025-01-31"), amount: "10".parse().unwrap(),
    ///     paid_on: paid.map(d), reminders: 0, promises_kept: 0, promises_broken: 0, disputes: 0 };
    /// let h = [CustomerHistory { customer: "C".into(),
    ///     records: vec![rec("B", None), rec("A", Some("2025-01-30"))], portfolio_only: false }];
    /// let m = PaymentModel::fit(d("2025-02-01"), &h, ModelSettings::default());
    /// let open: Vec<_> = m.predict_all(&h).into_iter().map(|p| p.invoice).collect();
    /// assert_eq!(open, ["B".into()]);
    /// ```
    pub fn predict_all(&self, histories: &[CustomerHistory]) -> Vec<Prediction> {
        let mut out = Vec::new();
        for h in histories {
            let (hazard, evidence) = if h.portfolio_only {
                (self.portfolio.clone(), 0)
            } else {
                self.hazard(&h.customer)
            };
            out.extend(
                h.records
                    .iter()
                    .filter_map(|r| self.predict_with(&hazard, evidence, r)),
            );
        }
        out.sort_by(|a, b| a.invoice.cmp(&b.invoice));
        out
    }
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

    fn monthly(prefix: &str, late_days: i64) -> Vec<PaymentRecord> {
        (1..=10)
            .map(|m| {
                let due = d(&format!("2024-{m:02}-05"));
                let paid = due + chrono::Duration::days(late_days);
                rec(
                    &format!("{prefix}{m}"),
                    &due.to_string(),
                    Some(&paid.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn an_old_open_invoice_makes_the_prediction_less_optimistic() {
        // The customer paid every invoice 5 days late; a new invoice is due on 5 December.
        let as_of = d("2024-11-20");
        let new = rec("N", "2024-12-05", None);
        let mut records = monthly("I", 5);
        records.push(new.clone());
        let h = [CustomerHistory {
            customer: "C".into(),
            records: records.clone(),
            portfolio_only: false,
        }];
        let before = PaymentModel::fit(as_of, &h, ModelSettings::default())
            .predict(&"C".into(), &new)
            .unwrap();
        // Same history, but one older invoice is still open, 100 days after its due date.
        records.push(rec("OLD", "2024-08-12", None));
        let h = [CustomerHistory {
            customer: "C".into(),
            records,
            portfolio_only: false,
        }];
        let after = PaymentModel::fit(as_of, &h, ModelSettings::default())
            .predict(&"C".into(), &new)
            .unwrap();
        assert!(
            after.p_paid_by_due_plus_30 < before.p_paid_by_due_plus_30,
            "{before:?} {after:?}"
        );
        assert!(after.expected_payment_date >= before.expected_payment_date);
        // Ignoring the open invoice (treating it as not there) would have changed nothing.
        assert_eq!(after.evidence, before.evidence + 1);
    }

    #[test]
    fn an_overdue_invoice_is_predicted_after_the_date_with_no_chance_by_its_due_date() {
        let as_of = d("2024-11-20");
        let open = rec("N", "2024-11-01", None);
        let mut records = monthly("I", 5);
        records.push(open.clone());
        let h = [CustomerHistory {
            customer: "C".into(),
            records,
            portfolio_only: false,
        }];
        let p = PaymentModel::fit(as_of, &h, ModelSettings::default())
            .predict(&"C".into(), &open)
            .unwrap();
        assert!(p.expected_payment_date > as_of);
        assert_eq!(p.p_paid_by_due, Decimal::ZERO);
    }

    #[test]
    fn a_customer_with_history_is_predicted_like_itself_a_new_one_like_the_portfolio() {
        let as_of = d("2024-11-01");
        let h = [
            CustomerHistory {
                customer: "LATE".into(),
                records: monthly("L", 30),
                portfolio_only: false,
            },
            CustomerHistory {
                customer: "PROMPT".into(),
                records: monthly("P", 0),
                portfolio_only: false,
            },
        ];
        let m = PaymentModel::fit(as_of, &h, ModelSettings::default());
        let new = rec("X", "2024-12-01", None);
        let late = m.predict(&"LATE".into(), &new).unwrap();
        let prompt = m.predict(&"PROMPT".into(), &new).unwrap();
        let unknown = m.predict(&"NEW".into(), &new).unwrap();
        assert_eq!(late.expected_payment_date, d("2024-12-31"));
        assert_eq!(prompt.expected_payment_date, d("2024-12-01"));
        assert!(
            prompt.expected_payment_date <= unknown.expected_payment_date
                && unknown.expected_payment_date <= late.expected_payment_date
        );
        assert_eq!(unknown.evidence, 0);
    }

    #[test]
    fn fitting_does_not_depend_on_the_order_of_the_input() {
        let as_of = d("2024-11-01");
        let mut records = monthly("I", 7);
        records.extend(monthly("J", 20));
        let open = rec("N", "2024-11-20", None);
        records.push(open.clone());
        let h = [CustomerHistory {
            customer: "C".into(),
            records: records.clone(),
            portfolio_only: false,
        }];
        records.reverse();
        let r = [CustomerHistory {
            customer: "C".into(),
            records,
            portfolio_only: false,
        }];
        let s = ModelSettings::default();
        assert_eq!(
            PaymentModel::fit(as_of, &h, s).predict_all(&h),
            PaymentModel::fit(as_of, &r, s).predict_all(&r)
        );
    }

    #[test]
    fn huge_smoothing_settings_are_cut_to_the_bound() {
        let as_of = d("2024-11-01");
        let h = [CustomerHistory {
            customer: "C".into(),
            records: monthly("I", 5),
            portfolio_only: false,
        }];
        let wild = ModelSettings {
            smoothing_days: u32::MAX,
            local_prior_days: u32::MAX,
            ..ModelSettings::default()
        };
        let capped = ModelSettings {
            smoothing_days: MAX_SMOOTHING_DAYS,
            local_prior_days: MAX_SMOOTHING_DAYS,
            ..ModelSettings::default()
        };
        let new = rec("N", "2024-12-01", None);
        assert_eq!(
            PaymentModel::fit(as_of, &h, wild).predict(&"C".into(), &new),
            PaymentModel::fit(as_of, &h, capped).predict(&"C".into(), &new)
        );
    }
}
