//! Report rollups, kept two ways that must agree: folded incrementally as records change
//! (each new version replaces the old one's contribution) or recomputed from every record.
//! Both go through [`Rollup::replace`], so the only difference is the order of the folds.
//!
//! The KPIs and summaries read from a rollup are in [`crate::reports`].

use crate::command::Effect;
use crate::durations::Durations;
use crate::exception::{Exception, ExceptionKind, ExceptionStatus};
use crate::money::Currency;
use crate::order::{Channel, Order};
use crate::order_facts::{Calendar, OrderFacts};
use crate::rating::Rating;
use crate::return_case::{ReturnCase, ReturnReason, ReturnStatus};
use crate::state::Entity;
use crate::status::OrderStatus;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Hits out of a total, e.g. orders shipped on time out of orders with a promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub hits: i64,
    pub total: i64,
}

impl Ratio {
    fn count(&mut self, hit: bool, sign: i64) {
        self.total += sign;
        if hit {
            self.hits += sign;
        }
    }

    /// The share in basis points (10 000 = 100 %); `None` when nothing was counted.
    pub fn basis_points(&self) -> Option<i64> {
        (self.total > 0).then(|| self.hits * 10_000 / self.total)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayTotals {
    pub orders: i64,
    /// Order value per currency, in minor units.
    pub revenue: BTreeMap<Currency, i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollup {
    pub calendar: Calendar,
    pub orders: i64,
    pub by_day: BTreeMap<NaiveDate, DayTotals>,
    pub by_channel: BTreeMap<Channel, i64>,
    pub by_status: BTreeMap<OrderStatus, i64>,
    /// Time spent in each status, over every order that left it.
    pub stages: BTreeMap<OrderStatus, Durations>,
    pub to_shipped: Durations,
    pub to_delivered: Durations,
    pub on_time: Ratio,
    /// Orders that passed validation first time, of those that left `new`.
    pub first_pass: Ratio,
    /// Units shipped of units wanted (orders past confirmation).
    pub fill: Ratio,
    pub backordered: Ratio,
    pub perfect: Ratio,
    /// Ratings 1..=5 (index 0 is one star).
    pub ratings: [i64; 5],
    /// Units asked back, by reason (refused returns excluded).
    pub returns_by_reason: BTreeMap<ReturnReason, i64>,
    pub exceptions_by_kind: BTreeMap<ExceptionKind, i64>,
    /// Open exceptions, for ages and overdue counts at report time.
    pub open_exceptions: BTreeMap<Uuid, OpenCase>,
}

/// What the after-sales report needs of an open exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenCase {
    pub kind: ExceptionKind,
    pub opened_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
}

impl Rollup {
    pub fn new(calendar: Calendar) -> Rollup {
        Rollup {
            calendar,
            orders: 0,
            by_day: BTreeMap::new(),
            by_channel: BTreeMap::new(),
            by_status: BTreeMap::new(),
            stages: BTreeMap::new(),
            to_shipped: Durations::default(),
            to_delivered: Durations::default(),
            on_time: Ratio::default(),
            first_pass: Ratio::default(),
            fill: Ratio::default(),
            backordered: Ratio::default(),
            perfect: Ratio::default(),
            ratings: [0; 5],
            returns_by_reason: BTreeMap::new(),
            exceptions_by_kind: BTreeMap::new(),
            open_exceptions: BTreeMap::new(),
        }
    }

    /// Recomputes everything from the records as they stand.
    pub fn full<'a>(calendar: Calendar, records: impl IntoIterator<Item = &'a Entity>) -> Rollup {
        let mut rollup = Rollup::new(calendar);
        for record in records {
            rollup.replace(None, Some(record));
        }
        rollup
    }

    /// Folds what a command saved: `before` looks up the version each effect replaces.
    pub fn fold<'a>(&mut self, effects: &[Effect], before: impl Fn(&Entity) -> Option<&'a Entity>) {
        for effect in effects {
            let new = effect.entity();
            self.replace(before(&new), Some(&new));
        }
    }

    /// Takes `old`'s contribution out and puts `new`'s in (either may be absent).
    pub fn replace(&mut self, old: Option<&Entity>, new: Option<&Entity>) {
        if let Some(old) = old {
            self.count(old, -1);
        }
        if let Some(new) = new {
            self.count(new, 1);
        }
    }

    fn count(&mut self, record: &Entity, sign: i64) {
        match record {
            Entity::Order(order) => self.order(order, sign),
            Entity::Rating(rating) => self.rating(rating, sign),
            Entity::ReturnCase(case) => self.return_case(case, sign),
            Entity::Exception(exception) => self.exception(exception, sign),
            _ => {}
        }
    }

    fn order(&mut self, order: &Order, sign: i64) {
        let facts = OrderFacts::of(order, self.calendar);
        self.orders += sign;
        let day = self.by_day.entry(facts.day).or_default();
        day.orders += sign;
        *day.revenue.entry(facts.currency).or_default() += sign * facts.total;
        if day.orders == 0 {
            self.by_day.remove(&facts.day);
        }
        bump(&mut self.by_channel, facts.channel, sign);
        bump(&mut self.by_status, facts.status, sign);
        for (status, seconds) in &facts.stage_seconds {
            let durations = self.stages.entry(*status).or_default();
            add_or_remove(durations, *seconds, sign);
            if durations.is_empty() {
                self.stages.remove(status);
            }
        }
        if let Some(s) = facts.to_shipped {
            add_or_remove(&mut self.to_shipped, s, sign);
        }
        if let Some(s) = facts.to_delivered {
            add_or_remove(&mut self.to_delivered, s, sign);
        }
        if let Some(on_time) = facts.on_time {
            self.on_time.count(on_time, sign);
        }
        if let Some(first) = facts.first_pass {
            self.first_pass.count(first, sign);
        }
        if facts.confirmed {
            self.fill.hits += sign * facts.units_shipped as i64;
            self.fill.total += sign * facts.units_open as i64;
            self.backordered.count(facts.backordered, sign);
        }
        if facts.delivered {
            self.perfect.count(facts.perfect, sign);
        }
    }

    fn rating(&mut self, rating: &Rating, sign: i64) {
        if (1..=5).contains(&rating.score) {
            self.ratings[usize::from(rating.score - 1)] += sign;
        }
    }

    fn return_case(&mut self, case: &ReturnCase, sign: i64) {
        if case.status == ReturnStatus::Refused {
            return;
        }
        for line in &case.lines {
            bump(
                &mut self.returns_by_reason,
                line.reason,
                sign * i64::from(line.quantity),
            );
        }
    }

    fn exception(&mut self, exception: &Exception, sign: i64) {
        bump(&mut self.exceptions_by_kind, exception.kind, sign);
        if exception.status == ExceptionStatus::Open {
            if sign > 0 {
                let case = OpenCase {
                    kind: exception.kind,
                    opened_at: exception.opened_at,
                    due_at: exception.due_at,
                };
                self.open_exceptions.insert(exception.id, case);
            } else {
                self.open_exceptions.remove(&exception.id);
            }
        }
    }
}

fn bump<K: Ord>(map: &mut BTreeMap<K, i64>, key: K, by: i64) {
    let value = map.entry(key).or_default();
    *value += by;
    if *value == 0 {
        map.retain(|_, v| *v != 0);
    }
}

fn add_or_remove(durations: &mut Durations, seconds: i64, sign: i64) {
    if sign > 0 {
        durations.add(seconds);
    } else {
        durations.remove(seconds);
    }
}
