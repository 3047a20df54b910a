//! Shipments: one package of one order from one location, from packing to delivery.

use crate::order::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    Packed,
    Shipped,
    Delivered,
}

impl ShipmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentStatus::Packed => "packed",
            ShipmentStatus::Shipped => "shipped",
            ShipmentStatus::Delivered => "delivered",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentLine {
    pub line_no: u32,
    pub sku: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub id: Uuid,
    pub order_id: OrderId,
    pub location: String,
    pub lines: Vec<ShipmentLine>,
    /// Sum of the products' unit weights, in grams.
    pub weight_g: u64,
    pub status: ShipmentStatus,
    /// The checklist items the packer confirmed.
    #[serde(default)]
    pub checked: Vec<String>,
    #[serde(with = "crate::time")]
    pub packed_at: DateTime<Utc>,
    pub packed_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::option"
    )]
    pub shipped_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::option"
    )]
    pub delivered_at: Option<DateTime<Utc>>,
    pub version: u64,
}
