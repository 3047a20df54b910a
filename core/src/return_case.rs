//! Returns and exchanges: a state machine as data, like the order's, with every move in
//! the case's history.
//!
//! requested → approved | refused; approved → received (the order line's `returned`
//! bucket grows); received → inspected (restocked units go back on hand with a `return`
//! movement, scrapped ones do not); inspected → refunded (at most what was paid for the
//! returned units) | exchanged (a linked new order for the same items, at no charge).

use crate::money::Money;
use crate::order::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    Requested,
    Approved,
    Refused,
    Received,
    Inspected,
    Refunded,
    Exchanged,
}

use ReturnStatus::*;

/// Every allowed move of a return case.
pub const TRANSITIONS: &[(ReturnStatus, ReturnStatus)] = &[
    (Requested, Approved),
    (Requested, Refused),
    (Approved, Received),
    (Received, Inspected),
    (Inspected, Refunded),
    (Inspected, Exchanged),
];

impl ReturnStatus {
    pub fn can_move_to(self, to: ReturnStatus) -> bool {
        TRANSITIONS.contains(&(self, to))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Requested => "requested",
            Approved => "approved",
            Refused => "refused",
            Received => "received",
            Inspected => "inspected",
            Refunded => "refunded",
            Exchanged => "exchanged",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnReason {
    Damaged,
    WrongItem,
    NotAsDescribed,
    ChangedMind,
    Late,
    Other,
}

impl ReturnReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnReason::Damaged => "damaged",
            ReturnReason::WrongItem => "wrong_item",
            ReturnReason::NotAsDescribed => "not_as_described",
            ReturnReason::ChangedMind => "changed_mind",
            ReturnReason::Late => "late",
            ReturnReason::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub line_no: u32,
    pub sku: String,
    pub quantity: u32,
    pub reason: ReturnReason,
    /// Set by the inspection: units put back into stock, and units scrapped.
    #[serde(default)]
    pub restocked: u32,
    #[serde(default)]
    pub scrapped: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnHistory {
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ReturnStatus>,
    pub to: ReturnStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnCase {
    pub id: Uuid,
    pub order_id: OrderId,
    pub lines: Vec<ReturnLine>,
    pub status: ReturnStatus,
    /// Where the goods came back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Money>,
    /// The new order sent in exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_order: Option<OrderId>,
    #[serde(with = "crate::time")]
    pub created_at: DateTime<Utc>,
    pub history: Vec<ReturnHistory>,
    pub version: u64,
}
