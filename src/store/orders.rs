//! Reading orders. Writing goes through `commands.rs`.

use super::Store;
use super::error::{Doing, StoreError};
use super::record::{from_js, to_js};
use super::schema::ORDERS;
use orderly_core::{Order, OrderId};
use rexie::{Direction, TransactionMode};

impl Store {
    /// The newest orders first, at most `limit`: a page through the `created_at` index,
    /// never the whole store.
    pub async fn recent_orders(&self, limit: u32) -> Result<Vec<Order>, StoreError> {
        let doing = "listing orders";
        let tx = self
            .db
            .transaction(&[ORDERS], TransactionMode::ReadOnly)
            .doing(doing)?;
        let index = tx
            .store(ORDERS)
            .doing(doing)?
            .index("created_at")
            .doing(doing)?;
        let rows = index
            .scan(None, Some(limit), None, Some(Direction::Prev))
            .await
            .doing(doing)?;
        rows.into_iter()
            .map(|(_, value)| from_js(value, ORDERS))
            .collect()
    }

    pub async fn order(&self, id: OrderId) -> Result<Option<Order>, StoreError> {
        let doing = "reading an order";
        let tx = self
            .db
            .transaction(&[ORDERS], TransactionMode::ReadOnly)
            .doing(doing)?;
        let found = tx
            .store(ORDERS)
            .doing(doing)?
            .get(to_js(&id)?)
            .await
            .doing(doing)?;
        found.map(|value| from_js(value, ORDERS)).transpose()
    }

    /// Finds an order by its number (the `number` index).
    pub async fn order_by_number(&self, number: &str) -> Result<Option<Order>, StoreError> {
        let doing = "finding an order by number";
        let tx = self
            .db
            .transaction(&[ORDERS], TransactionMode::ReadOnly)
            .doing(doing)?;
        let index = tx
            .store(ORDERS)
            .doing(doing)?
            .index("number")
            .doing(doing)?;
        let found = index.get(to_js(number)?).await.doing(doing)?;
        found.map(|value| from_js(value, ORDERS)).transpose()
    }

    pub async fn order_count(&self) -> Result<u32, StoreError> {
        let doing = "counting orders";
        let tx = self
            .db
            .transaction(&[ORDERS], TransactionMode::ReadOnly)
            .doing(doing)?;
        tx.store(ORDERS)
            .doing(doing)?
            .count(None)
            .await
            .doing(doing)
    }
}
