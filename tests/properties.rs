//! Property tests (proptest) for issue 2, Build section 8, over random valid ladders,
//! random invoices (one to three instalments) and random event sequences, most of them
//! invalid in the state they arrive in:
//!
//! - a rejected event leaves the account exactly as it was, and nothing panics;
//! - outstanding is never negative and money is conserved (paid + credited + outstanding
//!   = invoiced, reversals included) after every accepted event, and every running total
//!   equals a from-scratch sum of the history;
//! - an account is rebuilt identically from its history (event sourcing);
//! - planning is deterministic (same inputs, same plan and keys, whatever the input order);
//! - across a whole simulation, no step is skipped or repeated, at most one step up per
//!   run, and no idempotency key is ever planned twice;
//! - planning again for the same date after executing yields nothing;
//! - `next_wakeup` agrees with the planner: nothing is planned before it, and anything
//!   planned is due at or after it.
//!
//! Case counts are bounded so the whole suite stays fast.

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use proptest::prelude::*;
use relance::{
    Account, Channel, CustomerAccounts, DunningState, Event, EventKind, HoldKind, Imputation,
    Instalment, Invoice, Ladder, LadderBook, MinAmount, Stage, Status, Step, execute,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// `cases` cases (or `PROPTEST_CASES` when set, for a deeper search), no failure files.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn day(n: u64) -> NaiveDate {
    d("2025-01-01") + Days::new(n)
}

// ---------------------------------------------------------------- strategies

#[derive(Debug, Clone)]
struct StepSpec {
    stage: u8,
    offset_step: i32,
    min_days: u32,
    min_amount: Option<i64>,
    min_share: Option<u8>,
    channels: Vec<Channel>,
    fee: Option<i64>,
    approval: bool,
    credit_block: bool,
    response_days: Option<u32>,
}

fn arb_step() -> impl Strategy<Value = StepSpec> {
    (
        0u8..3,
        0i32..20,
        0u32..10,
        prop::option::weighted(0.3, 0i64..60_000),
        prop::option::weighted(0.2, 0u8..=10),
        prop::sample::subsequence(
            vec![
                Channel::Email,
                Channel::Letter,
                Channel::RegisteredLetter,
                Channel::Sms,
            ],
            1..=2,
        ),
        prop::option::weighted(0.3, 0i64..5_000),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, 0u32..15),
    )
        .prop_map(
            |(
                stage,
                offset_step,
                min_days,
                min_amount,
                min_share,
                channels,
                fee,
                approval,
                credit_block,
                response_days,
            )| StepSpec {
                stage,
                offset_step,
                min_days,
                min_amount,
                min_share,
                channels,
                fee,
                approval,
                credit_block,
                response_days,
            },
        )
}

/// A valid ladder: stages sorted (a judicial step without a formal notice before it is
/// made a formal notice), offsets non-decreasing from a start in -10..10.
fn arb_ladder() -> impl Strategy<Value = Ladder> {
    (-10i32..10, prop::collection::vec(arb_step(), 1..=5)).prop_map(|(start, specs)| {
        let mut stages: Vec<u8> = specs.iter().map(|s| s.stage).collect();
        stages.sort_unstable();
        if !stages.contains(&1) {
            if let Some(first_judicial) = stages.iter().position(|s| *s == 2) {
                stages[first_judicial] = 1;
            }
        }
        let mut offset = start;
        let steps = specs
            .iter()
            .zip(stages)
            .enumerate()
            .map(|(i, (spec, stage))| {
                offset += spec.offset_step;
                let stage = match stage {
                    0 => Stage::Amicable,
                    1 => Stage::FormalNotice,
                    _ => Stage::Judicial,
                };
                let mut s = Step::new(&format!("s{i}"), stage, offset, &spec.channels);
                s.min_days_since_previous = spec.min_days;
                s.min_amount = spec.min_amount.map(|c| MinAmount::Any(cents(c)));
                s.min_share = spec.min_share.map(|t| Decimal::new(i64::from(t), 1));
                s.fee = spec.fee.map(cents);
                s.requires_approval = spec.approval;
                s.blocks_credit = spec.credit_block;
                s.response_days = spec.response_days;
                s
            })
            .collect();
        let ladder = Ladder::new("gen", steps);
        assert_eq!(
            ladder.validate(),
            Ok(()),
            "the generator makes valid ladders"
        );
        ladder
    })
}

/// An invoice: 1 to 3 instalments, the first due 0..60 days after 1 Jan 2025.
fn arb_invoice(id: String, customer: &'static str) -> impl Strategy<Value = Invoice> {
    (
        0u64..60,
        prop::collection::vec((100i64..200_000, 10u64..40), 1..=3),
    )
        .prop_map(move |(first, parts)| {
            let mut due = day(first);
            let instalments = parts
                .iter()
                .map(|(amount, gap)| {
                    let i = Instalment {
                        amount: cents(*amount),
                        due_date: due,
                    };
                    due = due + Days::new(*gap);
                    i
                })
                .collect();
            Invoice {
                instalments,
                ..invoice(&id, customer, "1", &day(first).to_string())
            }
        })
}

/// What the host does, turned into an event against the account's current state (some
/// variants use the outstanding amount, so that valid plans and full settlements occur).
#[derive(Debug, Clone)]
enum Op {
    Pay(i64),
    PayTooFine(i64),
    PayAll,
    Reverse(i64),
    Credit(i64),
    CreditAll,
    Dispute {
        empty_reason: bool,
        review_in: Option<u64>,
    },
    Resolve(bool),
    Promise(i64),
    PromiseKept,
    PromiseBroken,
    Plan {
        parts: u8,
        gap: u8,
        exact: bool,
    },
    PlanMissed,
    Hold {
        until: i64,
        empty_reason: bool,
    },
    Release,
    Grant(usize),
    Refuse(usize, i64),
    HandOver(bool),
    WriteOff(bool),
    /// A step event: the next one with the ladder's values when `valid`, else step `k`.
    Step {
        k: usize,
        valid: bool,
    },
    ApprovalRequested(usize),
    ReviewRequested,
    Delivered(bool),
    Failed(bool),
    /// What a notice claims: interest, compensation (cents), the imputation, the waiver.
    Claim(i64, i64, u8, bool),
    /// Pay the whole claim, principal and accessories.
    PayClaim,
    Waive,
    UseCredit(i64),
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..80_000).prop_map(Op::Pay),
        2 => ((0i64..6_000), (0i64..6_000), (0u8..4), any::<bool>())
            .prop_map(|(i, c, r, w)| Op::Claim(i, c, r, w)),
        1 => Just(Op::PayClaim),
        1 => Just(Op::Waive),
        1 => (1i64..5_000).prop_map(Op::UseCredit),
        1 => (1i64..80_000).prop_map(Op::PayTooFine),
        1 => Just(Op::PayAll),
        2 => (1i64..50_000).prop_map(Op::Reverse),
        2 => (1i64..50_000).prop_map(Op::Credit),
        1 => Just(Op::CreditAll),
        3 => (any::<bool>(), prop::option::of(0u64..40))
            .prop_map(|(empty_reason, review_in)| Op::Dispute { empty_reason, review_in }),
        4 => any::<bool>().prop_map(Op::Resolve),
        2 => (-3i64..25).prop_map(Op::Promise),
        1 => Just(Op::PromiseKept),
        1 => Just(Op::PromiseBroken),
        2 => (0u8..4, 5u8..30, prop::bool::weighted(0.8))
            .prop_map(|(parts, gap, exact)| Op::Plan { parts, gap, exact }),
        1 => Just(Op::PlanMissed),
        2 => (-3i64..30, prop::bool::weighted(0.2))
            .prop_map(|(until, empty_reason)| Op::Hold { until, empty_reason }),
        1 => Just(Op::Release),
        1 => (0usize..4).prop_map(Op::Grant),
        1 => ((0usize..4), (-2i64..20)).prop_map(|(s, r)| Op::Refuse(s, r)),
        1 => any::<bool>().prop_map(Op::HandOver),
        1 => any::<bool>().prop_map(Op::WriteOff),
        4 => ((0usize..6), prop::bool::weighted(0.7)).prop_map(|(k, valid)| Op::Step { k, valid }),
        1 => (0usize..4).prop_map(Op::ApprovalRequested),
        1 => Just(Op::ReviewRequested),
        1 => any::<bool>().prop_map(Op::Delivered),
        1 => any::<bool>().prop_map(Op::Failed),
    ]
}

/// Only what a host records; steps, approval requests, reviews and delivery outcomes
/// come from runs.
fn arb_host_op() -> impl Strategy<Value = Op> {
    arb_op().prop_filter("host events only", |op| {
        !matches!(
            op,
            Op::Step { .. }
                | Op::ApprovalRequested(_)
                | Op::ReviewRequested
                | Op::Delivered(_)
                | Op::Failed(_)
        )
    })
}

fn shift(on: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        on + Days::new(n.unsigned_abs())
    } else {
        on - Days::new(n.unsigned_abs())
    }
}

fn to_event(op: &Op, acc: &Account, ladder: &Ladder, on: NaiveDate) -> Event {
    let reason = |empty: bool| {
        if empty {
            String::new()
        } else {
            "a reason".to_string()
        }
    };
    let kind = match op {
        Op::Pay(c) => EventKind::Payment { amount: cents(*c) },
        Op::PayTooFine(c) => EventKind::Payment {
            amount: Decimal::new(*c * 10 + 1, 3),
        },
        Op::PayAll => EventKind::Payment {
            amount: acc.outstanding().amount,
        },
        Op::PayClaim => EventKind::Payment {
            amount: acc.claim().total.amount,
        },
        Op::Claim(i, c, r, waive) => EventKind::AccessoriesClaimed {
            interest: cents(*i),
            compensation: cents(*c),
            imputation: [
                Imputation::CodeCivil1343_1,
                Imputation::Bgb367,
                Imputation::CodeCivil1254,
                Imputation::PrincipalFirst,
            ][usize::from(*r % 4)],
            waive_on_principal_paid: *waive,
            // Exercises the re-imputation with an arbitrary figure: the identities hold
            // whatever it is.
            interest_paid: cents(*c),
        },
        Op::Waive => EventKind::AccessoriesWaived,
        Op::UseCredit(c) => EventKind::CreditBalanceUsed { amount: cents(*c) },
        Op::Reverse(c) => EventKind::PaymentReversal { amount: cents(*c) },
        Op::Credit(c) => EventKind::CreditNote { amount: cents(*c) },
        Op::CreditAll => EventKind::CreditNote {
            amount: acc.outstanding().amount,
        },
        Op::Dispute {
            empty_reason,
            review_in,
        } => EventKind::DisputeOpened {
            reason: reason(*empty_reason),
            review_on: review_in.map(|n| on + Days::new(n)),
        },
        Op::Resolve(upheld) => EventKind::DisputeResolved { upheld: *upheld },
        Op::Promise(n) => EventKind::PromiseToPay {
            until: shift(on, *n),
        },
        Op::PromiseKept => EventKind::PromiseKept,
        Op::PromiseBroken => EventKind::PromiseBroken,
        Op::Plan { parts, gap, exact } => {
            let total = acc.outstanding().amount;
            let n = i64::from(*parts).max(1);
            let share = (total / Decimal::from(n)).round_dp(2);
            let mut schedule: Vec<Instalment> = (0..n)
                .map(|i| Instalment {
                    amount: share,
                    due_date: on + Days::new(u64::from(*gap) * (i.unsigned_abs() + 1)),
                })
                .collect();
            if let Some(last) = schedule.last_mut() {
                last.amount = total - share * Decimal::from(n - 1);
                if !exact {
                    last.amount += cents(1);
                }
            }
            if *parts == 0 {
                schedule.clear();
            }
            EventKind::PaymentPlanAgreed { schedule }
        }
        Op::PlanMissed => EventKind::PlanInstalmentMissed,
        Op::Hold {
            until,
            empty_reason,
        } => EventKind::HoldPlaced {
            until: shift(on, *until),
            reason: reason(*empty_reason),
        },
        Op::Release => EventKind::HoldReleased,
        Op::Grant(s) => EventKind::ApprovalGranted { step: *s },
        Op::Refuse(s, r) => EventKind::ApprovalRefused {
            step: *s,
            reason: "not now".into(),
            retry_on: shift(on, *r),
        },
        Op::HandOver(empty) => EventKind::HandedOver { to: reason(*empty) },
        Op::WriteOff(empty) => EventKind::WrittenOff {
            reason: reason(*empty),
        },
        Op::Step { k, valid } => {
            let index = if *valid {
                acc.reached().last().map_or(0, |r| r.step + 1)
            } else {
                *k
            };
            let step = ladder.step(index).or(ladder.steps.first());
            EventKind::StepReached {
                step: index,
                name: step.map_or("?".into(), |s| s.name.clone()),
                stage: step.map_or(Stage::Amicable, |s| s.stage),
                due_on: on,
                fee: step.and_then(|s| s.fee),
                deadline: None,
            }
        }
        Op::ApprovalRequested(s) => EventKind::ApprovalRequested {
            step: *s,
            due_on: on,
        },
        Op::ReviewRequested => EventKind::DisputeReviewRequested,
        Op::Delivered(empty) => EventKind::NoticeDelivered {
            key: "k".into(),
            channel: Channel::Email,
            receipt: reason(*empty),
        },
        Op::Failed(permanent) => EventKind::DeliveryFailed {
            key: "k".into(),
            channel: Channel::Letter,
            reason: "returned to sender".into(),
            permanent: *permanent,
        },
    };
    Event::new(&acc.invoice().id, on, kind)
}

/// The money identities of the claim ledger and non-negative balances: for the
/// principal, paid + credited + outstanding = invoiced; what was received (payments net
/// of reversals, credit notes) is what was imputed to the principal and the accessories
/// plus the credit balance and the credit used; for each accessory, claimed = paid +
/// waived + open; the total owed is the open principal and accessories.
fn check_money(acc: &Account) -> Result<(), TestCaseError> {
    prop_assert!(acc.outstanding().amount >= Decimal::ZERO);
    prop_assert!(acc.paid().amount >= Decimal::ZERO);
    prop_assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
    let c = acc.claim();
    prop_assert_eq!(
        c.principal.paid + c.principal.waived + acc.outstanding().amount,
        acc.invoiced().amount
    );
    prop_assert_eq!(c.principal.open, acc.outstanding().amount);
    let accessories = [c.fees, c.interest, c.compensation];
    let imputed: Decimal = accessories.iter().map(|i| i.paid).sum();
    prop_assert_eq!(
        acc.paid().amount + acc.credited().amount,
        c.principal.paid
            + c.principal.waived
            + imputed
            + c.credit_balance.amount
            + c.credit_used.amount
    );
    for item in accessories {
        prop_assert!(item.open >= Decimal::ZERO && item.paid >= Decimal::ZERO);
        prop_assert_eq!(item.claimed, item.paid + item.waived + item.open);
    }
    prop_assert!(c.credit_balance.amount >= Decimal::ZERO);
    let open: Decimal = accessories.iter().map(|i| i.open).sum();
    prop_assert_eq!(c.total.amount, c.principal.open + open);
    prop_assert_eq!(acc.fees().amount, c.fees.open);
    Ok(())
}

/// The account's running totals equal a from-scratch sum over its history: payments less
/// reversals, credit notes, every fee charged, and, what paid the principal going to the
/// oldest instalment first, what is left on each instalment, due by each due date, and
/// the oldest one unpaid.
fn check_totals_from_history(acc: &Account) -> Result<(), TestCaseError> {
    let (mut payments, mut reversed, mut credited, mut fees) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for e in acc.history() {
        match &e.kind {
            EventKind::Payment { amount } => payments += amount,
            EventKind::PaymentReversal { amount } => reversed += amount,
            EventKind::CreditNote { amount } => credited += amount,
            EventKind::StepReached { fee, .. } => fees += fee.unwrap_or_default(),
            _ => {}
        }
    }
    prop_assert_eq!(acc.paid().amount, payments - reversed);
    prop_assert_eq!(acc.reversed().amount, reversed);
    prop_assert_eq!(acc.credited().amount, credited);
    let claim = acc.claim();
    prop_assert_eq!(claim.fees.claimed, fees);
    let invoiced: Decimal = acc.invoice().instalments.iter().map(|i| i.amount).sum();
    prop_assert_eq!(acc.invoiced().amount, invoiced);
    // What paid the principal: everything received, less what went to accessories and
    // what is left as credit.
    let reduced = claim.principal.paid + claim.principal.waived;
    prop_assert!(reduced <= payments - reversed + credited);
    prop_assert_eq!(acc.outstanding().amount, invoiced - reduced);
    let by_instalment = acc.outstanding_by_instalment();
    prop_assert_eq!(by_instalment.len(), acc.invoice().instalments.len());
    let (mut left, mut due, mut oldest_unpaid) = (reduced, Decimal::ZERO, None);
    for (i, (date, outstanding)) in acc.invoice().instalments.iter().zip(by_instalment) {
        let applied = left.min(i.amount);
        left -= applied;
        prop_assert_eq!((date, outstanding), (i.due_date, i.amount - applied));
        due += i.amount - applied;
        prop_assert_eq!(acc.due_by(i.due_date).amount, due);
        if applied < i.amount && oldest_unpaid.is_none() {
            oldest_unpaid = Some(i.due_date);
        }
    }
    prop_assert_eq!(acc.oldest_unpaid_due_date(), oldest_unpaid);
    Ok(())
}

/// Within each run of the ladder (a restart after an upheld dispute begins a new one),
/// the steps an invoice reaches only go up: never repeated, never gone back to (an
/// invoice joining its customer's case may take the case's step, ahead of its own next
/// one); with a ladder (steps recorded by runs, not forged by a test), never past its end.
fn check_steps(acc: &Account, ladder: Option<&Ladder>) -> Result<(), TestCaseError> {
    for segment in step_segments(acc.history()) {
        prop_assert!(
            segment.windows(2).all(|w| w[0] < w[1]),
            "steps repeated or gone back: {:?}",
            segment
        );
        if let Some(ladder) = ladder {
            prop_assert!(segment.iter().all(|s| *s < ladder.steps.len()));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- account properties

proptest! {
    #![proptest_config(config(256))]

    /// Random event sequences against one account: rejected events change nothing,
    /// accepted ones keep the money identity; the running totals equal a from-scratch
    /// sum of the history; steps are never skipped or repeated; the account is rebuilt
    /// identically from its history and from its JSON; queries never panic.
    #[test]
    fn any_event_sequence_keeps_the_account_consistent(
        ladder in arb_ladder(),
        inv in arb_invoice("I".into(), "C1"),
        ops in prop::collection::vec((0u64..8, arb_op()), 0..40),
    ) {
        let mut acc = Account::open(inv.clone()).expect("valid invoice");
        let mut on = inv.issue_date;
        let mut accepted = 0usize;
        for (gap, op) in &ops {
            on = on + Days::new(*gap);
            let event = to_event(op, &acc, &ladder, on);
            let before = acc.clone();
            match acc.apply(&event) {
                Ok(()) => {
                    accepted += 1;
                    prop_assert!(acc.history().len() > before.history().len());
                    prop_assert_eq!(acc.history().last(), Some(&event));
                }
                Err(e) => {
                    prop_assert_eq!(&acc, &before, "rejected {:?} changed the account", event);
                    // No payment of a positive amount in cents is ever refused: what it
                    // pays beyond the claim becomes a credit balance.
                    if let EventKind::Payment { amount } = &event.kind {
                        prop_assert!(
                            *amount <= Decimal::ZERO || amount.scale() > 2 || amount.is_zero(),
                            "payment {} refused: {}", amount, e
                        );
                    }
                }
            }
            check_money(&acc)?;
            check_totals_from_history(&acc)?;
            // Queries are total.
            let _ = acc.state(on);
            let _ = acc.next_wakeup(&ladder);
        }
        check_steps(&acc, None)?;
        prop_assert!(acc.history().len() >= accepted);
        let rebuilt = Account::replay(inv, acc.history());
        prop_assert_eq!(rebuilt.as_ref(), Ok(&acc));
        let json = serde_json::to_string(&acc).expect("serialises");
        let back: Account = serde_json::from_str(&json).expect("deserialises");
        prop_assert_eq!(back, acc);
    }

    /// next_wakeup agrees with the planner: nothing is planned for the invoice before
    /// it, and whatever is planned is due on or after it.
    #[test]
    fn next_wakeup_agrees_with_the_planner(
        ladder in arb_ladder(),
        inv in arb_invoice("I".into(), "C1"),
        ops in prop::collection::vec((0u64..8, arb_op()), 0..25),
        probes in prop::collection::vec(0u64..200, 1..6),
    ) {
        let mut acc = Account::open(inv.clone()).expect("valid invoice");
        let mut on = inv.issue_date;
        for (gap, op) in &ops {
            on = on + Days::new(*gap);
            let event = to_event(op, &acc, &ladder, on);
            let _ = acc.apply(&event);
        }
        let book = LadderBook::new(vec![ladder.clone()]).expect("valid ladder");
        let portfolio = vec![CustomerAccounts { customer: customer("C1"), accounts: vec![acc.clone()] }];
        let wakeup = acc.next_wakeup(&ladder);
        for p in probes {
            let x = acc.clock() + Days::new(p);
            let planned = !plan_on(x, &book, &portfolio).actions.is_empty();
            match wakeup {
                Some(w) if x < w => prop_assert!(!planned, "planned on {} before the wakeup {}", x, w),
                None => prop_assert!(!planned, "planned on {} with no wakeup", x),
                _ => {}
            }
            if planned {
                prop_assert!(wakeup.is_some_and(|w| w <= x));
            }
        }
    }
}

// ---------------------------------------------------------------- run properties

struct Sim {
    w: World,
    ladder: Ladder,
    planned: Vec<String>,
}

/// Customers C1 (e-mail and post) and C2 (also a mobile number, so SMS steps reach it);
/// deliveries on `failing` fail for good.
fn build(ladder: &Ladder, invoices: &[Invoice], failing: Option<Channel>) -> Sim {
    let mut c2 = customer("C2");
    c2.contacts.mobile = Some("+33600000000".into());
    // Late-payment penalties computed under the built-in rates: notices claim interest and
    // compensation as well as fees, and the ledger must agree with all of them.
    let policy = relance::Policy::default().with_rates(relance::penalties::RateTables::builtin());
    let mut w = World::with_policy(
        LadderBook::new(vec![ladder.clone()]).expect("valid"),
        policy,
    )
    .with_customer(customer("C1"))
    .with_customer(c2);
    if let Some(channel) = failing {
        w.delivery.fail_channel(channel, "permanently unreachable");
    }
    for inv in invoices {
        w = w.with_invoice(inv.clone());
    }
    Sim {
        w,
        ladder: ladder.clone(),
        planned: Vec::new(),
    }
}

/// Runs once with a store failure injected at `point` (1 commit, 2 pending, 3 accounts,
/// 4 complete; 0 none), as a crash would stop a run. The host then simply runs again.
fn crashing_run(sim: &mut Sim, today: NaiveDate, point: u8) {
    if point == 0 {
        return;
    }
    if point == 1 {
        sim.w.store.fail_next_commits(1);
    }
    let mut faulty = FaultyStore::new(&mut sim.w.store);
    faulty.fail_pending = u32::from(point == 2);
    faulty.fail_accounts = u32::from(point == 3);
    faulty.fail_complete = u32::from(point == 4);
    let _ = sim.w.dunning.run(
        today,
        &mut faulty,
        &mut sim.w.delivery,
        relance::RunOptions::new(),
    );
    faulty.inner.fail_next_commits(0);
}

/// Plays `days` days: each day the host's events (rejected ones ignored), then planning
/// checks, a run (after a crashed one when `crashes` says so; with the first delivery
/// failing transiently on the `transient` days), checks after it, and approval of
/// whatever waits for one. A last clean run then empties the outbox.
fn play(
    sim: &mut Sim,
    ops: &[(u64, usize, Op)],
    days: u64,
    crashes: &[u8],
    transient: &[u64],
) -> Result<(), TestCaseError> {
    let ids: Vec<String> = sim
        .w
        .store
        .accounts_iter()
        .map(|a| a.invoice().id.to_string())
        .collect();
    for n in 0..days {
        let today = day(n);
        for (_, i, op) in ops.iter().filter(|(at, _, _)| *at == n) {
            let Some(id) = ids.get(i % ids.len().max(1)) else {
                continue;
            };
            let acc = sim.w.account(id).clone();
            let event = to_event(op, &acc, &sim.ladder, today);
            let recorded = sim.w.store.record(std::slice::from_ref(&event));
            // No positive payment in cents, on or after the invoice's issue date, is ever
            // refused: what it pays beyond the claim becomes a credit balance.
            if let EventKind::Payment { amount } = &event.kind {
                if *amount > Decimal::ZERO
                    && amount.scale() <= 2
                    && today >= acc.invoice().issue_date
                {
                    prop_assert!(
                        recorded.is_ok(),
                        "payment {} refused: {:?}",
                        amount,
                        recorded
                    );
                }
            }
        }
        // Determinism: same inputs, same plan; input order does not matter.
        let portfolio = sim.w.portfolio(today);
        let p = sim.w.dunning.plan(today, &portfolio);
        prop_assert_eq!(&p, &sim.w.dunning.plan(today, &portfolio));
        let mut reversed = portfolio.clone();
        reversed.reverse();
        for ca in &mut reversed {
            ca.accounts.reverse();
        }
        prop_assert_eq!(&p, &sim.w.dunning.plan(today, &reversed));
        // Notices only go to invoices being dunned: not held, settled, written off or
        // handed over.
        for a in &p.actions {
            if let relance::Action::Notice(notice) = a {
                for line in &notice.lines {
                    let state = sim.w.account(line.invoice.as_str()).state(today);
                    prop_assert!(
                        matches!(
                            state.name(),
                            "not_due" | "overdue" | "formal_notice" | "awaiting_approval"
                        ),
                        "notice for {} while {}",
                        line.invoice,
                        state.name()
                    );
                }
            }
        }
        let keys: BTreeSet<_> = p.actions.iter().map(|a| a.key().clone()).collect();
        prop_assert_eq!(keys.len(), p.actions.len(), "keys are unique within a plan");
        // Executing the plan is always accepted by the accounts.
        let mut copy = portfolio.clone();
        for e in execute(&p.actions) {
            let acc = copy
                .iter_mut()
                .flat_map(|c| c.accounts.iter_mut())
                .find(|a| a.invoice().id == e.invoice)
                .expect("an event for a planned invoice");
            prop_assert!(acc.apply(&e).is_ok(), "executing {:?} was refused", e);
        }
        // Every total a notice prints is the claim ledger's once the notice is recorded:
        // each line's accessories are what the account then has open, the notice's
        // totals the sums of its lines.
        for a in &p.actions {
            let relance::Action::Notice(notice) = a else {
                continue;
            };
            let mut sums = [Decimal::ZERO; 3];
            for line in &notice.lines {
                let acc = copy
                    .iter()
                    .flat_map(|c| c.accounts.iter())
                    .find(|a| a.invoice().id == line.invoice)
                    .expect("the line's account");
                let claim = acc.claim();
                let open = claim.fees.open + claim.interest.open + claim.compensation.open;
                prop_assert_eq!(line.fees() + line.interest + line.compensation, open);
                prop_assert_eq!(line.fees(), acc.fees().amount);
                prop_assert_eq!(line.total_claimed, line.amount_due + open);
                prop_assert!(line.amount_due <= claim.principal.open);
                sums[0] += line.total_claimed;
                sums[1] += line.fees();
                sums[2] += line.amount_due;
            }
            prop_assert_eq!(notice.total_claimable.amount, sums[0]);
            prop_assert_eq!(notice.fees.amount, sums[1]);
            prop_assert_eq!(notice.amount_due.amount, sums[2]);
        }
        // Planning again for the same date after executing yields nothing.
        prop_assert_eq!(sim.w.dunning.plan(today, &copy).actions, vec![]);

        let before: Vec<usize> = sim.w.store.accounts_iter().map(steps_recorded).collect();
        if !crashes.is_empty() {
            crashing_run(sim, today, crashes[(n as usize) % crashes.len()]);
        }
        if transient.contains(&n) {
            sim.w.delivery.fail_transiently(1);
        }
        let report = sim.w.run(today);
        for k in &report.planned {
            prop_assert!(
                !sim.planned.contains(&k.to_string()),
                "key {} planned twice (on {})",
                k,
                today
            );
            sim.planned.push(k.to_string());
        }
        let after: Vec<usize> = sim.w.store.accounts_iter().map(steps_recorded).collect();
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(a - b <= 1, "more than one step up in a run on {}", today);
        }
        prop_assert!(
            sim.w.plan(today).actions.is_empty(),
            "plan after the run on {}",
            today
        );
        // A person approves what waits for approval.
        let grants: Vec<Event> = sim
            .w
            .store
            .accounts_iter()
            .filter_map(|a| match a.status() {
                Status::AwaitingApproval {
                    step,
                    granted: false,
                    ..
                } => Some(Event::new(
                    &a.invoice().id,
                    today,
                    EventKind::ApprovalGranted { step: *step },
                )),
                _ => None,
            })
            .collect();
        sim.w.record(&grants);
    }
    for acc in sim.w.store.accounts_iter() {
        check_steps(acc, Some(&sim.ladder))?;
        // Once handed over, no further step.
        let handed = acc.history().iter().position(|e| {
            matches!(
                e.kind,
                EventKind::HandedOver { .. }
                    | EventKind::StepReached {
                        stage: Stage::Judicial,
                        ..
                    }
            )
        });
        if let Some(i) = handed {
            let later_step = acc.history()[i + 1..]
                .iter()
                .any(|e| matches!(e.kind, EventKind::StepReached { .. }));
            prop_assert!(!later_step, "a step after the hand-over");
        }
        check_money(acc)?;
    }
    sim.w.delivery.fail_transiently(0);
    sim.w.run(day(days));
    // Nothing stays in the outbox, except notices waiting while the customer pauses
    // dunning (a dispute, a promise, a plan) on every invoice they list.
    for pending in sim.w.store.outbox() {
        prop_assert_eq!(pending.kind(), "notice");
        for invoice in pending.invoices() {
            let acc = sim.w.account(invoice.as_str());
            let paused = match acc.state(day(days)) {
                DunningState::OnHold { hold } => !matches!(hold.kind, HoldKind::Manual { .. }),
                DunningState::Settled { .. } | DunningState::WrittenOff { .. } => true,
                _ => false,
            };
            prop_assert!(
                paused,
                "{} left in the outbox for {}",
                pending.key(),
                invoice
            );
        }
    }
    Ok(())
}

fn steps_recorded(a: &Account) -> usize {
    a.history()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::StepReached { .. }))
        .count()
}

/// The customer-case rules over a whole simulation (under the default policy):
/// - **stage**: no invoice is ever listed in a notice of a lower stage than a notice it
///   was already listed in, in the same run of the ladder (an upheld dispute restarts
///   it);
/// - **contact pressure**: a customer's notices are planned on dates at least the
///   policy's window apart, every channel of a step on the same date.
fn check_customer_cases(sim: &Sim) -> Result<(), TestCaseError> {
    let window = i64::from(sim.w.dunning.policy().contact_pressure_days);
    let mut dates: BTreeMap<String, BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
    for n in notices(sim.w.delivery.sent()) {
        dates
            .entry(n.customer.to_string())
            .or_default()
            .insert(n.as_of);
    }
    for (customer, days) in &dates {
        let days: Vec<_> = days.iter().collect();
        for w in days.windows(2) {
            prop_assert!(
                (*w[1] - *w[0]).num_days() >= window,
                "{}: notices on {} and {}, within {} days",
                customer,
                w[0],
                w[1],
                window
            );
        }
    }
    // The case rule: a notice to a customer is never of a lower stage than an earlier
    // one while an invoice that earlier notice covered is still unpaid and under dunning
    // (neither settled, written off nor handed over; its ladder not restarted by an
    // upheld dispute). A hand-over letter is the exception: an invoice never formally
    // noticed gets its formal notice after it.
    let mut sent = notices(sim.w.delivery.sent());
    sent.sort_by_key(|n| n.as_of);
    for (k, later) in sent.iter().enumerate() {
        for earlier in sent.iter().take(k) {
            if earlier.customer != later.customer
                || earlier.amount_due.currency != later.amount_due.currency
                || earlier.stage <= later.stage
                || earlier.stage == Stage::Judicial
                || earlier.as_of == later.as_of
            {
                continue;
            }
            for line in &earlier.lines {
                let Some(acc) = sim.w.store.account(&line.invoice) else {
                    continue;
                };
                let until: Vec<_> = acc
                    .history()
                    .iter()
                    // Facts of that day were recorded before its run.
                    .filter(|e| e.on <= later.as_of)
                    .cloned()
                    .collect();
                let restarted = until.iter().any(|e| {
                    e.on >= earlier.as_of
                        && matches!(e.kind, EventKind::DisputeResolved { upheld: true })
                });
                let Ok(then) = Account::replay(acc.invoice().clone(), &until) else {
                    continue;
                };
                let closed = matches!(
                    then.status(),
                    Status::Settled { .. } | Status::WrittenOff { .. } | Status::Judicial { .. }
                );
                prop_assert!(
                    closed || restarted,
                    "{} got a {:?} notice on {} while {} (covered by a {:?} notice on {}) was still unpaid",
                    later.customer,
                    later.stage,
                    later.as_of,
                    line.invoice,
                    earlier.stage,
                    earlier.as_of
                );
            }
        }
    }
    for acc in sim.w.store.accounts_iter() {
        let mut highest: Option<Stage> = None;
        for e in acc.history() {
            match &e.kind {
                EventKind::StepReached { stage, .. } => {
                    if let Some(h) = highest {
                        prop_assert!(
                            *stage >= h,
                            "{} got a {:?} notice after a {:?} one",
                            acc.invoice().id,
                            stage,
                            h
                        );
                    }
                    highest = highest.max(Some(*stage));
                }
                EventKind::DisputeResolved { upheld: true } => highest = None,
                _ => {}
            }
        }
    }
    Ok(())
}

fn arb_portfolio() -> impl Strategy<Value = Vec<Invoice>> {
    (
        arb_invoice("A1".into(), "C1"),
        arb_invoice("A2".into(), "C1"),
        arb_invoice("B1".into(), "C2"),
        0usize..3,
    )
        .prop_map(|(a1, a2, b1, drop)| {
            let mut v = vec![a1, a2, b1];
            v.truncate(3 - drop);
            v
        })
}

proptest! {
    #![proptest_config(config(128))]

    /// A whole simulation with random host events: determinism, no step skipped or
    /// repeated, one step per run at most, no key planned twice, plan after execute
    /// empty, money conserved.
    #[test]
    fn whole_simulations_keep_every_run_rule(
        ladder in arb_ladder(),
        invoices in arb_portfolio(),
        ops in prop::collection::vec((0u64..150, 0usize..3, arb_host_op()), 0..25),
        failing in prop::option::weighted(0.3, prop::sample::select(vec![Channel::Email, Channel::Sms, Channel::Letter])),
        transient in prop::collection::vec(0u64..180, 0..6),
    ) {
        let mut sim = build(&ladder, &invoices, failing);
        play(&mut sim, &ops, 180, &[], &transient)?;
        check_customer_cases(&sim)?;
    }

    /// The same simulation twice gives the same notices with the same keys.
    #[test]
    fn simulations_are_deterministic(
        ladder in arb_ladder(),
        invoices in arb_portfolio(),
        ops in prop::collection::vec((0u64..120, 0usize..3, arb_host_op()), 0..15),
    ) {
        let mut a = build(&ladder, &invoices, Some(Channel::Sms));
        let mut b = build(&ladder, &invoices, Some(Channel::Sms));
        play(&mut a, &ops, 130, &[], &[3, 40])?;
        play(&mut b, &ops, 130, &[], &[3, 40])?;
        prop_assert_eq!(a.w.delivery.sent(), b.w.delivery.sent());
        prop_assert_eq!(a.planned, b.planned);
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Deterministic simulation with faults: a store failure injected at random points
    /// of random runs, each followed by a new run, gives exactly the notices of the same
    /// simulation without faults, each delivered and recorded once.
    #[test]
    fn crashes_at_random_points_lose_nothing_and_send_nothing_twice(
        ladder in arb_ladder(),
        invoices in arb_portfolio(),
        ops in prop::collection::vec((0u64..120, 0usize..3, arb_host_op()), 0..15),
        crashes in prop::collection::vec(0u8..5, 1..20),
    ) {
        let mut clean = build(&ladder, &invoices, Some(Channel::Sms));
        let mut faulty = build(&ladder, &invoices, Some(Channel::Sms));
        play(&mut clean, &ops, 130, &[], &[])?;
        play(&mut faulty, &ops, 130, &crashes, &[])?;
        prop_assert_eq!(clean.w.delivery.sent(), faulty.w.delivery.sent());
        let delivered = |s: &Sim| -> usize {
            s.w.store
                .accounts_iter()
                .flat_map(|a| a.history())
                .filter(|e| matches!(e.kind, EventKind::NoticeDelivered { .. }))
                .count()
        };
        prop_assert_eq!(delivered(&clean), delivered(&faulty));
        for (a, b) in clean.w.store.accounts_iter().zip(faulty.w.store.accounts_iter()) {
            prop_assert_eq!(a.reached(), b.reached());
        }
    }
}

#[test]
fn the_generators_make_valid_ladders_and_invoices() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for _ in 0..200 {
        let l = arb_ladder().new_tree(&mut runner).unwrap().current();
        assert_eq!(l.validate(), Ok(()));
        let i = arb_invoice("I".into(), "C1")
            .new_tree(&mut runner)
            .unwrap()
            .current();
        assert_eq!(i.validate(), Ok(()));
    }
}
