//! How events move an account from state to state: timers, checks and transitions.
//! [`Account::apply`] is the only way in; a rejected event changes nothing.

use super::{Account, EventError, Hold, HoldKind, Reached, Status, add_days};
use super::{DEFAULT_DISPUTE_REVIEW_DAYS, DELIVERY_FAILURE_HOLD_DAYS, MAX_EVENTS};
use crate::event::{Event, EventKind};
use crate::invoice::{Instalment, Invoice};
use crate::ladder::Stage;
use crate::money::{Money, checked_add};
use chrono::NaiveDate;
use rust_decimal::Decimal;

impl Account {
    /// The next timer transition and the date it is due.
    pub(super) fn pending_timer(&self) -> Option<(NaiveDate, EventKind)> {
        let Status::OnHold { hold } = &self.status else {
            return None;
        };
        match &hold.kind {
            HoldKind::PromiseToPay { until } => Some((until.succ_opt()?, EventKind::PromiseBroken)),
            HoldKind::Manual { until } => Some((until.succ_opt()?, EventKind::HoldReleased)),
            HoldKind::PaymentPlan {
                schedule,
                reduced_before,
            } => {
                let mut required = Decimal::ZERO;
                for i in schedule {
                    required = required.checked_add(i.amount)?;
                    let paid = self
                        .reduced_until(i.due_date)
                        .saturating_sub(*reduced_before);
                    if paid < required {
                        return Some((i.due_date.succ_opt()?, EventKind::PlanInstalmentMissed));
                    }
                }
                None
            }
            HoldKind::Dispute { .. } => None,
        }
    }

    /// Plays every timer due on or before `date`, recording each on its own due date.
    pub(super) fn advance_to(&mut self, date: NaiveDate) -> Result<(), EventError> {
        // A hold timer leads to Open, which has no timer: two rounds are plenty.
        for _ in 0..4 {
            match self.pending_timer() {
                Some((due, kind)) if due <= date => {
                    let event = Event::new(&self.invoice.id, due, kind);
                    self.handle(&event)?;
                    self.record(event)?;
                }
                _ => break,
            }
        }
        Ok(())
    }

    pub(super) fn record(&mut self, event: Event) -> Result<(), EventError> {
        if self.history.len() >= MAX_EVENTS {
            return Err(EventError::HistoryFull {
                invoice: self.invoice.id.clone(),
                max: MAX_EVENTS,
            });
        }
        self.clock = self.clock.max(event.on);
        self.history.push(event);
        Ok(())
    }

    /// Records an event: plays the timers due by its date, checks it against the current
    /// state and moves to the next state. On error nothing changes.
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
    /// // Paying twice is rejected, and the account is unchanged.
    /// let err = acc.apply(&pay("2025-02-11")).unwrap_err();
    /// assert!(matches!(err, EventError::Exceeds { what: "outstanding", .. }));
    /// assert_eq!(acc.history().len(), 1);
    /// ```
    pub fn apply(&mut self, event: &Event) -> Result<(), EventError> {
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
        let mut next = self.clone();
        // The timer transition itself, due on this very day (replayed from a stored
        // history, or reported by the host the day the promise, hold or plan lapsed), is
        // not played twice: it is the event.
        let is_the_timer = next
            .pending_timer()
            .is_some_and(|(due, kind)| due == event.on && kind == event.kind);
        if !is_the_timer {
            next.advance_to(event.on)?;
        }
        next.handle(event)?;
        next.record(event.clone())?;
        *self = next;
        Ok(())
    }

    pub(super) fn state_name(&self) -> &'static str {
        match &self.status {
            Status::Open => "open",
            Status::AwaitingApproval { granted: false, .. } => "awaiting approval",
            Status::AwaitingApproval { granted: true, .. } => "approved",
            Status::OnHold { hold } => match hold.kind {
                HoldKind::Dispute { .. } => "disputed",
                HoldKind::PromiseToPay { .. } => "on a promise to pay",
                HoldKind::PaymentPlan { .. } => "on a payment plan",
                HoldKind::Manual { .. } => "on a manual hold",
            },
            Status::Judicial { .. } => "judicial",
            Status::Settled { .. } => "settled",
            Status::WrittenOff { .. } => "written off",
        }
    }

    pub(super) fn not_allowed(&self, event: &Event) -> EventError {
        EventError::NotAllowed {
            invoice: self.invoice.id.clone(),
            event: event.kind.name(),
            state: self.state_name(),
        }
    }

    pub(super) fn check_amount(&self, event: &Event, amount: Decimal) -> Result<(), EventError> {
        let bad = |problem| EventError::BadAmount {
            invoice: self.invoice.id.clone(),
            event: event.kind.name(),
            amount,
            problem,
        };
        if amount <= Decimal::ZERO {
            return Err(bad("must be positive"));
        }
        if Money::new(amount, self.invoice.currency).exact().is_err() {
            return Err(bad("has more decimals than the currency allows"));
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
                invoice: self.invoice.id.clone(),
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
                invoice: self.invoice.id.clone(),
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
                invoice: self.invoice.id.clone(),
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
            self.status,
            Status::Settled { .. } | Status::WrittenOff { .. } | Status::Judicial { .. }
        )
    }

    /// When and to whom the claim was handed over, if it ever was (a judicial state is
    /// only ever left by settling or writing off).
    pub(super) fn handed_over(&self) -> Option<(NaiveDate, String)> {
        self.history.iter().rev().find_map(|e| match &e.kind {
            EventKind::HandedOver { to } => Some((e.on, to.clone())),
            EventKind::StepReached {
                stage: Stage::Judicial,
                name,
                ..
            } => Some((e.on, name.clone())),
            _ => None,
        })
    }

    /// Leaves a hold: dunning resumes where it was, not before `on`.
    pub(super) fn resume(&mut self, on: NaiveDate) {
        self.status = Status::Open;
        self.resume_from = Some(on);
    }

    /// After a reduction: settle when nothing is owed.
    pub(super) fn settle_if_paid(&mut self, on: NaiveDate) {
        if self.outstanding().is_zero() && !matches!(self.status, Status::WrittenOff { .. }) {
            self.status = Status::Settled { on };
        }
    }

    pub(super) fn handle(&mut self, event: &Event) -> Result<(), EventError> {
        let id = self.invoice.id.clone();
        let on = event.on;
        match &event.kind {
            EventKind::Payment { amount } | EventKind::CreditNote { amount } => {
                self.check_amount(event, *amount)?;
                let limit = self.outstanding().amount;
                self.check_at_most(event, *amount, "outstanding", limit)?;
                if *amount == limit && !matches!(self.status, Status::WrittenOff { .. }) {
                    // Full payment or credit settles the invoice and cancels what was pending.
                    self.status = Status::Settled { on };
                }
            }
            EventKind::PaymentReversal { amount } => {
                self.check_amount(event, *amount)?;
                self.check_at_most(event, *amount, "amount paid", self.paid().amount)?;
                if matches!(self.status, Status::Settled { .. }) {
                    // A bounced payment reopens the invoice where it stood: still handed
                    // over if it was, else at the step it had reached.
                    match self.handed_over() {
                        Some((since, to)) => self.status = Status::Judicial { since, to },
                        None => self.resume(on),
                    }
                }
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
                match &self.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold } if !matches!(hold.kind, HoldKind::Dispute { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.status = Status::OnHold {
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
            EventKind::DisputeReviewRequested => match &mut self.status {
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
                    &self.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::Dispute { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
                if *upheld {
                    // The customer was right: earlier reminders do not count; the ladder
                    // starts again, its offsets counted from the resolution.
                    self.reached.clear();
                    self.restart_from = Some(on);
                }
                self.settle_if_paid(on);
            }
            EventKind::PromiseToPay { until } => {
                self.check_not_before(event, "until", *until)?;
                match &self.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold }
                        if matches!(hold.kind, HoldKind::PromiseToPay { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::PromiseToPay { until: *until },
                        since: on,
                        reason: format!("promise to pay by {until}"),
                    },
                };
            }
            EventKind::PromiseKept | EventKind::PromiseBroken => {
                if !matches!(
                    &self.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::PromiseToPay { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
            }
            EventKind::PaymentPlanAgreed { schedule } => {
                match &self.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold }
                        if matches!(hold.kind, HoldKind::PromiseToPay { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.check_schedule(event, schedule)?;
                self.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::PaymentPlan {
                            schedule: schedule.clone(),
                            reduced_before: self.reduced(),
                        },
                        since: on,
                        reason: format!("payment plan of {} instalments", schedule.len()),
                    },
                };
            }
            EventKind::PlanInstalmentMissed => {
                if !matches!(
                    &self.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::PaymentPlan { .. })
                ) {
                    return Err(self.not_allowed(event));
                }
                self.resume(on);
            }
            EventKind::HoldPlaced { until, reason } => {
                self.check_text(event, "reason", reason)?;
                self.check_not_before(event, "until", *until)?;
                match &self.status {
                    Status::Open | Status::AwaitingApproval { .. } => {}
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::Manual { .. }) => {}
                    _ => return Err(self.not_allowed(event)),
                }
                self.status = Status::OnHold {
                    hold: Hold {
                        kind: HoldKind::Manual { until: *until },
                        since: on,
                        reason: reason.clone(),
                    },
                };
            }
            EventKind::HoldReleased => {
                if !matches!(
                    &self.status,
                    Status::OnHold { hold } if matches!(hold.kind, HoldKind::Manual { .. })
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
                let expected = self.next_step_index();
                match &self.status {
                    Status::Open => {}
                    Status::AwaitingApproval {
                        step: s,
                        granted: true,
                        ..
                    } if s == step => {}
                    _ => return Err(self.not_allowed(event)),
                }
                if *step != expected {
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
                }
                self.reached.push(Reached {
                    step: *step,
                    name: name.clone(),
                    stage: *stage,
                    due_on: *due_on,
                    issued_on: on,
                    fee: *fee,
                    deadline: *deadline,
                });
                self.resume_from = None;
                self.status = if *stage == Stage::Judicial {
                    Status::Judicial {
                        since: on,
                        to: name.clone(),
                    }
                } else {
                    Status::Open
                };
            }
            EventKind::ApprovalRequested { step, due_on } => {
                if self.status != Status::Open {
                    return Err(self.not_allowed(event));
                }
                let expected = self.next_step_index();
                if *step != expected {
                    return Err(EventError::WrongStep {
                        invoice: id,
                        event: event.kind.name(),
                        expected,
                        found: *step,
                    });
                }
                self.status = Status::AwaitingApproval {
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
                } = self.status
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
                    self.status = Status::AwaitingApproval {
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
                if *permanent && matches!(self.status, Status::Open) {
                    // The customer did not get the notice: a person must fix the contact
                    // before the ladder goes on.
                    self.status = Status::OnHold {
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
                if self.is_closed() || matches!(self.status, Status::OnHold { .. }) {
                    return Err(self.not_allowed(event));
                }
                self.status = Status::Judicial {
                    since: on,
                    to: to.clone(),
                };
            }
            EventKind::WrittenOff { reason } => {
                self.check_text(event, "reason", reason)?;
                if matches!(
                    self.status,
                    Status::Settled { .. } | Status::WrittenOff { .. }
                ) {
                    return Err(self.not_allowed(event));
                }
                self.status = Status::WrittenOff {
                    on,
                    reason: reason.clone(),
                };
            }
        }
        Ok(())
    }

    pub(super) fn check_schedule(
        &self,
        event: &Event,
        schedule: &[Instalment],
    ) -> Result<(), EventError> {
        let bad = |problem: String| EventError::BadSchedule {
            invoice: self.invoice.id.clone(),
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
                invoice: self.invoice.id.clone(),
                source,
            })?;
        }
        let outstanding = self.outstanding().amount;
        if total != outstanding {
            return Err(bad(format!(
                "instalments add up to {total}, the outstanding is {outstanding}"
            )));
        }
        Ok(())
    }
}
