//! Issue 8, "Dunning a customer, not a list of invoices": each case under Why, as the
//! customer lives it, with the standard ladder (reminder 1 at +7, reminder 2 at +15 with
//! a EUR 10 fee, formal notice at +30 with 8 days to pay, hand-over at +60) under the
//! default policy (one notice per customer within 5 days).

mod common;

use common::*;
use relance::{Notice, Stage};

/// `(date, step name, invoices)` of every notice a customer received, in order.
fn letters(w: &World, customer: &str) -> Vec<(String, String, Vec<String>)> {
    w.sent_notices()
        .into_iter()
        .filter(|n| n.customer.as_str() == customer)
        .map(|n: &Notice| {
            (
                n.as_of.to_string(),
                n.step_name.clone(),
                n.lines.iter().map(|l| l.invoice.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn the_tone_never_goes_backwards_for_a_customer() {
    // X is due 31 January and is reminded twice; Y falls due on 24 February. When X's
    // formal notice goes out on 2 March, Y (6 days overdue) is listed in it, and from
    // then on Y only ever gets what X gets: never a friendly reminder after the formal
    // notice, never a second formal notice.
    let mut w = World::standard()
        .with("X", "C1", "1000.00", "2025-01-31")
        .with("Y", "C1", "300.00", "2025-02-24");
    run_daily(&mut w, "2025-02-01", "2025-05-31");
    let got = letters(&w, "C1");
    let stages: Vec<Stage> = w.sent_notices().iter().map(|n| n.stage).collect();
    assert!(
        stages.windows(2).all(|s| s[0] <= s[1]),
        "tone went backwards: {got:?}"
    );
    let formal: Vec<_> = got.iter().filter(|l| l.1 == "formal notice").collect();
    assert_eq!(formal.len(), 1, "{got:?}");
    assert_eq!(formal[0].2, ["X", "Y"], "Y is covered by the formal notice");
    let after: Vec<_> = got
        .iter()
        .skip_while(|l| l.1 != "formal notice")
        .skip(1)
        .collect();
    assert!(
        after.iter().all(|l| l.1 == "hand-over"),
        "after the formal notice only the hand-over: {got:?}"
    );
    // Each invoice records the formal notice, so the state machine agrees.
    for id in ["X", "Y"] {
        assert!(
            w.account(id)
                .reached()
                .iter()
                .any(|r| r.stage == Stage::FormalNotice)
        );
    }
}

#[test]
fn a_customer_with_three_invoices_gets_one_letter_at_a_time_not_one_per_invoice() {
    // Three invoices a week apart: under the old per-invoice ladders the customer received
    // 9 notices in 7 weeks, once a first reminder and a formal notice on the same day.
    let mut w = World::standard()
        .with("A", "C1", "500.00", "2025-02-01")
        .with("B", "C1", "400.00", "2025-02-08")
        .with("C", "C1", "300.00", "2025-02-15");
    run_daily(&mut w, "2025-02-01", "2025-03-22");
    let got = letters(&w, "C1");
    let mut days: Vec<&String> = got.iter().map(|l| &l.0).collect();
    days.dedup();
    assert_eq!(days.len(), got.len(), "one letter a day at most: {got:?}");
    assert!(got.len() <= 4, "{} letters in 7 weeks: {got:?}", got.len());
    // The invoices travel together once they are overdue.
    let last = got.last().expect("letters");
    assert_eq!(last.2, ["A", "B", "C"], "{got:?}");
}

#[test]
fn a_host_starting_on_old_debt_keeps_the_ladder_spacing() {
    // The host starts on 1 March with an invoice 49 days overdue. No "probably just an
    // oversight" courtesy step before the due date, no burst: the first reminder, then
    // the second 8 days later, then the formal notice 15 days after that, as designed.
    let mut w = World::new(relance::LadderBook::new(vec![with_courtesy()]).unwrap())
        .with_customer(customer("C1"))
        .with("OLD", "C1", "2268.53", "2025-01-11");
    run_daily(&mut w, "2025-03-01", "2025-04-15");
    let got = letters(&w, "C1");
    let names: Vec<&str> = got.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(
        names,
        ["reminder 1", "reminder 2", "formal notice"],
        "{got:?}"
    );
    let dates: Vec<&str> = got.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(dates, ["2025-03-01", "2025-03-09", "2025-03-24"]);
}

#[test]
fn steps_already_sent_elsewhere_never_come_back_as_a_courtesy_reminder() {
    // An invoice overdue before it was loaded does not get the courtesy message meant for
    // before its due date, even on a ladder that starts with one.
    let mut w = World::new(relance::LadderBook::new(vec![with_courtesy()]).unwrap())
        .with_customer(customer("C1"))
        .with("NEW", "C1", "100.00", "2025-03-10")
        .with("OLD", "C1", "100.00", "2025-01-11");
    run_daily(&mut w, "2025-03-01", "2025-03-05");
    let got = letters(&w, "C1");
    // OLD enters at the first reminder; NEW, not due yet, gets its courtesy message
    // later, within the first notice's window or after it.
    assert_eq!(got[0].1, "reminder 1", "{got:?}");
    assert_eq!(got[0].2, ["OLD"]);
}

/// The standard ladder with a courtesy reminder 3 days before the due date.
fn with_courtesy() -> relance::Ladder {
    let mut l = standard_ladder();
    l.steps.insert(
        0,
        relance::Step::new("courtesy", Stage::Amicable, -3, &[relance::Channel::Email]),
    );
    l
}

/// Runs once a day from `start` to `end`, inclusive.
fn run_daily(w: &mut World, start: &str, end: &str) {
    let mut day = d(start);
    while day <= d(end) {
        let _ = w.run(day);
        day = day.succ_opt().expect("date");
    }
}

#[test]
fn a_notice_is_dated_on_the_day_it_leaves_even_around_weekends_and_holidays() {
    // Runs every day at 06:00 UTC (07:00 or 08:00 in Paris, before or inside the
    // window) and at 13:00 UTC, through weekends and the May holidays: every notice is
    // delivered on the local date it carries, so its "n days overdue" and its deadline
    // are true the day it is sent.
    let mut w = World::standard()
        .with("A", "C1", "900.00", "2025-03-28")
        .with("B", "C1", "300.00", "2025-04-25")
        .with_customer(customer("C2"))
        .with("C", "C2", "150.00", "2025-04-03");
    let paris = relance::Zone::EUROPE_PARIS;
    let mut day = d("2025-03-28");
    let mut checked = 0;
    while day <= d("2025-06-30") {
        for hour in ["06:00:00", "13:00:00"] {
            let now: chrono::DateTime<chrono::Utc> =
                format!("{day}T{hour}Z").parse().expect("instant");
            let before = w.delivery.sent().len();
            let _ = w
                .dunning
                .run(
                    now,
                    &mut w.store,
                    &mut w.delivery,
                    relance::RunOptions::new(),
                )
                .expect("run");
            let local = paris.local_date(now).expect("local date");
            for n in notices(&w.delivery.sent()[before..]) {
                assert_eq!(
                    n.as_of, local,
                    "{} sent on {local}, dated {}",
                    n.key, n.as_of
                );
                checked += 1;
            }
        }
        day = day.succ_opt().expect("date");
    }
    assert!(checked >= 5, "only {checked} notices");
}

/// The French e-mail text of a notice the world sent.
fn french_text(w: &World, n: &Notice) -> String {
    use relance::notice::{Creditor, NoticeContent, RenderedNotice, Templates, render};
    let customer = w
        .store
        .customers()
        .find(|c| c.id == n.customer)
        .expect("customer")
        .clone();
    let ladder = w
        .dunning
        .book()
        .ladder_for(&customer)
        .expect("ladder")
        .clone();
    let creditor = Creditor::new(
        "Atelier Dupont SARL",
        "RCS Lyon 512 345 678",
        "FR7630006000011234567890189",
        "DUP",
    );
    let mut n = n.clone();
    n.channel = relance::Channel::Email;
    let content = NoticeContent::build(&n, &customer, &creditor, &ladder, w.dunning.policy())
        .expect("content");
    match render(&content, &Templates::new()).expect("renders") {
        RenderedNotice::Email(e) => e.text,
        other => panic!("an e-mail: {other:?}"),
    }
}

#[test]
fn letters_say_only_what_is_true_of_every_invoice_they_list() {
    // Y joins X's formal notice without any earlier notice of its own: the letter does not
    // say "despite our reminders".
    let mut w = World::standard()
        .with("X", "C1", "1000.00", "2025-01-31")
        .with("Y", "C1", "300.00", "2025-02-24");
    run_daily(&mut w, "2025-02-01", "2025-03-02");
    let sent = w.sent_notices();
    let formal = sent.last().expect("the formal notice");
    assert_eq!(formal.step_name, "formal notice");
    let text = french_text(&w, formal);
    assert!(!text.contains("Malgré nos rappels"), "{text}");
    assert!(
        text.contains("Les factures ci-dessous demeurent impayées"),
        "{text}"
    );
    // X's own second reminder did follow a first one: there the words are true.
    let second = french_text(&w, sent[1]);
    assert!(second.contains("Malgré notre précédent rappel"), "{second}");
    // 49 days late is no longer "probably an oversight".
    let mut w = World::standard().with("OLD", "C1", "500.00", "2025-01-11");
    run_daily(&mut w, "2025-03-01", "2025-03-01");
    let first = french_text(&w, w.sent_notices()[0]);
    assert!(first.contains("n'a pas encore été réglée"), "{first}");
    assert!(!first.contains("simple oubli"), "{first}");
}
