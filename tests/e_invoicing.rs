//! Proves issue 10, Build item 4: the French e-invoicing lifecycle statuses (DGFiP
//! external specifications, statuses 200 to 213) as facts. A rejected (213) or refused
//! (210) invoice is not dunned, refused waiting for a credit note or a reissue; "en
//! litige" (207) opens a dispute; "suspendue" (208) and "paiement transmis" (211) hold;
//! "encaissée" (212) is a payment, never counted twice with the payment it reports; the
//! engine lists what a host still has to report as 212.

mod common;

use common::*;
use relance::*;

fn status(on: &str, status: EInvoiceStatus) -> Event {
    ev(
        "I1",
        on,
        EventKind::EInvoiceStatus {
            status,
            amount: None,
            reason: None,
        },
    )
}

fn cashed(on: &str, amount: &str) -> Event {
    ev(
        "I1",
        on,
        EventKind::EInvoiceStatus {
            status: EInvoiceStatus::Cashed,
            amount: Some(dec(amount)),
            reason: None,
        },
    )
}

/// EUR 1,000.00 due 30 September 2026; the standard ladder's first step on 7 October.
fn open() -> Account {
    let acc = account("I1", "1000.00", "2026-09-30");
    assert_eq!(acc.next_wakeup(&standard_ladder()), Some(d("2026-10-07")));
    acc
}

fn e_invoice_hold(acc: &Account) -> Option<EInvoiceStatus> {
    match acc.status() {
        Status::OnHold {
            hold:
                Hold {
                    kind: HoldKind::EInvoice { status, .. },
                    ..
                },
        } => Some(*status),
        _ => None,
    }
}

/// What the plan sends for the account on `on`.
fn notices_on(acc: &Account, on: &str) -> usize {
    let portfolio = [CustomerAccounts {
        customer: customer("C1"),
        accounts: vec![acc.clone()],
    }];
    notices(&plan_on(d(on), &standard_book(), &portfolio).actions).len()
}

#[test]
fn informational_statuses_200_to_206_and_209_change_nothing() {
    for s in [
        EInvoiceStatus::Deposited,
        EInvoiceStatus::Issued,
        EInvoiceStatus::Received,
        EInvoiceStatus::MadeAvailable,
        EInvoiceStatus::TakenOver,
        EInvoiceStatus::Approved,
        EInvoiceStatus::PartiallyApproved,
        EInvoiceStatus::Completed,
    ] {
        let mut acc = open();
        acc.apply(&status("2026-09-20", s)).unwrap();
        assert_eq!(acc.status(), &Status::Open, "{}", s.code());
        assert_eq!(acc.next_wakeup(&standard_ladder()), Some(d("2026-10-07")));
        assert_eq!(notices_on(&acc, "2026-10-07"), 1);
    }
}

#[test]
fn status_207_en_litige_opens_a_dispute() {
    let mut acc = open();
    acc.apply(&ev(
        "I1",
        "2026-10-02",
        EventKind::EInvoiceStatus {
            status: EInvoiceStatus::InDispute,
            amount: None,
            reason: Some("quantités livrées".into()),
        },
    ))
    .unwrap();
    let Status::OnHold { hold } = acc.status() else {
        panic!("{:?}", acc.status())
    };
    assert!(matches!(hold.kind, HoldKind::Dispute { .. }));
    assert_eq!(hold.reason, "e-invoice 207 En litige: quantités livrées");
    assert_eq!(notices_on(&acc, "2026-10-07"), 0);
}

#[test]
fn status_208_suspendue_holds_until_the_buyer_completes_209() {
    let mut acc = open();
    acc.apply(&status("2026-10-01", EInvoiceStatus::Suspended))
        .unwrap();
    assert_eq!(e_invoice_hold(&acc), Some(EInvoiceStatus::Suspended));
    assert_eq!(acc.next_wakeup(&standard_ladder()), None);
    assert_eq!(notices_on(&acc, "2026-10-07"), 0);
    acc.apply(&status("2026-10-20", EInvoiceStatus::Completed))
        .unwrap();
    assert_eq!(acc.status(), &Status::Open);
    assert_eq!(acc.next_wakeup(&standard_ladder()), Some(d("2026-10-20")));
}

#[test]
fn status_210_refusee_is_not_dunned_and_waits_for_a_credit_note() {
    let mut acc = open();
    acc.apply(&status("2026-10-01", EInvoiceStatus::Refused))
        .unwrap();
    assert_eq!(e_invoice_hold(&acc), Some(EInvoiceStatus::Refused));
    assert_eq!(notices_on(&acc, "2026-11-30"), 0);
    assert_eq!(acc.next_wakeup(&standard_ladder()), None);
    // The credit note cancelling it settles it.
    acc.apply(&ev("I1", "2026-10-05", credit("1000.00")))
        .unwrap();
    assert!(matches!(acc.status(), Status::Settled { .. }));
}

#[test]
fn status_211_paiement_transmis_holds_14_days_then_dunning_resumes() {
    let mut acc = open();
    acc.apply(&status("2026-10-05", EInvoiceStatus::PaymentTransmitted))
        .unwrap();
    assert_eq!(
        e_invoice_hold(&acc),
        Some(EInvoiceStatus::PaymentTransmitted)
    );
    assert_eq!(notices_on(&acc, "2026-10-19"), 0);
    // No money by 19 October: dunning resumes on the 20th.
    assert_eq!(acc.next_wakeup(&standard_ladder()), Some(d("2026-10-20")));
    assert_eq!(notices_on(&acc, "2026-10-20"), 1);
}

#[test]
fn status_212_encaissee_is_a_payment_and_is_never_counted_twice() {
    // Recorded alone, it is the payment.
    let mut acc = open();
    acc.apply(&cashed("2026-10-03", "1000.00")).unwrap();
    assert!(matches!(acc.status(), Status::Settled { .. }));
    assert!(acc.cashed_not_reported().is_zero());
    // After the bank payment it reports, it is not paid again.
    let mut acc = open();
    acc.apply(&ev("I1", "2026-10-02", payment("400.00")))
        .unwrap();
    assert_eq!(
        cashed_to_report(&[acc.clone()])[0].amount.to_string(),
        "400.00 EUR"
    );
    acc.apply(&cashed("2026-10-03", "400.00")).unwrap();
    assert_eq!(acc.paid().to_string(), "400.00 EUR");
    assert_eq!(acc.outstanding().to_string(), "600.00 EUR");
    assert!(cashed_to_report(&[acc.clone()]).is_empty());
    // Its payment restarts the limitation period like any part payment.
    let l = Limitation::of(&acc, &customer("C1")).unwrap();
    assert_eq!(l.restarted_on, Some(d("2026-10-03")));
    // It needs its amount; no other status carries one.
    assert!(matches!(
        acc.apply(&status("2026-10-04", EInvoiceStatus::Cashed)),
        Err(EventError::Missing {
            field: "amount",
            ..
        })
    ));
    let mut with_amount = status("2026-10-04", EInvoiceStatus::Approved);
    with_amount.kind = EventKind::EInvoiceStatus {
        status: EInvoiceStatus::Approved,
        amount: Some(dec("1")),
        reason: None,
    };
    assert!(acc.apply(&with_amount).is_err());
    // A stored account replays to the same figures.
    let back: Account = serde_json::from_value(serde_json::to_value(&acc).unwrap()).unwrap();
    assert_eq!(back, acc);
    assert_eq!(back.conservation_gap(), Ok(rust_decimal::Decimal::ZERO));
}

#[test]
fn status_213_rejetee_is_never_dunned_until_the_corrected_invoice_is_deposited() {
    let mut acc = open();
    acc.apply(&status("2026-09-02", EInvoiceStatus::Rejected))
        .unwrap();
    assert_eq!(e_invoice_hold(&acc), Some(EInvoiceStatus::Rejected));
    // The buyer's statuses do not lift it: it was never validly issued.
    acc.apply(&status("2026-09-03", EInvoiceStatus::Approved))
        .unwrap();
    assert_eq!(e_invoice_hold(&acc), Some(EInvoiceStatus::Rejected));
    assert_eq!(notices_on(&acc, "2026-10-07"), 0);
    acc.apply(&status("2026-09-05", EInvoiceStatus::Deposited))
        .unwrap();
    assert_eq!(acc.status(), &Status::Open);
    assert_eq!(notices_on(&acc, "2026-10-07"), 1);
}

#[test]
fn a_person_may_lift_an_e_invoicing_hold_and_scenarios_read_the_statuses() {
    let mut acc = open();
    acc.apply(&status("2026-10-01", EInvoiceStatus::Refused))
        .unwrap();
    acc.apply(&ev("I1", "2026-10-10", EventKind::HoldReleased))
        .unwrap();
    assert_eq!(acc.status(), &Status::Open);
    let s: relance::scenario::ScenarioEvent = serde_json::from_str(
        r#"{"invoice": "I1", "date": "2026-10-03", "type": "e_invoice_status",
            "status": "cashed", "amount": "250.00"}"#,
    )
    .unwrap();
    assert_eq!(
        s.kind,
        relance::scenario::ScenarioEventKind::EInvoiceStatus {
            status: EInvoiceStatus::Cashed,
            amount: Some(dec("250.00")),
            reason: None
        }
    );
}
