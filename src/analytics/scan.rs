//! The one pass: each account's history read once, into per-currency totals, per-notice
//! records and outcome counters; then [`Scan::finish`] turns them into the indicators.

use super::measures::{self, countback, days_of_sales, median_days, rate};
use super::{
    Ageing, AnalyticsError, CurrencyKpis, CustomerAgeing, Funnel, Kpis, Outcomes, Settings,
    StepKpis, Window,
};
use crate::account::{Account, MoneyReplay};
use crate::event::EventKind;
use crate::ids::LadderId;
use crate::ladder::{Channel, Ladder, Stage};
use crate::money::{Currency, Money, checked_add, checked_div};
use crate::plan::CustomerAccounts;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast deterministic hash for the notice keys (FxHash's mixing, eight bytes at a
/// time): the keys are the host's stored idempotency keys, and SipHash cost a third of
/// the pass over a million invoices.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A step on a channel, as the notices are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct GroupKey<'a> {
    ladder: Option<&'a LadderId>,
    step: usize,
    name: &'a str,
    stage: Stage,
    channel: Channel,
}

/// What is known of one notice (one idempotency key in one currency), over the invoices
/// it covered.
#[derive(Debug, Clone, Copy)]
struct NoticeAcc {
    group: usize,
    on: NaiveDate,
    /// Days to the first response on any covered invoice.
    responded: Option<i64>,
    /// Whether every covered invoice was cleared, and the days to the last clearing.
    all_cleared: bool,
    cleared: i64,
    /// Cash brought within 14 days, 30 days and the window.
    recovered: [Decimal; 3],
}

/// An event of one history that matters to the notices.
#[derive(Debug, Clone, Copy)]
struct Rec<'a> {
    on: NaiveDate,
    /// The principal open after it.
    principal_open: Decimal,
    /// Payment (positive) or reversal (negative).
    cash: Decimal,
    /// A payment, promise, payment plan or dispute.
    response: bool,
    /// A notice delivered: its key and its group.
    notice: Option<(&'a str, usize)>,
}

/// Totals of one currency.
#[derive(Debug, Clone)]
struct CurrencyAcc {
    currency: Currency,
    ageing: Ageing,
    receivables: Decimal,
    current: Decimal,
    opening: Decimal,
    sales: Decimal,
    /// Invoiced per calendar month, for the countback.
    monthly: BTreeMap<(i32, u32), Decimal>,
}

/// Totals of the notices of one window.
#[derive(Debug, Default)]
struct WindowAcc {
    notices: u64,
    paid: u64,
    /// Per currency: recovered, and the notices counted.
    recovered: Vec<(Currency, Decimal, u64)>,
}

/// Totals of the notices of one step on one channel.
#[derive(Debug, Default)]
struct GroupAcc {
    notices: u64,
    answerable: u64,
    responded: u64,
    /// Days to payment of the notices whose invoices were all cleared.
    days: Vec<i64>,
    windows: [WindowAcc; 3],
}

pub(super) struct Scan<'a> {
    as_of: NaiveDate,
    period_start: NaiveDate,
    period_days: u32,
    bounds: Vec<u32>,
    /// 14, 30 and the window, in days; then the response window.
    windows: [i64; 3],
    response_days: i64,
    currencies: Vec<CurrencyAcc>,
    customers: Vec<CustomerAgeing>,
    groups: KeyMap<GroupKey<'a>, usize>,
    group_keys: Vec<GroupKey<'a>>,
    group_accs: Vec<GroupAcc>,
    /// The notices of the customer being read.
    notices: KeyMap<(&'a str, Currency), NoticeAcc>,
    funnel: Funnel,
    outcomes: Outcomes,
    dispute_days: Vec<i64>,
    records: Vec<Rec<'a>>,
    /// The ageing of the customer being read, per currency.
    own: Vec<(Currency, Ageing)>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(as_of: NaiveDate, settings: &Settings) -> Result<Scan<'a>, AnalyticsError> {
        let period_start = as_of
            .checked_sub_days(Days::new(u64::from(settings.period_days)))
            .ok_or(AnalyticsError::DateOutOfRange { date: as_of })?;
        Ok(Scan {
            as_of,
            period_start,
            period_days: settings.period_days,
            bounds: settings.ageing_bounds.clone(),
            windows: [14, 30, i64::from(settings.window_days)],
            response_days: i64::from(settings.response_days),
            currencies: Vec::new(),
            customers: Vec::new(),
            groups: KeyMap::default(),
            group_keys: Vec::new(),
            group_accs: Vec::new(),
            notices: KeyMap::default(),
            funnel: Funnel::default(),
            outcomes: Outcomes::default(),
            dispute_days: Vec::new(),
            records: Vec::new(),
            own: Vec::new(),
        })
    }

    fn currency(&mut self, currency: Currency) -> usize {
        if let Some(i) = self.currencies.iter().position(|c| c.currency == currency) {
            return i;
        }
        self.currencies.push(CurrencyAcc {
            currency,
            ageing: Ageing::new(&self.bounds),
            receivables: Decimal::ZERO,
            current: Decimal::ZERO,
            opening: Decimal::ZERO,
            sales: Decimal::ZERO,
            monthly: BTreeMap::new(),
        });
        self.currencies.len().saturating_sub(1)
    }

    fn group(&mut self, key: GroupKey<'a>) -> usize {
        // Few groups (steps x channels x ladders): a look along them beats hashing.
        if self.group_keys.len() <= 32 {
            // Names and ladder ids taken from the book are the same strings: compared by
            // address first, which spares reading them.
            let same_ladder = |a: Option<&LadderId>, b: Option<&LadderId>| match (a, b) {
                (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
                (a, b) => a.is_none() && b.is_none(),
            };
            let found = self.group_keys.iter().position(|g| {
                g.step == key.step
                    && g.channel == key.channel
                    && g.stage == key.stage
                    && (std::ptr::eq(g.name, key.name) || g.name == key.name)
                    && same_ladder(g.ladder, key.ladder)
            });
            if let Some(i) = found {
                return i;
            }
        }
        let next = self.group_keys.len();
        let i = *self.groups.entry(key).or_insert(next);
        if i == next {
            self.group_keys.push(key);
        }
        i
    }

    /// One customer's accounts.
    pub(super) fn customer(
        &mut self,
        ca: &'a CustomerAccounts,
        ladder: Option<&'a Ladder>,
    ) -> Result<(), AnalyticsError> {
        let mut own = std::mem::take(&mut self.own);
        own.clear();
        for (i, acc) in ca.accounts.iter().enumerate() {
            // Read the next history's first date now: its memory is fetched while this
            // account is processed (the pass waits on memory more than it computes).
            let next = ca.accounts.get(i.saturating_add(1));
            std::hint::black_box(next.and_then(|a| a.history().first()).map(|e| e.on));
            self.account(acc, ladder, &mut own)?;
        }
        for (currency, ageing) in own.drain(..) {
            if ageing.amounts.iter().any(|a| !a.is_zero()) {
                self.customers.push(CustomerAgeing {
                    customer: ca.customer.id.clone(),
                    currency,
                    ageing,
                });
            }
        }
        self.own = own;
        self.flush_notices()
    }

    /// One account: the single pass over its history.
    fn account(
        &mut self,
        acc: &'a Account,
        ladder: Option<&'a Ladder>,
        own: &mut Vec<(Currency, Ageing)>,
    ) -> Result<(), AnalyticsError> {
        let inv = acc.invoice();
        let as_of = self.as_of;
        if inv.issue_date > as_of {
            return Ok(());
        }
        let invoiced = acc.invoiced().amount;
        let ci = self.currency(inv.currency);
        {
            let c = self
                .currencies
                .get_mut(ci)
                .ok_or(AnalyticsError::DateOutOfRange { date: as_of })?;
            let month = c
                .monthly
                .entry((inv.issue_date.year(), inv.issue_date.month()))
                .or_default();
            *month = checked_add(*month, invoiced)?;
            if inv.issue_date > self.period_start {
                c.sales = checked_add(c.sales, invoiced)?;
            }
        }

        let period_start = self.period_start;
        let mut now = MoneyReplay::new(invoiced);
        // What was open at the start of the period: the same as `now` while every event
        // read is dated before it (the usual order), copied at the first one after.
        let mut opening: Option<MoneyReplay> = None;
        let mut written_off: Option<NaiveDate> = None;
        let mut last_step: Option<(usize, &'a str, Stage)> = None;
        let mut top_stage: Option<Stage> = None;
        let (mut handed_over, mut noticed, mut disputed) = (false, false, false);
        let mut dispute_open: Option<NaiveDate> = None;
        let mut promise: Option<NaiveDate> = None;
        let mut records = std::mem::take(&mut self.records);
        records.clear();
        for e in acc.history() {
            if e.on > as_of {
                continue;
            }
            // A refused event changes nothing (as on the account).
            match &mut opening {
                None if e.on > period_start => opening = Some(now.clone()),
                Some(o) if e.on <= period_start => {
                    let _ = o.apply(&e.kind);
                }
                _ => {}
            }
            let applied = now.apply(&e.kind).is_ok();
            let mut rec = Rec {
                on: e.on,
                principal_open: Decimal::ZERO,
                cash: Decimal::ZERO,
                response: false,
                notice: None,
            };
            let mut keep = false;
            match &e.kind {
                EventKind::Payment { amount } if applied => {
                    (rec.cash, rec.response, keep) = (*amount, true, true);
                }
                EventKind::PaymentReversal { amount } if applied => {
                    (rec.cash, keep) = (-*amount, true);
                }
                EventKind::CreditNote { .. } if applied => keep = true,
                EventKind::PromiseToPay { until } => {
                    promise = Some(*until);
                    (rec.response, keep) = (true, true);
                }
                EventKind::PaymentPlanAgreed { .. } => (rec.response, keep) = (true, true),
                EventKind::DisputeOpened { .. } => {
                    disputed = true;
                    dispute_open = Some(e.on);
                    (rec.response, keep) = (true, true);
                }
                EventKind::DisputeResolved { .. } => {
                    if let Some(opened) = dispute_open.take() {
                        self.dispute_days.push((e.on - opened).num_days());
                        self.outcomes.disputes_resolved += 1;
                    }
                }
                EventKind::PromiseKept if promise.is_some() => {
                    promise = None;
                    self.outcomes.promises_kept += 1;
                }
                EventKind::PromiseBroken if promise.is_some() => {
                    promise = None;
                    self.outcomes.promises_broken += 1;
                }
                EventKind::StepReached {
                    step, name, stage, ..
                } => {
                    last_step = Some((*step, name.as_str(), *stage));
                    top_stage = top_stage.max(Some(*stage));
                }
                EventKind::HandedOver { .. } => handed_over = true,
                EventKind::WrittenOff { .. } => written_off = Some(e.on),
                EventKind::NoticeDelivered { key, channel, .. } => {
                    noticed = true;
                    if let Some((step, name, stage)) = last_step {
                        // The step as the ladder names it, else as recorded.
                        let name = ladder
                            .and_then(|l| l.step(step))
                            .map_or(name, |s| s.name.as_str());
                        let group = self.group(GroupKey {
                            ladder: ladder.map(|l| &l.id),
                            step,
                            name,
                            stage,
                            channel: *channel,
                        });
                        rec.notice = Some((key.as_str(), group));
                        keep = true;
                    }
                }
                _ => {}
            }
            if keep {
                if (rec.cash != Decimal::ZERO || matches!(e.kind, EventKind::CreditNote { .. }))
                    && promise.is_some_and(|until| e.on <= until)
                    && now.total_open().is_zero()
                {
                    // Settled while a promise ran: the promise was kept.
                    promise = None;
                    self.outcomes.promises_kept += 1;
                }
                // The notices look only forward: nothing before the first one is kept.
                if rec.notice.is_some() || !records.is_empty() {
                    rec.principal_open = now.principal_open();
                    records.push(rec);
                }
            }
        }
        if promise.is_some_and(|until| until < as_of) {
            self.outcomes.promises_broken += 1;
        }

        // Receivables: the open principal, by instalment, unless written off.
        let principal_open = if written_off.is_some() {
            Decimal::ZERO
        } else {
            now.principal_open()
        };
        let opening_open =
            if inv.issue_date <= period_start && written_off.is_none_or(|w| w > period_start) {
                opening.as_ref().unwrap_or(&now).principal_open()
            } else {
                Decimal::ZERO
            };
        let mine = match own.iter().position(|(c, _)| *c == inv.currency) {
            Some(i) => i,
            None => {
                own.push((inv.currency, Ageing::new(&self.bounds)));
                own.len().saturating_sub(1)
            }
        };
        let c = self
            .currencies
            .get_mut(ci)
            .ok_or(AnalyticsError::DateOutOfRange { date: as_of })?;
        c.opening = checked_add(c.opening, opening_open)?;
        if !principal_open.is_zero() {
            c.receivables = checked_add(c.receivables, principal_open)?;
            // What was received paid the oldest instalments first.
            let mut received = invoiced.saturating_sub(principal_open);
            for i in &inv.instalments {
                let paid = received.min(i.amount).max(Decimal::ZERO);
                received = received.saturating_sub(paid);
                let open = i.amount.saturating_sub(paid);
                if open.is_zero() {
                    continue;
                }
                let late = (as_of - i.due_date).num_days();
                if late <= 0 {
                    c.current = checked_add(c.current, open)?;
                }
                c.ageing.add(late, open)?;
                if let Some((_, a)) = own.get_mut(mine) {
                    a.add(late, open)?;
                }
            }
        }

        // Funnel and outcomes.
        self.funnel.invoices += 1;
        self.outcomes.invoices += 1;
        let formal = handed_over || top_stage >= Some(Stage::FormalNotice);
        let judicial = handed_over || top_stage >= Some(Stage::Judicial);
        self.funnel.dunned += u64::from(top_stage.is_some());
        self.funnel.formal_notice += u64::from(formal);
        self.funnel.judicial += u64::from(judicial);
        self.outcomes.disputed += u64::from(disputed);
        let closed =
            written_off.is_some() || (principal_open.is_zero() && now.total_open().is_zero());
        if closed {
            self.outcomes.closed += 1;
            self.outcomes.written_off += u64::from(written_off.is_some());
            if noticed {
                self.outcomes.closed_after_notice += 1;
                if written_off.is_none() {
                    self.outcomes.settled_amicably += u64::from(!formal);
                    self.outcomes.settled_before_judicial += u64::from(!judicial);
                }
            }
        }

        self.notices_of(&records, inv.currency);
        self.records = records;
        Ok(())
    }

    /// Each notice of one history, with what followed it on that invoice.
    fn notices_of(&mut self, records: &[Rec<'a>], currency: Currency) {
        for (i, r) in records.iter().enumerate() {
            let Some((key, group)) = r.notice else {
                continue;
            };
            let after = records.get(i..).unwrap_or_default();
            let days = |x: &Rec<'_>| (x.on - r.on).num_days();
            let responded = after
                .iter()
                .skip(1)
                .filter(|x| x.response && x.on >= r.on)
                .map(days)
                .min();
            // Cleared on the notice's day or later (a notice on accessories alone finds
            // the principal already cleared).
            let cleared = after
                .iter()
                .filter(|x| x.on >= r.on && x.principal_open.is_zero())
                .map(days)
                .next();
            let mut recovered = [Decimal::ZERO; 3];
            for x in after.iter().skip(1).filter(|x| x.on >= r.on) {
                let d = days(x);
                for (slot, w) in recovered.iter_mut().zip(self.windows) {
                    if d <= w {
                        *slot = slot.saturating_add(x.cash);
                    }
                }
            }
            let n = self.notices.entry((key, currency)).or_insert(NoticeAcc {
                group,
                on: r.on,
                responded: None,
                all_cleared: true,
                cleared: 0,
                recovered: [Decimal::ZERO; 3],
            });
            n.responded = match (n.responded, responded) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match cleared {
                Some(d) => n.cleared = n.cleared.max(d),
                None => n.all_cleared = false,
            }
            for (slot, add) in n.recovered.iter_mut().zip(recovered) {
                *slot = slot.saturating_add(add);
            }
        }
    }

    /// Folds the notices of the customer just read into their groups: a notice's invoices
    /// are all its customer's, so the notices are gathered one customer at a time.
    fn flush_notices(&mut self) -> Result<(), AnalyticsError> {
        let as_of = self.as_of;
        if self.group_accs.len() < self.group_keys.len() {
            self.group_accs
                .resize_with(self.group_keys.len(), GroupAcc::default);
        }
        for (&(_, currency), n) in &self.notices {
            let Some(g) = self.group_accs.get_mut(n.group) else {
                continue;
            };
            let age = (as_of - n.on).num_days();
            g.notices += 1;
            if age >= self.response_days {
                g.answerable += 1;
                g.responded += u64::from(n.responded.is_some_and(|d| d <= self.response_days));
            }
            if n.all_cleared {
                g.days.push(n.cleared);
            }
            for ((w, days), recovered) in g.windows.iter_mut().zip(self.windows).zip(n.recovered) {
                if age < days {
                    continue;
                }
                w.notices += 1;
                w.paid += u64::from(n.all_cleared && n.cleared <= days);
                match w.recovered.iter_mut().find(|(c, _, _)| *c == currency) {
                    Some((_, sum, count)) => {
                        *sum = checked_add(*sum, recovered)?;
                        *count += 1;
                    }
                    None => w.recovered.push((currency, recovered, 1)),
                }
            }
        }
        self.notices.clear();
        if self.notices.capacity() > 1024 {
            // One customer with many notices must not slow down every later one.
            self.notices.shrink_to(64);
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<Kpis, AnalyticsError> {
        let (as_of, p) = (self.as_of, self.period_days);
        self.currencies.sort_by_key(|c| c.currency);
        let mut currencies = Vec::with_capacity(self.currencies.len());
        for mut c in std::mem::take(&mut self.currencies) {
            // Amounts written with the currency's decimals (sums of amounts that have at
            // most that many: nothing is rounded).
            let dp = c.currency.minor_unit();
            for a in c.ageing.amounts.iter_mut().chain([
                &mut c.receivables,
                &mut c.current,
                &mut c.opening,
                &mut c.sales,
            ]) {
                a.rescale(dp);
            }
            let dso_standard = days_of_sales(c.receivables, c.sales, p)?;
            let best_possible_dso = days_of_sales(c.current, c.sales, p)?;
            let dso_countback = if c.sales.is_zero() && c.receivables.is_zero() {
                None
            } else {
                Some(countback(c.receivables, &c.monthly, as_of)?)
            };
            let average_days_delinquent = match (dso_countback, best_possible_dso) {
                (Some(cb), Some(best)) => Some(measures::round_days(cb.saturating_sub(best))),
                _ => None,
            };
            let cei = measures::cei(c.opening, c.sales, c.receivables, c.current)?;
            currencies.push(CurrencyKpis {
                currency: c.currency,
                ageing: c.ageing,
                receivables: c.receivables,
                current_receivables: c.current,
                opening_receivables: c.opening,
                credit_sales: c.sales,
                dso_standard,
                dso_countback,
                best_possible_dso,
                average_days_delinquent,
                cei,
            });
        }
        self.customers
            .sort_by(|a, b| (&a.customer, a.currency).cmp(&(&b.customer, b.currency)));
        for c in &mut self.customers {
            let dp = c.currency.minor_unit();
            c.ageing.amounts.iter_mut().for_each(|a| a.rescale(dp));
        }

        let steps = self.steps()?;
        let mut o = self.outcomes;
        o.amicable_conversion_rate = rate(o.settled_amicably, o.closed_after_notice);
        o.pre_judicial_conversion_rate = rate(o.settled_before_judicial, o.closed_after_notice);
        o.promise_kept_rate = rate(
            o.promises_kept,
            o.promises_kept.saturating_add(o.promises_broken),
        );
        o.dispute_rate = rate(o.disputed, o.invoices);
        o.median_dispute_resolution_days = median_days(&mut self.dispute_days);
        o.write_off_rate = rate(o.written_off, o.closed);
        Ok(Kpis {
            as_of,
            period_days: p,
            currencies,
            customers: self.customers,
            steps,
            funnel: self.funnel,
            outcomes: o,
        })
    }

    /// The notices grouped by step and channel.
    fn steps(&mut self) -> Result<Vec<StepKpis>, AnalyticsError> {
        let groups = std::mem::take(&mut self.group_accs);
        let [d14, d30, dw] = self.windows;
        let mut out = Vec::with_capacity(groups.len());
        for (key, mut g) in self.group_keys.iter().zip(groups) {
            let [w14, w30, ww] = g.windows;
            let window = |mut w: WindowAcc, days: i64| -> Result<Window, AnalyticsError> {
                w.recovered.sort_by_key(|(c, _, _)| *c);
                let mut recovered = Vec::new();
                let mut per_notice = Vec::new();
                for (currency, amount, count) in w.recovered {
                    recovered.push(Money::new(amount, currency));
                    let each = checked_div(amount, Decimal::from(count))?;
                    per_notice.push(Money::new(
                        measures::round_to(each, currency.minor_unit()),
                        currency,
                    ));
                }
                Ok(Window {
                    days: u32::try_from(days).unwrap_or(u32::MAX),
                    notices: w.notices,
                    paid_rate: rate(w.paid, w.notices),
                    recovered,
                    recovered_per_notice: per_notice,
                })
            };
            out.push(StepKpis {
                ladder: key.ladder.cloned(),
                step: key.step,
                name: key.name.to_string(),
                stage: key.stage,
                channel: key.channel,
                notices: g.notices,
                response_rate: rate(g.responded, g.answerable),
                median_days_to_payment: median_days(&mut g.days),
                within_14_days: window(w14, d14)?,
                within_30_days: window(w30, d30)?,
                within_window: window(ww, dw)?,
            });
        }
        out.sort_by(|a, b| {
            (&a.ladder, a.step, &a.name, a.channel).cmp(&(&b.ladder, b.step, &b.name, b.channel))
        });
        Ok(out)
    }
}
