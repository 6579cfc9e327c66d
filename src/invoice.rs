//! Invoices: identity, instalments (amount including VAT and due date), and validation.
//!
//! An invoice's balance is never stored: it is derived from the facts recorded on its
//! [`Account`](crate::Account) (payments, reversals, credit notes).

use crate::money::{Currency, Money, MoneyError, checked_add};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::ids::{CustomerId, InvoiceId};

/// A problem with an invoice as given by the host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvoiceError {
    /// The invoice has no instalment.
    #[error("invoice {invoice}: has no instalment")]
    NoInstalment {
        /// The invoice.
        invoice: InvoiceId,
    },
    /// An instalment amount is zero or negative.
    #[error("invoice {invoice}: instalment {index} amount {amount} must be positive")]
    NonPositiveInstalment {
        /// The invoice.
        invoice: InvoiceId,
        /// Position of the instalment (0-based).
        index: usize,
        /// The amount given.
        amount: Decimal,
    },
    /// An instalment amount has more decimals than the currency allows.
    #[error(
        "invoice {invoice}: instalment {index} amount {amount} has more decimals than {currency} allows"
    )]
    TooPrecise {
        /// The invoice.
        invoice: InvoiceId,
        /// Position of the instalment (0-based).
        index: usize,
        /// The amount given.
        amount: Decimal,
        /// The invoice currency.
        currency: Currency,
    },
    /// An instalment amount is above [`Money::MAX_AMOUNT`].
    #[error("invoice {invoice}: instalment {index} amount {amount} is above the maximum of {max}")]
    TooLarge {
        /// The invoice.
        invoice: InvoiceId,
        /// Position of the instalment (0-based).
        index: usize,
        /// The amount given.
        amount: Decimal,
        /// The limit ([`Money::MAX_AMOUNT`]).
        max: Decimal,
    },
    /// Instalments are not in increasing due-date order.
    #[error("invoice {invoice}: instalment {index} due {due_date} is not after the previous one")]
    InstalmentsOutOfOrder {
        /// The invoice.
        invoice: InvoiceId,
        /// Position of the offending instalment.
        index: usize,
        /// Its due date.
        due_date: NaiveDate,
    },
    /// A due date before the issue date.
    #[error("invoice {invoice}: due date {due_date} is before the issue date {issue_date}")]
    DueBeforeIssue {
        /// The invoice.
        invoice: InvoiceId,
        /// The due date.
        due_date: NaiveDate,
        /// The issue date.
        issue_date: NaiveDate,
    },
    /// The id is empty or too long.
    #[error("invoice id {invoice:?} must be 1 to 128 characters")]
    BadId {
        /// The id as given.
        invoice: InvoiceId,
    },
    /// Too many instalments.
    #[error("invoice {invoice}: {count} instalments exceed the limit of {max}")]
    TooManyInstalments {
        /// The invoice.
        invoice: InvoiceId,
        /// How many were given.
        count: usize,
        /// The limit ([`Invoice::MAX_INSTALMENTS`]).
        max: usize,
    },
    /// A required field was not given to the [`InvoiceBuilder`].
    #[error("invoice {invoice}: {field} is missing")]
    Missing {
        /// The invoice.
        invoice: InvoiceId,
        /// The missing field: `"currency"` or `"issue_date"`.
        field: &'static str,
    },
    /// Amounts overflowed, or the total is above [`Money::MAX_AMOUNT`]
    /// ([`MoneyError::TooLarge`]).
    #[error("invoice {invoice}: {source}")]
    Money {
        /// The invoice.
        invoice: InvoiceId,
        /// The arithmetic error.
        source: MoneyError,
    },
}

/// One instalment of an invoice: an amount including VAT, due on a date.
///
/// # Example
/// ```
/// use relance::Instalment;
/// let i: Instalment = serde_json::from_str(r#"{"amount":"500.00","due_date":"2025-03-15"}"#).unwrap();
/// assert_eq!(i.amount.to_string(), "500.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// Amount including VAT, in the invoice currency.
    pub amount: Decimal,
    /// The contractual due date printed on the invoice.
    pub due_date: NaiveDate,
}

/// An invoice as issued: what is owed and when. Payments and other facts live on the
/// [`Account`](crate::Account).
///
/// # Example
/// ```
/// use relance::{Currency, Invoice};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let inv = Invoice::single("INV-1", "F2025-001", "C-1", Currency::EUR,
///     d("2025-01-15"), "1200.00".parse().unwrap(), d("2025-02-14"));
/// assert!(inv.validate().is_ok());
/// assert_eq!(inv.total().unwrap().to_string(), "1200.00 EUR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Host identifier.
    pub id: InvoiceId,
    /// The number printed on the invoice.
    pub number: String,
    /// The debtor.
    pub customer: CustomerId,
    /// Currency of every amount on the invoice.
    pub currency: Currency,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// One or more instalments, in increasing due-date order.
    pub instalments: Vec<Instalment>,
    /// The day the contract was concluded, when it matters to the late-payment law
    /// (German B2B interest before 29 July 2014, EGBGB Art. 229 § 34; Belgian contracts
    /// before 16 March 2013); see
    /// [`penalties::Claim::contract_date`](crate::penalties::Claim::contract_date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_date: Option<NaiveDate>,
}

impl Invoice {
    /// Upper bound on instalments per invoice (every input is bounded).
    pub const MAX_INSTALMENTS: usize = 360;

    /// An invoice with a single instalment.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::single("INV-1", "F2025-001", "C-1", Currency::EUR, d("2025-01-15"),
    ///     "1200.00".parse().unwrap(), d("2025-02-14"));
    /// assert_eq!(inv.instalments.len(), 1);
    /// assert_eq!((inv.id.as_str(), inv.customer.as_str()), ("INV-1", "C-1"));
    /// ```
    pub fn single(
        id: &str,
        number: &str,
        customer: &str,
        currency: Currency,
        issue_date: NaiveDate,
        amount: Decimal,
        due_date: NaiveDate,
    ) -> Invoice {
        Invoice {
            id: InvoiceId::from(id),
            number: number.to_string(),
            customer: CustomerId::from(customer),
            currency,
            issue_date,
            instalments: vec![Instalment { amount, due_date }],
            contract_date: None,
        }
    }

    /// The same invoice with the day its contract was concluded.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::single("INV-1", "R-1", "C-1", Currency::EUR, d("2014-08-01"),
    ///     "100.00".parse().unwrap(), d("2014-08-31")).with_contract_date(d("2014-07-01"));
    /// assert_eq!(inv.contract_date, Some(d("2014-07-01")));
    /// ```
    pub fn with_contract_date(mut self, concluded: NaiveDate) -> Invoice {
        self.contract_date = Some(concluded);
        self
    }

    /// A builder for an invoice with named fields, checked by
    /// [`build`](InvoiceBuilder::build). The number defaults to the id; the currency, the
    /// issue date and at least one instalment are required.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::builder("INV-1", "C-1")
    ///     .number("F2025-001")
    ///     .currency(Currency::EUR)
    ///     .issued(d("2025-01-15"))
    ///     .instalment(dec!(600.00), d("2025-02-14"))
    ///     .instalment(dec!(600.00), d("2025-03-14"))
    ///     .build()?;
    /// assert_eq!(inv.total()?.to_string(), "1200.00 EUR");
    ///
    /// // Checked like any invoice: here a due date before the issue date.
    /// let early = Invoice::builder("INV-2", "C-1").currency(Currency::EUR)
    ///     .issued(d("2025-01-15")).amount_due(dec!(100.00), d("2025-01-10")).build();
    /// assert!(matches!(early, Err(InvoiceError::DueBeforeIssue { .. })));
    /// # Ok::<(), InvoiceError>(())
    /// ```
    pub fn builder(id: &str, customer: &str) -> InvoiceBuilder {
        InvoiceBuilder {
            id: InvoiceId::from(id),
            customer: CustomerId::from(customer),
            number: None,
            currency: None,
            issue_date: None,
            instalments: Vec::new(),
        }
    }

    /// Checks the invoice: at least one instalment, positive amounts within the currency's
    /// minor unit, each and the total at most [`Money::MAX_AMOUNT`], due dates increasing
    /// and not before the issue date.
    ///
    /// # Errors
    /// An [`InvoiceError`] naming the invoice and the offending value.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::single("INV-1", "F-1", "C-1", Currency::JPY, d("2025-01-15"),
    ///     "1200.50".parse().unwrap(), d("2025-02-14"));
    /// // The yen has no minor unit.
    /// assert!(matches!(inv.validate(), Err(InvoiceError::TooPrecise { index: 0, .. })));
    ///
    /// let huge = "1000000000000001".parse().unwrap();
    /// let inv = Invoice::single("INV-2", "F-2", "C-1", Currency::EUR, d("2025-01-15"),
    ///     huge, d("2025-02-14"));
    /// assert_eq!(inv.validate().unwrap_err().to_string(), "invoice INV-2: instalment 0 \
    ///     amount 1000000000000001 is above the maximum of 1000000000000000");
    /// ```
    pub fn validate(&self) -> Result<(), InvoiceError> {
        let invoice = || self.id.clone();
        if self.id.0.is_empty() || self.id.0.len() > 128 {
            return Err(InvoiceError::BadId { invoice: invoice() });
        }
        if self.instalments.is_empty() {
            return Err(InvoiceError::NoInstalment { invoice: invoice() });
        }
        if self.instalments.len() > Self::MAX_INSTALMENTS {
            return Err(InvoiceError::TooManyInstalments {
                invoice: invoice(),
                count: self.instalments.len(),
                max: Self::MAX_INSTALMENTS,
            });
        }
        let mut previous: Option<NaiveDate> = None;
        for (index, i) in self.instalments.iter().enumerate() {
            if i.amount <= Decimal::ZERO {
                return Err(InvoiceError::NonPositiveInstalment {
                    invoice: invoice(),
                    index,
                    amount: i.amount,
                });
            }
            if i.amount > Money::MAX_AMOUNT {
                return Err(InvoiceError::TooLarge {
                    invoice: invoice(),
                    index,
                    amount: i.amount,
                    max: Money::MAX_AMOUNT,
                });
            }
            if Money::new(i.amount, self.currency).exact().is_err() {
                return Err(InvoiceError::TooPrecise {
                    invoice: invoice(),
                    index,
                    amount: i.amount,
                    currency: self.currency,
                });
            }
            if i.due_date < self.issue_date {
                return Err(InvoiceError::DueBeforeIssue {
                    invoice: invoice(),
                    due_date: i.due_date,
                    issue_date: self.issue_date,
                });
            }
            if previous.is_some_and(|p| i.due_date <= p) {
                return Err(InvoiceError::InstalmentsOutOfOrder {
                    invoice: invoice(),
                    index,
                    due_date: i.due_date,
                });
            }
            previous = Some(i.due_date);
        }
        self.total()?
            .bounded()
            .map(|_| ())
            .map_err(|source| InvoiceError::Money {
                invoice: invoice(),
                source,
            })
    }

    /// The invoiced total (sum of instalments).
    ///
    /// # Errors
    /// [`InvoiceError::Money`] on overflow.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Instalment, Invoice};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-15"),
    ///     "600.00".parse().unwrap(), d("2025-02-14"));
    /// let amount = "400.50".parse().unwrap();
    /// inv.instalments.push(Instalment { amount, due_date: d("2025-03-14") });
    /// assert_eq!(inv.total().unwrap().to_string(), "1000.50 EUR");
    /// ```
    pub fn total(&self) -> Result<Money, InvoiceError> {
        let mut sum = Decimal::ZERO;
        for i in &self.instalments {
            sum = checked_add(sum, i.amount).map_err(|source| InvoiceError::Money {
                invoice: self.id.clone(),
                source,
            })?;
        }
        Ok(Money::new(sum, self.currency))
    }

    /// The first due date.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Instalment, Invoice};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut inv = Invoice::single("INV-1", "F-1", "C-1", Currency::EUR, d("2025-01-15"),
    ///     "600.00".parse().unwrap(), d("2025-02-14"));
    /// let amount = "400.00".parse().unwrap();
    /// inv.instalments.push(Instalment { amount, due_date: d("2025-03-14") });
    /// assert_eq!(inv.first_due_date(), Some(d("2025-02-14")));
    /// ```
    pub fn first_due_date(&self) -> Option<NaiveDate> {
        self.instalments.first().map(|i| i.due_date)
    }
}

/// Builds an [`Invoice`] field by field; see [`Invoice::builder`].
///
/// # Example
/// ```
/// use relance::{Currency, Invoice};
/// use rust_decimal_macros::dec;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let inv = Invoice::builder("INV-1", "C-1").currency(Currency::GBP).issued(d("2025-01-15"))
///     .amount_due(dec!(250.00), d("2025-02-14")).build().unwrap();
/// assert_eq!(inv.number, "INV-1"); // defaults to the id
/// assert_eq!(inv.first_due_date(), Some(d("2025-02-14")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct InvoiceBuilder {
    id: InvoiceId,
    customer: CustomerId,
    number: Option<String>,
    currency: Option<Currency>,
    issue_date: Option<NaiveDate>,
    instalments: Vec<Instalment>,
}

impl InvoiceBuilder {
    /// The number printed on the invoice (default: the id).
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::builder("INV-1", "C-1").number("F-2025-0042").currency(Currency::EUR)
    ///     .issued(d("2025-01-15")).amount_due(dec!(10.00), d("2025-01-31")).build().unwrap();
    /// assert_eq!(inv.number, "F-2025-0042");
    /// ```
    pub fn number(mut self, number: &str) -> InvoiceBuilder {
        self.number = Some(number.to_string());
        self
    }

    /// The currency of every amount (required).
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let b = Invoice::builder("INV-1", "C-1").issued(d("2025-01-15"))
    ///     .amount_due(dec!(1200), d("2025-02-14"));
    /// assert_eq!(b.clone().build(),
    ///     Err(InvoiceError::Missing { invoice: "INV-1".into(), field: "currency" }));
    /// assert_eq!(b.currency(Currency::JPY).build().unwrap().currency, Currency::JPY);
    /// ```
    pub fn currency(mut self, currency: Currency) -> InvoiceBuilder {
        self.currency = Some(currency);
        self
    }

    /// The issue date (required); no due date may be before it.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let b = Invoice::builder("INV-1", "C-1").currency(Currency::EUR)
    ///     .amount_due(dec!(100.00), d("2025-02-14"));
    /// assert!(matches!(b.clone().build(), Err(InvoiceError::Missing { field: "issue_date", .. })));
    /// assert_eq!(b.issued(d("2025-01-15")).build().unwrap().issue_date, d("2025-01-15"));
    /// ```
    pub fn issued(mut self, issue_date: NaiveDate) -> InvoiceBuilder {
        self.issue_date = Some(issue_date);
        self
    }

    /// The whole amount (including VAT), due on one date: replaces any instalment given
    /// before. Instalments added after it come after it.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let inv = Invoice::builder("INV-1", "C-1").currency(Currency::EUR).issued(d("2025-01-15"))
    ///     .amount_due(dec!(100.00), d("2025-02-14"))
    ///     .amount_due(dec!(120.00), d("2025-02-14")) // a correction: the last one counts
    ///     .build().unwrap();
    /// assert_eq!(inv.total().unwrap().to_string(), "120.00 EUR");
    /// ```
    pub fn amount_due(mut self, amount: Decimal, due_date: NaiveDate) -> InvoiceBuilder {
        self.instalments = vec![Instalment { amount, due_date }];
        self
    }

    /// Adds an instalment (amount including VAT, due date); instalments must be given in
    /// increasing due-date order, at most [`Invoice::MAX_INSTALMENTS`].
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let b = Invoice::builder("INV-1", "C-1").currency(Currency::EUR).issued(d("2025-01-15"))
    ///     .instalment(dec!(500.00), d("2025-02-14"));
    /// assert_eq!(b.clone().instalment(dec!(500.00), d("2025-03-14")).build().unwrap()
    ///     .instalments.len(), 2);
    /// let e = b.instalment(dec!(0.00), d("2025-03-14")).build().unwrap_err();
    /// assert!(matches!(e, InvoiceError::NonPositiveInstalment { index: 1, .. }));
    /// ```
    pub fn instalment(mut self, amount: Decimal, due_date: NaiveDate) -> InvoiceBuilder {
        self.instalments.push(Instalment { amount, due_date });
        self
    }

    /// The invoice, checked by [`Invoice::validate`].
    ///
    /// # Errors
    /// [`InvoiceError::Missing`] without a currency or an issue date; otherwise the first
    /// error of [`Invoice::validate`]: no instalment, an amount not positive or too precise
    /// for the currency, due dates out of order or before the issue date, a bad id.
    ///
    /// # Example
    /// ```
    /// use relance::{Currency, Invoice, InvoiceError};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let e = Invoice::builder("INV-1", "C-1").currency(Currency::EUR).issued(d("2025-01-15"))
    ///     .build().unwrap_err();
    /// assert_eq!(e, InvoiceError::NoInstalment { invoice: "INV-1".into() });
    /// ```
    pub fn build(self) -> Result<Invoice, InvoiceError> {
        let missing = |field| InvoiceError::Missing {
            invoice: self.id.clone(),
            field,
        };
        let currency = self.currency.ok_or_else(|| missing("currency"))?;
        let issue_date = self.issue_date.ok_or_else(|| missing("issue_date"))?;
        let invoice = Invoice {
            number: self.number.unwrap_or_else(|| self.id.0.clone()),
            id: self.id,
            customer: self.customer,
            currency,
            issue_date,
            instalments: self.instalments,
            contract_date: None,
        };
        invoice.validate()?;
        Ok(invoice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn inv(instalments: &[(&str, &str)]) -> Invoice {
        Invoice {
            id: "I".into(),
            number: "N".into(),
            customer: "C".into(),
            currency: Currency::EUR,
            issue_date: d("2025-01-01"),
            instalments: instalments
                .iter()
                .map(|(a, due)| Instalment {
                    amount: a.parse().unwrap(),
                    due_date: d(due),
                })
                .collect(),
            contract_date: None,
        }
    }

    #[test]
    fn validation_names_the_offending_instalment() {
        assert!(
            inv(&[("10", "2025-02-01"), ("10", "2025-03-01")])
                .validate()
                .is_ok()
        );
        let e = inv(&[("10", "2025-02-01"), ("-1", "2025-03-01")])
            .validate()
            .unwrap_err();
        assert!(matches!(
            e,
            InvoiceError::NonPositiveInstalment { index: 1, .. }
        ));
        let e = inv(&[("10", "2025-03-01"), ("10", "2025-02-01")])
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("2025-02-01"), "{e}");
        assert!(inv(&[("10.001", "2025-02-01")]).validate().is_err());
        assert!(inv(&[("10", "2024-12-01")]).validate().is_err());
        assert!(inv(&[]).validate().is_err());
    }

    #[test]
    fn the_builder_gives_the_invoice_single_gives_and_checks_it_the_same_way() {
        let amount: Decimal = "1200.00".parse().unwrap();
        let built = Invoice::builder("INV-1", "C-1")
            .number("F-1")
            .currency(Currency::EUR)
            .issued(d("2025-01-15"))
            .amount_due(amount, d("2025-02-14"))
            .build()
            .unwrap();
        let single = Invoice::single(
            "INV-1",
            "F-1",
            "C-1",
            Currency::EUR,
            d("2025-01-15"),
            amount,
            d("2025-02-14"),
        );
        assert_eq!(built, single);
        // Whatever validate refuses, build refuses with the same error.
        for bad in [
            inv(&[("10", "2025-02-01"), ("-1", "2025-03-01")]),
            inv(&[("10", "2025-03-01"), ("10", "2025-02-01")]),
            inv(&[("10.001", "2025-02-01")]),
            inv(&[("10", "2024-12-01")]),
            inv(&[]),
        ] {
            let builder = bad.instalments.iter().fold(
                Invoice::builder("I", "C")
                    .number("N")
                    .currency(bad.currency)
                    .issued(bad.issue_date),
                |b, i| b.instalment(i.amount, i.due_date),
            );
            assert_eq!(builder.build(), Err(bad.validate().unwrap_err()));
        }
    }

    #[test]
    fn the_builder_names_a_missing_currency_or_issue_date() {
        let b = Invoice::builder("INV-9", "C-1").amount_due(Decimal::ONE, d("2025-02-01"));
        assert_eq!(
            b.clone().issued(d("2025-01-01")).build(),
            Err(InvoiceError::Missing {
                invoice: "INV-9".into(),
                field: "currency"
            })
        );
        let e = b.currency(Currency::EUR).build().unwrap_err();
        assert_eq!(e.to_string(), "invoice INV-9: issue_date is missing");
    }

    #[test]
    fn amounts_above_the_maximum_are_refused_naming_the_value() {
        let max = Money::MAX_AMOUNT.to_string();
        assert!(inv(&[(&max, "2025-02-01")]).validate().is_ok());
        let e = inv(&[("10", "2025-02-01"), ("1000000000000000.01", "2025-03-01")])
            .validate()
            .unwrap_err();
        assert_eq!(
            e,
            InvoiceError::TooLarge {
                invoice: "I".into(),
                index: 1,
                amount: "1000000000000000.01".parse().unwrap(),
                max: Money::MAX_AMOUNT,
            }
        );
        // Each instalment within the bound, the total beyond it.
        let e = inv(&[(&max, "2025-02-01"), ("0.01", "2025-03-01")])
            .validate()
            .unwrap_err();
        assert_eq!(
            e,
            InvoiceError::Money {
                invoice: "I".into(),
                source: MoneyError::TooLarge {
                    amount: "1000000000000000.01".parse().unwrap(),
                    max: Money::MAX_AMOUNT,
                },
            }
        );
    }
}
