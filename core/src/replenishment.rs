//! Stock alerts and replenishment suggestions, per product over all its locations.
//!
//! - Out of stock: nothing available.
//! - Below safety stock: available is under the product's safety stock.
//! - Reorder: available + incoming has fallen to the reorder point.
//!
//! A suggestion orders the product's reorder quantity, or — when none is set — enough to
//! cover the recent daily demand over the lead time plus a review period, on top of the
//! safety stock, minus what is available and incoming.

use crate::product::Product;
use crate::stock::{Level, StockLevel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    OutOfStock,
    BelowSafetyStock,
    Reorder,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockAlert {
    pub sku: String,
    pub kind: AlertKind,
    pub available: i64,
    pub incoming: i64,
    /// The threshold crossed (safety stock or reorder point; 0 for out of stock).
    pub threshold: i64,
}

/// The levels of one product summed over locations.
pub fn total(levels: impl IntoIterator<Item = Level>) -> Level {
    levels.into_iter().fold(Level::default(), |sum, l| Level {
        on_hand: sum.on_hand + l.on_hand,
        reserved: sum.reserved + l.reserved,
        picked: sum.picked + l.picked,
        incoming: sum.incoming + l.incoming,
    })
}

/// Each SKU's levels summed over its locations.
pub fn totals<'a>(levels: impl IntoIterator<Item = &'a StockLevel>) -> BTreeMap<String, Level> {
    let mut sums: BTreeMap<String, Level> = BTreeMap::new();
    for level in levels {
        let sum = sums.entry(level.sku.clone()).or_default();
        *sum = total([*sum, level.level]);
    }
    sums
}

/// Every alert that holds for `product` at `level` (its total), most severe first.
pub fn alerts(product: &Product, level: &Level) -> Vec<StockAlert> {
    let available = level.available();
    let alert = |kind, threshold| StockAlert {
        sku: product.sku.clone(),
        kind,
        available,
        incoming: level.incoming,
        threshold,
    };
    let mut alerts = Vec::new();
    if !product.active {
        return alerts;
    }
    if available <= 0 {
        alerts.push(alert(AlertKind::OutOfStock, 0));
    }
    if available < product.safety_stock {
        alerts.push(alert(AlertKind::BelowSafetyStock, product.safety_stock));
    }
    if product.reorder_point > 0 && available + level.incoming <= product.reorder_point {
        alerts.push(alert(AlertKind::Reorder, product.reorder_point));
    }
    alerts
}

/// Recent demand: units ordered over a number of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Demand {
    pub units: i64,
    pub days: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    /// The product's fixed reorder quantity.
    ReorderQuantity,
    /// Daily demand (in thousandths of a unit) × (lead time + review days) + safety stock.
    DemandRate {
        daily_milli: i64,
        lead_time_days: u32,
        review_days: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub sku: String,
    pub quantity: i64,
    pub basis: Basis,
}

/// What to order now, if anything: only when the reorder point (or, without one, the
/// safety stock) is reached.
pub fn suggest(
    product: &Product,
    level: &Level,
    demand: Demand,
    review_days: u32,
) -> Option<Suggestion> {
    if !product.active {
        return None;
    }
    let position = level.available() + level.incoming;
    let trigger = if product.reorder_point > 0 {
        product.reorder_point
    } else {
        product.safety_stock
    };
    if position > trigger {
        return None;
    }
    if product.reorder_quantity > 0 {
        return Some(Suggestion {
            sku: product.sku.clone(),
            quantity: product.reorder_quantity,
            basis: Basis::ReorderQuantity,
        });
    }
    let days = i64::from(demand.days.max(1));
    let daily_milli = demand.units.max(0) * 1000 / days;
    let horizon = i64::from(product.lead_time_days + review_days);
    // Round the demand over the horizon up to whole units.
    let needed = (daily_milli * horizon + 999) / 1000 + product.safety_stock;
    let quantity = needed - position;
    (quantity > 0).then(|| Suggestion {
        sku: product.sku.clone(),
        quantity,
        basis: Basis::DemandRate {
            daily_milli,
            lead_time_days: product.lead_time_days,
            review_days,
        },
    })
}

/// Days the available stock lasts at the recent demand; `None` without demand.
pub fn days_of_cover(level: &Level, demand: Demand) -> Option<i64> {
    if demand.units <= 0 {
        return None;
    }
    Some(level.available().max(0) * i64::from(demand.days.max(1)) / demand.units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    fn tea(reorder_quantity: i64) -> Product {
        Product {
            sku: "TEA".into(),
            barcode: None,
            name: "Tea".into(),
            price: Money::new(16_800, Currency::CNY),
            weight_g: 300,
            dimensions: None,
            category: "food".into(),
            safety_stock: 10,
            reorder_point: 20,
            reorder_quantity,
            lead_time_days: 7,
            active: true,
            version: 1,
            rev: None,
        }
    }

    fn level(on_hand: i64, reserved: i64, incoming: i64) -> Level {
        Level {
            on_hand,
            reserved,
            picked: 0,
            incoming,
        }
    }

    #[test]
    fn alerts_follow_the_thresholds_over_all_locations() {
        let shanghai = level(12, 4, 0);
        let beijing = level(3, 3, 5);
        let sum = total([shanghai, beijing]);
        assert_eq!((sum.available(), sum.incoming), (8, 5));
        let kinds: Vec<_> = alerts(&tea(0), &sum).iter().map(|a| a.kind).collect();
        assert_eq!(kinds, [AlertKind::BelowSafetyStock, AlertKind::Reorder]);
        let kinds: Vec<_> = alerts(&tea(0), &level(2, 2, 0))
            .iter()
            .map(|a| a.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                AlertKind::OutOfStock,
                AlertKind::BelowSafetyStock,
                AlertKind::Reorder
            ]
        );
        assert!(alerts(&tea(0), &level(40, 0, 0)).is_empty());
    }

    #[test]
    fn suggestions_use_the_reorder_quantity_or_the_demand_rate() {
        let low = level(15, 0, 3);
        let fixed = suggest(&tea(50), &low, Demand { units: 0, days: 30 }, 7).unwrap();
        assert_eq!((fixed.quantity, fixed.basis), (50, Basis::ReorderQuantity));
        // 60 units in 30 days = 2 a day; 7 days lead + 7 review = 28, + 10 safety = 38,
        // minus 18 on hand and incoming = 20.
        let rate = suggest(
            &tea(0),
            &low,
            Demand {
                units: 60,
                days: 30,
            },
            7,
        )
        .unwrap();
        assert_eq!(rate.quantity, 20);
        assert_eq!(
            rate.basis,
            Basis::DemandRate {
                daily_milli: 2000,
                lead_time_days: 7,
                review_days: 7
            }
        );
        assert_eq!(
            suggest(
                &tea(50),
                &level(30, 0, 0),
                Demand {
                    units: 60,
                    days: 30
                },
                7
            ),
            None
        );
        assert_eq!(
            days_of_cover(
                &low,
                Demand {
                    units: 60,
                    days: 30
                }
            ),
            Some(7)
        );
    }

    #[test]
    fn totals_sum_each_skus_levels_over_its_locations() {
        let level = |sku: &str, location: &str, on_hand: i64, reserved: i64| StockLevel {
            sku: sku.into(),
            location: location.into(),
            level: Level {
                on_hand,
                reserved,
                ..Level::default()
            },
            bins: Default::default(),
            version: 1,
        };
        let sums = totals(&[
            level("TEA", "SH-01", 5, 2),
            level("MUG", "SH-01", 3, 0),
            level("TEA", "HZ-01", 4, 1),
        ]);
        assert_eq!(sums.len(), 2);
        assert_eq!((sums["TEA"].on_hand, sums["TEA"].available()), (9, 6));
        assert_eq!(sums["MUG"].available(), 3);
    }
}
