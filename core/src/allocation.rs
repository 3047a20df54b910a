//! Allocation: which warehouse ships what, for many open orders at once.
//!
//! Orders are served by priority (higher first), then promised date (earliest first, none
//! last), then age. For each order: a warehouse that can ship the whole order is preferred
//! (the nearest of those); otherwise the order is split over as few warehouses as
//! possible (those covering the most of what is missing first, nearer first); what no
//! warehouse has is backordered. Every decision carries an explanation. Available stock
//! only ever decreases by what is allocated, so nothing is promised twice.

use crate::command::{Command, Reservation, ReservePlan};
use crate::order::{Order, OrderId};
use crate::status::OrderStatus;
use crate::stock::{LocationCode, Sku};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An order waiting for stock, as allocation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenOrder<Id> {
    pub id: Id,
    /// Higher is more urgent.
    pub priority: u8,
    pub promised: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Where it ships to, in the same terms as warehouse regions.
    pub region: String,
    /// Quantity still to allocate, per SKU.
    pub lines: Vec<(Sku, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warehouse {
    pub code: LocationCode,
    pub region: String,
}

/// How far apart two regions are (0 = same region). Supplied as data by the caller.
pub trait Distances {
    fn distance(&self, from: &str, to: &str) -> u32;
}

/// A table of distances; pairs not listed are `far` apart, a region from itself is 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DistanceTable {
    pub pairs: BTreeMap<(String, String), u32>,
    pub far: u32,
}

impl Distances for DistanceTable {
    fn distance(&self, from: &str, to: &str) -> u32 {
        if from == to {
            return 0;
        }
        let key = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        self.pairs
            .get(&key(from, to))
            .or_else(|| self.pairs.get(&key(to, from)))
            .copied()
            .unwrap_or(self.far)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allocated,
    PartiallyAllocated,
    Backordered,
}

/// Why allocation did what it did, as a code with parameters (translated by the UI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// One warehouse had everything; it was the nearest such.
    WholeOrder {
        warehouse: LocationCode,
        distance: u32,
    },
    /// No warehouse had everything; split over these.
    Split { warehouses: Vec<LocationCode> },
    /// Nothing of this SKU was available anywhere for this quantity.
    Short { sku: Sku, missing: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision<Id> {
    pub order: Id,
    pub outcome: Outcome,
    /// (SKU, warehouse, quantity) to reserve.
    pub reservations: Vec<(Sku, LocationCode, i64)>,
    pub reasons: Vec<Reason>,
}

/// Available units per (SKU, warehouse).
pub type Availability = BTreeMap<(Sku, LocationCode), i64>;

/// Allocates `orders` against `available`, which is reduced by what is reserved.
pub fn allocate<Id: Clone + Ord>(
    orders: &[OpenOrder<Id>],
    warehouses: &[Warehouse],
    distances: &impl Distances,
    available: &mut Availability,
) -> Vec<Decision<Id>> {
    let mut queue: Vec<&OpenOrder<Id>> = orders.iter().collect();
    queue.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then_with(|| match (a.promised, b.promised) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    queue
        .into_iter()
        .map(|order| allocate_one(order, warehouses, distances, available))
        .collect()
}

fn have(available: &Availability, sku: &str, warehouse: &str) -> i64 {
    available
        .get(&(sku.to_owned(), warehouse.to_owned()))
        .copied()
        .unwrap_or(0)
        .max(0)
}

fn take(available: &mut Availability, sku: &str, warehouse: &str, quantity: i64) {
    if let Some(units) = available.get_mut(&(sku.to_owned(), warehouse.to_owned())) {
        *units -= quantity;
    }
}

fn allocate_one<Id: Clone>(
    order: &OpenOrder<Id>,
    warehouses: &[Warehouse],
    distances: &impl Distances,
    available: &mut Availability,
) -> Decision<Id> {
    let mut by_distance: Vec<(&Warehouse, u32)> = warehouses
        .iter()
        .map(|w| (w, distances.distance(&w.region, &order.region)))
        .collect();
    by_distance.sort_by(|(a, da), (b, db)| da.cmp(db).then_with(|| a.code.cmp(&b.code)));

    // Two lines of one SKU are one demand: checked and reserved together.
    let mut demand: Vec<(Sku, i64)> = Vec::new();
    for (sku, quantity) in order.lines.iter().filter(|(_, q)| *q > 0) {
        match demand.iter_mut().find(|(s, _)| s == sku) {
            Some((_, total)) => *total += quantity,
            None => demand.push((sku.clone(), *quantity)),
        }
    }

    let whole = by_distance.iter().find(|(w, _)| {
        demand
            .iter()
            .all(|(sku, quantity)| have(available, sku, &w.code) >= *quantity)
    });
    if let Some((warehouse, distance)) = whole {
        let reservations: Vec<_> = demand
            .iter()
            .map(|(sku, q)| (sku.clone(), warehouse.code.clone(), *q))
            .collect();
        for (sku, code, q) in &reservations {
            take(available, sku, code, *q);
        }
        return Decision {
            order: order.id.clone(),
            outcome: Outcome::Allocated,
            reservations,
            reasons: vec![Reason::WholeOrder {
                warehouse: warehouse.code.clone(),
                distance: *distance,
            }],
        };
    }

    // Split: repeatedly use the warehouse that covers the most of what is missing.
    let mut missing: Vec<(Sku, i64)> = order
        .lines
        .iter()
        .filter(|(_, q)| *q > 0)
        .cloned()
        .collect();
    let mut reservations = Vec::new();
    let mut used = Vec::new();
    loop {
        let best = by_distance
            .iter()
            .filter(|(w, _)| !used.contains(&w.code))
            .map(|(w, d)| {
                let covered: i64 = missing
                    .iter()
                    .map(|(sku, q)| have(available, sku, &w.code).min(*q))
                    .sum();
                (w, *d, covered)
            })
            .filter(|(_, _, covered)| *covered > 0)
            .max_by(|(a, da, ca), (b, db, cb)| {
                ca.cmp(cb)
                    .then_with(|| db.cmp(da))
                    .then_with(|| b.code.cmp(&a.code))
            });
        let Some((warehouse, _, _)) = best else { break };
        for (sku, q) in missing.iter_mut() {
            let units = have(available, sku, &warehouse.code).min(*q);
            if units > 0 {
                take(available, sku, &warehouse.code, units);
                reservations.push((sku.clone(), warehouse.code.clone(), units));
                *q -= units;
            }
        }
        used.push(warehouse.code.clone());
        missing.retain(|(_, q)| *q > 0);
        if missing.is_empty() {
            break;
        }
    }
    let mut reasons = Vec::new();
    if !used.is_empty() {
        reasons.push(Reason::Split { warehouses: used });
    }
    reasons.extend(missing.iter().map(|(sku, q)| Reason::Short {
        sku: sku.clone(),
        missing: *q,
    }));
    let outcome = match (reservations.is_empty(), missing.is_empty()) {
        (_, true) => Outcome::Allocated,
        (true, false) => Outcome::Backordered,
        (false, false) => Outcome::PartiallyAllocated,
    };
    Decision {
        order: order.id.clone(),
        outcome,
        reservations,
        reasons,
    }
}

/// An order as allocation sees it: what is still unallocated per SKU, its urgency and
/// where it ships (the ship-to province, or "" when unknown).
pub fn open_order(order: &Order) -> OpenOrder<OrderId> {
    let mut lines: Vec<(Sku, i64)> = Vec::new();
    for line in &order.lines {
        let wanted = i64::from(line.open() - line.allocated.min(line.open()));
        if wanted == 0 {
            continue;
        }
        match lines.iter_mut().find(|(sku, _)| *sku == line.sku) {
            Some((_, q)) => *q += wanted,
            None => lines.push((line.sku.clone(), wanted)),
        }
    }
    OpenOrder {
        id: order.id,
        priority: order.priority,
        promised: order.promised_at,
        created_at: order.created_at,
        region: order
            .ship_to
            .as_ref()
            .map(|a| a.province.clone())
            .unwrap_or_default(),
        lines,
    }
}

/// The orders that wait for stock (confirmed, backordered or partially allocated) and
/// want `sku`: the ones to allocate again when it arrives.
pub fn waiting_for<'a>(
    sku: &'a str,
    orders: impl IntoIterator<Item = &'a Order> + 'a,
) -> impl Iterator<Item = &'a Order> + 'a {
    orders.into_iter().filter(move |o| {
        matches!(
            o.status,
            OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyAllocated
        ) && o
            .lines
            .iter()
            .any(|l| l.sku == sku && l.allocated < l.open())
    })
}

/// The command that carries out a decision.
pub fn reserve_command(decision: &Decision<OrderId>) -> Command {
    Command::ReserveOrder(ReservePlan {
        order_id: decision.order,
        reservations: decision
            .reservations
            .iter()
            .map(|(sku, location, quantity)| Reservation {
                sku: sku.clone(),
                location: location.clone(),
                quantity: u32::try_from(*quantity).unwrap_or(u32::MAX),
            })
            .collect(),
        explanation: decision
            .reasons
            .iter()
            .map(Reason::describe)
            .collect::<Vec<_>>()
            .join("; "),
    })
}

impl Reason {
    /// A short, language-neutral description for the order's history.
    pub fn describe(&self) -> String {
        match self {
            Reason::WholeOrder {
                warehouse,
                distance,
            } => {
                format!("whole order from {warehouse} (distance {distance})")
            }
            Reason::Split { warehouses } => format!("split over {}", warehouses.join(", ")),
            Reason::Short { sku, missing } => format!("{sku}: {missing} short"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0).unwrap()
    }

    fn order(id: u32, priority: u8, region: &str, lines: &[(&str, i64)]) -> OpenOrder<u32> {
        OpenOrder {
            id,
            priority,
            promised: None,
            created_at: at(1),
            region: region.into(),
            lines: lines.iter().map(|(s, q)| ((*s).into(), *q)).collect(),
        }
    }

    fn warehouses() -> Vec<Warehouse> {
        [("SH", "east"), ("BJ", "north"), ("GZ", "south")]
            .into_iter()
            .map(|(code, region)| Warehouse {
                code: code.into(),
                region: region.into(),
            })
            .collect()
    }

    fn distances() -> DistanceTable {
        let mut pairs = BTreeMap::new();
        pairs.insert(("east".into(), "north".into()), 1);
        pairs.insert(("east".into(), "south".into()), 1);
        pairs.insert(("north".into(), "south".into()), 2);
        DistanceTable { pairs, far: 9 }
    }

    fn stock(entries: &[(&str, &str, i64)]) -> Availability {
        entries
            .iter()
            .map(|(s, w, q)| (((*s).into(), (*w).into()), *q))
            .collect()
    }

    #[test]
    fn the_urgent_order_gets_the_last_unit_and_the_other_is_backordered() {
        let mut available = stock(&[("TEA", "SH", 1)]);
        let orders = [
            order(1, 0, "east", &[("TEA", 1)]),
            order(2, 9, "east", &[("TEA", 1)]),
        ];
        let decisions = allocate(&orders, &warehouses(), &distances(), &mut available);
        assert_eq!(decisions[0].order, 2, "priority first");
        assert_eq!(decisions[0].outcome, Outcome::Allocated);
        assert_eq!(decisions[1].outcome, Outcome::Backordered);
        assert_eq!(
            decisions[1].reasons,
            vec![Reason::Short {
                sku: "TEA".into(),
                missing: 1
            }]
        );
        assert_eq!(available[&("TEA".into(), "SH".into())], 0);
    }

    #[test]
    fn earlier_promises_then_older_orders_go_first() {
        let mut a = order(1, 5, "east", &[("TEA", 1)]);
        let mut b = order(2, 5, "east", &[("TEA", 1)]);
        let c = order(3, 5, "east", &[("TEA", 1)]);
        a.created_at = at(3);
        b.promised = Some(at(10));
        a.promised = Some(at(5));
        let mut available = stock(&[("TEA", "SH", 3)]);
        let order_of: Vec<u32> = allocate(&[c, b, a], &warehouses(), &distances(), &mut available)
            .into_iter()
            .map(|d| d.order)
            .collect();
        assert_eq!(order_of, vec![1, 2, 3]);
    }

    #[test]
    fn a_farther_warehouse_with_everything_beats_a_nearer_one_with_part() {
        let mut available = stock(&[("TEA", "SH", 5), ("CUP", "BJ", 5), ("TEA", "BJ", 5)]);
        let orders = [order(1, 0, "east", &[("TEA", 2), ("CUP", 2)])];
        let d = &allocate(&orders, &warehouses(), &distances(), &mut available)[0];
        assert_eq!(d.outcome, Outcome::Allocated);
        assert_eq!(
            d.reasons,
            vec![Reason::WholeOrder {
                warehouse: "BJ".into(),
                distance: 1
            }]
        );
        assert_eq!(
            d.reservations,
            vec![
                ("TEA".into(), "BJ".into(), 2),
                ("CUP".into(), "BJ".into(), 2)
            ]
        );
    }

    #[test]
    fn two_lines_of_one_sku_are_checked_together() {
        // Found by the property test: 2 + 1 mugs against 2 in stock is not a whole order.
        let mut available = stock(&[("MUG", "SH", 2)]);
        let orders = [order(1, 0, "east", &[("MUG", 2), ("MUG", 1)])];
        let d = &allocate(&orders, &warehouses(), &distances(), &mut available)[0];
        assert_eq!(d.outcome, Outcome::PartiallyAllocated);
        assert_eq!(d.reservations, vec![("MUG".into(), "SH".into(), 2)]);
        assert_eq!(
            d.reasons[1],
            Reason::Short {
                sku: "MUG".into(),
                missing: 1
            }
        );
    }

    #[test]
    fn among_whole_order_warehouses_the_nearest_wins() {
        let mut available = stock(&[("TEA", "SH", 5), ("TEA", "GZ", 5)]);
        let d = &allocate(
            &[order(1, 0, "south", &[("TEA", 1)])],
            &warehouses(),
            &distances(),
            &mut available,
        )[0];
        assert_eq!(
            d.reasons,
            vec![Reason::WholeOrder {
                warehouse: "GZ".into(),
                distance: 0
            }]
        );
    }

    #[test]
    fn a_split_uses_as_few_warehouses_as_possible_and_backorders_the_rest() {
        // SH covers 2 of 3 lines; BJ and GZ one each. Fewest splits: SH, then GZ for CUP.
        let mut available = stock(&[
            ("TEA", "SH", 5),
            ("MUG", "SH", 5),
            ("CUP", "GZ", 1),
            ("TEA", "BJ", 5),
        ]);
        let orders = [order(1, 0, "north", &[("TEA", 1), ("MUG", 1), ("CUP", 3)])];
        let d = &allocate(&orders, &warehouses(), &distances(), &mut available)[0];
        assert_eq!(d.outcome, Outcome::PartiallyAllocated);
        assert_eq!(
            d.reasons,
            vec![
                Reason::Split {
                    warehouses: vec!["SH".into(), "GZ".into()]
                },
                Reason::Short {
                    sku: "CUP".into(),
                    missing: 2
                },
            ]
        );
        let reserved: i64 = d.reservations.iter().map(|(_, _, q)| q).sum();
        assert_eq!(reserved, 3);
    }
}
