//! Proves the runner's crash safety of issue 2, Build section 5: a failed commit followed
//! by a new run loses nothing; a transient delivery failure keeps the outbox entry and the
//! next run delivers it exactly once; a permanent failure is recorded and puts the invoice
//! on hold with a reason and an end date; a crash between delivering and completing never
//! sends twice (the delivery idempotency contract); an entry still pending when the invoice
//! is paid or credited in full is cancelled, not sent; and a crash at any store call of any
//! run, followed by a new run, gives exactly the same notices as no crash at all.

mod common;

use common::*;
use relance::{
    Action, Channel, EventKind, HoldKind, RunError, RunOptions, RunReport, Status, Store,
};

fn one_invoice() -> World {
    World::standard().with("I1", "C1", "100.00", "2025-01-31")
}

fn kinds(w: &World, id: &str) -> Vec<&'static str> {
    w.account(id)
        .history()
        .iter()
        .map(|e| e.kind.name())
        .collect()
}

#[test]
fn a_failed_commit_then_a_new_run_loses_nothing() {
    let mut w = one_invoice();
    let key = w.plan(d("2025-02-07")).actions[0].key().clone();
    w.store.fail_next_commits(1);
    let before = w.account("I1").clone();
    let err = w
        .dunning
        .run(
            d("2025-02-07"),
            &mut w.store,
            &mut w.delivery,
            RunOptions::new(),
        )
        .unwrap_err();
    assert!(matches!(err, RunError::Store(ref e) if e.message == "injected commit failure"));
    assert_eq!(w.account("I1"), &before, "nothing recorded");
    assert!(w.store.outbox().is_empty());
    assert!(w.delivery.sent().is_empty());
    let r = w.run(d("2025-02-07"));
    assert_eq!(r.planned, vec![key.clone()]);
    assert_eq!(delivered(&r), vec![(key.clone(), "rcpt-1".to_string())]);
    assert_eq!(w.delivery.attempts(&key), 1);
    assert_eq!(kinds(&w, "I1"), vec!["step_reached", "notice_delivered"]);
}

#[test]
fn a_transient_delivery_failure_keeps_the_entry_and_the_next_run_delivers_it_exactly_once() {
    let mut w = one_invoice();
    w.delivery.fail_transiently(1);
    let r = w.run(d("2025-02-07"));
    let key = r.planned[0].clone();
    assert_eq!(
        deferred(&r),
        vec![(key.clone(), "injected transient failure".to_string())]
    );
    assert!(r.delivered.is_empty());
    assert_eq!(w.store.outbox().len(), 1);
    assert_eq!(w.delivery.attempts(&key), 1);
    assert!(w.delivery.sent().is_empty());
    assert_eq!(
        kinds(&w, "I1"),
        vec!["step_reached"],
        "the step is recorded"
    );

    let r = w.run(d("2025-02-08"));
    assert!(r.planned.is_empty(), "not planned a second time");
    assert_eq!(delivered(&r), vec![(key.clone(), "rcpt-1".to_string())]);
    assert_eq!(w.delivery.attempts(&key), 2);
    assert_eq!(w.delivery.sent().len(), 1);
    assert!(w.store.outbox().is_empty());

    for on in ["2025-02-09", "2025-02-10"] {
        assert_eq!(w.run(d(on)), RunReport::default());
    }
    assert_eq!(w.delivery.attempts(&key), 2);
    assert_eq!(kinds(&w, "I1"), vec!["step_reached", "notice_delivered"]);
    match &w.account("I1").history()[1].kind {
        EventKind::NoticeDelivered {
            key: k,
            channel,
            receipt,
        } => {
            assert_eq!(k, key.as_str());
            assert_eq!(*channel, Channel::Email);
            assert_eq!(receipt, "rcpt-1");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn draining_the_outbox_alone_retries_deferred_entries() {
    let mut w = one_invoice();
    w.delivery.fail_transiently(2);
    w.run(d("2025-02-07"));
    let deliver_only = |w: &mut World| {
        w.dunning
            .run(
                d("2025-02-07"),
                &mut w.store,
                &mut w.delivery,
                RunOptions::new().deliver_only(),
            )
            .unwrap()
    };
    let report = deliver_only(&mut w);
    assert_eq!(report.deferred.len(), 1);
    assert!(report.planned.is_empty());
    let report = deliver_only(&mut w);
    assert_eq!(report.delivered.len(), 1);
    assert_eq!(w.delivery.sent().len(), 1);
}

#[test]
fn a_permanent_failure_is_recorded_and_puts_the_invoice_on_hold_with_a_reason_and_an_end_date() {
    let mut w = one_invoice();
    w.delivery
        .fail_channel(Channel::Email, "550 mailbox does not exist");
    let r = w.run(d("2025-02-07"));
    let key = r.planned[0].clone();
    assert_eq!(
        failed(&r),
        vec![(key.clone(), "550 mailbox does not exist".to_string())]
    );
    assert!(w.store.outbox().is_empty(), "not retried as is");
    let a = w.account("I1");
    match a.status() {
        Status::OnHold { hold } => {
            assert_eq!(
                hold.kind,
                HoldKind::Manual {
                    until: d("2025-02-14")
                }
            );
            assert_eq!(hold.since, d("2025-02-07"));
            assert_eq!(
                hold.reason,
                "delivery by email failed: 550 mailbox does not exist"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        a.history()[1].kind,
        EventKind::DeliveryFailed {
            key: key.to_string(),
            channel: Channel::Email,
            reason: "550 mailbox does not exist".into(),
            permanent: true
        }
    );
    // Nothing goes out during the hold; the ladder goes on when it ends.
    assert_eq!(w.store.next_wakeup(), Some(d("2025-02-15")));
    for day in 8..=14 {
        assert!(w.run(d(&format!("2025-02-{day:02}"))).planned.is_empty());
    }
}

#[test]
fn a_crash_between_delivering_and_completing_never_sends_twice() {
    let mut w = one_invoice();
    let err = {
        let mut faulty = FaultyStore::new(&mut w.store);
        faulty.fail_complete = 1;
        w.dunning
            .run(
                d("2025-02-07"),
                &mut faulty,
                &mut w.delivery,
                RunOptions::new(),
            )
            .unwrap_err()
    };
    assert!(matches!(err, RunError::Store(ref e) if e.message == "injected complete failure"));
    let key = w.store.outbox()[0].key().clone();
    assert_eq!(w.delivery.sent().len(), 1, "it was sent before the crash");
    assert_eq!(kinds(&w, "I1"), vec!["step_reached"]);

    let r = w.run(d("2025-02-07"));
    assert_eq!(delivered(&r), vec![(key.clone(), "rcpt-1".to_string())]);
    assert_eq!(w.delivery.attempts(&key), 2, "delivery was asked again...");
    assert_eq!(w.delivery.sent().len(), 1, "...and did not send again");
    assert!(w.store.outbox().is_empty());
    assert_eq!(kinds(&w, "I1"), vec!["step_reached", "notice_delivered"]);
}

#[test]
fn a_crash_after_committing_and_before_delivering_delivers_on_the_next_run() {
    for point in ["pending", "accounts"] {
        let mut w = one_invoice();
        {
            let mut faulty = FaultyStore::new(&mut w.store);
            if point == "pending" {
                faulty.fail_pending = 1;
            } else {
                faulty.fail_accounts = 1;
            }
            assert!(
                w.dunning
                    .run(
                        d("2025-02-07"),
                        &mut faulty,
                        &mut w.delivery,
                        RunOptions::new()
                    )
                    .is_err()
            );
        }
        assert_eq!(w.store.outbox().len(), 1, "{point}");
        assert!(w.delivery.sent().is_empty(), "{point}");
        let r = w.run(d("2025-02-08"));
        assert!(r.planned.is_empty(), "{point}");
        assert_eq!(r.delivered.len(), 1, "{point}");
        assert_eq!(w.delivery.sent().len(), 1, "{point}");
    }
}

#[test]
fn an_entry_pending_when_the_invoice_is_paid_in_full_is_cancelled_not_sent() {
    for settle in [payment("100.00"), credit("100.00")] {
        let mut w = one_invoice();
        w.delivery.fail_transiently(1);
        let key = w.run(d("2025-02-07")).planned[0].clone();
        w.record(&[ev("I1", "2025-02-08", settle.clone())]);
        let r = w.run(d("2025-02-08"));
        assert_eq!(cancelled(&r), vec![key.clone()], "{settle:?}");
        assert!(r.delivered.is_empty());
        assert!(w.delivery.sent().is_empty());
        assert_eq!(w.delivery.attempts(&key), 1, "not even attempted again");
        assert!(w.store.outbox().is_empty());
        assert_eq!(
            w.account("I1").history().last().unwrap().kind,
            EventKind::NoticeCancelled {
                key: key.to_string()
            }
        );
        assert_eq!(
            w.account("I1").status(),
            &Status::Settled {
                on: d("2025-02-08")
            }
        );
    }
}

#[test]
fn a_partial_payment_does_not_cancel_a_pending_entry() {
    let mut w = one_invoice();
    w.delivery.fail_transiently(1);
    w.run(d("2025-02-07"));
    w.record(&[ev("I1", "2025-02-08", payment("30.00"))]);
    let r = w.run(d("2025-02-08"));
    assert!(cancelled(&r).is_empty());
    assert_eq!(r.delivered.len(), 1);
}

#[test]
fn a_pending_reminder_waits_while_disputed_and_is_superseded_by_the_next_step_not_sent_with_it() {
    let mut w = one_invoice();
    w.delivery.fail_transiently(1);
    let key = w.run(d("2025-02-07")).planned[0].clone();
    w.record(&[ev("I1", "2025-02-08", dispute("never delivered"))]);
    let r = w.run(d("2025-02-08"));
    assert!(
        r.delivered.is_empty(),
        "no reminder about a disputed invoice"
    );
    assert!(r.deferred.is_empty(), "not a delivery failure");
    assert_eq!(r.waiting.len(), 1);
    assert!(
        matches!(&r.waiting[0].reason,
            relance::outbox::WaitReason::Paused { reason } if reason.contains("never delivered")),
        "{:?}",
        r.waiting
    );
    assert_eq!(w.delivery.attempts(&key), 1, "not attempted while disputed");
    assert_eq!(w.store.outbox().len(), 1, "kept, not lost");
    w.record(&[ev(
        "I1",
        "2025-02-20",
        EventKind::DisputeResolved { upheld: false },
    )]);
    // The dispute failed on the 20th: the second reminder is due at once. The first one,
    // still pending, is superseded by it rather than sent in the same breath.
    let r = w.run(d("2025-02-20"));
    assert_eq!(cancelled(&r), vec![key.clone()], "{r:?}");
    assert_eq!(r.delivered.len(), 1, "{r:?}");
    assert_ne!(r.delivered[0].key, key);
    let sent = w.sent_notices();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].step, 1, "the second reminder, alone");
}

#[test]
fn a_pending_reminder_goes_out_when_the_pause_ends_before_the_next_step_is_due() {
    let mut w = one_invoice();
    w.delivery.fail_transiently(1);
    let key = w.run(d("2025-02-07")).planned[0].clone();
    w.record(&[ev("I1", "2025-02-08", dispute("wrong quantity"))]);
    assert!(w.run(d("2025-02-09")).delivered.is_empty());
    w.record(&[ev(
        "I1",
        "2025-02-10",
        EventKind::DisputeResolved { upheld: false },
    )]);
    let r = w.run(d("2025-02-10"));
    assert_eq!(r.delivered.len(), 1, "{r:?}");
    assert_eq!(r.delivered[0].key, key, "the pending reminder, not lost");
}

#[test]
fn a_promise_that_lapsed_without_any_event_no_longer_holds_a_pending_reminder_back() {
    // Found by the determinism property: the stored status still says "promise" because
    // nothing touched the account since; the lapse is a timer, so the runner must look at
    // the state on the run date.
    let mut w = one_invoice();
    w.delivery.fail_transiently(1);
    let key = w.run(d("2025-02-07")).planned[0].clone();
    w.record(&[ev("I1", "2025-02-07", promise("2025-02-08"))]);
    assert!(
        w.run(d("2025-02-08")).delivered.is_empty(),
        "still promised"
    );
    let r = w.run(d("2025-02-09"));
    assert_eq!(r.delivered.len(), 1, "{r:?}");
    assert_eq!(r.delivered[0].key, key);
    assert!(w.store.outbox().is_empty());
}

/// The keys sent, in order, and the steps each invoice reached.
fn outcome(w: &World) -> (Vec<String>, Vec<Vec<(usize, chrono::NaiveDate)>>) {
    let keys = w
        .delivery
        .sent()
        .iter()
        .map(|a: &Action| a.key().to_string())
        .collect();
    let steps = w
        .store
        .accounts_iter()
        .map(|a| a.reached().iter().map(|r| (r.step, r.due_on)).collect())
        .collect();
    (keys, steps)
}

#[test]
fn a_crash_at_any_store_call_of_any_run_then_a_new_run_gives_the_same_notices_as_no_crash() {
    let build = || {
        World::standard()
            .with_customer(customer("C2"))
            .with("I1", "C1", "100.00", "2025-01-31")
            .with("I2", "C1", "250.00", "2025-02-10")
            .with("J1", "C2", "80.00", "2025-01-25")
    };
    let events = [
        ev("I2", "2025-02-27", payment("100.00")),
        ev("J1", "2025-03-05", promise("2025-03-15")),
    ];
    let days: Vec<chrono::NaiveDate> = (0..100)
        .map(|i| d("2025-02-01") + chrono::Days::new(i))
        .collect();
    let mut clean = build();
    for on in &days {
        let today: Vec<_> = events.iter().filter(|e| e.on == *on).cloned().collect();
        clean.record(&today);
        clean.run(*on);
    }
    assert!(clean.delivery.sent().len() >= 8);

    for point in ["commit", "pending", "accounts", "complete"] {
        let mut w = build();
        let mut crashes = 0;
        for on in &days {
            let today: Vec<_> = events.iter().filter(|e| e.on == *on).cloned().collect();
            w.record(&today);
            // Every run crashes once at `point`, then the host runs again.
            let crashed = {
                if point == "commit" {
                    w.store.fail_next_commits(1);
                }
                let mut faulty = FaultyStore::new(&mut w.store);
                faulty.fail_pending = u32::from(point == "pending");
                faulty.fail_accounts = u32::from(point == "accounts");
                faulty.fail_complete = u32::from(point == "complete");
                let r = w
                    .dunning
                    .run(*on, &mut faulty, &mut w.delivery, RunOptions::new());
                faulty.inner.fail_next_commits(0);
                r.is_err()
            };
            crashes += usize::from(crashed);
            w.run(*on);
        }
        assert!(crashes > 0, "{point}: the crash was injected");
        assert_eq!(outcome(&w), outcome(&clean), "crash at {point}");
        for a in w.delivery.sent() {
            assert!(w.delivery.attempts(a.key()) <= 2);
        }
        // Every notice was recorded as delivered exactly once.
        let delivered: usize = w
            .store
            .accounts_iter()
            .flat_map(|a| a.history())
            .filter(|e| matches!(e.kind, EventKind::NoticeDelivered { .. }))
            .count();
        let expected: usize = clean
            .store
            .accounts_iter()
            .flat_map(|a| a.history())
            .filter(|e| matches!(e.kind, EventKind::NoticeDelivered { .. }))
            .count();
        assert_eq!(delivered, expected, "{point}");
    }
}

#[test]
fn the_store_remembers_executed_keys_so_a_replanned_action_is_not_queued_again() {
    let mut w = one_invoice();
    let p = w.plan(d("2025-02-07"));
    w.run(d("2025-02-07"));
    let key = p.actions[0].key().clone();
    assert!(w.store.is_executed(&key).unwrap());
    // A host that commits the same action again (e.g. a replay) does not queue it.
    w.store
        .commit(&relance::Commit {
            outbox: p.actions.clone(),
            ..relance::Commit::default()
        })
        .unwrap();
    assert!(w.store.outbox().is_empty());
}
