//! Pick lists: what a picker collects at one location, for one order or a wave of orders.
//!
//! Lines are aggregated by SKU and bin and sorted by the bin's walking order, so the
//! picker walks the warehouse once. Each line remembers which order lines it serves, so
//! a scan moves exactly those orders' `picked` buckets. Scans resolve a barcode (or the
//! SKU typed by hand) against the list itself: a tablet can pick offline.

use crate::command::{Context, DomainError};
use crate::location::Location;
use crate::order::{Order, OrderId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickListStatus {
    Open,
    Picked,
}

/// Units of one order line that a pick line serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickDemand {
    pub order_id: OrderId,
    pub line_no: u32,
    pub quantity: u32,
    #[serde(default)]
    pub picked: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickLine {
    pub sku: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    /// The bin to take it from; `None` when the SKU is not slotted (walked last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_order: Option<u32>,
    pub quantity: u32,
    #[serde(default)]
    pub picked: u32,
    pub demands: Vec<PickDemand>,
}

impl PickLine {
    pub fn remaining(&self) -> u32 {
        self.quantity - self.picked
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickList {
    pub id: Uuid,
    pub location: String,
    pub orders: Vec<OrderId>,
    pub lines: Vec<PickLine>,
    pub status: PickListStatus,
    #[serde(with = "crate::time")]
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub version: u64,
}

/// Builds the pick list of `orders` at `location`: every unit allocated there.
/// `barcode` looks up a SKU's barcode. Refuses an order with nothing to pick there.
pub fn build(
    id: Uuid,
    location: &Location,
    orders: &[Order],
    barcode: impl Fn(&str) -> Option<String>,
    ctx: &Context,
) -> Result<PickList, DomainError> {
    let mut lines: Vec<PickLine> = Vec::new();
    for order in orders {
        let mut any = false;
        for line in &order.lines {
            let quantity = line.allocated_at(&location.code);
            if quantity == 0 {
                continue;
            }
            any = true;
            let bin = location.bin_of(&line.sku);
            let demand = PickDemand {
                order_id: order.id,
                line_no: line.line_no,
                quantity,
                picked: 0,
            };
            let bin_code = bin.map(|b| b.code.clone());
            match lines
                .iter_mut()
                .find(|l| l.sku == line.sku && l.bin == bin_code)
            {
                Some(pick) => {
                    pick.quantity += quantity;
                    pick.demands.push(demand);
                }
                None => lines.push(PickLine {
                    sku: line.sku.clone(),
                    name: line.name.clone(),
                    barcode: barcode(&line.sku),
                    bin: bin_code,
                    walk_order: bin.map(|b| b.walk_order),
                    quantity,
                    picked: 0,
                    demands: vec![demand],
                }),
            }
        }
        if !any {
            return Err(DomainError::NothingToPick {
                order: order.number.clone(),
                location: location.code.clone(),
            });
        }
    }
    // Slotted bins in walking order, then what is not slotted; ties by bin and SKU.
    lines.sort_by(|a, b| {
        (a.walk_order.is_none(), a.walk_order, &a.bin, &a.sku).cmp(&(
            b.walk_order.is_none(),
            b.walk_order,
            &b.bin,
            &b.sku,
        ))
    });
    Ok(PickList {
        id,
        location: location.code.clone(),
        orders: orders.iter().map(|o| o.id).collect(),
        lines,
        status: PickListStatus::Open,
        created_at: ctx.now,
        created_by: ctx.actor.clone(),
        version: 1,
    })
}

/// What one scan picked: the pick line and, per order line, how many units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    pub sku: String,
    /// The bin the pick line sends the picker to.
    pub bin: Option<String>,
    pub quantity: u32,
    pub per_order_line: Vec<(OrderId, u32, u32)>,
}

impl PickList {
    /// Records a scan of `code` (a barcode or the SKU) for `quantity` units. A code not on
    /// the list is a wrong item; more units than remain is an over-pick. Either way the
    /// list is unchanged.
    pub fn scan(&mut self, code: &str, quantity: u32) -> Result<Scanned, DomainError> {
        let code = code.trim();
        if quantity == 0 {
            return Err(DomainError::Invalid(vec![crate::validation::Issue::new(
                crate::validation::IssueCode::QuantityNotPositive,
                "quantity",
            )]));
        }
        let matches = |l: &PickLine| l.barcode.as_deref() == Some(code) || l.sku == code;
        let Some((sku, bin)) = self
            .lines
            .iter()
            .find(|l| matches(l))
            .map(|l| (l.sku.clone(), l.bin.clone()))
        else {
            return Err(DomainError::WrongItem {
                code: code.to_owned(),
            });
        };
        let remaining: u32 = self
            .lines
            .iter()
            .filter(|l| matches(l))
            .map(PickLine::remaining)
            .sum();
        if quantity > remaining {
            return Err(DomainError::OverPick {
                sku,
                remaining,
                scanned: quantity,
            });
        }
        let mut left = quantity;
        let mut per_order_line = Vec::new();
        for line in self.lines.iter_mut().filter(|l| matches(l)) {
            for demand in &mut line.demands {
                let take = left.min(demand.quantity - demand.picked);
                if take > 0 {
                    demand.picked += take;
                    line.picked += take;
                    left -= take;
                    per_order_line.push((demand.order_id, demand.line_no, take));
                }
            }
        }
        if self.lines.iter().all(|l| l.remaining() == 0) {
            self.status = PickListStatus::Picked;
        }
        Ok(Scanned {
            sku,
            bin,
            quantity,
            per_order_line,
        })
    }

    /// Units of `order` still to pick on this list.
    pub fn remaining_for(&self, order: OrderId) -> u32 {
        self.lines
            .iter()
            .flat_map(|l| &l.demands)
            .filter(|d| d.order_id == order)
            .map(|d| d.quantity - d.picked)
            .sum()
    }

    /// Units of `order` picked on this list, per order line.
    pub fn picked_for(&self, order: OrderId) -> Vec<(u32, String, u32)> {
        let mut picked: Vec<(u32, String, u32)> = Vec::new();
        for line in &self.lines {
            for d in line.demands.iter().filter(|d| d.order_id == order) {
                match picked.iter_mut().find(|(no, _, _)| *no == d.line_no) {
                    Some((_, _, q)) => *q += d.picked,
                    None => picked.push((d.line_no, line.sku.clone(), d.picked)),
                }
            }
        }
        picked.sort();
        picked
    }
}
