//! Penalties for an invoice under dunning: from an [`Account`]'s history to the claims of
//! its instalments, and from a customer to its default regime.

use super::be_consumer::{ReminderChannel, cost_free_window};
use super::claim::{Movement, MovementKind};
use super::{Breakdown, Claim, PenaltyError, RateTables, Regime, compute};
use crate::account::Account;
use crate::calendar::{BusinessCalendar, HolidaySet};
use crate::customer::CustomerKind;
use crate::imputation::Imputation;
use crate::jurisdiction::Country;
use crate::ladder::Stage;
use crate::money::checked_add;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The regime that applies by default to a debtor of this kind in this country, when the
/// creditor is a business.
///
/// - Public bodies in France: `fr-public` (Code de la commande publique L2192-13,
///   R2192-31: public buyers are not under L441-10).
/// - Businesses and public bodies elsewhere: France `fr-b2b` (Code de commerce L441-10), Belgium
///   `be-b2b` (law of 2 August 2002), Germany `de-b2b` (BGB 288(2)), United Kingdom
///   `uk-b2b` (Late Payment of Commercial Debts (Interest) Act 1998), elsewhere
///   `eu-directive` (Directive 2011/7/EU).
/// - Consumers: France `fr-legal-other` (Code civil 1231-6: legal interest from the formal
///   notice; the creditor is a business, so the "other cases" rate), Belgium `be-consumer`
///   (Book XIX CDE), Germany `de-consumer` (BGB 288(1)); none elsewhere (the UK Act is
///   for commercial debts only).
///
/// # Example
/// ```
/// use relance::{Country, CustomerKind};
/// use relance::penalties::{default_regime, Regime};
/// assert_eq!(default_regime(CustomerKind::Business, Country::FR), Some(Regime::FrB2b));
/// assert_eq!(default_regime(CustomerKind::Consumer, Country::GB), None);
/// assert_eq!(default_regime(CustomerKind::Public, Country::FR), Some(Regime::FrPublic));
/// ```
pub fn default_regime(kind: CustomerKind, country: Country) -> Option<Regime> {
    match (kind, country) {
        (CustomerKind::Consumer, c) if c == Country::FR => Some(Regime::FrLegalOther),
        (CustomerKind::Consumer, c) if c == Country::BE => Some(Regime::BeConsumer),
        (CustomerKind::Consumer, c) if c == Country::DE => Some(Regime::DeConsumer),
        (CustomerKind::Consumer, _) => None,
        (CustomerKind::Public, c) if c == Country::FR => Some(Regime::FrPublic),
        (_, c) if c == Country::FR => Some(Regime::FrB2b),
        (_, c) if c == Country::BE => Some(Regime::BeB2b),
        (_, c) if c == Country::DE => Some(Regime::DeB2b),
        (_, c) if c == Country::GB => Some(Regime::UkB2b),
        _ => Some(Regime::EuDirective),
    }
}

/// The penalties of one invoice on a date: one breakdown per overdue instalment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePenalties {
    /// The regime used.
    pub regime: Regime,
    /// All interest accrued on the principal as the account's ledger imputed payments to
    /// it (a payment imputed to interest first leaves more principal bearing interest).
    /// What interest payments already paid is in the account's
    /// [`claim`](crate::Account::claim); a notice claims the rest.
    pub interest: Decimal,
    /// Fixed compensation (EUR 40 per invoice, GBP 40/70/100 per debt...).
    pub fixed_compensation: Decimal,
    /// `interest + fixed_compensation`.
    pub total: Decimal,
    /// The breakdown of each overdue instalment, in due-date order.
    pub breakdowns: Vec<Breakdown>,
}

/// Whether the fixed compensation is due per instalment (BGB 288(5) "also per
/// instalment"; the UK Act per debt) or once per invoice (France D441-5, the directive,
/// Belgium).
fn compensation_per_instalment(regime: Regime) -> bool {
    matches!(regime, Regime::DeB2b | Regime::UkB2b)
}

/// The first day of interest when the regime does not start the day after the due date:
/// `fr-legal-*` from the day after the formal notice (Code civil 1231-6), `be-consumer` after the free
/// first reminder's 14-day window (CDE XIX.4; counted from a letter, the later case).
/// `Ok(None)`: no interest yet.
fn interest_from(
    account: &Account,
    regime: Regime,
) -> Result<Option<Option<NaiveDate>>, PenaltyError> {
    match regime {
        // From the day after the formal notice was issued: it cannot be received earlier.
        // A host that knows the date of receipt can build the claim itself.
        Regime::FrLegalPrivate | Regime::FrLegalOther => Ok(account
            .reached()
            .iter()
            .find(|r| r.stage >= Stage::FormalNotice)
            .map(|r| Some(r.issued_on.succ_opt().unwrap_or(r.issued_on)))),
        Regime::BeConsumer => {
            let Some(first) = account.reached().first() else {
                return Ok(None);
            };
            let calendar = BusinessCalendar::for_country(Country::BE)
                .unwrap_or_else(|_| BusinessCalendar::new(HolidaySet::WeekendsOnly));
            let window = cost_free_window(first.issued_on, ReminderChannel::Letter, |d| {
                calendar.is_business_day(d)
            })?;
            Ok(Some(Some(window.charges_from()?)))
        }
        _ => Ok(Some(None)),
    }
}

/// What payments, credit notes and reversals paid of the debt (the claim ledger's
/// [`debt_movements`](Account::debt_movements)), allocated to instalments oldest first (a
/// reversal takes back from the newest filled; Code civil 1342-10, BGB 366(2): the debt
/// due first): the dated movements of each instalment.
fn movements_by_instalment(account: &Account) -> Vec<Vec<Movement>> {
    let instalments = &account.invoice().instalments;
    let mut filled = vec![Decimal::ZERO; instalments.len()];
    let mut moves: Vec<Vec<Movement>> = vec![Vec::new(); instalments.len()];
    let mut debt = account.debt_movements();
    debt.sort_by_key(|(on, _, _)| *on);
    for (on, amount, credit_note) in debt {
        let movement = |x: Decimal| Movement {
            date: on,
            amount: x,
            kind: if credit_note {
                MovementKind::CreditNote
            } else {
                MovementKind::Payment
            },
        };
        if amount > Decimal::ZERO {
            let mut left = amount;
            let last = instalments.len().saturating_sub(1);
            for (i, inst) in instalments.iter().enumerate() {
                let (Some(f), Some(m)) = (filled.get_mut(i), moves.get_mut(i)) else {
                    continue;
                };
                // The last instalment takes what is left: the part of a payment that
                // went to interest or compensation is not principal.
                let room = if i == last {
                    left
                } else {
                    inst.amount.saturating_sub(*f).min(left)
                };
                if room > Decimal::ZERO {
                    *f = f.saturating_add(room);
                    m.push(movement(room));
                    left = left.saturating_sub(room);
                }
                if left <= Decimal::ZERO {
                    break;
                }
            }
        } else {
            let mut left = Decimal::ZERO.saturating_sub(amount);
            for i in (0..instalments.len()).rev() {
                let (Some(f), Some(m)) = (filled.get_mut(i), moves.get_mut(i)) else {
                    continue;
                };
                let x = (*f).min(left);
                if x > Decimal::ZERO {
                    *f = f.saturating_sub(x);
                    m.push(movement(Decimal::ZERO.saturating_sub(x)));
                    left = left.saturating_sub(x);
                }
                if left <= Decimal::ZERO {
                    break;
                }
            }
        }
    }
    moves
}

/// The penalties of an invoice on `until` under `regime`: interest on each overdue
/// instalment as its balance changed, and the fixed compensation. The money the debt
/// received is imputed by `imputation` (the customer's rule,
/// [`Customer::imputation`](crate::Customer::imputation)) to the interest accrued on each
/// payment date before the principal where the rule says so, whether or not a notice had
/// claimed that interest: BGB 367(1) and Code civil 1343-1 apply to interest owed, not
/// only to interest demanded. `Ok(None)` when
/// nothing is overdue or interest has not started (French legal interest before a formal
/// notice, a Belgian consumer before the end of the free reminder's window).
///
/// # Errors
/// A [`PenaltyError`] from the computation, e.g. a date the rate tables do not cover.
///
/// # Example
/// ```
/// use relance::{Account, Currency, Imputation, Invoice};
/// use relance::penalties::{invoice_penalties, RateTables, Regime};
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let acc = Account::open(Invoice::single("I", "N", "C", Currency::EUR, d("2024-01-01"),
///     "1000.00".parse().unwrap(), d("2024-01-31"))).unwrap();
/// let p = invoice_penalties(&acc, Regime::FrB2b, Imputation::CodeCivil1343_1,
///     d("2024-03-01"), &RateTables::builtin()).unwrap().unwrap();
/// // 30 days at ECB 4.50 + 10 = 14.50 %: 1000 x 14.5 % x 30 / 365 = 11.92; plus EUR 40.
/// assert_eq!(p.interest.to_string(), "11.92");
/// assert_eq!(p.fixed_compensation.to_string(), "40.00");
/// ```
pub fn invoice_penalties(
    account: &Account,
    regime: Regime,
    imputation: Imputation,
    until: NaiveDate,
    rates: &RateTables,
) -> Result<Option<InvoicePenalties>, PenaltyError> {
    let Some(start) = interest_from(account, regime)? else {
        return Ok(None);
    };
    let invoice = account.invoice();
    let moves = movements_by_instalment(account);
    let mut out = InvoicePenalties {
        regime,
        interest: Decimal::ZERO,
        fixed_compensation: Decimal::ZERO,
        total: Decimal::ZERO,
        breakdowns: Vec::new(),
    };
    for (i, inst) in invoice.instalments.iter().enumerate() {
        if inst.due_date >= until {
            continue;
        }
        let mut claim = Claim::new(invoice.currency, inst.amount, inst.due_date, until, regime);
        claim.contract_date = invoice.contract_date;
        if let Some(from) = start {
            claim = claim.with_interest_from(from.max(inst.due_date.succ_opt().unwrap_or(from)));
        }
        claim.movements = moves.get(i).cloned().unwrap_or_default();
        // The law's order (or the customer's): the money the debt received is imputed to
        // the interest accrued on each payment date, claimed by a notice or not.
        claim.options.imputation = Some(imputation);
        claim.options.fixed_compensation =
            out.breakdowns.is_empty() || compensation_per_instalment(regime);
        if claim.interest_from.is_some_and(|f| f > until) {
            continue;
        }
        let b = compute(&claim, rates)?;
        out.interest = checked_add(out.interest, b.interest)?;
        out.fixed_compensation = checked_add(out.fixed_compensation, b.fixed_compensation)?;
        out.breakdowns.push(b);
    }
    if out.breakdowns.is_empty() {
        return Ok(None);
    }
    out.total = checked_add(out.interest, out.fixed_compensation)?;
    Ok(Some(out))
}
