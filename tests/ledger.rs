//! The claim ledger (issue 8, items 3 and 4): what a notice claims is what the account
//! holds; paying it settles everything; overpayments become credit balances; payments
//! are imputed by the law of the customer's regime; fees the law forbids are never
//! planned or recorded.

mod common;

use common::*;
use relance::notice::{Creditor, Dossier, NoticeContent};
use relance::penalties::{Claim, RateTables, Regime, compute};
use relance::*;

/// A French business, e-mail and post; its invoice of 2,268.53 due 31 July 2025.
fn french_world(policy: Policy) -> World {
    let book = LadderBook::new(vec![Ladder::new(
        "fr",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                34,
                &[Channel::RegisteredLetter],
            ),
            Step::new("hand-over", Stage::Judicial, 90, &[Channel::Letter]),
        ],
    )])
    .unwrap();
    World::with_policy(book, policy.with_rates(RateTables::builtin()))
        .with_customer(customer("C1"))
        .with("I1", "C1", "2268.53", "2025-07-31")
}

/// Runs every day from `from` to `to` included.
fn run_days(w: &mut World, from: &str, to: &str) {
    let mut day = d(from);
    while day <= d(to) {
        w.run(day);
        day = day.succ_opt().unwrap();
    }
}

/// The formal notice of 3 September 2025: 34 days at 12.15 % (ECB 2.15 + 10, 2025 H2) on
/// 2,268.53 is 25.67, plus the EUR 40 indemnity (Code de commerce L441-10, D441-5).
fn formal_notice(w: &mut World) -> Notice {
    run_days(w, "2025-08-01", "2025-09-03");
    let formal = w
        .sent_notices()
        .into_iter()
        .find(|n| n.stage == Stage::FormalNotice)
        .expect("a formal notice")
        .clone();
    assert_eq!(formal.as_of, d("2025-09-03"));
    assert_eq!(formal.amount_due.amount, dec("2268.53"));
    assert_eq!(formal.interest.amount, dec("25.67"));
    assert_eq!(formal.fixed_compensation.amount, dec("40.00"));
    assert_eq!(formal.total_claimable.amount, dec("2334.20"));
    formal
}

#[test]
fn paying_the_total_a_formal_notice_claims_settles_every_item_of_it() {
    let mut w = french_world(Policy::default());
    // The first reminder ("probably an oversight") claims no penalties.
    run_days(&mut w, "2025-08-01", "2025-08-07");
    let first = w.sent_notices()[0].clone();
    assert_eq!(first.stage, Stage::Amicable);
    assert!(first.interest.is_zero() && first.fixed_compensation.is_zero());
    assert!(first.lines[0].penalties.is_none());

    let formal = formal_notice(&mut w);
    // The account holds what the letter claims, to the cent.
    let claim = w.account("I1").claim();
    assert_eq!(claim.total, formal.total_claimable);
    assert_eq!(
        (claim.interest.open, claim.compensation.open),
        (dec("25.67"), dec("40.00"))
    );
    // The customer pays the "Total à payer": every item is settled, nothing refused.
    w.record(&[ev("I1", "2025-09-10", payment("2334.20"))]);
    let acc = w.account("I1");
    assert_eq!(
        acc.status(),
        &Status::Settled {
            on: d("2025-09-10")
        }
    );
    let claim = acc.claim();
    assert!(claim.total.is_zero() && claim.credit_balance.is_zero());
    assert_eq!(
        (
            claim.principal.paid,
            claim.interest.paid,
            claim.compensation.paid
        ),
        (dec("2268.53"), dec("25.67"), dec("40.00"))
    );
    assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
    // Nothing more goes out: no hand-over letter for a paid invoice.
    let sent = w.sent_notices().len();
    run_days(&mut w, "2025-09-11", "2025-12-31");
    assert_eq!(w.sent_notices().len(), sent);
}

#[test]
fn an_overpayment_becomes_a_credit_balance_and_no_reminder_follows() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let report = w.try_record(&[ev("I1", "2025-02-03", payment("100.50"))]);
    assert_eq!(report.recorded(), 1, "{report:?}");
    let acc = w.account("I1");
    assert!(matches!(acc.status(), Status::Settled { .. }));
    assert_eq!(acc.credit_balance().to_string(), "0.50 EUR");
    assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
    run_days(&mut w, "2025-02-01", "2025-05-31");
    assert!(
        w.sent_notices().is_empty(),
        "no reminder for a paid invoice"
    );
    // A credit note on the settled invoice adds to the credit; the host applies it
    // elsewhere (a refund, or a payment it records on another invoice).
    w.record(&[ev("I1", "2025-06-01", credit("10.00"))]);
    assert_eq!(w.account("I1").credit_balance().to_string(), "10.50 EUR");
    w.record(&[ev(
        "I1",
        "2025-06-02",
        EventKind::CreditBalanceUsed {
            amount: dec("10.50"),
        },
    )]);
    let c = w.account("I1").claim();
    assert!(c.credit_balance.is_zero());
    assert_eq!(c.credit_used.to_string(), "10.50 EUR");
}

#[test]
fn paying_the_principal_leaves_fees_interest_and_compensation_open() {
    let mut w = french_world(Policy::default());
    formal_notice(&mut w);
    w.record(&[ev("I1", "2025-09-10", payment("2268.53"))]);
    let acc = w.account("I1");
    // Code civil 1343-1: the payment pays the interest first, so 25.67 of principal
    // and the EUR 40 stay open.
    let c = acc.claim();
    assert_eq!(c.interest.paid, dec("25.67"));
    assert_eq!(c.principal.open, dec("25.67"));
    assert_eq!(c.compensation.open, dec("40.00"));
    assert_eq!(c.total.amount, dec("65.67"));
    assert!(!matches!(acc.status(), Status::Settled { .. }));
    assert_eq!(c.imputation, Imputation::CodeCivil1343_1);
}

#[test]
fn with_the_waiver_paying_the_principal_settles() {
    let mut w = french_world(Policy::default().waiving_accessories_on_principal_paid());
    formal_notice(&mut w);
    w.record(&[ev("I1", "2025-09-10", payment("2268.53"))]);
    let acc = w.account("I1");
    assert!(matches!(acc.status(), Status::Settled { .. }));
    let c = acc.claim();
    assert!(c.total.is_zero());
    assert_eq!(c.principal.paid, dec("2268.53"));
    assert_eq!(
        (c.interest.waived, c.compensation.waived),
        (dec("25.67"), dec("40.00"))
    );
    assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
}

#[test]
fn a_formal_notice_after_an_unpaid_reminder_fee_claims_all_unpaid_fees() {
    let book = LadderBook::new(vec![Ladder::new(
        "fees",
        vec![
            Step::new("reminder", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec("10.00")),
            Step::new(
                "formal notice",
                Stage::FormalNotice,
                30,
                &[Channel::RegisteredLetter],
            )
            .with_fee(dec("15.00")),
        ],
    )])
    .unwrap();
    let mut w =
        World::new(book)
            .with_customer(customer("C1"))
            .with("I1", "C1", "500.00", "2025-01-31");
    run_days(&mut w, "2025-02-01", "2025-03-02");
    let formal = w
        .sent_notices()
        .into_iter()
        .find(|n| n.stage == Stage::FormalNotice)
        .unwrap()
        .clone();
    assert_eq!(formal.lines[0].fee, Some(dec("15.00")), "this step's fee");
    assert_eq!(formal.lines[0].earlier_fees, dec("10.00"), "the reminder's");
    assert_eq!(formal.fees.to_string(), "25.00 EUR");
    assert_eq!(formal.total_claimable.to_string(), "525.00 EUR");
    // The account, the letter and the dossier say the same.
    let acc = w.account("I1").clone();
    assert_eq!(acc.fees().to_string(), "25.00 EUR");
    assert_eq!(acc.claim().total, formal.total_claimable);
    let customer = customer("C1");
    let creditor = Creditor::new(
        "Atelier Dupont SARL",
        "RCS Lyon 512 345 678",
        "FR7630006000011234567890189",
        "DUPF",
    );
    let ladder = w.dunning.book().ladders().next().unwrap().clone();
    let letter =
        NoticeContent::build(&formal, &customer, &creditor, &ladder, &Policy::default()).unwrap();
    assert_eq!(letter.fees.to_string(), "25.00 EUR");
    assert_eq!(letter.total, formal.total_claimable);
    let dossier = Dossier::build(d("2025-03-10"), &creditor, &customer, &[acc], &[], None).unwrap();
    assert_eq!(dossier.claim.fees.to_string(), "25.00 EUR");
    assert_eq!(dossier.claim.total, letter.total);
}

#[test]
fn german_part_payments_go_to_costs_then_interest_then_principal() {
    // BGB 367(1). de-consumer (Basiszinssatz + 5): EUR 5,000 due 31 May 2024, EUR 2,000
    // paid 30 June, until 30 July.
    // 1-30 June: 30 days on 5,000.00 at 3.62 + 5 = 8.62 %: 35.42, paid first by the 2,000,
    // leaving 3,035.42 of principal; 1-30 July: 30 days on 3,035.42 at 3.37 + 5 = 8.37 %:
    // 20.88. Interest accrued 56.30, of which 20.88 is still due.
    let claim = Claim::new(
        Currency::EUR,
        dec("5000.00"),
        d("2024-05-31"),
        d("2024-07-30"),
        Regime::DeConsumer,
    )
    .with_movement(d("2024-06-30"), dec("2000.00"));
    let b = compute(&claim, &RateTables::builtin()).unwrap();
    assert_eq!(b.interest, dec("56.30"));
    assert_eq!(
        (b.interest_paid, b.interest_due),
        (dec("35.42"), dec("20.88"))
    );
    assert_eq!(b.principal_due, dec("3035.42"));

    // On an account, the costs come first: a 5.00 reminder fee, then the interest the
    // notice claimed, then the principal.
    let mut acc = Account::open(Invoice::single(
        "I1",
        "R-1",
        "C1",
        Currency::EUR,
        d("2024-05-01"),
        dec("5000.00"),
        d("2024-05-31"),
    ))
    .unwrap();
    let e = |on: &str, kind| Event::new(&"I1".into(), d(on), kind);
    acc.apply(&e(
        "2024-06-30",
        EventKind::StepReached {
            step: 0,
            name: "Mahnung".into(),
            stage: Stage::Amicable,
            due_on: d("2024-06-30"),
            fee: Some(dec("5.00")),
            deadline: None,
        },
    ))
    .unwrap();
    acc.apply(&e(
        "2024-06-30",
        EventKind::AccessoriesClaimed {
            interest: dec("35.42"),
            compensation: Decimal::ZERO,
            imputation: Imputation::Bgb367,
            waive_on_principal_paid: false,
            interest_paid: Decimal::ZERO,
        },
    ))
    .unwrap();
    acc.apply(&e("2024-06-30", payment("2000.00"))).unwrap();
    let c = acc.claim();
    assert_eq!(
        (c.fees.paid, c.interest.paid, c.principal.paid),
        (dec("5.00"), dec("35.42"), dec("1959.58"))
    );
    assert_eq!(acc.outstanding().to_string(), "3040.42 EUR");
    // A German consumer's customer record imputes by BGB 367 unless the host says so.
    let mut de = customer("C1");
    de.kind = CustomerKind::Consumer;
    de.country = Country::DE;
    assert_eq!(de.imputation(), Imputation::Bgb367);
}

/// A Belgian consumer (e-mail), EUR 100.00 due 31 January 2025, on a ladder that asks
/// for fees on every reminder.
fn belgian_consumer_world() -> World {
    let book = LadderBook::new(vec![Ladder::new(
        "greedy",
        vec![
            Step::new("reminder 1", Stage::Amicable, 7, &[Channel::Email]).with_fee(dec("15.00")),
            Step::new("reminder 2", Stage::Amicable, 30, &[Channel::Email]).with_fee(dec("25.00")),
            Step::new("reminder 3", Stage::Amicable, 50, &[Channel::Email]).with_fee(dec("10.00")),
            Step::new("reminder 4", Stage::Amicable, 70, &[Channel::Email]).with_fee(dec("10.00")),
        ],
    )])
    .unwrap();
    let mut c = customer("C1");
    c.kind = CustomerKind::Consumer;
    c.country = Country::BE;
    c.time_zone = Zone::EUROPE_BRUSSELS;
    World::new(book)
        .with_customer(c)
        .with("I1", "C1", "100.00", "2025-01-31")
}

#[test]
fn a_belgian_consumers_first_reminder_is_free_and_later_ones_stay_within_the_caps() {
    let mut w = belgian_consumer_world();
    // The ladder is valid (business customers may be charged) but warned about.
    let warnings = w.dunning.warnings().to_vec();
    let about = |step: usize| -> Vec<&str> {
        warnings
            .iter()
            .filter(|x| x.step == step)
            .map(|x| x.message.as_str())
            .collect()
    };
    assert!(about(0).iter().any(|m| m.contains("XIX.2")), "{warnings:?}");
    assert!(
        about(1).iter().any(|m| m.contains("EUR 7.50")),
        "{warnings:?}"
    );

    // The first reminder: planned without its fee, and the plan says so.
    let plan = w.plan(d("2025-02-07"));
    let Some(Action::Notice(first)) = plan.actions.first() else {
        panic!("a first reminder")
    };
    assert_eq!(first.lines[0].fee, None);
    assert!(first.fees.is_zero());
    assert!(
        plan.problems
            .iter()
            .any(|p| p.kind == ProblemKind::FeeNotLawful && p.message.contains("XIX.2")),
        "{:?}",
        plan.problems
    );
    run_days(&mut w, "2025-02-01", "2025-04-30");
    let fees: Vec<Option<Decimal>> = w.sent_notices().iter().map(|n| n.lines[0].fee).collect();
    // Free; then EUR 7.50 at most per reminder; then what the EUR 20 damages cap on a
    // balance of 100.00 leaves (Code de droit économique book XIX).
    assert_eq!(
        fees,
        [
            None,
            Some(dec("7.50")),
            Some(dec("7.50")),
            Some(dec("5.00"))
        ]
    );
    // Nothing unlawful was ever recorded.
    let recorded: Decimal = w
        .account("I1")
        .history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StepReached { fee, .. } => *fee,
            _ => None,
        })
        .sum();
    assert_eq!(recorded, dec("20.00"));
    assert_eq!(w.account("I1").fees().to_string(), "20.00 EUR");
}

#[test]
fn a_french_consumer_is_charged_no_collection_fee() {
    let mut c = customer("C1");
    c.kind = CustomerKind::Consumer;
    let mut w =
        World::new(standard_book())
            .with_customer(c)
            .with("I1", "C1", "100.00", "2025-01-31");
    assert!(
        w.dunning
            .warnings()
            .iter()
            .any(|x| x.step_name == "reminder 2" && x.message.contains("L111-8"))
    );
    let plan = w.plan(d("2025-02-07"));
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    run_days(&mut w, "2025-02-01", "2025-02-14");
    let plan = w.plan(d("2025-02-15"));
    let Some(Action::Notice(second)) = plan.actions.first() else {
        panic!("the second reminder")
    };
    assert_eq!(second.step_name, "reminder 2");
    assert_eq!(second.lines[0].fee, None);
    assert!(
        plan.problems
            .iter()
            .any(|p| p.kind == ProblemKind::FeeNotLawful && p.message.contains("L111-8"))
    );
    run_days(&mut w, "2025-02-15", "2025-04-30");
    assert!(w.sent_notices().len() >= 3);
    assert!(w.sent_notices().iter().all(|n| n.fees.is_zero()));
    assert!(w.account("I1").fees().is_zero());
    // The same ladder still charges a business.
    let mut b = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    run_days(&mut b, "2025-02-01", "2025-02-20");
    assert_eq!(b.account("I1").fees().to_string(), "10.00 EUR");
}

#[test]
fn a_later_notice_claims_the_interest_accrued_less_what_was_paid_and_says_so() {
    let mut w = french_world(Policy::default());
    formal_notice(&mut w);
    // A part payment: Code civil 1343-1 gives 25.67 of it to the interest claimed.
    w.record(&[ev("I1", "2025-09-10", payment("1000.00"))]);
    assert_eq!(w.account("I1").claim().interest.paid, dec("25.67"));
    // The hand-over letter (due +90, 29 October) claims the interest accrued on the
    // principal as the payment left it, less what the payment paid of the interest: all
    // the interest accrued by 10 September (1343-1 imputes to the interest due on the
    // day of payment, claimed by the formal notice or accrued since), and the EUR 40.
    run_days(&mut w, "2025-09-11", "2025-10-29");
    let hand_over = w
        .sent_notices()
        .into_iter()
        .find(|n| n.stage == Stage::Judicial)
        .expect("a hand-over")
        .clone();
    let line = &hand_over.lines[0];
    let breakdown = &line.penalties.as_ref().unwrap().breakdowns[0];
    let accrued = breakdown.interest;
    let by_payment_day: Decimal = breakdown
        .segments
        .iter()
        .filter(|s| s.to <= d("2025-09-10"))
        .map(|s| s.amount)
        .sum();
    assert!(by_payment_day > dec("25.67"), "{by_payment_day}");
    assert_eq!(breakdown.interest_paid, by_payment_day);
    let paid = by_payment_day;
    assert_eq!(line.interest, accrued - paid);
    assert_eq!(line.compensation, dec("40.00"));
    // The ledger, once the notice is recorded, holds the same figures.
    let claim = w.account("I1").claim();
    assert_eq!(claim.interest.claimed, accrued);
    assert_eq!(claim.interest.paid, paid);
    assert_eq!(claim.total, hand_over.total_claimable);
    // The letter shows the breakdown, the part already paid, and the same total.
    let creditor = Creditor::new(
        "Atelier Dupont SARL",
        "RCS Lyon 512 345 678",
        "FR7630006000011234567890189",
        "DUPF",
    );
    let ladder = w.dunning.book().ladders().next().unwrap().clone();
    let policy = w.dunning.policy().clone();
    let content =
        NoticeContent::build(&hand_over, &customer("C1"), &creditor, &ladder, &policy).unwrap();
    let section = content.interest.as_ref().unwrap();
    assert_eq!(section.already_paid.amount, paid);
    assert_eq!(section.interest.amount, line.interest);
    assert_eq!(content.total, hand_over.total_claimable);
    let text = relance::notice::render(&content, &relance::notice::Templates::new())
        .unwrap()
        .to_text();
    let paid_fr = paid.to_string().replace('.', ",");
    assert!(text.contains(&format!("déjà réglé : {paid_fr}")), "{text}");
    // Paying that total settles everything.
    w.record(&[ev(
        "I1",
        "2025-11-05",
        payment(&hand_over.total_claimable.amount.to_string()),
    )]);
    assert!(matches!(w.account("I1").status(), Status::Settled { .. }));
    assert!(w.account("I1").claim().total.is_zero());
}

#[test]
fn an_invoice_whose_principal_is_paid_but_whose_fees_are_not_is_still_overdue() {
    // A UK business (principal first): paying the principal leaves the fee open.
    let mut c = customer("C1");
    c.country = Country::GB;
    c.language = Language::En;
    c.time_zone = Zone::EUROPE_LONDON;
    let mut w =
        World::new(standard_book())
            .with_customer(c)
            .with("I1", "C1", "100.00", "2025-01-31");
    run_days(&mut w, "2025-02-01", "2025-02-20");
    assert_eq!(w.account("I1").fees().to_string(), "10.00 EUR");
    w.record(&[ev("I1", "2025-02-21", payment("100.00"))]);
    let acc = w.account("I1");
    assert_eq!(acc.claim().imputation, Imputation::PrincipalFirst);
    assert!(acc.outstanding().is_zero());
    assert!(matches!(
        acc.state(d("2025-02-22")),
        DunningState::Overdue { .. }
    ));
    assert_eq!(acc.claim().total.to_string(), "10.00 EUR");
    // The creditor lets it go.
    w.record(&[ev("I1", "2025-02-23", EventKind::AccessoriesWaived)]);
    assert!(matches!(w.account("I1").status(), Status::Settled { .. }));
}
