//! Building a [`NoticeContent`] from a planned notice: amounts, payment references, the
//! deadline under the policy and the legal mentions of the debtor's country.

use crate::action::Notice;
use crate::customer::{Customer, CustomerKind};
use crate::jurisdiction::Country;
use crate::ladder::Ladder;
use crate::legal_periods::first_overdue_reminder;
use crate::money::{Money, checked_add};
use crate::notice::content::{
    Creditor, Deadline, Debtor, InterestSection, InvoiceLine, NoticeContent, PaymentInstructions,
};
use crate::notice::error::NoticeError;
use crate::notice::legal;
use crate::notice::texts::step_title;
use crate::notice::tone::Tone;
use crate::payment_reference::{NoticeReferences, RfCreditorReference, StructuredCommunication};
use crate::policy::Policy;
use rust_decimal::Decimal;

impl NoticeContent {
    /// Builds the content of `notice` for `customer` from `creditor`, on the customer's
    /// `ladder` under `policy` (calendars and deadline counting).
    ///
    /// The deadline is the notice's: the engine planned it under the same policy
    /// ([`Policy::response_deadline`], legal minimum periods included), so the letter
    /// prints the date the engine records and escalates on. A notice planned under
    /// another policy is lengthened to the legal minimum, never shortened.
    ///
    /// # Errors
    /// [`NoticeError::InvalidCreditor`], [`NoticeError::WrongCustomer`],
    /// [`NoticeError::FeeNotAllowed`] (a fee on a Belgian consumer's free first reminder),
    /// [`NoticeError::Money`] on overflow, [`NoticeError::PaymentReference`].
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use relance::notice::{Creditor, NoticeContent};
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let ladder = Ladder::new("std", vec![
    ///     Step::new("letter before action", Stage::FormalNotice, 30, &[Channel::Letter])]);
    /// # let book = LadderBook::new(vec![ladder.clone()]).unwrap();
    /// # let mut customer = Customer::new("C-1", "Acme Ltd", CustomerKind::Business, Country::GB,
    /// #     Language::En, Zone::EUROPE_LONDON);
    /// # customer.contacts.postal_address = Some(vec!["1 High Street, London".into()]);
    /// # let acc = Account::open(Invoice::single("INV-1", "A-1001", "C-1", Currency::GBP,
    /// #     d("2025-01-15"), dec!(1200.00), d("2025-02-14"))).unwrap();
    /// # let portfolio = [CustomerAccounts { customer: customer.clone(), accounts: vec![acc] }];
    /// # let creditor = Creditor::new("Widgets plc", "01234567", "GB29NWBK60161331926819", "WID");
    /// // A letter before action to an English business: the 14 days the Practice Direction
    /// // requires, in the engine and in the letter alike.
    /// let policy = Policy::default();
    /// let dunning = Dunning::new(book, policy.clone()).unwrap();
    /// let Action::Notice(notice) = dunning.plan(d("2025-03-17"), &portfolio).actions.remove(0)
    ///     else { panic!("a notice") };
    /// assert_eq!(notice.deadline, Some(d("2025-03-31")));
    /// let content = NoticeContent::build(&notice, &customer, &creditor, &ladder, &policy)?;
    /// assert_eq!(content.deadline.map(|dl| dl.date), Some(d("2025-03-31")));
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn build(
        notice: &Notice,
        customer: &Customer,
        creditor: &Creditor,
        ladder: &Ladder,
        policy: &Policy,
    ) -> Result<NoticeContent, NoticeError> {
        creditor.validate()?;
        if notice.customer != customer.id {
            return Err(NoticeError::WrongCustomer {
                notice: notice.customer.clone(),
                customer: customer.id.clone(),
            });
        }
        let currency = notice.amount_due.currency;
        let money = |d: Decimal| Money::new(d, currency);
        let invoices: Vec<InvoiceLine> = notice
            .lines
            .iter()
            .map(|l| InvoiceLine {
                number: l.number.clone(),
                issue_date: l.issue_date,
                due_date: l.due_date,
                original: money(l.original),
                outstanding: money(l.outstanding),
                amount_due: money(l.amount_due),
                days_overdue: l.days_overdue,
                fee: Some(l.fees()).filter(|f| !f.is_zero()).map(money),
                first_reminder: first_overdue_reminder(ladder, l.step),
                reminded_before: l.sequence > 0,
                limitation_date: l.limitation_date,
            })
            .collect();
        if customer.country == Country::BE && customer.kind == CustomerKind::Consumer {
            for (line, inv) in notice.lines.iter().zip(&invoices) {
                if inv.first_reminder && line.fee.is_some_and(|f| !f.is_zero()) {
                    return Err(NoticeError::FeeNotAllowed {
                        invoice: line.number.clone(),
                        fee: money(line.fee.unwrap_or_default()),
                        reason: "a Belgian consumer's first reminder is free (Code de droit \
                                 economique, art. XIX.2)",
                    });
                }
            }
        }
        let (rf_reference, structured_communication) = references(notice, creditor)?;
        let debtor = Debtor::of(customer);
        let legal_deadline = if policy.legal_minimum_periods {
            policy.response_deadline(
                notice.as_of,
                customer,
                ladder,
                notice.step,
                &[notice.channel],
            )
        } else {
            None
        };
        let deadline = match (notice.deadline, legal_deadline) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
        .map(|date| Deadline {
            date,
            calendar_days: date.signed_duration_since(notice.as_of).num_days(),
            counting: policy.deadline_counting,
        });
        let tone = Tone::for_notice(notice, ladder);
        let mut content = NoticeContent {
            key: notice.key.clone(),
            channel: notice.channel,
            language: customer.language,
            tone,
            stage: notice.stage,
            step: notice.step,
            step_name: notice.step_name.clone(),
            title: step_title(customer.language, tone, ladder, notice.step),
            date: notice.as_of,
            creditor: creditor.clone(),
            debtor,
            invoices,
            amount_due: notice.amount_due,
            fees: notice.fees,
            interest: None,
            total: notice.amount_due,
            payment: PaymentInstructions {
                iban: creditor.iban_print_form(),
                bic: creditor.bic.clone(),
                amount: notice.amount_due,
                rf_reference,
                structured_communication,
            },
            deadline,
            legal: Vec::new(),
        };
        content.finish(policy)?;
        match InterestSection::from_notice(notice)? {
            Some(section) => content.with_interest(section, policy),
            None => Ok(content),
        }
    }

    /// Adds the late-payment interest section (from the penalties computation) and
    /// recomputes the total, the amount to pay and the legal mentions.
    ///
    /// # Errors
    /// [`NoticeError::Interest`] when the section does not add up or is in another
    /// currency; [`NoticeError::Money`] on overflow.
    ///
    /// # Example
    /// ```
    /// use relance::notice::Templates;
    /// use relance::{Language, Policy};
    /// let full = Templates::sample_content(Language::Fr);
    /// let c = Templates::sample_content_single(Language::Fr)
    ///     .with_interest(full.interest.clone().unwrap(), &Policy::default())?;
    /// assert_eq!(c.total.to_string(), "1249.07 EUR"); // 1,200.00 + 9.07 + 40.00
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn with_interest(
        mut self,
        interest: InterestSection,
        policy: &Policy,
    ) -> Result<NoticeContent, NoticeError> {
        interest.check()?;
        if interest.total.currency != self.amount_due.currency {
            return Err(NoticeError::Interest {
                problem: format!(
                    "interest in {}, notice in {}",
                    interest.total.currency.code(),
                    self.amount_due.currency.code()
                ),
            });
        }
        self.interest = Some(interest);
        self.finish(policy)?;
        Ok(self)
    }

    fn finish(&mut self, policy: &Policy) -> Result<(), NoticeError> {
        let mut total = checked_add(self.amount_due.amount, self.fees.amount)?;
        if let Some(i) = &self.interest {
            total = checked_add(total, i.total.amount)?;
        }
        self.total = Money::new(total, self.amount_due.currency);
        self.payment.amount = self.total;
        let calendar = policy.calendar_for(self.debtor.country);
        self.legal = legal::mentions(self, &calendar);
        Ok(())
    }
}

/// The RF reference and, when the creditor's account is Belgian, the structured
/// communication: [`NoticeReferences::for_invoices`], the one rule, so a reference
/// quoted on a payment resolves back to the invoices (see `relance::matching`).
fn references(
    notice: &Notice,
    creditor: &Creditor,
) -> Result<(RfCreditorReference, Option<StructuredCommunication>), NoticeError> {
    let invoices: Vec<(&str, &str)> = notice
        .lines
        .iter()
        .map(|l| (l.invoice.as_str(), l.number.as_str()))
        .collect();
    let r = NoticeReferences::for_invoices(
        &creditor.payment_reference_base,
        &creditor.iban,
        &invoices,
    )?;
    Ok((r.rf, r.structured))
}
