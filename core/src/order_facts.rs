//! What one order contributes to the reports, read from the order alone: its day,
//! channel, status and value, the time it spent in each status, whether it shipped on
//! time, passed validation first time, was backordered, and whether it was perfect.

use crate::money::Currency;
use crate::order::{Channel, Order};
use crate::status::OrderStatus;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Local calendar days for daily reports: a fixed offset from UTC, in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub utc_offset_minutes: i32,
}

impl Calendar {
    /// China Standard Time (UTC+8), the default for daily reports.
    pub const CHINA: Calendar = Calendar {
        utc_offset_minutes: 480,
    };

    pub fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        (at + Duration::minutes(i64::from(self.utc_offset_minutes))).date_naive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderFacts {
    pub day: NaiveDate,
    pub channel: Channel,
    pub status: OrderStatus,
    pub currency: Currency,
    pub total: i64,
    /// Seconds spent in each status the order has left, in order.
    pub stage_seconds: Vec<(OrderStatus, i64)>,
    /// Creation to shipping, and creation to delivery.
    pub to_shipped: Option<i64>,
    pub to_delivered: Option<i64>,
    /// Shipped by the promised date (only orders with a promise that shipped).
    pub on_time: Option<bool>,
    /// Went straight from `new` to `validated` (only orders that left `new`).
    pub first_pass: Option<bool>,
    /// Units wanted (not cancelled) and shipped.
    pub units_open: u64,
    pub units_shipped: u64,
    /// Reached `confirmed`; and of those, was ever backordered or partially allocated.
    pub confirmed: bool,
    pub backordered: bool,
    /// Delivered (or closed); and of those, complete, on time, unreturned, trouble-free.
    pub delivered: bool,
    pub perfect: bool,
}

fn first_time(order: &Order, status: OrderStatus) -> Option<DateTime<Utc>> {
    order.history.iter().find(|h| h.to == status).map(|h| h.at)
}

impl OrderFacts {
    pub fn of(order: &Order, calendar: Calendar) -> OrderFacts {
        let stage_seconds = order
            .history
            .windows(2)
            .map(|w| (w[0].to, (w[1].at - w[0].at).num_seconds()))
            .collect();
        let shipped_at = first_time(order, OrderStatus::Shipped);
        let delivered_at = first_time(order, OrderStatus::Delivered);
        let ever = |s: OrderStatus| order.history.iter().any(|h| h.to == s);
        let left_new = order
            .history
            .iter()
            .find(|h| h.from == Some(OrderStatus::New));
        let on_time = match (order.promised_at, shipped_at) {
            (Some(promised), Some(shipped)) => Some(shipped <= promised),
            _ => None,
        };
        let units_open: u64 = order.lines.iter().map(|l| u64::from(l.open())).sum();
        let units_shipped: u64 = order.lines.iter().map(|l| u64::from(l.shipped)).sum();
        let delivered = matches!(order.status, OrderStatus::Delivered | OrderStatus::Closed);
        let perfect = delivered
            && on_time != Some(false)
            && units_shipped == units_open
            && order.lines.iter().all(|l| l.returned == 0)
            && !ever(OrderStatus::Exception);
        OrderFacts {
            day: calendar.day(order.created_at),
            channel: order.channel,
            status: order.status,
            currency: order.currency,
            total: order.total.amount,
            stage_seconds,
            to_shipped: shipped_at.map(|t| (t - order.created_at).num_seconds()),
            to_delivered: delivered_at.map(|t| (t - order.created_at).num_seconds()),
            on_time,
            first_pass: left_new.map(|h| h.to == OrderStatus::Validated),
            units_open,
            units_shipped,
            confirmed: ever(OrderStatus::Confirmed),
            backordered: ever(OrderStatus::Backordered) || ever(OrderStatus::PartiallyAllocated),
            delivered,
            perfect,
        }
    }
}
