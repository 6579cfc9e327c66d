//! Test only: what an account's running state should be, recomputed from its invoice and
//! history alone with the plain re-summing algorithms the running totals replaced, and
//! properties proving the two agree over random histories, dates going back included.

use super::view::View;
use super::{Account, HoldKind, Reached, Status};
use crate::event::{Event, EventKind};
use crate::invoice::{Instalment, Invoice};
use crate::ladder::{Channel, Ladder, MinAmount, Stage, Step};
use crate::money::Currency;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A payment, credit or reversal: its date and signed amount.
fn reduction(e: &Event) -> Option<(NaiveDate, Decimal)> {
    match e.kind {
        EventKind::Payment { amount } | EventKind::CreditNote { amount } => Some((e.on, amount)),
        EventKind::PaymentReversal { amount } => Some((e.on, -amount)),
        _ => None,
    }
}

fn sum(history: &[Event], pick: impl Fn(&EventKind) -> Option<Decimal>) -> Decimal {
    history.iter().filter_map(|e| pick(&e.kind)).sum()
}

fn reduced_until(history: &[Event], date: NaiveDate) -> Decimal {
    history
        .iter()
        .filter_map(reduction)
        .filter(|(on, _)| *on <= date)
        .map(|(_, a)| a)
        .sum()
}

/// The steps of the current ladder run: those after the last upheld dispute.
fn reached(history: &[Event]) -> Vec<Reached> {
    let mut out = Vec::new();
    for e in history {
        match &e.kind {
            EventKind::DisputeResolved { upheld: true } => out.clear(),
            EventKind::StepReached {
                step,
                name,
                stage,
                due_on,
                fee,
                deadline,
            } => out.push(Reached {
                step: *step,
                name: name.clone(),
                stage: *stage,
                due_on: *due_on,
                issued_on: e.on,
                fee: *fee,
                deadline: *deadline,
            }),
            _ => {}
        }
    }
    out
}

fn outstanding_by_instalment(invoice: &Invoice, reduced: Decimal) -> Vec<(NaiveDate, Decimal)> {
    let mut left = reduced;
    invoice
        .instalments
        .iter()
        .map(|i| {
            let applied = left.min(i.amount).max(Decimal::ZERO);
            left -= applied;
            (i.due_date, i.amount - applied)
        })
        .collect()
}

fn due_by(invoice: &Invoice, reduced: Decimal, date: NaiveDate) -> Decimal {
    outstanding_by_instalment(invoice, reduced)
        .into_iter()
        .filter(|(d, _)| *d <= date)
        .map(|(_, a)| a)
        .sum()
}

fn oldest_unpaid(invoice: &Invoice, reduced: Decimal) -> Option<NaiveDate> {
    outstanding_by_instalment(invoice, reduced)
        .into_iter()
        .find(|(_, a)| *a > Decimal::ZERO)
        .map(|(d, _)| d)
}

/// The plan timer as it was computed: by each instalment's due date, everything
/// reduced by then less what was reduced before the plan.
fn plan_timer(acc: &Account) -> Option<NaiveDate> {
    let Status::OnHold { hold } = acc.status() else {
        return None;
    };
    let HoldKind::PaymentPlan {
        schedule,
        reduced_before,
    } = &hold.kind
    else {
        return None;
    };
    let mut required = Decimal::ZERO;
    for i in schedule {
        required += i.amount;
        if reduced_until(acc.history(), i.due_date) - reduced_before < required {
            return i.due_date.succ_opt();
        }
    }
    None
}

/// `next_step_firing` as it was: every candidate date re-sums what is due by then.
fn next_step_firing(acc: &Account, ladder: &Ladder) -> Option<(usize, NaiveDate)> {
    // The ladder date is not what changed; take it from the account.
    let view = acc.view();
    let (index, due_on) = view.step_date(ladder, view.next_step_index())?;
    let step = ladder.step(index)?;
    let reduced = acc.view().reduced();
    let later = acc
        .invoice
        .instalments
        .iter()
        .map(|i| i.due_date)
        .filter(|d| *d > due_on);
    std::iter::once(due_on)
        .chain(later)
        .find(|d| {
            let base = oldest_unpaid(&acc.invoice, reduced).unwrap_or(*d);
            let amount = due_by(&acc.invoice, reduced, (*d).max(base));
            step.threshold_met(amount, acc.invoiced().amount, acc.invoice.currency)
        })
        .map(|d| (index, d))
}

/// Checks every running total and derived query of `acc` against its history.
pub(super) fn check(acc: &Account, ladder: &Ladder) -> Result<(), TestCaseError> {
    let h = acc.history();
    let payments = sum(h, |k| match k {
        EventKind::Payment { amount } => Some(*amount),
        _ => None,
    });
    let reversed = sum(h, |k| match k {
        EventKind::PaymentReversal { amount } => Some(*amount),
        _ => None,
    });
    let credited = sum(h, |k| match k {
        EventKind::CreditNote { amount } => Some(*amount),
        _ => None,
    });
    let invoiced: Decimal = acc.invoice.instalments.iter().map(|i| i.amount).sum();
    // What payments and credits paid of the principal: the claim ledger's imputation,
    // replayed from the history.
    let reduced: Decimal = acc.principal_movements().iter().map(|(_, a)| *a).sum();
    let steps = reached(h);
    let ledger = acc.ledger_replayed();
    let fees = ledger.fees_open();
    prop_assert_eq!(&acc.state.ledger, &ledger);
    prop_assert_eq!(acc.conservation_gap(), Ok(Decimal::ZERO));
    let claim = acc.claim();
    for item in [claim.fees, claim.interest, claim.compensation] {
        prop_assert!(item.open >= Decimal::ZERO);
        prop_assert_eq!(item.claimed, item.paid + item.waived + item.open);
    }
    prop_assert!(claim.credit_balance.amount >= Decimal::ZERO);

    prop_assert_eq!(acc.invoiced().amount, invoiced);
    prop_assert_eq!(acc.paid().amount, payments - reversed);
    prop_assert_eq!(acc.reversed().amount, reversed);
    prop_assert_eq!(acc.credited().amount, credited);
    prop_assert_eq!(acc.view().reduced(), reduced);
    prop_assert_eq!(
        acc.outstanding().amount,
        (invoiced - reduced).max(Decimal::ZERO)
    );
    prop_assert_eq!(acc.fees().amount, fees);
    prop_assert_eq!(acc.reached(), &steps[..]);
    prop_assert_eq!(
        acc.escalation_sequence(),
        h.iter()
            .filter(|e| matches!(e.kind, EventKind::StepReached { .. }))
            .count()
    );
    prop_assert_eq!(
        acc.outstanding_by_instalment(),
        outstanding_by_instalment(&acc.invoice, reduced)
    );
    prop_assert_eq!(
        acc.oldest_unpaid_due_date(),
        oldest_unpaid(&acc.invoice, reduced)
    );
    prop_assert_eq!(
        acc.state.latest_reduction,
        h.iter().filter_map(reduction).map(|(on, _)| on).max()
    );
    prop_assert_eq!(
        acc.state.clock,
        h.iter()
            .map(|e| e.on)
            .max()
            .unwrap_or(acc.invoice.issue_date)
            .max(acc.invoice.issue_date)
    );
    let last_hand_over = h.iter().rposition(|e| {
        matches!(
            e.kind,
            EventKind::HandedOver { .. }
                | EventKind::StepReached {
                    stage: Stage::Judicial,
                    ..
                }
        )
    });
    prop_assert_eq!(acc.state.handed_over, last_hand_over);
    // Every instalment date and the days around it.
    for i in &acc.invoice.instalments {
        for date in [
            i.due_date.pred_opt(),
            Some(i.due_date),
            i.due_date.succ_opt(),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert_eq!(acc.due_by(date).amount, due_by(&acc.invoice, reduced, date));
        }
    }
    let view: View<'_> = acc.view();
    prop_assert_eq!(view.pending_timer_plan_date(), plan_timer(acc));
    prop_assert_eq!(view.next_step_firing(ladder), next_step_firing(acc, ladder));
    Ok(())
}

impl View<'_> {
    fn pending_timer_plan_date(self) -> Option<NaiveDate> {
        match self.pending_timer() {
            Some((d, EventKind::PlanInstalmentMissed)) => Some(d),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------- generators

fn day(n: i64) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    start
        .checked_add_signed(chrono::Duration::days(n))
        .unwrap_or(start)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn arb_invoice() -> impl Strategy<Value = Invoice> {
    prop::collection::vec((1i64..50_000, 1i64..40), 1..=6).prop_map(|parts| {
        let mut due = day(20);
        let instalments = parts
            .iter()
            .map(|(amount, gap)| {
                let i = Instalment {
                    amount: cents(*amount),
                    due_date: due,
                };
                due = due + Days::new(gap.unsigned_abs());
                i
            })
            .collect();
        Invoice {
            instalments,
            contract_date: None,
            ..Invoice::single("I", "N", "C", Currency::EUR, day(0), Decimal::ONE, day(20))
        }
    })
}

fn arb_ladder() -> impl Strategy<Value = Ladder> {
    (
        prop::collection::vec((0i32..15, 0u32..8), 1..=4),
        prop::option::of(0i64..60_000),
        prop::option::of(0u8..=10),
    )
        .prop_map(|(steps, min, share)| {
            let mut offset = -5;
            let steps = steps
                .iter()
                .enumerate()
                .map(|(i, (o, gap))| {
                    offset += o;
                    let mut s =
                        Step::new(&format!("s{i}"), Stage::Amicable, offset, &[Channel::Email])
                            .with_min_days_since_previous(*gap);
                    if i == 1 {
                        if let Some(m) = min {
                            s = s.with_min_amount(MinAmount::Any(cents(m)));
                        }
                        s.min_share = share.map(|p| Decimal::new(i64::from(p), 1));
                    }
                    s
                })
                .collect();
            Ladder::new("l", steps)
        })
}

#[derive(Debug, Clone)]
enum Op {
    Pay(u8),
    Reverse(u8),
    Credit(u8),
    Plan(u8, u8),
    Promise(i64),
    Kept,
    Hold(i64),
    Release,
    Dispute,
    Resolve(bool),
    Step(Option<i64>),
    HandOver,
    WriteOff,
    Missed,
    /// Interest and compensation claimed (cents), the imputation rule, the waiver.
    Claim(i64, i64, u8, bool),
    Waive,
    UseCredit(u8),
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (1u8..=100).prop_map(Op::Pay),
        2 => (1u8..=100).prop_map(Op::Reverse),
        2 => (1u8..=100).prop_map(Op::Credit),
        3 => ((1u8..5), (1u8..30)).prop_map(|(n, gap)| Op::Plan(n, gap)),
        2 => (-2i64..20).prop_map(Op::Promise),
        1 => Just(Op::Kept),
        1 => (-2i64..20).prop_map(Op::Hold),
        1 => Just(Op::Release),
        2 => Just(Op::Dispute),
        2 => any::<bool>().prop_map(Op::Resolve),
        4 => prop::option::of(0i64..6_000).prop_map(Op::Step),
        1 => Just(Op::HandOver),
        1 => Just(Op::WriteOff),
        1 => Just(Op::Missed),
        3 => ((0i64..5_000), (0i64..5_000), (0u8..4), any::<bool>())
            .prop_map(|(i, c, r, w)| Op::Claim(i, c, r, w)),
        1 => Just(Op::Waive),
        1 => (1u8..=100).prop_map(Op::UseCredit),
    ]
}

/// `percent` of `base`, in cents, at least one cent.
fn share(base: Decimal, percent: u8) -> Decimal {
    (base * Decimal::from(percent) / Decimal::from(100))
        .round_dp(2)
        .max(cents(1))
}

fn to_event(op: &Op, acc: &Account, on: NaiveDate) -> Event {
    let outstanding = acc.outstanding().amount;
    let kind = match op {
        // Up to twice the whole claim: overpayments become a credit balance.
        Op::Pay(p) => EventKind::Payment {
            amount: share(acc.claim().total.amount, p.saturating_mul(2)),
        },
        Op::Reverse(p) => EventKind::PaymentReversal {
            amount: share(acc.paid().amount, *p),
        },
        Op::Credit(p) => EventKind::CreditNote {
            amount: share(outstanding, p.saturating_add(10)),
        },
        Op::Claim(i, c, r, waive) => EventKind::AccessoriesClaimed {
            interest: cents(*i),
            compensation: cents(*c),
            imputation: [
                crate::Imputation::CodeCivil1343_1,
                crate::Imputation::Bgb367,
                crate::Imputation::CodeCivil1254,
                crate::Imputation::PrincipalFirst,
            ][usize::from(*r % 4)],
            waive_on_principal_paid: *waive,
            // Exercises the re-imputation with an arbitrary figure: the identities hold
            // whatever it is.
            interest_paid: cents(*c),
        },
        Op::Waive => EventKind::AccessoriesWaived,
        Op::UseCredit(p) => EventKind::CreditBalanceUsed {
            amount: share(acc.credit_balance().amount, *p),
        },
        Op::Plan(n, gap) => {
            let n = i64::from(*n);
            let part = (outstanding / Decimal::from(n)).round_dp(2);
            let mut schedule: Vec<Instalment> = (1..=n)
                .map(|i| Instalment {
                    amount: part,
                    due_date: on + Days::new(u64::from(*gap) * i.unsigned_abs()),
                })
                .collect();
            if let Some(last) = schedule.last_mut() {
                last.amount = outstanding - part * Decimal::from(n - 1);
            }
            EventKind::PaymentPlanAgreed { schedule }
        }
        Op::Promise(n) => EventKind::PromiseToPay {
            until: on + chrono::Duration::days(*n),
        },
        Op::Kept => EventKind::PromiseKept,
        Op::Hold(n) => EventKind::HoldPlaced {
            until: on + chrono::Duration::days(*n),
            reason: "audit".into(),
        },
        Op::Release => EventKind::HoldReleased,
        Op::Dispute => EventKind::DisputeOpened {
            reason: "damaged".into(),
            review_on: None,
        },
        Op::Resolve(upheld) => EventKind::DisputeResolved { upheld: *upheld },
        Op::Step(fee) => {
            let index = acc.reached().last().map_or(0, |r| r.step + 1);
            let stage = if index >= 3 {
                Stage::Judicial
            } else {
                Stage::Amicable
            };
            EventKind::StepReached {
                step: index,
                name: format!("s{index}"),
                stage,
                due_on: on,
                fee: fee.map(cents),
                deadline: None,
            }
        }
        Op::HandOver => EventKind::HandedOver {
            to: "bailiff".into(),
        },
        Op::WriteOff => EventKind::WrittenOff {
            reason: "gone".into(),
        },
        Op::Missed => EventKind::PlanInstalmentMissed,
    };
    Event::new(&acc.invoice.id, on, kind)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Event by event, whatever the order of their dates: the running totals and every
    /// query equal a from-scratch computation over the history; a rejected event leaves
    /// the account `==`; replaying the history and reading it back from JSON give the
    /// same account.
    #[test]
    fn running_totals_equal_a_recomputation_from_the_history(
        inv in arb_invoice(),
        ladder in arb_ladder(),
        ops in prop::collection::vec((-6i64..12, arb_op()), 0..60),
    ) {
        let mut acc = Account::open(inv.clone()).expect("valid invoice");
        let mut on = 10;
        for (gap, op) in &ops {
            on = (on + gap).max(0);
            let event = to_event(op, &acc, day(on));
            let before = acc.clone();
            if acc.apply(&event).is_err() {
                prop_assert_eq!(&acc, &before, "rejected {:?} changed the account", event);
            }
            check(&acc, &ladder)?;
            // The state a timer leads to is checked too.
            let later = day(on + 40);
            let _ = acc.state(later);
        }
        let replayed = Account::replay(inv, acc.history());
        prop_assert_eq!(replayed.as_ref(), Ok(&acc));
        let json = serde_json::to_string(&acc).expect("serialises");
        let back: Account = serde_json::from_str(&json).expect("deserialises");
        prop_assert_eq!(&back, &acc);
    }
}

#[test]
fn a_payment_dated_after_an_instalment_and_recorded_before_the_plan_does_not_cover_it() {
    // A payment dated 1 March recorded first, then a plan agreed on 1 February: the
    // payment counts toward the instalments due on or after 1 March only.
    let mut acc = Account::open(Invoice::single(
        "I",
        "N",
        "C",
        Currency::EUR,
        day(0),
        cents(10_000),
        day(20),
    ))
    .expect("valid invoice");
    let ev = |on, kind| Event::new(&"I".into(), on, kind);
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    acc.apply(&ev(
        d("2025-03-01"),
        EventKind::Payment {
            amount: cents(4_000),
        },
    ))
    .expect("payment");
    let schedule = vec![
        Instalment {
            amount: cents(3_000),
            due_date: d("2025-02-15"),
        },
        Instalment {
            amount: cents(3_000),
            due_date: d("2025-03-15"),
        },
    ];
    acc.apply(&ev(
        d("2025-02-01"),
        EventKind::PaymentPlanAgreed { schedule },
    ))
    .expect("plan");
    acc.apply(&ev(
        d("2025-02-10"),
        EventKind::Payment {
            amount: cents(3_000),
        },
    ))
    .expect("first instalment paid on time");
    // By 15 February, 30.00 was paid but the 40.00 of 1 March, recorded before the plan
    // and counted in what it starts from, was not paid yet: the first instalment is
    // missed, due the 16th (counting that payment would put it on 16 March).
    assert_eq!(plan_timer(&acc), Some(d("2025-02-16")));
    assert_eq!(
        acc.view().pending_timer(),
        Some((d("2025-02-16"), EventKind::PlanInstalmentMissed))
    );
    let ladder = Ladder::new(
        "l",
        vec![Step::new("s", Stage::Amicable, 7, &[Channel::Email])],
    );
    check(&acc, &ladder).expect("agrees with the history");
}
