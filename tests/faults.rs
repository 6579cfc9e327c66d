//! Proves that failures stay local (issue 7, "Failures stay local"): one customer's or one
//! outbox entry's bad data never blocks another. Each test builds the hostile case that
//! used to wedge every later run and shows the rest going out.

mod common;

use common::*;
use relance::RunAt;
use relance::outbox::{CancelReason, Decision};
use relance::{
    Action, Channel, Commit, Customer, CustomerAccounts, CustomerId, EventKind, Fact, FactResult,
    IdempotencyKey, InvoiceId, Ladder, LadderBook, ProblemKind, RunOptions, Stage, Step, Store,
    StoreError,
};

/// A ladder whose only step needs a person's approval.
fn approval_book() -> LadderBook {
    LadderBook::new(vec![Ladder::new(
        "l",
        vec![
            Step::new("formal notice", Stage::FormalNotice, 7, &[Channel::Letter]).with_approval(),
        ],
    )])
    .unwrap()
}

#[test]
fn an_approval_request_failing_for_good_after_a_dispute_does_not_wedge_the_outbox() {
    let mut w = World::new(approval_book())
        .with_customer(customer("C1"))
        .with("I1", "C1", "100.00", "2025-01-31");
    // The request cannot be delivered today (transient): it stays in the outbox.
    w.delivery.fail_transiently(1);
    let first = w.run(d("2025-02-07"));
    assert_eq!(first.deferred.len(), 1);
    // The customer disputes the invoice; the approver's mailbox is gone for good.
    w.record(&[ev("I1", "2025-02-08", dispute("wrong quantity"))]);
    w.delivery
        .fail_action_kind("approval_request", "approver mailbox deleted");
    // A second customer has a request due the same day, behind the first in the outbox.
    w.store.add_customer(customer("C2"));
    w.store
        .add_invoice(invoice("J1", "C2", "50.00", "2025-02-01"))
        .unwrap();
    let r = w.run(d("2025-02-08"));
    // The refusal the failure would record does not apply to a disputed invoice: it is
    // left out and reported, the request completes, and C2's request is still handled
    // (its failure is recorded as a refusal, with a retry date).
    assert_eq!(failed(&r).len(), 2, "{r:?}");
    assert!(w.store.outbox().is_empty(), "{:?}", w.store.outbox());
    assert!(
        w.account("J1")
            .history()
            .iter()
            .any(|e| e.kind.name() == "approval_refused")
    );
    assert!(
        r.problems
            .iter()
            .any(|p| p.kind == ProblemKind::OutcomeRefused && p.invoice == Some("I1".into())),
        "{:?}",
        r.problems
    );
    assert!(
        w.store
            .outbox()
            .iter()
            .all(|a| a.customer().as_str() != "C1")
    );
    // Later runs are not stuck on it.
    let later = w.run(d("2025-02-09"));
    assert!(
        later
            .problems
            .iter()
            .all(|p| p.invoice != Some("I1".into())),
        "{later:?}"
    );
}

#[test]
fn a_permanent_failure_with_an_empty_reason_is_recorded_and_the_next_entries_go_out() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with_customer(customer("C2"))
        .with("J1", "C2", "100.00", "2025-01-31");
    w.delivery.fail_channel(Channel::Email, "");
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.failed.len(), 2, "{r:?}");
    assert!(
        w.store.outbox().is_empty(),
        "nothing wedged: {:?}",
        w.store.outbox()
    );
    let recorded = w.account("I1").history().iter().any(|e| {
        matches!(&e.kind, EventKind::DeliveryFailed { reason, .. } if reason == "(no reason given)")
    });
    assert!(recorded);
}

#[test]
fn an_invoice_issued_after_the_run_date_does_not_stop_anyones_notice() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with_customer(customer("C2"))
        .with("J1", "C2", "100.00", "2025-01-31");
    // Recorded ahead: issued on 1 March, due on 31 March, with a reminder 3 days before
    // the due date that a 7 February run must not record before the invoice exists.
    let mut early = invoice("FUT", "C2", "70.00", "2025-03-31");
    early.issue_date = d("2025-03-01");
    w.store.add_invoice(early).unwrap();
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.delivered.len(), 2, "{r:?}");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(w.account("FUT").history().is_empty());
}

#[test]
fn a_notice_made_stale_by_an_upheld_dispute_is_cancelled_not_sent() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    w.delivery.fail_transiently(1);
    let key = w.run(d("2025-02-07")).planned[0].clone();
    // Disputed and found right before the reminder could go out: the ladder restarts.
    w.record(&[
        ev("I1", "2025-02-08", dispute("goods never arrived")),
        ev(
            "I1",
            "2025-02-08",
            EventKind::DisputeResolved { upheld: true },
        ),
    ]);
    let r = w.run(d("2025-02-08"));
    assert_eq!(
        r.cancelled
            .iter()
            .map(|c| (&c.key, c.reason))
            .collect::<Vec<_>>(),
        vec![(&key, CancelReason::Stale)]
    );
    assert!(
        w.delivery.sent().is_empty(),
        "the stale reminder was not sent"
    );
    assert!(w.store.outbox().is_empty());
}

#[test]
fn a_notice_keeps_only_its_lines_still_owed_when_it_leaves_the_outbox() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "40.00", "2025-01-31");
    w.delivery.fail_transiently(1);
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.deferred.len(), 1);
    // I2 is paid before the retry: the reminder goes out for I1 alone.
    w.record(&[ev("I2", "2025-02-08", payment("40.00"))]);
    let r = w.run(d("2025-02-08"));
    assert_eq!(r.delivered.len(), 1);
    let sent = w.sent_notices();
    let lines: Vec<&str> = sent[0].lines.iter().map(|l| l.invoice.as_str()).collect();
    assert_eq!(lines, ["I1"]);
    assert_eq!(sent[0].amount_due.to_string(), "100.00 EUR");
    assert_eq!(sent[0].key, r.delivered[0].key, "the same entry, narrowed");
}

/// A store that refuses every commit touching one customer, as a database constraint
/// would, and says so with [`StoreError::rejected`].
struct PickyStore<'a> {
    inner: &'a mut relance::memory::MemoryStore,
    refuse: CustomerId,
}

impl Store for PickyStore<'_> {
    fn load_due(&mut self, as_of: chrono::NaiveDate) -> Result<Vec<CustomerAccounts>, StoreError> {
        self.inner.load_due(as_of)
    }
    fn commit(&mut self, commit: &Commit) -> Result<(), StoreError> {
        if commit.outbox.iter().any(|a| a.customer() == &self.refuse) {
            return Err(StoreError::rejected("constraint dunning_ck failed"));
        }
        self.inner.commit(commit)
    }
    fn pending(&mut self) -> Result<Vec<Action>, StoreError> {
        self.inner.pending()
    }
    fn complete(&mut self, key: &IdempotencyKey, outcome: &Commit) -> Result<(), StoreError> {
        self.inner.complete(key, outcome)
    }
    fn is_executed(&mut self, key: &IdempotencyKey) -> Result<bool, StoreError> {
        self.inner.is_executed(key)
    }
    fn accounts(&mut self, invoices: &[InvoiceId]) -> Result<Vec<relance::Account>, StoreError> {
        self.inner.accounts(invoices)
    }
    fn customer(&mut self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.inner.customer(id)
    }
}

#[test]
fn one_customer_whose_commit_the_store_refuses_does_not_stop_the_others() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with_customer(customer("C2"))
        .with("J1", "C2", "100.00", "2025-01-31");
    let mut picky = PickyStore {
        inner: &mut w.store,
        refuse: "C1".into(),
    };
    let r = w
        .dunning
        .run(
            d("2025-02-07"),
            &mut picky,
            &mut w.delivery,
            RunOptions::new(),
        )
        .expect("a rejection is not a store outage");
    assert_eq!(r.delivered.len(), 1);
    assert_eq!(w.sent_notices()[0].customer.as_str(), "C2");
    assert!(
        r.problems
            .iter()
            .any(|p| p.kind == ProblemKind::CommitRejected && p.customer.as_str() == "C1")
    );
    // Nothing of C1 was recorded: the next run plans it again.
    assert!(w.account("I1").history().is_empty());
    assert_eq!(w.run(d("2025-02-08")).delivered.len(), 1);
}

#[test]
fn a_fact_recorded_twice_with_the_same_external_id_counts_once() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let pay = Fact::new(&"I1".into(), d("2025-02-03"), payment("30.00"))
        .unwrap()
        .with_external_id("camt053-2025-02-03-17");
    let first = w
        .dunning
        .record(&mut w.store, std::slice::from_ref(&pay))
        .unwrap();
    assert_eq!(first.recorded(), 1);
    // The same bank statement imported again.
    let again = w.dunning.record(&mut w.store, &[pay]).unwrap();
    assert_eq!(again.facts[0].result, FactResult::Duplicate);
    assert_eq!(w.account("I1").outstanding().to_string(), "70.00 EUR");
}

#[test]
fn one_rejected_fact_does_not_stop_the_others_of_the_batch() {
    let mut w = World::standard()
        .with("I1", "C1", "100.00", "2025-01-31")
        .with("I2", "C1", "100.00", "2025-01-31");
    let r = w.try_record(&[
        // An overpayment is not refused (it becomes a credit); a negative amount is.
        ev("I1", "2025-02-03", payment("-5.00")),
        ev("I2", "2025-02-03", payment("20.00")),
        ev("NOPE", "2025-02-03", payment("1.00")),
    ]);
    let results: Vec<bool> = r
        .facts
        .iter()
        .map(|f| matches!(f.result, FactResult::Rejected { .. }))
        .collect();
    assert_eq!(results, [true, false, true]);
    assert_eq!(w.account("I2").outstanding().to_string(), "80.00 EUR");
}

#[test]
fn the_engines_own_records_are_not_facts() {
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let step = EventKind::StepReached {
        step: 0,
        name: "reminder 1".into(),
        stage: Stage::Amicable,
        due_on: d("2025-02-07"),
        fee: None,
        deadline: None,
    };
    assert!(Fact::new(&"I1".into(), d("2025-02-07"), step.clone()).is_err());
    assert!(w.store.record(&[ev("I1", "2025-02-07", step)]).is_err());
    assert!(w.account("I1").history().is_empty());
}

#[test]
fn the_outbox_decisions_are_values_a_host_can_drive_itself() {
    // What an async host does: decide, deliver with its own I/O, record the outcome.
    let mut w = World::standard().with("I1", "C1", "100.00", "2025-01-31");
    let r = w
        .dunning
        .run(
            d("2025-02-07"),
            &mut w.store,
            &mut w.delivery,
            RunOptions::new().plan_only(),
        )
        .unwrap();
    assert_eq!(r.planned.len(), 1);
    let entry = w.store.pending().unwrap().remove(0);
    let accounts = w.store.accounts(&["I1".into()]).unwrap();
    let customer = w.store.customer(&"C1".into()).unwrap();
    let at = RunAt::Date(d("2025-02-07"));
    let Decision::Deliver { action, on } =
        w.dunning
            .decide(&entry, false, &accounts, customer.as_ref(), at)
    else {
        panic!("a notice to deliver")
    };
    let customer = customer.unwrap();
    let sent = Ok(relance::Receipt {
        reference: "smtp-42".into(),
    });
    let outcome = w.dunning.outcome(&action, on, &sent, &accounts, &customer);
    assert!(outcome.problems.is_empty());
    w.store
        .complete(entry.key(), &outcome.commit.unwrap())
        .unwrap();
    assert!(w.store.outbox().is_empty());
    assert_eq!(
        w.store.next_wakeup(),
        Some(d("2025-02-15")),
        "the wakeup came with it"
    );
}
