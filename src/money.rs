//! Money: a [`Decimal`] amount with an ISO 4217 [`Currency`], checked arithmetic and
//! explicitly named [`Rounding`].
//!
//! Amounts are never `f32`/`f64`. Every operation that can overflow or mix currencies
//! returns a [`MoneyError`] instead of panicking. Amounts serialise as strings
//! (`"1234.56"`), so no JSON float ever touches money.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What went wrong with an amount or a currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The currency of the left-hand amount.
        expected: Currency,
        /// The currency of the right-hand amount.
        found: Currency,
    },
    /// A computation exceeded the range of [`Decimal`].
    #[error("arithmetic overflow in {operation}")]
    Overflow {
        /// The operation that overflowed, e.g. `"add"`.
        operation: &'static str,
    },
    /// A currency code that is not built in was used without a minor unit.
    #[error("unknown currency {code:?}: define it with Currency::new(code, minor_unit)")]
    UnknownCurrency {
        /// The code as given.
        code: String,
    },
    /// A currency code that is not three ASCII upper-case letters.
    #[error("invalid currency code {code:?}: expected three upper-case letters")]
    InvalidCurrencyCode {
        /// The code as given.
        code: String,
    },
    /// A minor unit larger than [`Currency::MAX_MINOR_UNIT`].
    #[error("currency {code}: minor unit {minor_unit} is above the maximum of 8")]
    InvalidMinorUnit {
        /// The currency code.
        code: String,
        /// The minor unit as given.
        minor_unit: u32,
    },
    /// A string that is not a decimal amount (`"12.34"`: no thousands separator, a dot for
    /// decimals).
    #[error("{input:?} is not a decimal amount")]
    NotAnAmount {
        /// The string as given.
        input: String,
    },
    /// An amount with more decimal places than its currency allows.
    #[error("amount {amount} has more decimals than {currency} allows ({minor_unit})")]
    TooPrecise {
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
        /// The currency's minor unit.
        minor_unit: u32,
    },
    /// An amount whose absolute value is above [`Money::MAX_AMOUNT`].
    #[error("amount {amount} is above the maximum of {max}")]
    TooLarge {
        /// The amount as given.
        amount: Decimal,
        /// The limit ([`Money::MAX_AMOUNT`]).
        max: Decimal,
    },
}

/// An ISO 4217 currency: a three-letter code and its minor unit (number of decimals).
///
/// Common currencies are built in ([`Currency::from_code`]); a host defines others with
/// [`Currency::new`]. It is `Copy` and 4 bytes, so invoices carry it by value.
///
/// Serialises as the bare code (`"EUR"`) when the minor unit is the built-in one, and as
/// `{"code": "XTS", "minor_unit": 4}` otherwise; both forms deserialise.
///
/// # Example
/// ```
/// use relance::Currency;
/// let eur = Currency::from_code("EUR").unwrap();
/// assert_eq!(eur.minor_unit(), 2);
/// assert_eq!(Currency::JPY.minor_unit(), 0);
/// let custom = Currency::new("XTS", 4).unwrap();
/// assert_eq!(custom.code(), "XTS");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_unit: u8,
}

/// Built-in currencies and their ISO 4217 minor units.
const KNOWN: &[(&str, u8)] = &[
    ("EUR", 2),
    ("GBP", 2),
    ("USD", 2),
    ("CHF", 2),
    ("JPY", 0),
    ("SEK", 2),
    ("DKK", 2),
    ("NOK", 2),
    ("PLN", 2),
    ("CZK", 2),
    ("HUF", 2),
    ("RON", 2),
    ("BGN", 2),
    ("ISK", 0),
    ("CAD", 2),
    ("AUD", 2),
    ("NZD", 2),
    ("CNY", 2),
    ("HKD", 2),
    ("SGD", 2),
    ("KRW", 0),
    ("INR", 2),
    ("BRL", 2),
    ("MXN", 2),
    ("ZAR", 2),
    ("TRY", 2),
    ("MAD", 2),
    ("XOF", 0),
    ("XAF", 0),
    ("TND", 3),
    ("KWD", 3),
    ("BHD", 3),
];

impl Currency {
    /// The largest minor unit a currency may declare.
    pub const MAX_MINOR_UNIT: u32 = 8;
    /// Euro.
    pub const EUR: Currency = Currency::builtin(*b"EUR", 2);
    /// Pound sterling.
    pub const GBP: Currency = Currency::builtin(*b"GBP", 2);
    /// US dollar.
    pub const USD: Currency = Currency::builtin(*b"USD", 2);
    /// Swiss franc.
    pub const CHF: Currency = Currency::builtin(*b"CHF", 2);
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency::builtin(*b"JPY", 0);

    const fn builtin(code: [u8; 3], minor_unit: u8) -> Currency {
        Currency { code, minor_unit }
    }

    /// A host-defined currency (or a built-in one with another minor unit).
    ///
    /// # Errors
    /// [`MoneyError::InvalidCurrencyCode`] unless `code` is three ASCII upper-case letters;
    /// [`MoneyError::InvalidMinorUnit`] above [`Currency::MAX_MINOR_UNIT`].
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// assert!(Currency::new("XBT", 8).is_ok());
    /// assert!(Currency::new("eur", 2).is_err());
    /// ```
    pub fn new(code: &str, minor_unit: u32) -> Result<Currency, MoneyError> {
        let bytes = parse_code(code)?;
        if minor_unit > Self::MAX_MINOR_UNIT {
            return Err(MoneyError::InvalidMinorUnit {
                code: code.to_string(),
                minor_unit,
            });
        }
        Ok(Currency {
            code: bytes,
            minor_unit: minor_unit as u8,
        })
    }

    /// A built-in currency by its ISO 4217 code.
    ///
    /// # Errors
    /// [`MoneyError::UnknownCurrency`] for a code that is not built in,
    /// [`MoneyError::InvalidCurrencyCode`] for a malformed one.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// assert_eq!(Currency::from_code("GBP").unwrap(), Currency::GBP);
    /// assert!(Currency::from_code("XYZ").is_err());
    /// ```
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        let bytes = parse_code(code)?;
        KNOWN
            .iter()
            .find(|(c, _)| c.as_bytes() == bytes)
            .map(|&(_, m)| Currency::builtin(bytes, m))
            .ok_or_else(|| MoneyError::UnknownCurrency {
                code: code.to_string(),
            })
    }

    /// The three-letter code, e.g. `"EUR"`.
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// assert_eq!(Currency::CHF.code(), "CHF");
    /// assert_eq!(Currency::new("XTS", 4).unwrap().code(), "XTS");
    /// ```
    pub fn code(&self) -> &str {
        // The bytes were checked to be ASCII upper-case letters on construction.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// Number of decimals of the minor unit (2 for EUR, 0 for JPY).
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// assert_eq!(Currency::from_code("TND").unwrap().minor_unit(), 3); // the millime
    /// assert_eq!(Currency::JPY.minor_unit(), 0);
    /// ```
    pub fn minor_unit(&self) -> u32 {
        u32::from(self.minor_unit)
    }

    /// The smallest amount of this currency (`0.01` for EUR, `1` for JPY).
    ///
    /// # Example
    /// ```
    /// use relance::Currency;
    /// assert_eq!(Currency::EUR.smallest_unit().to_string(), "0.01");
    /// ```
    pub fn smallest_unit(&self) -> Decimal {
        Decimal::new(1, self.minor_unit())
    }

    /// Rounds `amount` to this currency's minor unit with the named strategy.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Rounding};
    /// use rust_decimal::Decimal;
    /// let x: Decimal = "2.345".parse().unwrap();
    /// assert_eq!(Currency::EUR.round(x, Rounding::HalfEven).to_string(), "2.34");
    /// assert_eq!(Currency::EUR.round(x, Rounding::HalfUp).to_string(), "2.35");
    /// ```
    pub fn round(&self, amount: Decimal, rounding: Rounding) -> Decimal {
        let mut r = amount.round_dp_with_strategy(self.minor_unit(), rounding.strategy());
        r.rescale(self.minor_unit());
        r
    }

    fn is_builtin(&self) -> bool {
        KNOWN
            .iter()
            .any(|&(c, m)| c.as_bytes() == self.code && m == self.minor_unit)
    }
}

fn parse_code(code: &str) -> Result<[u8; 3], MoneyError> {
    let b = code.as_bytes();
    match b {
        [a, b2, c] if b.iter().all(u8::is_ascii_uppercase) => Ok([*a, *b2, *c]),
        _ => Err(MoneyError::InvalidCurrencyCode {
            code: code.to_string(),
        }),
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code(), self.minor_unit)
    }
}

/// Parses a built-in currency's code, as [`Currency::from_code`] and JSON do.
///
/// ```
/// use relance::{Currency, MoneyError};
/// assert_eq!("CHF".parse::<Currency>(), Ok(Currency::CHF));
/// assert_eq!("XYZ".parse::<Currency>(), Err(MoneyError::UnknownCurrency { code: "XYZ".into() }));
/// ```
impl std::str::FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Currency, MoneyError> {
        Currency::from_code(s)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum CurrencyRepr {
    Code(String),
    Custom { code: String, minor_unit: u32 },
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_builtin() {
            s.serialize_str(self.code())
        } else {
            CurrencyRepr::Custom {
                code: self.code().to_string(),
                minor_unit: self.minor_unit(),
            }
            .serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parsed = match CurrencyRepr::deserialize(d)? {
            CurrencyRepr::Code(code) => Currency::from_code(&code),
            CurrencyRepr::Custom { code, minor_unit } => Currency::new(&code, minor_unit),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

/// A named rounding strategy. Nothing in relance rounds without saying which one.
///
/// # Example
/// ```
/// use relance::Rounding;
/// assert_eq!(Rounding::default(), Rounding::HalfUp);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (commercial rounding, the usual rule on invoices). The default.
    #[default]
    HalfUp,
    /// Half to even (banker's rounding).
    HalfEven,
    /// Half toward zero.
    HalfDown,
    /// Toward zero (truncate).
    Down,
    /// Away from zero.
    Up,
}

impl Rounding {
    /// The corresponding `rust_decimal` strategy.
    ///
    /// # Example
    /// ```
    /// use relance::Rounding;
    /// use rust_decimal_macros::dec;
    /// let half = dec!(2.5);
    /// assert_eq!(half.round_dp_with_strategy(0, Rounding::HalfEven.strategy()), dec!(2));
    /// assert_eq!(half.round_dp_with_strategy(0, Rounding::HalfUp.strategy()), dec!(3));
    /// ```
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// An amount in a currency.
///
/// Serialises as `{"amount": "12.34", "currency": "EUR"}`.
///
/// # Example
/// ```
/// use relance::{Currency, Money};
/// let a = Money::parse("100.10", Currency::EUR).unwrap();
/// let b = Money::parse("0.90", Currency::EUR).unwrap();
/// assert_eq!(a.checked_add(b).unwrap().to_string(), "101.00 EUR");
/// assert!(a.checked_add(Money::parse("1", Currency::GBP).unwrap()).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, in major units (e.g. euros).
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// The largest amount relance accepts, in major units: 10^15 (one quadrillion euros,
    /// yen or dinars), far above any real invoice even in currencies with a small unit.
    ///
    /// Why a bound: a [`Decimal`] holds 96 bits of digits (about 7.9 x 10^28); past that,
    /// additions silently round instead of failing, and money would no longer be
    /// conserved. With amounts at most 10^15 and at most 8 decimals
    /// ([`Currency::MAX_MINOR_UNIT`]), one amount needs 23 digits, and the sum of every
    /// amount an account can hold (at most [`Invoice::MAX_INSTALMENTS`] instalments and
    /// [`MAX_EVENTS`] events) stays below 10^28: every balance is exact, with room left
    /// for the rates and day fractions of interest computations.
    ///
    /// Invoice instalments and totals ([`Invoice::validate`]), the amounts of events
    /// ([`Account::apply`]: payments, reversals, credit notes, payment-plan instalments,
    /// step fees), ladder fees and minimums ([`Ladder::validate`]) and
    /// [`Money::parse`] refuse a larger absolute value with an error naming it.
    ///
    /// [`Invoice::MAX_INSTALMENTS`]: crate::Invoice::MAX_INSTALMENTS
    /// [`Invoice::validate`]: crate::Invoice::validate
    /// [`MAX_EVENTS`]: crate::account::MAX_EVENTS
    /// [`Account::apply`]: crate::Account::apply
    /// [`Ladder::validate`]: crate::Ladder::validate
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money, MoneyError};
    /// assert_eq!(Money::MAX_AMOUNT.to_string(), "1000000000000000");
    /// assert!(Money::parse("1000000000000000.00", Currency::EUR).is_ok());
    /// let e = Money::parse("1000000000000000.01", Currency::EUR).unwrap_err();
    /// assert!(matches!(e, MoneyError::TooLarge { .. }));
    /// assert_eq!(e.to_string(),
    ///     "amount 1000000000000000.01 is above the maximum of 1000000000000000");
    /// ```
    // 10^15 = 0x0003_8D7E_A4C6_8000.
    pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

    /// An amount in a currency.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let m = Money::new(dec!(12.5), Currency::EUR);
    /// assert_eq!(m.to_string(), "12.50 EUR"); // displayed with the currency's decimals
    /// ```
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in a currency.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// let nothing = Money::zero(Currency::JPY);
    /// assert!(nothing.is_zero());
    /// assert_eq!(nothing.to_string(), "0 JPY");
    /// ```
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// Parses a decimal string, rejecting more decimals than the currency allows and
    /// amounts beyond [`Money::MAX_AMOUNT`].
    ///
    /// # Errors
    /// [`MoneyError::TooPrecise`]; [`MoneyError::TooLarge`]; [`MoneyError::NotAnAmount`]
    /// for a string that is not a decimal amount.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money, MoneyError};
    /// assert_eq!(Money::parse(" 1234.5 ", Currency::EUR).unwrap().to_string(), "1234.50 EUR");
    /// let too_precise = Money::parse("12.345", Currency::EUR);
    /// assert!(matches!(too_precise, Err(MoneyError::TooPrecise { minor_unit: 2, .. })));
    /// assert!(Money::parse("12,34", Currency::EUR).is_err());
    /// ```
    pub fn parse(s: &str, currency: Currency) -> Result<Money, MoneyError> {
        let amount: Decimal = s.trim().parse().map_err(|_| MoneyError::NotAnAmount {
            input: s.to_string(),
        })?;
        Money::new(amount, currency).exact()?.bounded()
    }

    /// Checks that the absolute value of the amount is at most [`Money::MAX_AMOUNT`].
    ///
    /// # Errors
    /// [`MoneyError::TooLarge`], naming the amount.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money, MoneyError};
    /// let max = Money::new(Money::MAX_AMOUNT, Currency::EUR);
    /// assert_eq!(max.bounded(), Ok(max));
    /// let below = Money::new(-Money::MAX_AMOUNT, Currency::EUR); // negative: by its size
    /// assert_eq!(below.bounded(), Ok(below));
    /// let huge = Money::new(rust_decimal::Decimal::MAX, Currency::EUR);
    /// assert!(matches!(huge.bounded(), Err(MoneyError::TooLarge { .. })));
    /// ```
    pub fn bounded(self) -> Result<Money, MoneyError> {
        if self.amount.abs() > Self::MAX_AMOUNT {
            return Err(MoneyError::TooLarge {
                amount: self.amount,
                max: Self::MAX_AMOUNT,
            });
        }
        Ok(self)
    }

    /// Checks that the amount has no more decimals than the currency's minor unit.
    ///
    /// # Errors
    /// [`MoneyError::TooPrecise`].
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// assert!(Money::new(dec!(10.500), Currency::EUR).exact().is_ok()); // trailing zeros are fine
    /// let e = Money::new(dec!(10.005), Currency::EUR).exact().unwrap_err();
    /// assert_eq!(e.to_string(), "amount 10.005 has more decimals than EUR allows (2)");
    /// ```
    pub fn exact(self) -> Result<Money, MoneyError> {
        if self.amount.normalize().scale() > self.currency.minor_unit() {
            return Err(MoneyError::TooPrecise {
                amount: self.amount,
                currency: self.currency,
                minor_unit: self.currency.minor_unit(),
            });
        }
        Ok(self)
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }

    /// `self + other`, same currency, without overflow.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`], [`MoneyError::Overflow`].
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money, MoneyError};
    /// let eur = |s| Money::parse(s, Currency::EUR).unwrap();
    /// assert_eq!(eur("1200.00").checked_add(eur("40.00")), Ok(eur("1240.00")));
    /// let gbp = Money::parse("40.00", Currency::GBP).unwrap();
    /// assert!(matches!(eur("1.00").checked_add(gbp), Err(MoneyError::CurrencyMismatch { .. })));
    /// ```
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        checked_add(self.amount, other.amount).map(|a| Money::new(a, self.currency))
    }

    /// `self - other`, same currency, without overflow.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`], [`MoneyError::Overflow`].
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// let eur = |s| Money::parse(s, Currency::EUR).unwrap();
    /// assert_eq!(eur("100.00").checked_sub(eur("30.00")).unwrap().to_string(), "70.00 EUR");
    /// // The result may be negative.
    /// assert_eq!(eur("10.00").checked_sub(eur("12.50")).unwrap().to_string(), "-2.50 EUR");
    /// ```
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        checked_sub(self.amount, other.amount).map(|a| Money::new(a, self.currency))
    }

    /// Rounds to the currency's minor unit with the named strategy.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money, Rounding};
    /// use rust_decimal_macros::dec;
    /// let interest = Money::new(dec!(9.125), Currency::EUR);
    /// assert_eq!(interest.round(Rounding::HalfUp).to_string(), "9.13 EUR");
    /// assert_eq!(interest.round(Rounding::HalfEven).to_string(), "9.12 EUR");
    /// ```
    pub fn round(self, rounding: Rounding) -> Money {
        Money::new(self.currency.round(self.amount, rounding), self.currency)
    }

    /// True when the amount is zero.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// assert!(Money::parse("0.00", Currency::EUR).unwrap().is_zero());
    /// assert!(!Money::parse("0.01", Currency::EUR).unwrap().is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// True when the amount is strictly positive.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Money};
    /// assert!(Money::parse("0.01", Currency::EUR).unwrap().is_positive());
    /// assert!(!Money::zero(Currency::EUR).is_positive());
    /// assert!(!Money::parse("-5.00", Currency::EUR).unwrap().is_positive());
    /// ```
    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut a = self.amount;
        if a.scale() < self.currency.minor_unit() {
            a.rescale(self.currency.minor_unit());
        }
        write!(f, "{} {}", a, self.currency)
    }
}

/// `a + b` or [`MoneyError::Overflow`].
///
/// # Example
/// ```
/// use relance::checked_add;
/// use relance::MoneyError;
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// assert_eq!(checked_add(dec!(1.10), dec!(2.20)), Ok(dec!(3.30)));
/// assert_eq!(checked_add(Decimal::MAX, dec!(1)), Err(MoneyError::Overflow { operation: "add" }));
/// ```
pub fn checked_add(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_add(b)
        .ok_or(MoneyError::Overflow { operation: "add" })
}

/// `a - b` or [`MoneyError::Overflow`].
///
/// # Example
/// ```
/// use relance::checked_sub;
/// use relance::MoneyError;
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// assert_eq!(checked_sub(dec!(100.00), dec!(0.01)), Ok(dec!(99.99)));
/// assert_eq!(checked_sub(Decimal::MIN, dec!(1)), Err(MoneyError::Overflow { operation: "sub" }));
/// ```
pub fn checked_sub(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_sub(b)
        .ok_or(MoneyError::Overflow { operation: "sub" })
}

/// `a * b` or [`MoneyError::Overflow`].
///
/// # Example
/// ```
/// use relance::checked_mul;
/// use relance::MoneyError;
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// assert_eq!(checked_mul(dec!(1200.00), dec!(0.5)), Ok(dec!(600.000)));
/// assert_eq!(checked_mul(Decimal::MAX, dec!(2)), Err(MoneyError::Overflow { operation: "mul" }));
/// ```
pub fn checked_mul(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_mul(b)
        .ok_or(MoneyError::Overflow { operation: "mul" })
}

/// `a / b` or [`MoneyError::Overflow`] (also for a zero divisor).
///
/// # Example
/// ```
/// use relance::checked_div;
/// use relance::MoneyError;
/// use rust_decimal_macros::dec;
/// assert_eq!(checked_div(dec!(100.00), dec!(4)), Ok(dec!(25)));
/// assert_eq!(checked_div(dec!(1), dec!(0)), Err(MoneyError::Overflow { operation: "div" }));
/// ```
pub fn checked_div(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    a.checked_div(b)
        .ok_or(MoneyError::Overflow { operation: "div" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_currency_round_trips_as_bare_code() {
        let json = serde_json::to_string(&Currency::EUR).unwrap();
        assert_eq!(json, "\"EUR\"");
        let back: Currency = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Currency::EUR);
    }

    #[test]
    fn custom_currency_round_trips_as_object() {
        let xts = Currency::new("XTS", 4).unwrap();
        let json = serde_json::to_string(&xts).unwrap();
        assert_eq!(json, r#"{"code":"XTS","minor_unit":4}"#);
        assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), xts);
    }

    #[test]
    fn unknown_or_malformed_codes_are_rejected_by_name() {
        let e = serde_json::from_str::<Currency>("\"XYZ\"").unwrap_err();
        assert!(e.to_string().contains("XYZ"), "{e}");
        assert!(Currency::new("EU", 2).is_err());
        assert!(Currency::new("EUR", 9).is_err());
    }

    #[test]
    fn money_serialises_amount_as_string_and_refuses_floats() {
        let m = Money::parse("12.30", Currency::EUR).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"12.30","currency":"EUR"}"#);
        assert!(serde_json::from_str::<Money>(r#"{"amount":12.3,"currency":"EUR"}"#).is_err());
    }

    #[test]
    fn too_many_decimals_for_the_currency_is_an_error() {
        assert!(Money::parse("1.5", Currency::JPY).is_err());
        assert!(Money::parse("1.50", Currency::EUR).is_ok());
        assert!(
            Money::parse("1.500", Currency::EUR).is_ok(),
            "trailing zeros are fine"
        );
        assert!(Money::parse("1.505", Currency::EUR).is_err());
    }

    #[test]
    fn a_string_that_is_not_an_amount_is_named_in_the_error() {
        let e = Money::parse("12,34", Currency::EUR).unwrap_err();
        assert_eq!(
            e,
            MoneyError::NotAnAmount {
                input: "12,34".into()
            }
        );
        assert_eq!(e.to_string(), "\"12,34\" is not a decimal amount");
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let max = Money::new(Decimal::MAX, Currency::EUR);
        assert_eq!(
            max.checked_add(Money::new(Decimal::ONE, Currency::EUR)),
            Err(MoneyError::Overflow { operation: "add" })
        );
    }

    #[test]
    fn the_maximum_amount_is_ten_to_the_fifteenth() {
        assert_eq!(Money::MAX_AMOUNT, Decimal::from(1_000_000_000_000_000_i64));
        assert_eq!(Money::MAX_AMOUNT.scale(), 0);
    }

    #[test]
    fn amounts_beyond_the_maximum_are_refused_by_name_at_parsing() {
        assert!(Money::parse("1000000000000000", Currency::JPY).is_ok());
        assert!(Money::parse("-1000000000000000", Currency::JPY).is_ok());
        // The smallest amount above the maximum in a currency with 8 decimals.
        let xbt = Currency::new("XBT", 8).unwrap();
        let e = Money::parse("1000000000000000.00000001", xbt).unwrap_err();
        assert_eq!(
            e,
            MoneyError::TooLarge {
                amount: "1000000000000000.00000001".parse().unwrap(),
                max: Money::MAX_AMOUNT
            }
        );
        // Beyond what Decimal holds exactly: refused, not rounded.
        let e = Money::parse("800000000000000000000000000", Currency::EUR).unwrap_err();
        assert!(e.to_string().contains("800000000000000000000000000"), "{e}");
    }

    #[test]
    fn rounding_strategies_differ_on_midpoints() {
        let x: Decimal = "-2.345".parse().unwrap();
        assert_eq!(
            Currency::EUR.round(x, Rounding::HalfUp).to_string(),
            "-2.35"
        );
        assert_eq!(
            Currency::EUR.round(x, Rounding::HalfEven).to_string(),
            "-2.34"
        );
        assert_eq!(Currency::EUR.round(x, Rounding::Down).to_string(), "-2.34");
        assert_eq!(Currency::JPY.round(x, Rounding::Up).to_string(), "-3");
        assert_eq!(
            Currency::EUR.round(Decimal::ONE, Rounding::Up).to_string(),
            "1.00"
        );
    }
}
