//! The order state machine, as data.
//!
//! Like OFBiz's `StatusValidChange`, the allowed transitions are a table, not code spread
//! over handlers: [`OrderStatus::can_move_to`] reads it, every transition is recorded in
//! the order's history, and a refused one names the pair that is not in the table.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    Validated,
    OnHold,
    Confirmed,
    PartiallyAllocated,
    Allocated,
    Backordered,
    Picking,
    Packed,
    Shipped,
    Delivered,
    Closed,
    Cancelled,
    Exception,
}

use OrderStatus::*;

/// Every allowed `(from, to)` pair. Anything else is refused.
pub const TRANSITIONS: &[(OrderStatus, OrderStatus)] = &[
    (New, Validated),
    (New, OnHold),
    (New, Cancelled),
    (Validated, Confirmed),
    (Validated, OnHold),
    (Validated, Cancelled),
    (OnHold, New),
    (OnHold, Validated),
    (OnHold, Cancelled),
    (Confirmed, Allocated),
    (Confirmed, PartiallyAllocated),
    (Confirmed, Backordered),
    (Confirmed, OnHold),
    (Confirmed, Cancelled),
    (PartiallyAllocated, Allocated),
    (PartiallyAllocated, Picking),
    (PartiallyAllocated, Confirmed),
    (PartiallyAllocated, Cancelled),
    (Backordered, Allocated),
    (Backordered, PartiallyAllocated),
    (Backordered, Confirmed),
    (Backordered, Cancelled),
    (Allocated, Picking),
    (Allocated, Confirmed),
    (Allocated, Cancelled),
    (Picking, Packed),
    (Picking, Allocated),
    (Picking, Exception),
    (Packed, Shipped),
    (Packed, Exception),
    (Shipped, Delivered),
    (Shipped, Exception),
    (Delivered, Closed),
    (Delivered, Exception),
    // The ways back from an exception, once it is resolved.
    (Exception, Confirmed),
    (Exception, Allocated),
    (Exception, Picking),
    (Exception, Packed),
    (Exception, Shipped),
    (Exception, Delivered),
    (Exception, Closed),
    (Exception, Cancelled),
    (New, Exception),
    (Confirmed, Exception),
    (Allocated, Exception),
];

impl OrderStatus {
    pub const ALL: [OrderStatus; 14] = [
        New,
        Validated,
        OnHold,
        Confirmed,
        PartiallyAllocated,
        Allocated,
        Backordered,
        Picking,
        Packed,
        Shipped,
        Delivered,
        Closed,
        Cancelled,
        Exception,
    ];

    pub fn can_move_to(self, to: OrderStatus) -> bool {
        TRANSITIONS.contains(&(self, to))
    }

    /// No transition leaves a terminal status.
    pub fn is_terminal(self) -> bool {
        !TRANSITIONS.iter().any(|(from, _)| *from == self)
    }

    /// The stable wire name, also the i18n key suffix (`status.<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            New => "new",
            Validated => "validated",
            OnHold => "on_hold",
            Confirmed => "confirmed",
            PartiallyAllocated => "partially_allocated",
            Allocated => "allocated",
            Backordered => "backordered",
            Picking => "picking",
            Packed => "packed",
            Shipped => "shipped",
            Delivered => "delivered",
            Closed => "closed",
            Cancelled => "cancelled",
            Exception => "exception",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_closed_and_cancelled_are_terminal() {
        let terminal: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(terminal, vec![Closed, Cancelled]);
    }

    #[test]
    fn every_status_but_new_is_reachable_from_new() {
        let mut reached = vec![New];
        let mut frontier = vec![New];
        while let Some(s) = frontier.pop() {
            for (_, to) in TRANSITIONS.iter().filter(|(from, _)| *from == s) {
                if !reached.contains(to) {
                    reached.push(*to);
                    frontier.push(*to);
                }
            }
        }
        reached.sort();
        assert_eq!(reached, OrderStatus::ALL.to_vec());
    }

    #[test]
    fn wire_names_match_serde() {
        for s in OrderStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }

    #[test]
    fn shipping_skips_no_stage() {
        assert!(!New.can_move_to(Shipped));
        assert!(!Confirmed.can_move_to(Picking));
        assert!(Packed.can_move_to(Shipped));
        assert!(!Closed.can_move_to(New));
    }
}
