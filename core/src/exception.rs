//! Exceptions: something went wrong with an order and a person must act (DESIGN.md,
//! tracking & after-sales). A sync rejection is one kind: it is never dropped silently.

use crate::operation::OpId;
use crate::order::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    Delay,
    Damage,
    Lost,
    Address,
    Oversell,
    SyncRejected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionStatus {
    Open,
    Resolved,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub id: Uuid,
    pub kind: ExceptionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// The rejected operation, for a sync rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<OpId>,
    /// What happened, e.g. the backend's reason (`insufficient_stock: …`).
    pub detail: String,
    pub status: ExceptionStatus,
    #[serde(with = "crate::time")]
    pub opened_at: DateTime<Utc>,
}

impl Exception {
    /// The exception for an operation the backend rejected. Its id is the operation's, so
    /// hearing the same rejection twice yields the same exception, not a second one.
    pub fn sync_rejected(
        op: &crate::operation::Operation,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Exception {
        Exception {
            id: op.id.0,
            kind: ExceptionKind::SyncRejected,
            order_id: op.command.order_id(),
            op_id: Some(op.id),
            detail: reason.to_owned(),
            status: ExceptionStatus::Open,
            opened_at: now,
        }
    }

    /// The stable code before the first `:` of a backend reason (`transition_refused`).
    pub fn reason_code(&self) -> &str {
        self.detail.split(':').next().unwrap_or("").trim()
    }
}
