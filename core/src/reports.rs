//! The reports of the data stage of the SOP, read from a [`Rollup`]: KPIs, the order
//! summary, the after-sales report and trends; and the inventory report, read from
//! products and stock levels.

use crate::durations::Durations;
use crate::exception::ExceptionKind;
use crate::money::Money;
use crate::product::Product;
use crate::replenishment::{Demand, days_of_cover};
use crate::return_case::ReturnReason;
use crate::rollup::{Ratio, Rollup};
use crate::status::OrderStatus;
use crate::stock::Level;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Median and 90th percentile, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spread {
    pub p50: Option<i64>,
    pub p90: Option<i64>,
    pub count: u64,
}

impl Spread {
    fn of(d: &Durations) -> Spread {
        Spread {
            p50: d.percentile(50),
            p90: d.percentile(90),
            count: d.len(),
        }
    }
}

/// Rates are in basis points (10 000 = 100 %); `None` when there is nothing to rate yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kpis {
    /// Time spent in each status before moving on.
    pub stages: Vec<(OrderStatus, Spread)>,
    pub to_shipped: Spread,
    pub to_delivered: Spread,
    pub on_time_shipping: Option<i64>,
    /// Orders that did not pass validation first time, of those that left `new`.
    pub validation_error_rate: Option<i64>,
    pub fill_rate: Option<i64>,
    pub perfect_order_rate: Option<i64>,
    pub backorder_rate: Option<i64>,
    /// Average rating × 1000 (4.5 stars = 4500), and how many ratings.
    pub satisfaction_milli: Option<i64>,
    pub ratings: i64,
}

pub fn kpis(rollup: &Rollup) -> Kpis {
    let ratings: i64 = rollup.ratings.iter().sum();
    let stars: i64 = rollup
        .ratings
        .iter()
        .enumerate()
        .map(|(i, n)| (i as i64 + 1) * n)
        .sum();
    Kpis {
        stages: rollup
            .stages
            .iter()
            .map(|(status, d)| (*status, Spread::of(d)))
            .collect(),
        to_shipped: Spread::of(&rollup.to_shipped),
        to_delivered: Spread::of(&rollup.to_delivered),
        on_time_shipping: rollup.on_time.basis_points(),
        validation_error_rate: Ratio {
            hits: rollup.first_pass.total - rollup.first_pass.hits,
            total: rollup.first_pass.total,
        }
        .basis_points(),
        fill_rate: rollup.fill.basis_points(),
        perfect_order_rate: rollup.perfect.basis_points(),
        backorder_rate: rollup.backordered.basis_points(),
        satisfaction_milli: (ratings > 0).then(|| stars * 1000 / ratings),
        ratings,
    }
}

/// Orders by day, channel and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderSummary {
    pub orders: i64,
    pub by_day: Vec<(NaiveDate, i64)>,
    pub by_channel: Vec<(crate::order::Channel, i64)>,
    pub by_status: Vec<(OrderStatus, i64)>,
}

pub fn order_summary(rollup: &Rollup) -> OrderSummary {
    OrderSummary {
        orders: rollup.orders,
        by_day: rollup.by_day.iter().map(|(d, t)| (*d, t.orders)).collect(),
        by_channel: rollup.by_channel.iter().map(|(c, n)| (*c, *n)).collect(),
        by_status: rollup.by_status.iter().map(|(s, n)| (*s, *n)).collect(),
    }
}

/// Open exceptions of one kind by age: under a day, one to three days, older; and overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ages {
    pub under_1d: i64,
    pub d1_to_3: i64,
    pub over_3d: i64,
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AfterSalesReport {
    pub returns_by_reason: Vec<(ReturnReason, i64)>,
    pub exceptions_by_kind: Vec<(ExceptionKind, i64)>,
    pub open_by_age: Vec<(ExceptionKind, Ages)>,
    /// Ratings with 1..=5 stars.
    pub ratings: [i64; 5],
}

pub fn after_sales(rollup: &Rollup, now: DateTime<Utc>) -> AfterSalesReport {
    let mut ages: BTreeMap<ExceptionKind, Ages> = BTreeMap::new();
    for case in rollup.open_exceptions.values() {
        let age = ages.entry(case.kind).or_default();
        match (now - case.opened_at).num_hours() {
            h if h < 24 => age.under_1d += 1,
            h if h <= 72 => age.d1_to_3 += 1,
            _ => age.over_3d += 1,
        }
        if case.due_at.is_some_and(|d| now > d) {
            age.overdue += 1;
        }
    }
    AfterSalesReport {
        returns_by_reason: rollup
            .returns_by_reason
            .iter()
            .map(|(r, n)| (*r, *n))
            .collect(),
        exceptions_by_kind: rollup
            .exceptions_by_kind
            .iter()
            .map(|(k, n)| (*k, *n))
            .collect(),
        open_by_age: ages.into_iter().collect(),
        ratings: rollup.ratings,
    }
}

/// One day of the daily series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayPoint {
    pub day: NaiveDate,
    pub orders: i64,
    /// Trailing 7-day average of orders × 1000, once 7 days are in the series.
    pub moving_average_milli: Option<i64>,
}

/// Orders per day from `from` to `to` inclusive (days without orders count 0), with the
/// 7-day moving average.
pub fn daily_series(rollup: &Rollup, from: NaiveDate, to: NaiveDate) -> Vec<DayPoint> {
    let mut points: Vec<DayPoint> = Vec::new();
    let mut day = from;
    while day <= to {
        let orders = rollup.by_day.get(&day).map_or(0, |t| t.orders);
        points.push(DayPoint {
            day,
            orders,
            moving_average_milli: None,
        });
        day += Duration::days(1);
    }
    for i in 6..points.len() {
        let week: i64 = points[i - 6..=i].iter().map(|p| p.orders).sum();
        points[i].moving_average_milli = Some(week * 1000 / 7);
    }
    points
}

/// Orders in the 7 days ending on `day` against the 7 days before, as a change in basis
/// points (+2500 = 25 % more); `None` when the week before had none.
pub fn week_over_week(rollup: &Rollup, day: NaiveDate) -> Option<i64> {
    let week = |end: NaiveDate| -> i64 {
        (0..7)
            .map(|i| {
                rollup
                    .by_day
                    .get(&(end - Duration::days(i)))
                    .map_or(0, |t| t.orders)
            })
            .sum()
    };
    let this = week(day);
    let before = week(day - Duration::days(7));
    (before > 0).then(|| (this - before) * 10_000 / before)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryRow {
    pub sku: String,
    pub on_hand: i64,
    pub available: i64,
    /// On hand at the product's price.
    pub value: Money,
    pub below_safety_stock: bool,
    pub days_of_cover: Option<i64>,
}

/// One row per product: its level summed over locations, value and cover.
pub fn inventory<'a>(
    products: impl IntoIterator<Item = &'a Product>,
    level_of: impl Fn(&str) -> Level,
    demand_of: impl Fn(&str) -> Demand,
) -> Vec<InventoryRow> {
    let mut rows: Vec<InventoryRow> = products
        .into_iter()
        .map(|p| {
            let level = level_of(&p.sku);
            InventoryRow {
                sku: p.sku.clone(),
                on_hand: level.on_hand,
                available: level.available(),
                value: Money::new(
                    p.price.amount.saturating_mul(level.on_hand),
                    p.price.currency,
                ),
                below_safety_stock: level.available() < p.safety_stock,
                days_of_cover: days_of_cover(&level, demand_of(&p.sku)),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.sku.cmp(&b.sku));
    rows
}
