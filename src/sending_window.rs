//! When a notice may be delivered: inside a [`SendingWindow`] of the customer's own wall (see the docs of `SendingWindow`).

use crate::calendar::{BusinessCalendar, CalendarError};
use crate::delivery_channel::Channel;
use crate::local_time::{LocalResolution, LocalTimeError, Zone};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What went wrong deciding when to send.
///
/// # Example
/// ```
/// use chrono::NaiveTime;
/// use relance::{SendingWindow, SendingWindowError};
/// let t = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
/// assert_eq!(
///     SendingWindow::new(t, t),
///     Err(SendingWindowError::InvalidWindow { start: t, end: t })
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendingWindowError {
    /// A window whose start is not before its end (empty or overnight windows are refused).
    #[error("sending window {start} to {end} is empty: the start must be before the end")]
    InvalidWindow {
        /// Start as given.
        start: NaiveTime,
        /// End as given.
        end: NaiveTime,
    },
    /// No allowed instant was found within the search limit.
    #[error(
        "no sending slot in {zone} after {after} within {days_searched} business days \
         (the window never opens on those days)"
    )]
    NoSendingSlot {
        /// The customer's zone.
        zone: String,
        /// The instant the search started from.
        after: DateTime<Utc>,
        /// How many business days were tried.
        days_searched: u32,
    },
    /// A time-zone conversion failed.
    #[error(transparent)]
    LocalTime(#[from] LocalTimeError),
    /// The calendar has no business day in reach.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// A daily window of local wall-clock times, `[start, end)`, in which notices may be
/// delivered. The default is 08:00 to 19:00.
///
/// `start` must be before `end`: an empty window, or one crossing midnight, is refused at
/// construction and when deserialised. Serialises as `{"start": "08:00:00", "end":
/// "19:00:00"}`; `"08:00"` is accepted on input.
///
/// # Example
/// ```
/// use chrono::NaiveTime;
/// use relance::SendingWindow;
/// let w: SendingWindow = serde_json::from_str(r#"{"start": "09:00", "end": "18:30"}"#).unwrap();
/// assert!(w.contains(NaiveTime::from_hms_opt(9, 0, 0).unwrap()));
/// assert!(!w.contains(NaiveTime::from_hms_opt(18, 30, 0).unwrap()));
/// assert!(serde_json::from_str::<SendingWindow>(r#"{"start": "19:00", "end": "08:00"}"#).is_err());
/// ```
///
/// When a notice may be delivered: inside a [`SendingWindow`] of the customer's own wall
/// clock, on a business day of the customer's [`BusinessCalendar`].
///
/// [`SendingWindow::decide`] takes the UTC instant the host runs at and returns
/// [`SendDecision::SendNow`] or [`SendDecision::Defer`] with the next allowed UTC instant.
///
/// ## Daylight saving
/// An instant is inside the window when the customer's **wall-clock** time is in
/// `[start, end)` on a business day. Consequences, all deliberate:
/// - On the day clocks go forward, a window start inside the skipped hour (say 02:30 in
///   Paris) opens the window at the jump itself (03:00 local), the first instant whose wall
///   time is after the start.
/// - On the day clocks go back, a repeated wall-clock time is inside the window both times;
///   if the clocks go back into the window after it closed, it reopens at the jump.
/// - "08:00" always means 08:00 local: the UTC instant of the next opening after a DST change
///   moves by the change (07:00Z in Paris in winter, 06:00Z in summer).
///
/// The next opening is searched day by day, bounded: an impossible search ends with
/// [`SendingWindowError::NoSendingSlot`] or a [`CalendarError`], never a hang.
///
/// ## Example
/// ```
/// use relance::calendar::BusinessCalendar;
/// use relance::Zone;
/// use relance::{SendDecision, SendingWindow};
/// use relance::Country;
///
/// let cal = BusinessCalendar::for_country(Country::FR)?;
/// let paris = Zone::by_name("Europe/Paris")?;
/// let window = SendingWindow::default(); // 08:00 to 19:00
/// // Friday 28 March 2025, 19:30 in Paris: too late; Monday 31 March 08:00 is after the
/// // switch to summer time, so 06:00 UTC.
/// let d = window.decide("2025-03-28T18:30:00Z".parse().unwrap(), paris, &cal)?;
/// assert_eq!(d.send_at().to_string(), "2025-03-31 06:00:00 UTC");
/// # Ok::<(), relance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawWindow")]
pub struct SendingWindow {
    start: NaiveTime,
    end: NaiveTime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    start: NaiveTime,
    end: NaiveTime,
}

impl TryFrom<RawWindow> for SendingWindow {
    type Error = SendingWindowError;
    fn try_from(raw: RawWindow) -> Result<Self, Self::Error> {
        SendingWindow::new(raw.start, raw.end)
    }
}

const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    }
}

impl Default for SendingWindow {
    fn default() -> SendingWindow {
        SendingWindow::DEFAULT
    }
}

impl SendingWindow {
    /// 08:00 to 19:00.
    ///
    /// # Example
    /// ```
    /// use relance::SendingWindow;
    /// assert_eq!(SendingWindow::DEFAULT.start().to_string(), "08:00:00");
    /// assert_eq!(SendingWindow::DEFAULT, SendingWindow::default());
    /// ```
    pub const DEFAULT: SendingWindow = SendingWindow {
        start: hm(8, 0),
        end: hm(19, 0),
    };

    /// How many business days [`decide`](Self::decide) tries before giving up (a business
    /// day can only lack an opening when a DST jump swallows the whole window).
    ///
    /// # Example
    /// ```
    /// use relance::SendingWindow;
    /// assert_eq!(SendingWindow::MAX_DAYS_TRIED, 8);
    /// ```
    pub const MAX_DAYS_TRIED: u32 = 8;

    /// A window from `start` (included) to `end` (excluded), in local wall-clock time.
    ///
    /// # Errors
    /// [`SendingWindowError::InvalidWindow`] unless `start < end`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveTime;
    /// use relance::SendingWindow;
    /// let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    /// let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
    /// assert!(SendingWindow::new(nine, five).is_ok());
    /// assert!(SendingWindow::new(five, nine).is_err());
    /// assert!(SendingWindow::new(nine, nine).is_err());
    /// ```
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<SendingWindow, SendingWindowError> {
        if start < end {
            Ok(SendingWindow { start, end })
        } else {
            Err(SendingWindowError::InvalidWindow { start, end })
        }
    }

    /// Start (included).
    ///
    /// # Example
    /// ```
    /// use relance::SendingWindow;
    /// assert_eq!(SendingWindow::default().start().to_string(), "08:00:00");
    /// ```
    pub fn start(&self) -> NaiveTime {
        self.start
    }

    /// End (excluded).
    ///
    /// # Example
    /// ```
    /// use relance::SendingWindow;
    /// assert_eq!(SendingWindow::default().end().to_string(), "19:00:00");
    /// ```
    pub fn end(&self) -> NaiveTime {
        self.end
    }

    /// True when the wall-clock time `time` is in `[start, end)`.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveTime;
    /// use relance::SendingWindow;
    /// let w = SendingWindow::default();
    /// assert!(w.contains(NaiveTime::from_hms_opt(8, 0, 0).unwrap()));
    /// assert!(!w.contains(NaiveTime::from_hms_opt(19, 0, 0).unwrap()));
    /// ```
    pub fn contains(&self, time: NaiveTime) -> bool {
        self.start <= time && time < self.end
    }

    /// Send now, or the next UTC instant at which the customer's wall clock is inside this
    /// window on a business day of `calendar` (see the module docs for DST behaviour).
    ///
    /// # Errors
    /// [`SendingWindowError::LocalTime`] for an instant out of range;
    /// [`SendingWindowError::Calendar`] when the calendar has no business day in reach;
    /// [`SendingWindowError::NoSendingSlot`] when
    /// [`MAX_DAYS_TRIED`](Self::MAX_DAYS_TRIED) business days have no opening.
    ///
    /// # Example
    /// ```
    /// use relance::calendar::{BusinessCalendar, HolidaySet};
    /// use relance::Zone;
    /// use relance::{SendDecision, SendingWindow};
    /// let cal = BusinessCalendar::new(HolidaySet::EnglandAndWales);
    /// let london = Zone::by_name("Europe/London")?;
    /// let now = "2025-06-11T10:00:00Z".parse().unwrap(); // Wednesday 11:00 BST
    /// let d = SendingWindow::default().decide(now, london, &cal)?;
    /// assert!(matches!(d, SendDecision::SendNow { .. }));
    /// assert_eq!(d.send_at(), now);
    /// # Ok::<(), relance::SendingWindowError>(())
    /// ```
    pub fn decide(
        &self,
        now: DateTime<Utc>,
        zone: Zone,
        calendar: &BusinessCalendar,
    ) -> Result<SendDecision, SendingWindowError> {
        let local_now = zone.local_date_time(now)?;
        let today = local_now.date();
        if calendar.is_business_day(today) && self.contains(local_now.time()) {
            return Ok(SendDecision::SendNow {
                at: now,
                local: local_now,
            });
        }
        let out_of_range = LocalTimeError::InstantOutOfRange { instant: now };
        let mut day = today;
        for _ in 0..Self::MAX_DAYS_TRIED {
            day = calendar.next_business_day(day)?;
            if let Some(until) = self.opening_on(day, now, zone)? {
                let local = zone.local_date_time(until)?;
                return Ok(SendDecision::Defer { until, local });
            }
            day = day.succ_opt().ok_or(out_of_range.clone())?;
        }
        Err(SendingWindowError::NoSendingSlot {
            zone: zone.name().to_string(),
            after: now,
            days_searched: Self::MAX_DAYS_TRIED,
        })
    }

    /// The earliest instant at or after `now` whose wall-clock time in `zone` is inside the
    /// window on the local date `day`, if any.
    ///
    /// The set of such instants is a union of intervals whose left ends are either the
    /// instants the wall clock shows `start`, or offset changes (the clock jumps into the
    /// window). So those candidates are enough.
    fn opening_on(
        &self,
        day: NaiveDate,
        now: DateTime<Utc>,
        zone: Zone,
    ) -> Result<Option<DateTime<Utc>>, SendingWindowError> {
        let mut candidates = Vec::with_capacity(4);
        match zone.resolve(day.and_time(self.start))? {
            LocalResolution::Unique(t) => candidates.push(t),
            LocalResolution::Ambiguous { earlier, later } => candidates.extend([earlier, later]),
            LocalResolution::Skipped { next_valid } => candidates.push(next_valid),
        }
        // Every UTC instant whose local date is `day` lies in this span (offsets are within
        // ±16 hours, local mean times included).
        let margin = TimeDelta::hours(16);
        let midnight = day.and_time(NaiveTime::MIN);
        let span = midnight
            .checked_sub_signed(margin)
            .zip(midnight.checked_add_signed(TimeDelta::days(1) + margin));
        if let Some((from, to)) = span {
            candidates.extend(zone.transitions_between(from.and_utc(), to.and_utc())?);
        }
        let mut best: Option<DateTime<Utc>> = None;
        for c in candidates {
            if c < now || best.is_some_and(|b| b <= c) {
                continue;
            }
            let local: NaiveDateTime = zone.local_date_time(c)?;
            if local.date() == day && self.contains(local.time()) {
                best = Some(c);
            }
        }
        Ok(best)
    }
}

/// A default [`SendingWindow`] plus overrides per [`Channel`]; channels without an
/// override use the default.
///
/// Serialises as `{"default": {...}, "per_channel": {"sms": {...}}}`, keyed by the
/// channel's snake_case name; both fields may be omitted, and a key that is not a channel
/// is refused on load. Keys are kept sorted, so output is deterministic.
///
/// # Example
/// ```
/// use chrono::NaiveTime;
/// use relance::Channel;
/// use relance::{SendingWindow, SendingWindows};
/// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
/// let windows =
///     SendingWindows::default().with_channel(Channel::Sms, SendingWindow::new(t(9), t(18))?);
/// assert_eq!(windows.for_channel(Channel::Sms).start(), t(9));
/// assert_eq!(windows.for_channel(Channel::Email), &SendingWindow::default());
/// let typo = r#"{"per_channel": {"smss": {"start": "09:00", "end": "18:00"}}}"#;
/// assert!(serde_json::from_str::<SendingWindows>(typo).is_err());
/// # Ok::<(), relance::SendingWindowError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SendingWindows {
    /// The window of channels without an override.
    #[serde(default)]
    pub default: SendingWindow,
    /// Overrides by channel.
    #[serde(default)]
    pub per_channel: BTreeMap<Channel, SendingWindow>,
}

impl SendingWindows {
    /// The window of `channel`, or the default one.
    ///
    /// # Example
    /// ```
    /// use relance::Channel;
    /// use relance::{SendingWindow, SendingWindows};
    /// assert_eq!(SendingWindows::default().for_channel(Channel::Sms), &SendingWindow::DEFAULT);
    /// ```
    pub fn for_channel(&self, channel: Channel) -> &SendingWindow {
        self.per_channel.get(&channel).unwrap_or(&self.default)
    }

    /// Sets the window of `channel` (builder style).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveTime;
    /// use relance::Channel;
    /// use relance::{SendingWindow, SendingWindows};
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    /// let w = SendingWindows::default()
    ///     .with_channel(Channel::Phone, SendingWindow::new(t(9), t(17))?);
    /// assert_eq!(w.per_channel.len(), 1);
    /// # Ok::<(), relance::SendingWindowError>(())
    /// ```
    #[must_use]
    pub fn with_channel(mut self, channel: Channel, window: SendingWindow) -> Self {
        self.per_channel.insert(channel, window);
        self
    }

    /// Sets the default window (builder style).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveTime;
    /// use relance::{SendingWindow, SendingWindows};
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    /// let w = SendingWindows::default().with_default(SendingWindow::new(t(7), t(21))?);
    /// assert_eq!(w.for_channel(relance::Channel::Letter).end(), t(21));
    /// # Ok::<(), relance::SendingWindowError>(())
    /// ```
    #[must_use]
    pub fn with_default(mut self, window: SendingWindow) -> Self {
        self.default = window;
        self
    }
}

/// Whether to deliver now or later. See [`SendingWindow::decide`].
///
/// # Example
/// ```
/// use relance::SendDecision;
/// let d = SendDecision::Defer {
///     until: "2025-03-31T06:00:00Z".parse().unwrap(),
///     local: "2025-03-31T08:00:00".parse().unwrap(),
/// };
/// assert!(d.is_deferred());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[must_use]
pub enum SendDecision {
    /// Deliver now.
    SendNow {
        /// The instant the decision was made for.
        at: DateTime<Utc>,
        /// The customer's wall-clock date and time at `at`.
        local: NaiveDateTime,
    },
    /// Do not deliver before `until`.
    Defer {
        /// The next instant delivery is allowed.
        until: DateTime<Utc>,
        /// The customer's wall-clock date and time at `until`.
        local: NaiveDateTime,
    },
}

impl SendDecision {
    /// True for [`SendDecision::Defer`].
    ///
    /// # Example
    /// ```
    /// use relance::SendDecision;
    /// let d = SendDecision::SendNow {
    ///     at: "2025-06-11T10:00:00Z".parse().unwrap(),
    ///     local: "2025-06-11T11:00:00".parse().unwrap(),
    /// };
    /// assert!(!d.is_deferred());
    /// ```
    pub fn is_deferred(&self) -> bool {
        matches!(self, SendDecision::Defer { .. })
    }

    /// The customer's local date and time of delivery.
    ///
    /// # Example
    /// ```
    /// use relance::SendDecision;
    /// let d = SendDecision::Defer {
    ///     until: "2025-03-31T06:00:00Z".parse().unwrap(),
    ///     local: "2025-03-31T08:00:00".parse().unwrap(),
    /// };
    /// assert_eq!(d.local().date().to_string(), "2025-03-31");
    /// ```
    pub fn local(&self) -> NaiveDateTime {
        match *self {
            SendDecision::SendNow { local, .. } | SendDecision::Defer { local, .. } => local,
        }
    }

    /// When to deliver: the instant decided on for [`SendDecision::SendNow`], `until` for a
    /// deferral.
    ///
    /// # Example
    /// ```
    /// use relance::SendDecision;
    /// let d = SendDecision::Defer {
    ///     until: "2025-03-31T06:00:00Z".parse().unwrap(),
    ///     local: "2025-03-31T08:00:00".parse().unwrap(),
    /// };
    /// assert_eq!(d.send_at().to_string(), "2025-03-31 06:00:00 UTC");
    /// ```
    pub fn send_at(&self) -> DateTime<Utc> {
        match *self {
            SendDecision::SendNow { at, .. } => at,
            SendDecision::Defer { until, .. } => until,
        }
    }
}
