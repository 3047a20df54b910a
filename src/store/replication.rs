//! The store's side of sync: what a push reply and a pull page change locally, each in one
//! transaction. The decisions (which ops are answered, which copy is newer, how pending
//! ops are re-applied) are `orderly_core::sync`'s; this file only reads and writes.

use super::Store;
use super::client::{self, ClientRecord};
use super::entities::{
    LOCAL_STORES, SERVER_STORES, delete_local, delete_server, read_local, read_server, write_local,
    write_server,
};
use super::error::{Doing, StoreError};
use super::record::{from_js, to_js};
use super::schema::{
    EXCEPTIONS, META, OUTBOX, REJECTED_OPS, SERVER_ORDERS, SERVER_RECORDS, STOCK_MOVEMENTS,
};
use super::tx::{Tx, TxStore};
use chrono::{DateTime, Utc};
use orderly_core::state::{Entity, Key, Snapshot};
use orderly_core::stock::StockMovement;
use orderly_core::sync::{self, PullReply, PushReply, Reapplied};
use orderly_core::{
    Context, Effect, Exception, ExceptionStatus, OpId, Operation, Order, OrderId, apply,
};
use rexie::TransactionMode;
use std::collections::BTreeSet;
use wasm_bindgen::JsValue;

/// What one push reply did locally.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushOutcome {
    /// Operations that left the outbox.
    pub answered: usize,
    /// Of those, rejected ones (each now an open exception).
    pub rejected: usize,
}

/// Where one order stands with the backend, for the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordSync {
    /// Local changes wait in the outbox.
    Pending,
    /// The backend refused a change (an open exception names it).
    Rejected,
    /// The backend has it and nothing waits.
    Synced,
}

impl Store {
    /// The sync state of each order in `ids`, from one read of the outbox, the open
    /// exceptions and the backend's copies.
    pub async fn sync_states(&self, ids: &[OrderId]) -> Result<Vec<RecordSync>, StoreError> {
        let doing = "reading sync states";
        let tx = self.conn.transaction(
            &[OUTBOX, EXCEPTIONS, SERVER_ORDERS],
            TransactionMode::ReadOnly,
            doing,
        )?;
        let pending: BTreeSet<OrderId> = read_outbox(&tx.store(OUTBOX).doing(doing)?)
            .await?
            .iter()
            .flat_map(|op| op.command.order_ids())
            .collect();
        let exceptions = tx.store(EXCEPTIONS).doing(doing)?;
        let server = tx.store(SERVER_ORDERS).doing(doing)?;
        let mut states = Vec::with_capacity(ids.len());
        for id in ids {
            let key =
                rexie::KeyRange::only(&to_js(id)?).map_err(|e| StoreError::from_idb(e, doing))?;
            let rejected = exceptions
                .get_all_by("order_id", key)
                .await
                .doing(doing)?
                .into_iter()
                .filter_map(|v| from_js::<Exception>(v, EXCEPTIONS).ok())
                .any(|e| e.status == ExceptionStatus::Open);
            states.push(if rejected {
                RecordSync::Rejected
            } else if pending.contains(id) || !server.key_exists(to_js(id)?).await.doing(doing)? {
                RecordSync::Pending
            } else {
                RecordSync::Synced
            });
        }
        Ok(states)
    }

    /// Every store a sync transaction may touch.
    fn sync_stores(&self) -> Vec<&'static str> {
        self.existing(&[&[OUTBOX, META, REJECTED_OPS], LOCAL_STORES, SERVER_STORES])
    }

    /// The client record: identity, counters, cursor, last heard `last_seq`.
    pub async fn client_record(&self) -> Result<ClientRecord, StoreError> {
        let doing = "reading the client record";
        let tx = self
            .conn
            .transaction(&[META], TransactionMode::ReadOnly, doing)?;
        read_client(&tx.store(META).doing(doing)?).await
    }

    /// Applies a push reply in one transaction: rejections become exceptions (keyed by the
    /// operation, so hearing one twice changes nothing), answered operations leave the
    /// outbox, `last_seq` advances, and orders touched by a rejected operation are rebuilt
    /// from the backend's copy plus what is still pending.
    pub async fn apply_push_reply(
        &self,
        sent: &[Operation],
        reply: &PushReply,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, StoreError> {
        let doing = "recording the backend's answer";
        let tx = self
            .conn
            .transaction(&self.sync_stores(), TransactionMode::ReadWrite, doing)?;
        let outbox = tx.store(OUTBOX).doing(doing)?;
        let meta = tx.store(META).doing(doing)?;
        let exceptions = tx.store(EXCEPTIONS).doing(doing)?;
        let mut client = read_client(&meta).await?;

        let mut outcome = PushOutcome::default();
        let mut to_rebuild = BTreeSet::new();
        for (op, reason) in sync::rejections(sent, reply) {
            let exception = Exception::sync_rejected(op, &reason, now);
            if exceptions
                .get(to_js(&exception.id)?)
                .await
                .doing(doing)?
                .is_none()
            {
                exceptions
                    .put(&to_js(&exception)?, None)
                    .await
                    .doing(doing)?;
                tx.store(REJECTED_OPS)
                    .doing(doing)?
                    .put(&to_js(op)?, None)
                    .await
                    .doing(doing)?;
            }
            // Everything the refused operation read is all it may have changed here.
            to_rebuild.extend(keys_read_by(&tx, op).await?);
            outcome.rejected += 1;
        }
        for op in sync::answered(sent, reply) {
            outbox
                .delete(JsValue::from_f64(op.seq as f64))
                .await
                .doing(doing)?;
            outcome.answered += 1;
        }
        client.last_seq = client.last_seq.max(reply.last_seq);
        if !to_rebuild.is_empty() {
            let pending = read_outbox(&outbox).await?;
            rebuild(&tx, &pending, to_rebuild, client.last_seq).await?;
        }
        meta.put(&to_js(&client)?, None).await.doing(doing)?;
        tx.done().await?;
        Ok(outcome)
    }

    /// Applies one pull page in one transaction: each change newer than the held copy is
    /// stored, the local view of each changed order is rebuilt (the backend's copy with the
    /// pending operations re-applied), and the cursor and `last_seq` are saved. On `reset`
    /// the copies of backend data are discarded first; pending operations are kept.
    /// Returns how many changes were newer than what was held.
    pub async fn apply_pull(
        &self,
        reply: &PullReply,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let doing = "storing pulled changes";
        let tx = self
            .conn
            .transaction(&self.sync_stores(), TransactionMode::ReadWrite, doing)?;
        let meta = tx.store(META).doing(doing)?;
        let mut client = read_client(&meta).await?;
        let pending = read_outbox(&tx.store(OUTBOX).doing(doing)?).await?;

        let mut to_rebuild = BTreeSet::new();
        if reply.reset {
            // Start over from the backend: its copies and the local view go; exceptions
            // (sync rejections are known only here) and the outbox stay.
            for name in SERVER_STORES
                .iter()
                .chain(LOCAL_STORES)
                .filter(|n| **n != EXCEPTIONS)
            {
                tx.store(name).doing(doing)?.clear().await.doing(doing)?;
            }
        }
        let mut newer = 0;
        for change in &reply.changes {
            if change.entity == "stock_movement" {
                // The ledger is append-only: the backend's entry is the truth.
                let movement: StockMovement = serde_json::from_value(change.data.clone())
                    .map_err(|e| unreadable(&change.id, e))?;
                tx.store(STOCK_MOVEMENTS)
                    .doing(doing)?
                    .put(&to_js(&movement)?, None)
                    .await
                    .doing(doing)?;
                continue;
            }
            // A record kind this build does not know is left to a newer build.
            let Some(key) = Key::parse(&change.entity, &change.id) else {
                continue;
            };
            if change.deleted {
                delete_server(&tx, &key).await?;
                to_rebuild.insert(key);
                continue;
            }
            let held = read_server(&tx, &key).await?;
            if held.is_none_or(|h| h.version() < change.version) {
                let entity = Entity::from_json(&change.entity, &change.id, change.data.clone())
                    .map_err(|e| unreadable(&change.id, e))?;
                write_server(&tx, &entity).await?;
                to_rebuild.insert(key);
                newer += 1;
            }
        }
        client.last_seq = client.last_seq.max(reply.last_seq);
        client.cursor = reply.cursor.clone();
        if !reply.has_more {
            client.last_sync_at = Some(now);
        }
        rebuild(&tx, &pending, to_rebuild, client.last_seq).await?;
        meta.put(&to_js(&client)?, None).await.doing(doing)?;
        tx.done().await?;
        Ok(newer)
    }

    /// The operation a sync rejection is about, as it was sent.
    pub async fn rejected_operation(&self, op: OpId) -> Result<Option<Operation>, StoreError> {
        let doing = "reading a rejected operation";
        let tx = self.conn.transaction(
            &self.existing(&[&[REJECTED_OPS]]),
            TransactionMode::ReadOnly,
            doing,
        )?;
        let found = tx
            .store(REJECTED_OPS)
            .doing(doing)?
            .get(to_js(&op)?)
            .await
            .doing(doing)?;
        found.map(|v| from_js(v, REJECTED_OPS)).transpose()
    }

    /// Exceptions not yet resolved, newest first.
    pub async fn open_exceptions(&self) -> Result<Vec<Exception>, StoreError> {
        let mut found: Vec<Exception> = self
            .by_index(
                EXCEPTIONS,
                "status",
                &ExceptionStatus::Open,
                "reading exceptions",
            )
            .await?;
        found.sort_by_key(|e| std::cmp::Reverse(e.opened_at));
        Ok(found)
    }

    /// The backend's copy of an order, if it has been pulled.
    pub async fn server_order(&self, id: OrderId) -> Result<Option<Order>, StoreError> {
        let doing = "reading the backend's copy";
        let tx = self
            .db
            .transaction(&[SERVER_ORDERS], TransactionMode::ReadOnly)
            .doing(doing)?;
        let found = tx
            .store(SERVER_ORDERS)
            .doing(doing)?
            .get(to_js(&id)?)
            .await
            .doing(doing)?;
        found.map(|v| from_js(v, SERVER_ORDERS)).transpose()
    }
}

async fn read_client(meta: &TxStore) -> Result<ClientRecord, StoreError> {
    let found = meta
        .get(JsValue::from_str(client::KEY))
        .await
        .doing("reading the client record")?;
    match found {
        Some(value) => from_js(value, META),
        None => Err(StoreError::Aborted {
            doing: "reading the client identity",
        }),
    }
}

async fn read_outbox(outbox: &TxStore) -> Result<Vec<Operation>, StoreError> {
    outbox
        .get_all(None, None)
        .await
        .doing("reading the outbox")?
        .into_iter()
        .map(|v| from_js(v, OUTBOX))
        .collect()
}

fn unreadable(id: &str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Decode {
        store: SERVER_RECORDS,
        reason: format!("the backend sent a record this console cannot read ({id}): {reason}"),
    }
}

/// The records `op` reads against the local view: a command writes only what it reads,
/// so these are all it may have changed here.
async fn keys_read_by(tx: &Tx, op: &Operation) -> Result<BTreeSet<Key>, StoreError> {
    let mut view = Snapshot::default();
    let ctx = Context::of(op);
    loop {
        let _ = apply(&view, &op.command, &ctx);
        let misses = view.take_misses();
        if misses.is_empty() {
            return Ok(view.reads().into_iter().collect());
        }
        for key in misses {
            let found = read_local(tx, &key).await?;
            view.load(key, found);
        }
    }
}

/// Rebuilds the local view: the backend's copies with every pending operation re-applied
/// (`orderly_core::sync::reapply`), written for the records in `touched` and for every
/// record a pending operation changed. A record neither side has any more is removed.
/// The ledger of each such stock level is rebuilt the same way: the backend's entries,
/// then those of the pending operations as re-applied now, so that it always explains
/// the level shown (an entry of an operation since refused goes).
async fn rebuild(
    tx: &Tx,
    pending: &[Operation],
    touched: BTreeSet<Key>,
    last_seq: u64,
) -> Result<(), StoreError> {
    let mut view = Snapshot::default();
    let mut keys = touched;
    let mut entries = Vec::new();
    for op in sync::to_reapply(pending, last_seq) {
        loop {
            match sync::reapply(&mut view, op) {
                Reapplied::NeedsKeys(missing) => {
                    for key in missing {
                        let copy = read_server(tx, &key).await?;
                        view.load(key, copy);
                    }
                }
                Reapplied::Applied(effects) => {
                    for effect in effects {
                        keys.insert(effect.entity().key());
                        if let Effect::StockSaved { movement, .. } = effect {
                            entries.push(movement);
                        }
                    }
                    break;
                }
                Reapplied::Refused => break,
            }
        }
    }
    for key in keys {
        let current = match view.held(&key) {
            Some(held) => held.cloned(),
            None => read_server(tx, &key).await?,
        };
        match current {
            Some(entity) => write_local(tx, &entity).await?,
            None => delete_local(tx, &key).await?,
        }
        if let Key::Stock { sku, location } = &key {
            let confirmed = match read_server(tx, &key).await? {
                Some(Entity::StockLevel(level)) => level.version,
                _ => 0,
            };
            drop_entries_after(tx, sku, location, confirmed).await?;
        }
    }
    let ledger = tx.store(STOCK_MOVEMENTS).doing(REBUILDING)?;
    for entry in entries {
        ledger.put(&to_js(&entry)?, None).await.doing(REBUILDING)?;
    }
    Ok(())
}

const REBUILDING: &str = "rebuilding the local view";

/// Deletes the local ledger entries of `sku` at `location` after `seq`: they are this
/// console's, not yet confirmed by the backend, and are written again as re-applied.
async fn drop_entries_after(
    tx: &Tx,
    sku: &str,
    location: &str,
    seq: u64,
) -> Result<(), StoreError> {
    let bound = |seq: f64| super::records::ledger_key(sku, location, seq);
    let range = idb::KeyRange::bound(&bound(seq as f64), &bound(f64::MAX), Some(true), None)
        .map_err(|e| StoreError::from_idb(e, REBUILDING))?;
    tx.store(STOCK_MOVEMENTS)
        .doing(REBUILDING)?
        .delete_range(range)
        .await
        .doing(REBUILDING)
}
