//! Where each kind of record lives in IndexedDB: the local view (one store per entity) and
//! the backend's copy (`server_orders` for orders, `server_records` for the rest). The
//! mapping from `orderly_core::state::Key` to a store and an IndexedDB key is here once.

use super::error::{Doing, StoreError};
use super::record::{from_js, to_js};
use super::schema::*;
use super::tx::Tx;
use orderly_core::state::{Entity, Key};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Every store that holds a local record, for transactions that may touch any of them.
pub const LOCAL_STORES: &[&str] = &[
    ORDERS,
    STOCK_LEVELS,
    STOCK_MOVEMENTS,
    PRODUCTS,
    LOCATIONS,
    CUSTOMERS,
    PRICE_LISTS,
    CHECKLISTS,
    PICK_LISTS,
    SHIPMENTS,
    EXCEPTIONS,
    RETURNS,
    RATINGS,
    ASSIGNMENT_RULES,
    CARRIER_RATES,
];

/// The backend's copies.
pub const SERVER_STORES: &[&str] = &[SERVER_ORDERS, SERVER_RECORDS];

fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

fn pair(a: &str, b: &str) -> JsValue {
    js_sys::Array::of2(&text(a), &text(b)).into()
}

/// The local store of a record and its key there.
pub fn local_place(key: &Key) -> (&'static str, JsValue) {
    match key {
        Key::Order(id) => (ORDERS, text(&id.to_string())),
        Key::Stock { sku, location } => (STOCK_LEVELS, pair(sku, location)),
        Key::Product(sku) => (PRODUCTS, text(sku)),
        Key::Location(code) => (LOCATIONS, text(code)),
        Key::Customer(id) => (CUSTOMERS, text(&id.to_string())),
        Key::PriceList(currency) => (PRICE_LISTS, text(currency)),
        Key::Checklist(category) => (CHECKLISTS, text(category)),
        Key::PickList(id) => (PICK_LISTS, text(&id.to_string())),
        Key::Shipment(id) => (SHIPMENTS, text(&id.to_string())),
        Key::Exception(id) => (EXCEPTIONS, text(&id.to_string())),
        Key::ReturnCase(id) => (RETURNS, text(&id.to_string())),
        Key::Rating(order) => (RATINGS, text(&order.to_string())),
        Key::AssignmentRule(id) => (ASSIGNMENT_RULES, text(id)),
        Key::CarrierRate { carrier, service } => (CARRIER_RATES, pair(carrier, service)),
    }
}

fn decode(key: &Key, value: JsValue, store: &'static str) -> Result<Entity, StoreError> {
    let json: serde_json::Value = from_js(value, store)?;
    Entity::from_json(key.entity(), &key.id(), json).map_err(|e| StoreError::Decode {
        store,
        reason: e.to_string(),
    })
}

/// The local record under `key`, if any.
pub async fn read_local(tx: &Tx, key: &Key) -> Result<Option<Entity>, StoreError> {
    let (name, id) = local_place(key);
    let found = tx
        .store(name)
        .doing("reading a record")?
        .get(id)
        .await
        .doing("reading a record")?;
    found.map(|v| decode(key, v, name)).transpose()
}

/// Writes a record into its local store (replacing the older version).
pub async fn write_local(tx: &Tx, entity: &Entity) -> Result<(), StoreError> {
    let (name, _) = local_place(&entity.key());
    tx.store(name)
        .doing("saving a record")?
        .put(&to_js(&entity.to_json())?, None)
        .await
        .doing("saving a record")?;
    Ok(())
}

pub async fn delete_local(tx: &Tx, key: &Key) -> Result<(), StoreError> {
    let (name, id) = local_place(key);
    tx.store(name)
        .doing("removing a record")?
        .delete(id)
        .await
        .doing("removing a record")
}

/// A backend copy in `server_records`.
#[derive(Serialize, Deserialize)]
struct ServerRecord {
    entity: String,
    id: String,
    version: u64,
    data: serde_json::Value,
}

/// The backend's copy of the record under `key`, if one was pulled.
pub async fn read_server(tx: &Tx, key: &Key) -> Result<Option<Entity>, StoreError> {
    let doing = "reading the backend's copy";
    if let Key::Order(id) = key {
        let found = tx
            .store(SERVER_ORDERS)
            .doing(doing)?
            .get(text(&id.to_string()))
            .await
            .doing(doing)?;
        return found.map(|v| decode(key, v, SERVER_ORDERS)).transpose();
    }
    let found = tx
        .store(SERVER_RECORDS)
        .doing(doing)?
        .get(pair(key.entity(), &key.id()))
        .await
        .doing(doing)?;
    match found {
        Some(value) => {
            let record: ServerRecord = from_js(value, SERVER_RECORDS)?;
            Entity::from_json(&record.entity, &record.id, record.data)
                .map(Some)
                .map_err(|e| StoreError::Decode {
                    store: SERVER_RECORDS,
                    reason: e.to_string(),
                })
        }
        None => Ok(None),
    }
}

pub async fn write_server(tx: &Tx, entity: &Entity) -> Result<(), StoreError> {
    let doing = "storing the backend's copy";
    let key = entity.key();
    let (name, value) = match key {
        Key::Order(_) => (SERVER_ORDERS, to_js(&entity.to_json())?),
        _ => (
            SERVER_RECORDS,
            to_js(&ServerRecord {
                entity: key.entity().to_owned(),
                id: key.id(),
                version: entity.version(),
                data: entity.to_json(),
            })?,
        ),
    };
    tx.store(name)
        .doing(doing)?
        .put(&value, None)
        .await
        .doing(doing)?;
    Ok(())
}

pub async fn delete_server(tx: &Tx, key: &Key) -> Result<(), StoreError> {
    let doing = "removing the backend's copy";
    let (name, id) = match key {
        Key::Order(id) => (SERVER_ORDERS, text(&id.to_string())),
        _ => (SERVER_RECORDS, pair(key.entity(), &key.id())),
    };
    tx.store(name).doing(doing)?.delete(id).await.doing(doing)
}
