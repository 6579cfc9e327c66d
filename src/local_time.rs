//! The customer's local date and time: UTC instants converted with IANA time zones. (see the docs of `Zone`).

use crate::jurisdiction::Country;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::OffsetDateTime;
use time_tz::timezones::db;
use time_tz::{Offset, OffsetResult, TimeZone, Tz};

/// What went wrong converting between UTC and a customer's local time.
///
/// # Example
/// ```
/// use relance::{LocalTimeError, Zone};
/// let e = Zone::by_name("Europe/Pariss").unwrap_err();
/// assert_eq!(e, LocalTimeError::UnknownTimeZone { name: "Europe/Pariss".into() });
/// assert!(e.to_string().contains("Europe/Pariss"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LocalTimeError {
    /// The zone name is not in the tz database.
    #[error("unknown time zone {name:?}: expected an IANA name such as \"Europe/Paris\"")]
    UnknownTimeZone {
        /// The name as given.
        name: String,
    },
    /// An instant outside the supported range (years -9999 to 9999).
    #[error("instant {instant} is outside the supported range (years -9999 to 9999)")]
    InstantOutOfRange {
        /// The instant as given.
        instant: DateTime<Utc>,
    },
    /// A local date and time outside the supported range.
    #[error("local time {local} in {zone} is outside the supported range")]
    LocalTimeOutOfRange {
        /// The local date and time as given.
        local: NaiveDateTime,
        /// The zone name.
        zone: String,
    },
}

/// An IANA time zone from the bundled tz database, e.g. `Europe/Paris`.
///
/// Validated when created, so a host stores customer zones as `Zone` and never meets an
/// unknown name later. Serialises as its IANA name. Windows zone names known to the tz
/// data (e.g. `"Romance Standard Time"`) are also accepted and become the IANA zone.
///
/// # Example
/// ```
/// use relance::Zone;
/// let z: Zone = serde_json::from_str("\"Europe/London\"").unwrap();
/// assert_eq!(z.name(), "Europe/London");
/// assert!(Zone::by_name("Europe/Atlantis").is_err());
/// ```
///
/// The customer's local date and time: UTC instants converted with IANA time zones.
///
/// The host passes UTC instants (`chrono::DateTime<Utc>`); relance works out each customer's
/// wall-clock date and time with the tz database bundled in `time-tz`. Nothing here reads
/// the system clock or the system's zone files, so results are the same on every machine.
///
/// Local times that do not exist (skipped when clocks go forward) or exist twice (repeated
/// when clocks go back) are reported explicitly by [`Zone::resolve`] as
/// [`LocalResolution::Skipped`] and [`LocalResolution::Ambiguous`].
///
/// Supported instants: years -9999 to 9999 (the range of the `time` crate); outside it,
/// [`LocalTimeError::InstantOutOfRange`]. Beyond the last rule of the bundled tz data, its
/// last offsets continue to apply.
///
/// ## Example
/// ```
/// use chrono::{DateTime, Utc};
/// use relance::{local_date, Zone};
/// let now: DateTime<Utc> = "2025-06-10T22:00:00Z".parse().unwrap();
/// // Already Wednesday morning in Auckland.
/// assert_eq!(local_date(now, "Pacific/Auckland")?.to_string(), "2025-06-11");
/// let paris = Zone::by_name("Europe/Paris")?;
/// assert_eq!(paris.local_date_time(now)?.to_string(), "2025-06-11 00:00:00");
/// # Ok::<(), relance::LocalTimeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Zone(&'static Tz);

impl Zone {
    /// Coordinated Universal Time, `Etc/UTC` (what `"UTC"` parses to).
    ///
    /// ```
    /// use relance::Zone;
    /// assert_eq!(Zone::UTC.name(), "Etc/UTC");
    /// assert_eq!("UTC".parse::<Zone>().unwrap(), Zone::UTC);
    /// ```
    pub const UTC: Zone = Zone(db::etc::UTC);
    /// France, `Europe/Paris`.
    ///
    /// ```
    /// use relance::Zone;
    /// assert_eq!(Zone::EUROPE_PARIS, "Europe/Paris".parse().unwrap());
    /// ```
    pub const EUROPE_PARIS: Zone = Zone(db::europe::PARIS);
    /// Belgium, `Europe/Brussels`.
    ///
    /// ```
    /// assert_eq!(relance::Zone::EUROPE_BRUSSELS.name(), "Europe/Brussels");
    /// ```
    pub const EUROPE_BRUSSELS: Zone = Zone(db::europe::BRUSSELS);
    /// Germany, `Europe/Berlin`.
    ///
    /// ```
    /// assert_eq!(relance::Zone::EUROPE_BERLIN.name(), "Europe/Berlin");
    /// ```
    pub const EUROPE_BERLIN: Zone = Zone(db::europe::BERLIN);
    /// The United Kingdom, `Europe/London`.
    ///
    /// ```
    /// assert_eq!(relance::Zone::EUROPE_LONDON.name(), "Europe/London");
    /// ```
    pub const EUROPE_LONDON: Zone = Zone(db::europe::LONDON);

    /// The usual zone of a European country (the EU, the EEA, Switzerland, the United
    /// Kingdom and the microstates): its capital's, which for Spain and Portugal is the
    /// mainland's (the Canary Islands, Madeira and the Azores differ). `None` for any other
    /// country, many of which span several zones: the host must then say which.
    ///
    /// # Example
    /// ```
    /// use relance::{Country, Zone};
    /// assert_eq!(Zone::for_country(Country::FR), Some(Zone::EUROPE_PARIS));
    /// assert_eq!(Zone::for_country(Country::GB), Some(Zone::EUROPE_LONDON));
    /// assert_eq!(Zone::for_country("NL".parse()?).map(|z| z.name()), Some("Europe/Amsterdam"));
    /// assert_eq!(Zone::for_country("US".parse()?), None); // six zones: the host decides
    /// # Ok::<(), relance::CountryError>(())
    /// ```
    pub fn for_country(country: Country) -> Option<Zone> {
        use db::{asia, atlantic, europe};
        let tz: &'static Tz = match country.code() {
            "AD" => europe::ANDORRA,
            "AT" => europe::VIENNA,
            "BE" => europe::BRUSSELS,
            "BG" => europe::SOFIA,
            "CH" => europe::ZURICH,
            "CY" => asia::NICOSIA,
            "CZ" => europe::PRAGUE,
            "DE" => europe::BERLIN,
            "DK" => europe::COPENHAGEN,
            "EE" => europe::TALLINN,
            "ES" => europe::MADRID,
            "FI" => europe::HELSINKI,
            "FR" => europe::PARIS,
            "GB" => europe::LONDON,
            "GR" => europe::ATHENS,
            "HR" => europe::ZAGREB,
            "HU" => europe::BUDAPEST,
            "IE" => europe::DUBLIN,
            "IS" => atlantic::REYKJAVIK,
            "IT" => europe::ROME,
            "LI" => europe::VADUZ,
            "LT" => europe::VILNIUS,
            "LU" => europe::LUXEMBOURG,
            "LV" => europe::RIGA,
            "MC" => europe::MONACO,
            "MT" => europe::MALTA,
            "NL" => europe::AMSTERDAM,
            "NO" => europe::OSLO,
            "PL" => europe::WARSAW,
            "PT" => europe::LISBON,
            "RO" => europe::BUCHAREST,
            "SE" => europe::STOCKHOLM,
            "SI" => europe::LJUBLJANA,
            "SK" => europe::BRATISLAVA,
            "SM" => europe::SAN_MARINO,
            "VA" => europe::VATICAN,
            _ => return None,
        };
        Some(Zone(tz))
    }

    /// Looks a zone up by name.
    ///
    /// # Errors
    /// [`LocalTimeError::UnknownTimeZone`], naming the zone.
    ///
    /// # Example
    /// ```
    /// use relance::{LocalTimeError, Zone};
    /// assert_eq!(Zone::by_name("Pacific/Auckland").unwrap().name(), "Pacific/Auckland");
    /// assert_eq!(
    ///     Zone::by_name("Mars/Olympus").unwrap_err(),
    ///     LocalTimeError::UnknownTimeZone { name: "Mars/Olympus".into() }
    /// );
    /// ```
    pub fn by_name(name: &str) -> Result<Zone, LocalTimeError> {
        time_tz::timezones::get_by_name(name)
            .map(Zone)
            .ok_or_else(|| LocalTimeError::UnknownTimeZone {
                name: name.to_string(),
            })
    }

    /// The IANA name.
    ///
    /// # Example
    /// ```
    /// use relance::Zone;
    /// assert_eq!(Zone::by_name("Europe/Brussels").unwrap().name(), "Europe/Brussels");
    /// ```
    pub fn name(&self) -> &'static str {
        let tz: &'static Tz = self.0;
        tz.name()
    }

    /// The offset from UTC in seconds (daylight saving included) at `instant`.
    ///
    /// # Errors
    /// [`LocalTimeError::InstantOutOfRange`].
    ///
    /// # Example
    /// ```
    /// use relance::Zone;
    /// let paris = Zone::by_name("Europe/Paris")?;
    /// assert_eq!(paris.utc_offset_seconds("2025-01-15T12:00:00Z".parse().unwrap())?, 3600);
    /// assert_eq!(paris.utc_offset_seconds("2025-07-15T12:00:00Z".parse().unwrap())?, 7200);
    /// # Ok::<(), relance::LocalTimeError>(())
    /// ```
    pub fn utc_offset_seconds(&self, instant: DateTime<Utc>) -> Result<i32, LocalTimeError> {
        self.offset_at(instant.timestamp())
            .ok_or(LocalTimeError::InstantOutOfRange { instant })
    }

    /// The wall-clock date and time at `instant` in this zone.
    ///
    /// # Errors
    /// [`LocalTimeError::InstantOutOfRange`].
    ///
    /// # Example
    /// ```
    /// use relance::Zone;
    /// let london = Zone::by_name("Europe/London")?;
    /// let t = london.local_date_time("2025-03-30T01:00:00Z".parse().unwrap())?;
    /// assert_eq!(t.to_string(), "2025-03-30 02:00:00"); // BST has just begun
    /// # Ok::<(), relance::LocalTimeError>(())
    /// ```
    pub fn local_date_time(&self, instant: DateTime<Utc>) -> Result<NaiveDateTime, LocalTimeError> {
        let offset = self.utc_offset_seconds(instant)?;
        instant
            .naive_utc()
            .checked_add_signed(TimeDelta::seconds(i64::from(offset)))
            .ok_or(LocalTimeError::InstantOutOfRange { instant })
    }

    /// The wall-clock date at `instant` in this zone.
    ///
    /// # Errors
    /// [`LocalTimeError::InstantOutOfRange`].
    ///
    /// # Example
    /// ```
    /// use relance::Zone;
    /// let z = Zone::by_name("Pacific/Auckland")?;
    /// assert_eq!(z.local_date("2025-01-31T12:00:00Z".parse().unwrap())?.to_string(), "2025-02-01");
    /// # Ok::<(), relance::LocalTimeError>(())
    /// ```
    pub fn local_date(&self, instant: DateTime<Utc>) -> Result<NaiveDate, LocalTimeError> {
        self.local_date_time(instant).map(|t| t.date())
    }

    /// The instant(s) at which the wall clock of this zone shows `local`.
    ///
    /// - [`LocalResolution::Unique`]: the usual case.
    /// - [`LocalResolution::Ambiguous`]: clocks go back and `local` happens twice; both
    ///   instants are given, earlier first.
    /// - [`LocalResolution::Skipped`]: clocks go forward over `local`, which never happens;
    ///   `next_valid` is the instant of the jump, the first instant whose wall-clock time is
    ///   after `local`.
    ///
    /// # Errors
    /// [`LocalTimeError::LocalTimeOutOfRange`] outside years -9999 to 9999.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDateTime;
    /// use relance::{LocalResolution, Zone};
    /// let paris = Zone::by_name("Europe/Paris")?;
    /// let gap: NaiveDateTime = "2025-03-30T02:30:00".parse().unwrap();
    /// assert_eq!(
    ///     paris.resolve(gap)?,
    ///     LocalResolution::Skipped { next_valid: "2025-03-30T01:00:00Z".parse().unwrap() }
    /// );
    /// let fold: NaiveDateTime = "2025-10-26T02:30:00".parse().unwrap();
    /// assert_eq!(
    ///     paris.resolve(fold)?,
    ///     LocalResolution::Ambiguous {
    ///         earlier: "2025-10-26T00:30:00Z".parse().unwrap(),
    ///         later: "2025-10-26T01:30:00Z".parse().unwrap(),
    ///     }
    /// );
    /// # Ok::<(), relance::LocalTimeError>(())
    /// ```
    pub fn resolve(&self, local: NaiveDateTime) -> Result<LocalResolution, LocalTimeError> {
        let out_of_range = || LocalTimeError::LocalTimeOutOfRange {
            local,
            zone: self.name().to_string(),
        };
        let local_secs = local.and_utc().timestamp();
        let as_utc = OffsetDateTime::from_unix_timestamp(local_secs).map_err(|_| out_of_range())?;
        let at = |offset: i32| -> Result<DateTime<Utc>, LocalTimeError> {
            local
                .checked_sub_signed(TimeDelta::seconds(i64::from(offset)))
                .map(|n| n.and_utc())
                .ok_or_else(out_of_range)
        };
        match self.0.get_offset_local(&as_utc) {
            OffsetResult::Some(o) => Ok(LocalResolution::Unique(at(o.to_utc().whole_seconds())?)),
            OffsetResult::Ambiguous(a, b) => {
                let (x, y) = (
                    at(a.to_utc().whole_seconds())?,
                    at(b.to_utc().whole_seconds())?,
                );
                Ok(LocalResolution::Ambiguous {
                    earlier: x.min(y),
                    later: x.max(y),
                })
            }
            OffsetResult::None => {
                let next = self
                    .first_at_or_after_local(local_secs)
                    .ok_or_else(out_of_range)?;
                let next_valid = DateTime::from_timestamp(next, 0).ok_or_else(out_of_range)?;
                Ok(LocalResolution::Skipped { next_valid })
            }
        }
    }

    /// Offset in seconds at a Unix time, `None` outside the supported range.
    fn offset_at(&self, unix_seconds: i64) -> Option<i32> {
        let t = OffsetDateTime::from_unix_timestamp(unix_seconds).ok()?;
        Some(self.0.get_offset_utc(&t).to_utc().whole_seconds())
    }

    /// Wall-clock time at a Unix time, as seconds since 1970-01-01T00:00 local.
    fn local_secs_at(&self, unix_seconds: i64) -> Option<i64> {
        unix_seconds.checked_add(i64::from(self.offset_at(unix_seconds)?))
    }

    /// The first Unix time whose wall-clock time is at or after `local_secs` (in a gap: the
    /// instant of the jump). Bisection over ±27 hours, which covers every UTC offset.
    fn first_at_or_after_local(&self, local_secs: i64) -> Option<i64> {
        const SPAN: i64 = 27 * 3600;
        let mut lo = local_secs.checked_sub(SPAN)?;
        let mut hi = local_secs.checked_add(SPAN)?;
        // At most 18 halvings of a 54-hour interval.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.local_secs_at(mid)? >= local_secs {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    /// The instants in `[from, to]` at which this zone's offset changes, found by sampling
    /// every hour and bisecting (offsets never change twice within an hour).
    pub(crate) fn transitions_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, LocalTimeError> {
        const STEP: i64 = 3600;
        let (from_s, to_s) = (from.timestamp(), to.timestamp());
        let offset = |s: i64| {
            self.offset_at(s)
                .ok_or(LocalTimeError::InstantOutOfRange { instant: from })
        };
        let mut out = Vec::new();
        let mut a = from_s;
        // Bounded by the caller's span (a few days): (to - from) / STEP iterations.
        while a < to_s {
            let b = a.saturating_add(STEP).min(to_s);
            let (oa, ob) = (offset(a)?, offset(b)?);
            if oa != ob {
                let (mut lo, mut hi) = (a, b);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset(mid)? == oa {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                if let Some(t) = DateTime::from_timestamp(hi, 0) {
                    out.push(t);
                }
            }
            a = b;
        }
        Ok(out)
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Zone {}

impl std::hash::Hash for Zone {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::str::FromStr for Zone {
    type Err = LocalTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zone::by_name(s)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Zone::by_name(&s).map_err(serde::de::Error::custom)
    }
}

/// Where a wall-clock time falls in UTC. See [`Zone::resolve`].
///
/// # Example
/// ```
/// use relance::{LocalResolution, Zone};
/// let r = Zone::by_name("Europe/London")?.resolve("2025-06-01T09:00:00".parse().unwrap())?;
/// assert_eq!(r, LocalResolution::Unique("2025-06-01T08:00:00Z".parse().unwrap()));
/// assert_eq!(r.earliest(), "2025-06-01T08:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
/// # Ok::<(), relance::LocalTimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalResolution {
    /// The wall-clock time happens exactly once.
    Unique(DateTime<Utc>),
    /// The wall-clock time happens twice (clocks go back).
    Ambiguous {
        /// The first occurrence (before the clocks go back).
        earlier: DateTime<Utc>,
        /// The second occurrence.
        later: DateTime<Utc>,
    },
    /// The wall-clock time never happens (clocks go forward over it).
    Skipped {
        /// The instant the clocks jump: the first instant showing a later wall-clock time.
        next_valid: DateTime<Utc>,
    },
}

impl LocalResolution {
    /// The earliest instant at which the wall clock shows the time, or for a skipped time
    /// the instant it is jumped over.
    ///
    /// # Example
    /// ```
    /// use relance::Zone;
    /// let paris = Zone::by_name("Europe/Paris")?;
    /// let r = paris.resolve("2025-10-26T02:30:00".parse().unwrap())?;
    /// assert_eq!(r.earliest().to_string(), "2025-10-26 00:30:00 UTC");
    /// # Ok::<(), relance::LocalTimeError>(())
    /// ```
    pub fn earliest(&self) -> DateTime<Utc> {
        match *self {
            LocalResolution::Unique(t) => t,
            LocalResolution::Ambiguous { earlier, .. } => earlier,
            LocalResolution::Skipped { next_valid } => next_valid,
        }
    }
}

/// The customer's local date at `instant` in the zone named `zone` (an IANA name).
///
/// # Errors
/// [`LocalTimeError::UnknownTimeZone`] naming the zone; [`LocalTimeError::InstantOutOfRange`].
///
/// # Example
/// ```
/// use relance::local_date;
/// let t = "2025-03-14T23:30:00Z".parse().unwrap();
/// assert_eq!(local_date(t, "Europe/Paris")?.to_string(), "2025-03-15");
/// assert_eq!(local_date(t, "America/New_York")?.to_string(), "2025-03-14");
/// assert!(local_date(t, "Europe/Pariss").is_err());
/// # Ok::<(), relance::LocalTimeError>(())
/// ```
pub fn local_date(instant: DateTime<Utc>, zone: &str) -> Result<NaiveDate, LocalTimeError> {
    Zone::by_name(zone)?.local_date(instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid instant")
    }

    #[test]
    fn out_of_range_instants_are_errors_not_panics() {
        let z = Zone::by_name("Europe/Paris").unwrap();
        for t in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            assert_eq!(
                z.local_date_time(t),
                Err(LocalTimeError::InstantOutOfRange { instant: t })
            );
        }
        assert!(z.resolve(NaiveDateTime::MAX).is_err());
        assert!(z.resolve(NaiveDateTime::MIN).is_err());
        // The edge of time's range, in a zone ahead of UTC.
        let z = Zone::by_name("Pacific/Kiritimati").unwrap();
        let _ = z.local_date_time(utc("9999-12-31T23:59:59Z"));
    }

    #[test]
    fn transitions_are_found_to_the_second() {
        let z = Zone::by_name("Europe/Paris").unwrap();
        let t = z
            .transitions_between(utc("2025-03-29T00:00:00Z"), utc("2025-03-31T00:00:00Z"))
            .unwrap();
        assert_eq!(t, [utc("2025-03-30T01:00:00Z")]);
        let none = z
            .transitions_between(utc("2025-06-01T00:00:00Z"), utc("2025-06-03T00:00:00Z"))
            .unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn named_zones_and_country_defaults_are_the_zones_looked_up_by_name() {
        for (z, name) in [
            (Zone::UTC, "Etc/UTC"),
            (Zone::EUROPE_PARIS, "Europe/Paris"),
            (Zone::EUROPE_BRUSSELS, "Europe/Brussels"),
            (Zone::EUROPE_BERLIN, "Europe/Berlin"),
            (Zone::EUROPE_LONDON, "Europe/London"),
        ] {
            assert_eq!(z.name(), name);
            assert_eq!(Zone::by_name(name), Ok(z));
        }
        assert_eq!(Zone::by_name("UTC"), Ok(Zone::UTC));
        for code in [
            "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
            "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO",
            "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA",
        ] {
            let country: Country = code.parse().unwrap();
            let z = Zone::for_country(country).unwrap();
            // The name round-trips: the zone serialises and loads back as itself.
            assert_eq!(Zone::by_name(z.name()), Ok(z), "{code}");
        }
        assert_eq!(Zone::for_country("US".parse().unwrap()), None);
    }

    #[test]
    fn london_gap_and_fold() {
        let z = Zone::by_name("Europe/London").unwrap();
        assert_eq!(
            z.resolve("2025-03-30T01:30:00".parse().unwrap()).unwrap(),
            LocalResolution::Skipped {
                next_valid: utc("2025-03-30T01:00:00Z")
            }
        );
        assert_eq!(
            z.resolve("2025-10-26T01:30:00".parse().unwrap()).unwrap(),
            LocalResolution::Ambiguous {
                earlier: utc("2025-10-26T00:30:00Z"),
                later: utc("2025-10-26T01:30:00Z")
            }
        );
    }
}

/// The date of a run, or the instant of a run in each customer's own time zone.
///
/// A [`RunAt::Date`] plans every customer on that date and delivers at once; a
/// [`RunAt::Instant`] plans each customer on its local date and delivers notices only
/// inside the customer's sending window.
///
/// # Example
/// ```
/// use relance::RunAt;
/// let date: chrono::NaiveDate = "2025-03-10".parse().unwrap();
/// assert_eq!(RunAt::from(date), RunAt::Date(date));
/// let now: chrono::DateTime<chrono::Utc> = "2025-03-10T08:00:00Z".parse().unwrap();
/// assert_eq!(RunAt::from(now).utc_date(), date);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunAt {
    /// A business date, the same for every customer.
    Date(NaiveDate),
    /// A UTC instant.
    Instant(DateTime<Utc>),
}

impl From<NaiveDate> for RunAt {
    fn from(d: NaiveDate) -> RunAt {
        RunAt::Date(d)
    }
}

impl From<DateTime<Utc>> for RunAt {
    fn from(t: DateTime<Utc>) -> RunAt {
        RunAt::Instant(t)
    }
}

impl RunAt {
    /// The date in UTC (the date itself for [`RunAt::Date`]).
    ///
    /// # Example
    /// ```
    /// let d: chrono::NaiveDate = "2025-03-10".parse().unwrap();
    /// assert_eq!(relance::RunAt::Date(d).utc_date(), d);
    /// ```
    pub fn utc_date(&self) -> NaiveDate {
        match self {
            RunAt::Date(d) => *d,
            RunAt::Instant(t) => t.date_naive(),
        }
    }

    /// The latest date anywhere: the date, or the UTC date plus one for an instant (time
    /// zones run to UTC+14). What to load from the store.
    ///
    /// # Example
    /// ```
    /// let t: chrono::DateTime<chrono::Utc> = "2025-03-10T23:00:00Z".parse().unwrap();
    /// assert_eq!(relance::RunAt::from(t).horizon(), "2025-03-11".parse().unwrap());
    /// ```
    pub fn horizon(&self) -> NaiveDate {
        match self {
            RunAt::Date(d) => *d,
            RunAt::Instant(t) => {
                let d = t.date_naive();
                d.succ_opt().unwrap_or(d)
            }
        }
    }

    /// The customer's business date: the date, or the instant's date in the customer's
    /// zone.
    ///
    /// # Errors
    /// The zone's error when it cannot tell the local date (out of range).
    ///
    /// # Example
    /// ```
    /// use relance::{RunAt, Zone};
    /// let t: chrono::DateTime<chrono::Utc> = "2025-03-10T12:00:00Z".parse().unwrap();
    /// let auckland = Zone::by_name("Pacific/Auckland").unwrap();
    /// assert_eq!(RunAt::from(t).local_date(auckland).unwrap(), "2025-03-11".parse().unwrap());
    /// ```
    pub fn local_date(&self, zone: Zone) -> Result<NaiveDate, LocalTimeError> {
        match self {
            RunAt::Date(d) => Ok(*d),
            RunAt::Instant(t) => zone.local_date(*t),
        }
    }
}
