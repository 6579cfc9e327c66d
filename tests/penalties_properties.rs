//! Properties of the penalty computation (proptest).

mod penalties_support;

use chrono::{Days, NaiveDate};
use penalties_support::d;
use proptest::prelude::*;
use relance::Currency;
use relance::penalties::{
    Breakdown, Claim, Compounding, DayCount, FloorPolicy, HalfYear, InterestRounding, PenaltyError,
    RateTables, Regime, compute,
};
use rust_decimal::Decimal;

fn tables() -> RateTables {
    let mut t = RateTables::builtin();
    t.set_carry_forward(true);
    t
}

fn day(offset: u64) -> NaiveDate {
    d(2015, 1, 1) + Days::new(offset)
}

fn regime() -> impl Strategy<Value = Regime> {
    prop::sample::select(Regime::ALL.to_vec())
}

fn day_count() -> impl Strategy<Value = DayCount> {
    prop::sample::select(vec![
        DayCount::Act365F,
        DayCount::ActAct,
        DayCount::Thirty360,
    ])
}

fn rounding() -> impl Strategy<Value = InterestRounding> {
    prop::sample::select(vec![
        InterestRounding::PerSegment,
        InterestRounding::Total,
        InterestRounding::DailyFirst,
    ])
}

/// A valid claim: regime, cents, due offset, length in days, day count, rounding, rate
/// (hundredths, for `contractual`).
#[derive(Debug, Clone)]
struct Case {
    regime: Regime,
    cents: i64,
    due: u64,
    len: u64,
    day_count: DayCount,
    rounding: InterestRounding,
    rate: i64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        regime(),
        1i64..1_000_000_000,
        0u64..4000,
        0u64..4000,
        day_count(),
        rounding(),
        0i64..3000,
    )
        .prop_map(
            |(regime, cents, due, len, day_count, rounding, rate)| Case {
                regime,
                cents,
                due,
                len,
                day_count,
                rounding,
                rate,
            },
        )
}

impl Case {
    fn due(&self) -> NaiveDate {
        day(self.due)
    }

    fn claim(&self, until: NaiveDate) -> Claim {
        let currency = self.regime.currency().unwrap_or(Currency::EUR);
        let mut c = Claim::new(
            currency,
            Decimal::new(self.cents, 2),
            self.due(),
            until,
            self.regime,
        );
        if self.regime.interest_start_rule().is_some() {
            c.interest_from = self.due().succ_opt();
        }
        if self.regime == Regime::Contractual {
            c.options.annual_rate = Some(Decimal::new(self.rate, 2));
        }
        c.options.day_count = self.day_count;
        c.options.rounding = self.rounding;
        c
    }

    fn until(&self) -> NaiveDate {
        self.due() + Days::new(self.len)
    }
}

fn run(c: &Claim) -> Breakdown {
    match compute(c, &tables()) {
        Ok(b) => b,
        Err(e) => panic!("valid claim rejected: {e}\n{c:?}"),
    }
}

proptest! {
    #[test]
    fn never_negative(case in case(), pay_at in 0u64..4000, pay_cents in 0i64..2_000_000_000, reverse in any::<bool>()) {
        let mut c = case.claim(case.until());
        let paid_on = day(pay_at);
        let amount = Decimal::new(pay_cents, 2);
        c = c.with_movement(paid_on, amount);
        if reverse {
            c = c.with_movement(paid_on + Days::new(10), -amount);
        }
        let b = run(&c);
        for x in [b.interest, b.interest_due, b.principal_due, b.fixed_compensation, b.total, b.amount_due] {
            prop_assert!(x >= Decimal::ZERO, "{x} in {b:?}");
        }
        prop_assert!(b.segments.iter().all(|s| s.amount >= Decimal::ZERO && s.annual_rate >= Decimal::ZERO));
    }

    #[test]
    fn interest_never_decreases_as_until_grows(case in case(), more in 0u64..800) {
        let a = run(&case.claim(case.until()));
        let b = run(&case.claim(case.until() + Days::new(more)));
        prop_assert!(a.interest <= b.interest, "{} > {}", a.interest, b.interest);
    }

    #[test]
    fn zero_when_paid_on_time(case in case(), early in 0u64..60) {
        let paid_on = case.due() - Days::new(early);
        let c = case.claim(case.until()).with_movement(paid_on, Decimal::new(case.cents, 2));
        let b = run(&c);
        prop_assert_eq!(b.interest, Decimal::ZERO);
        prop_assert_eq!(b.total, Decimal::ZERO);
        prop_assert!(b.segments.is_empty());
    }

    #[test]
    fn a_payment_never_increases_interest(
        case in case(),
        pay_at in 0u64..4000,
        pay_cents in 1i64..1_000_000_000,
        interest_first in any::<bool>(),
        compounding in any::<bool>(),
    ) {
        let mut without = case.claim(case.until());
        without.options.imputation = Some(if interest_first { relance::Imputation::Bgb367 } else { relance::Imputation::PrincipalFirst });
        if compounding {
            without.options.compounding = Compounding::Annual;
        }
        let with = without.clone().with_movement(day(pay_at), Decimal::new(pay_cents, 2));
        let (a, b) = (run(&without), run(&with));
        // Exact for `total` and `daily-first` rounding. Per-segment rounding may gain up to
        // half a minor unit on each segment (a payment splits one in two): the exact
        // amounts never grow, so the rounded ones grow by less than that.
        let slack = match case.rounding {
            InterestRounding::PerSegment => {
                Decimal::new(5, 3) * Decimal::from(a.segments.len() + b.segments.len())
            }
            _ => Decimal::ZERO,
        };
        prop_assert!(b.interest <= a.interest + slack, "with payment {} > without {}", b.interest, a.interest);
    }

    #[test]
    fn caps_are_respected(case in case(), fee_cents in 0i64..100_000_000, rate in 0i64..3000) {
        let t = tables();
        // Belgian consumer: damages within the cap, every rate within the 2002-law rate.
        let mut be = case.claim(case.until());
        be.regime = Regime::BeConsumer;
        be.currency = Currency::EUR;
        be.interest_from = case.due().succ_opt();
        be.options.annual_rate = Some(Decimal::new(rate, 2));
        be.options.floor_policy = FloorPolicy::Clamp;
        be.options.flat_fee = Some(Decimal::new(fee_cents, 2));
        let b = compute(&be, &t).unwrap();
        let cap = relance::penalties::max_damages(Decimal::new(case.cents, 2)).unwrap();
        prop_assert_eq!(b.max_damages, Some(cap));
        prop_assert!(b.fixed_compensation <= cap);
        for s in &b.segments {
            let ceiling = relance::penalties::max_interest_rate(HalfYear::containing(s.from), &t).unwrap();
            prop_assert!(s.annual_rate <= ceiling.rate);
        }
        // French B2B with a clamped contractual rate: never below 3 x the legal rate.
        let mut fr = case.claim(case.until());
        fr.regime = Regime::FrB2b;
        fr.currency = Currency::EUR;
        fr.interest_from = None;
        fr.options.annual_rate = Some(Decimal::new(rate, 2));
        fr.options.floor_policy = FloorPolicy::Clamp;
        let b = compute(&fr, &t).unwrap();
        for s in &b.segments {
            let floor = Regime::FrB2b.rate_floor(HalfYear::containing(s.from), &t).unwrap().unwrap();
            prop_assert!(s.annual_rate >= floor.rate);
        }
        // UK fixed sums are one of the three statutory amounts.
        let mut uk = case.claim(case.until());
        uk.regime = Regime::UkB2b;
        uk.currency = Currency::GBP;
        uk.interest_from = None;
        uk.options.annual_rate = None;
        let b = compute(&uk, &t).unwrap();
        let allowed = [Decimal::ZERO, Decimal::from(40), Decimal::from(70), Decimal::from(100)];
        prop_assert!(allowed.contains(&b.fixed_compensation));
    }

    #[test]
    fn splitting_a_period_changes_the_total_by_at_most_a_unit_per_segment(case in case(), cut in 0u64..4000) {
        // One rate fixed at the start (UK; French public buyers, R2192-31): a split
        // restarts it.
        prop_assume!(case.regime != Regime::UkB2b && case.regime != Regime::FrPublic);
        let until = case.until();
        let whole = run(&case.claim(until));
        // The first day of interest (after a German due date moved by BGB 193).
        let start = whole.interest_from;
        prop_assume!(until >= start);
        let cut = (start + Days::new(cut % (case.len.max(1)))).min(until);
        let first = run(&case.claim(cut));
        let mut rest = case.claim(until);
        rest.interest_from = cut.succ_opt();
        let second = if cut < until { Some(run(&rest)) } else { None };
        let second_interest = second.as_ref().map_or(Decimal::ZERO, |b| b.interest);
        let pieces = first.segments.len() + second.as_ref().map_or(0, |b| b.segments.len());
        let diff = (first.interest + second_interest - whole.interest).abs();
        prop_assert!(diff <= Decimal::new(1, 2) * Decimal::from(pieces.max(1)), "diff {diff} over {pieces} segments");
    }

    #[test]
    fn arbitrary_input_never_panics(
        principal in any::<i64>(), scale in 0u32..12,
        due in -1_000_000i32..1_000_000, len in -10_000i64..200_000,
        movements in prop::collection::vec((any::<i32>(), any::<i64>()), 0..8),
        regime in regime(), rate in any::<i64>(), rate_scale in 0u32..28,
        day_count in day_count(), rounding in rounding(), compounding in any::<bool>(),
    ) {
        let base = d(2000, 1, 1);
        let shift = |n: i64| base.checked_add_signed(chrono::TimeDelta::days(n)).unwrap_or(base);
        let due = shift(i64::from(due));
        let until = due.checked_add_signed(chrono::TimeDelta::days(len)).unwrap_or(due);
        let currency = regime.currency().unwrap_or(Currency::EUR);
        let mut c = Claim::new(currency, Decimal::new(principal, scale), due, until, regime);
        for (offset, amount) in movements {
            c = c.with_movement(shift(i64::from(offset)), Decimal::new(amount, 2));
        }
        c.options.annual_rate = Some(Decimal::new(rate, rate_scale));
        c.options.day_count = day_count;
        c.options.rounding = rounding;
        if compounding {
            c.options.compounding = Compounding::Annual;
        }
        c.interest_from = due.succ_opt();
        let result: Result<Breakdown, PenaltyError> = compute(&c, &tables());
        if let Ok(b) = result {
            prop_assert!(b.interest >= Decimal::ZERO);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Reference model: a day-by-day walk (the oracle may loop over days; the library may
    /// not) agrees with the segment computation within half a cent per segment.
    #[test]
    fn agrees_with_a_day_by_day_reference_model(
        case in case(),
        len in 0u64..1500,
        payments in prop::collection::vec((0u64..1500, 1i64..500_000_000), 0..4),
    ) {
        let regime = match case.regime {
            Regime::FrLegalPrivate | Regime::FrLegalOther | Regime::BeConsumer | Regime::UkB2b
            | Regime::FrPublic => Regime::FrB2b,
            other => other,
        };
        let case = Case { regime, len, day_count: DayCount::Act365F, rounding: InterestRounding::PerSegment, ..case };
        let mut c = case.claim(case.until());
        c.options.imputation = Some(relance::Imputation::PrincipalFirst);
        let paid: Vec<(NaiveDate, Decimal)> = payments
            .iter()
            .map(|&(offset, cents)| (case.due() + Days::new(offset), Decimal::new(cents, 2)))
            .collect();
        for &(date, amount) in &paid {
            c = c.with_movement(date, amount);
        }
        let t = tables();
        let b = run(&c);
        let rate_of = |day: NaiveDate| match regime {
            Regime::Contractual => Decimal::new(case.rate, 2),
            _ => regime.statutory_rate(HalfYear::containing(day), &t).unwrap().unwrap().rate.max(Decimal::ZERO),
        };
        let counted: Vec<_> = paid.iter().copied().filter(|(date, _)| *date <= case.until()).collect();
        // BGB 193: a German due date on a weekend or holiday moves to the next working day.
        let last_day_to_pay = if regime.postpones_due_date() {
            relance::calendar::BusinessCalendar::new(relance::calendar::HolidaySet::Germany)
                .next_business_day(case.due())
                .unwrap()
        } else {
            case.due()
        };
        let expected = penalties_support::day_by_day_interest(
            Decimal::new(case.cents, 2),
            last_day_to_pay + Days::new(1),
            case.until(),
            &counted,
            rate_of,
        );
        let tolerance = Decimal::new(5, 3) * Decimal::from(b.segments.len().max(1));
        prop_assert!((b.interest - expected).abs() <= tolerance, "{} vs model {expected}", b.interest);
    }
}
