//! A seeded simulator with an auditor, after TigerBeetle's VOPR: from a seed, a random
//! portfolio, ladders, a policy and a year of facts, played day by day through any store
//! under injected faults and crashes, checked after every run, and compared at the end
//! with a fault-free run of the same seed.

use super::faults::{Fault, FaultPlan, FaultyDelivery, FaultyStore};
use super::rng::SeededRng;
use crate::account::Account;
use crate::action::Action;
use crate::customer::{Customer, CustomerKind};
use crate::dunning::{Dunning, FactResult};
use crate::event::{EventKind, Fact};
use crate::host::{Delivery, DeliveryError, Outgoing, Receipt, Store};
use crate::ids::{CustomerId, InvoiceId, LadderId};
use crate::invoice::Invoice;
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, Ladder, LadderBook, Stage, Step};
use crate::local_time::Zone;
use crate::money::Currency;
use crate::notice::{Creditor, NoticeContent};
use crate::policy::Policy;
use crate::runner::RunOptions;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The most customers a campaign generates, so every loop is bounded.
const MAX_CUSTOMERS: usize = 1_000;
/// The most days a campaign plays.
const MAX_DAYS: u32 = 3_660;
/// Attempts of one day's run under faults before the faults are switched off for it.
const MAX_FAULTY_ATTEMPTS: u32 = 6;

/// What a seed generates: customers, their invoices, the ladders, the policy and the
/// facts of the year, each fact with an external id.
///
/// # Example
/// ```
/// let w = relance::testing::SimWorld::generate(7, 5, "2025-01-01".parse().unwrap(), 365);
/// assert_eq!(w.customers.len(), 5);
/// assert_eq!(w, relance::testing::SimWorld::generate(7, 5, w.start, 365)); // reproducible
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SimWorld {
    /// The seed.
    pub seed: u64,
    /// First day played.
    pub start: NaiveDate,
    /// Last day played.
    pub end: NaiveDate,
    /// The customers.
    pub customers: Vec<Customer>,
    /// Their invoices, some issued before `start`, most during the year.
    pub invoices: Vec<Invoice>,
    /// The ladders.
    pub book: LadderBook,
    /// The policy.
    pub policy: Policy,
    /// The facts, by the day they are reported (in order within a day).
    pub facts: BTreeMap<NaiveDate, Vec<Fact>>,
}

fn cents(rng: &mut SeededRng, min: u64, max: u64) -> Decimal {
    let c = min + rng.below(max.saturating_sub(min).max(1));
    Decimal::new(i64::try_from(c).unwrap_or(i64::MAX), 2)
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn ladders() -> Vec<Ladder> {
    vec![
        Ladder::new(
            "standard",
            vec![
                Step::new("first reminder", Stage::Amicable, 7, &[Channel::Email]),
                Step::new("second reminder", Stage::Amicable, 21, &[Channel::Email])
                    .with_min_days_since_previous(10),
                Step::new(
                    "formal notice",
                    Stage::FormalNotice,
                    45,
                    &[Channel::RegisteredLetter],
                )
                .with_min_days_since_previous(14),
                Step::new(
                    "hand-over",
                    Stage::Judicial,
                    75,
                    &[Channel::RegisteredLetter],
                )
                .with_min_days_since_previous(20)
                .with_approval(),
            ],
        ),
        Ladder::new(
            "brisk",
            vec![
                Step::new("courtesy", Stage::Amicable, -5, &[Channel::Email]),
                Step::new(
                    "reminder",
                    Stage::Amicable,
                    5,
                    &[Channel::Email, Channel::Sms],
                ),
                Step::new("last reminder", Stage::Amicable, 15, &[Channel::Email])
                    .with_min_days_since_previous(7),
                Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter])
                    .with_min_days_since_previous(10),
            ],
        ),
    ]
}

impl SimWorld {
    /// The world of `seed`: `customers` customers (at most 1,000) played over `days` days
    /// (at most 3,660) from `start`.
    ///
    /// # Example
    /// ```
    /// let w = relance::testing::SimWorld::generate(1, 3, "2025-01-01".parse().unwrap(), 90);
    /// assert!(w.invoices.iter().all(|i| w.customers.iter().any(|c| c.id == i.customer)));
    /// assert!(w.facts.values().flatten().all(|f| f.event().external_id.is_some()));
    /// ```
    pub fn generate(seed: u64, customers: usize, start: NaiveDate, days: u32) -> SimWorld {
        let mut rng = SeededRng::new(seed);
        let days = days.clamp(1, MAX_DAYS);
        let end = add_days(start, u64::from(days - 1));
        let mut out_customers = Vec::new();
        let mut invoices = Vec::new();
        let mut facts: BTreeMap<NaiveDate, Vec<Fact>> = BTreeMap::new();
        let mut fact_no = 0u64;
        let countries = [
            (Country::FR, Language::Fr, Zone::EUROPE_PARIS, Currency::EUR),
            (
                Country::BE,
                Language::Fr,
                Zone::EUROPE_BRUSSELS,
                Currency::EUR,
            ),
            (
                Country::DE,
                Language::De,
                Zone::EUROPE_BERLIN,
                Currency::EUR,
            ),
            (
                Country::GB,
                Language::En,
                Zone::EUROPE_LONDON,
                Currency::GBP,
            ),
        ];
        for c in 0..customers.min(MAX_CUSTOMERS) {
            let (country, language, zone, currency) =
                *rng.pick(&countries).unwrap_or(&countries[0]);
            let id = format!("C-{c:04}");
            let mut customer = Customer::new(
                &id,
                &format!("Customer {c} ({})", country.code()),
                CustomerKind::Business,
                country,
                language,
                zone,
            );
            customer.contacts.email = Some(format!("ap{c}@example.com"));
            customer.contacts.mobile = Some("+33612345678".into());
            customer.contacts.postal_address =
                Some(vec![format!("{c} Main Street"), "City".into()]);
            customer.ladder = Some(LadderId::from(if rng.chance(300) {
                "brisk"
            } else {
                "standard"
            }));
            // Behaviour: how late this customer pays, how often it disputes or promises.
            let lateness = rng.below(4); // 0 on time .. 3 never
            for n in 0..(1 + rng.below(6)) {
                let issued = add_days(start, rng.below(u64::from(days).saturating_sub(30).max(1)))
                    .checked_sub_days(Days::new(40))
                    .unwrap_or(start);
                let due = add_days(issued, *rng.pick(&[30u64, 45, 60]).unwrap_or(&30));
                let amount = cents(&mut rng, 5_000, 500_000);
                let inv_id = format!("INV-{c:04}-{n}");
                invoices.push(Invoice::single(
                    &inv_id,
                    &format!("F{c:04}{n}"),
                    &id,
                    currency,
                    issued,
                    amount,
                    due,
                ));
                let invoice: InvoiceId = inv_id.as_str().into();
                let mut fact = |on: NaiveDate, kind: EventKind| {
                    if on < start || on > end {
                        return;
                    }
                    fact_no += 1;
                    if let Ok(f) = Fact::new(&invoice, on, kind) {
                        facts
                            .entry(on)
                            .or_default()
                            .push(f.with_external_id(format!("sim-{seed}-{fact_no}")));
                    }
                };
                let delay = match lateness {
                    0 => rng.below(5),
                    1 => 5 + rng.below(30),
                    2 => 20 + rng.below(90),
                    _ => 400,
                };
                let pay_on = add_days(due, delay);
                if rng.chance(120) {
                    let opened = add_days(due, 10 + rng.below(20));
                    fact(
                        opened,
                        EventKind::DisputeOpened {
                            reason: "goods damaged".into(),
                            review_on: None,
                        },
                    );
                    fact(
                        add_days(opened, 5 + rng.below(20)),
                        EventKind::DisputeResolved {
                            upheld: rng.chance(300),
                        },
                    );
                }
                if rng.chance(100) {
                    fact(
                        add_days(due, 2),
                        EventKind::CreditNote {
                            amount: amount / Decimal::from(10),
                        },
                    );
                }
                if lateness >= 2 && rng.chance(200) {
                    let on = add_days(due, 25 + rng.below(20));
                    fact(
                        on,
                        EventKind::PromiseToPay {
                            until: add_days(on, 10),
                        },
                    );
                }
                if rng.chance(250) {
                    // Part payment first, the rest later.
                    let part = (amount / Decimal::from(3)).round_dp(2);
                    fact(
                        add_days(due, delay / 2),
                        EventKind::Payment { amount: part },
                    );
                    fact(
                        pay_on,
                        EventKind::Payment {
                            amount: amount - part,
                        },
                    );
                } else {
                    fact(pay_on, EventKind::Payment { amount });
                }
                if lateness == 3 && rng.chance(150) {
                    fact(
                        add_days(due, 200),
                        EventKind::WrittenOff {
                            reason: "insolvent".into(),
                        },
                    );
                }
            }
            out_customers.push(customer);
        }
        let book = LadderBook::new(ladders())
            .unwrap_or_else(|_| LadderBook::new(Vec::new()).unwrap_or_else(|_| unreachable_book()));
        SimWorld {
            seed,
            start,
            end,
            customers: out_customers,
            invoices,
            book,
            policy: Policy::default(),
            facts,
        }
    }
}

fn unreachable_book() -> LadderBook {
    // The built-in ladders are valid (tested); this keeps `generate` total.
    LadderBook::new(vec![Ladder::new(
        "standard",
        vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])],
    )])
    .unwrap_or_else(|_| unreachable_book())
}

/// A check of the auditor that failed: the seed reproduces it exactly.
///
/// # Example
/// ```
/// let f = relance::testing::AuditFailure { seed: 9, day: "2025-03-01".parse().unwrap(),
///     check: "money conserved", detail: "INV-1 gap 0.01".into() };
/// assert!(f.to_string().starts_with("seed 9, day 2025-03-01: money conserved"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("seed {seed}, day {day}: {check}: {detail} (reproduce with Campaign::new({seed}))")]
pub struct AuditFailure {
    /// The seed.
    pub seed: u64,
    /// The day played when it failed.
    pub day: NaiveDate,
    /// Which check.
    pub check: &'static str,
    /// What was seen.
    pub detail: String,
}

/// What a campaign did, all checks having passed.
///
/// # Example
/// ```
/// let r = relance::testing::CampaignReport::default();
/// assert_eq!(r.customer_days, 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignReport {
    /// The seed.
    pub seed: u64,
    /// Customers times days played.
    pub customer_days: u64,
    /// Runs of the faulty pass (several per day when faults stopped a run).
    pub runs: u64,
    /// Faults injected into the store.
    pub store_faults: u64,
    /// Faults injected into the delivery.
    pub delivery_faults: u64,
    /// Notices and tasks delivered (once each).
    pub delivered: u64,
    /// Notices delivered, by stage (`amicable`, `formal_notice`, `judicial`).
    pub notices_by_stage: BTreeMap<String, u64>,
    /// Facts recorded.
    pub facts: u64,
    /// Audits run (one after every run, plus the final comparison).
    pub audits: u64,
}

/// A delivery that gives each key a receipt of its own (so a retried delivery records
/// the same event as a first one), counts real sends per key, and checks that what it
/// would print says the deadline the notice carries.
#[derive(Debug, Default)]
struct AuditingDelivery {
    sends: BTreeMap<String, u32>,
    problems: Vec<String>,
    /// Notices sent, by stage.
    stages: BTreeMap<String, u64>,
    /// The deadline each delivered notice line printed, by invoice and step.
    printed: BTreeMap<(InvoiceId, usize, NaiveDate), Option<NaiveDate>>,
}

impl Delivery for AuditingDelivery {
    fn deliver(&mut self, out: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        let key = out.action.key().to_string();
        let reference = format!("rcpt-{key}");
        if self.sends.contains_key(&key) {
            return Ok(Receipt { reference });
        }
        if let Action::Notice(n) = out.action {
            *self.stages.entry(n.stage.as_str().to_string()).or_default() += 1;
            let creditor = Creditor::new(
                "Simulation SARL",
                "RCS Paris 123 456 789",
                "FR7630006000011234567890189",
                "SIM",
            );
            match NoticeContent::build(n, out.customer, &creditor, out.ladder, out.policy) {
                Ok(c) if c.deadline.map(|d| d.date) != n.deadline => self.problems.push(format!(
                    "notice {key} carries deadline {:?} but would print {:?}",
                    n.deadline,
                    c.deadline.map(|d| d.date)
                )),
                Ok(_) => {}
                Err(e) => self
                    .problems
                    .push(format!("notice {key} cannot be built: {e}")),
            }
            for l in &n.lines {
                self.printed
                    .insert((l.invoice.clone(), l.step, l.step_due_on), n.deadline);
                if l.deadline != n.deadline {
                    self.problems.push(format!(
                        "notice {key}: line {} has deadline {:?}, the notice {:?}",
                        l.invoice, l.deadline, n.deadline
                    ));
                }
            }
        }
        self.sends.insert(key, 1);
        Ok(Receipt { reference })
    }
}

/// One campaign: a seed, a size, a fault rate. Plays the seed's [`SimWorld`] twice
/// through stores from `make_store`, once without faults and once with faults injected
/// into the store (unavailability, refusals, crashes after a call) and the delivery
/// (transient failures, lost acknowledgements) at the rate given; a run stopped by a fault
/// is run again the same day, as a restarted job would be. After every run the auditor
/// checks:
/// - **money conserved** per invoice ([`Account::conservation_gap`] is zero) and per
///   customer (what its accounts say was paid is what the facts recorded paid);
/// - **no key delivered twice** (a real send per key at most, a `notice_delivered` per key
///   and invoice at most);
/// - **no step repeated or gone back**: the steps an account reached go strictly up;
/// - **the printed deadline is the recorded one**: what the notice would print, what the
///   notice carries and what its invoices record as their step's deadline agree;
/// - **no planned action lost**: every key ever pending is, at the end, executed or still
///   pending;
///
/// and at the end, **the final state equals the fault-free run's**: every account's
/// history and the keys delivered.
///
/// # Example
/// ```
/// use relance::memory::MemoryStore;
/// use relance::testing::Campaign;
/// let report = Campaign::new(3).customers(4).days(120).run(|customers, invoices| {
///     let mut s = MemoryStore::new();
///     for c in customers { s.add_customer(c.clone()); }
///     for i in invoices { s.add_invoice(i.clone()).expect("valid"); }
///     s
/// }).unwrap();
/// assert_eq!(report.customer_days, 4 * 120);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Campaign {
    seed: u64,
    customers: usize,
    days: u32,
    faults_per_mille: u32,
}

impl Campaign {
    /// A campaign for `seed`: 8 customers over a year from 2025-01-01, 40 faults per
    /// thousand calls.
    ///
    /// # Example
    /// ```
    /// let c = relance::testing::Campaign::new(1);
    /// assert_eq!(c, relance::testing::Campaign::new(1));
    /// ```
    pub fn new(seed: u64) -> Campaign {
        Campaign {
            seed,
            customers: 8,
            days: 365,
            faults_per_mille: 40,
        }
    }

    /// How many customers (at most 1,000).
    ///
    /// # Example
    /// ```
    /// let _ = relance::testing::Campaign::new(1).customers(3);
    /// ```
    pub fn customers(mut self, n: usize) -> Campaign {
        self.customers = n.min(MAX_CUSTOMERS);
        self
    }

    /// How many days (at most 3,660).
    ///
    /// # Example
    /// ```
    /// let _ = relance::testing::Campaign::new(1).days(30);
    /// ```
    pub fn days(mut self, n: u32) -> Campaign {
        self.days = n.clamp(1, MAX_DAYS);
        self
    }

    /// Faults per thousand calls (0: the faulty pass is fault-free too).
    ///
    /// # Example
    /// ```
    /// let _ = relance::testing::Campaign::new(1).faults_per_mille(100);
    /// ```
    pub fn faults_per_mille(mut self, n: u32) -> Campaign {
        self.faults_per_mille = n.min(1000);
        self
    }

    /// The world this campaign plays.
    ///
    /// # Example
    /// ```
    /// let c = relance::testing::Campaign::new(5).customers(2);
    /// assert_eq!(c.world().customers.len(), 2);
    /// ```
    pub fn world(&self) -> SimWorld {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(NaiveDate::MIN);
        SimWorld::generate(self.seed, self.customers, start, self.days)
    }

    /// Plays the campaign through stores `make_store` builds holding the given customers
    /// and invoices.
    ///
    /// # Errors
    /// The first [`AuditFailure`].
    ///
    /// # Example
    /// See [`Campaign`].
    pub fn run<S, F>(&self, mut make_store: F) -> Result<CampaignReport, AuditFailure>
    where
        S: Store,
        F: FnMut(&[Customer], &[Invoice]) -> S,
    {
        let world = self.world();
        let fail = |day, check, detail| AuditFailure {
            seed: self.seed,
            day,
            check,
            detail,
        };
        let dunning = Dunning::new(world.book.clone(), world.policy.clone())
            .map_err(|e| fail(world.start, "set-up", e.to_string()))?;
        let mut report = CampaignReport {
            seed: self.seed,
            customer_days: u64::try_from(world.customers.len()).unwrap_or(0) * u64::from(self.days),
            ..CampaignReport::default()
        };

        // The fault-free pass.
        let mut clean = Pass::new(
            make_store(&world.customers, &world.invoices),
            FaultPlan::none(),
            FaultPlan::none(),
        );
        // The faulty pass: different seeds for the store's and the delivery's faults.
        let store_kinds = [Fault::Unavailable, Fault::Rejected, Fault::CrashAfter];
        let delivery_kinds = [Fault::Transient, Fault::LostAck];
        let mut faulty = Pass::new(
            make_store(&world.customers, &world.invoices),
            FaultPlan::none().random(self.seed ^ 0x5354_4f52, self.faults_per_mille, &store_kinds),
            FaultPlan::none().random(
                self.seed ^ 0x4445_4c56,
                self.faults_per_mille,
                &delivery_kinds,
            ),
        );
        let mut day = world.start;
        while day <= world.end {
            let facts = world.facts.get(&day).map(Vec::as_slice).unwrap_or(&[]);
            clean
                .day(&dunning, day, facts, &world, &mut report, false)
                .map_err(|(check, detail)| {
                    fail(day, check, format!("fault-free pass: {detail}"))
                })?;
            faulty
                .day(&dunning, day, facts, &world, &mut report, true)
                .map_err(|(check, detail)| fail(day, check, detail))?;
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        faulty
            .compare(&mut clean, &world)
            .map_err(|(check, detail)| fail(world.end, check, detail))?;
        report.audits += 1;
        report.store_faults = u64::try_from(faulty.store.injected().len()).unwrap_or(0);
        report.delivery_faults = u64::try_from(faulty.delivery.injected().len()).unwrap_or(0);
        report.delivered = u64::try_from(faulty.delivery.inner().sends.len()).unwrap_or(0);
        report.notices_by_stage = faulty.delivery.inner().stages.clone();
        Ok(report)
    }
}

/// The delivery outcomes of a history (sorted by date, then content) and the rest, in order.
fn split_outcomes(history: &[crate::event::Event]) -> (Vec<String>, Vec<&crate::event::Event>) {
    let mut outcomes = Vec::new();
    let mut rest = Vec::new();
    for e in history {
        match e.kind {
            EventKind::NoticeDelivered { .. } | EventKind::DeliveryFailed { .. } => {
                outcomes.push(format!("{} {:?}", e.on, e.kind));
            }
            _ => rest.push(e),
        }
    }
    outcomes.sort();
    (outcomes, rest)
}

type Audit = Result<(), (&'static str, String)>;

struct Pass<S> {
    store: FaultyStore<S>,
    delivery: FaultyDelivery<AuditingDelivery>,
    /// The plans put aside while faults are switched off.
    paused: Option<(FaultPlan, FaultPlan)>,
    /// Keys ever seen pending.
    seen_pending: BTreeSet<String>,
    /// What the facts recorded as paid, per customer and currency.
    paid: BTreeMap<CustomerId, Decimal>,
}

impl<S: Store> Pass<S> {
    fn new(store: S, store_plan: FaultPlan, delivery_plan: FaultPlan) -> Pass<S> {
        Pass {
            store: FaultyStore::new(store, store_plan),
            delivery: FaultyDelivery::new(AuditingDelivery::default(), delivery_plan),
            paused: None,
            seen_pending: BTreeSet::new(),
            paid: BTreeMap::new(),
        }
    }

    fn faults(&self) -> usize {
        self.store.injected().len() + self.delivery.injected().len()
    }

    fn quiet(&mut self, quiet: bool) {
        if quiet {
            if self.paused.is_none() {
                let s = self.store.set_plan(FaultPlan::none());
                let d = self.delivery.set_plan(FaultPlan::none());
                self.paused = Some((s, d));
            }
        } else if let Some((s, d)) = self.paused.take() {
            self.store.set_plan(s);
            self.delivery.set_plan(d);
        }
    }

    /// Records the day's facts and runs the day, again while faults got in the way.
    fn day(
        &mut self,
        dunning: &Dunning,
        day: NaiveDate,
        facts: &[Fact],
        world: &SimWorld,
        report: &mut CampaignReport,
        faulty: bool,
    ) -> Audit {
        let mut attempt = 0u32;
        loop {
            let before = self.faults();
            let recorded = dunning.record(&mut self.store, facts);
            let clean = self.faults() == before;
            if let (Ok(r), true) = (&recorded, clean) {
                // Recorded now or by an attempt a fault interrupted: either way, once.
                for (f, fact) in r.facts.iter().zip(facts) {
                    let kept = matches!(f.result, FactResult::Recorded | FactResult::Duplicate);
                    if !kept {
                        continue;
                    }
                    report.facts += u64::from(faulty);
                    if let EventKind::Payment { amount } = fact.event().kind {
                        if let Some(i) =
                            world.invoices.iter().find(|i| i.id == fact.event().invoice)
                        {
                            *self.paid.entry(i.customer.clone()).or_default() += amount;
                        }
                    }
                }
                break;
            }
            attempt += 1;
            if attempt >= MAX_FAULTY_ATTEMPTS {
                self.quiet(true);
            }
            if attempt > MAX_FAULTY_ATTEMPTS + 1 {
                return Err((
                    "facts recorded",
                    format!("record keeps failing: {recorded:?}"),
                ));
            }
        }
        self.quiet(false);
        let mut attempt = 0u32;
        loop {
            let before = self.faults();
            let result = dunning.run(day, &mut self.store, &mut self.delivery, RunOptions::new());
            report.runs += u64::from(faulty);
            self.audit(world)?;
            report.audits += 1;
            if result.is_ok() && self.faults() == before {
                self.audit_nothing_lost(world)?;
                break;
            }
            attempt += 1;
            if attempt >= MAX_FAULTY_ATTEMPTS {
                self.quiet(true);
            }
            if attempt > MAX_FAULTY_ATTEMPTS + 1 {
                return Err((
                    "the day completes",
                    format!("run keeps failing: {result:?}"),
                ));
            }
        }
        self.quiet(false);
        Ok(())
    }

    fn accounts(&mut self, world: &SimWorld) -> Result<Vec<Account>, (&'static str, String)> {
        let ids: Vec<InvoiceId> = world.invoices.iter().map(|i| i.id.clone()).collect();
        self.store
            .inner_mut()
            .accounts(&ids)
            .map_err(|e| ("store readable", e.to_string()))
    }

    fn audit(&mut self, world: &SimWorld) -> Audit {
        if let Some(p) = self.delivery.inner().problems.first() {
            return Err(("the printed deadline is the recorded one", p.clone()));
        }
        for a in self
            .store
            .inner_mut()
            .pending()
            .map_err(|e| ("store readable", e.to_string()))?
        {
            self.seen_pending.insert(a.key().to_string());
        }
        let accounts = self.accounts(world)?;
        let mut paid: BTreeMap<CustomerId, Decimal> = BTreeMap::new();
        let mut delivered_keys: BTreeSet<(String, InvoiceId)> = BTreeSet::new();
        for a in &accounts {
            let id = &a.invoice().id;
            match a.conservation_gap() {
                Ok(g) if g.is_zero() => {}
                other => return Err(("money conserved", format!("{id}: gap {other:?}"))),
            }
            *paid.entry(a.invoice().customer.clone()).or_default() += a.paid().amount;
            let mut last_step: Option<usize> = None;
            for e in a.history() {
                match &e.kind {
                    EventKind::StepReached {
                        step,
                        deadline,
                        due_on,
                        ..
                    } => {
                        if last_step.is_some_and(|l| *step <= l) {
                            return Err((
                                "no step repeated or gone back",
                                format!("{id}: step {step} after step {last_step:?}"),
                            ));
                        }
                        last_step = Some(*step);
                        let printed =
                            self.delivery
                                .inner()
                                .printed
                                .get(&(id.clone(), *step, *due_on));
                        if let Some(p) = printed {
                            if p != deadline {
                                return Err((
                                    "the printed deadline is the recorded one",
                                    format!(
                                        "{id} step {step}: recorded {deadline:?}, printed {p:?}"
                                    ),
                                ));
                            }
                        }
                    }
                    EventKind::NoticeDelivered { key, .. }
                        if !delivered_keys.insert((key.clone(), id.clone())) =>
                    {
                        return Err((
                            "no key delivered twice",
                            format!("{id}: {key} recorded twice"),
                        ));
                    }
                    EventKind::DisputeResolved { upheld: true } => last_step = None,
                    _ => {}
                }
            }
        }
        for (c, amount) in &self.paid {
            let got = paid.get(c).copied().unwrap_or_default();
            if got != *amount {
                return Err((
                    "money conserved",
                    format!("customer {c}: facts paid {amount}, accounts say {got}"),
                ));
            }
        }
        for (key, n) in &self.delivery.inner().sends {
            if *n > 1 {
                return Err(("no key delivered twice", format!("{key} sent {n} times")));
            }
        }
        // The deadline each line printed is the one its invoice recorded for that step.
        Ok(())
    }

    /// After a run that met no fault: every step an account reached has its notice
    /// delivered, failed or cancelled, or still in the outbox.
    fn audit_nothing_lost(&mut self, world: &SimWorld) -> Audit {
        let pending = self
            .store
            .inner_mut()
            .pending()
            .map_err(|e| ("store readable", e.to_string()))?;
        let mut covered: BTreeSet<(InvoiceId, usize)> = BTreeSet::new();
        for a in &pending {
            match a {
                Action::Notice(n) => {
                    covered.extend(n.lines.iter().map(|l| (l.invoice.clone(), l.step)));
                }
                other => {
                    for i in other.invoices() {
                        covered.extend((0..64).map(|s| (i.clone(), s)));
                    }
                }
            }
        }
        for a in self.accounts(world)? {
            let id = &a.invoice().id;
            let mut open: Option<usize> = None;
            for e in a.history() {
                match &e.kind {
                    EventKind::StepReached { step, .. } => open = Some(*step),
                    EventKind::NoticeDelivered { .. }
                    | EventKind::DeliveryFailed { .. }
                    | EventKind::NoticeCancelled { .. } => open = None,
                    _ => {}
                }
            }
            if let Some(step) = open {
                if !covered.contains(&(id.clone(), step)) {
                    return Err((
                        "no planned action lost",
                        format!(
                            "{id} reached step {step}: no delivery, failure or cancellation recorded and nothing pending"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, clean: &mut Pass<S>, world: &SimWorld) -> Audit {
        let pending: BTreeSet<String> = self
            .store
            .inner_mut()
            .pending()
            .map_err(|e| ("store readable", e.to_string()))?
            .iter()
            .map(|a| a.key().to_string())
            .collect();
        for key in &self.seen_pending {
            let parsed = key
                .parse()
                .map_err(|e| ("no planned action lost", format!("{key}: {e}")))?;
            let executed = self
                .store
                .inner_mut()
                .is_executed(&parsed)
                .map_err(|e| ("store readable", e.to_string()))?;
            if !executed && !pending.contains(key) {
                return Err((
                    "no planned action lost",
                    format!("{key} was pending and vanished"),
                ));
            }
        }
        let same = "the final state equals the fault-free run's";
        let mine = self.accounts(world)?;
        let theirs = clean.accounts(world)?;
        for (a, b) in mine.iter().zip(&theirs) {
            // Deliveries retried after a fault may land in another order on the same day
            // (the e-mail of a step after its SMS): compare them as a set per day, and
            // everything else in order.
            let (mine_out, mine_rest) = split_outcomes(a.history());
            let (their_out, their_rest) = split_outcomes(b.history());
            if mine_rest != their_rest || mine_out != their_out {
                let at = mine_rest
                    .iter()
                    .zip(&their_rest)
                    .position(|(x, y)| x != y)
                    .unwrap_or(mine_rest.len().min(their_rest.len()));
                return Err((
                    same,
                    format!(
                        "{}: histories differ (event {at} apart from deliveries: {:?} vs fault-free {:?}; deliveries {:?} vs {:?})",
                        a.invoice().id,
                        mine_rest.get(at),
                        their_rest.get(at),
                        mine_out,
                        their_out
                    ),
                ));
            }
        }
        if mine.len() != theirs.len() {
            return Err((same, format!("{} accounts vs {}", mine.len(), theirs.len())));
        }
        let theirs_sent: BTreeSet<&String> = clean.delivery.inner().sends.keys().collect();
        let mine_sent: BTreeSet<&String> = self.delivery.inner().sends.keys().collect();
        if theirs_sent != mine_sent {
            let missing: Vec<_> = theirs_sent.difference(&mine_sent).collect();
            let extra: Vec<_> = mine_sent.difference(&theirs_sent).collect();
            return Err((
                same,
                format!("keys delivered differ: missing {missing:?}, extra {extra:?}"),
            ));
        }
        Ok(())
    }
}
