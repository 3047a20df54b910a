//! Reading any record by its key, and the stock of a SKU with its ledger.

use super::Store;
use super::entities::{local_place, read_local};
use super::error::{Doing, StoreError};
use super::record::{from_js, to_js};
use super::schema::{LOCATIONS, PRODUCTS, STOCK_LEVELS, STOCK_MOVEMENTS};
use orderly_core::location::Location;
use orderly_core::product::Product;
use orderly_core::state::{Entity, Key};
use orderly_core::stock::{StockLevel, StockMovement};
use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::JsValue;

impl Store {
    /// The local record under `key` (what the UI shows: the backend's copy with pending
    /// changes applied).
    pub async fn record(&self, key: &Key) -> Result<Option<Entity>, StoreError> {
        let (name, _) = local_place(key);
        let tx = self
            .conn
            .transaction(&[name], TransactionMode::ReadOnly, "reading a record")?;
        read_local(&tx, key).await
    }

    /// The stock of `sku` at every location that has seen it.
    pub async fn stock_levels(&self, sku: &str) -> Result<Vec<StockLevel>, StoreError> {
        self.by_index(STOCK_LEVELS, "sku", &sku, "reading stock levels")
            .await
    }

    /// The ledger of `sku` at `location`, oldest first: the backend's entries and the ones
    /// made here and not yet synced.
    pub async fn movements(
        &self,
        sku: &str,
        location: &str,
    ) -> Result<Vec<StockMovement>, StoreError> {
        let doing = "reading the stock ledger";
        let tx = self
            .db
            .transaction(&[STOCK_MOVEMENTS], TransactionMode::ReadOnly)
            .doing(doing)?;
        let bound = |seq: f64| ledger_key(sku, location, seq);
        let range = KeyRange::bound(&bound(0.0), &bound(f64::MAX), Some(false), Some(false))
            .map_err(|e| StoreError::from_idb(e, doing))?;
        tx.store(STOCK_MOVEMENTS)
            .doing(doing)?
            .get_all(Some(range), None)
            .await
            .doing(doing)?
            .into_iter()
            .map(|v| from_js(v, STOCK_MOVEMENTS))
            .collect()
    }

    /// Every product in the catalogue, by SKU.
    pub async fn products(&self) -> Result<Vec<Product>, StoreError> {
        self.everything(PRODUCTS, "reading the catalogue").await
    }

    /// Every warehouse, by code.
    pub async fn locations(&self) -> Result<Vec<Location>, StoreError> {
        self.everything(LOCATIONS, "reading the warehouses").await
    }

    /// Every stock level (SKU × location), by SKU then location.
    pub async fn all_stock_levels(&self) -> Result<Vec<StockLevel>, StoreError> {
        self.everything(STOCK_LEVELS, "reading stock levels").await
    }

    /// A whole store, in key order. For the small stores only (catalogue, warehouses,
    /// levels): orders are paged through indexes.
    pub(super) async fn everything<T: serde::de::DeserializeOwned>(
        &self,
        name: &'static str,
        doing: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let tx = self
            .db
            .transaction(&[name], TransactionMode::ReadOnly)
            .doing(doing)?;
        tx.store(name)
            .doing(doing)?
            .get_all(None, None)
            .await
            .doing(doing)?
            .into_iter()
            .map(|v| from_js(v, name))
            .collect()
    }

    /// The records of `name` whose `index` key is `key`.
    pub(super) async fn by_index<T: serde::de::DeserializeOwned>(
        &self,
        name: &'static str,
        index: &str,
        key: &impl serde::Serialize,
        doing: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let tx = self
            .db
            .transaction(&[name], TransactionMode::ReadOnly)
            .doing(doing)?;
        let range = KeyRange::only(&to_js(key)?).map_err(|e| StoreError::from_idb(e, doing))?;
        tx.store(name)
            .doing(doing)?
            .index(index)
            .doing(doing)?
            .get_all(Some(range), None)
            .await
            .doing(doing)?
            .into_iter()
            .map(|v| from_js(v, name))
            .collect()
    }

    /// Every record the reports count: orders, exceptions, returns and ratings. Reads
    /// whole stores: fine for thousands of orders; at 100k a rollup store kept up to date
    /// by each command would be the way (`orderly_core::rollup` can fold either way).
    pub async fn report_records(&self) -> Result<Vec<Entity>, StoreError> {
        let doing = "reading records for the reports";
        let mut records: Vec<Entity> = Vec::new();
        let orders: Vec<orderly_core::Order> =
            self.everything(super::schema::ORDERS, doing).await?;
        records.extend(orders.into_iter().map(|o| Entity::Order(Box::new(o))));
        let exceptions: Vec<orderly_core::Exception> =
            self.everything(super::schema::EXCEPTIONS, doing).await?;
        records.extend(
            exceptions
                .into_iter()
                .map(|e| Entity::Exception(Box::new(e))),
        );
        let returns: Vec<orderly_core::return_case::ReturnCase> =
            self.everything(super::schema::RETURNS, doing).await?;
        records.extend(returns.into_iter().map(|r| Entity::ReturnCase(Box::new(r))));
        let ratings: Vec<orderly_core::rating::Rating> =
            self.everything(super::schema::RATINGS, doing).await?;
        records.extend(ratings.into_iter().map(Entity::Rating));
        Ok(records)
    }

    /// How many records of `name` have `key` in `index` (counted by IndexedDB, nothing read).
    pub(super) async fn count_by_index(
        &self,
        name: &'static str,
        index: &str,
        key: &impl serde::Serialize,
        doing: &'static str,
    ) -> Result<u32, StoreError> {
        let tx = self
            .db
            .transaction(&[name], TransactionMode::ReadOnly)
            .doing(doing)?;
        let range = KeyRange::only(&to_js(key)?).map_err(|e| StoreError::from_idb(e, doing))?;
        tx.store(name)
            .doing(doing)?
            .index(index)
            .doing(doing)?
            .count(Some(range))
            .await
            .doing(doing)
    }
}

/// The key of a ledger entry: `[sku, location, seq]` (a bound of a range when `seq` is
/// not a whole number).
pub(super) fn ledger_key(sku: &str, location: &str, seq: f64) -> JsValue {
    js_sys::Array::of3(
        &JsValue::from_str(sku),
        &JsValue::from_str(location),
        &JsValue::from_f64(seq),
    )
    .into()
}
