//! Planning a dunning run: a pure function from the portfolio and a date to the actions
//! due, grouped into one notice per customer, channel and currency.

use crate::account::{Account, Due};
use crate::action::{
    AccessoriesClaim, Action, ApprovalLine, ApprovalRequest, CreditHold, DisputeReview,
    IdempotencyKey, Notice, NoticeLine, line_totals,
};
use crate::customer::Customer;
use crate::event::EventKind;
use crate::ids::{CustomerId, InvoiceId};
use crate::ladder::{Channel, Ladder, LadderBook, Stage, Step};
use crate::money::{Currency, Money, Rounding, checked_add};
use crate::penalties::be_consumer::{ReminderChannel, cost_free_window};
use crate::penalties::{FeeContext, InvoicePenalties, fee_limit, invoice_penalties, lawful_fee};
use crate::policy::Policy;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A customer with the accounts the host loaded for a run.
///
/// ```
/// use relance::{CustomerAccounts, Customer, CustomerKind, Country, Language};
/// let c = CustomerAccounts { customer: Customer::new("C", "C", CustomerKind::Business,
///     Country::FR, Language::Fr, relance::Zone::EUROPE_PARIS), accounts: vec![] };
/// assert!(c.accounts.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAccounts {
    /// The customer.
    pub customer: Customer,
    /// Its invoices under dunning.
    pub accounts: Vec<Account>,
}

/// What kind of problem a run met, so a host can route it without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The customer has no usable ladder (an assigned ladder the book does not hold).
    NoLadder,
    /// An invoice was loaded with a customer that is not its own.
    WrongCustomer,
    /// The customer's time zone cannot give a local date.
    TimeZone,
    /// A step's channel cannot reach the customer, or the customer opted out of it.
    Channel,
    /// An invoice is not escalated until a failed channel is delivered.
    EscalationBlocked,
    /// Interest rests on an unverified or carried-forward reference rate: check it.
    DoubtfulRate,
    /// Late-payment penalties could not be computed.
    Penalties,
    /// A step's fee the law does not allow for this customer was left out or reduced
    /// (French consumers, CPCE L111-8; Belgian consumers' first reminder, the 14 days
    /// after it and the caps, Code de droit économique book XIX).
    FeeNotLawful,
    /// A notice could not be put together (amounts overflow).
    Notice,
    /// The store refused the customer's commit, or an event of it: its actions wait for
    /// the next run.
    CommitRejected,
    /// The claim is time-barred ([`Limitation`](crate::Limitation)): it is no longer
    /// dunned (never threatened nor escalated); a person decides (write-off, or the
    /// debtor's voluntary payment).
    TimeBarred,
    /// The claim becomes time-barred soon ([`Policy::limitation_warning_days`]): a person
    /// acts before its last day (a court claim, an acknowledgment from the debtor).
    LimitationNear,
    /// A delivery outcome an account refused, or a completion the store refused: left
    /// out so the outbox moves on, for a person to check.
    OutcomeRefused,
    /// An outbox entry waits for a customer the store does not know.
    UnknownCustomer,
}

/// Something the planner or the runner could not handle; the rest of the run goes on.
///
/// ```
/// use relance::{PlanProblem, ProblemKind};
/// let p = PlanProblem { customer: "C-1".into(), invoice: None, kind: ProblemKind::NoLadder,
///     message: "no ladder \"vip\"".into() };
/// assert_eq!(serde_json::to_value(&p).unwrap()["kind"], "no_ladder");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProblem {
    /// The customer.
    pub customer: CustomerId,
    /// The invoice, when the problem is one invoice's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<InvoiceId>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What is wrong, in words.
    pub message: String,
}

/// The result of planning: actions in a deterministic order (customer, then notices,
/// approvals, credit holds, dispute reviews; channel; key), and the problems met.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[must_use = "a plan does nothing until its actions are executed"]
pub struct Plan {
    /// The actions due.
    pub actions: Vec<Action>,
    /// Customers or invoices that could not be planned.
    pub problems: Vec<PlanProblem>,
}

#[derive(Clone, Copy)]
struct StepLine<'a> {
    account: &'a Account,
    step: &'a Step,
    index: usize,
    due_on: NaiveDate,
    /// Set in `notices`, once the channels are known.
    deadline: Option<NaiveDate>,
}

/// Plans every customer of `portfolio`, each on the date `date_of` gives it (`Err`: the
/// customer is reported and skipped). Customers are taken in id order, so the plan does
/// not depend on the order of the input. The front door is
/// [`Dunning::plan`](crate::Dunning::plan).
///
/// With `threads` above 1 and enough customers, the customers (in id order) are cut into
/// that many contiguous shards planned on scoped threads, and the shards' plans are joined
/// in order: customers are planned independently of one another, so the plan is the same,
/// byte for byte, whatever the thread count.
pub(crate) fn plan_portfolio(
    book: &LadderBook,
    portfolio: &[CustomerAccounts],
    policy: &Policy,
    threads: usize,
    date_of: impl Fn(&Customer) -> Result<Option<NaiveDate>, String> + Sync,
) -> Plan {
    let mut order: Vec<&CustomerAccounts> = portfolio.iter().collect();
    // Hosts usually load customers in id order already: sort only when they are not.
    if !order.is_sorted_by(|a, b| a.customer.id <= b.customer.id) {
        order.sort_by(|a, b| a.customer.id.cmp(&b.customer.id));
    }
    let threads = threads.clamp(1, MAX_PLAN_THREADS);
    if threads == 1 || order.len() < MIN_CUSTOMERS_PER_THREAD * 2 {
        return plan_shard(book, &order, policy, &date_of);
    }
    let shard = order.len().div_ceil(threads).max(MIN_CUSTOMERS_PER_THREAD);
    let plans: Vec<Plan> = std::thread::scope(|scope| {
        let handles: Vec<_> = order
            .chunks(shard)
            .map(|chunk| scope.spawn(|| plan_shard(book, chunk, policy, &date_of)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = Plan::default();
    for p in plans {
        out.actions.extend(p.actions);
        out.problems.extend(p.problems);
    }
    out
}

/// The most threads a plan uses.
const MAX_PLAN_THREADS: usize = 256;
/// Below this many customers per thread, a thread costs more than it saves.
const MIN_CUSTOMERS_PER_THREAD: usize = 512;

fn plan_shard(
    book: &LadderBook,
    order: &[&CustomerAccounts],
    policy: &Policy,
    date_of: &(impl Fn(&Customer) -> Result<Option<NaiveDate>, String> + Sync),
) -> Plan {
    let mut out = Plan::default();
    for ca in order {
        match date_of(&ca.customer) {
            Ok(Some(as_of)) => plan_customer(as_of, book, ca, policy, &mut out),
            Ok(None) => {}
            Err(message) => {
                out.problems
                    .push(problem(&ca.customer, None, ProblemKind::TimeZone, message));
            }
        }
    }
    out
}

fn problem(
    customer: &Customer,
    invoice: Option<&InvoiceId>,
    kind: ProblemKind,
    message: String,
) -> PlanProblem {
    PlanProblem {
        customer: customer.id.clone(),
        invoice: invoice.cloned(),
        kind,
        message,
    }
}

fn plan_customer(
    as_of: NaiveDate,
    book: &LadderBook,
    ca: &CustomerAccounts,
    policy: &Policy,
    out: &mut Plan,
) {
    let customer = &ca.customer;
    if !customer.is_dunned_automatically() {
        return;
    }
    let ladder = match book.ladder_for(customer) {
        Ok(l) => l,
        Err(e) => {
            out.problems.push(problem(
                customer,
                None,
                ProblemKind::NoLadder,
                e.to_string(),
            ));
            return;
        }
    };
    let mut accounts: Vec<&Account> = ca.accounts.iter().collect();
    accounts.sort_by(|a, b| a.invoice().id.cmp(&b.invoice().id));
    // Contact pressure: the customer's notices wait until the window has passed.
    let pressure = policy.contact_pressure_applies(as_of, &ca.accounts);

    let mut steps: Vec<StepLine<'_>> = Vec::new();
    let mut approvals: Vec<ApprovalLine> = Vec::new();
    let mut approval_parts: Vec<String> = Vec::new();
    let mut reviews: Vec<Action> = Vec::new();
    let mut barred: Vec<&InvoiceId> = Vec::new();
    for account in accounts {
        let invoice = account.invoice();
        if invoice.customer != customer.id {
            out.problems.push(problem(
                customer,
                Some(&invoice.id),
                ProblemKind::WrongCustomer,
                format!("invoice belongs to customer {}", invoice.customer),
            ));
            continue;
        }
        if invoice.issue_date > as_of {
            // Issued after the run date (a host that records invoices ahead): nothing is
            // due on it yet, and nothing may be recorded before its issue date.
            continue;
        }
        if limitation_check(as_of, customer, policy, account, out) {
            barred.push(&invoice.id);
        }
        match account.due(ladder, as_of) {
            Some(Due::Step { .. } | Due::Approval { .. }) if barred.contains(&&invoice.id) => {}
            Some(Due::Step { step, due_on }) => {
                if pressure {
                    continue;
                }
                if let Some(why) = policy.escalation_blocked(account) {
                    out.problems.push(problem(
                        customer,
                        Some(&invoice.id),
                        ProblemKind::EscalationBlocked,
                        why,
                    ));
                    continue;
                }
                if let Some(s) = ladder.step(step) {
                    steps.push(StepLine {
                        account,
                        step: s,
                        index: step,
                        due_on,
                        deadline: None,
                    });
                }
            }
            Some(Due::Approval { step, due_on }) => {
                if let Some(s) = ladder.step(step) {
                    // The requests already made count in the key: a step asked again on
                    // the same due date (refused with a retry that day) is a new request.
                    let asked = recorded(account, |k| {
                        matches!(k, EventKind::ApprovalRequested { .. })
                    });
                    approval_parts.push(format!("{}:{step}:{due_on}:{asked}", invoice.id));
                    approvals.push(ApprovalLine {
                        invoice: invoice.id.clone(),
                        step,
                        step_name: s.name.clone(),
                        stage: s.stage,
                        due_on,
                        amount_due: account
                            .due_by(as_of.max(account.oldest_unpaid_due_date().unwrap_or(as_of))),
                    });
                }
            }
            Some(Due::DisputeReview { review_on }) => {
                let reason = match account.status() {
                    crate::account::Status::OnHold { hold } => hold.reason.clone(),
                    _ => String::new(),
                };
                let key = IdempotencyKey::from_parts(
                    "review",
                    customer.id.as_str(),
                    &[invoice.id.as_str(), &review_on.to_string()],
                );
                reviews.push(Action::DisputeReview(DisputeReview {
                    key,
                    customer: customer.id.clone(),
                    as_of,
                    invoice: invoice.id.clone(),
                    reason,
                    review_on,
                }));
            }
            None => {}
        }
    }

    // Items asked for approval or time-barred are not taken along by the case.
    let mut asked: Vec<&InvoiceId> = approvals.iter().map(|l| &l.invoice).collect();
    asked.extend(barred.iter().copied());
    let mut steps = into_cases(
        as_of,
        ladder,
        policy,
        &accounts_of(ca, customer),
        &asked,
        steps,
    );
    notices(as_of, customer, ladder, policy, &mut steps, out);
    if !approvals.is_empty() {
        let refs: Vec<&str> = approval_parts.iter().map(String::as_str).collect();
        out.actions.push(Action::ApprovalRequest(ApprovalRequest {
            key: IdempotencyKey::from_parts("approval", customer.id.as_str(), &refs),
            customer: customer.id.clone(),
            as_of,
            lines: approvals,
        }));
    }
    let blocking: Vec<&StepLine<'_>> = steps.iter().filter(|l| l.step.blocks_credit).collect();
    if !blocking.is_empty() {
        let parts: Vec<String> = blocking
            .iter()
            .map(|l| {
                let sequence = l.account.escalation_sequence();
                format!("{}:{}:{sequence}", l.account.invoice().id, l.index)
            })
            .collect();
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        let names: BTreeSet<&str> = blocking.iter().map(|l| l.step.name.as_str()).collect();
        out.actions.push(Action::CreditHold(CreditHold {
            key: IdempotencyKey::from_parts("credit-hold", customer.id.as_str(), &refs),
            customer: customer.id.clone(),
            as_of,
            invoices: blocking
                .iter()
                .map(|l| l.account.invoice().id.clone())
                .collect(),
            reason: format!(
                "reached {}",
                names.into_iter().collect::<Vec<_>>().join(", ")
            ),
        }));
    }
    out.actions.extend(reviews);
}

/// The customer's accounts a case can cover: its own, issued by the run date.
fn accounts_of<'a>(ca: &'a CustomerAccounts, customer: &Customer) -> Vec<&'a Account> {
    let mut accounts: Vec<&Account> = ca
        .accounts
        .iter()
        .filter(|a| a.invoice().customer == customer.id)
        .collect();
    accounts.sort_by(|a, b| a.invoice().id.cmp(&b.invoice().id));
    accounts
}

/// The customer's dunning case per currency (see the crate docs, "Dunning a customer"):
/// when a notice goes out, it goes out at one step for the whole case and lists every
/// overdue open item of it.
///
/// - **The case's level** is the highest step reached by an open item still under dunning
///   (not handed over). A notice is never at a lower step than that, so the stage of
///   successive notices never goes down while an item covered by a higher-stage notice is
///   unpaid; and every item of a notice is recorded at the notice's step, so no item ever
///   receives a notice of a lower stage than one it was already included in.
/// - **Every overdue open item joins**: items not due for a step of their own (paused,
///   awaiting approval or handed over excepted) are listed and recorded at the case's step.
/// - **No hand-over without a formal notice**: an item that never had a formal-notice step
///   joins a judicial step only through that formal notice: it is left for its own formal
///   notice (at the ladder's last formal-notice step) rather than handed over unwarned.
fn into_cases<'a>(
    as_of: NaiveDate,
    ladder: &'a Ladder,
    policy: &Policy,
    accounts: &[&'a Account],
    asked: &[&InvoiceId],
    steps: Vec<StepLine<'a>>,
) -> Vec<StepLine<'a>> {
    let mut out = Vec::with_capacity(steps.len());
    let mut currencies: Vec<Currency> =
        steps.iter().map(|l| l.account.invoice().currency).collect();
    currencies.sort();
    currencies.dedup();
    let formal_before = |index: usize| -> Option<usize> {
        ladder
            .steps
            .get(..index)?
            .iter()
            .rposition(|s| s.stage == Stage::FormalNotice)
    };
    let had_formal = |a: &Account| a.reached().iter().any(|r| r.stage >= Stage::FormalNotice);
    for currency in currencies {
        let mine: Vec<StepLine<'a>> = steps
            .iter()
            .filter(|l| l.account.invoice().currency == currency)
            .copied()
            .collect();
        let level = accounts
            .iter()
            .filter(|a| a.invoice().currency == currency)
            .filter(|a| {
                !matches!(
                    a.status(),
                    crate::account::Status::Judicial { .. }
                        | crate::account::Status::Settled { .. }
                        | crate::account::Status::WrittenOff { .. }
                )
            })
            .filter_map(|a| a.position().map(|r| r.step))
            .max();
        let Some(top) = mine.iter().map(|l| l.index).chain(level).max() else {
            continue;
        };
        let Some(top_step) = ladder.step(top) else {
            continue;
        };
        let judicial = top_step.stage == Stage::Judicial;
        let mut chosen: Vec<StepLine<'a>> = Vec::new();
        for line in &mine {
            let approved = !matches!(line.account.status(), crate::account::Status::Open);
            let (index, step) = if judicial && !had_formal(line.account) && !approved {
                // Formal notice first, at the last formal-notice step before the judicial
                // one (if the item is not past it already).
                match formal_before(top)
                    .filter(|f| line.account.position().is_none_or(|r| r.step < *f))
                    .and_then(|f| Some((f, ladder.step(f)?)))
                {
                    Some(found) => found,
                    None => (line.index, line.step),
                }
            } else {
                (top, top_step)
            };
            chosen.push(StepLine {
                step,
                index,
                ..*line
            });
        }
        let listed: Vec<&InvoiceId> = mine.iter().map(|l| &l.account.invoice().id).collect();
        for a in accounts.iter().filter(|a| a.invoice().currency == currency) {
            let id = &a.invoice().id;
            if listed.contains(&id) || asked.contains(&id) || a.invoice().issue_date > as_of {
                continue;
            }
            let overdue = a.oldest_unpaid_due_date().is_some_and(|d| d < as_of);
            let open = matches!(
                a.state(as_of),
                crate::DunningState::Overdue { .. }
                    | crate::DunningState::FormalNoticeServed { .. }
            );
            let below = a.position().is_none_or(|r| r.step < top);
            let warned = !judicial || had_formal(a);
            // The step's thresholds hold for each item it takes along.
            let reference = a.oldest_unpaid_due_date().unwrap_or(as_of);
            let worth = top_step.threshold_met(
                a.due_by(as_of.max(reference)).amount,
                a.invoiced().amount,
                currency,
            );
            if overdue && open && below && warned && worth && policy.escalation_blocked(a).is_none()
            {
                chosen.push(StepLine {
                    account: a,
                    step: top_step,
                    index: top,
                    due_on: as_of,
                    deadline: None,
                });
            }
        }
        // A notice has one step: lines held at their formal notice wait for their own
        // notice when the case's notice is a hand-over.
        if chosen.iter().any(|l| l.index == top) {
            chosen.retain(|l| l.index == top);
        }
        out.extend(chosen);
    }
    out
}

/// Reports the claim's limitation on `as_of` (see [`Limitation`](crate::Limitation)):
/// time-barred (returns `true`: the claim is no longer dunned), or near its last day.
/// Nothing for a claim no longer owed.
fn limitation_check(
    as_of: NaiveDate,
    customer: &Customer,
    policy: &Policy,
    account: &Account,
    out: &mut Plan,
) -> bool {
    if matches!(
        account.status(),
        crate::account::Status::Settled { .. } | crate::account::Status::WrittenOff { .. }
    ) {
        return false;
    }
    let Some(l) = crate::limitation::Limitation::of(account, customer) else {
        return false;
    };
    let Some(last) = l.last_day else {
        return false;
    };
    let id = &account.invoice().id;
    if l.is_time_barred(as_of) {
        out.problems.push(problem(
            customer,
            Some(id),
            ProblemKind::TimeBarred,
            format!(
                "time-barred since {} (last day {last}, {}): no further notice",
                last.succ_opt().unwrap_or(last),
                l.source
            ),
        ));
        return true;
    }
    if l.warning_from(policy.limitation_warning_days)
        .is_some_and(|w| as_of >= w)
    {
        out.problems.push(problem(
            customer,
            Some(id),
            ProblemKind::LimitationNear,
            format!(
                "time-barred after {last} ({}): bring a claim or obtain an acknowledgment before then",
                l.source
            ),
        ));
    }
    false
}

/// How many events of a kind the account recorded.
fn recorded(account: &Account, kind: impl Fn(&EventKind) -> bool) -> usize {
    account.history().iter().filter(|e| kind(&e.kind)).count()
}

fn notices(
    as_of: NaiveDate,
    customer: &Customer,
    ladder: &Ladder,
    policy: &Policy,
    steps: &mut [StepLine<'_>],
    out: &mut Plan,
) {
    // Channels of each line (fallbacks and opt-outs applied, see `crate::channels`).
    let mut line_channels: Vec<BTreeSet<Channel>> = Vec::with_capacity(steps.len());
    for line in steps.iter_mut() {
        let mut channels = BTreeSet::new();
        for &c in &line.step.channels {
            let choice = crate::channels::resolve_channel(&customer.contacts, c);
            if let Some(message) = choice.problem() {
                out.problems.push(problem(
                    customer,
                    Some(&line.account.invoice().id),
                    ProblemKind::Channel,
                    message,
                ));
            }
            channels.extend(choice.used());
        }
        // One deadline per invoice whatever the channel: the latest, so the step recorded
        // never ends before a deadline printed on one of its notices.
        let used: Vec<Channel> = channels.iter().copied().collect();
        line.deadline = policy.response_deadline(as_of, customer, ladder, line.index, &used);
        line_channels.push(channels);
    }
    let mut groups: BTreeMap<(Channel, Currency), Vec<&StepLine<'_>>> = BTreeMap::new();
    for (line, channels) in steps.iter().zip(line_channels) {
        let currency = line.account.invoice().currency;
        for c in channels {
            groups.entry((c, currency)).or_default().push(line);
        }
    }
    // What each invoice claims beyond its principal, once per invoice whatever the
    // number of channels.
    let mut claims: BTreeMap<&InvoiceId, LineClaim> = BTreeMap::new();
    for line in steps.iter() {
        let claim = line_claim(as_of, customer, ladder, policy, line, out);
        claims.insert(&line.account.invoice().id, claim);
    }
    for ((channel, currency), lines) in groups {
        match notice(as_of, customer, ladder, channel, currency, &lines, &claims) {
            Ok(n) => out.actions.push(Action::Notice(n)),
            Err(message) => {
                out.problems
                    .push(problem(customer, None, ProblemKind::Notice, message))
            }
        }
    }
}

fn notice(
    as_of: NaiveDate,
    customer: &Customer,
    ladder: &Ladder,
    channel: Channel,
    currency: Currency,
    lines: &[&StepLine<'_>],
    claims: &BTreeMap<&InvoiceId, LineClaim>,
) -> Result<Notice, String> {
    let mut out_lines = Vec::with_capacity(lines.len());
    let mut parts = Vec::with_capacity(lines.len());
    let none = LineClaim::default();
    for l in lines {
        let inv = l.account.invoice();
        let claim = claims.get(&inv.id).unwrap_or(&none);
        // The principal as it stands once the claim is recorded: a payment the law
        // imputes to interest accrued before it leaves that much principal open.
        let recorded;
        let acc = match (&claim.accessories, claim.reimputed.is_zero()) {
            (Some(a), false) => {
                let mut after = l.account.clone();
                let event = crate::event::Event::new(
                    &inv.id,
                    as_of,
                    EventKind::AccessoriesClaimed {
                        interest: a.interest,
                        compensation: a.compensation,
                        imputation: a.imputation,
                        waive_on_principal_paid: a.waive_on_principal_paid,
                        interest_paid: a.interest_paid,
                    },
                );
                after.apply(&event).map_err(|e| e.to_string())?;
                recorded = after;
                &recorded
            }
            _ => l.account,
        };
        let deadline = l.deadline;
        // What is claimed: everything due by today, or by the due date for a reminder
        // sent before it.
        let reference = acc.oldest_unpaid_due_date().unwrap_or(as_of);
        let due = currency.round(acc.due_by(as_of.max(reference)).amount, Rounding::HalfUp);
        let total_claimed = [
            claim.earlier_fees,
            claim.fee.unwrap_or_default(),
            claim.interest,
            claim.compensation,
        ]
        .into_iter()
        .try_fold(due, checked_add)
        .map_err(|e| e.to_string())?;
        // Counted over the whole history, restarts included: a step reached again after
        // an upheld dispute must not get the key of the notice already executed.
        let sequence = acc.escalation_sequence();
        parts.push(format!("{}:{}:{}:{}", inv.id, l.index, l.due_on, sequence));
        out_lines.push(NoticeLine {
            invoice: inv.id.clone(),
            number: inv.number.clone(),
            issue_date: inv.issue_date,
            due_date: acc.oldest_unpaid_due_date().unwrap_or(l.due_on),
            original: currency.round(acc.invoiced().amount, Rounding::HalfUp),
            outstanding: currency.round(acc.outstanding().amount, Rounding::HalfUp),
            amount_due: due,
            days_overdue: acc.days_overdue(as_of),
            step: l.index,
            step_name: l.step.name.clone(),
            stage: l.step.stage,
            step_due_on: l.due_on,
            fee: claim.fee,
            deadline,
            sequence,
            penalties: claim.penalties.clone(),
            earlier_fees: claim.earlier_fees,
            interest: claim.interest,
            compensation: claim.compensation,
            total_claimed,
            accessories: claim.accessories.clone(),
            limitation_date: crate::limitation::Limitation::of(acc, customer)
                .and_then(|l| l.last_day),
        });
    }
    let [amount_due, fees, interest, compensation, total] =
        line_totals(&out_lines).map_err(|e| e.to_string())?;
    let top = lines
        .iter()
        .map(|l| l.index)
        .max()
        .and_then(|i| ladder.step(i).map(|s| (i, s)))
        .ok_or_else(|| "empty notice".to_string())?;
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let key_kind = format!("notice-{}-{}", channel.as_str(), currency.code());
    Ok(Notice {
        key: IdempotencyKey::from_parts(&key_kind, customer.id.as_str(), &refs),
        customer: customer.id.clone(),
        channel,
        as_of,
        step: top.0,
        step_name: top.1.name.clone(),
        stage: top.1.stage,
        deadline: out_lines.iter().filter_map(|l| l.deadline).max(),
        lines: out_lines,
        total_claimable: Money::new(total, currency),
        amount_due: Money::new(amount_due, currency),
        fees: Money::new(fees, currency),
        interest: Money::new(interest, currency),
        fixed_compensation: Money::new(compensation, currency),
    })
}

/// What a notice line claims beyond the principal (see [`line_claim`]).
#[derive(Default)]
struct LineClaim {
    /// This step's fee, as the law allows it.
    fee: Option<Decimal>,
    /// Earlier steps' fees still unpaid.
    earlier_fees: Decimal,
    /// Interest claimed less what was paid or waived.
    interest: Decimal,
    /// Compensation claimed less what was paid or waived.
    compensation: Decimal,
    /// The breakdown, when the step claims penalties and they were computed.
    penalties: Option<InvoicePenalties>,
    /// What is recorded with the step.
    accessories: Option<AccessoriesClaim>,
    /// What earlier payments paid of the interest under the law's imputation beyond what
    /// the ledger imputed to it: moves from the principal to the interest when the claim
    /// is recorded (see [`EventKind::AccessoriesClaimed`]).
    reimputed: Decimal,
}

/// What a line claims on top of its principal, from the account's ledger: every unpaid
/// fee, this step's fee as far as the law allows it (French consumers: none; Belgian
/// consumers: none on the first reminder or in the 14 days after it, later within the
/// caps; see [`fee_limit`]), and, when the step claims penalties
/// ([`Ladder::claims_penalties`]), the interest accrued to date and the fixed
/// compensation, less what payments already paid of them. What it leaves out, it reports.
fn line_claim(
    as_of: NaiveDate,
    customer: &Customer,
    ladder: &Ladder,
    policy: &Policy,
    line: &StepLine<'_>,
    out: &mut Plan,
) -> LineClaim {
    let acc = line.account;
    let inv = acc.invoice();
    let currency = inv.currency;
    let ledger = acc.claim();
    let mut report = |kind, message| {
        out.problems
            .push(problem(customer, Some(&inv.id), kind, message))
    };
    let mut penalties = None;
    // The claim ledger's order: the customer's rule, or the principal first when the
    // policy waives the accessories once it is paid.
    let waive = policy.waive_accessories_on_principal_paid;
    let imputation = if waive {
        crate::imputation::Imputation::PrincipalFirst
    } else {
        customer.imputation()
    };
    if ladder.claims_penalties(line.index) {
        if let (Some(rates), Some(regime)) = (policy.rates.as_ref(), customer.regime()) {
            match invoice_penalties(acc, regime, imputation, as_of, rates) {
                Ok(p) => penalties = p,
                Err(e) => report(
                    ProblemKind::Penalties,
                    format!("late-payment penalties not computed: {e}"),
                ),
            }
        }
    }
    if let Some(p) = &penalties {
        // A creditor must not claim a figure it cannot stand behind: say when a rate
        // comes from an unverified table value or was carried forward.
        let doubtful: Vec<String> = p
            .breakdowns
            .iter()
            .flat_map(|b| &b.segments)
            .filter(|s| !s.rate_verified || s.rate_carried_forward)
            .map(|s| {
                let why = if s.rate_carried_forward {
                    "carried forward"
                } else {
                    "unverified"
                };
                format!("{} to {} at {}% ({why})", s.from, s.to, s.annual_rate)
            })
            .collect();
        if !doubtful.is_empty() {
            report(
                ProblemKind::DoubtfulRate,
                format!("check the interest before sending: {}", doubtful.join("; ")),
            );
        }
    }
    let interest_total = penalties.as_ref().map_or(ledger.interest.claimed, |p| {
        p.interest.max(ledger.interest.claimed)
    });
    let compensation_total = penalties.as_ref().map_or(ledger.compensation.claimed, |p| {
        p.fixed_compensation.max(ledger.compensation.claimed)
    });
    let open = |total: Decimal, item: &crate::account::ClaimItem| {
        total
            .saturating_sub(item.paid)
            .saturating_sub(item.waived)
            .max(Decimal::ZERO)
    };
    let asked = line
        .step
        .fee
        .map(|f| currency.round(f, Rounding::HalfUp))
        .filter(|f| !f.is_zero());
    let fee = asked.and_then(|asked| {
        let ctx = fee_context(as_of, acc, policy, &ledger, compensation_total);
        match fee_limit(customer.kind, customer.country, &ctx) {
            Ok(limit) => {
                let allowed = currency.round(lawful_fee(asked, &limit), Rounding::Down);
                if allowed < asked {
                    report(
                        ProblemKind::FeeNotLawful,
                        format!(
                            "fee {asked} of step \"{}\" {}: {}",
                            line.step.name,
                            if allowed.is_zero() {
                                "left out".to_string()
                            } else {
                                format!("reduced to {allowed}")
                            },
                            limit.rule.unwrap_or("the law limits it")
                        ),
                    );
                }
                Some(allowed).filter(|f| !f.is_zero())
            }
            Err(e) => {
                report(ProblemKind::FeeNotLawful, format!("fee left out: {e}"));
                None
            }
        }
    });
    // What the payments paid of the interest under the law's imputation, as the ledger
    // will re-impute it (`Ledger::claim`, the same bounds).
    let interest_paid = penalties
        .as_ref()
        .filter(|_| !waive)
        .map_or(ledger.interest.paid, |p| {
            p.breakdowns
                .iter()
                .fold(Decimal::ZERO, |sum, b| sum.saturating_add(b.interest_paid))
                .max(ledger.interest.paid)
        });
    let reimputed = interest_paid
        .saturating_sub(ledger.interest.paid)
        .min(open(interest_total, &ledger.interest))
        .min(ledger.principal.paid)
        .max(Decimal::ZERO);
    let earlier_fees = ledger.fees.open;
    let any = fee.is_some()
        || !earlier_fees.is_zero()
        || !interest_total.is_zero()
        || !compensation_total.is_zero();
    LineClaim {
        fee,
        earlier_fees,
        interest: open(interest_total, &ledger.interest).saturating_sub(reimputed),
        compensation: open(compensation_total, &ledger.compensation),
        penalties,
        accessories: any.then(|| AccessoriesClaim {
            interest: interest_total,
            compensation: compensation_total,
            imputation: customer.imputation(),
            waive_on_principal_paid: waive,
            interest_paid,
        }),
        reimputed,
    }
}

/// Where a reminder stands for the fee rules: the first one after the due date, inside
/// the 14 cost-free days after it (counted from a letter, the later case), and what was
/// already claimed against the Belgian cap on damages.
fn fee_context(
    as_of: NaiveDate,
    acc: &Account,
    policy: &Policy,
    ledger: &crate::account::InvoiceClaim,
    compensation: Decimal,
) -> FeeContext {
    let due = acc.invoice().first_due_date();
    let first = acc
        .reached()
        .iter()
        .find(|r| due.is_some_and(|d| r.issued_on > d));
    let calendar = policy.calendar_for(crate::jurisdiction::Country::BE);
    let window = first.and_then(|r| {
        cost_free_window(r.issued_on, ReminderChannel::Letter, |d| {
            calendar.is_business_day(d)
        })
        .and_then(|w| w.charges_from())
        .ok()
    });
    FeeContext {
        first_reminder: first.is_none(),
        cost_free_window: window.is_some_and(|from| as_of < from),
        balance: acc.outstanding().amount,
        already_claimed: ledger
            .fees
            .claimed
            .saturating_sub(ledger.fees.waived)
            .saturating_add(compensation),
        postage: Decimal::ZERO,
    }
}
