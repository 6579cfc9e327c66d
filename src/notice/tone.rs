//! The tone of a notice and the parts a template writes: the small vocabulary the notice
//! content, the default texts, the templates and the renderer share.

use crate::action::Notice;
use crate::ladder::{Ladder, Stage};
use serde::{Deserialize, Serialize};

/// The tone of a notice, from courteous to firm. Decides the default templates.
///
/// # Example
/// ```
/// use relance::notice::Tone;
/// assert_eq!(serde_json::to_string(&Tone::HandOver).unwrap(), "\"hand_over\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// The customer's first reminder for these invoices (or a courtesy message before the
    /// due date): courteous, assumes an oversight.
    FirstReminder,
    /// A later amicable reminder: firmer, asks for a date, offers help.
    FollowUp,
    /// The formal notice (mise en demeure, letzte Mahnung, letter before action).
    FormalNotice,
    /// The pre-litigation notice: the claim is handed over for legal recovery.
    HandOver,
}

impl Tone {
    /// All tones, mildest first.
    pub const ALL: [Tone; 4] = [
        Tone::FirstReminder,
        Tone::FollowUp,
        Tone::FormalNotice,
        Tone::HandOver,
    ];

    /// The tone of `notice` on `ladder`: by stage, and for amicable notices, first
    /// reminder when no invoice of the notice had an earlier step after its due date.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::notice::Tone;
    /// use chrono::NaiveDate;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let ladder = Ladder::new("l", vec![
    ///     Step::new("r1", Stage::Amicable, 5, &[Channel::Letter]),
    ///     Step::new("r2", Stage::Amicable, 15, &[Channel::Letter]),
    /// ]);
    /// let book = LadderBook::new(vec![ladder.clone()]).unwrap();
    /// let mut c = Customer::new("C", "C", CustomerKind::Business, Country::FR, Language::Fr,
    ///     Zone::EUROPE_PARIS);
    /// c.contacts.postal_address = Some(vec!["1 rue X".into()]);
    /// let mut acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR,
    ///     d("2025-01-01"), "10.00".parse().unwrap(), d("2025-01-31"))).unwrap();
    /// let notice_on = |acc: &Account, on: &str| {
    ///     let p = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d(on), &[CustomerAccounts { customer: c.clone(), accounts: vec![acc.clone()] }]);
    ///     match p.actions.into_iter().next() { Some(Action::Notice(n)) => n, _ => panic!() }
    /// };
    /// let first = notice_on(&acc, "2025-02-05");
    /// assert_eq!(Tone::for_notice(&first, &ladder), Tone::FirstReminder);
    /// for e in Action::Notice(first).events() { acc.apply(&e).unwrap(); }
    /// let second = notice_on(&acc, "2025-02-15");
    /// assert_eq!(Tone::for_notice(&second, &ladder), Tone::FollowUp);
    /// ```
    pub fn for_notice(notice: &Notice, ladder: &Ladder) -> Tone {
        match notice.stage {
            Stage::Amicable => {
                if notice
                    .lines
                    .iter()
                    .all(|l| Tone::for_step(ladder, l.step, l.stage) == Tone::FirstReminder)
                {
                    Tone::FirstReminder
                } else {
                    Tone::FollowUp
                }
            }
            Stage::FormalNotice => Tone::FormalNotice,
            Stage::Judicial => Tone::HandOver,
        }
    }

    /// The tone of step `step` of `ladder`, whose stage is `stage`.
    ///
    /// # Example
    /// ```
    /// use relance::{Channel, Ladder, Stage, Step};
    /// use relance::notice::Tone;
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("courtesy", Stage::Amicable, -3, &[Channel::Email]),
    ///     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
    ///     Step::new("second reminder", Stage::Amicable, 20, &[Channel::Email]),
    ///     Step::new("formal notice", Stage::FormalNotice, 30, &[Channel::RegisteredLetter]),
    /// ]);
    /// let tone = |i: usize| Tone::for_step(&ladder, i, ladder.steps[i].stage);
    /// // A courtesy message before the due date does not count: step 1 is the first reminder.
    /// assert_eq!((tone(0), tone(1)), (Tone::FirstReminder, Tone::FirstReminder));
    /// assert_eq!((tone(2), tone(3)), (Tone::FollowUp, Tone::FormalNotice));
    /// ```
    pub fn for_step(ladder: &Ladder, step: usize, stage: Stage) -> Tone {
        match stage {
            Stage::Amicable => match ladder.steps.get(..step) {
                Some(before) if before.iter().all(|s| s.offset_days <= 0) => Tone::FirstReminder,
                _ => Tone::FollowUp,
            },
            Stage::FormalNotice => Tone::FormalNotice,
            Stage::Judicial => Tone::HandOver,
        }
    }

    /// The snake_case name, as in JSON.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::notice::Tone::FollowUp.as_str(), "follow_up");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::FirstReminder => "first_reminder",
            Tone::FollowUp => "follow_up",
            Tone::FormalNotice => "formal_notice",
            Tone::HandOver => "hand_over",
        }
    }
}

/// A part of a notice a template writes.
///
/// # Example
/// ```
/// use relance::notice::TemplatePart;
/// assert_eq!(serde_json::to_string(&TemplatePart::Sms).unwrap(), "\"sms\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplatePart {
    /// E-mail subject, letter subject line, portal title.
    Subject,
    /// The prose of e-mails, letters and portal messages: salutation and what is asked.
    Body,
    /// The closing formula before the signature.
    Closing,
    /// The whole SMS text.
    Sms,
}

impl TemplatePart {
    /// Every part.
    pub const ALL: [TemplatePart; 4] = [
        TemplatePart::Subject,
        TemplatePart::Body,
        TemplatePart::Closing,
        TemplatePart::Sms,
    ];

    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(relance::notice::TemplatePart::Closing.as_str(), "closing");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TemplatePart::Subject => "subject",
            TemplatePart::Body => "body",
            TemplatePart::Closing => "closing",
            TemplatePart::Sms => "sms",
        }
    }

    /// True for the parts also rendered as HTML (the body and the closing).
    pub(crate) fn has_html(self) -> bool {
        matches!(self, TemplatePart::Body | TemplatePart::Closing)
    }
}
