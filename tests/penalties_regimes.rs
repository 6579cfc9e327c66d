//! One scenario per regime, figures worked by hand in the comments.

mod penalties_support;

use penalties_support::{claim, d, dec, run};
use relance::Currency;
use relance::penalties::{CapKind, FloorPolicy, PenaltyError, Regime};

#[test]
fn french_legal_interest_runs_from_the_formal_notice() {
    // EUR 5,000, notice received 1 March 2025, interest to 31 August 2025.
    // Private creditor: 122 days at 7.21 % = 120.50; 62 days at 6.65 % = 56.48.
    // Other cases:      122 days at 3.71 % = 62.00;  62 days at 2.76 % = 23.44.
    for (regime, total) in [
        (Regime::FrLegalPrivate, "176.98"),
        (Regime::FrLegalOther, "85.44"),
    ] {
        let c = claim(regime, "5000.00", d(2025, 1, 31), d(2025, 8, 31))
            .with_interest_from(d(2025, 3, 1));
        let b = run(&c).unwrap();
        assert_eq!(b.segments.len(), 2, "{regime}");
        assert_eq!(b.segments[0].days, 122);
        assert_eq!(b.interest, dec(total), "{regime}");
        assert_eq!(b.fixed_compensation, dec("0.00"), "{regime}");
        let missing = claim(regime, "5000.00", d(2025, 1, 31), d(2025, 8, 31));
        assert!(matches!(
            run(&missing),
            Err(PenaltyError::InterestStartRequired { .. })
        ));
    }
}

#[test]
fn eu_directive_is_ecb_plus_eight_by_half_year() {
    // 30 days at 2.50 + 8 = 10.50 % (8.63), 61 days at 4.00 + 8 = 12.00 % (20.05).
    let b = run(&claim(
        Regime::EuDirective,
        "1000.00",
        d(2023, 5, 31),
        d(2023, 8, 30),
    ))
    .unwrap();
    let rates: Vec<_> = b.segments.iter().map(|s| s.annual_rate).collect();
    assert_eq!(rates, [dec("10.50"), dec("12.00")]);
    assert_eq!(b.interest, dec("28.68"));
    assert_eq!(b.total, dec("68.68"));
}

#[test]
fn german_b2b_is_base_rate_plus_nine() {
    // 2024 H2: 3.37 + 9 = 12.37 %; 92 days on 2,000 = 62.36.
    let b = run(&claim(
        Regime::DeB2b,
        "2000.00",
        d(2024, 9, 30),
        d(2024, 12, 31),
    ))
    .unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("12.37"));
    assert_eq!(b.interest, dec("62.36"));
    assert_eq!(b.fixed_compensation, dec("40.00"));
}

#[test]
fn belgian_b2b_derives_the_rate_past_the_published_values() {
    // 2026 H2 is not published in the shipped data: ECB 2.40 [U] before 1 July + 8 = 10.40,
    // rounded up to 10.5. The rate is flagged unverified because the ECB value is.
    let b = run(&claim(
        Regime::BeB2b,
        "1000.00",
        d(2026, 7, 31),
        d(2026, 8, 31),
    ))
    .unwrap();
    let s = &b.segments[0];
    assert_eq!((s.annual_rate, s.rate_verified), (dec("10.5"), false));
    assert_eq!(b.interest, dec("8.92")); // 1000 x 10.5 % x 31 / 365
}

#[test]
fn belgian_consumer_interest_waits_for_the_cost_free_window() {
    // Due 31 July 2025; free reminder e-mailed 5 August: no charge 6 to 19 August.
    let window = relance::penalties::cost_free_window(
        d(2025, 8, 5),
        relance::penalties::ReminderChannel::Electronic,
        |_| true,
    )
    .unwrap();
    let from = window.charges_from().unwrap();
    assert_eq!(from, d(2025, 8, 20));
    let base = claim(Regime::BeConsumer, "400.00", d(2025, 7, 31), d(2025, 9, 18));
    assert!(matches!(
        run(&base),
        Err(PenaltyError::InterestStartRequired { .. })
    ));

    let c = base.clone().with_interest_from(from);
    // No contract rate: the ceiling itself, 10.5 % in 2025 H2; 30 days on 400 = 3.45.
    let b = run(&c).unwrap();
    assert_eq!((b.segments[0].days, b.interest), (30, dec("3.45")));
    assert_eq!(b.max_damages, Some(dec("55.00"))); // 30 + 10 % x 250
    assert_eq!(
        b.fixed_compensation,
        dec("0.00"),
        "no damages without a contract clause"
    );

    let mut above = c.clone();
    above.options.annual_rate = Some(dec("12"));
    assert!(matches!(
        run(&above),
        Err(PenaltyError::RateAboveCeiling { .. })
    ));
    above.options.floor_policy = FloorPolicy::Clamp;
    let b = run(&above).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("10.5"));
    assert_eq!(b.caps_applied[0].kind, CapKind::RateCeiling);

    let mut below = c;
    below.options.annual_rate = Some(dec("10"));
    assert_eq!(run(&below).unwrap().interest, dec("3.29")); // 400 x 10 % x 30 / 365
    assert_eq!(
        relance::penalties::reminder_cost_cap(dec("0")).unwrap(),
        dec("7.50")
    );
}

#[test]
fn uk_rate_is_fixed_at_the_start_of_the_debt() {
    // Interest starts 16 June 2023 (2023 H1 reference 3.50 %): 11.50 % for all 245 days,
    // although the reference rate rose to 5.00 and 5.25 later.
    let b = run(&claim(
        Regime::UkB2b,
        "5000.00",
        d(2023, 6, 15),
        d(2024, 2, 15),
    ))
    .unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(
        (b.segments[0].annual_rate, b.segments[0].days),
        (dec("11.50"), 245)
    );
    assert_eq!(b.interest, dec("385.96"));
    assert_eq!(b.fixed_compensation, dec("70.00"));
    let mut wrong = claim(Regime::UkB2b, "5000.00", d(2023, 6, 15), d(2024, 2, 15));
    wrong.currency = Currency::EUR;
    assert!(matches!(
        run(&wrong),
        Err(PenaltyError::CurrencyNotAllowed { .. })
    ));
}

#[test]
fn contractual_rate_and_fees_in_any_currency() {
    // JPY has no minor unit: 100,000 x 10 % x 30 / 365 = 821.9 -> 822.
    let mut c = claim(
        Regime::Contractual,
        "100000",
        d(2025, 3, 31),
        d(2025, 4, 30),
    );
    c.currency = Currency::JPY;
    c.options.annual_rate = Some(dec("10"));
    c.options.flat_fee = Some(dec("1000"));
    c.options.percentage_fee = Some(dec("5"));
    let b = run(&c).unwrap();
    assert_eq!(b.interest, dec("822"));
    assert_eq!(b.fixed_compensation, dec("6000"));
    assert_eq!(b.total, dec("6822"));
    c.options.flat_fee = Some(dec("0.5"));
    assert!(
        matches!(run(&c), Err(PenaltyError::Money(_))),
        "JPY has no cents"
    );
}
