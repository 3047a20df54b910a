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

    /// Orders that could be `order` entered twice: the same customer name, or the same
    /// channel and external reference. `order` itself is among them; the core decides
    /// (`orderly_core::order_checks::duplicate_issues`).
    pub async fn orders_like(&self, order: &Order) -> Result<Vec<Order>, StoreError> {
        let mut orders = self.orders_of_customer(&order.customer.name).await?;
        if let Some(reference) = &order.external_ref {
            let key = (order.channel, reference);
            orders.extend(
                self.by_index(ORDERS, "channel_ref", &key, "looking for duplicate orders")
                    .await?,
            );
        }
        orders.sort_by_key(|o| o.id);
        orders.dedup_by_key(|o| o.id);
        Ok(orders)
    }

    /// Orders of the customer named exactly `name` (through the `customer` index).
    pub async fn orders_of_customer(&self, name: &str) -> Result<Vec<Order>, StoreError> {
        self.by_index(ORDERS, "customer", &name, "finding a customer's orders")
            .await
    }
}
