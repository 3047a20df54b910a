//! Orders and their lines.

use crate::money::{Currency, Money};
use crate::status::OrderStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrderId(pub Uuid);

impl std::fmt::Display for OrderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where an order came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Manual,
    Phone,
    Email,
    Shopify,
    Woocommerce,
    Taobao,
    Tmall,
    Csv,
    Api,
}

impl Channel {
    /// The channels a clerk can pick when entering an order by hand.
    pub const MANUAL_ENTRY: [Channel; 3] = [Channel::Manual, Channel::Phone, Channel::Email];

    /// The stable wire name, also the i18n key suffix (`channel.<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Manual => "manual",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Shopify => "shopify",
            Channel::Woocommerce => "woocommerce",
            Channel::Taobao => "taobao",
            Channel::Tmall => "tmall",
            Channel::Csv => "csv",
            Channel::Api => "api",
        }
    }

    pub fn parse(name: &str) -> Option<Channel> {
        [
            Channel::Manual,
            Channel::Phone,
            Channel::Email,
            Channel::Shopify,
            Channel::Woocommerce,
            Channel::Taobao,
            Channel::Tmall,
            Channel::Csv,
            Channel::Api,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
    }
}

/// The customer as written on the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInfo {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A line as entered, before it is part of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDraft {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    /// Unit price in minor units of the order's currency.
    pub unit_price: i64,
}

/// One line of an order, with how far its units have come.
///
/// `quantity` is the ordered quantity. The buckets are cumulative counts of units that
/// reached a stage: `allocated ≥ picked ≥ packed ≥ shipped ≥ returned`, and
/// `allocated + cancelled ≤ quantity`. [`crate::line_buckets`] checks them and derives the
/// order's fulfilment stage from them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub line_no: u32,
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub amount: Money,
    #[serde(default)]
    pub allocated: u32,
    #[serde(default)]
    pub picked: u32,
    #[serde(default)]
    pub packed: u32,
    #[serde(default)]
    pub shipped: u32,
    #[serde(default)]
    pub returned: u32,
    #[serde(default)]
    pub cancelled: u32,
    /// Where the allocated units are reserved; the quantities add up to `allocated`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<LineAllocation>,
}

/// Units of one line reserved at one location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAllocation {
    pub location: String,
    pub quantity: u32,
}

impl OrderLine {
    /// A line as ordered, nothing done yet.
    pub fn ordered(
        line_no: u32,
        sku: String,
        name: String,
        quantity: u32,
        unit_price: Money,
        amount: Money,
    ) -> OrderLine {
        OrderLine {
            line_no,
            sku,
            name,
            quantity,
            unit_price,
            amount,
            allocated: 0,
            picked: 0,
            packed: 0,
            shipped: 0,
            returned: 0,
            cancelled: 0,
            allocations: Vec::new(),
        }
    }

    /// Units still wanted: ordered and not cancelled.
    pub fn open(&self) -> u32 {
        self.quantity - self.cancelled.min(self.quantity)
    }

    /// Units reserved at `location`.
    pub fn allocated_at(&self, location: &str) -> u32 {
        self.allocations
            .iter()
            .filter(|a| a.location == location)
            .map(|a| a.quantity)
            .sum()
    }
}

/// One status change, with who made it, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    /// Human-facing number, unique per console (`SO-` + client prefix + counter).
    pub number: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    pub customer: CustomerInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<crate::address::Address>,
    pub currency: Currency,
    pub lines: Vec<OrderLine>,
    pub total: Money,
    /// Higher is more urgent.
    #[serde(default)]
    pub priority: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::option"
    )]
    pub promised_at: Option<DateTime<Utc>>,
    /// The person or team responsible for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    pub status: OrderStatus,
    #[serde(with = "crate::time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::time")]
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; sync compares it (DESIGN.md, sync protocol).
    pub version: u64,
    pub history: Vec<HistoryEntry>,
    /// The pick lists that pick this order, one per location at most.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pick_lists: Vec<PickListRef>,
    /// Its shipments (packages), in the order they were packed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipments: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickListRef {
    pub id: Uuid,
    pub location: String,
}

/// The human-facing order number: `SO-` + the first four hex digits of the client id +
/// a six-digit counter kept by that client, e.g. `SO-4F2A-000123`. Two consoles never
/// collide unless their client ids share a prefix, and the counter keeps numbers short.
pub fn order_number(client: &crate::ClientId, counter: u64) -> String {
    let prefix: String = client.0.simple().to_string().chars().take(4).collect();
    format!("SO-{}-{counter:06}", prefix.to_uppercase())
}

impl Order {
    pub fn item_count(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.quantity)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_carry_the_client_prefix_and_counter() {
        let client =
            crate::ClientId(Uuid::parse_str("4f2a9c00-0000-4000-8000-000000000000").unwrap());
        assert_eq!(order_number(&client, 123), "SO-4F2A-000123");
        assert_eq!(order_number(&client, 1_234_567), "SO-4F2A-1234567");
    }
}
