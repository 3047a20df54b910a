//! Customer ratings: 1 to 5 stars with an optional comment, one per order (a new rating
//! replaces the old one).

use crate::order::OrderId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub order_id: OrderId,
    pub score: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub version: u64,
}
