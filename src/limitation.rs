//! Limitation periods (prescription, Verjährung): the date after which a claim can no
//! longer be brought to court, per invoice, from the debtor's country and kind, moved by
//! the facts recorded on the account. Law layer: the planner never threatens or escalates
//! a time-barred claim and reports it; the store's wakeup comes a configurable number of
//! days before the last day ([`Policy::limitation_warning_days`](crate::Policy::limitation_warning_days))
//! so a person can act; notices and dossiers print the date.
//!
//! Facts come from `shared/reference/late-payment-law.md`, section 8.
//!
//! | rule | debtor | period | runs from | source |
//! |---|---|---|---|---|
//! | `fr-traders` | FR business | 5 years | due date | Code de commerce L110-4 |
//! | `fr-consumer` | FR consumer | 2 years | due date | Code de la consommation L218-2 |
//! | `fr-public` | FR public body | 4 years | 1 January after the year of the due date | loi n° 68-1250 du 31 décembre 1968, art. 1 |
//! | `de-regular` | DE any | 3 years | end of the year of the due date | BGB 195, 199(1) |
//! | `uk-contract` | GB any | 6 years | due date | Limitation Act 1980 s.5 |
//! | `be-common-law` | BE business, public | 10 years | due date | Code civil art. 2262bis §1 |
//! | `be-consumer-supplies` | BE consumer | 1 year | due date | Code civil art. 2272 al. 2 |
//!
//! **Counting.** A period of N years counted from a date ends on the same calendar date N
//! years later (29 February: 28 February), that last day included (French CPC 641; Code
//! civil 2229). Counting from the due date rather than the day after makes the engine
//! stop one day early, never late. Germany counts from the end of the year in which the
//! claim arose (BGB 199(1)): the last day is 31 December three years on; French public
//! bodies from 1 January after the year in which the right arose (loi 68-1250, art. 1).
//!
//! **Restarts.** An acknowledgment by the debtor before the period has run out starts a
//! new full period from its date (France Code civil 2240 and 2231; Germany BGB 212(1)
//! no. 1, without the end-of-year rule; England s.29(5); Belgium Code civil 2248). Counted
//! as acknowledgments: a part payment (also a 212 Encaissée status), a promise to pay, an
//! agreed payment plan, a Reply Form admitting the debt (pays in full or asks for time,
//! without disputing it), and [`EventKind::DebtAcknowledged`](crate::EventKind::DebtAcknowledged).
//! In England only a signed written acknowledgment counts (s.30(1)): promises and plans do
//! not restart the period there. For a French public body, every written payment demand
//! also interrupts (loi 68-1250, art. 2): each notice sent restarts it, and the new period
//! runs from 1 January of the following year. Nothing revives a claim once time-barred
//! (s.29(7): "shall not be revived by any subsequent acknowledgment or payment").
//!
//! **Court steps** ([`EventKind::LegalProceedingsStarted`](crate::EventKind::LegalProceedingsStarted)
//! and `...Ended`): in Germany they suspend (Hemmung) the period from the step (e.g. the
//! service of a Mahnbescheid, BGB 204(1) no. 3) until six months after the proceedings end
//! (BGB 204(2)); the suspended time is not counted (BGB 209), so the last day moves by
//! its length. Elsewhere they interrupt it: no last day while they run, and a new full
//! period from their end (France Code civil 2241, 2242 and 2231; Belgium Code civil 2244;
//! England: a claim issued in time stops the clock, and a judgment is enforceable for six
//! years, s.24). A claim struck out or withdrawn may not have that effect: a person checks.
//!
//! Not implemented: Germany's suspension by negotiations (BGB 203), the ten-year cap on
//! suspended claims (BGB 199(4)), per-instalment periods (the invoice's first due date
//! starts the period for all of it), and the French 2-year rule's exceptions.

use crate::account::Account;
use crate::customer::Customer;
use crate::event::{Event, EventKind};
use crate::limitation_rule::{CourtEffect, LimitationRule};

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// An invoice's limitation: its rule and the last day the claim may be brought to court.
///
/// # Example
/// ```
/// use relance::*;
/// use rust_decimal_macros::dec;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let customer = Customer::new("C-1", "Acme", CustomerKind::Business, Country::FR,
///     Language::Fr, Zone::EUROPE_PARIS);
/// let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
///     d("2020-01-15"), dec!(1000.00), d("2020-02-14"))).unwrap();
/// let l = Limitation::of(&acc, &customer).unwrap();
/// assert_eq!(l.last_day, Some(d("2025-02-14"))); // L110-4: 5 years
/// assert!(!l.is_time_barred(d("2025-02-14")) && l.is_time_barred(d("2025-02-15")));
/// // A part payment before then restarts the period (Code civil 2240).
/// acc.apply(&Event::new(&"INV-1".into(), d("2024-06-01"), EventKind::Payment { amount: dec!(100.00) }))?;
/// assert_eq!(Limitation::of(&acc, &customer).unwrap().last_day, Some(d("2029-06-01")));
/// # Ok::<(), EventError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limitation {
    /// The rule applied.
    pub rule: LimitationRule,
    /// The statute of the rule.
    pub source: String,
    /// The date the first period counts from: the invoice's first due date.
    pub runs_from: NaiveDate,
    /// The last acknowledgment (or end of proceedings) that restarted the period, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restarted_on: Option<NaiveDate>,
    /// Court proceedings running since this date: the period is suspended or interrupted
    /// and has no last day for now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proceedings_since: Option<NaiveDate>,
    /// The last day the claim may be brought; `None` while court proceedings run.
    pub last_day: Option<NaiveDate>,
}

/// What a fact does to the period.
enum Effect {
    Acknowledges,
    Starts,
    Ends,
}

fn effect(rule: LimitationRule, e: &Event) -> Option<Effect> {
    let informal = rule.informal_acknowledgment_counts();
    match &e.kind {
        EventKind::Payment { .. } | EventKind::DebtAcknowledged => Some(Effect::Acknowledges),
        EventKind::EInvoiceStatus {
            status: crate::e_invoice::EInvoiceStatus::Cashed,
            ..
        } => Some(Effect::Acknowledges),
        EventKind::ReplyFormReceived {
            pays_in_full,
            time_to_pay,
            disputes,
            ..
        } if (*pays_in_full || *time_to_pay) && !*disputes => Some(Effect::Acknowledges),
        EventKind::PromiseToPay { .. } | EventKind::PaymentPlanAgreed { .. } if informal => {
            Some(Effect::Acknowledges)
        }
        // A written payment demand interrupts against a French public body (loi 68-1250,
        // art. 2).
        EventKind::StepReached { .. } if rule == LimitationRule::FrPublic => {
            Some(Effect::Acknowledges)
        }
        EventKind::LegalProceedingsStarted { .. } => Some(Effect::Starts),
        EventKind::LegalProceedingsEnded => Some(Effect::Ends),
        _ => None,
    }
}

impl Limitation {
    /// The limitation of `account` owed by `customer` ([`Customer::limitation_rule`]), from
    /// its history read in date order. `None` without a rule for the customer.
    ///
    /// # Example
    /// ```
    /// use relance::*;
    /// use rust_decimal_macros::dec;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let customer = Customer::new("C-1", "Muster GmbH", CustomerKind::Business, Country::DE,
    ///     Language::De, Zone::EUROPE_BERLIN);
    /// let mut acc = Account::open(Invoice::single("INV-1", "R-1", "C-1", Currency::EUR,
    ///     d("2021-05-31"), dec!(500.00), d("2021-06-30"))).unwrap();
    /// assert_eq!(Limitation::of(&acc, &customer).unwrap().last_day, Some(d("2024-12-31")));
    /// // A Mahnbescheid served on 1 October 2024 suspends it (BGB 204(1) no. 3) ...
    /// let ev = |on, kind| Event::new(&"INV-1".into(), d(on), kind);
    /// acc.apply(&ev("2024-10-01", EventKind::LegalProceedingsStarted {
    ///     description: "Mahnbescheid".into() }))?;
    /// assert_eq!(Limitation::of(&acc, &customer).unwrap().last_day, None);
    /// // ... until six months after the proceedings end (BGB 204(2)); not counted (209).
    /// acc.apply(&ev("2024-12-01", EventKind::LegalProceedingsEnded))?;
    /// // Suspended from 1 October 2024 to 1 June 2025: 243 days added to 31 December 2024.
    /// assert_eq!(Limitation::of(&acc, &customer).unwrap().last_day, Some(d("2025-08-31")));
    /// # Ok::<(), EventError>(())
    /// ```
    pub fn of(account: &Account, customer: &Customer) -> Option<Limitation> {
        let rule = customer.limitation_rule()?;
        let runs_from = account.invoice().first_due_date()?;
        let mut last = rule.last_day_from_due(runs_from);
        let mut restarted_on = None;
        let mut since: Option<NaiveDate> = None;
        let mut facts: Vec<(NaiveDate, Effect)> = account
            .history()
            .iter()
            .filter_map(|e| effect(rule, e).map(|x| (e.on, x)))
            .collect();
        facts.sort_by_key(|(on, _)| *on);
        for (on, what) in facts {
            // Nothing revives a claim once time-barred (s.29(7); Code civil 2240 needs a
            // running period).
            let running = last.is_some_and(|l| on <= l);
            match what {
                Effect::Acknowledges if since.is_none() && running => {
                    let new = rule.last_day_from_restart(on);
                    if new > last {
                        last = new;
                        restarted_on = Some(on);
                    }
                }
                Effect::Starts if since.is_none() && running => since = Some(on),
                Effect::Ends => {
                    let Some(start) = since.take() else { continue };
                    match rule.court_effect() {
                        CourtEffect::Suspends { months } => {
                            let resumes = on.checked_add_months(Months::new(months));
                            let days = resumes.map(|r| (r - start).num_days().max(0));
                            last = match (last, days) {
                                (Some(l), Some(n)) => {
                                    l.checked_add_days(Days::new(n.unsigned_abs()))
                                }
                                _ => None,
                            };
                        }
                        CourtEffect::Interrupts => {
                            last = rule.last_day_from_restart(on);
                            restarted_on = Some(on);
                        }
                    }
                }
                _ => {}
            }
        }
        Some(Limitation {
            rule,
            source: rule.source().to_string(),
            runs_from,
            restarted_on,
            proceedings_since: since,
            last_day: if since.is_some() { None } else { last },
        })
    }

    /// Whether the claim is time-barred on `on` (after the last day).
    ///
    /// # Example
    /// ```
    /// use relance::{Limitation, LimitationRule};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let l = Limitation { rule: LimitationRule::UkContract, source: "s.5".into(),
    ///     runs_from: d("2019-01-31"), restarted_on: None, proceedings_since: None,
    ///     last_day: Some(d("2025-01-31")) };
    /// assert!(!l.is_time_barred(d("2025-01-31")) && l.is_time_barred(d("2025-02-01")));
    /// ```
    pub fn is_time_barred(&self, on: NaiveDate) -> bool {
        self.last_day.is_some_and(|l| on > l)
    }

    /// The first day a person is warned: `days` before the last day.
    ///
    /// # Example
    /// ```
    /// use relance::{Limitation, LimitationRule};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let l = Limitation { rule: LimitationRule::UkContract, source: "s.5".into(),
    ///     runs_from: d("2019-01-31"), restarted_on: None, proceedings_since: None,
    ///     last_day: Some(d("2025-01-31")) };
    /// assert_eq!(l.warning_from(60), Some(d("2024-12-02")));
    /// ```
    pub fn warning_from(&self, days: u32) -> Option<NaiveDate> {
        self.last_day?.checked_sub_days(Days::new(u64::from(days)))
    }
}

/// The wakeup of an account once its limitation is known: the ladder's wakeup if it comes
/// before the claim is time-barred (no step is ever due after), else the first of the
/// warning day and the first time-barred day still after `after` (the latest date the
/// engine looked at the account), so a person is told, and the planner reports it, once
/// each. `None` once both have passed.
pub(crate) fn wakeup(
    limitation: Option<&Limitation>,
    warning_days: u32,
    after: NaiveDate,
    ladder: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let Some(l) = limitation else {
        return ladder;
    };
    let barred_from = l.last_day.and_then(|d| d.succ_opt());
    let ladder = ladder.filter(|w| barred_from.is_none_or(|b| *w < b));
    let law = [l.warning_from(warning_days), barred_from]
        .into_iter()
        .flatten()
        .filter(|d| *d > after)
        .min();
    match (ladder, law) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::CustomerKind;
    use crate::invoice::Invoice;
    use crate::jurisdiction::{Country, Language};
    use crate::local_time::Zone;
    use crate::money::Currency;
    use rust_decimal::Decimal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn customer(country: Country, kind: CustomerKind) -> Customer {
        Customer::new("C", "C", kind, country, Language::En, Zone::EUROPE_PARIS)
    }
    fn account(due: &str) -> Account {
        let due = d(due);
        let issued = due.checked_sub_days(Days::new(30)).unwrap();
        Account::open(Invoice::single(
            "I",
            "N",
            "C",
            Currency::EUR,
            issued,
            Decimal::from(100),
            due,
        ))
        .unwrap()
    }
    fn with(mut a: Account, on: &str, kind: EventKind) -> Account {
        a.apply(&Event::new(&"I".into(), d(on), kind)).unwrap();
        a
    }
    fn last(a: &Account, c: &Customer) -> Option<NaiveDate> {
        Limitation::of(a, c).unwrap().last_day
    }

    #[test]
    fn code_de_commerce_l110_4_five_years_between_traders() {
        let c = customer(Country::FR, CustomerKind::Business);
        assert_eq!(last(&account("2020-03-15"), &c), Some(d("2025-03-15")));
    }

    #[test]
    fn code_de_la_consommation_l218_2_two_years_against_a_consumer() {
        let c = customer(Country::FR, CustomerKind::Consumer);
        assert_eq!(last(&account("2023-02-28"), &c), Some(d("2025-02-28")));
    }

    #[test]
    fn bgb_195_199_three_years_from_the_end_of_the_year() {
        let c = customer(Country::DE, CustomerKind::Consumer);
        assert_eq!(last(&account("2021-01-02"), &c), Some(d("2024-12-31")));
        assert_eq!(last(&account("2021-12-31"), &c), Some(d("2024-12-31")));
    }

    #[test]
    fn limitation_act_1980_s5_six_years() {
        let c = customer(Country::GB, CustomerKind::Business);
        assert_eq!(last(&account("2019-04-30"), &c), Some(d("2025-04-30")));
    }

    #[test]
    fn belgian_code_civil_2262bis_ten_years_and_2272_one_year_for_consumer_supplies() {
        let b = customer(Country::BE, CustomerKind::Business);
        assert_eq!(last(&account("2015-06-30"), &b), Some(d("2025-06-30")));
        let mut c = customer(Country::BE, CustomerKind::Consumer);
        assert_eq!(last(&account("2024-06-30"), &c), Some(d("2025-06-30")));
        // A host selling services to consumers sets the common-law rule.
        c.limitation = Some(LimitationRule::BeCommonLaw);
        assert_eq!(last(&account("2024-06-30"), &c), Some(d("2034-06-30")));
    }

    #[test]
    fn loi_68_1250_four_years_from_1_january_and_every_written_demand_interrupts() {
        let c = customer(Country::FR, CustomerKind::Public);
        let a = account("2021-03-31");
        assert_eq!(last(&a, &c), Some(d("2025-12-31")));
        let a = with(
            a,
            "2023-04-10",
            EventKind::StepReached {
                step: 0,
                name: "reminder".into(),
                stage: crate::ladder::Stage::Amicable,
                due_on: d("2023-04-10"),
                fee: None,
                deadline: None,
            },
        );
        assert_eq!(last(&a, &c), Some(d("2027-12-31")));
    }

    #[test]
    fn code_civil_2240_acknowledgment_and_part_payment_restart_but_never_once_expired() {
        let c = customer(Country::FR, CustomerKind::Consumer);
        let a = account("2023-01-31"); // last day 2025-01-31
        let a = with(a, "2024-05-02", EventKind::DebtAcknowledged);
        assert_eq!(last(&a, &c), Some(d("2026-05-02")));
        // An acknowledgment after the period ran out revives nothing.
        let late = with(
            account("2023-01-31"),
            "2025-02-01",
            EventKind::DebtAcknowledged,
        );
        assert_eq!(last(&late, &c), Some(d("2025-01-31")));
        let late = with(
            account("2023-01-31"),
            "2025-03-01",
            EventKind::Payment {
                amount: Decimal::from(10),
            },
        );
        assert!(
            Limitation::of(&late, &c)
                .unwrap()
                .is_time_barred(d("2025-03-01"))
        );
    }

    #[test]
    fn bgb_212_acknowledgment_restarts_three_years_without_the_year_end_rule() {
        let c = customer(Country::DE, CustomerKind::Business);
        let a = with(
            account("2021-06-30"),
            "2023-03-01",
            EventKind::PromiseToPay {
                until: d("2023-03-31"),
            },
        );
        assert_eq!(last(&a, &c), Some(d("2026-03-01")));
    }

    #[test]
    fn limitation_act_s29_5_payment_restarts_s30_oral_promises_do_not() {
        let c = customer(Country::GB, CustomerKind::Consumer);
        let a = with(
            account("2019-04-30"),
            "2022-01-10",
            EventKind::PromiseToPay {
                until: d("2022-02-10"),
            },
        );
        assert_eq!(last(&a, &c), Some(d("2025-04-30")), "s.30: not in writing");
        let a = with(
            a,
            "2022-02-01",
            EventKind::Payment {
                amount: Decimal::from(10),
            },
        );
        assert_eq!(last(&a, &c), Some(d("2028-02-01")), "s.29(5)");
    }

    #[test]
    fn court_steps_interrupt_in_france_a_new_period_runs_from_their_end_code_civil_2242() {
        let c = customer(Country::FR, CustomerKind::Business);
        let a = with(
            account("2020-03-15"),
            "2024-01-10",
            EventKind::LegalProceedingsStarted {
                description: "injonction de payer".into(),
            },
        );
        let l = Limitation::of(&a, &c).unwrap();
        assert_eq!(
            (l.last_day, l.proceedings_since),
            (None, Some(d("2024-01-10")))
        );
        let a = with(a, "2024-09-30", EventKind::LegalProceedingsEnded);
        assert_eq!(last(&a, &c), Some(d("2029-09-30")));
    }

    #[test]
    fn the_wakeup_is_the_warning_then_the_first_barred_day_then_nothing() {
        let l = Limitation {
            rule: LimitationRule::UkContract,
            source: String::new(),
            runs_from: d("2019-01-31"),
            restarted_on: None,
            proceedings_since: None,
            last_day: Some(d("2025-01-31")),
        };
        let ladder = Some(d("2025-03-01")); // a step after the claim is barred never comes
        assert_eq!(
            wakeup(Some(&l), 30, d("2024-06-01"), ladder),
            Some(d("2025-01-01"))
        );
        assert_eq!(
            wakeup(Some(&l), 30, d("2025-01-01"), ladder),
            Some(d("2025-02-01"))
        );
        assert_eq!(wakeup(Some(&l), 30, d("2025-02-01"), ladder), None);
        assert_eq!(
            wakeup(Some(&l), 30, d("2024-06-01"), Some(d("2024-07-01"))),
            Some(d("2024-07-01"))
        );
        assert_eq!(wakeup(None, 30, d("2024-06-01"), ladder), ladder);
    }
}
