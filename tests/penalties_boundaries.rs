//! The boundaries listed in issue 3, one test each (or a few for a family).

mod penalties_support;

use penalties_support::{claim, contractual, d, day_by_day_interest, dec, run};
use relance::penalties::{
    CapKind, DayCount, FloorPolicy, HalfYear, PenaltyError, RateEntry, RatePeriod, RateSeries,
    RateTables, Regime, compute, uk_fixed_sum,
};

/// A regime's claim made computable: a start date where the law needs one.
fn any_claim(
    regime: Regime,
    principal: &str,
    due: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> relance::penalties::Claim {
    let mut c = claim(regime, principal, due, until);
    if regime.interest_start_rule().is_some() {
        c.interest_from = due.succ_opt();
    }
    if regime == Regime::Contractual {
        c.options.annual_rate = Some(dec("9"));
    }
    c
}

#[test]
fn paid_on_the_due_date_costs_nothing_in_every_regime() {
    for regime in Regime::ALL {
        let c = any_claim(regime, "5000.00", d(2025, 3, 31), d(2025, 6, 30))
            .with_movement(d(2025, 3, 31), dec("5000.00"));
        let b = run(&c).unwrap();
        assert!(b.segments.is_empty(), "{regime}");
        assert_eq!(b.interest, dec("0"), "{regime}");
        assert_eq!(b.fixed_compensation, dec("0"), "{regime}");
        assert_eq!(b.total, dec("0"), "{regime}");
    }
}

#[test]
fn one_day_late() {
    // Paid the day after the due date: exactly one day of interest plus the fixed sum.
    let cases = [
        // 10,000 x 13.15 % / 365 = 3.6027 (ECB 3.15 on 1 Jan 2025 + 10)
        (Regime::FrB2b, "3.60", "40.00"),
        // 10,000 x (2.27 + 9) % / 365 = 3.0877
        (Regime::DeB2b, "3.09", "40.00"),
        // 10,000 x (4.75 + 8) % / 365 = 3.4932; a debt of exactly 10,000 gets GBP 100
        (Regime::UkB2b, "3.49", "100.00"),
        // 10,000 x 11.5 % / 365 = 3.1507
        (Regime::BeB2b, "3.15", "40.00"),
    ];
    for (regime, interest, fixed) in cases {
        let c = claim(regime, "10000.00", d(2025, 3, 31), d(2025, 4, 1))
            .with_movement(d(2025, 4, 1), dec("10000.00"));
        let b = run(&c).unwrap();
        assert_eq!(b.segments.len(), 1, "{regime}");
        assert_eq!(b.segments[0].days, 1, "{regime}");
        assert_eq!(b.interest, dec(interest), "{regime}");
        assert_eq!(b.fixed_compensation, dec(fixed), "{regime}");
    }
}

#[test]
fn a_leap_year_under_each_day_count() {
    // 3,650 at 10 % over all of 2024 (366 days).
    let mut c = contractual("10", "3650.00", d(2023, 12, 31), d(2024, 12, 31));
    assert_eq!(
        run(&c).unwrap().interest,
        dec("366.00"),
        "Actual/365F counts the leap day"
    );
    c.options.day_count = DayCount::ActAct;
    assert_eq!(run(&c).unwrap().interest, dec("365.00"));
    c.options.day_count = DayCount::Thirty360;
    assert_eq!(run(&c).unwrap().interest, dec("365.00"));
}

#[test]
fn a_payment_on_the_leap_day_counts_that_day() {
    let c = contractual("10", "3650.00", d(2024, 2, 27), d(2024, 3, 31))
        .with_movement(d(2024, 2, 29), dec("3650.00"));
    let b = run(&c).unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(
        (b.segments[0].from, b.segments[0].to),
        (d(2024, 2, 28), d(2024, 2, 29))
    );
    assert_eq!(b.interest, dec("2.00")); // 3650 x 10 % x 2 / 365
}

#[test]
fn a_half_year_boundary_splits_the_rate() {
    // One day on each side of 1 July 2024: 14.50 % then 14.25 %.
    let b = run(&claim(
        Regime::FrB2b,
        "36500.00",
        d(2024, 6, 29),
        d(2024, 7, 1),
    ))
    .unwrap();
    let rates: Vec<_> = b
        .segments
        .iter()
        .map(|s| (s.from, s.annual_rate, s.amount))
        .collect();
    assert_eq!(
        rates,
        [
            (d(2024, 6, 30), dec("14.50"), dec("14.50")),
            (d(2024, 7, 1), dec("14.25"), dec("14.25"))
        ]
    );
    // Due on the last day of a half-year: every day of interest is in the next one.
    let b = run(&claim(
        Regime::FrB2b,
        "36500.00",
        d(2024, 6, 30),
        d(2024, 7, 1),
    ))
    .unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(b.segments[0].annual_rate, dec("14.25"));
    // The French option: keep the rate of the due date's half-year.
    let mut c = claim(Regime::FrB2b, "36500.00", d(2024, 6, 29), d(2024, 7, 1));
    c.options.rate_period = Some(RatePeriod::FixedAtDueDate);
    let b = run(&c).unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(
        (b.segments[0].annual_rate, b.interest),
        (dec("14.50"), dec("29.00"))
    );
}

#[test]
fn a_negative_german_base_rate() {
    // 2016 H2: Basiszinssatz -0.88: consumers 4.12 %, businesses 8.12 %.
    let (due, until) = (d(2016, 6, 30), d(2016, 12, 31)); // 184 days
    let b = run(&claim(Regime::DeConsumer, "10000.00", due, until)).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("4.12"));
    assert_eq!(b.interest, dec("207.69")); // 10000 x 4.12 % x 184 / 365 = 207.693
    let b = run(&claim(Regime::DeB2b, "10000.00", due, until)).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("8.12"));
    // A host table so negative that the sum is negative: no negative interest.
    let mut t = RateTables::builtin();
    t.insert(
        RateSeries::DeBasiszins,
        RateEntry::new(d(2016, 7, 1), dec("-7.5")),
    )
    .unwrap();
    let b = compute(&claim(Regime::DeConsumer, "10000.00", due, until), &t).unwrap();
    assert_eq!(
        (b.segments[0].annual_rate, b.interest),
        (dec("0"), dec("0.00"))
    );
    assert_eq!(b.caps_applied[0].kind, CapKind::ZeroRate);
    assert_eq!(b.caps_applied[0].requested, dec("-2.5"));
}

#[test]
fn belgian_consumer_balances_of_exactly_150_and_500() {
    let t = RateTables::builtin();
    for (balance, cap, just_above, cap_above) in [
        ("150.00", "20.00", "150.01", "30.00"),
        ("500.00", "65.00", "500.01", "65.00"),
    ] {
        for (b, expected) in [(balance, cap), (just_above, cap_above)] {
            let mut c = claim(Regime::BeConsumer, b, d(2025, 3, 31), d(2025, 6, 30))
                .with_interest_from(d(2025, 5, 1));
            c.options.flat_fee = Some(dec("100.00"));
            let r = compute(&c, &t).unwrap();
            assert_eq!(r.max_damages, Some(dec(expected)), "balance {b}");
            assert_eq!(r.fixed_compensation, dec(expected), "balance {b}");
            assert_eq!(
                r.caps_applied.last().map(|c| c.kind),
                Some(CapKind::Damages)
            );
        }
    }
}

#[test]
fn belgian_damages_cap_either_side_of_500() {
    // Book XIX: 30 + 10 % of the part above 150 up to 500, 65 + 5 % of the part above 500.
    // Rounded down to the cent so the cap is never exceeded: 499.99 gives 64.999, so 64.99.
    for (balance, cap) in [
        ("149.99", "20.00"),
        ("150.00", "20.00"),
        ("150.01", "30.00"),
        ("499.99", "64.99"),
        ("500.00", "65.00"),
        ("500.01", "65.00"),
        ("39199.99", "1999.99"),
        ("39200.00", "2000.00"),
    ] {
        assert_eq!(
            relance::penalties::max_damages(dec(balance)),
            Ok(dec(cap)),
            "balance {balance}"
        );
    }
}

#[test]
fn uk_debts_of_exactly_1000_and_10000() {
    // Late Payment Act s.5A: under GBP 1,000: 40; 1,000 to 9,999.99: 70; 10,000 and over: 100.
    for (debt, fixed) in [
        ("0.01", "40.00"),
        ("999.99", "40.00"),
        ("1000.00", "70.00"),
        ("1000.01", "70.00"),
        ("2500.00", "70.00"),
        ("9999.99", "70.00"),
        ("10000.00", "100.00"),
        ("10000.01", "100.00"),
    ] {
        assert_eq!(uk_fixed_sum(dec(debt)), dec(fixed), "debt {debt}");
        let b = run(&claim(Regime::UkB2b, debt, d(2025, 3, 31), d(2025, 4, 30))).unwrap();
        assert_eq!(b.fixed_compensation, dec(fixed), "debt {debt}");
    }
}

#[test]
fn a_contractual_rate_just_under_the_french_floor() {
    // 2024 H2 floor: 3 x 4.92 = 14.76 %.
    let mut c = claim(Regime::FrB2b, "1000.00", d(2024, 8, 31), d(2024, 9, 30));
    c.options.annual_rate = Some(dec("14.75"));
    assert_eq!(
        run(&c).unwrap_err(),
        PenaltyError::RateBelowFloor {
            rate: dec("14.75"),
            floor: dec("14.76"),
            half_year_start: d(2024, 7, 1)
        }
    );
    c.options.floor_policy = FloorPolicy::Clamp;
    let b = run(&c).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("14.76"));
    assert_eq!(b.caps_applied.len(), 1);
    assert_eq!(
        (b.caps_applied[0].kind, b.caps_applied[0].requested),
        (CapKind::RateFloor, dec("14.75"))
    );
    c.options.annual_rate = Some(dec("14.76"));
    c.options.floor_policy = FloorPolicy::Reject;
    let b = run(&c).unwrap();
    assert!(b.caps_applied.is_empty());
    assert_eq!(b.segments[0].annual_rate, dec("14.76"));
}

#[test]
fn a_thirty_year_delay_needs_rates_the_tables_do_not_have() {
    let (due, until) = (d(2015, 3, 31), d(2045, 3, 31));
    let c = claim(Regime::FrB2b, "10000.00", due, until);
    // Default: a typed error naming the first uncovered date (ECB rate on 1 January 2027).
    assert_eq!(
        run(&c).unwrap_err(),
        PenaltyError::RateNotCovered {
            series: RateSeries::EcbMro,
            date: d(2027, 1, 1)
        }
    );
    // Opt-in: carry the last known rate forward; the segments say so.
    let mut t = RateTables::builtin();
    t.set_carry_forward(true);
    let b = compute(&c, &t).unwrap();
    assert_eq!(b.segments.first().map(|s| s.from), Some(d(2015, 4, 1)));
    assert_eq!(b.segments.last().map(|s| s.to), Some(until));
    assert!(
        b.segments
            .last()
            .is_some_and(|s| s.rate_carried_forward && s.annual_rate == dec("12.65"))
    );
    let oracle = day_by_day_interest(dec("10000"), d(2015, 4, 1), until, &[], |day| {
        let start = HalfYear::containing(day).start();
        t.rate_on(RateSeries::EcbMro, start).unwrap().rate + dec("10")
    });
    let tolerance = dec("0.005") * rust_decimal::Decimal::from(b.segments.len());
    assert!(
        (b.interest - oracle).abs() <= tolerance,
        "{} vs {oracle}",
        b.interest
    );

    // Or the host adds the rates it knows, and coverage follows.
    let mut t = RateTables::builtin();
    t.insert(
        RateSeries::EcbMro,
        RateEntry::new(d(2027, 1, 1), dec("2.00")),
    )
    .unwrap();
    t.set_covered_until(RateSeries::EcbMro, d(2045, 12, 31));
    let b = compute(&c, &t).unwrap();
    assert!(b.segments.iter().all(|s| !s.rate_carried_forward));
    assert_eq!(b.segments.last().map(|s| s.annual_rate), Some(dec("12.00")));

    // A fixed-rate regime needs only the rate at the start.
    let b = run(&claim(Regime::UkB2b, "10000.00", due, until)).unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(b.segments[0].days, 10958);
    // 10,000 x 8.5 % x 10,958 / 365 = 25,518.630
    assert_eq!(b.interest, dec("25518.63"));
}
