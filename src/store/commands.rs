//! Applying commands: the one place where the console writes domain data.
//!
//! Each command runs in a single read-write transaction over the stores it touches, the
//! outbox and `meta`: read the state the core needs, run `orderly_core::apply`, write the
//! effects, append the operation with the next `seq`, bump the counters. Nothing else is
//! awaited inside the transaction (an await on anything but IndexedDB lets it auto-commit:
//! rexie issue #36, TransactionInactiveError), so either all of it lands or none of it.

use super::Store;
use super::client::{self, ClientRecord};
use super::entities::{LOCAL_STORES, read_local, write_local};
use super::error::{Doing, StoreError};
use super::ids;
use super::record::{from_js, to_js};
use super::schema::{META, OUTBOX, STOCK_MOVEMENTS};
use chrono::{DateTime, Utc};
use orderly_core::state::{Entity, Snapshot};
use orderly_core::{
    Command, Context, CreateOrder, DomainError, Effect, OpId, Operation, Order, OrderDraft,
    OrderId, apply, order_number,
};
use rexie::TransactionMode;
use wasm_bindgen::JsValue;

impl Store {
    /// Creates an order: validates it, gives it an id and the next order number, and stores
    /// it with its `order.create` operation in one transaction. Bad input writes nothing.
    pub async fn create_order(&self, draft: OrderDraft, actor: &str) -> Result<Order, StoreError> {
        let issues = draft.issues();
        if !issues.is_empty() {
            return Err(DomainError::Invalid(issues).into());
        }
        let now = Utc::now();
        let id = OrderId(ids::uuid_v7(now));
        let effects = self
            .execute(now, actor, move |client| {
                let number = order_number(&client.client_id, client.next_order_no);
                client.next_order_no += 1;
                Command::CreateOrder(Box::new(CreateOrder {
                    id,
                    number,
                    order: draft,
                }))
            })
            .await?;
        effects
            .into_iter()
            .find_map(|effect| match effect {
                Effect::Saved(Entity::Order(order)) if order.id == id => Some(*order),
                _ => None,
            })
            .ok_or(StoreError::Aborted {
                doing: "creating an order",
            })
    }

    /// Runs a command that needs nothing from the client's counters (status changes).
    pub async fn run(&self, command: Command, actor: &str) -> Result<Vec<Effect>, StoreError> {
        self.execute(Utc::now(), actor, move |_| command).await
    }

    /// Runs one command. `make` builds it from the client record (for numbers that come
    /// from the client's counters) inside the transaction.
    pub async fn execute(
        &self,
        now: DateTime<Utc>,
        actor: &str,
        make: impl FnOnce(&mut ClientRecord) -> Command,
    ) -> Result<Vec<Effect>, StoreError> {
        let doing = "saving a change";
        let stores = self.existing(&[&[OUTBOX, META], LOCAL_STORES]);
        let tx = self
            .conn
            .transaction(&stores, TransactionMode::ReadWrite, doing)?;
        let outbox = tx.store(OUTBOX).doing(doing)?;
        let meta = tx.store(META).doing(doing)?;

        let mut client: ClientRecord = match meta
            .get(JsValue::from_str(client::KEY))
            .await
            .doing(doing)?
        {
            Some(value) => from_js(value, META)?,
            None => {
                return Err(StoreError::Aborted {
                    doing: "reading the client identity",
                });
            }
        };
        let command = make(&mut client);
        let op_id = OpId(ids::uuid_v7(now));
        let ctx = Context {
            now,
            actor: actor.to_owned(),
            op: Some(op_id),
        };
        // Run the rules; whatever they asked for and was not loaded yet is read inside
        // this transaction, and they run again (orderly_core::state).
        let mut snapshot = Snapshot::default();
        let result = loop {
            let result = apply(&snapshot, &command, &ctx);
            let misses = snapshot.take_misses();
            if misses.is_empty() {
                break result;
            }
            for key in misses {
                let found = read_local(&tx, &key).await?;
                snapshot.load(key, found);
            }
        };
        let effects = match result {
            Ok(effects) => effects,
            Err(refused) => {
                // Nothing was written yet; abort so the counters stay as they were.
                tx.abort().await;
                return Err(refused.into());
            }
        };
        for effect in &effects {
            write_local(&tx, &effect.entity()).await?;
            if let Effect::StockSaved { movement, .. } = effect {
                // The ledger entry, until the backend's own copy of it is pulled.
                tx.store(STOCK_MOVEMENTS)
                    .doing(doing)?
                    .put(&to_js(movement)?, None)
                    .await
                    .doing(doing)?;
            }
        }
        let operation = Operation {
            id: op_id,
            client_id: client.client_id,
            seq: client.next_seq,
            at: now,
            actor: actor.to_owned(),
            command,
        };
        client.next_seq += 1;
        // `add`, never `put`: an operation is never overwritten. A clash aborts everything.
        outbox.add(&to_js(&operation)?, None).await.doing(doing)?;
        meta.put(&to_js(&client)?, None).await.doing(doing)?;
        tx.done().await?;
        Ok(effects)
    }
}
