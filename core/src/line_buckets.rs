//! Per-line quantity buckets and the order status they imply.
//!
//! Every line counts how many of its units were allocated, picked, packed, shipped,
//! returned and cancelled. The order's fulfilment [`Stage`] is derived from those counts,
//! and [`check`] says whether a stored status agrees with them: an order cannot be
//! `packed` while a unit is still on the shelf, nor `allocated` with nothing reserved.

use crate::order::{Order, OrderLine};
use crate::status::OrderStatus;
use serde::{Deserialize, Serialize};

/// How far an order's units have come, read from its lines alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Nothing reserved yet.
    Unallocated,
    /// Some open units reserved, not all; nothing picked.
    PartiallyAllocated,
    /// Every open unit reserved; nothing picked.
    Allocated,
    /// Picking or packing under way: something wanted is not packed yet.
    Picking,
    /// Every open unit is packed; something is not shipped yet.
    Packed,
    /// Every open unit has shipped (returns do not change that).
    Shipped,
    /// Every unit is cancelled.
    Cancelled,
}

/// A line whose buckets contradict each other, or a status its buckets do not allow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BucketError {
    #[error("line {line_no}: {bucket} ({value}) exceeds {limit_name} ({limit})")]
    Exceeds {
        line_no: u32,
        bucket: &'static str,
        value: u32,
        limit_name: &'static str,
        limit: u32,
    },
    #[error("line {line_no}: allocations add up to {sum}, allocated is {allocated}")]
    Allocations {
        line_no: u32,
        sum: u32,
        allocated: u32,
    },
    #[error("status {} does not match the lines, which are {stage:?}", status.as_str())]
    Status { status: OrderStatus, stage: Stage },
}

/// Checks one line's buckets against each other.
pub fn check_line(line: &OrderLine) -> Result<(), BucketError> {
    let exceeds = |bucket, value: u32, limit_name, limit: u32| {
        if value > limit {
            Err(BucketError::Exceeds {
                line_no: line.line_no,
                bucket,
                value,
                limit_name,
                limit,
            })
        } else {
            Ok(())
        }
    };
    exceeds(
        "allocated + cancelled",
        line.allocated.saturating_add(line.cancelled),
        "quantity",
        line.quantity,
    )?;
    exceeds("picked", line.picked, "allocated", line.allocated)?;
    exceeds("packed", line.packed, "picked", line.picked)?;
    exceeds("shipped", line.shipped, "packed", line.packed)?;
    exceeds("returned", line.returned, "shipped", line.shipped)?;
    let sum: u32 = line.allocations.iter().map(|a| a.quantity).sum();
    if sum != line.allocated {
        return Err(BucketError::Allocations {
            line_no: line.line_no,
            sum,
            allocated: line.allocated,
        });
    }
    Ok(())
}

/// The stage the lines are at.
pub fn stage(lines: &[OrderLine]) -> Stage {
    let sum = |f: fn(&OrderLine) -> u32| lines.iter().map(f).sum::<u32>();
    let open = sum(OrderLine::open);
    let allocated = sum(|l| l.allocated);
    if open == 0 {
        return Stage::Cancelled;
    }
    if allocated == 0 {
        return Stage::Unallocated;
    }
    if lines.iter().all(|l| l.shipped == l.open()) {
        return Stage::Shipped;
    }
    if lines.iter().all(|l| l.packed == l.open()) {
        return Stage::Packed;
    }
    if sum(|l| l.picked) > 0 {
        return Stage::Picking;
    }
    if lines.iter().all(|l| l.allocated == l.open()) {
        Stage::Allocated
    } else {
        Stage::PartiallyAllocated
    }
}

/// The stages a status may be stored with.
fn allowed(status: OrderStatus) -> &'static [Stage] {
    use OrderStatus::*;
    match status {
        New | Validated | Confirmed | Backordered => &[Stage::Unallocated],
        PartiallyAllocated => &[Stage::PartiallyAllocated],
        Allocated => &[Stage::Allocated],
        // A pick list exists: scanning may not have started, and with a partial
        // allocation the rest stays open.
        Picking => &[Stage::Allocated, Stage::PartiallyAllocated, Stage::Picking],
        Packed => &[Stage::Packed],
        Shipped | Delivered | Closed => &[Stage::Shipped],
        Cancelled => &[Stage::Cancelled],
        // A hold or an exception can happen at any stage.
        OnHold | Exception => &[
            Stage::Unallocated,
            Stage::PartiallyAllocated,
            Stage::Allocated,
            Stage::Picking,
            Stage::Packed,
            Stage::Shipped,
        ],
    }
}

/// Checks every line, then that the order's status agrees with the stage of its lines.
pub fn check(order: &Order) -> Result<(), BucketError> {
    order.lines.iter().try_for_each(check_line)?;
    let stage = stage(&order.lines);
    if allowed(order.status).contains(&stage) {
        Ok(())
    } else {
        Err(BucketError::Status {
            status: order.status,
            stage,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::order::LineAllocation;

    fn line(quantity: u32) -> OrderLine {
        let price = Money::new(100, Currency::CNY);
        OrderLine::ordered(1, "TEA".into(), "Tea".into(), quantity, price, price)
    }

    fn allocate(line: &mut OrderLine, quantity: u32) {
        line.allocated += quantity;
        line.allocations.push(LineAllocation {
            location: "SH-01".into(),
            quantity,
        });
    }

    #[test]
    fn the_stage_follows_the_least_advanced_unit() {
        let mut l = line(3);
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Unallocated);
        allocate(&mut l, 2);
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::PartiallyAllocated);
        allocate(&mut l, 1);
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Allocated);
        l.picked = 1;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Picking);
        l.picked = 3;
        l.packed = 3;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Packed);
        l.shipped = 3;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Shipped);
        l.returned = 1;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Shipped);
    }

    #[test]
    fn an_unallocated_remainder_keeps_the_order_from_counting_as_packed() {
        let mut l = line(3);
        allocate(&mut l, 2);
        l.picked = 2;
        l.packed = 2;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Picking);
    }

    #[test]
    fn a_cancelled_remainder_lets_the_rest_ship() {
        let mut l = line(3);
        allocate(&mut l, 2);
        l.cancelled = 1;
        assert_eq!(stage(std::slice::from_ref(&l)), Stage::Allocated);
        let mut all = line(3);
        all.cancelled = 3;
        assert_eq!(stage(&[all]), Stage::Cancelled);
    }

    #[test]
    fn contradicting_buckets_name_the_line_and_the_rule() {
        let mut l = line(2);
        allocate(&mut l, 2);
        l.picked = 1;
        l.packed = 2;
        assert_eq!(
            check_line(&l),
            Err(BucketError::Exceeds {
                line_no: 1,
                bucket: "packed",
                value: 2,
                limit_name: "picked",
                limit: 1
            })
        );
        let mut l = line(2);
        l.allocated = 1;
        assert_eq!(
            check_line(&l),
            Err(BucketError::Allocations {
                line_no: 1,
                sum: 0,
                allocated: 1
            })
        );
        let mut l = line(2);
        l.cancelled = 2;
        allocate(&mut l, 1);
        assert!(matches!(
            check_line(&l),
            Err(BucketError::Exceeds {
                bucket: "allocated + cancelled",
                ..
            })
        ));
    }

    #[test]
    fn every_status_allows_at_least_one_stage() {
        for status in OrderStatus::ALL {
            assert!(!allowed(status).is_empty(), "{status:?}");
        }
    }
}
