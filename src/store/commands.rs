//! Applying commands: the one place where the console writes domain data.
//!
//! Each command runs in a single read-write transaction over the stores it touches, the
//! outbox and `meta`: read the state the core needs, run `orderly_core::apply`, write the
//! effects, append the operation with the next `seq`, bump the counters. Nothing else is
//! awaited inside the transaction (an await on anything but IndexedDB lets it auto-commit:
//! rexie issue #36, TransactionInactiveError), so either all of it lands or none of it.

use super::Store;
use super::client::{self, ClientRecord};
use super::error::{Doing, StoreError};
use super::ids;
use super::record::{from_js, to_js};
use super::schema::{META, ORDERS, OUTBOX};
use chrono::{DateTime, Utc};
use orderly_core::stock::StockLevel;
use orderly_core::{
    Command, Context, CreateOrder, DomainError, Effect, OpId, Operation, Order, OrderDraft,
    OrderId, State, apply, order_number,
};
use rexie::{TransactionMode, TransactionResult};
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// The orders a command reads, fetched inside its transaction.
struct Snapshot {
    orders: HashMap<OrderId, Order>,
}

impl State for Snapshot {
    fn order(&self, id: &OrderId) -> Option<Order> {
        self.orders.get(id).cloned()
    }

    /// The console does not keep stock yet: `execute` refuses stock commands before
    /// anything reads this.
    fn stock_level(&self, sku: &str, location: &str) -> StockLevel {
        StockLevel::held_or_empty(None, sku, location)
    }
}

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
                Effect::OrderSaved(order) if order.id == id => Some(order),
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
        let tx = self
            .db
            .transaction(&[ORDERS, OUTBOX, META], TransactionMode::ReadWrite)
            .doing(doing)?;
        let orders = tx.store(ORDERS).doing(doing)?;
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
        if matches!(
            command,
            Command::AllocateOrder(_) | Command::ReceiveStock(_) | Command::AdjustStock(_)
        ) {
            let _ = tx.abort().await;
            return Err(StoreError::Unsupported(
                "stock commands (the console keeps no stock yet)",
            ));
        }
        let mut snapshot = Snapshot {
            orders: HashMap::new(),
        };
        for id in command.orders_read() {
            if let Some(value) = orders.get(to_js(&id)?).await.doing(doing)? {
                snapshot.orders.insert(id, from_js(value, ORDERS)?);
            }
        }

        let ctx = Context {
            now,
            actor: actor.to_owned(),
        };
        let effects = match apply(&snapshot, &command, &ctx) {
            Ok(effects) => effects,
            Err(refused) => {
                // Nothing was written yet; abort so the counters stay as they were.
                let _ = tx.abort().await;
                return Err(refused.into());
            }
        };
        for effect in &effects {
            match effect {
                Effect::OrderSaved(order) => {
                    orders.put(&to_js(order)?, None).await.doing(doing)?;
                }
                // Stock commands are refused above; should one slip through, refuse it here
                // rather than write half of it.
                Effect::StockSaved { .. } => {
                    let _ = tx.abort().await;
                    return Err(StoreError::Unsupported("stock effects"));
                }
            }
        }
        let operation = Operation {
            id: OpId(ids::uuid_v7(now)),
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
        match tx.done().await.doing(doing)? {
            TransactionResult::Committed => Ok(effects),
            TransactionResult::Aborted => Err(StoreError::Aborted { doing }),
        }
    }
}
