//! The adaptive ladder: a customer's risk class adjusts the timing of its ladder (an earlier
//! pre-due reminder and faster escalation for risky customers, gentler for good payers)
//! and suggests a credit limit.

use super::behaviour::RiskClass;
use crate::ladder::{Ladder, LadderError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How one risk class adjusts a ladder. Steps, their order, names, stages, channels, fees
/// and minimum gaps never change: only the offsets from the due date do.
///
/// # Example
/// ```
/// use relance::credit::LadderAdjustment;
/// let a = LadderAdjustment::default();
/// assert_eq!((a.pre_due_shift_days, a.escalation_percent), (0, 100)); // unchanged
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LadderAdjustment {
    /// Days added to the offsets of the reminders before the due date (negative:
    /// earlier). A pre-due reminder is never moved past the due date.
    pub pre_due_shift_days: i32,
    /// The offsets of the steps after the due date, in percent (50: escalates twice as
    /// fast; 150: half again as slow), rounded half up, at least 1 day.
    pub escalation_percent: u32,
    /// A credit limit to suggest for customers of this class, in the credit file's
    /// currency (the credit manager decides).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_limit: Option<Decimal>,
}

impl Default for LadderAdjustment {
    fn default() -> LadderAdjustment {
        LadderAdjustment {
            pre_due_shift_days: 0,
            escalation_percent: 100,
            suggested_limit: None,
        }
    }
}

/// The adjustment of each risk class. Its default changes nothing for `low` and `medium`,
/// sends the pre-due reminder 2 days earlier and escalates in 75% of the time for `high`,
/// 4 days earlier and in half the time for `very_high`.
///
/// A change of class in the middle of a case applies deterministically without repeating
/// or skipping a step: the adapted ladder has the same steps in the same order, and the
/// invoice moves on from the step it reached to the next one, at the next one's adapted
/// date (at once if that date has passed, one step per run, minimum gaps kept).
///
/// # Example
/// ```
/// use relance::{Channel, Ladder, Stage, Step};
/// use relance::credit::{RiskClass, RiskLadders};
/// let ladder = Ladder::new("std", vec![
///     Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::Letter])]);
/// let risky = RiskLadders::default().adapt(&ladder, RiskClass::VeryHigh).unwrap();
/// let offsets: Vec<i32> = risky.steps.iter().map(|s| s.offset_days).collect();
/// assert_eq!(offsets, [-7, 4, 15]);
/// let good = RiskLadders::default().adapt(&ladder, RiskClass::Low).unwrap();
/// assert_eq!(good, ladder);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskLadders {
    /// For `low`.
    pub low: LadderAdjustment,
    /// For `medium`.
    pub medium: LadderAdjustment,
    /// For `high`.
    pub high: LadderAdjustment,
    /// For `very_high`.
    pub very_high: LadderAdjustment,
}

impl Default for RiskLadders {
    fn default() -> RiskLadders {
        RiskLadders {
            low: LadderAdjustment::default(),
            medium: LadderAdjustment::default(),
            high: LadderAdjustment {
                pre_due_shift_days: -2,
                escalation_percent: 75,
                suggested_limit: None,
            },
            very_high: LadderAdjustment {
                pre_due_shift_days: -4,
                escalation_percent: 50,
                suggested_limit: None,
            },
        }
    }
}

impl RiskLadders {
    /// The adjustment of a class.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{RiskClass, RiskLadders};
    /// assert_eq!(RiskLadders::default().adjustment(RiskClass::High).escalation_percent, 75);
    /// ```
    pub fn adjustment(&self, class: RiskClass) -> &LadderAdjustment {
        match class {
            RiskClass::Low => &self.low,
            RiskClass::Medium => &self.medium,
            RiskClass::High => &self.high,
            RiskClass::VeryHigh => &self.very_high,
        }
    }

    /// The credit limit suggested for a class, if any.
    ///
    /// # Example
    /// ```
    /// use relance::credit::{RiskClass, RiskLadders};
    /// let mut r = RiskLadders::default();
    /// r.low.suggested_limit = Some("20000".parse().unwrap());
    /// assert_eq!(r.suggested_limit(RiskClass::Low).unwrap().to_string(), "20000");
    /// assert_eq!(r.suggested_limit(RiskClass::High), None);
    /// ```
    pub fn suggested_limit(&self, class: RiskClass) -> Option<Decimal> {
        self.adjustment(class).suggested_limit
    }

    /// The ladder adapted to a class: the same id and steps, offsets adjusted (see
    /// [`LadderAdjustment`]). A host registering several adapted ladders in one book
    /// gives each its own id.
    ///
    /// # Errors
    /// The adapted ladder's [`LadderError`] (offsets beyond the bounds).
    ///
    /// # Example
    /// See [`RiskLadders`].
    pub fn adapt(&self, ladder: &Ladder, class: RiskClass) -> Result<Ladder, LadderError> {
        let a = self.adjustment(class);
        let mut out = ladder.clone();
        for step in &mut out.steps {
            let o = i64::from(step.offset_days);
            let adjusted = if o < 0 {
                o.saturating_add(i64::from(a.pre_due_shift_days)).min(0)
            } else if o > 0 {
                // Half up: (o x p + 50) / 100, at least one day.
                (o.saturating_mul(i64::from(a.escalation_percent)) + 50)
                    .div_euclid(100)
                    .max(1)
            } else {
                0
            };
            step.offset_days = i32::try_from(adjusted.clamp(-Ladder::MAX_DAYS, Ladder::MAX_DAYS))
                .unwrap_or(step.offset_days);
        }
        out.validate()?;
        Ok(out)
    }
}
