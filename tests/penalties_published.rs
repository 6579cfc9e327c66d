//! Published worked examples and published rates, with their sources.
//!
//! Official sources (government sites) first; then worked examples from secondary sources
//! (professional blogs, legal wikis), marked as such. Only figures actually read in the
//! source are used; dates are chosen so the source's rate applies.

mod penalties_support;

use penalties_support::{claim, contractual, d, dec, run};
use relance::Currency;
use relance::penalties::{
    HalfYear, InterestRounding, RateEntry, RateSeries, RateTables, Regime, compute, uk_fixed_sum,
};

/// GOV.UK, "Late commercial payments: charging interest and debt recovery", page
/// "Interest on late commercial payments"
/// (https://www.gov.uk/late-commercial-payments-interest-debt-recovery/charging-interest-commercial-debt):
/// "If your business were owed £1,000 and the Bank of England base rate were 0.5%: the
/// annual statutory interest on this would be £85 (1,000 x 0.085 = £85); divide £85 by
/// 365 to get the daily interest: 23p a day (85 / 365 = 0.23); after 50 days this would be
/// £11.50 (50 x 0.23 = 11.50)".
#[test]
fn gov_uk_statutory_interest_example() {
    // Interest starting in 2016 H1: reference rate 0.50 %.
    let due = d(2016, 3, 10);
    let until = d(2016, 4, 29); // 50 days: 11 March to 29 April
    let mut c = claim(Regime::UkB2b, "1000.00", due, until);
    c.options.rounding = InterestRounding::DailyFirst;
    let b = run(&c).unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(b.segments[0].days, 50);
    assert_eq!(b.segments[0].annual_rate, dec("8.50"));
    assert_eq!(b.interest, dec("11.50"));
    // Same guide, "Claim debt recovery costs on late payments": £1,000 to £9,999.99 -> £70.
    assert_eq!(b.fixed_compensation, dec("70.00"));
    assert_eq!(b.total, dec("81.50"));

    // Without the daily-first convention the exact figure is 11.64: the convention matters.
    c.options.rounding = InterestRounding::PerSegment;
    assert_eq!(run(&c).unwrap().interest, dec("11.64"));
}

/// mygov.scot / GOV.UK, "Claim debt recovery costs on late payments"
/// (https://www.mygov.scot/late-commercial-payments/claim-debt-recovery-costs-on-late-payments/):
/// "Up to £999.99 debt - £40 charge; £1,000 to £9,999.99 debt - £70 charge; £10,000 or
/// more debt - £100 charge".
#[test]
fn gov_uk_fixed_sums_table() {
    for (debt, sum) in [
        ("0.01", "40.00"),
        ("999.99", "40.00"),
        ("1000.00", "70.00"),
        ("9999.99", "70.00"),
        ("10000.00", "100.00"),
    ] {
        assert_eq!(uk_fixed_sum(dec(debt)), dec(sum), "debt {debt}");
    }
}

/// GOV.UK "Make a court claim for money: work out interest", as reproduced by
/// businesseastsussex.org.uk ("3. Work out interest"): for debts other than commercial
/// ones the rate is usually 8%: "If you were owed £1,000: the annual interest would be £80;
/// divide £80 by 365 to get the daily interest: about 22p a day; after 50 days this would
/// be £11". A fixed 8 % is the `contractual` regime here.
#[test]
fn gov_uk_court_claim_eight_percent_example() {
    let mut c = contractual("8", "1000.00", d(2025, 1, 10), d(2025, 3, 1));
    c.currency = Currency::GBP;
    c.options.rounding = InterestRounding::DailyFirst;
    let b = run(&c).unwrap();
    assert_eq!(b.segments[0].days, 50);
    assert_eq!(b.interest, dec("11.00"));
}

/// Bpifrance Creation, "Taux des penalites de retard"
/// (https://bpifrance-creation.fr/boiteaoutils/taux-penalites-retard): "Depuis le mois de
/// juin 2024, ce taux est evalue a 4,25 soit au total 14,25 % (4,25 + 10)" and "Au second
/// semestre 2024 : 14,76 % (3 X 4,92 %)" (the floor for a contractual rate).
#[test]
fn bpifrance_2024_h2_rate_and_floor() {
    let t = RateTables::builtin();
    let h = HalfYear {
        year: 2024,
        second: true,
    };
    let rate = Regime::FrB2b.statutory_rate(h, &t).unwrap().unwrap();
    assert_eq!(rate.rate, dec("14.25"));
    let floor = Regime::FrB2b.rate_floor(h, &t).unwrap().unwrap();
    assert_eq!(floor.rate, dec("14.76"));
}

/// Belgian 2002-law rates published in the Moniteur belge (values from the reference
/// file; also reported by Larcier-Intersentia, monastucesetconseils.be 18.10.2023:
/// "premier semestre 2023, ce taux etait de 10,5 % ; pour le second, il est de 12 %
/// (MB 29.09.2023)"; trendstop.levif.be: second half of 2024 "a 12,5 %"; certifisc.be:
/// second half of 2015 "8,50%"). The law's rule, applied to the ECB table, must give every
/// published value.
#[test]
fn belgian_published_rates_match_the_derivation_rule() {
    let t = RateTables::builtin();
    let published = [
        (2015, false, "8.5"),
        (2015, true, "8.5"),
        (2016, false, "8.5"),
        (2016, true, "8.0"),
        (2019, false, "8.0"),
        (2022, true, "8.0"),
        (2023, false, "10.5"),
        (2023, true, "12.0"),
        (2024, false, "12.5"),
        (2024, true, "12.5"),
        (2025, false, "11.5"),
        (2025, true, "10.5"),
        (2026, false, "10.5"),
    ];
    for (year, second, rate) in published {
        let h = HalfYear { year, second };
        assert_eq!(t.be_2002_derived(h).unwrap().rate, dec(rate), "{h}");
        assert_eq!(t.be_2002_rate(h).unwrap().rate, dec(rate), "{h}");
    }
}

/// Secondary source: heropay.eu, "Comment facturer des penalites sans erreur ?":
/// "1 000 EUR en retard de 30 jours a 14,5 % = 11,92 EUR". 14.50 % is the French B2B rate of
/// 2024 H1 (ECB 4.50 + 10).
#[test]
fn heropay_thirty_days_at_fourteen_and_a_half() {
    let b = run(&claim(
        Regime::FrB2b,
        "1000.00",
        d(2024, 2, 1),
        d(2024, 3, 2),
    ))
    .unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("14.50"));
    assert_eq!(b.interest, dec("11.92"));
    assert_eq!(b.total, dec("51.92"));
}

/// Secondary source: agenceipro.com, "Zoom sur les penalites de retard": "Un retard de
/// 30 jours sur une facture de 15 000 EUR TTC avec un taux de 15 % entrainerait des
/// penalites de 184,93 EUR." A contractual 15 % under fr-b2b (above the 2025 H1 floor of
/// 3 x 3.71 = 11.13 %).
#[test]
fn agenceipro_fifteen_thousand_at_fifteen_percent() {
    let mut c = claim(Regime::FrB2b, "15000.00", d(2025, 3, 1), d(2025, 3, 31));
    c.options.annual_rate = Some(dec("15"));
    let b = run(&c).unwrap();
    assert_eq!(b.interest, dec("184.93"));
}

/// Secondary source: p-konto.de wiki "Zinsformel": "Forderungsbetrag: 10.000 EUR,
/// Zinssatz: 6 %; Zinsbeginn: 1.1.2016, berechnet bis 30.7.2016. Daraus ergeben sich 210
/// Zinstage. [...] jeder Monat 30 Tage [...] 10.000 EUR x 210 Zinstage x 6 % / 36000 =
/// 350 EUR Zins."
#[test]
fn p_konto_thirty_360_example() {
    let mut c = contractual("6", "10000.00", d(2015, 12, 31), d(2016, 7, 30));
    c.options.day_count = relance::penalties::DayCount::Thirty360;
    let b = run(&c).unwrap();
    assert_eq!(b.segments[0].days, 210);
    assert_eq!(b.interest, dec("350.00"));
}

/// Secondary source: anleiter.de, "Wie berechnet man Verzugszinsen?": "fur eine Forderung
/// von 1000,00 EUR aus einem Verbrauchergeschaft, welche seit 25 Tagen fallig ist, bei
/// einem Verzugszinssatz von 5,12% Verzugszinsen i. H. v. 3.51 EUR". 5.12 % is the base
/// rate plus 5: the 0.12 % Basiszinssatz of 2012 H1, now in the shipped table; a host
/// adding the same value itself gets the same figure.
#[test]
fn anleiter_consumer_example_with_a_host_added_base_rate() {
    let c = claim(Regime::DeConsumer, "1000.00", d(2012, 3, 1), d(2012, 3, 26));
    let shipped = run(&c).unwrap();
    let mut t = RateTables::builtin();
    t.insert(
        RateSeries::DeBasiszins,
        RateEntry::new(d(2012, 1, 1), dec("0.12")),
    )
    .unwrap();
    let b = compute(&c, &t).unwrap();
    assert_eq!(b, shipped);
    assert_eq!(b.segments[0].annual_rate, dec("5.12"));
    assert_eq!(b.interest, dec("3.51"));
    assert_eq!(
        b.fixed_compensation,
        dec("0.00"),
        "no Pauschale against consumers"
    );
}

/// The reference file's France B2B consequence list ("2015 H1 to 2016 H1 10.05; 2016 H2 to
/// 2022 H2 10.00; 2023 H1 12.50; ...") must follow from the ECB table.
#[test]
fn france_b2b_rates_follow_from_the_ecb_table() {
    let t = RateTables::builtin();
    let expected = [
        (2015, false, "10.05"),
        (2016, false, "10.05"),
        (2016, true, "10.00"),
        (2022, true, "10.00"),
        (2023, false, "12.50"),
        (2023, true, "14.00"),
        (2024, false, "14.50"),
        (2024, true, "14.25"),
        (2025, false, "13.15"),
        (2025, true, "12.15"),
        (2026, false, "12.15"),
        (2026, true, "12.40"),
    ];
    for (year, second, rate) in expected {
        let q = Regime::FrB2b
            .statutory_rate(HalfYear { year, second }, &t)
            .unwrap()
            .unwrap();
        assert_eq!(q.rate, dec(rate), "{year} H{}", if second { 2 } else { 1 });
        assert_eq!(q.verified, !(year == 2026 && second), "2026 H2 is [U]");
    }
}
