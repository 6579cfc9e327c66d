//! Public holidays per [`HolidaySet`], computed for any year.

use super::CalendarError;
use super::easter::easter_sunday;
use crate::Country;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Which public holidays a [`BusinessCalendar`](super::BusinessCalendar) closes on.
///
/// Rules in force today are applied to every year (relance is not a historical calendar);
/// the one-off holidays listed per variant are added for their year only.
///
/// Serialised in snake case: `"france"`, `"france_alsace_moselle"`, `"belgium"`,
/// `"germany"`, `"england_and_wales"`, `"weekends_only"`.
///
/// # Example
/// ```
/// use relance::{calendar::HolidaySet, Country};
/// assert_eq!(HolidaySet::for_country(Country::GB).unwrap(), HolidaySet::EnglandAndWales);
/// assert_eq!(serde_json::to_string(&HolidaySet::France).unwrap(), "\"france\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HolidaySet {
    /// France, national public holidays (*jours fériés*, Code du travail art. L3133-1):
    /// 1 January, Easter Monday, 1 May, 8 May, Ascension Day, Whit Monday, 14 July,
    /// 15 August, 1 November, 11 November, 25 December.
    ///
    /// Whit Monday is included: it stays a legal public holiday even where businesses work
    /// it as the *journée de solidarité*. Alsace-Moselle's extra days are not included here;
    /// choose [`HolidaySet::FranceAlsaceMoselle`] for customers there.
    France,
    /// France plus the two extra holidays of Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle;
    /// Code du travail art. L3134-13): Good Friday and 26 December (Saint-Étienne).
    FranceAlsaceMoselle,
    /// Belgium, the ten legal public holidays (arrêté royal du 18 avril 1974): 1 January,
    /// Easter Monday, 1 May, Ascension Day, Whit Monday, 21 July, 15 August, 1 November,
    /// 11 November, 25 December. Replacement days an employer grants for a holiday falling on
    /// a Sunday are company-specific and not included (add them as closures).
    Belgium,
    /// Germany, the nationwide holidays only (federal: 3 October by the Einigungsvertrag;
    /// the others by every Land's holiday law): 1 January, Good Friday, Easter Monday,
    /// 1 May, Ascension Day, Whit Monday, 3 October, 25 and 26 December; plus Reformation Day
    /// 31 October 2017, which was a one-off nationwide holiday. Holidays of single Länder
    /// (Epiphany, Corpus Christi, Reformation Day, All Saints...) are not included.
    Germany,
    /// England and Wales bank holidays (Banking and Financial Dealings Act 1971, Schedule 1,
    /// and royal proclamations): New Year's Day, Good Friday, Easter Monday, early May bank
    /// holiday (first Monday of May), spring bank holiday (last Monday of May), summer bank
    /// holiday (last Monday of August), Christmas Day, Boxing Day.
    ///
    /// When New Year's Day, Christmas Day or Boxing Day falls on a Saturday or Sunday, the
    /// next weekday that is not already a bank holiday is a substitute day (so Christmas on a
    /// Saturday gives substitute days on Monday 27 and Tuesday 28 December; Boxing Day on a
    /// Saturday gives Monday 28).
    ///
    /// One-off changes by proclamation from 1995 on are included: early May bank holiday
    /// moved to 8 May in 1995 and 2020; spring bank holiday moved in 2002 (4 June), 2012
    /// (4 June) and 2022 (2 June); extra bank holidays on 31 December 1999, 3 June 2002,
    /// 29 April 2011, 5 June 2012, 3 June 2022, 19 September 2022 and 8 May 2023.
    ///
    /// Scotland and Northern Ireland have different bank holidays and are not covered.
    EnglandAndWales,
    /// No public holidays: only Saturdays, Sundays and host closures are non-business days.
    WeekendsOnly,
}

impl HolidaySet {
    /// The holiday set relance uses by default for a country: FR → [`HolidaySet::France`],
    /// BE → [`HolidaySet::Belgium`], DE → [`HolidaySet::Germany`], GB →
    /// [`HolidaySet::EnglandAndWales`].
    ///
    /// # Errors
    /// [`CalendarError::UnsupportedCountry`] for any other country; choose
    /// [`HolidaySet::WeekendsOnly`] plus closures explicitly instead.
    ///
    /// # Example
    /// ```
    /// use relance::{calendar::HolidaySet, Country};
    /// assert_eq!(HolidaySet::for_country(Country::FR).unwrap(), HolidaySet::France);
    /// assert!(HolidaySet::for_country("IT".parse().unwrap()).is_err());
    /// ```
    pub fn for_country(country: Country) -> Result<HolidaySet, CalendarError> {
        match country {
            Country::FR => Ok(HolidaySet::France),
            Country::BE => Ok(HolidaySet::Belgium),
            Country::DE => Ok(HolidaySet::Germany),
            Country::GB => Ok(HolidaySet::EnglandAndWales),
            other => Err(CalendarError::UnsupportedCountry { country: other }),
        }
    }

    /// Every public holiday of `year`, sorted by date (substitute days included).
    ///
    /// # Example
    /// ```
    /// use relance::calendar::{Feast, HolidaySet};
    /// let h = HolidaySet::EnglandAndWales.holidays(2027);
    /// let last = h.last().unwrap();
    /// assert_eq!(last.date.to_string(), "2027-12-28");
    /// assert_eq!(last.feast, Feast::BoxingDay);
    /// assert!(last.substitute);
    /// ```
    pub fn holidays(self, year: i32) -> Vec<Holiday> {
        let mut b = Builder::new(year);
        match self {
            HolidaySet::France => france(&mut b),
            HolidaySet::FranceAlsaceMoselle => {
                france(&mut b);
                b.easter(-2, Feast::GoodFriday);
                b.fixed(12, 26, Feast::BoxingDay);
            }
            HolidaySet::Belgium => belgium(&mut b),
            HolidaySet::Germany => germany(&mut b),
            HolidaySet::EnglandAndWales => england_and_wales(&mut b),
            HolidaySet::WeekendsOnly => {}
        }
        let mut out = b.out;
        out.sort_by_key(|h| h.date);
        out
    }

    /// The holiday on `date`, if any.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use relance::calendar::{Feast, HolidaySet};
    /// let d = NaiveDate::from_ymd_opt(2025, 7, 21).unwrap();
    /// assert_eq!(HolidaySet::Belgium.holiday_on(d).unwrap().feast, Feast::NationalDay);
    /// assert!(HolidaySet::France.holiday_on(d).is_none());
    /// ```
    pub fn holiday_on(self, date: NaiveDate) -> Option<Holiday> {
        self.holidays(date.year())
            .into_iter()
            .find(|h| h.date == date)
    }
}

/// Which feast a [`Holiday`] celebrates.
///
/// # Example
/// ```
/// use relance::calendar::Feast;
/// assert_eq!(serde_json::to_string(&Feast::WhitMonday).unwrap(), "\"whit_monday\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Feast {
    /// 1 January.
    NewYearsDay,
    /// Friday before Easter Sunday.
    GoodFriday,
    /// Monday after Easter Sunday.
    EasterMonday,
    /// 1 May (Fête du Travail, Tag der Arbeit, Dag van de Arbeid).
    LabourDay,
    /// 8 May, Victory in Europe Day (France).
    VictoryInEuropeDay,
    /// Ascension Day, 39 days after Easter Sunday.
    AscensionDay,
    /// Whit Monday, 50 days after Easter Sunday.
    WhitMonday,
    /// National day: 14 July in France, 21 July in Belgium.
    NationalDay,
    /// 15 August.
    AssumptionDay,
    /// 3 October, Day of German Unity.
    GermanUnityDay,
    /// 31 October (nationwide in Germany in 2017 only).
    ReformationDay,
    /// 1 November.
    AllSaintsDay,
    /// 11 November.
    ArmisticeDay,
    /// 25 December.
    ChristmasDay,
    /// 26 December: Boxing Day (England and Wales), Zweiter Weihnachtsfeiertag (Germany),
    /// Saint-Étienne (Alsace-Moselle).
    BoxingDay,
    /// First Monday of May (England and Wales).
    EarlyMayBankHoliday,
    /// Last Monday of May (England and Wales).
    SpringBankHoliday,
    /// Last Monday of August (England and Wales).
    SummerBankHoliday,
    /// A one-off bank holiday by royal proclamation (jubilee, royal wedding, state funeral,
    /// coronation, millennium).
    SpecialBankHoliday,
}

/// One public holiday.
///
/// # Example
/// ```
/// use relance::calendar::{Feast, HolidaySet};
/// let h = HolidaySet::Germany.holidays(2025);
/// assert_eq!(h[0].feast, Feast::NewYearsDay);
/// assert!(!h[0].substitute);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    /// The day the holiday is observed (for a substitute day, the substitute date).
    pub date: NaiveDate,
    /// What it celebrates.
    pub feast: Feast,
    /// True when `date` is a substitute for a holiday that fell on a weekend.
    pub substitute: bool,
}

struct Builder {
    year: i32,
    easter: Option<NaiveDate>,
    out: Vec<Holiday>,
}

impl Builder {
    fn new(year: i32) -> Builder {
        Builder {
            year,
            easter: easter_sunday(year),
            out: Vec::with_capacity(14),
        }
    }

    fn push(&mut self, date: Option<NaiveDate>, feast: Feast) {
        if let Some(date) = date {
            self.out.push(Holiday {
                date,
                feast,
                substitute: false,
            });
        }
    }

    fn fixed(&mut self, month: u32, day: u32, feast: Feast) {
        self.push(NaiveDate::from_ymd_opt(self.year, month, day), feast);
    }

    fn easter(&mut self, offset: i64, feast: Feast) {
        let date = self.easter.and_then(|e| {
            if offset >= 0 {
                e.checked_add_days(Days::new(offset.unsigned_abs()))
            } else {
                e.checked_sub_days(Days::new(offset.unsigned_abs()))
            }
        });
        self.push(date, feast);
    }

    fn first_monday(&self, month: u32) -> Option<NaiveDate> {
        NaiveDate::from_weekday_of_month_opt(self.year, month, Weekday::Mon, 1)
    }

    fn last_monday(&self, month: u32) -> Option<NaiveDate> {
        let last = NaiveDate::from_ymd_opt(self.year, month + 1, 1)?.pred_opt()?;
        let back = u64::from(last.weekday().num_days_from_monday());
        last.checked_sub_days(Days::new(back))
    }

    fn is_taken(&self, date: NaiveDate) -> bool {
        self.out.iter().any(|h| h.date == date)
    }

    /// Adds a substitute weekday for each of `feasts` observed on a weekend, in the order
    /// given, skipping days that are already holidays.
    fn substitutes(&mut self, feasts: &[Feast]) {
        for &feast in feasts {
            let Some(date) = self
                .out
                .iter()
                .find(|h| h.feast == feast && !h.substitute)
                .map(|h| h.date)
            else {
                continue;
            };
            if !is_weekend(date) {
                continue;
            }
            let mut candidate = date.succ_opt();
            // At most 2 weekend days plus the 2 other substitutes can be skipped.
            for _ in 0..7 {
                match candidate {
                    Some(c) if is_weekend(c) || self.is_taken(c) => candidate = c.succ_opt(),
                    _ => break,
                }
            }
            if let Some(c) = candidate {
                self.out.push(Holiday {
                    date: c,
                    feast,
                    substitute: true,
                });
            }
        }
    }
}

pub(super) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn france(b: &mut Builder) {
    b.fixed(1, 1, Feast::NewYearsDay);
    b.easter(1, Feast::EasterMonday);
    b.fixed(5, 1, Feast::LabourDay);
    b.fixed(5, 8, Feast::VictoryInEuropeDay);
    b.easter(39, Feast::AscensionDay);
    b.easter(50, Feast::WhitMonday);
    b.fixed(7, 14, Feast::NationalDay);
    b.fixed(8, 15, Feast::AssumptionDay);
    b.fixed(11, 1, Feast::AllSaintsDay);
    b.fixed(11, 11, Feast::ArmisticeDay);
    b.fixed(12, 25, Feast::ChristmasDay);
}

fn belgium(b: &mut Builder) {
    b.fixed(1, 1, Feast::NewYearsDay);
    b.easter(1, Feast::EasterMonday);
    b.fixed(5, 1, Feast::LabourDay);
    b.easter(39, Feast::AscensionDay);
    b.easter(50, Feast::WhitMonday);
    b.fixed(7, 21, Feast::NationalDay);
    b.fixed(8, 15, Feast::AssumptionDay);
    b.fixed(11, 1, Feast::AllSaintsDay);
    b.fixed(11, 11, Feast::ArmisticeDay);
    b.fixed(12, 25, Feast::ChristmasDay);
}

fn germany(b: &mut Builder) {
    b.fixed(1, 1, Feast::NewYearsDay);
    b.easter(-2, Feast::GoodFriday);
    b.easter(1, Feast::EasterMonday);
    b.fixed(5, 1, Feast::LabourDay);
    b.easter(39, Feast::AscensionDay);
    b.easter(50, Feast::WhitMonday);
    if b.year >= 1990 {
        b.fixed(10, 3, Feast::GermanUnityDay);
    }
    if b.year == 2017 {
        b.fixed(10, 31, Feast::ReformationDay);
    }
    b.fixed(12, 25, Feast::ChristmasDay);
    b.fixed(12, 26, Feast::BoxingDay);
}

fn england_and_wales(b: &mut Builder) {
    b.fixed(1, 1, Feast::NewYearsDay);
    b.easter(-2, Feast::GoodFriday);
    b.easter(1, Feast::EasterMonday);
    match b.year {
        1995 => b.fixed(5, 8, Feast::EarlyMayBankHoliday),
        2020 => b.fixed(5, 8, Feast::EarlyMayBankHoliday),
        _ => b.push(b.first_monday(5), Feast::EarlyMayBankHoliday),
    }
    match b.year {
        2002 | 2012 => b.fixed(6, 4, Feast::SpringBankHoliday),
        2022 => b.fixed(6, 2, Feast::SpringBankHoliday),
        _ => b.push(b.last_monday(5), Feast::SpringBankHoliday),
    }
    b.push(b.last_monday(8), Feast::SummerBankHoliday);
    b.fixed(12, 25, Feast::ChristmasDay);
    b.fixed(12, 26, Feast::BoxingDay);
    for (y, m, d) in SPECIAL_BANK_HOLIDAYS {
        if *y == b.year {
            b.fixed(*m, *d, Feast::SpecialBankHoliday);
        }
    }
    b.substitutes(&[Feast::NewYearsDay, Feast::ChristmasDay, Feast::BoxingDay]);
}

/// One-off bank holidays in England and Wales by royal proclamation, from 1995 on.
const SPECIAL_BANK_HOLIDAYS: &[(i32, u32, u32)] = &[
    (1999, 12, 31), // Millennium
    (2002, 6, 3),   // Golden Jubilee
    (2011, 4, 29),  // Royal wedding
    (2012, 6, 5),   // Diamond Jubilee
    (2022, 6, 3),   // Platinum Jubilee
    (2022, 9, 19),  // State funeral of Queen Elizabeth II
    (2023, 5, 8),   // Coronation of King Charles III
];

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(set: HolidaySet, year: i32) -> Vec<String> {
        set.holidays(year)
            .iter()
            .map(|h| h.date.format("%m-%d").to_string())
            .collect()
    }

    #[test]
    fn england_and_wales_substitutes() {
        // 2022: New Year on Saturday, Christmas on Sunday (Boxing Day Monday 26, Christmas
        // substitute Tuesday 27), plus the Platinum Jubilee and the state funeral. The feast
        // days themselves stay listed on their weekend date.
        assert_eq!(
            dates(HolidaySet::EnglandAndWales, 2022),
            [
                "01-01", "01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19",
                "12-25", "12-26", "12-27"
            ]
        );
        let h = HolidaySet::EnglandAndWales.holidays(2022);
        let dec27 = h
            .iter()
            .find(|h| h.date.format("%m-%d").to_string() == "12-27");
        assert_eq!(
            dec27.map(|h| (h.feast, h.substitute)),
            Some((Feast::ChristmasDay, true))
        );
    }

    #[test]
    fn germany_2017_reformation_day() {
        assert!(dates(HolidaySet::Germany, 2017).contains(&"10-31".to_string()));
        assert!(!dates(HolidaySet::Germany, 2018).contains(&"10-31".to_string()));
    }

    #[test]
    fn every_year_of_chrono_range_edges_is_computable() {
        for set in [
            HolidaySet::France,
            HolidaySet::FranceAlsaceMoselle,
            HolidaySet::Belgium,
            HolidaySet::Germany,
            HolidaySet::EnglandAndWales,
        ] {
            for y in [NaiveDate::MIN.year(), 0, NaiveDate::MAX.year()] {
                let h = set.holidays(y);
                assert!(h.len() >= 8, "{set:?} {y}: {h:?}");
            }
        }
    }
}
