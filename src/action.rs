//! Actions a dunning run proposes: grouped notices, approval requests, credit holds and
//! dispute reviews. Each has a stable idempotency key and knows the events that record it.

use crate::event::{Event, EventKind};
use crate::ids::{CustomerId, InvoiceId};
use crate::imputation::Imputation;
use crate::ladder::{Channel, Stage};
use crate::money::Money;
use crate::penalties::InvoicePenalties;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// A stable identifier of an action: the same inputs always give the same key, and the
/// host's [`Delivery`](crate::Delivery) uses it to never send the same notice twice.
///
/// `kind-customer-hash`, the hash a 128-bit FNV-1a over every part, so two different
/// actions colliding is out of reach even over billions of keys. Built by the planner;
/// a host reads one back from its store with [`str::parse`] or serde.
///
/// ```
/// let k = relance::IdempotencyKey::from_parts("notice", "C-1", &["INV-1:0"]);
/// assert_eq!(k, relance::IdempotencyKey::from_parts("notice", "C-1", &["INV-1:0"]));
/// assert_ne!(k, relance::IdempotencyKey::from_parts("notice", "C-1", &["INV-1:1"]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

/// A string that is not an idempotency key relance made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an idempotency key (kind-customer-<32 hex digits>)")]
pub struct KeyError {
    /// The string given.
    pub value: String,
}

impl IdempotencyKey {
    /// The longest key accepted back from a store.
    pub const MAX_LEN: usize = 512;

    /// A key `kind-customer-hash`, the hash (128-bit FNV-1a) covering every part.
    ///
    /// # Example
    /// ```
    /// use relance::IdempotencyKey;
    /// let k = IdempotencyKey::from_parts("notice", "C-1", &["INV-1:0"]);
    /// assert!(k.as_str().starts_with("notice-C-1-"));
    /// assert_eq!(k.as_str().len(), "notice-C-1-".len() + 32);
    /// // Parts are hashed apart: moving a character from one part to the next changes the key.
    /// assert_ne!(IdempotencyKey::from_parts("notice", "C-1", &["INV-1", ":0"]), k);
    /// ```
    pub fn from_parts(kind: &str, customer: &str, parts: &[&str]) -> IdempotencyKey {
        const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
        let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
        let mut eat = |bytes: &[u8]| {
            for b in bytes {
                h ^= u128::from(*b);
                h = h.wrapping_mul(PRIME);
            }
            // A separator no part can forge.
            h ^= 0xff;
            h = h.wrapping_mul(PRIME);
        };
        eat(kind.as_bytes());
        eat(customer.as_bytes());
        for p in parts {
            eat(p.as_bytes());
        }
        IdempotencyKey(format!("{kind}-{customer}-{h:032x}"))
    }

    /// The key as a string.
    ///
    /// # Example
    /// ```
    /// let key = relance::IdempotencyKey::from_parts("notice", "C-1", &[]);
    /// assert!(key.as_str().starts_with("notice-C-1-"));
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for IdempotencyKey {
    type Err = KeyError;
    /// A key read back from a store: `kind-customer-` and 32 lowercase hex digits.
    ///
    /// ```
    /// use relance::IdempotencyKey;
    /// let k = IdempotencyKey::from_parts("notice", "C-1", &["x"]);
    /// assert_eq!(k.as_str().parse::<IdempotencyKey>().unwrap(), k);
    /// assert!("notice-sample".parse::<IdempotencyKey>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<IdempotencyKey, KeyError> {
        let bad = || KeyError {
            value: s.chars().take(80).collect(),
        };
        if s.len() > IdempotencyKey::MAX_LEN {
            return Err(bad());
        }
        let (head, hash) = s.rsplit_once('-').ok_or_else(bad)?;
        let hex = hash.len() == 32
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex || head.is_empty() || s.chars().any(char::is_control) {
            return Err(bad());
        }
        Ok(IdempotencyKey(s.to_string()))
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = KeyError;
    fn try_from(s: String) -> Result<IdempotencyKey, KeyError> {
        s.parse()
    }
}

impl From<IdempotencyKey> for String {
    fn from(k: IdempotencyKey) -> String {
        k.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One invoice in a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    /// The invoice.
    pub invoice: InvoiceId,
    /// Its printed number.
    pub number: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date of the oldest unpaid instalment.
    pub due_date: NaiveDate,
    /// Invoiced total.
    pub original: Decimal,
    /// Still outstanding (all instalments).
    pub outstanding: Decimal,
    /// Outstanding on instalments due by the notice date (what is claimed now).
    pub amount_due: Decimal,
    /// Days the oldest unpaid instalment is overdue.
    pub days_overdue: i64,
    /// The step this invoice reaches.
    pub step: usize,
    /// That step's name.
    pub step_name: String,
    /// That step's stage.
    pub stage: Stage,
    /// The date the step was due (may be before the run date after a missed run).
    pub step_due_on: NaiveDate,
    /// Fee charged for this invoice by this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Decimal>,
    /// Deadline given to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// Steps the invoice reached before this one over its whole history (restarts after
    /// an upheld dispute included), part of the key.
    pub sequence: usize,
    /// Late-payment interest and compensation on the notice date, with the breakdown of
    /// each overdue instalment, when the policy has rate tables and the step claims
    /// penalties ([`Ladder::claims_penalties`](crate::Ladder::claims_penalties)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalties: Option<InvoicePenalties>,
    /// Fees of earlier steps still unpaid: a notice claims every unpaid fee, not only its
    /// own ([`Account::fees`](crate::Account::fees)).
    #[serde(default)]
    pub earlier_fees: Decimal,
    /// Late-payment interest claimed: all interest claimed up to the notice date less what
    /// payments paid of it or the creditor waived.
    #[serde(default)]
    pub interest: Decimal,
    /// Fixed compensation claimed, less what was paid or waived.
    #[serde(default)]
    pub compensation: Decimal,
    /// Everything the line claims: `amount_due + earlier_fees + fee + interest +
    /// compensation`. Paying it settles the invoice (when nothing falls due later).
    #[serde(default)]
    pub total_claimed: Decimal,
    /// The accessories recorded on the account with the step (cumulative interest and
    /// compensation, the imputation rule and the waiver), when the line claims any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessories: Option<AccessoriesClaim>,
    /// The last day the claim may be brought to court ([`Limitation`](crate::Limitation)),
    /// when the customer's law is known and no proceedings run: for notices and dossiers
    /// to print.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation_date: Option<NaiveDate>,
}

impl NoticeLine {
    /// The fees the line claims: this step's and the earlier ones still unpaid.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec!(10.00))])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
    /// let plan = Dunning::new(book, Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio);
    /// let Action::Notice(n) = &plan.actions[0] else { panic!() };
    /// assert_eq!(n.lines[0].fees(), dec!(10.00));
    /// assert_eq!(n.lines[0].total_claimed, dec!(110.00));
    /// ```
    pub fn fees(&self) -> Decimal {
        self.earlier_fees
            .saturating_add(self.fee.unwrap_or_default())
    }
}

/// What a notice line claims beyond the principal, recorded on the account with the step
/// as [`EventKind::AccessoriesClaimed`].
///
/// ```
/// use relance::{AccessoriesClaim, Imputation};
/// let c = AccessoriesClaim { interest: "25.67".parse().unwrap(),
///     compensation: "40.00".parse().unwrap(), imputation: Imputation::CodeCivil1343_1,
///     waive_on_principal_paid: false, interest_paid: "0".parse().unwrap() };
/// assert_eq!(serde_json::to_value(&c).unwrap()["imputation"], "code-civil-1343-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessoriesClaim {
    /// All interest claimed up to the notice date (cumulative).
    pub interest: Decimal,
    /// All fixed compensation claimed (cumulative).
    pub compensation: Decimal,
    /// The customer's imputation rule.
    pub imputation: Imputation,
    /// The policy's [`waive_accessories_on_principal_paid`](crate::Policy::waive_accessories_on_principal_paid).
    #[serde(default)]
    pub waive_on_principal_paid: bool,
    /// What payments already paid of the interest under the law's imputation (see
    /// [`EventKind::AccessoriesClaimed`]); serde default 0.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub interest_paid: Decimal,
}

/// The sums of notice lines: amount due, fees, interest, compensation, total claimed.
pub(crate) fn line_totals(lines: &[NoticeLine]) -> Result<[Decimal; 5], crate::MoneyError> {
    use crate::money::checked_add;
    let mut t = [Decimal::ZERO; 5];
    for l in lines {
        let parts = [
            l.amount_due,
            checked_add(l.earlier_fees, l.fee.unwrap_or_default())?,
            l.interest,
            l.compensation,
            l.total_claimed,
        ];
        for (sum, part) in t.iter_mut().zip(parts) {
            *sum = checked_add(*sum, part)?;
        }
    }
    Ok(t)
}

/// One grouped notice for a customer on one channel, listing every invoice that reached a
/// step in this run, at the highest step among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Idempotency key.
    pub key: IdempotencyKey,
    /// The debtor.
    pub customer: CustomerId,
    /// Channel.
    pub channel: Channel,
    /// The date of the run.
    pub as_of: NaiveDate,
    /// The highest step among the lines.
    pub step: usize,
    /// Its name.
    pub step_name: String,
    /// Its stage.
    pub stage: Stage,
    /// The invoices, by invoice id.
    pub lines: Vec<NoticeLine>,
    /// Sum of the lines' amounts due.
    pub amount_due: Money,
    /// Sum of the fees the lines claim: their steps' and the earlier ones still unpaid.
    pub fees: Money,
    /// Late-payment interest the lines claim (zero without rate tables).
    pub interest: Money,
    /// Fixed compensation for recovery costs the lines claim.
    pub fixed_compensation: Money,
    /// Everything claimed: amount due + fees + interest + fixed compensation, the sum of
    /// the lines' [`total_claimed`](NoticeLine::total_claimed).
    pub total_claimable: Money,
    /// The deadline given, if any (the latest among the lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
}

impl Notice {
    /// The same notice listing only `lines` (a subset of its own), its totals and
    /// deadline summed again. The key, channel, date and step stay: it is the same entry,
    /// narrowed to what is still true when it leaves the outbox.
    ///
    /// # Errors
    /// [`MoneyError`](crate::MoneyError) if the totals overflow (never for lines the
    /// notice already added up).
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let open = |id: &str, amount| Account::open(Invoice::single(id, id, "C-1", Currency::EUR,
    /// #     d("2025-01-01"), amount, d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![open("INV-1", dec!(100)), open("INV-2", dec!(50))] }];
    /// # let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let Action::Notice(n) = dunning.plan(d("2025-02-07"), &portfolio).actions.remove(0) else { panic!() };
    /// assert_eq!(n.amount_due.to_string(), "150.00 EUR");
    /// let only_second = n.with_lines(vec![n.lines[1].clone()]).unwrap();
    /// assert_eq!(only_second.amount_due.to_string(), "50.00 EUR");
    /// assert_eq!(only_second.key, n.key);
    /// ```
    pub fn with_lines(&self, lines: Vec<NoticeLine>) -> Result<Notice, crate::MoneyError> {
        let currency = self.amount_due.currency;
        let [amount_due, fees, interest, compensation, total] = line_totals(&lines)?;
        Ok(Notice {
            deadline: lines.iter().filter_map(|l| l.deadline).max(),
            lines,
            amount_due: Money::new(amount_due, currency),
            fees: Money::new(fees, currency),
            interest: Money::new(interest, currency),
            fixed_compensation: Money::new(compensation, currency),
            total_claimable: Money::new(total, currency),
            ..self.clone()
        })
    }
}

/// A step that needs a person's approval before it goes out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequest {
    /// Idempotency key.
    pub key: IdempotencyKey,
    /// The debtor.
    pub customer: CustomerId,
    /// The date of the run.
    pub as_of: NaiveDate,
    /// Step, name and stage waiting for approval, per invoice.
    pub lines: Vec<ApprovalLine>,
}

/// One invoice waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalLine {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The step.
    pub step: usize,
    /// Its name.
    pub step_name: String,
    /// Its stage.
    pub stage: Stage,
    /// When it was due.
    pub due_on: NaiveDate,
    /// Amount due.
    pub amount_due: Money,
}

/// Put the customer's credit on hold (a step that blocks credit was reached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditHold {
    /// Idempotency key.
    pub key: IdempotencyKey,
    /// The customer.
    pub customer: CustomerId,
    /// The date of the run.
    pub as_of: NaiveDate,
    /// The invoices whose step blocks credit.
    pub invoices: Vec<InvoiceId>,
    /// Why, for the credit manager.
    pub reason: String,
}

/// A dispute has reached its review date: a person must look at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeReview {
    /// Idempotency key.
    pub key: IdempotencyKey,
    /// The customer.
    pub customer: CustomerId,
    /// The date of the run.
    pub as_of: NaiveDate,
    /// The disputed invoice.
    pub invoice: InvoiceId,
    /// The dispute's reason.
    pub reason: String,
    /// The review date.
    pub review_on: NaiveDate,
}

/// Something a run asks the host to do. The host may drop or edit actions before
/// executing them.
///
/// ```
/// use relance::Action;
/// fn describe(a: &Action) -> String { format!("{} for {}", a.kind(), a.customer()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[must_use = "actions are work the host must execute or drop"]
pub enum Action {
    /// Send a notice to the customer.
    Notice(Notice),
    /// Ask a person to approve a step.
    ApprovalRequest(ApprovalRequest),
    /// Put the customer's credit on hold.
    CreditHold(CreditHold),
    /// Ask a person to review a dispute.
    DisputeReview(DisputeReview),
}

impl Action {
    /// The idempotency key.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let open = |id: &str| Account::open(Invoice::single(id, id, "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![open("INV-1")] }];
    /// // C-1 owes INV-1, due 31 January; the ladder's reminder comes 7 days later.
    /// let dunning = Dunning::new(book, Policy::default()).unwrap();
    /// let notice = dunning.plan(d("2025-02-07"), &portfolio).actions.remove(0);
    /// assert!(notice.key().as_str().starts_with("notice-email-EUR-C-1-"));
    /// // A run the next day plans the same notice with the same key, so it is never sent twice.
    /// assert_eq!(dunning.plan(d("2025-02-08"), &portfolio).actions[0].key(), notice.key());
    /// ```
    pub fn key(&self) -> &IdempotencyKey {
        match self {
            Action::Notice(n) => &n.key,
            Action::ApprovalRequest(a) => &a.key,
            Action::CreditHold(c) => &c.key,
            Action::DisputeReview(d) => &d.key,
        }
    }

    /// The customer concerned.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let review = Action::DisputeReview(DisputeReview {
    ///     key: IdempotencyKey::from_parts("review", "C-1", &["1"]), customer: "C-1".into(),
    ///     as_of: d("2025-03-03"), invoice: "INV-1".into(), reason: "goods damaged".into(),
    ///     review_on: d("2025-03-03") });
    /// assert_eq!(review.customer().as_str(), "C-1");
    /// ```
    pub fn customer(&self) -> &CustomerId {
        match self {
            Action::Notice(n) => &n.customer,
            Action::ApprovalRequest(a) => &a.customer,
            Action::CreditHold(c) => &c.customer,
            Action::DisputeReview(d) => &d.customer,
        }
    }

    /// `"notice"`, `"approval_request"`, `"credit_hold"` or `"dispute_review"`.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
    /// // A reminder that blocks credit: the notice, and a credit hold for the credit manager.
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_credit_block();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![step])]).unwrap();
    /// let kinds: Vec<_> = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio).actions.iter()
    ///     .map(|a| a.kind()).collect();
    /// assert_eq!(kinds, ["notice", "credit_hold"]);
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Notice(_) => "notice",
            Action::ApprovalRequest(_) => "approval_request",
            Action::CreditHold(_) => "credit_hold",
            Action::DisputeReview(_) => "dispute_review",
        }
    }

    /// The invoices the action concerns.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let open = |id: &str| Account::open(Invoice::single(id, id, "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let accounts = vec![open("INV-1"), open("INV-2")];
    /// # let portfolio = [CustomerAccounts { customer, accounts }];
    /// // C-1 owes INV-1 and INV-2, both due 31 January: one notice lists both.
    /// let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio);
    /// assert_eq!(p.actions.len(), 1);
    /// let ids: Vec<&str> = p.actions[0].invoices().iter().map(|i| i.as_str()).collect();
    /// assert_eq!(ids, ["INV-1", "INV-2"]);
    /// ```
    pub fn invoices(&self) -> Vec<&InvoiceId> {
        match self {
            Action::Notice(n) => n.lines.iter().map(|l| &l.invoice).collect(),
            Action::ApprovalRequest(a) => a.lines.iter().map(|l| &l.invoice).collect(),
            Action::CreditHold(c) => c.invoices.iter().collect(),
            Action::DisputeReview(d) => vec![&d.invoice],
        }
    }

    /// The events that record this action on the accounts when it is executed.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("ap@acme.example".into());
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc.clone()] }];
    /// // INV-1 is due 31 January; the ladder's reminder comes 7 days later, on a late run.
    /// let notice = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-10"), &portfolio).actions.remove(0);
    /// let events = notice.events();
    /// assert_eq!((events[0].on, events[0].kind.name()), (d("2025-02-10"), "step_reached"));
    /// acc.apply(&events[0]).unwrap();
    /// assert_eq!(acc.position().map(|r| r.due_on), Some(d("2025-02-07")));
    /// ```
    pub fn events(&self) -> Vec<Event> {
        match self {
            Action::Notice(n) => n
                .lines
                .iter()
                .flat_map(|l| {
                    let step = Event::new(
                        &l.invoice,
                        n.as_of,
                        EventKind::StepReached {
                            step: l.step,
                            name: l.step_name.clone(),
                            stage: l.stage,
                            due_on: l.step_due_on,
                            fee: l.fee,
                            deadline: l.deadline,
                        },
                    );
                    // The accessories the notice claims, recorded with the step.
                    let claimed = l.accessories.as_ref().map(|a| {
                        Event::new(
                            &l.invoice,
                            n.as_of,
                            EventKind::AccessoriesClaimed {
                                interest: a.interest,
                                compensation: a.compensation,
                                imputation: a.imputation,
                                waive_on_principal_paid: a.waive_on_principal_paid,
                                interest_paid: a.interest_paid,
                            },
                        )
                    });
                    std::iter::once(step).chain(claimed)
                })
                .collect(),
            Action::ApprovalRequest(a) => a
                .lines
                .iter()
                .map(|l| {
                    Event::new(
                        &l.invoice,
                        a.as_of,
                        EventKind::ApprovalRequested {
                            step: l.step,
                            due_on: l.due_on,
                        },
                    )
                })
                .collect(),
            Action::CreditHold(_) => Vec::new(),
            Action::DisputeReview(d) => vec![Event::new(
                &d.invoice,
                d.as_of,
                EventKind::DisputeReviewRequested,
            )],
        }
    }
}

/// The events that record a set of executed actions, each once (a step reached by an
/// invoice appears in one notice per channel but is recorded once), in action order.
///
/// # Example
/// ```
/// let events = relance::execute(&[]);
/// assert!(events.is_empty());
/// ```
pub fn execute(actions: &[Action]) -> Vec<Event> {
    let mut seen: HashSet<(InvoiceId, &'static str)> = HashSet::new();
    let mut out: Vec<Event> = Vec::new();
    for a in actions {
        for e in a.events() {
            // One transition per invoice per run: the first action carrying it wins.
            if seen.insert((e.invoice.clone(), e.kind.name())) {
                out.push(e);
            }
        }
    }
    out
}
