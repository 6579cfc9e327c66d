//! What a notice says, as structured data: parties, invoices, amounts, interest, payment
//! instructions, deadline and legal mentions. [`NoticeContent::build`] fills it from a
//! planned notice; rendering per channel is in [`render()`](crate::notice::render()).

use crate::action::{IdempotencyKey, Notice};
use crate::calendar::DayCounting;
use crate::customer::CustomerKind;
use crate::ids::CustomerId;
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, Stage};
use crate::money::{Money, checked_add};
use crate::notice::error::NoticeError;
use crate::notice::header::{HeaderError, validate_email};
use crate::payment_reference::{RfCreditorReference, StructuredCommunication};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::notice::tone::Tone;

/// The creditor, as the host configures it: who the notices come from and how to pay.
///
/// # Example
/// ```
/// use relance::notice::Creditor;
/// let c = Creditor::new("Atelier Dupont SARL", "RCS Lyon 512 345 678", "FR7630006000011234567890189", "DUP");
/// assert!(c.validate().is_ok());
/// let bad = Creditor::new("X", "1", "FR7630006000011234567890188", "DUP");
/// assert!(bad.validate().unwrap_err().to_string().contains("iban"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Creditor {
    /// Legal name.
    pub name: String,
    /// Company registration number (SIREN/RCS, KBO/BCE, Handelsregister, Companies House).
    pub company_number: String,
    /// Postal address, one line per element.
    #[serde(default)]
    pub address: Vec<String>,
    /// The place printed in the date line of letters ("Lyon, le 3 mars 2025").
    #[serde(default)]
    pub city: String,
    /// IBAN (spaces allowed), validated with its check digits.
    pub iban: String,
    /// BIC, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// Contact e-mail for the debtor's questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Contact phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The person who signs and answers (else the company name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// Prefix of the generated RF creditor references: 1 to 12 ASCII letters or digits.
    pub payment_reference_base: String,
}

impl Creditor {
    /// A creditor with the required fields; the others are empty.
    ///
    /// # Example
    /// ```
    /// let c = relance::notice::Creditor::new("Widgets plc", "01234567", "GB29NWBK60161331926819", "WID");
    /// assert!(c.bic.is_none() && c.validate().is_ok());
    /// ```
    pub fn new(name: &str, company_number: &str, iban: &str, reference_base: &str) -> Creditor {
        Creditor {
            name: name.to_string(),
            company_number: company_number.to_string(),
            address: Vec::new(),
            city: String::new(),
            iban: iban.to_string(),
            bic: None,
            email: None,
            phone: None,
            contact_name: None,
            payment_reference_base: reference_base.to_string(),
        }
    }

    /// Longest [`Creditor::payment_reference_base`].
    pub const MAX_REFERENCE_BASE: usize = 12;

    /// Checks the name, company number, IBAN (ISO 13616 check digits), e-mail address
    /// ([`validate_email`]), BIC (8 or 11 characters) and reference base.
    ///
    /// # Errors
    /// [`NoticeError::InvalidCreditor`] naming the field and the value.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Creditor;
    /// let c = Creditor::new("X", "1", "BE68539007547034", "TOO-LONG-BASE");
    /// assert!(c.validate().unwrap_err().to_string().contains("payment_reference_base"));
    /// ```
    pub fn validate(&self) -> Result<(), NoticeError> {
        let bad = |field: &'static str, value: &str, problem: &str| NoticeError::InvalidCreditor {
            field,
            value: value.to_string(),
            problem: problem.to_string(),
        };
        if self.name.trim().is_empty() {
            return Err(bad("name", &self.name, "must not be empty"));
        }
        if self.company_number.trim().is_empty() {
            return Err(bad(
                "company_number",
                &self.company_number,
                "must not be empty (the law requires it on notices)",
            ));
        }
        if !iban_is_valid(&self.iban) {
            return Err(bad(
                "iban",
                &self.iban,
                "is not a valid IBAN (country, length or check digits)",
            ));
        }
        if let Some(email) = &self.email {
            if let Err(e) = validate_email(email) {
                let problem = match e {
                    HeaderError::NotAnEmail { problem, .. } => problem,
                    HeaderError::ForbiddenCharacter { .. } => {
                        "contains a control character or a line break"
                    }
                };
                return Err(bad("email", email, problem));
            }
        }
        if let Some(bic) = &self.bic {
            let ok = (bic.len() == 8 || bic.len() == 11)
                && bic.bytes().all(|b| b.is_ascii_alphanumeric());
            if !ok {
                return Err(bad("bic", bic, "must be 8 or 11 letters or digits"));
            }
        }
        let base = &self.payment_reference_base;
        if base.is_empty()
            || base.len() > Self::MAX_REFERENCE_BASE
            || !base.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(bad(
                "payment_reference_base",
                base,
                "must be 1 to 12 ASCII letters or digits",
            ));
        }
        Ok(())
    }

    /// The IBAN in print form: groups of four, upper case.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Creditor;
    /// let c = Creditor::new("X", "1", "be68539007547034", "X");
    /// assert_eq!(c.iban_print_form(), "BE68 5390 0754 7034");
    /// ```
    pub fn iban_print_form(&self) -> String {
        let compact: String = self
            .iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let mut out = String::with_capacity(compact.len() + 8);
        for (i, c) in compact.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

/// ISO 13616: two letters, two check digits, up to 30 alphanumerics; mod 97 == 1.
fn iban_is_valid(iban: &str) -> bool {
    let compact: Vec<u8> = iban
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if compact.len() < 15 || compact.len() > 34 || !compact.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (head, rest) = compact.split_at(4);
    if !head[..2].iter().all(u8::is_ascii_uppercase) || !head[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut remainder: u32 = 0;
    for &b in rest.iter().chain(head.iter()) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// The debtor as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debtor {
    /// Host id.
    pub id: CustomerId,
    /// Name.
    pub name: String,
    /// Business, consumer or public body.
    pub kind: CustomerKind,
    /// Country (the applicable law).
    pub country: Country,
    /// Postal address lines, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Vec<String>>,
    /// E-mail, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone for calls (else the mobile), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Mobile for SMS, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Portal account, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_account: Option<String>,
    /// A sole trader: an individual for the English Pre-Action Protocol for Debt Claims.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sole_trader: bool,
}

impl Debtor {
    /// The debtor block of `customer`: its contacts, the phone falling back to the mobile.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use relance::notice::Debtor;
    /// let mut c = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
    ///     Language::Fr, Zone::EUROPE_PARIS);
    /// c.contacts.mobile = Some("+33 6 12 34 56 78".into());
    /// assert_eq!(Debtor::of(&c).phone.as_deref(), Some("+33 6 12 34 56 78"));
    /// ```
    pub fn of(customer: &crate::customer::Customer) -> Debtor {
        let c = &customer.contacts;
        Debtor {
            id: customer.id.clone(),
            name: customer.name.clone(),
            kind: customer.kind,
            country: customer.country,
            address: c.postal_address.clone(),
            email: c.email.clone(),
            phone: c.phone.clone().or_else(|| c.mobile.clone()),
            mobile: c.mobile.clone(),
            portal_account: c.portal_account.clone(),
            sole_trader: customer.sole_trader,
        }
    }
}

/// One invoice of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// The printed number.
    pub number: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date of the oldest unpaid instalment.
    pub due_date: NaiveDate,
    /// Invoiced total.
    pub original: Money,
    /// Still outstanding (all instalments).
    pub outstanding: Money,
    /// Due now.
    pub amount_due: Money,
    /// Days overdue (negative before the due date).
    pub days_overdue: i64,
    /// The fees this notice claims for the invoice: its step's and earlier unpaid ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Money>,
    /// This notice is the invoice's first reminder after its due date.
    pub first_reminder: bool,
    /// The invoice received a notice before this one (so "despite our reminders" is true
    /// of it).
    #[serde(default)]
    pub reminded_before: bool,
    /// The last day the claim may be brought to court ([`Limitation`](crate::Limitation)),
    /// if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation_date: Option<NaiveDate>,
}

/// One period of late-payment interest at one rate.
///
/// Filled by the penalties computation; the shape is shared so wiring it is a
/// conversion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestSegment {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Days counted.
    pub days: u32,
    /// The amount interest runs on.
    pub base: Money,
    /// Percent per year, e.g. `12.15`.
    pub annual_rate: Decimal,
    /// Interest for the period.
    pub amount: Money,
}

/// The late-payment interest breakdown of a notice, optional.
///
/// # Example
/// ```
/// use relance::notice::{InterestSection, InterestSegment};
/// use relance::{Currency, Money};
/// let eur = |s: &str| Money::parse(s, Currency::EUR).unwrap();
/// let s = InterestSection {
///     segments: vec![InterestSegment { from: "2025-02-15".parse().unwrap(), to: "2025-03-10".parse().unwrap(),
///         days: 24, base: eur("1200.00"), annual_rate: "12.15".parse().unwrap(), amount: eur("9.59") }],
///     already_paid: eur("0.00"), interest: eur("9.59"), fixed_compensation: eur("40.00"),
///     total: eur("49.59"),
/// };
/// assert!(s.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestSection {
    /// Periods, in date order.
    pub segments: Vec<InterestSegment>,
    /// Interest the segments add up to that payments already paid, or the creditor
    /// waived (the claim ledger), deducted from what the notice claims. Negative only
    /// when interest claimed by an earlier notice is claimed again without a breakdown.
    pub already_paid: Money,
    /// Interest claimed: the segments' sum less [`already_paid`](Self::already_paid).
    pub interest: Money,
    /// Fixed recovery compensation (EUR 40 per invoice, GBP 40/70/100...).
    pub fixed_compensation: Money,
    /// `interest + fixed_compensation`.
    pub total: Money,
}

impl InterestSection {
    /// The section for a notice whose lines carry late-payment penalties (planned with
    /// [`Policy::with_rates`](crate::Policy::with_rates)): every segment of every invoice,
    /// in line order, the interest and the fixed compensation. `None` when no line carries
    /// penalties.
    ///
    /// # Errors
    /// [`NoticeError::Money`] on overflow.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::notice::InterestSection;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let book = LadderBook::new(vec![Ladder::new("std", vec![
    /// #     Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])
    /// #         .with_claims_penalties(true)])]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business,
    /// #     Country::FR, Language::Fr, Zone::EUROPE_PARIS);
    /// # customer.contacts.email = Some("compta@martin.example".into());
    /// # let acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-15"), dec!(1200.00), d("2025-02-14"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer, accounts: vec![acc] }];
    /// // A French business owes EUR 1,200.00 due 14 February; the reminder goes out on the 21st.
    /// let policy = Policy::default().with_rates(penalties::RateTables::builtin());
    /// let Action::Notice(notice) = Dunning::new(book.clone(), policy.clone()).unwrap().plan(d("2025-02-21"), &portfolio)
    ///     .actions.remove(0) else { panic!("a notice") };
    /// let section = InterestSection::from_notice(&notice)?.expect("rates were given");
    /// assert_eq!(section.segments[0].annual_rate, dec!(13.15)); // ECB 3.15 + 10 points
    /// // 7 days on 1,200.00, and the EUR 40 recovery indemnity.
    /// assert_eq!(section.interest.to_string(), "3.03 EUR");
    /// assert_eq!(section.total.to_string(), "43.03 EUR");
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn from_notice(notice: &Notice) -> Result<Option<InterestSection>, NoticeError> {
        let currency = notice.amount_due.currency;
        let money = |amount| Money::new(amount, currency);
        let mut segments = Vec::new();
        let mut accrued = Decimal::ZERO;
        let mut any = false;
        for l in &notice.lines {
            let Some(p) = l.penalties.as_ref() else {
                any |= !l.interest.is_zero() || !l.compensation.is_zero();
                continue;
            };
            any = true;
            for b in &p.breakdowns {
                for s in &b.segments {
                    accrued = checked_add(accrued, s.amount)?;
                    segments.push(InterestSegment {
                        from: s.from,
                        to: s.to,
                        days: s.days,
                        base: money(s.base),
                        annual_rate: s.annual_rate,
                        amount: money(s.amount),
                    });
                }
            }
        }
        if !any {
            return Ok(None);
        }
        // The amounts claimed are the notice's, from the claim ledger.
        let interest = notice.interest.amount;
        let compensation = notice.fixed_compensation.amount;
        Ok(Some(InterestSection {
            segments,
            already_paid: money(crate::money::checked_sub(accrued, interest)?),
            interest: money(interest),
            fixed_compensation: money(compensation),
            total: money(checked_add(interest, compensation)?),
        }))
    }

    /// Checks the sums and currencies.
    ///
    /// # Errors
    /// [`NoticeError::Interest`] naming what does not add up.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Templates;
    /// use relance::{Currency, Money};
    /// let mut s = Templates::sample_content(relance::Language::En).interest.unwrap();
    /// assert!(s.check().is_ok());
    /// s.fixed_compensation = Money::parse("30.00", Currency::EUR).unwrap();
    /// assert_eq!(s.check().unwrap_err().to_string(), "interest section: interest 9.07 EUR + \
    ///     fixed compensation 30.00 EUR is 39.07 EUR, total says 49.07 EUR");
    /// ```
    pub fn check(&self) -> Result<(), NoticeError> {
        let bad = |problem: String| NoticeError::Interest { problem };
        let currency = self.total.currency;
        let mut sum = Money::zero(currency);
        for s in &self.segments {
            if s.amount.currency != currency || s.base.currency != currency {
                return Err(bad(format!(
                    "segment {} to {} is not in {}",
                    s.from,
                    s.to,
                    currency.code()
                )));
            }
            if s.to < s.from {
                return Err(bad(format!(
                    "segment ends {} before it starts {}",
                    s.to, s.from
                )));
            }
            sum = sum.checked_add(s.amount).map_err(|e| bad(e.to_string()))?;
        }
        let claimed = sum
            .checked_sub(self.already_paid)
            .map_err(|e| bad(e.to_string()))?;
        if claimed != self.interest {
            return Err(bad(format!(
                "segments add up to {sum}, less {} already paid, interest says {}",
                self.already_paid, self.interest
            )));
        }
        let total = self
            .interest
            .checked_add(self.fixed_compensation)
            .map_err(|e| bad(e.to_string()))?;
        if total != self.total {
            return Err(bad(format!(
                "interest {} + fixed compensation {} is {total}, total says {}",
                self.interest, self.fixed_compensation, self.total
            )));
        }
        Ok(())
    }

    /// The rate of the latest segment, the one in force now.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Templates;
    /// let s = Templates::sample_content(relance::Language::En).interest.unwrap();
    /// assert_eq!(s.current_rate().unwrap().to_string(), "11.50");
    /// ```
    pub fn current_rate(&self) -> Option<Decimal> {
        self.segments.last().map(|s| s.annual_rate)
    }
}

/// How to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInstructions {
    /// IBAN, print form.
    pub iban: String,
    /// BIC, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// The amount to pay.
    pub amount: Money,
    /// ISO 11649 creditor reference.
    pub rf_reference: RfCreditorReference,
    /// Belgian structured communication, when the creditor's account is Belgian
    /// ([`StructuredCommunication::applies_to`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_communication: Option<StructuredCommunication>,
}

impl PaymentInstructions {
    /// The reference the debtor should quote: the structured communication when there is
    /// one (Belgian banks expect it), else the RF reference in print form.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Templates;
    /// let mut c = Templates::sample_content(relance::Language::Nl);
    /// assert_eq!(c.payment.preferred_reference(), "+++123/4567/89002+++");
    /// c.payment.structured_communication = None;
    /// assert_eq!(c.payment.preferred_reference(), "RF13 SAMP LE1");
    /// ```
    pub fn preferred_reference(&self) -> String {
        match &self.structured_communication {
            Some(s) => s.to_string(),
            None => self.rf_reference.print_form(),
        }
    }
}

/// One legal mention printed on a notice.
///
/// # Example
/// ```
/// use relance::notice::LegalMention;
/// let m = LegalMention { id: "fr.formal_notice".into(), source: "Code civil, art. 1344".into(),
///     text: "La présente lettre vaut mise en demeure.".into() };
/// assert!(m.id.starts_with("fr."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalMention {
    /// Stable identifier, e.g. `fr.late_penalties`.
    pub id: String,
    /// The legal source.
    pub source: String,
    /// The text, in the notice's language.
    pub text: String,
}

/// The deadline given to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Last day to pay.
    pub date: NaiveDate,
    /// Calendar days from the notice date.
    pub calendar_days: i64,
    /// How the policy counts days.
    pub counting: DayCounting,
}

/// Everything a notice says, before it is rendered for a channel. Deterministic: the same
/// notice, customer, creditor, ladder and policy give the same content.
///
/// # Example
/// ```
/// use relance::*;
/// use relance::notice::{Creditor, NoticeContent, Tone};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let ladder = Ladder::new("std", vec![Step::new("reminder", Stage::Amicable, 7, &[Channel::Email])]);
/// let book = LadderBook::new(vec![ladder.clone()]).unwrap();
/// let mut customer = Customer::new("C-1", "Boulangerie Martin", CustomerKind::Business,
///     Country::FR, Language::Fr, Zone::EUROPE_PARIS);
/// customer.contacts.email = Some("compta@martin.example".into());
/// let inv = Invoice::single("INV-1", "F-2025-001", "C-1", Currency::EUR, d("2025-01-15"),
///     "1200.00".parse().unwrap(), d("2025-02-14"));
/// let portfolio = vec![CustomerAccounts { customer: customer.clone(), accounts: vec![Account::open(inv).unwrap()] }];
/// let Action::Notice(notice) = Dunning::new(book.clone(), Policy::default()).unwrap().plan(d("2025-02-21"), &portfolio).actions.remove(0) else { panic!() };
/// let creditor = Creditor::new("Atelier Dupont SARL", "RCS Lyon 512 345 678", "FR7630006000011234567890189", "DUP");
/// let content = NoticeContent::build(&notice, &customer, &creditor, &ladder, &Policy::default())?;
/// assert_eq!(content.tone, Tone::FirstReminder);
/// assert_eq!(content.total.to_string(), "1200.00 EUR");
/// assert_eq!(content.payment.rf_reference.reference(), "DUPF2025001");
/// # Ok::<(), relance::notice::NoticeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NoticeContent {
    /// The notice's idempotency key.
    pub key: IdempotencyKey,
    /// The channel it is rendered for.
    pub channel: Channel,
    /// The language it is written in.
    pub language: Language,
    /// The tone.
    pub tone: Tone,
    /// The stage.
    pub stage: Stage,
    /// The ladder step (the highest among the invoices).
    pub step: usize,
    /// Its name (host template overrides are keyed by it).
    pub step_name: String,
    /// What the notice is called in its language, e.g. "Relance" or "2. Mahnung" (see
    /// [`step_title`](crate::notice::step_title)); empty in content stored before it
    /// existed, which is then titled by its tone.
    #[serde(default)]
    pub title: String,
    /// The notice date.
    pub date: NaiveDate,
    /// Who claims.
    pub creditor: Creditor,
    /// Who owes.
    pub debtor: Debtor,
    /// The invoices.
    pub invoices: Vec<InvoiceLine>,
    /// Sum of the invoices' amounts due.
    pub amount_due: Money,
    /// Fees charged by this notice.
    pub fees: Money,
    /// Late-payment interest, when the host computed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestSection>,
    /// Total claimable: amount due + fees + interest section total.
    pub total: Money,
    /// How to pay.
    pub payment: PaymentInstructions,
    /// The deadline, if the notice gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The legal mentions required for the debtor's country, kind and the tone.
    pub legal: Vec<LegalMention>,
}

impl NoticeContent {
    /// True when at least one invoice is past its due date.
    ///
    /// # Example
    /// ```
    /// assert!(relance::notice::Templates::sample_content(relance::Language::En).overdue());
    /// ```
    pub fn overdue(&self) -> bool {
        self.invoices.iter().any(|i| i.days_overdue > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits() {
        assert!(iban_is_valid("FR76 3000 6000 0112 3456 7890 189"));
        assert!(iban_is_valid("BE68539007547034"));
        assert!(iban_is_valid("DE89370400440532013000"));
        assert!(iban_is_valid("GB29NWBK60161331926819"));
        assert!(!iban_is_valid("GB29NWBK60161331926818"));
        assert!(!iban_is_valid("FR76"));
        assert!(!iban_is_valid("7630006000011234567890189FR"));
    }
}
