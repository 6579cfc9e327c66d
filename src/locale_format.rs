//! Amounts, dates and day counts written the way each [`Language`] writes them.
//!
//! | | amount | date |
//! |---|---|---|
//! | French | `1 234,56 EUR` | `15 mars 2025`, `1er mars 2025` |
//! | English | `EUR 1,234.56` | `15 March 2025` |
//! | German | `1.234,56 EUR` | `15. März 2025` |
//! | Dutch | `EUR 1.234,56` | `15 maart 2025` |
//!
//! # Spaces
//! - French groups thousands with a **narrow no-break space, U+202F** ([`FRENCH_GROUP_SEPARATOR`]),
//!   as the Imprimerie nationale rules and CLDR do; it never breaks a number across lines.
//! - Between the amount and the currency code every language uses a **no-break space,
//!   U+00A0** ([`CURRENCY_SEPARATOR`]), so `EUR` never ends up alone on a line.
//! - [`format_amount_plain`] uses ordinary spaces (U+0020) instead, for channels whose
//!   character set lacks both (an SMS in GSM-7 has neither).
//!
//! Amounts use the currency's minor unit (`JPY` has no decimals, `TND` three). An amount with
//! more decimals is rounded half-up ([`Rounding::HalfUp`]) for display; round it beforehand
//! with another strategy if the notice must show something else. Negative amounts carry a
//! hyphen-minus where each language puts the sign: `-1 234,56 EUR`, `-EUR 1,234.56`,
//! `-1.234,56 EUR`, `EUR -1.234,56`.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use relance::locale_format::{format_amount_plain, format_date};
//! use relance::{Currency, Language, Money};
//!
//! let m = Money::parse("1234.56", Currency::EUR).unwrap();
//! assert_eq!(format_amount_plain(&m, Language::Fr), "1 234,56 EUR");
//! assert_eq!(format_amount_plain(&m, Language::En), "EUR 1,234.56");
//! let d = NaiveDate::from_ymd_opt(2025, 3, 15).unwrap();
//! assert_eq!(format_date(d, Language::De), "15. März 2025");
//! ```

use crate::calendar::{DayCounting, DeadlineRule};
use crate::jurisdiction::Language;
use crate::money::{Money, Rounding};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The thousands separator in French: U+202F NARROW NO-BREAK SPACE.
///
/// # Example
/// ```
/// use relance::locale_format::{format_integer, FRENCH_GROUP_SEPARATOR};
/// use relance::Language;
/// assert_eq!(format_integer(1000, Language::Fr), format!("1{FRENCH_GROUP_SEPARATOR}000"));
/// ```
pub const FRENCH_GROUP_SEPARATOR: char = '\u{202F}';
/// Between an amount and its currency code, in every language: U+00A0 NO-BREAK SPACE.
///
/// # Example
/// ```
/// use relance::locale_format::{format_amount, CURRENCY_SEPARATOR};
/// use relance::{Currency, Language, Money};
/// let m = Money::parse("5", Currency::EUR).unwrap();
/// assert_eq!(format_amount(&m, Language::En), format!("EUR{CURRENCY_SEPARATOR}5.00"));
/// ```
pub const CURRENCY_SEPARATOR: char = '\u{00A0}';

#[derive(Clone, Copy)]
struct Spaces {
    group_fr: char,
    currency: char,
}

const TYPOGRAPHIC: Spaces = Spaces {
    group_fr: FRENCH_GROUP_SEPARATOR,
    currency: CURRENCY_SEPARATOR,
};
const PLAIN: Spaces = Spaces {
    group_fr: ' ',
    currency: ' ',
};

/// An amount with its currency code, as `lang` writes it, with no-break spaces (see the
/// module docs).
///
/// # Example
/// ```
/// use relance::locale_format::format_amount;
/// use relance::{Currency, Language, Money};
/// let m = Money::parse("-1234.5", Currency::EUR).unwrap();
/// assert_eq!(format_amount(&m, Language::Fr), "-1\u{202F}234,50\u{A0}EUR");
/// assert_eq!(format_amount(&m, Language::Nl), "EUR\u{A0}-1.234,50");
/// ```
pub fn format_amount(money: &Money, lang: Language) -> String {
    amount(money, lang, TYPOGRAPHIC)
}

/// Like [`format_amount`] but with ordinary spaces only (U+0020), for SMS and other
/// restricted character sets.
///
/// # Example
/// ```
/// use relance::locale_format::format_amount_plain;
/// use relance::{Currency, Language, Money};
/// let yen = Money::parse("1234567", Currency::JPY).unwrap();
/// assert_eq!(format_amount_plain(&yen, Language::Fr), "1 234 567 JPY");
/// assert_eq!(format_amount_plain(&yen, Language::En), "JPY 1,234,567");
/// let m = Money::parse("-1234.56", Currency::GBP).unwrap();
/// assert_eq!(format_amount_plain(&m, Language::En), "-GBP 1,234.56");
/// assert_eq!(format_amount_plain(&m, Language::De), "-1.234,56 GBP");
/// ```
pub fn format_amount_plain(money: &Money, lang: Language) -> String {
    amount(money, lang, PLAIN)
}

fn amount(money: &Money, lang: Language, spaces: Spaces) -> String {
    let minor = money.currency.minor_unit();
    let rounded = money.currency.round(money.amount, Rounding::HalfUp);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let number = number(rounded.abs(), minor, lang, spaces);
    let sign = if negative { "-" } else { "" };
    let code = money.currency.code();
    let sp = spaces.currency;
    match lang {
        Language::Fr | Language::De => format!("{sign}{number}{sp}{code}"),
        Language::En => format!("{sign}{code}{sp}{number}"),
        Language::Nl => format!("{code}{sp}{sign}{number}"),
    }
}

/// A non-negative decimal with exactly `decimals` decimals, grouped by thousands.
fn number(value: Decimal, decimals: u32, lang: Language, spaces: Spaces) -> String {
    let (group, mark) = match lang {
        Language::Fr => (spaces.group_fr, ','),
        Language::En => (',', '.'),
        Language::De | Language::Nl => ('.', ','),
    };
    let text = value.to_string();
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut out = group_digits(int_part, group);
    if decimals > 0 {
        out.push(mark);
        let width = usize::try_from(decimals).unwrap_or(0);
        let mut frac: String = frac_part.chars().take(width).collect();
        while frac.len() < width {
            frac.push('0');
        }
        out.push_str(&frac);
    }
    out
}

fn group_digits(digits: &str, group: char) -> String {
    let n = digits.chars().count();
    let mut out = String::with_capacity(n + n / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    out
}

/// A whole number grouped by thousands as `lang` writes it (French with U+202F).
///
/// # Example
/// ```
/// use relance::locale_format::format_integer;
/// use relance::Language;
/// assert_eq!(format_integer(1_234_567, Language::En), "1,234,567");
/// assert_eq!(format_integer(1_234_567, Language::De), "1.234.567");
/// assert_eq!(format_integer(1_234, Language::Fr), "1\u{202F}234");
/// assert_eq!(format_integer(-45, Language::Nl), "-45");
/// ```
pub fn format_integer(n: i64, lang: Language) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let digits = n.unsigned_abs().to_string();
    let grouped = number_digits(&digits, lang);
    format!("{sign}{grouped}")
}

fn number_digits(digits: &str, lang: Language) -> String {
    let group = match lang {
        Language::Fr => FRENCH_GROUP_SEPARATOR,
        Language::En => ',',
        Language::De | Language::Nl => '.',
    };
    group_digits(digits, group)
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date written out in full as `lang` writes it in a letter: `15 mars 2025` (and
/// `1er mars 2025` for the first of the month), `15 March 2025`, `15. März 2025`,
/// `15 maart 2025`. Plain spaces: dates are short enough not to need no-break spaces.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use relance::locale_format::format_date;
/// use relance::Language;
/// let d = NaiveDate::from_ymd_opt(2025, 3, 15).unwrap();
/// assert_eq!(format_date(d, Language::Fr), "15 mars 2025");
/// assert_eq!(format_date(d, Language::En), "15 March 2025");
/// assert_eq!(format_date(d, Language::De), "15. März 2025");
/// assert_eq!(format_date(d, Language::Nl), "15 maart 2025");
/// let first = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap();
/// assert_eq!(format_date(first, Language::Fr), "1er août 2025");
/// ```
pub fn format_date(date: NaiveDate, lang: Language) -> String {
    let months = match lang {
        Language::Fr => &MONTHS_FR,
        Language::En => &MONTHS_EN,
        Language::De => &MONTHS_DE,
        Language::Nl => &MONTHS_NL,
    };
    let month = months.get(date.month0() as usize).copied().unwrap_or("");
    let (day, year) = (date.day(), date.year());
    match lang {
        Language::Fr if day == 1 => format!("1er {month} {year}"),
        Language::De => format!("{day}. {month} {year}"),
        _ => format!("{day} {month} {year}"),
    }
}

/// A number of calendar days: `8 jours`, `8 days`, `8 Tage`, `8 dagen` (singular for 1, and
/// for 0 in French).
///
/// # Example
/// ```
/// use relance::locale_format::format_days;
/// use relance::Language;
/// assert_eq!(format_days(1, Language::En), "1 day");
/// assert_eq!(format_days(8, Language::Fr), "8 jours");
/// assert_eq!(format_days(0, Language::Fr), "0 jour");
/// assert_eq!(format_days(14, Language::Nl), "14 dagen");
/// ```
pub fn format_days(n: u32, lang: Language) -> String {
    let (one, many) = match lang {
        Language::Fr => ("jour", "jours"),
        Language::En => ("day", "days"),
        Language::De => ("Tag", "Tage"),
        Language::Nl => ("dag", "dagen"),
    };
    counted(n, lang, one, many)
}

/// A number of business days (Monday to Friday, holidays excluded): `8 jours ouvrés`,
/// `8 business days`, `8 Arbeitstage`, `8 werkdagen`.
///
/// German *Werktage* and French *jours ouvrables* include Saturdays, so they are not used.
///
/// # Example
/// ```
/// use relance::locale_format::format_business_days;
/// use relance::Language;
/// assert_eq!(format_business_days(8, Language::Fr), "8 jours ouvrés");
/// assert_eq!(format_business_days(1, Language::De), "1 Arbeitstag");
/// assert_eq!(format_business_days(5, Language::En), "5 business days");
/// assert_eq!(format_business_days(5, Language::Nl), "5 werkdagen");
/// ```
pub fn format_business_days(n: u32, lang: Language) -> String {
    let (one, many) = match lang {
        Language::Fr => ("jour ouvré", "jours ouvrés"),
        Language::En => ("business day", "business days"),
        Language::De => ("Arbeitstag", "Arbeitstage"),
        Language::Nl => ("werkdag", "werkdagen"),
    };
    counted(n, lang, one, many)
}

/// The period of a [`DeadlineRule`]: [`format_days`] or [`format_business_days`].
///
/// # Example
/// ```
/// use relance::calendar::DeadlineRule;
/// use relance::locale_format::format_period;
/// use relance::Language;
/// assert_eq!(format_period(&DeadlineRule::calendar_days(8), Language::De), "8 Tage");
/// assert_eq!(format_period(&DeadlineRule::business_days(10), Language::Fr), "10 jours ouvrés");
/// ```
pub fn format_period(rule: &DeadlineRule, lang: Language) -> String {
    match rule.counting {
        DayCounting::Calendar => format_days(rule.days, lang),
        DayCounting::Business => format_business_days(rule.days, lang),
    }
}

fn counted(n: u32, lang: Language, one: &str, many: &str) -> String {
    let singular = n == 1 || (n == 0 && lang == Language::Fr);
    let word = if singular { one } else { many };
    format!("{} {word}", number_digits(&n.to_string(), lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    fn eur(s: &str) -> Money {
        Money::parse(s, Currency::EUR).unwrap()
    }

    #[test]
    fn the_four_languages_on_the_issue_examples() {
        let m = eur("1234.56");
        assert_eq!(format_amount(&m, Language::Fr), "1\u{202F}234,56\u{A0}EUR");
        assert_eq!(format_amount(&m, Language::En), "EUR\u{A0}1,234.56");
        assert_eq!(format_amount(&m, Language::De), "1.234,56\u{A0}EUR");
        assert_eq!(format_amount(&m, Language::Nl), "EUR\u{A0}1.234,56");
        assert_eq!(format_amount_plain(&m, Language::Fr), "1 234,56 EUR");
        assert_eq!(format_amount_plain(&m, Language::De), "1.234,56 EUR");
        assert_eq!(format_amount_plain(&m, Language::Nl), "EUR 1.234,56");
    }

    #[test]
    fn french_grouping_uses_the_narrow_no_break_space_only() {
        let s = format_amount(&eur("1234567.89"), Language::Fr);
        assert_eq!(s.matches('\u{202F}').count(), 2);
        assert_eq!(s.matches('\u{A0}').count(), 1);
        assert!(!s.contains(' '));
    }

    #[test]
    fn minor_units_small_amounts_and_rounding() {
        assert_eq!(format_amount_plain(&eur("0.5"), Language::En), "EUR 0.50");
        assert_eq!(format_amount_plain(&eur("7"), Language::Fr), "7,00 EUR");
        assert_eq!(format_amount_plain(&eur("999"), Language::De), "999,00 EUR");
        assert_eq!(
            format_amount_plain(&eur("1000"), Language::De),
            "1.000,00 EUR"
        );
        let tnd = Money::parse("1234.567", Currency::from_code("TND").unwrap()).unwrap();
        assert_eq!(format_amount_plain(&tnd, Language::Fr), "1 234,567 TND");
        // More precise than the currency: half-up for display.
        let m = Money::new("2.345".parse().unwrap(), Currency::EUR);
        assert_eq!(format_amount_plain(&m, Language::En), "EUR 2.35");
        // A negative amount that rounds to zero has no sign.
        let m = Money::new("-0.001".parse().unwrap(), Currency::EUR);
        assert_eq!(format_amount_plain(&m, Language::Fr), "0,00 EUR");
        let yen = Money::parse("-1234", Currency::JPY).unwrap();
        assert_eq!(format_amount_plain(&yen, Language::Nl), "JPY -1.234");
    }

    #[test]
    fn extreme_amounts_do_not_panic() {
        for v in [Decimal::MAX, Decimal::MIN] {
            for lang in [Language::Fr, Language::En, Language::De, Language::Nl] {
                let s = format_amount(&Money::new(v, Currency::EUR), lang);
                assert!(s.contains("EUR"));
            }
        }
    }

    #[test]
    fn dates_every_month() {
        let d = |m| NaiveDate::from_ymd_opt(2025, m, 2).unwrap();
        assert_eq!(format_date(d(2), Language::Fr), "2 février 2025");
        assert_eq!(format_date(d(12), Language::Fr), "2 décembre 2025");
        assert_eq!(format_date(d(5), Language::Nl), "2 mei 2025");
        assert_eq!(format_date(d(10), Language::De), "2. Oktober 2025");
        assert_eq!(format_date(d(7), Language::En), "2 July 2025");
        let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert_eq!(format_date(first, Language::En), "1 January 2025");
        assert_eq!(format_date(first, Language::De), "1. Januar 2025");
    }

    #[test]
    fn large_day_counts_are_grouped() {
        assert_eq!(format_days(10_000, Language::Fr), "10\u{202F}000 jours");
        assert_eq!(format_days(1_000, Language::En), "1,000 days");
    }

    proptest! {
        #[test]
        fn formatted_amount_reads_back_to_the_rounded_value(
            cents in -1_000_000_000_000i64..1_000_000_000_000,
            lang in prop::sample::select(vec![Language::Fr, Language::En, Language::De, Language::Nl]),
        ) {
            let value = Decimal::new(cents, 2);
            let s = format_amount_plain(&Money::new(value, Currency::EUR), lang);
            let (group, mark) = match lang {
                Language::Fr => (" ", ","),
                Language::En => (",", "."),
                _ => (".", ","),
            };
            let digits = s.replace("EUR", "").replace(group, "").replace(' ', "").replace(mark, ".");
            prop_assert_eq!(digits.parse::<Decimal>().unwrap(), value);
        }
    }
}
