//! Escalation ladders: ordered steps from courteous reminders to a formal notice to legal (see the docs of `Ladder`).

use crate::customer::{Customer, CustomerKind};
use crate::jurisdiction::Country;
use crate::money::{Currency, Money, checked_mul};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::delivery_channel::Channel;
pub use crate::ids::LadderId;

/// How far a dunning process has escalated. Ordered: amicable < formal notice < judicial.
///
/// ```
/// use relance::Stage;
/// assert!(Stage::Amicable < Stage::FormalNotice && Stage::FormalNotice < Stage::Judicial);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Friendly reminders (relance amiable).
    Amicable,
    /// Formal notice (mise en demeure, Mahnung with a deadline, letter before action).
    FormalNotice,
    /// Legal action or hand-over (procédure judiciaire, collection agency).
    Judicial,
}

impl Stage {
    /// The snake_case name used in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::Stage::FormalNotice.as_str(), "formal_notice");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Amicable => "amicable",
            Stage::FormalNotice => "formal_notice",
            Stage::Judicial => "judicial",
        }
    }
}

/// The minimum overdue amount for a step: one amount for every currency, or one per
/// currency code (a currency without an entry has no minimum).
///
/// ```
/// use relance::MinAmount;
/// let any: MinAmount = serde_json::from_str("\"25.00\"").unwrap();
/// let per: MinAmount = serde_json::from_str(r#"{"EUR": "25", "GBP": "20"}"#).unwrap();
/// assert_eq!(any.for_currency(relance::Currency::USD).unwrap().to_string(), "25.00");
/// assert!(per.for_currency(relance::Currency::USD).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MinAmount {
    /// The same amount whatever the currency.
    Any(Decimal),
    /// An amount per ISO 4217 code.
    PerCurrency(BTreeMap<String, Decimal>),
}

impl MinAmount {
    /// The minimum for a currency, if any.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, MinAmount};
    /// use rust_decimal_macros::dec;
    /// let per: MinAmount = serde_json::from_str(r#"{"EUR": "25.00", "JPY": "3000"}"#).unwrap();
    /// assert_eq!(per.for_currency(Currency::JPY), Some(dec!(3000)));
    /// assert_eq!(per.for_currency(Currency::GBP), None); // no entry: no minimum
    /// assert_eq!(MinAmount::Any(dec!(10)).for_currency(Currency::GBP), Some(dec!(10)));
    /// ```
    pub fn for_currency(&self, currency: Currency) -> Option<Decimal> {
        match self {
            MinAmount::Any(a) => Some(*a),
            MinAmount::PerCurrency(m) => m.get(currency.code()).copied(),
        }
    }
}

/// One rung of a ladder.
///
/// # Example
/// ```
/// use relance::{Step, Stage, Channel};
/// let s: Step = serde_json::from_str(r#"{"name": "first reminder", "stage": "amicable",
///     "offset_days": 7, "channels": ["email"]}"#).unwrap();
/// assert_eq!(s.min_days_since_previous, 0);
/// assert_eq!(s.stage, Stage::Amicable);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Step {
    /// Name shown to people and in notices, unique within the ladder.
    pub name: String,
    /// Amicable, formal notice or judicial.
    pub stage: Stage,
    /// Days after the due date when the step becomes due (negative: before the due date).
    pub offset_days: i32,
    /// Minimum days since the previous notice of this invoice was issued.
    #[serde(default)]
    pub min_days_since_previous: u32,
    /// Minimum overdue amount for the step to fire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<MinAmount>,
    /// Minimum overdue share of the invoice total, between 0 and 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share: Option<Decimal>,
    /// Channels the notice goes out on (at least one).
    pub channels: Vec<Channel>,
    /// Fee charged once per invoice when it reaches this step, in the invoice currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Decimal>,
    /// A person must approve the step before anything goes out.
    #[serde(default)]
    pub requires_approval: bool,
    /// Reaching this step puts the customer's credit on hold.
    #[serde(default)]
    pub blocks_credit: bool,
    /// Days the notice gives the debtor to pay (the formal notice's deadline). Defaults to
    /// [`Step::DEFAULT_RESPONSE_DAYS`] for a formal notice, none otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_days: Option<u32>,
    /// Whether the step's notice claims late-payment interest and fixed compensation.
    /// `None` (the default, also when the field is omitted) means: not on the ladder's
    /// first reminder (the first amicable step, or the first one after the due date when
    /// the ladder starts with reminders before it: a "probably an oversight" letter
    /// claims no penalties), yes on every other step. See [`Ladder::claims_penalties`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_penalties: Option<bool>,
}

impl Step {
    /// Deadline given by a formal notice when the step does not set one.
    pub const DEFAULT_RESPONSE_DAYS: u32 = 8;

    /// A step with no thresholds, fee, approval or credit block.
    ///
    /// ```
    /// use relance::{Step, Stage, Channel};
    /// let s = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// assert_eq!(s.offset_days, 7);
    /// ```
    pub fn new(name: &str, stage: Stage, offset_days: i32, channels: &[Channel]) -> Step {
        Step {
            name: name.to_string(),
            stage,
            offset_days,
            min_days_since_previous: 0,
            min_amount: None,
            min_share: None,
            channels: channels.to_vec(),
            fee: None,
            requires_approval: false,
            blocks_credit: false,
            response_days: None,
            claims_penalties: None,
        }
    }

    /// Builder: whether the step's notice claims interest and fixed compensation,
    /// instead of the default of its position ([`Ladder::claims_penalties`]).
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_claims_penalties(true),
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
    /// ]);
    /// assert!(ladder.claims_penalties(0) && ladder.claims_penalties(1));
    /// ```
    pub fn with_claims_penalties(mut self, claims: bool) -> Step {
        self.claims_penalties = Some(claims);
        self
    }

    /// Builder: minimum days since the previous notice.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("r1", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("r2", Stage::Amicable, 10, &[Channel::Email]).with_min_days_since_previous(7),
    /// ]);
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # acc.apply(&Event::new(&"INV-1".into(), d("2025-02-07"), EventKind::StepReached { step: 0,
    /// #     name: "r1".into(), stage: Stage::Amicable, due_on: d("2025-02-07"), fee: None,
    /// #     deadline: None })).unwrap();
    /// // An invoice due 31 January got r1 on 7 February. r2 is due on 10 February by its
    /// // offset, but a week after r1 at the earliest.
    /// assert_eq!(acc.next_wakeup(&ladder), Some(d("2025-02-14")));
    /// ```
    pub fn with_min_days_since_previous(mut self, days: u32) -> Step {
        self.min_days_since_previous = days;
        self
    }

    /// Builder: minimum overdue amount.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Currency, MinAmount, Stage, Step};
    /// use rust_decimal_macros::dec;
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])
    ///     .with_min_amount(MinAmount::Any(dec!(50.00)));
    /// // Overdue amount, invoice total, currency.
    /// assert!(!step.threshold_met(dec!(49.99), dec!(500.00), Currency::EUR));
    /// assert!(step.threshold_met(dec!(50.00), dec!(500.00), Currency::EUR));
    /// ```
    pub fn with_min_amount(mut self, min: MinAmount) -> Step {
        self.min_amount = Some(min);
        self
    }

    /// Builder: fee charged once per invoice.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// use rust_decimal_macros::dec;
    /// let step = Step::new("reminder", Stage::Amicable, 15, &[Channel::Letter])
    ///     .with_fee(dec!(15.00));
    /// assert_eq!(step.fee, Some(dec!(15.00)));
    /// // A negative fee does not load.
    /// let bad = Ladder::new("std", vec![step.with_fee(dec!(-1))]);
    /// assert_eq!(bad.validate().unwrap_err().to_string(),
    ///     r#"ladder std, step 0 ("reminder"): fee -1 is negative"#);
    /// ```
    pub fn with_fee(mut self, fee: Decimal) -> Step {
        self.fee = Some(fee);
        self
    }

    /// Builder: requires a person's approval.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    /// #     Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.postal_address = Some(vec!["1 rue de la Paix, 75002 Paris".into()]);
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
    /// let step = Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter])
    ///     .with_approval();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![step])]).unwrap();
    /// // Thirty days after the due date, a person is asked first; nothing is sent yet.
    /// let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-03-02"), &portfolio);
    /// assert_eq!(p.actions.iter().map(|a| a.kind()).collect::<Vec<_>>(), ["approval_request"]);
    /// ```
    pub fn with_approval(mut self) -> Step {
        self.requires_approval = true;
        self
    }

    /// Builder: blocks the customer's credit.
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
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_credit_block();
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![step])]).unwrap();
    /// let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-07"), &portfolio);
    /// let Some(Action::CreditHold(hold)) = p.actions.last() else { panic!("a credit hold") };
    /// assert_eq!(hold.reason, "reached reminder");
    /// ```
    pub fn with_credit_block(mut self) -> Step {
        self.blocks_credit = true;
        self
    }

    /// The deadline, in days, the notice gives the debtor.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Stage, Step};
    /// let mut notice = Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter]);
    /// assert_eq!(notice.response_days(), Some(8)); // Step::DEFAULT_RESPONSE_DAYS
    /// notice.response_days = Some(15);
    /// assert_eq!(notice.response_days(), Some(15));
    /// let reminder = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// assert_eq!(reminder.response_days(), None);
    /// ```
    pub fn response_days(&self) -> Option<u32> {
        match (self.response_days, self.stage) {
            (Some(d), _) => Some(d),
            (None, Stage::FormalNotice) => Some(Self::DEFAULT_RESPONSE_DAYS),
            (None, _) => None,
        }
    }

    /// True when `overdue` (of an invoice whose total is `total`) reaches the step's
    /// minimum amount and share. Overflow counts as reaching them.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Currency, Stage, Step};
    /// use rust_decimal_macros::dec;
    /// let mut step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// step.min_share = Some(dec!(0.5)); // at least half the invoice overdue
    /// assert!(!step.threshold_met(dec!(499.99), dec!(1000.00), Currency::EUR));
    /// assert!(step.threshold_met(dec!(500.00), dec!(1000.00), Currency::EUR));
    /// assert!(!step.threshold_met(dec!(0), dec!(0), Currency::EUR)); // nothing overdue
    /// ```
    pub fn threshold_met(&self, overdue: Decimal, total: Decimal, currency: Currency) -> bool {
        if overdue <= Decimal::ZERO {
            return false;
        }
        if let Some(min) = self
            .min_amount
            .as_ref()
            .and_then(|m| m.for_currency(currency))
        {
            if overdue < min {
                return false;
            }
        }
        if let Some(share) = self.min_share {
            match checked_mul(total, share) {
                Ok(needed) if overdue < needed => return false,
                _ => {}
            }
        }
        true
    }
}

/// A ladder failed validation. Every variant names the ladder and the bad field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LadderError {
    /// Invalid ladder id.
    #[error("ladder {ladder:?}: id must be 1 to 64 characters")]
    BadId {
        /// The id.
        ladder: LadderId,
    },
    /// No steps, or too many.
    #[error("ladder {ladder}: must have between 1 and {max} steps, has {count}")]
    StepCount {
        /// The ladder.
        ladder: LadderId,
        /// Steps given.
        count: usize,
        /// The limit ([`Ladder::MAX_STEPS`]).
        max: usize,
    },
    /// A field of a step has a bad value.
    #[error("ladder {ladder}, step {step} ({name:?}): {field} {problem}")]
    BadStep {
        /// The ladder.
        ladder: LadderId,
        /// Position of the step (0-based).
        step: usize,
        /// Name of the step.
        name: String,
        /// The offending field, e.g. `"offset_days"`.
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// Two ladders share an id.
    #[error("ladder {ladder}: defined twice")]
    Duplicate {
        /// The id.
        ladder: LadderId,
    },
    /// A customer or default rule refers to a ladder that does not exist.
    #[error("ladder {ladder}: not defined (referred to by {referrer})")]
    Unknown {
        /// The missing id.
        ladder: LadderId,
        /// Who referred to it.
        referrer: String,
    },
    /// No ladder applies to a customer.
    #[error("no ladder for customer {customer}: no assignment, no default rule, no fallback")]
    NoneApplies {
        /// The customer id.
        customer: String,
    },
}

/// An escalation ladder: ordered steps.
///
/// # Example
/// ```
/// use relance::{Ladder, Step, Stage, Channel};
/// let ladder = Ladder::new("standard", vec![
///     Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
///     Step::new("hand-over", Stage::Judicial, 60, &[Channel::Letter]),
/// ]);
/// assert!(ladder.validate().is_ok());
///
/// let bad = Ladder::new("bad", vec![Step::new("court", Stage::Judicial, 10, &[Channel::Letter])]);
/// assert!(bad.validate().unwrap_err().to_string().contains("formal notice"));
/// ```
///
/// Escalation ladders: ordered steps from courteous reminders to a formal notice to legal
/// action, configured by the host and validated on load.
///
/// A [`Ladder`] is a list of [`Step`]s. Each step fires a number of days after the due date
/// (`offset_days`, negative = before it), but never sooner than `min_days_since_previous`
/// after the previous notice was issued, and only while the overdue amount reaches its
/// thresholds. Stages never go down, and a judicial step needs a formal notice before it.
/// A [`LadderBook`] holds several ladders and picks one per customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ladder {
    /// Identifier.
    pub id: LadderId,
    /// Steps in escalation order.
    pub steps: Vec<Step>,
}

impl Ladder {
    /// Upper bound on steps per ladder.
    pub const MAX_STEPS: usize = 32;
    /// Bound on `offset_days` and `min_days_since_previous`, in days (about 10 years).
    pub const MAX_DAYS: i64 = 3653;

    /// A ladder from steps (not yet validated).
    ///
    /// # Example
    /// ```
    /// use relance::{Ladder, LadderError};
    /// let empty = Ladder::new("std", vec![]); // built as given, checked by `validate`
    /// assert_eq!(empty.id.as_str(), "std");
    /// assert!(matches!(empty.validate(), Err(LadderError::StepCount { count: 0, .. })));
    /// ```
    pub fn new(id: &str, steps: Vec<Step>) -> Ladder {
        Ladder {
            id: LadderId::from(id),
            steps,
        }
    }

    /// Checks the ladder: 1 to [`Ladder::MAX_STEPS`] steps with unique non-empty names,
    /// offsets in order and bounded, at least one channel and no channel twice, fees and
    /// minimums not negative nor above [`Money::MAX_AMOUNT`], a share between 0 and 1, stages never going down, and a
    /// formal-notice step before any judicial step.
    ///
    /// # Errors
    /// [`LadderError`] naming the ladder, the step and the field.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("r1", Stage::Amicable, 10, &[Channel::Email]),
    ///     Step::new("r2", Stage::Amicable, 7, &[Channel::Email]),
    /// ]);
    /// assert_eq!(ladder.validate().unwrap_err().to_string(),
    ///     r#"ladder std, step 1 ("r2"): offset_days 7 is before the previous step's 10"#);
    /// ```
    pub fn validate(&self) -> Result<(), LadderError> {
        if self.id.0.is_empty() || self.id.0.len() > 64 {
            return Err(LadderError::BadId {
                ladder: self.id.clone(),
            });
        }
        if self.steps.is_empty() || self.steps.len() > Self::MAX_STEPS {
            return Err(LadderError::StepCount {
                ladder: self.id.clone(),
                count: self.steps.len(),
                max: Self::MAX_STEPS,
            });
        }
        let mut seen_formal = false;
        for (i, step) in self.steps.iter().enumerate() {
            let bad = |field: &'static str, problem: String| LadderError::BadStep {
                ladder: self.id.clone(),
                step: i,
                name: step.name.clone(),
                field,
                problem,
            };
            if step.name.trim().is_empty() || step.name.len() > 128 {
                return Err(bad("name", "must be 1 to 128 characters".into()));
            }
            if self.steps[..i].iter().any(|s| s.name == step.name) {
                return Err(bad("name", "is used by an earlier step".into()));
            }
            if i64::from(step.offset_days).abs() > Self::MAX_DAYS {
                return Err(bad(
                    "offset_days",
                    format!("{} is beyond +/-{} days", step.offset_days, Self::MAX_DAYS),
                ));
            }
            if i64::from(step.min_days_since_previous) > Self::MAX_DAYS {
                return Err(bad(
                    "min_days_since_previous",
                    format!(
                        "{} is beyond {} days",
                        step.min_days_since_previous,
                        Self::MAX_DAYS
                    ),
                ));
            }
            if step
                .response_days
                .is_some_and(|d| i64::from(d) > Self::MAX_DAYS)
            {
                return Err(bad("response_days", "is beyond 10 years".into()));
            }
            if let Some(prev) = i.checked_sub(1).and_then(|p| self.steps.get(p)) {
                if step.offset_days < prev.offset_days {
                    return Err(bad(
                        "offset_days",
                        format!(
                            "{} is before the previous step's {}",
                            step.offset_days, prev.offset_days
                        ),
                    ));
                }
                if step.stage < prev.stage {
                    return Err(bad(
                        "stage",
                        format!(
                            "{} goes down from the previous step's {}",
                            step.stage.as_str(),
                            prev.stage.as_str()
                        ),
                    ));
                }
            }
            if step.stage == Stage::Judicial && !seen_formal {
                return Err(bad(
                    "stage",
                    "judicial needs a formal notice step before it".into(),
                ));
            }
            seen_formal |= step.stage == Stage::FormalNotice;
            if step.channels.is_empty() {
                return Err(bad("channels", "must list at least one channel".into()));
            }
            if let Some((j, c)) = step
                .channels
                .iter()
                .enumerate()
                .find(|(j, c)| step.channels[..*j].contains(c))
            {
                return Err(bad(
                    "channels",
                    format!("{} is listed twice (position {j})", c.as_str()),
                ));
            }
            let above_max =
                |a: &Decimal| format!("{a} is above the maximum of {}", Money::MAX_AMOUNT);
            if let Some(fee) = step.fee {
                if fee < Decimal::ZERO {
                    return Err(bad("fee", format!("{fee} is negative")));
                }
                if fee > Money::MAX_AMOUNT {
                    return Err(bad("fee", above_max(&fee)));
                }
            }
            match &step.min_amount {
                Some(MinAmount::Any(a)) if *a < Decimal::ZERO => {
                    return Err(bad("min_amount", format!("{a} is negative")));
                }
                Some(MinAmount::Any(a)) if *a > Money::MAX_AMOUNT => {
                    return Err(bad("min_amount", above_max(a)));
                }
                Some(MinAmount::PerCurrency(m)) => {
                    for (code, a) in m {
                        // Host-defined currencies are allowed, but the key must be a code:
                        // "eur" would load and never match, silently dropping the minimum.
                        if Currency::new(code, 0).is_err() {
                            return Err(bad(
                                "min_amount",
                                format!(
                                    "{code:?} is not a currency code (three upper-case letters)"
                                ),
                            ));
                        }
                        if *a < Decimal::ZERO {
                            return Err(bad("min_amount", format!("{code} {a} is negative")));
                        }
                        if *a > Money::MAX_AMOUNT {
                            return Err(bad("min_amount", format!("{code} {}", above_max(a))));
                        }
                    }
                }
                _ => {}
            }
            if let Some(s) = step.min_share {
                if s < Decimal::ZERO || s > Decimal::ONE {
                    return Err(bad("min_share", format!("{s} is not between 0 and 1")));
                }
            }
        }
        Ok(())
    }

    /// The step at a position.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
    /// ]);
    /// assert_eq!(ladder.step(1).map(|s| s.name.as_str()), Some("formal notice"));
    /// assert!(ladder.step(2).is_none()); // the ladder is exhausted
    /// ```
    pub fn step(&self, index: usize) -> Option<&Step> {
        self.steps.get(index)
    }

    /// Whether the notice of step `index` claims late-payment interest and fixed
    /// compensation: the step's [`Step::claims_penalties`] when set; else `false` on the
    /// ladder's first reminder (its first amicable step, or, when the ladder starts with
    /// reminders before the due date, those and the first amicable step after it) and
    /// `true` on every other step. `false` for a position the ladder does not have.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("second reminder", Stage::Amicable, 20, &[Channel::Email]),
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
    /// ]);
    /// let claims: Vec<bool> = (0..4).map(|i| ladder.claims_penalties(i)).collect();
    /// assert_eq!(claims, [false, false, true, true]);
    /// ```
    pub fn claims_penalties(&self, index: usize) -> bool {
        let Some(step) = self.step(index) else {
            return false;
        };
        if let Some(claims) = step.claims_penalties {
            return claims;
        }
        // The first reminder: the first amicable step after the due date, or any step
        // before it.
        let first_overdue = self
            .steps
            .iter()
            .position(|s| s.stage == Stage::Amicable && s.offset_days > 0)
            .or_else(|| self.steps.iter().position(|s| s.stage == Stage::Amicable));
        !(step.offset_days <= 0 && step.stage == Stage::Amicable || first_overdue == Some(index))
    }
}

/// Which ladder a customer gets when none is assigned: the most specific matching rule
/// (kind and country, then kind, then country), else the book's fallback.
///
/// ```
/// use relance::{DefaultLadder, CustomerKind, Country, LadderId};
/// let r = DefaultLadder { kind: Some(CustomerKind::Consumer), country: Some(Country::BE),
///                         ladder: LadderId::from("be-consumer") };
/// assert_eq!(r.specificity(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultLadder {
    /// Customer kind the rule applies to (`None`: any).
    #[serde(default)]
    pub kind: Option<CustomerKind>,
    /// Country the rule applies to (`None`: any).
    #[serde(default)]
    pub country: Option<Country>,
    /// The ladder to use.
    pub ladder: LadderId,
}

impl DefaultLadder {
    /// 2 for kind and country, 1 for one of them, 0 for a catch-all.
    ///
    /// # Example
    /// ```
    /// use relance::{CustomerKind, DefaultLadder};
    /// let public = DefaultLadder { kind: Some(CustomerKind::Public), country: None,
    ///     ladder: "public".into() };
    /// let catch_all = DefaultLadder { kind: None, country: None, ladder: "std".into() };
    /// assert_eq!((public.specificity(), catch_all.specificity()), (1, 0));
    /// ```
    pub fn specificity(&self) -> u8 {
        u8::from(self.kind.is_some()) + u8::from(self.country.is_some())
    }

    fn matches(&self, c: &Customer) -> bool {
        self.kind.is_none_or(|k| k == c.kind) && self.country.is_none_or(|k| k == c.country)
    }
}

/// All the ladders a host uses, with the rules that pick one per customer.
///
/// # Example
/// ```
/// use relance::{Ladder, LadderBook, Step, Stage, Channel, Customer, CustomerKind, Country, Language,
///     Zone};
/// let book = LadderBook::new(vec![
///     Ladder::new("std", vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])]),
/// ]).unwrap();
/// let c = Customer::new("C", "C", CustomerKind::Business, Country::DE, Language::De, Zone::EUROPE_BERLIN);
/// assert_eq!(book.ladder_for(&c).unwrap().id.as_str(), "std");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LadderBookRepr", into = "LadderBookRepr")]
pub struct LadderBook {
    ladders: BTreeMap<LadderId, Ladder>,
    defaults: Vec<DefaultLadder>,
    fallback: Option<LadderId>,
}

#[derive(Serialize, Deserialize)]
struct LadderBookRepr {
    ladders: Vec<Ladder>,
    #[serde(default)]
    defaults: Vec<DefaultLadder>,
    #[serde(default)]
    fallback: Option<LadderId>,
}

impl TryFrom<LadderBookRepr> for LadderBook {
    type Error = LadderError;
    fn try_from(r: LadderBookRepr) -> Result<Self, LadderError> {
        LadderBook::with_defaults(r.ladders, r.defaults, r.fallback)
    }
}

impl From<LadderBook> for LadderBookRepr {
    fn from(b: LadderBook) -> Self {
        LadderBookRepr {
            ladders: b.ladders.into_values().collect(),
            defaults: b.defaults,
            fallback: b.fallback,
        }
    }
}

impl LadderBook {
    /// A book whose fallback is the first ladder given.
    ///
    /// # Errors
    /// The first [`LadderError`] of any ladder, or a duplicate id.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, LadderBook, LadderError, Stage, Step};
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// let ladder = |id| Ladder::new(id, vec![step.clone()]);
    /// let book = LadderBook::new(vec![ladder("std"), ladder("soft")]).unwrap();
    /// assert_eq!(book.ladders().count(), 2);
    /// let twice = LadderBook::new(vec![ladder("std"), ladder("std")]);
    /// assert!(matches!(twice, Err(LadderError::Duplicate { .. })));
    /// ```
    pub fn new(ladders: Vec<Ladder>) -> Result<LadderBook, LadderError> {
        let fallback = ladders.first().map(|l| l.id.clone());
        LadderBook::with_defaults(ladders, Vec::new(), fallback)
    }

    /// A book with default rules and an optional fallback; everything is validated.
    ///
    /// # Errors
    /// [`LadderError`] for an invalid ladder, a duplicate id, or a rule or fallback naming
    /// a ladder that does not exist.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// let ladder = |id| Ladder::new(id, vec![step.clone()]);
    /// let be = DefaultLadder { kind: Some(CustomerKind::Consumer), country: Some(Country::BE),
    ///     ladder: "be-consumer".into() };
    /// let book = LadderBook::with_defaults(vec![ladder("std"), ladder("be-consumer")], vec![be],
    ///     Some("std".into())).unwrap();
    /// let who = |kind, country| Customer::new("C", "C", kind, country, Language::Fr, Zone::UTC);
    /// let id = |c: &Customer| book.ladder_for(c).unwrap().id.as_str().to_string();
    /// assert_eq!(id(&who(CustomerKind::Consumer, Country::BE)), "be-consumer");
    /// assert_eq!(id(&who(CustomerKind::Business, Country::BE)), "std"); // the fallback
    /// ```
    pub fn with_defaults(
        ladders: Vec<Ladder>,
        defaults: Vec<DefaultLadder>,
        fallback: Option<LadderId>,
    ) -> Result<LadderBook, LadderError> {
        let mut map = BTreeMap::new();
        for l in ladders {
            l.validate()?;
            let id = l.id.clone();
            if map.insert(id.clone(), l).is_some() {
                return Err(LadderError::Duplicate { ladder: id });
            }
        }
        for (i, d) in defaults.iter().enumerate() {
            if !map.contains_key(&d.ladder) {
                return Err(LadderError::Unknown {
                    ladder: d.ladder.clone(),
                    referrer: format!("default rule {i}"),
                });
            }
        }
        if let Some(f) = &fallback {
            if !map.contains_key(f) {
                return Err(LadderError::Unknown {
                    ladder: f.clone(),
                    referrer: "fallback".into(),
                });
            }
        }
        Ok(LadderBook {
            ladders: map,
            defaults,
            fallback,
        })
    }

    /// A ladder by id.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, LadderBook, Stage, Step};
    /// let book = LadderBook::new(vec![Ladder::new("std", vec![
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])])]).unwrap();
    /// assert_eq!(book.get(&"std".into()).map(|l| l.steps.len()), Some(1));
    /// assert!(book.get(&"missing".into()).is_none());
    /// ```
    pub fn get(&self, id: &LadderId) -> Option<&Ladder> {
        self.ladders.get(id)
    }

    /// All ladders, by id.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, LadderBook, Stage, Step};
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// let ladder = |id| Ladder::new(id, vec![step.clone()]);
    /// let book = LadderBook::new(vec![ladder("std"), ladder("gentle")]).unwrap();
    /// let ids: Vec<&str> = book.ladders().map(|l| l.id.as_str()).collect();
    /// assert_eq!(ids, ["gentle", "std"]);
    /// ```
    pub fn ladders(&self) -> impl Iterator<Item = &Ladder> {
        self.ladders.values()
    }

    /// The ladder for a customer: its assignment, else the most specific default rule
    /// (first listed wins among equals), else the fallback.
    ///
    /// # Errors
    /// [`LadderError::Unknown`] if the assigned ladder does not exist,
    /// [`LadderError::NoneApplies`] if nothing applies.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// let step = Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]);
    /// let ladder = |id| Ladder::new(id, vec![step.clone()]);
    /// let book = LadderBook::new(vec![ladder("std"), ladder("key-accounts")]).unwrap();
    /// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR, Language::Fr,
    ///     Zone::EUROPE_PARIS);
    /// c.ladder = Some("key-accounts".into());
    /// assert_eq!(book.ladder_for(&c).unwrap().id.as_str(), "key-accounts");
    /// c.ladder = Some("vip".into());
    /// assert!(matches!(book.ladder_for(&c), Err(LadderError::Unknown { .. })));
    /// ```
    pub fn ladder_for(&self, customer: &Customer) -> Result<&Ladder, LadderError> {
        if let Some(id) = &customer.ladder {
            return self.ladders.get(id).ok_or_else(|| LadderError::Unknown {
                ladder: id.clone(),
                referrer: format!("customer {}", customer.id),
            });
        }
        let mut best: Option<&DefaultLadder> = None;
        for d in self.defaults.iter().filter(|d| d.matches(customer)) {
            if best.is_none_or(|b| d.specificity() > b.specificity()) {
                best = Some(d);
            }
        }
        best.map(|d| &d.ladder)
            .or(self.fallback.as_ref())
            .and_then(|id| self.ladders.get(id))
            .ok_or_else(|| LadderError::NoneApplies {
                customer: customer.id.to_string(),
            })
    }

    /// Whether ladder `id` may dun a customer of `kind` in `country`: it is the fallback,
    /// a default rule naming it matches them, or no rule names it (a ladder assigned to
    /// customers one by one may serve anyone).
    pub(crate) fn may_serve(&self, id: &LadderId, kind: CustomerKind, country: Country) -> bool {
        let rules: Vec<&DefaultLadder> = self.defaults.iter().filter(|d| &d.ladder == id).collect();
        self.fallback.as_ref() == Some(id)
            || rules.is_empty()
            || rules
                .iter()
                .any(|d| d.kind.is_none_or(|k| k == kind) && d.country.is_none_or(|c| c == country))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jurisdiction::Language;
    use crate::local_time::Zone;

    fn step(name: &str, stage: Stage, offset: i32) -> Step {
        Step::new(name, stage, offset, &[Channel::Email])
    }

    #[test]
    fn stages_may_not_go_down_and_error_names_the_field() {
        let l = Ladder::new(
            "x",
            vec![
                step("a", Stage::FormalNotice, 1),
                step("b", Stage::Amicable, 2),
            ],
        );
        let e = l.validate().unwrap_err();
        assert!(
            matches!(
                e,
                LadderError::BadStep {
                    field: "stage",
                    step: 1,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn offsets_must_not_go_backwards() {
        let l = Ladder::new(
            "x",
            vec![
                step("a", Stage::Amicable, 10),
                step("b", Stage::Amicable, 5),
            ],
        );
        assert!(matches!(
            l.validate(),
            Err(LadderError::BadStep {
                field: "offset_days",
                ..
            })
        ));
    }

    #[test]
    fn bad_values_are_rejected_by_field() {
        let mut s = step("a", Stage::Amicable, 1);
        s.fee = Some(Decimal::NEGATIVE_ONE);
        let e = Ladder::new("x", vec![s]).validate().unwrap_err();
        assert!(matches!(e, LadderError::BadStep { field: "fee", .. }));
        let mut s = step("a", Stage::Amicable, 1);
        s.channels.clear();
        assert!(Ladder::new("x", vec![s]).validate().is_err());
        let mut s = step("a", Stage::Amicable, 1);
        s.min_share = Some(Decimal::TWO);
        assert!(Ladder::new("x", vec![s]).validate().is_err());
        let l = Ladder::new(
            "x",
            vec![step("a", Stage::Amicable, 1), step("a", Stage::Amicable, 2)],
        );
        assert!(matches!(
            l.validate(),
            Err(LadderError::BadStep { field: "name", .. })
        ));
        assert!(Ladder::new("x", vec![]).validate().is_err());
    }

    #[test]
    fn fees_and_minimums_above_the_maximum_amount_are_refused_naming_the_value() {
        let above: Decimal = "1000000000000000.01".parse().unwrap();
        let problem = |s: Step| match Ladder::new("x", vec![s]).validate() {
            Err(LadderError::BadStep { field, problem, .. }) => format!("{field}: {problem}"),
            other => format!("{other:?}"),
        };
        let at_max = step("a", Stage::Amicable, 1)
            .with_fee(Money::MAX_AMOUNT)
            .with_min_amount(MinAmount::Any(Money::MAX_AMOUNT));
        assert!(Ladder::new("x", vec![at_max]).validate().is_ok());
        assert_eq!(
            problem(step("a", Stage::Amicable, 1).with_fee(above)),
            "fee: 1000000000000000.01 is above the maximum of 1000000000000000"
        );
        assert_eq!(
            problem(step("a", Stage::Amicable, 1).with_min_amount(MinAmount::Any(above))),
            "min_amount: 1000000000000000.01 is above the maximum of 1000000000000000"
        );
        let mut s = step("a", Stage::Amicable, 1);
        s.min_amount = Some(serde_json::from_str(r#"{"EUR": "1000000000000000.01"}"#).unwrap());
        assert_eq!(
            problem(s),
            "min_amount: EUR 1000000000000000.01 is above the maximum of 1000000000000000"
        );
    }

    #[test]
    fn a_min_amount_keyed_by_something_else_than_a_currency_code_is_refused() {
        let mut s = step("a", Stage::Amicable, 1);
        s.min_amount = Some(serde_json::from_str(r#"{"eur": "10"}"#).unwrap());
        let e = Ladder::new("x", vec![s.clone()]).validate().unwrap_err();
        assert!(
            e.to_string().contains("\"eur\" is not a currency code"),
            "{e}"
        );
        s.min_amount = Some(serde_json::from_str(r#"{"EUR": "10", "XTS": "1"}"#).unwrap());
        assert!(
            Ladder::new("x", vec![s]).validate().is_ok(),
            "host currencies allowed"
        );
    }

    #[test]
    fn defaults_pick_the_most_specific_rule() {
        let ladders = vec![
            Ladder::new("any", vec![step("a", Stage::Amicable, 1)]),
            Ladder::new("consumer", vec![step("a", Stage::Amicable, 1)]),
            Ladder::new("be-consumer", vec![step("a", Stage::Amicable, 1)]),
        ];
        let defaults = vec![
            DefaultLadder {
                kind: Some(CustomerKind::Consumer),
                country: None,
                ladder: "consumer".into(),
            },
            DefaultLadder {
                kind: Some(CustomerKind::Consumer),
                country: Some(Country::BE),
                ladder: "be-consumer".into(),
            },
        ];
        let book = LadderBook::with_defaults(ladders, defaults, Some("any".into())).unwrap();
        let mk = |k, c| Customer::new("C", "C", k, c, Language::Fr, Zone::EUROPE_PARIS);
        let pick = |k, c| book.ladder_for(&mk(k, c)).unwrap().id.0.clone();
        assert_eq!(pick(CustomerKind::Consumer, Country::BE), "be-consumer");
        assert_eq!(pick(CustomerKind::Consumer, Country::FR), "consumer");
        assert_eq!(pick(CustomerKind::Business, Country::BE), "any");
        let mut c = mk(CustomerKind::Business, Country::FR);
        c.ladder = Some("missing".into());
        assert!(matches!(
            book.ladder_for(&c),
            Err(LadderError::Unknown { .. })
        ));
    }

    #[test]
    fn a_book_deserialises_and_validates() {
        let json = r#"{"ladders": [{"id": "l", "steps": [{"name": "s", "stage": "judicial",
            "offset_days": 1, "channels": ["letter"]}]}]}"#;
        let e = serde_json::from_str::<LadderBook>(json).unwrap_err();
        assert!(e.to_string().contains("formal notice"), "{e}");
    }
}
