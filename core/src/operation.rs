//! The operation: a command with its idempotency key, its place in the client's sequence,
//! its time and actor. This is the unit of the outbox and of `POST /v1/push`.

use crate::command::Command;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A UUID v7; the idempotency key of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpId(pub Uuid);

/// One per IndexedDB database (one console installation or tenant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientId(pub Uuid);

/// `{"id", "client_id", "seq", "at", "actor", "type", "data"}` (DESIGN.md, sync protocol).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    pub id: OpId,
    pub client_id: ClientId,
    /// Increases by one per client, starting at 1.
    pub seq: u64,
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    pub actor: String,
    #[serde(flatten)]
    pub command: Command,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{CreateOrder, OrderDraft};
    use crate::money::Currency;
    use crate::order::{Channel, CustomerInfo, LineDraft, OrderId};
    use chrono::TimeZone;

    #[test]
    fn round_trips_in_the_protocol_shape() {
        let op = Operation {
            id: OpId(Uuid::from_u128(7)),
            client_id: ClientId(Uuid::from_u128(9)),
            seq: 42,
            at: Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap(),
            actor: "staff-7".into(),
            command: Command::CreateOrder(Box::new(CreateOrder {
                id: OrderId(Uuid::from_u128(1)),
                number: "SO-1".into(),
                order: OrderDraft {
                    channel: Channel::Manual,
                    external_ref: None,
                    customer: CustomerInfo {
                        name: "Ann".into(),
                        phone: None,
                        email: None,
                    },
                    ship_to: None,
                    currency: Currency::USD,
                    lines: vec![LineDraft {
                        sku: "A".into(),
                        name: "A".into(),
                        quantity: 1,
                        unit_price: 100,
                    }],
                    priority: 0,
                    tags: Vec::new(),
                    promised_at: None,
                },
            })),
        };
        let json = serde_json::to_value(&op).unwrap();
        assert_eq!(json["seq"], 42);
        assert_eq!(json["at"], "2026-12-04T10:00:00.000Z");
        assert_eq!(json["type"], "order.create");
        assert_eq!(json["data"]["number"], "SO-1");
        let back: Operation = serde_json::from_value(json).unwrap();
        assert_eq!(back, op);
    }
}
