//! How events move an account from state to state: timers, checks and transitions.
//! [`Account::apply`] is the only way in; a rejected event changes nothing.
//!
//! An event is validated and played on a [`Draft`]: a copy of the account's small derived
//! state (status, dates, running totals), with the events and the step it would record
//! kept aside. Only when every check passed are they committed: the state replaced, the
//! events pushed on the history. The history is never copied, so recording an event
//! costs the same whatever the length of the history.

use super::view::View;
use super::{Account, EventError, Hold, HoldKind, Reached, State, Status, add_days};
use super::{DEFAULT_DISPUTE_REVIEW_DAYS, DELIVERY_FAILURE_HOLD_DAYS, MAX_EVENTS};
use crate::e_invoice::EInvoiceStatus;
use crate::event::{Event, EventKind};
use crate::invoice::{Instalment, Invoice};
use crate::ladder::Stage;
use crate::money::{Money, MoneyError, checked_add, checked_sub};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;

impl<'a> View<'a> {
    /// The state on `as_of` once due timers have played (borrowed when no timer is due,
    /// which is the common case). Only the state is copied, never the history.
    pub(super) fn at(self, as_of: NaiveDate) -> Cow<'a, State> {
        match self.pending_timer() {
            Some((d, _)) if d <= as_of => {
                let mut draft = Draft::new(self.acc, self.st.clone());
                // Timers only fail on a date overflow or a full history; then the account
                // stays as it was.
                match draft.advance_to(as_of) {
                    Ok(()) => Cow::Owned(draft.into_state()),
                    Err(_) => Cow::Borrowed(self.st),
                }
            }
            _ => Cow::Borrowed(self.st),
        }
    }
}

/// An account's next state, being built from one event (and the timers it plays) against
/// the account as it is. Dropped on error: the account never saw it.
pub(super) struct Draft<'a> {
    acc: &'a Account,
    state: State,
    /// Events to append to the history: timers played, then the event.
    events: Vec<Event>,
    /// The step the event reached, to append to the account's steps.
    new_step: Option<Reached>,
}

impl<'a> Draft<'a> {
    pub(super) fn new(acc: &'a Account, state: State) -> Draft<'a> {
        Draft {
            acc,
            state,
            events: Vec::new(),
            new_step: None,
        }
    }

    pub(super) fn into_state(self) -> State {
        self.state
    }

    /// The account in the draft's state. Steps reached by the draft's own event are not
    /// in it: a step is the last thing an event does, nothing reads it afterwards.
    fn view(&self) -> View<'_> {
        View {
            acc: self.acc,
            st: &self.state,
        }
    }

    fn money_error(&self, source: MoneyError) -> EventError {
        EventError::Money {
            invoice: self.acc.invoice.id.clone(),
            source,
        }
    }

    /// Plays every timer due on or before `date`, recording each on its own due date.
    pub(super) fn advance_to(&mut self, date: NaiveDate) -> Result<(), EventError> {
        // A hold timer leads to Open, which has no timer: two rounds are plenty.
        for _ in 0..4 {
            match self.view().pending_timer() {
                Some((due, kind)) if due <= date => {
                    let event = Event::new(&self.acc.invoice.id, due, kind);
                    self.handle(&event)?;
                    self.record(event)?;
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// Appends an accepted event: moves the clock and the running totals.
    fn record(&mut self, event: Event) -> Result<(), EventError> {
        let position = self.acc.history.len().saturating_add(self.events.len());
        if position >= MAX_EVENTS {
            return Err(EventError::HistoryFull {
                invoice: self.acc.invoice.id.clone(),
                max: MAX_EVENTS,
            });
        }
        let acc = self.acc;
        let overflow = |source| EventError::Money {
            invoice: acc.invoice.id.clone(),
            source,
        };
        let st = &mut self.state;
        let cashed = st.cash.observe(&event.kind);
        let reduction = match &event.kind {
            EventKind::EInvoiceStatus { .. } => match cashed {
                Some(new) if new > Decimal::ZERO => {
                    st.paid = checked_add(st.paid, new).map_err(overflow)?;
                    Some(new)
                }
                _ => None,
            },
            EventKind::LegalProceedingsStarted { .. } => {
                st.handed_over = Some(position);
                None
            }
            EventKind::Payment { amount } => {
                st.paid = checked_add(st.paid, *amount).map_err(overflow)?;
                Some(*amount)
            }
            EventKind::CreditNote { amount } => {
                st.credited = checked_add(st.credited, *amount).map_err(overflow)?;
                Some(*amount)
            }
            EventKind::PaymentReversal { amount } => {
                st.paid = checked_sub(st.paid, *amount).map_err(overflow)?;
                st.reversed = checked_add(st.reversed, *amount).map_err(overflow)?;
                Some(-*amount)
            }
            EventKind::StepReached { fee, stage, .. } => {
                if let Some(fee) = fee {
                    st.ledger.add_fee(*fee).map_err(overflow)?;
                }
                if *stage == Stage::Judicial {
                    st.handed_over = Some(position);
                }
                None
            }
            EventKind::HandedOver { .. } => {
                st.handed_over = Some(position);
                None
            }
            _ => None,
        };
        if let Some(amount) = reduction {
            st.latest_reduction = Some(st.latest_reduction.map_or(event.on, |l| l.max(event.on)));
            if let Status::OnHold {
                hold:
                    Hold {
                        kind: HoldKind::PaymentPlan { schedule, .. },
                        ..
                    },
            } = &st.status
            {
                // It counts toward every instalment due on or after its date.
                for (i, paid) in schedule.iter().zip(st.plan_paid.iter_mut()) {
                    if i.due_date >= event.on {
                        *paid = checked_add(*paid, amount).map_err(overflow)?;
                    }
                }
            }
        }
        if !matches!(
            &st.status,
            Status::OnHold { hold } if matches!(hold.kind, HoldKind::PaymentPlan { .. })
        ) {
            st.plan_paid.clear();
        }
        st.clock = st.clock.max(event.on);
        self.events.push(event);
        Ok(())
    }
}

impl Account {
    /// Records an event: plays the timers due by its date, checks it against the current
    /// state and moves to the next state. On error nothing changes.
    ///
    /// The cost does not depend on the length of the history (only the account's small
    /// derived state is copied while the event is checked), so replaying a history is
    /// linear in its length. One exception, reading the history once: a payment plan
    /// agreed with a date before payments or credits already recorded.
    ///
    /// # Errors
    /// An [`EventError`] naming the invoice and the offending value.
    ///
    /// # Example
    /// ```
    /// # use relance::*;
    /// # use rust_decimal_macros::dec;
    /// # let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// # let mut acc = Account::open(Invoice::single("INV-1", "F-1", "C-1", Currency::EUR,
    /// #     d("2025-01-01"), dec!(100.00), d("2025-01-31"))).unwrap();
    /// let pay = |on| Event::new(&"INV-1".into(), d(on),
    ///     EventKind::Payment { amount: dec!(100.00) });
    /// acc.apply(&pay("2025-02-10")).unwrap();
    /// assert_eq!(acc.state(d("2025-02-10")), DunningState::Settled { on: d("2025-02-10") });
    /// // Paying twice is not refused: the second payment is the customer's credit.
    /// acc.apply(&pay("2025-02-11")).unwrap();
    /// assert_eq!(acc.credit_balance().to_string(), "100.00 EUR");
    /// // A reversal of more than was paid is, and the account is unchanged.
    /// let bounce = Event::new(&"INV-1".into(), d("2025-02-12"),
    ///     EventKind::PaymentReversal { amount: dec!(200.01) });
    /// let err = acc.apply(&bounce).unwrap_err();
    /// assert!(matches!(err, EventError::Exceeds { what: "amount paid", .. }));
    /// assert_eq!(acc.history().len(), 2);
    /// ```
    pub fn apply(&mut self, event: &Event) -> Result<(), EventError> {
        self.apply_event(Cow::Borrowed(event))
    }

    /// [`Account::apply`], keeping the event without a copy when it is owned (an account
    /// read back from storage).
    pub(super) fn apply_event(&mut self, event: Cow<'_, Event>) -> Result<(), EventError> {
        if event.invoice != self.invoice.id {
            return Err(EventError::WrongInvoice {
                expected: self.invoice.id.clone(),
                found: event.invoice.clone(),
            });
        }
        if event.on < self.invoice.issue_date {
            return Err(EventError::BeforeIssue {
                invoice: self.invoice.id.clone(),
                event: event.kind.name(),
                on: event.on,
                issue_date: self.invoice.issue_date,
            });
        }
        let mut next = Draft::new(self, self.state.clone());
        // The timer transition itself, due on this very day (replayed from a stored
        // history, or reported by the host the day the promise, hold or plan lapsed), is
        // not played twice: it is the event.
        let is_the_timer = next
            .view()
            .pending_timer()
            .is_some_and(|(due, kind)| due == event.on && kind == event.kind);
        if !is_the_timer {
            next.advance_to(event.on)?;
        }
        next.handle(&event)?;
        next.record(event.into_owned())?;
        // Commit: nothing below can fail.
        let Draft {
            state,
            events,
            new_step,
            ..
        } = next;
        self.state = state;
        self.history.extend(events);
        self.steps.extend(new_step);
        Ok(())
    }
}

impl Draft<'_> {
    pub(super) fn state_name(&self) -> &'static str {
        match &self.state.status {
            Status::Open => "open",
            Status::AwaitingApproval { granted: false, .. } => "awaiting approval",
            Status::AwaitingApproval { granted: true, .. } => "approved",
            Status::OnHold { hold } => match hold.kind {
                HoldKind::Dispute { .. } => "disputed",
                HoldKind::PromiseToPay { .. } => "on a promise to pay",
                HoldKind::PaymentPlan { .. } => "on a payment plan",
                HoldKind::Manual { .. } => "on a manual hold",
                HoldKind::EInvoice { .. } => "on an e-invoicing hold",
            },
            Status::Judicial { .. } => "judicial",
            Status::Settled { .. } => "settled",
            Status::WrittenOff { .. } => "written off",
        }
    }

    pub(super) fn not_allowed(&self, event: &Event) -> EventError {
        EventError::NotAllowed {
            invoice: self.acc.invoice.id.clone(),
            event: event.kind.name(),
            state: self.state_name(),
        }
    }

    pub(super) fn check_amount(&self, event: &Event, amount: Decimal) -> Result<(), EventError> {
        let bad = |problem| EventError::BadAmount {
            invoice: self.acc.invoice.id.clone(),
            event: event.kind.name(),
            amount,
            problem,
        };
        if amount <= Decimal::ZERO {
            return Err(bad("must be positive"));
        }
        self.check_max(event, amount)?;
        if Money::new(amount, self.acc.invoice.currency)
            .exact()
            .is_err()
        {
            return Err(bad("has more decimals than the currency allows"));
        }
        Ok(())
    }

    /// `amount` may not exceed [`Money::MAX_AMOUNT`].
    fn check_max(&self, event: &Event, amount: Decimal) -> Result<(), EventError> {
        if amount > Money::MAX_AMOUNT {
            return Err(EventError::TooLarge {
                invoice: self.acc.invoice.id.clone(),
                event: event.kind.name(),
                amount,
                max: Money::MAX_AMOUNT,
            });
        }
        Ok(())
    }

    /// `amount` may not exceed `limit` (what it reduces or reverses).
    pub(super) fn check_at_most(
        &self,
        event: &Event,
        amount: Decimal,
        what: &'static str,
        limit: Decimal,
    ) -> Result<(), EventError> {
        if amount > limit {
            return Err(EventError::Exceeds {
                invoice: self.acc.invoice.id.clone(),
                event: event.kind.name(),
                amount,
                what,
                limit,
            });
        }
        Ok(())
    }

    pub(super) fn check_text(
        &self,
        event: &Event,
        field: &'static str,
        text: &str,
    ) -> Result<(), EventError> {
        if text.trim().is_empty() {
            return Err(EventError::Missing {
                invoice: self.acc.invoice.id.clone(),
                event: event.kind.name(),
                field,
            });
        }
        Ok(())
    }

    pub(super) fn check_not_before(
        &self,
        event: &Event,
        field: &'static str,
        date: NaiveDate,
    ) -> Result<(), EventError> {
        if date < event.on {
            return Err(EventError::DateBefore {
                invoice: self.acc.invoice.id.clone(),
                event: event.kind.name(),
                field,
                date,
                on: event.on,
            });
        }
        Ok(())
    }

    pub(super) fn is_closed(&self) -> bool {
        matches!(
            self.state.status,
            Status::Settled { .. } | Status::WrittenOff { .. } | Status::Judicial { .. }
        )
    }

    /// When and to whom the claim was handed over, if it ever was (a judicial state is
    /// only ever left by settling or writing off).
    fn handed_over(&self) -> Option<(NaiveDate, String)> {
        let e = self.acc.history.get(self.state.handed_over?)?;
        match &e.kind {
            EventKind::HandedOver { to } => Some((e.on, to.clone())),
            EventKind::StepReached { name, .. } => Some((e.on, name.clone())),
            EventKind::LegalProceedingsStarted { description } => Some((e.on, description.clone())),
            _ => None,
        }
    }

    /// Leaves a hold: dunning resumes where it was, not before `on`.
    pub(super) fn resume(&mut self, on: NaiveDate) {
        self.state.status = Status::Open;
        self.state.resume_from = Some(on);
    }

    /// After a reduction: settle when nothing is owed, principal and accessories.
    pub(super) fn settle_if_paid(&mut self, on: NaiveDate) {
        if self.view().total_open().is_zero()
            && !matches!(
                self.state.status,
                Status::WrittenOff { .. } | Status::Settled { .. }
            )
        {
            self.state.status = Status::Settled { on };
        }
    }

    /// After a reversal: a settled invoice that is owed something again reopens where it
    /// stood: still handed over if it was, else at the step it had reached.
    fn reopen_if_owed(&mut self, on: NaiveDate) {
        if matches!(self.state.status, Status::Settled { .. })
            && !self.view().total_open().is_zero()
        {
            match self.handed_over() {
                Some((since, to)) => self.state.status = Status::Judicial { since, to },
                None => self.resume(on),
            }
        }
    }

    pub(super) fn handle(&mut self, event: &Event) -> Result<(), EventError> {
        let id = self.acc.invoice.id.clone();
        let on = event.on;
        match &event.kind {
            EventKind::Payment { amount } | EventKind::CreditNote { amount } => {
                // Never refused for a positive amount: imputed to what is open, the rest
                // to the credit balance (see `InvoiceClaim`).
                self.check_amount(event, *amount)?;
                let invoiced = self.acc.invoiced;
                let ledger = &mut self.state.ledger;
                let imputed = if matches!(event.kind, EventKind::Payment { .. }) {
                    ledger.pay(invoiced, *amount)
                } else {
                    ledger.credit(invoiced, *amount)
                };
                imputed.map_err(|e| self.money_error(e))?;
                // Paying the whole claim settles the invoice and cancels what was pending.
                self.settle_if_paid(on);
            }
            EventKind::PaymentReversal { amount } => {
                self.check_amount(event, *amount)?;
                self.check_at_most(event, *amount, "amount paid", self.state.paid)?;
                let reversible = self.state.ledger.reversible();
                self.check_at_most(event, *amount, "amount paid and not used", reversible)?;
                self.state
                    .ledger
                    .reverse(*amount)
                    .map_err(|e| self.money_error(e))?;
                self.reopen_if_owed(on);
            }
            EventKind::AccessoriesClaimed {
                interest,
                compensation,
                imputation,
                waive_on_principal_paid,
                interest_paid,
            } => {
                for (field, value) in [
                    ("interest", *interest),
                    ("compensation", *compensation),
                    ("interest paid", *interest_paid),
                ] {
                    if value < Decimal::ZERO {
                        return Err(EventError::BadAmount {
                            invoice: id,
                            event: event.kind.name(),
                            amount: value,
                            problem: match field {
                                "interest" => "interest must not be negative",
                                "compensation" => "compensation must not be negative",
                                _ => "interest paid must not be negative",
                            },
                        });
                    }
                    self.check_max(event, value)?;
                }
                if self.is_closed() && !matches!(self.state.status, Status::Judicial { .. }) {
                    return Err(self.not_allowed(event));
                }
                let invoiced = self.acc.invoiced;
                self.state
                    .ledger
                    .claim(
                        invoiced,
                        *interest,
                        *compensation,
                        *imputation,
                        *waive_on_principal_paid,
                        *interest_paid,
                    )
                    .map_err(|e| self.money_error(e))?;
                self.settle_if_paid(on);
            }
            EventKind::AccessoriesWaived => {
                if self.state.ledger.accessories_open().is_zero() {
                    return Err(self.not_allowed(event));
                }
                self.state
                    .ledger
                    .waive_accessories()
                    .map_err(|e| self.money_error(e))?;
                self.settle_if_paid(on);
            }
            EventKind::CreditBalanceUsed { amount } => {
                self.check_amount(event, *amount)?;
                let balance = self.state.ledger.credit_balance();
                self.check_at_most(event, *amount, "credit balance", balance)?;
                self.state
                    .ledger
                    .use_credit(*amount)
                    .map_err(|e| self.money_error(e))?;
            }
            EventKind::DisputeOpened { reason, review_on } => {
                self.check_text(event, "reason", reason)?;
                let review_on = match review_on {
                    Some(d) => {
                        self.check_not_before(event, "review_on", *d)?;
                        *d
                    }
                    None => add_days(on, DEFAULT_DISPUTE_REVIEW_DAYS, &id)?,
                };
                match &self.state.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold } if !matches!(hold.kind, HoldKind::Dispute { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.state.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::Dispute {
                            review_on,
                            review_requested: false,
                        },
                        since: on,
                        reason: reason.clone(),
                    },
                };
            }
            EventKind::DisputeReviewRequested => match &mut self.state.status {
                Status::OnHold {
                    hold:
                        Hold {
                            kind:
                                HoldKind::Dispute {
                                    review_requested, ..
                                },
                            ..
                        },
                } if !*review_requested => *review_requested = true,
                _ => return Err(self.not_allowed(event)),
            },
            EventKind::DisputeResolved { upheld } => {
                if !matches!(
                    &self.state.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::Dispute { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
                if *upheld {
                    // The customer was right: earlier reminders do not count; the ladder
                    // starts again, its offsets counted from the resolution.
                    self.state.reached_from = self
                        .acc
                        .steps
                        .len()
                        .saturating_add(usize::from(self.new_step.is_some()));
                    self.state
                        .ledger
                        .waive_fees()
                        .map_err(|e| self.money_error(e))?;
                    self.state.restart_from = Some(on);
                }
                self.settle_if_paid(on);
            }
            EventKind::PromiseToPay { until } => {
                self.check_not_before(event, "until", *until)?;
                match &self.state.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold }
                        if matches!(hold.kind, HoldKind::PromiseToPay { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.state.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::PromiseToPay { until: *until },
                        since: on,
                        reason: format!("promise to pay by {until}"),
                    },
                };
            }
            EventKind::PromiseKept | EventKind::PromiseBroken => {
                if !matches!(
                    &self.state.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::PromiseToPay { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
            }
            EventKind::PaymentPlanAgreed { schedule } => {
                match &self.state.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold }
                        if matches!(hold.kind, HoldKind::PromiseToPay { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.check_schedule(event, schedule)?;
                self.state.plan_paid = self.plan_start(schedule)?;
                self.state.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::PaymentPlan {
                            schedule: schedule.clone(),
                            reduced_before: self.view().received(),
                        },
                        since: on,
                        reason: format!("payment plan of {} instalments", schedule.len()),
                    },
                };
            }
            EventKind::PlanInstalmentMissed => {
                if !matches!(
                    &self.state.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::PaymentPlan { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
            }
            EventKind::HoldPlaced { until, reason } => {
                self.check_text(event, "reason", reason)?;
                self.check_not_before(event, "until", *until)?;
                match &self.state.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::Manual { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.state.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::Manual { until: *until },
                        since: on,
                        reason: reason.clone(),
                    },
                };
            }
            EventKind::HoldReleased => {
                if !matches!(
                    &self.state.status,
                    Status::OnHold { hold }
                        if matches!(hold.kind, HoldKind::Manual { .. } | HoldKind::EInvoice { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
            }
            EventKind::StepReached {
                step,
                name,
                stage,
                due_on,
                fee,
                deadline,
            } => {
                let expected = self.view().next_step_index();
                match &self.state.status {
                    Status::Open => {}
                    // Approved for this step, or for an earlier one the customer's case
                    // has since gone past.
                    Status::AwaitingApproval {
                        step: s,
                        granted: true,
                        ..
                    } if s <= step => {}
                    _ => return Err(self.not_allowed(event)),
                }
                // A step is never repeated nor gone back to; it may be ahead of the next one:
                // an invoice joining its customer's case takes the case's step.
                if *step < expected {
                    return Err(EventError::WrongStep {
                        invoice: id,
                        event: event.kind.name(),
                        expected,
                        found: *step,
                    });
                }
                if let Some(f) = fee {
                    if *f < Decimal::ZERO {
                        return Err(EventError::BadAmount {
                            invoice: id,
                            event: event.kind.name(),
                            amount: *f,
                            problem: "must not be negative",
                        });
                    }
                    self.check_max(event, *f)?;
                }
                self.new_step = Some(Reached {
                    step: *step,
                    name: name.clone(),
                    stage: *stage,
                    due_on: *due_on,
                    issued_on: on,
                    fee: *fee,
                    deadline: *deadline,
                });
                self.state.resume_from = None;
                self.state.status = if *stage == Stage::Judicial {
                    Status::Judicial {
                        since: on,
                        to: name.clone(),
                    }
                } else {
                    Status::Open
                };
            }
            EventKind::ApprovalRequested { step, due_on } => {
                if self.state.status != Status::Open {
                    return Err(self.not_allowed(event));
                }
                let expected = self.view().next_step_index();
                // A step is never repeated nor gone back to; it may be ahead of the next one:
                // an invoice joining its customer's case takes the case's step.
                if *step < expected {
                    return Err(EventError::WrongStep {
                        invoice: id,
                        event: event.kind.name(),
                        expected,
                        found: *step,
                    });
                }
                self.state.status = Status::AwaitingApproval {
                    step: *step,
                    due_on: *due_on,
                    granted: false,
                };
            }
            EventKind::ApprovalGranted { step } | EventKind::ApprovalRefused { step, .. } => {
                let Status::AwaitingApproval {
                    step: waiting,
                    due_on,
                    granted: false,
                } = self.state.status
                else {
                    return Err(self.not_allowed(event));
                };
                if *step != waiting {
                    return Err(EventError::WrongStep {
                        invoice: id,
                        event: event.kind.name(),
                        expected: waiting,
                        found: *step,
                    });
                }
                if let EventKind::ApprovalRefused {
                    reason, retry_on, ..
                } = &event.kind
                {
                    self.check_text(event, "reason", reason)?;
                    self.check_not_before(event, "retry_on", *retry_on)?;
                    self.resume(*retry_on);
                } else {
                    self.state.status = Status::AwaitingApproval {
                        step: waiting,
                        due_on,
                        granted: true,
                    };
                }
            }
            EventKind::NoticeDelivered { key, receipt, .. } => {
                self.check_text(event, "key", key)?;
                self.check_text(event, "receipt", receipt)?;
            }
            EventKind::NoticeCancelled { key } => self.check_text(event, "key", key)?,
            EventKind::DeliveryFailed {
                key,
                reason,
                permanent,
                channel,
            } => {
                self.check_text(event, "key", key)?;
                self.check_text(event, "reason", reason)?;
                if *permanent && matches!(self.state.status, Status::Open) {
                    // The customer did not get the notice: a person must fix the contact
                    // before the ladder goes on.
                    self.state.status = Status::OnHold {
                        hold: Hold {
                            kind: HoldKind::Manual {
                                until: add_days(on, DELIVERY_FAILURE_HOLD_DAYS, &id)?,
                            },
                            since: on,
                            reason: format!("delivery by {} failed: {reason}", channel.as_str()),
                        },
                    };
                }
            }
            EventKind::HandedOver { to } => {
                self.check_text(event, "to", to)?;
                if self.is_closed() || matches!(self.state.status, Status::OnHold { .. }) {
                    return Err(self.not_allowed(event));
                }
                self.state.status = Status::Judicial {
                    since: on,
                    to: to.clone(),
                };
            }
            EventKind::DebtAcknowledged => {}
            EventKind::LegalProceedingsStarted { description } => {
                self.check_text(event, "description", description)?;
                if matches!(
                    self.state.status,
                    Status::Settled { .. } | Status::WrittenOff { .. }
                ) || self.state.proceedings_since.is_some()
                {
                    return Err(self.not_allowed(event));
                }
                self.state.proceedings_since = Some(on);
                if !matches!(self.state.status, Status::Judicial { .. }) {
                    self.state.status = Status::Judicial {
                        since: on,
                        to: description.clone(),
                    };
                }
            }
            EventKind::LegalProceedingsEnded => {
                if self.state.proceedings_since.take().is_none() {
                    return Err(self.not_allowed(event));
                }
            }
            EventKind::ReplyFormReceived {
                time_to_pay,
                disputes,
                seeking_advice,
                documents_requested,
                ..
            } => {
                if matches!(
                    self.state.status,
                    Status::Settled { .. } | Status::WrittenOff { .. }
                ) {
                    return Err(self.not_allowed(event));
                }
                if *seeking_advice || *time_to_pay {
                    let wait = crate::legal_periods::DebtClaimsProtocol::wait_after_reply(on)
                        .ok_or_else(|| {
                            self.money_error(MoneyError::Overflow { operation: "date" })
                        })?;
                    self.state.protocol_wait =
                        Some(self.state.protocol_wait.map_or(wait, |w| w.max(wait)));
                }
                if *documents_requested {
                    self.state.documents_pending = true;
                }
                if *disputes {
                    self.open_dispute(
                        on,
                        "disputed on the Reply Form (Pre-Action Protocol for Debt Claims)",
                    )?;
                }
            }
            EventKind::DocumentsProvided => {
                if !self.state.documents_pending {
                    return Err(self.not_allowed(event));
                }
                self.state.documents_pending = false;
                let wait = crate::legal_periods::DebtClaimsProtocol::wait_after_documents(on)
                    .ok_or_else(|| self.money_error(MoneyError::Overflow { operation: "date" }))?;
                self.state.protocol_wait =
                    Some(self.state.protocol_wait.map_or(wait, |w| w.max(wait)));
            }
            EventKind::EInvoiceStatus {
                status,
                amount,
                reason,
            } => self.e_invoice_status(event, *status, *amount, reason.as_deref())?,
            EventKind::WrittenOff { reason } => {
                self.check_text(event, "reason", reason)?;
                if matches!(
                    self.state.status,
                    Status::Settled { .. } | Status::WrittenOff { .. }
                ) {
                    return Err(self.not_allowed(event));
                }
                self.state.status = Status::WrittenOff {
                    on,
                    reason: reason.clone(),
                };
            }
        }
        Ok(())
    }

    /// Opens a dispute from a status or a reply form, where a dispute may open; recorded
    /// without effect on a closed account or one already disputed.
    fn open_dispute(&mut self, on: NaiveDate, reason: &str) -> Result<(), EventError> {
        let id = self.acc.invoice.id.clone();
        match &self.state.status {
            Status::Open | Status::AwaitingApproval { .. } => {}
            Status::OnHold { hold } if !matches!(hold.kind, HoldKind::Dispute { .. }) => {}
            _ => return Ok(()),
        }
        self.state.status = Status::OnHold {
            hold: Hold {
                kind: HoldKind::Dispute {
                    review_on: add_days(on, DEFAULT_DISPUTE_REVIEW_DAYS, &id)?,
                    review_requested: false,
                },
                since: on,
                reason: reason.to_string(),
            },
        };
        Ok(())
    }

    /// What a French e-invoicing status does (see [`crate::e_invoice`]).
    fn e_invoice_status(
        &mut self,
        event: &Event,
        status: EInvoiceStatus,
        amount: Option<Decimal>,
        reason: Option<&str>,
    ) -> Result<(), EventError> {
        let on = event.on;
        let id = self.acc.invoice.id.clone();
        let why = |label: &str| match reason {
            Some(r) if !r.trim().is_empty() => format!("e-invoice {} {label}: {r}", status.code()),
            _ => format!("e-invoice {} {label}", status.code()),
        };
        match (status, amount) {
            (EInvoiceStatus::Cashed, None) => {
                return Err(EventError::Missing {
                    invoice: id,
                    event: event.kind.name(),
                    field: "amount",
                });
            }
            (EInvoiceStatus::Cashed, Some(a)) => {
                self.check_amount(event, a)?;
                let mut cash = self.state.cash;
                let new = cash.observe(&event.kind).unwrap_or_default();
                if new > Decimal::ZERO {
                    let invoiced = self.acc.invoiced;
                    self.state
                        .ledger
                        .pay(invoiced, new)
                        .map_err(|e| self.money_error(e))?;
                    self.settle_if_paid(on);
                }
                return Ok(());
            }
            (_, Some(a)) => {
                return Err(EventError::BadAmount {
                    invoice: id,
                    event: event.kind.name(),
                    amount: a,
                    problem: "only a cashed (212) status carries an amount",
                });
            }
            (_, None) => {}
        }
        if status == EInvoiceStatus::InDispute {
            return self.open_dispute(on, &why(status.label()));
        }
        let held = match &self.state.status {
            Status::OnHold {
                hold:
                    Hold {
                        kind: HoldKind::EInvoice { status: held, .. },
                        ..
                    },
            } => Some(*held),
            _ => None,
        };
        if held.is_some_and(|h| status.lifts(h)) {
            self.resume(on);
            return Ok(());
        }
        if !status.holds() {
            return Ok(());
        }
        match &self.state.status {
            Status::Open | Status::AwaitingApproval { .. } => {}
            Status::OnHold { hold } if !matches!(hold.kind, HoldKind::Dispute { .. }) => {}
            // A closed or disputed account only records it.
            _ => return Ok(()),
        }
        let until = if status == EInvoiceStatus::PaymentTransmitted {
            Some(add_days(
                on,
                crate::e_invoice::PAYMENT_TRANSMITTED_HOLD_DAYS,
                &id,
            )?)
        } else {
            None
        };
        self.state.status = Status::OnHold {
            hold: Hold {
                kind: HoldKind::EInvoice { status, until },
                since: on,
                reason: why(status.label()),
            },
        };
        Ok(())
    }

    pub(super) fn check_schedule(
        &self,
        event: &Event,
        schedule: &[Instalment],
    ) -> Result<(), EventError> {
        let bad = |problem: String| EventError::BadSchedule {
            invoice: self.acc.invoice.id.clone(),
            problem,
        };
        if schedule.is_empty() || schedule.len() > Invoice::MAX_INSTALMENTS {
            return Err(bad(format!(
                "must have 1 to {} instalments, has {}",
                Invoice::MAX_INSTALMENTS,
                schedule.len()
            )));
        }
        let mut total = Decimal::ZERO;
        let mut previous = event.on;
        for (i, inst) in schedule.iter().enumerate() {
            self.check_amount(event, inst.amount)?;
            if inst.due_date < previous || (i > 0 && inst.due_date == previous) {
                return Err(bad(format!(
                    "instalment {i} due {} is not after {previous}",
                    inst.due_date
                )));
            }
            previous = inst.due_date;
            total = checked_add(total, inst.amount).map_err(|source| EventError::Money {
                invoice: self.acc.invoice.id.clone(),
                source,
            })?;
        }
        let outstanding = self.view().outstanding();
        if total != outstanding {
            return Err(bad(format!(
                "instalments add up to {total}, the outstanding is {outstanding}"
            )));
        }
        Ok(())
    }

    /// What counts toward each instalment of a plan agreed now, before anything is paid
    /// under it: by an instalment's due date, the plan has received everything reduced
    /// up to that date, less everything reduced before the plan. That is nothing, unless
    /// the history already holds payments or credits dated after the instalment's due
    /// date (recorded before a plan dated earlier); those count against it.
    fn plan_start(&self, schedule: &[Instalment]) -> Result<Vec<Decimal>, EventError> {
        let mut paid = vec![Decimal::ZERO; schedule.len()];
        let Some(first_due) = schedule.first().map(|i| i.due_date) else {
            return Ok(paid);
        };
        if self.state.latest_reduction.is_none_or(|l| l <= first_due) {
            return Ok(paid);
        }
        // Rare: scan the history once. `later[k]`: reductions dated after the due dates
        // of the first `k` instalments, not after the next one.
        let mut later = vec![Decimal::ZERO; schedule.len().saturating_add(1)];
        for e in &self.acc.history {
            let amount = match e.kind {
                EventKind::Payment { amount } | EventKind::CreditNote { amount } => amount,
                EventKind::PaymentReversal { amount } => -amount,
                _ => continue,
            };
            let k = schedule.partition_point(|i| i.due_date < e.on);
            if let Some(slot) = later.get_mut(k) {
                *slot = checked_add(*slot, amount).map_err(|e| self.money_error(e))?;
            }
        }
        // Instalment i misses what is dated after its due date: every `later[k]`, k > i.
        let mut after = Decimal::ZERO;
        for (p, l) in paid.iter_mut().zip(later.iter().skip(1)).rev() {
            after = checked_add(after, *l).map_err(|e| self.money_error(e))?;
            *p = -after;
        }
        Ok(paid)
    }
}
