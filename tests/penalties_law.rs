//! The rules of issue 10 (penalties part), each with its article or published source:
//! imputation of part payments, German due-date postponement, French public procurement,
//! the German pre-2014 margin and the rate history before 2015.

mod penalties_support;

use penalties_support::{claim, d, dec, run};
use relance::penalties::{Claim, RateTables, Regime, invoice_penalties};
use relance::{Account, Country, Currency, Customer, CustomerKind, Event, EventKind, Imputation};
use relance::{Invoice, Language, Zone};

/// The published check of BGB § 367(1) (issue 10): a German consumer owes EUR 5,000 due
/// 31 May 2024 and pays EUR 2,000 on 30 June 2024; interest computed until 30 July 2024 is
/// EUR 56.30.
///
/// Derivation (Basiszinssatz 3.62 % from 1 January 2024 and 3.37 % from 1 July 2024,
/// Bundesbank; consumer margin 5 points, BGB 288(1); Actual/365):
/// - 1 June to 30 June, 30 days on 5,000.00 at 8.62 %: 5000 x 0.0862 x 30 / 365 = 35.4247
///   -> 35.42;
/// - the 2,000.00 paid on 30 June pays the 35.42 of interest first (BGB 367(1)), then
///   1,964.58 of principal: 3,035.42 remains;
/// - 1 July to 30 July, 30 days on 3,035.42 at 8.37 %: 3035.42 x 0.0837 x 30 / 365 =
///   20.8823 -> 20.88;
/// - interest 35.42 + 20.88 = 56.30 (of which 35.42 paid, 20.88 still due).
///
/// Imputing to the principal first gives 35.42 + 3000 x 0.0837 x 30 / 365 (20.64) = 56.06,
/// the figure the issue reported as wrong.
#[test]
fn bgb_367_published_example_through_compute() {
    let c = claim(
        Regime::DeConsumer,
        "5000.00",
        d(2024, 5, 31),
        d(2024, 7, 30),
    )
    .with_movement(d(2024, 6, 30), dec("2000.00"));
    let b = run(&c).unwrap();
    let bases: Vec<_> = b
        .segments
        .iter()
        .map(|s| (s.base, s.annual_rate, s.amount))
        .collect();
    assert_eq!(
        bases,
        [
            (dec("5000.00"), dec("8.62"), dec("35.42")),
            (dec("3035.42"), dec("8.37"), dec("20.88"))
        ]
    );
    assert_eq!(b.interest, dec("56.30"));
    assert_eq!(
        (b.interest_paid, b.interest_due),
        (dec("35.42"), dec("20.88"))
    );
    assert_eq!(b.principal_due, dec("3035.42"));

    // The same input as `examples/late_interest.rs` reads it (a Claim is its JSON), with
    // the rule named: "imputation": "bgb-367".
    let json = r#"{"currency": "EUR", "principal": "5000.00", "due_date": "2024-05-31",
        "until": "2024-07-30", "regime": "de-consumer",
        "movements": [{"date": "2024-06-30", "amount": "2000.00"}],
        "options": {"imputation": "bgb-367"}}"#;
    let from_json: Claim = serde_json::from_str(json).unwrap();
    assert_eq!(run(&from_json).unwrap().interest, dec("56.30"));

    // Principal first reproduces the wrong figure: the rule is what makes the difference.
    let mut principal_first = c;
    principal_first.options.imputation = Some(Imputation::PrincipalFirst);
    assert_eq!(run(&principal_first).unwrap().interest, dec("56.06"));
}

fn german_consumer() -> Customer {
    Customer::new(
        "C-DE",
        "Max Mustermann",
        CustomerKind::Consumer,
        Country::DE,
        Language::De,
        Zone::EUROPE_BERLIN,
    )
}

/// The same published example through the engine: an account with the part payment
/// recorded as a fact, no notice having claimed interest before it. The customer's rule
/// (BGB 367 for a German consumer) is the one `Account::claim()` imputes by and the one
/// the interest computation imputes by.
#[test]
fn bgb_367_published_example_through_the_engine() {
    let customer = german_consumer();
    assert_eq!(customer.imputation(), Imputation::Bgb367);
    let invoice = Invoice::single(
        "INV-DE",
        "R-2024-17",
        "C-DE",
        Currency::EUR,
        d(2024, 5, 1),
        dec("5000.00"),
        d(2024, 5, 31),
    );
    let mut acc = Account::open(invoice).unwrap();
    acc.apply(&Event::new(
        &"INV-DE".into(),
        d(2024, 6, 30),
        EventKind::Payment {
            amount: dec("2000.00"),
        },
    ))
    .unwrap();
    let p = invoice_penalties(
        &acc,
        Regime::DeConsumer,
        customer.imputation(),
        d(2024, 7, 30),
        &RateTables::builtin(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(p.interest, dec("56.30"));
    assert_eq!(p.breakdowns[0].interest_paid, dec("35.42"));
    assert_eq!(p.breakdowns[0].principal_due, dec("3035.42"));
}

/// Code de la commande publique R2192-31: "le taux d'intérêt appliqué par la Banque
/// centrale européenne à ses opérations principales de refinancement les plus récentes,
/// en vigueur au premier jour du semestre de l'année civile au cours duquel les intérêts
/// moratoires ont commencé à courir, majoré de huit points"; D2192-35: EUR 40.
///
/// EUR 10,000 whose payment period expired on 15 June 2024: interest runs from 16 June
/// (L2192-13), a day of 2024 H1, when the ECB rate was 4.50 % (since 20 September 2023):
/// 12.50 % for the whole delay, across 1 July. To 14 August: 60 days,
/// 10000 x 0.125 x 60 / 365 = 205.479 -> 205.48, plus EUR 40. The B2B regime would have
/// split the delay at 14.50 % and 14.25 %.
#[test]
fn french_public_buyer_pays_ecb_plus_eight_fixed_at_the_start() {
    let c = claim(Regime::FrPublic, "10000.00", d(2024, 6, 15), d(2024, 8, 14));
    let b = run(&c).unwrap();
    assert_eq!(b.segments.len(), 1);
    assert_eq!(
        (b.segments[0].days, b.segments[0].annual_rate),
        (60, dec("12.50"))
    );
    assert_eq!(b.interest, dec("205.48"));
    assert_eq!(b.fixed_compensation, dec("40.00"));
    let b2b = run(&claim(
        Regime::FrB2b,
        "10000.00",
        d(2024, 6, 15),
        d(2024, 8, 14),
    ))
    .unwrap();
    let rates: Vec<_> = b2b.segments.iter().map(|s| s.annual_rate).collect();
    assert_eq!(rates, [dec("14.50"), dec("14.25")]);

    // A French public customer gets this regime and the public-procurement rule, not
    // L441-10.
    let public = Customer::new(
        "C-FR",
        "Commune de Nulle-Part",
        CustomerKind::Public,
        Country::FR,
        Language::Fr,
        Zone::EUROPE_PARIS,
    );
    assert_eq!(public.regime(), Some(Regime::FrPublic));
    assert_eq!("fr-public".parse::<Regime>().unwrap(), Regime::FrPublic);
}

/// EGBGB Art. 229 § 34: BGB §§ 286, 288 as in force since 29 July 2014 apply only to an
/// obligation arising after 28 July 2014. ra-haensch.de on the reform ("eine Steigerung
/// des Verzugszins von bisher 8 auf 9 Prozentpunkt über dem Basiszins ... aktuell
/// -0,73 % – Verzugszins damit 8,27 %") and the new EUR 40 Pauschale (BGB 288(5)).
#[test]
fn german_b2b_margin_follows_the_contract_date() {
    // A contract of 1 August 2014, invoice due 31 August 2014: 2014 H2, -0.73 + 9 = 8.27.
    let new = claim(Regime::DeB2b, "1000.00", d(2014, 8, 31), d(2014, 9, 30))
        .with_contract_date(d(2014, 8, 1));
    let b = run(&new).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("8.27"));
    assert_eq!(b.fixed_compensation, dec("40.00"));
    // The same invoice on a contract of 28 July 2014: 8 points, no Pauschale.
    let old = new.clone().with_contract_date(d(2014, 7, 28));
    let b = run(&old).unwrap();
    assert_eq!(b.segments[0].annual_rate, dec("7.27"));
    assert_eq!(b.fixed_compensation, dec("0.00"));
    // Without a contract date the due date stands in: due before the reform means the
    // contract is older too.
    let due_2013 = claim(Regime::DeB2b, "1000.00", d(2013, 12, 31), d(2014, 1, 30));
    assert_eq!(run(&due_2013).unwrap().segments[0].annual_rate, dec("7.37")); // -0.63 + 8
    // The JSON field of `late_interest`.
    let json = r#"{"currency": "EUR", "principal": "1000.00", "due_date": "2014-08-31",
        "until": "2014-09-30", "regime": "de-b2b", "contract_date": "2014-07-28"}"#;
    let from_json: Claim = serde_json::from_str(json).unwrap();
    assert_eq!(
        run(&from_json).unwrap().segments[0].annual_rate,
        dec("7.27")
    );
}

/// Belgium, law of 2 August 2002 as amended on 22 November 2013: two rates until 15 March
/// 2015 (SPF Finances notices, Moniteur belge 23 January 2014: 2014 H1 7.50 % for
/// contracts before 16 March 2013, 8.50 % for later ones); from 16 March 2015 the current
/// rate (8.5 %) for every contract (art. 14, second paragraph).
#[test]
fn belgian_transition_to_15_march_2015() {
    let new = claim(Regime::BeB2b, "1000.00", d(2013, 12, 31), d(2014, 1, 30))
        .with_contract_date(d(2013, 6, 1));
    assert_eq!(run(&new).unwrap().segments[0].annual_rate, dec("8.5"));
    let old = new.clone().with_contract_date(d(2013, 3, 15));
    assert_eq!(run(&old).unwrap().segments[0].annual_rate, dec("7.5"));
    // An old contract's delay across 16 March 2015 splits there.
    let across = claim(Regime::BeB2b, "1000.00", d(2015, 2, 28), d(2015, 3, 31))
        .with_contract_date(d(2012, 5, 1));
    let b = run(&across).unwrap();
    let spans: Vec<_> = b
        .segments
        .iter()
        .map(|s| (s.from, s.to, s.annual_rate))
        .collect();
    assert_eq!(
        spans,
        [
            (d(2015, 3, 1), d(2015, 3, 15), dec("7.5")),
            (d(2015, 3, 16), d(2015, 3, 31), dec("8.5"))
        ]
    );
    // 1000 x 7.5 % x 15 / 365 = 3.08; 1000 x 8.5 % x 16 / 365 = 3.73.
    assert_eq!(b.interest, dec("6.81"));
}

/// Rate history before 2015, each checked against a publication (see `rates_data.rs`).
#[test]
fn rate_history_reaches_back_to_2002_2008_2009_and_2013() {
    use relance::penalties::{HalfYear, RateSeries, RateSource};
    let t = RateTables::builtin();
    let first = |s| t.entries(s).next().map(|e| (e.effective, e.rate, e.source));
    assert_eq!(
        first(RateSeries::EcbMro),
        Some((d(2007, 6, 13), dec("4.00"), RateSource::EcbDecision))
    );
    assert_eq!(
        first(RateSeries::DeBasiszins),
        Some((d(2002, 1, 1), dec("2.57"), RateSource::BundesbankNotice))
    );
    assert_eq!(
        first(RateSeries::FrLegalOther).map(|f| (f.0, f.1)),
        Some((d(2008, 1, 1), dec("3.99")))
    );
    assert_eq!(first(RateSeries::Be2002).map(|f| f.0), Some(d(2013, 1, 1)));
    assert_eq!(
        first(RateSeries::BoeReference).map(|f| (f.0, f.1)),
        Some((d(2009, 1, 1), dec("2.00")))
    );
    let h = |year, second| HalfYear { year, second };
    let rate = |r: Regime, half| r.statutory_rate(half, &t).unwrap().unwrap().rate;
    // L441-10: ECB on 1 January 2009 (2.50 since 10 December 2008) + 10.
    assert_eq!(rate(Regime::FrB2b, h(2009, false)), dec("12.50"));
    // ECB on 1 July 2008: 4.00 (the 4.25 took effect on 9 July).
    assert_eq!(rate(Regime::FrB2b, h(2008, true)), dec("14.00"));
    // BGB 288(1): Basiszinssatz 3.32 (1 January 2008) + 5.
    assert_eq!(rate(Regime::DeConsumer, h(2008, false)), dec("8.32"));
    // UK: Bank Rate on 31 December 2008, 2.00, + 8.
    assert_eq!(rate(Regime::UkB2b, h(2009, false)), dec("10.00"));
    assert_eq!(rate(Regime::UkB2b, h(2012, true)), dec("8.50"));
    // globalsystem.fr (2014): legal rate 0.04 %, so the L441-10 floor is "0,12 % pour les
    // pénalités sur factures" (3 x 0.04).
    assert_eq!(
        Regime::FrB2b
            .rate_floor(h(2014, false), &t)
            .unwrap()
            .unwrap()
            .rate,
        dec("0.12")
    );
    // Claims from the years that reach court compute end to end.
    let old = claim(Regime::FrB2b, "1000.00", d(2010, 3, 31), d(2010, 4, 30));
    assert_eq!(run(&old).unwrap().interest, dec("9.04")); // 1000 x 11 % x 30 / 365
}

/// BGB 193: a day for performance falling on a Saturday, Sunday or public holiday at the
/// place of performance moves to the next working day, and default starts after it
/// (BGH, 1 February 2007, III ZR 159/06). France does not postpone: L441-10 penalties run
/// from the day after the due date printed on the invoice.
#[test]
fn german_due_dates_move_to_the_next_working_day_french_ones_do_not() {
    // Due Saturday 31 August 2024: payable Monday 2 September, interest from Tuesday 3.
    let sat = claim(Regime::DeB2b, "1000.00", d(2024, 8, 31), d(2024, 9, 30));
    let b = run(&sat).unwrap();
    assert_eq!(b.interest_from, d(2024, 9, 3));
    assert_eq!(b.segments[0].days, 28);
    // Due Good Friday 29 March 2024: Easter Monday 1 April is a holiday too; payable
    // Tuesday 2 April, interest from Wednesday 3 April.
    let good_friday = claim(
        Regime::DeConsumer,
        "1000.00",
        d(2024, 3, 29),
        d(2024, 4, 30),
    );
    assert_eq!(run(&good_friday).unwrap().interest_from, d(2024, 4, 3));
    // A Land's holiday at the place of performance (Corpus Christi, Thursday 30 May 2024,
    // in Bavaria) is the host's to give.
    let mut corpus_christi = claim(Regime::DeB2b, "1000.00", d(2024, 5, 30), d(2024, 6, 30));
    assert_eq!(run(&corpus_christi).unwrap().interest_from, d(2024, 5, 31));
    corpus_christi.options.local_holidays = vec![d(2024, 5, 30)];
    assert_eq!(run(&corpus_christi).unwrap().interest_from, d(2024, 6, 1));
    // A working day is not moved.
    let monday = claim(Regime::DeB2b, "1000.00", d(2024, 9, 2), d(2024, 9, 30));
    assert_eq!(run(&monday).unwrap().interest_from, d(2024, 9, 3));
    // France: due Saturday 31 August 2024, penalties from Sunday 1 September.
    let fr = claim(Regime::FrB2b, "1000.00", d(2024, 8, 31), d(2024, 9, 30));
    assert_eq!(run(&fr).unwrap().interest_from, d(2024, 9, 1));
}

/// The published BGB 367 example through a planned notice and the claim ledger: the
/// notice claims 3,035.42 of principal and 20.88 of interest (35.42 already paid by the
/// EUR 2,000), and once its events are recorded `Account::claim()` says the same.
#[test]
fn bgb_367_published_example_through_a_notice_and_the_claim_ledger() {
    use relance::{
        Action, Channel, CustomerAccounts, Dunning, Ladder, LadderBook, Policy, Stage, Step,
    };
    let book = LadderBook::new(vec![Ladder::new(
        "std",
        vec![
            Step::new("Zahlungserinnerung", Stage::Amicable, 7, &[Channel::Letter])
                .with_claims_penalties(true),
        ],
    )])
    .unwrap();
    let mut customer = german_consumer();
    customer.contacts.postal_address = Some(vec!["Hauptstr. 1".into(), "10115 Berlin".into()]);
    let invoice = Invoice::single(
        "INV-DE",
        "R-2024-17",
        "C-DE",
        Currency::EUR,
        d(2024, 5, 1),
        dec("5000.00"),
        d(2024, 5, 31),
    );
    let mut acc = Account::open(invoice).unwrap();
    acc.apply(&Event::new(
        &"INV-DE".into(),
        d(2024, 6, 30),
        EventKind::Payment {
            amount: dec("2000.00"),
        },
    ))
    .unwrap();
    let portfolio = vec![CustomerAccounts {
        customer,
        accounts: vec![acc.clone()],
    }];
    let policy = Policy::default().with_rates(RateTables::builtin());
    let plan = Dunning::new(book, policy)
        .unwrap()
        .plan(d(2024, 7, 30), &portfolio);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let Some(Action::Notice(notice)) = plan.actions.first() else {
        panic!("expected a notice: {:?}", plan.actions);
    };
    let line = &notice.lines[0];
    assert_eq!(line.penalties.as_ref().unwrap().interest, dec("56.30"));
    assert_eq!(
        (line.amount_due, line.interest, line.total_claimed),
        (dec("3035.42"), dec("20.88"), dec("3056.30"))
    );
    for e in Action::Notice(notice.clone()).events() {
        acc.apply(&e).unwrap();
    }
    let c = acc.claim();
    assert_eq!(c.imputation, Imputation::Bgb367);
    assert_eq!(
        (c.principal.open, c.interest.paid, c.interest.open),
        (dec("3035.42"), dec("35.42"), dec("20.88"))
    );
    assert_eq!(c.total.amount, dec("3056.30"));
    // The next computation agrees with the ledger: the same principal bears interest.
    let p = invoice_penalties(
        &acc,
        Regime::DeConsumer,
        Imputation::Bgb367,
        d(2024, 7, 30),
        &RateTables::builtin(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(p.breakdowns[0].principal_due, c.principal.open);
}
