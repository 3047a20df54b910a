//! Exceptions: something went wrong with an order and a person must act (DESIGN.md,
//! tracking & after-sales). A sync rejection is one kind: it is never dropped silently.

use crate::operation::OpId;
use crate::order::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The person who must act.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it must be resolved by (opened + the kind's SLA).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::option"
    )]
    pub due_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default)]
    pub version: u64,
}

/// How an exception was closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// A stable code such as `reshipped`, `refunded`, `address_corrected`, `retried`.
    pub code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    pub by: String,
}

impl ExceptionKind {
    /// Hours to resolve one, by kind: the after-sales SLA.
    pub fn sla_hours(self) -> i64 {
        match self {
            ExceptionKind::Address | ExceptionKind::SyncRejected => 4,
            ExceptionKind::Oversell => 8,
            ExceptionKind::Delay => 24,
            ExceptionKind::Damage | ExceptionKind::Lost => 48,
        }
    }

    /// Kinds that stop the order where it is until resolved.
    pub fn stops_the_order(self) -> bool {
        matches!(
            self,
            ExceptionKind::Damage | ExceptionKind::Lost | ExceptionKind::Address
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::Delay => "delay",
            ExceptionKind::Damage => "damage",
            ExceptionKind::Lost => "lost",
            ExceptionKind::Address => "address",
            ExceptionKind::Oversell => "oversell",
            ExceptionKind::SyncRejected => "sync_rejected",
        }
    }

    pub const ALL: [ExceptionKind; 6] = [
        ExceptionKind::Delay,
        ExceptionKind::Damage,
        ExceptionKind::Lost,
        ExceptionKind::Address,
        ExceptionKind::Oversell,
        ExceptionKind::SyncRejected,
    ];
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
            owner: None,
            due_at: Some(now + chrono::Duration::hours(ExceptionKind::SyncRejected.sla_hours())),
            resolution: None,
            version: 1,
        }
    }

    /// A sync rejection exists only in the console whose operation was rejected: the
    /// backend never had it, so it is resolved there, without an operation to sync.
    pub fn is_local(&self) -> bool {
        self.kind == ExceptionKind::SyncRejected
    }

    /// This exception, resolved with a stable `code` (trimmed) and a note.
    pub fn resolved(mut self, code: &str, note: &str, at: DateTime<Utc>, by: &str) -> Exception {
        self.status = ExceptionStatus::Resolved;
        self.resolution = Some(Resolution {
            code: code.trim().to_owned(),
            note: note.trim().to_owned(),
            at,
            by: by.to_owned(),
        });
        self.version += 1;
        self
    }

    /// Open and past its due time.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == ExceptionStatus::Open && self.due_at.is_some_and(|due| now > due)
    }

    /// The stable code before the first `:` of a backend reason (`transition_refused`).
    pub fn reason_code(&self) -> &str {
        self.detail.split(':').next().unwrap_or("").trim()
    }
}
