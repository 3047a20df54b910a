//! The outbox: operations the backend has not answered for yet, in `seq` order.

use super::Store;
use super::error::{Doing, StoreError};
use super::record::from_js;
use super::schema::OUTBOX;
use orderly_core::Operation;
use rexie::TransactionMode;

impl Store {
    /// The oldest pending operations first, at most `limit`.
    pub async fn pending_operations(&self, limit: u32) -> Result<Vec<Operation>, StoreError> {
        let doing = "reading the outbox";
        let tx = self
            .db
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)
            .doing(doing)?;
        let values = tx
            .store(OUTBOX)
            .doing(doing)?
            .get_all(None, Some(limit))
            .await
            .doing(doing)?;
        values
            .into_iter()
            .map(|value| from_js(value, OUTBOX))
            .collect()
    }

    pub async fn pending_count(&self) -> Result<u32, StoreError> {
        let doing = "counting the outbox";
        let tx = self
            .db
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)
            .doing(doing)?;
        tx.store(OUTBOX)
            .doing(doing)?
            .count(None)
            .await
            .doing(doing)
    }
}
