//! The client record: this database's identity and counters, kept in `meta`.

use super::error::{Doing, StoreError};
use super::ids;
use super::record::{from_js, to_js};
use super::schema::META;
use super::tx::TxConnection;
use chrono::{DateTime, Utc};
use orderly_core::ClientId;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub const KEY: &str = "client";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRecord {
    pub key: String,
    pub client_id: ClientId,
    /// The `seq` the next operation gets.
    pub next_seq: u64,
    /// The counter in the next order number.
    pub next_order_no: u64,
    /// The backend's `last_seq` for this client, as last heard (schema 3).
    #[serde(default)]
    pub last_seq: u64,
    /// The opaque pull cursor (schema 3); empty means "from the start".
    #[serde(default)]
    pub cursor: String,
    /// When a sync last completed (schema 3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_time"
    )]
    pub last_sync_at: Option<DateTime<Utc>>,
}

mod optional_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => orderly_core::time::serialize(at, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

/// Reads the client record, creating it on first use. Runs in one read-write transaction,
/// so two tabs opening a new database at once still agree on one client id.
pub async fn ensure(conn: &TxConnection) -> Result<ClientRecord, StoreError> {
    let tx = conn.transaction(
        &[META],
        TransactionMode::ReadWrite,
        "creating the client identity",
    )?;
    let meta = tx.store(META).doing("reading the client identity")?;
    let found = meta
        .get(JsValue::from_str(KEY))
        .await
        .doing("reading the client identity")?;
    let record = match found {
        Some(value) => from_js(value, META)?,
        None => {
            let record = ClientRecord {
                key: KEY.into(),
                client_id: ClientId(ids::uuid_v4()),
                next_seq: 1,
                next_order_no: 1,
                last_seq: 0,
                cursor: String::new(),
                last_sync_at: None,
            };
            meta.put(&to_js(&record)?, None)
                .await
                .doing("creating the client identity")?;
            record
        }
    };
    tx.done().await?;
    Ok(record)
}
