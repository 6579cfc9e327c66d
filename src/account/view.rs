//! What an account's state means: balances, the instalments due by a date, the next step
//! of the ladder, timers. Every query here reads the account's running totals and the
//! invoice, never the history: the cost follows the number of instalments at worst (one
//! pass), not the number of events.
//!
//! A [`View`] pairs an account with one of its states: the current one, the one a timer
//! would lead to (`View::at`, beside the transitions that play the timers), or the one an
//! event is building (`Draft`, in the transitions).

use super::{Account, Due, DunningState, Hold, HoldKind, Reached, State, Status, shift};
use crate::event::EventKind;
use crate::ladder::{Ladder, Stage};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// An account seen in one of its states.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub(super) acc: &'a Account,
    pub(super) st: &'a State,
}

impl<'a> View<'a> {
    pub(super) fn invoiced(self) -> Decimal {
        self.acc.invoiced
    }

    /// What payments (net of reversals) and credit notes paid of the principal.
    pub(super) fn reduced(self) -> Decimal {
        self.st.ledger.principal_reduced()
    }

    /// Payments (net of reversals) and credit notes received, whatever they paid: what a
    /// payment plan counts.
    pub(super) fn received(self) -> Decimal {
        self.st.paid.saturating_add(self.st.credited)
    }

    /// Everything owed: the open principal and accessories.
    pub(super) fn total_open(self) -> Decimal {
        self.st.ledger.total_open(self.invoiced())
    }

    pub(super) fn outstanding(self) -> Decimal {
        self.invoiced()
            .saturating_sub(self.reduced())
            .max(Decimal::ZERO)
    }

    /// Outstanding on instalments adding up to `total_due`, the first ones: payments and
    /// credits go to the oldest first, so it is `total_due` less everything reduced, if
    /// positive.
    fn outstanding_of_first(self, total_due: Decimal) -> Decimal {
        total_due.saturating_sub(self.reduced()).max(Decimal::ZERO)
    }

    /// Outstanding on instalments due on or before `date` (due dates increase).
    pub(super) fn due_by(self, date: NaiveDate) -> Decimal {
        let total_due = self
            .acc
            .invoice
            .instalments
            .iter()
            .take_while(|i| i.due_date <= date)
            .fold(Decimal::ZERO, |t, i| t.saturating_add(i.amount));
        self.outstanding_of_first(total_due)
    }

    /// Due date of the oldest instalment still (partly) unpaid: the first one whose
    /// running total is above what was reduced.
    pub(super) fn oldest_unpaid_due_date(self) -> Option<NaiveDate> {
        let reduced = self.reduced();
        let mut total = Decimal::ZERO;
        self.acc
            .invoice
            .instalments
            .iter()
            .find(|i| {
                total = total.saturating_add(i.amount);
                total > reduced
            })
            .map(|i| i.due_date)
    }

    /// The steps reached since the ladder last (re)started.
    pub(super) fn reached(self) -> &'a [Reached] {
        self.acc
            .steps
            .get(self.st.reached_from..)
            .unwrap_or_default()
    }

    pub(super) fn next_step_index(self) -> usize {
        self.reached()
            .last()
            .map_or(0, |r| r.step.saturating_add(1))
    }

    /// The next timer transition and the date it is due.
    pub(super) fn pending_timer(self) -> Option<(NaiveDate, EventKind)> {
        let Status::OnHold { hold } = &self.st.status else {
            return None;
        };
        match &hold.kind {
            HoldKind::PromiseToPay { until } => Some((until.succ_opt()?, EventKind::PromiseBroken)),
            HoldKind::Manual { until } => Some((until.succ_opt()?, EventKind::HoldReleased)),
            HoldKind::PaymentPlan { schedule, .. } => {
                // The first instalment not covered, by its due date, by what was paid and
                // credited since the plan was agreed.
                let mut required = Decimal::ZERO;
                for (i, paid) in schedule.iter().zip(&self.st.plan_paid) {
                    required = required.checked_add(i.amount)?;
                    if *paid < required {
                        return Some((i.due_date.succ_opt()?, EventKind::PlanInstalmentMissed));
                    }
                }
                None
            }
            HoldKind::EInvoice { until, .. } => {
                Some((until.as_ref()?.succ_opt()?, EventKind::HoldReleased))
            }
            HoldKind::Dispute { .. } => None,
        }
    }

    /// Where the invoice stands on `as_of`, timers included.
    pub(super) fn state(self, as_of: NaiveDate) -> DunningState {
        let st = self.at(as_of);
        let acc = View {
            acc: self.acc,
            st: &st,
        };
        match &st.status {
            Status::Open => match acc.reached().last() {
                Some(r) if r.stage == Stage::FormalNotice => DunningState::FormalNoticeServed {
                    step: r.step,
                    deadline: r.deadline,
                },
                last => {
                    // Overdue while something is owed past its due date: principal, or
                    // accessories a notice claimed (fees, interest, compensation).
                    if acc.due_by(as_of.pred_opt().unwrap_or(as_of)) > Decimal::ZERO
                        || !acc.st.ledger.accessories_open().is_zero()
                    {
                        DunningState::Overdue {
                            step: last.map(|r| r.step),
                        }
                    } else {
                        DunningState::NotDue
                    }
                }
            },
            Status::AwaitingApproval { step, .. } => DunningState::AwaitingApproval { step: *step },
            Status::OnHold { hold } => DunningState::OnHold { hold: hold.clone() },
            Status::Judicial { since, .. } => DunningState::Judicial { since: *since },
            Status::Settled { on } => DunningState::Settled { on: *on },
            Status::WrittenOff { on, .. } => DunningState::WrittenOff { on: *on },
        }
    }

    /// Step `index` and the date it is due, whatever `as_of`; `None` when the ladder is
    /// exhausted or nothing is owed.
    pub(super) fn step_date(self, ladder: &Ladder, index: usize) -> Option<(usize, NaiveDate)> {
        let step = ladder.step(index)?;
        let mut base = self.oldest_unpaid_due_date()?;
        if let Some(r) = self.st.restart_from {
            base = base.max(r);
        }
        let mut due_on = shift(base, i64::from(step.offset_days))?;
        if let Some(last) = self.reached().last() {
            // Spacing counts from the day the previous notice was actually issued: at
            // least the step's minimum, at least one day, and at least the interval the
            // ladder's designer put between the two steps' offsets, so a catch-up keeps
            // the designed rhythm (a formal notice never comes days after first contact).
            let designed = ladder.step(last.step).map_or(0, |prev| {
                i64::from(step.offset_days) - i64::from(prev.offset_days)
            });
            let gap = i64::from(step.min_days_since_previous.max(1)).max(designed);
            due_on = due_on.max(shift(last.issued_on, gap)?);
            if let Some(deadline) = last.deadline {
                due_on = due_on.max(deadline.succ_opt()?);
            }
        }
        if let Some(r) = self.st.resume_from {
            due_on = due_on.max(r);
        }
        if step.stage == Stage::Judicial {
            // Pre-Action Protocol for Debt Claims: no court step while documents asked for
            // on the Reply Form are outstanding, nor before the wait a reply gave.
            if self.st.documents_pending {
                return None;
            }
            if let Some(w) = self.st.protocol_wait {
                due_on = due_on.max(w.succ_opt()?);
            }
        }
        Some((index, due_on))
    }

    /// The next step and the first date it fires: its ladder date, or, when the overdue
    /// amount is below the step's thresholds then, the first later instalment due date
    /// that brings it up to them (the overdue amount only grows when an instalment falls
    /// due). `None` when no date will ever meet the thresholds without a new event.
    ///
    /// One pass over the instalments: the dates tried only grow, and so does the number
    /// of instalments due by them.
    pub(super) fn next_step_firing(self, ladder: &Ladder) -> Option<(usize, NaiveDate)> {
        self.step_firing(ladder, self.next_step_index())
    }

    /// The next step and the date it fires, courtesy reminders skipped for an invoice
    /// already overdue: a courtesy reminder before the due date makes no sense once the
    /// date has passed (an invoice imported late, a host starting on old debt), so dunning
    /// then enters at the first step after the due date, or the first firmer one. With
    /// `as_of` on or before the due date (the account's clock for the next wakeup), the
    /// courtesy reminder fires if its date comes by the due date.
    pub(super) fn entry_firing(
        self,
        ladder: &Ladder,
        as_of: NaiveDate,
    ) -> Option<(usize, NaiveDate)> {
        let (step, on) = self.next_step_firing(ladder)?;
        let courtesy = self.reached().is_empty()
            && ladder
                .step(step)
                .is_some_and(|s| s.offset_days < 0 && s.stage == Stage::Amicable);
        let Some(due) = self.oldest_unpaid_due_date().filter(|_| courtesy) else {
            return Some((step, on));
        };
        if as_of <= due && on <= due {
            return Some((step, on));
        }
        let first = ladder
            .steps
            .iter()
            .position(|s| s.offset_days >= 0 || s.stage != Stage::Amicable)?;
        let (index, fires) = self.step_firing(ladder, first)?;
        Some((index, fires.max(due.succ_opt()?)))
    }

    /// Step `index` and the first date it fires (see [`View::next_step_firing`]).
    fn step_firing(self, ladder: &Ladder, index: usize) -> Option<(usize, NaiveDate)> {
        let (index, due_on) = self.step_date(ladder, index)?;
        let step = ladder.step(index)?;
        let base = self.oldest_unpaid_due_date();
        let (invoiced, currency) = (self.invoiced(), self.acc.invoice.currency);
        let instalments = &self.acc.invoice.instalments;
        // The instalments due on or before the date last tried, and their total.
        let (mut count, mut total_due) = (0, Decimal::ZERO);
        let mut overdue_on = |on: NaiveDate| {
            let on = base.map_or(on, |b| on.max(b));
            while let Some(i) = instalments.get(count).filter(|i| i.due_date <= on) {
                total_due = total_due.saturating_add(i.amount);
                count += 1;
            }
            self.outstanding_of_first(total_due)
        };
        let later = instalments
            .iter()
            .map(|i| i.due_date)
            .filter(|d| *d > due_on);
        std::iter::once(due_on)
            .chain(later)
            .find(|d| step.threshold_met(overdue_on(*d), invoiced, currency))
            .map(|d| (index, d))
    }

    /// What the ladder asks of this invoice on `as_of`, if anything (timers included).
    pub(super) fn due(self, ladder: &Ladder, as_of: NaiveDate) -> Option<Due> {
        let st = self.at(as_of);
        let acc = View {
            acc: self.acc,
            st: &st,
        };
        match &st.status {
            Status::Open => {
                let (step, due_on) = acc.entry_firing(ladder, as_of)?;
                if due_on > as_of {
                    return None;
                }
                if ladder.step(step)?.requires_approval {
                    Some(Due::Approval { step, due_on })
                } else {
                    Some(Due::Step { step, due_on })
                }
            }
            Status::AwaitingApproval {
                step,
                due_on,
                granted: true,
            } => Some(Due::Step {
                step: *step,
                due_on: *due_on,
            }),
            Status::OnHold {
                hold:
                    Hold {
                        kind:
                            HoldKind::Dispute {
                                review_on,
                                review_requested: false,
                            },
                        ..
                    },
            } if *review_on <= as_of => Some(Due::DisputeReview {
                review_on: *review_on,
            }),
            _ => None,
        }
    }

    /// See [`Account::next_wakeup`].
    pub(super) fn next_wakeup(self, ladder: &Ladder) -> Option<NaiveDate> {
        match &self.st.status {
            Status::Open => self.entry_firing(ladder, self.st.clock).map(|(_, on)| on),
            Status::AwaitingApproval { granted: true, .. } => Some(self.st.clock),
            Status::OnHold { hold } => match &hold.kind {
                HoldKind::Dispute {
                    review_on,
                    review_requested: false,
                } => Some(*review_on),
                HoldKind::Dispute { .. } => None,
                _ => {
                    // The lapse itself asks nothing of the host (it is recorded with the
                    // next event); what follows it may. Reporting the lapse date would
                    // wake a host on the same past date forever.
                    let (lapse, _) = self.pending_timer()?;
                    let st = self.at(lapse);
                    if matches!(st.status, Status::OnHold { .. }) {
                        return Some(lapse);
                    }
                    let after = View {
                        acc: self.acc,
                        st: &st,
                    };
                    after.next_wakeup(ladder).map(|w| w.max(lapse))
                }
            },
            _ => None,
        }
    }
}
