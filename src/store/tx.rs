//! Transactions that change data, with a durability hint.
//!
//! rexie opens and upgrades the database but cannot ask a transaction for `durability`.
//! Every transaction that writes therefore runs on a second connection, opened with the
//! `idb` crate once rexie is done, and asks for `durability: "strict"`: the browser reports
//! it complete only once the data is on disk. Chromium's default is `"relaxed"` (since 121),
//! under which a power cut right after "saved" could lose the last operations — what the
//! outbox must never do. Read-only transactions stay on rexie's connection.
//!
//! The same rule as everywhere in this store holds: nothing but IndexedDB requests is
//! awaited while a transaction is open (rexie issue #36, TransactionInactiveError).

use super::error::{Doing, StoreError};
use idb::{KeyRange, Query, TransactionMode};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use web_sys::{IdbDatabase, IdbTransactionMode};

/// The connection [`Tx`]s run on. It closes itself when another tab upgrades the schema,
/// like rexie's does, so that the upgrade is not blocked.
#[derive(Debug)]
pub struct TxConnection {
    db: IdbDatabase,
    _on_version_change: Closure<dyn FnMut()>,
}

impl TxConnection {
    /// Opens the database `name` at `version` (already created and upgraded by rexie).
    pub async fn open(name: &str, version: u32) -> Result<TxConnection, StoreError> {
        let doing = "opening the database for writing";
        let factory = idb::Factory::new().doing(doing)?;
        let opened = factory.open(name, Some(version)).doing(doing)?.await;
        let db: IdbDatabase = opened.doing(doing)?.into();
        let closing = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_version_change.as_ref(),
        )));
        Ok(TxConnection {
            db,
            _on_version_change: on_version_change,
        })
    }

    /// A transaction over `stores`; a read-write one asks for `durability: "strict"`.
    pub fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
        doing: &'static str,
    ) -> Result<Tx, StoreError> {
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let opened = match mode {
            TransactionMode::ReadWrite => self.strict_transaction(&names),
            _ => self
                .db
                .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly),
        };
        let raw = opened.map_err(|e| super::dom_error(e, doing))?;
        Ok(Tx {
            inner: Some(raw.clone().into()),
            raw,
            doing,
        })
    }

    /// `db.transaction(names, "readwrite", { durability: "strict" })`. web-sys has the
    /// options only behind `web_sys_unstable_apis`, so the call goes through Reflect. A
    /// browser without the hint ignores the option.
    fn strict_transaction(
        &self,
        names: &js_sys::Array,
    ) -> Result<web_sys::IdbTransaction, JsValue> {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(
            &options,
            &JsValue::from_str("durability"),
            &JsValue::from_str("strict"),
        )?;
        let transaction: js_sys::Function =
            js_sys::Reflect::get(&self.db, &JsValue::from_str("transaction"))?.unchecked_into();
        transaction
            .call3(&self.db, names, &JsValue::from_str("readwrite"), &options)?
            .dyn_into()
    }

    pub fn close(&self) {
        self.db.close();
    }
}

/// An open transaction. Dropped before [`Tx::done`] — an error returned half-way, a
/// request that threw instead of failing — it aborts: IndexedDB would otherwise commit
/// whatever was already written (a thrown `DataError` or `QuotaExceededError` does not
/// abort by itself), and the effect could land without its outbox operation.
pub struct Tx {
    /// `None` once handed to [`Tx::done`] or [`Tx::abort`].
    inner: Option<idb::Transaction>,
    raw: web_sys::IdbTransaction,
    doing: &'static str,
}

impl Tx {
    pub fn store(&self, name: &str) -> Result<TxStore, idb::Error> {
        match &self.inner {
            Some(tx) => tx.object_store(name).map(TxStore),
            None => unreachable!("a finished transaction is consumed"),
        }
    }

    /// The durability the browser granted ("strict", "relaxed" or "default").
    pub fn durability(&self) -> Option<String> {
        js_sys::Reflect::get(&self.raw, &JsValue::from_str("durability"))
            .ok()
            .and_then(|d| d.as_string())
    }

    /// Waits until everything is written; an aborted transaction wrote nothing.
    pub async fn done(mut self) -> Result<(), StoreError> {
        let doing = self.doing;
        let Some(tx) = self.inner.take() else {
            return Err(StoreError::Aborted { doing });
        };
        match tx.await.doing(doing)? {
            idb::TransactionResult::Committed => Ok(()),
            idb::TransactionResult::Aborted => Err(StoreError::Aborted { doing }),
        }
    }

    /// Gives up: nothing this transaction did is kept.
    pub async fn abort(mut self) {
        if let Some(Ok(aborting)) = self.inner.take().map(idb::Transaction::abort) {
            let _ = aborting.await;
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.inner.take().is_some() {
            // Fails only when the transaction already finished; then there is nothing to undo.
            let _ = self.raw.abort();
        }
    }
}

/// An object store inside a [`Tx`]; its methods mirror rexie's.
pub struct TxStore(idb::ObjectStore);

impl TxStore {
    pub async fn get(&self, key: JsValue) -> Result<Option<JsValue>, idb::Error> {
        self.0.get(key)?.await
    }

    pub async fn key_exists(&self, key: JsValue) -> Result<bool, idb::Error> {
        Ok(self.0.get_key(key)?.await?.is_some())
    }

    pub async fn get_all(
        &self,
        range: Option<KeyRange>,
        limit: Option<u32>,
    ) -> Result<Vec<JsValue>, idb::Error> {
        self.0.get_all(range.map(Query::from), limit)?.await
    }

    /// Every value whose `index` key is in `range`.
    pub async fn get_all_by(
        &self,
        index: &str,
        range: KeyRange,
    ) -> Result<Vec<JsValue>, idb::Error> {
        self.0
            .index(index)?
            .get_all(Some(Query::from(range)), None)?
            .await
    }

    pub async fn put(&self, value: &JsValue, key: Option<&JsValue>) -> Result<(), idb::Error> {
        self.0.put(value, key)?.await.map(drop)
    }

    /// Adds a record; fails (and aborts the transaction) if its key is taken.
    pub async fn add(&self, value: &JsValue, key: Option<&JsValue>) -> Result<(), idb::Error> {
        self.0.add(value, key)?.await.map(drop)
    }

    pub async fn delete(&self, key: JsValue) -> Result<(), idb::Error> {
        self.0.delete(key)?.await
    }

    /// Deletes every record whose key is in `range`.
    pub async fn delete_range(&self, range: KeyRange) -> Result<(), idb::Error> {
        self.0.delete(Query::from(range))?.await
    }

    pub async fn clear(&self) -> Result<(), idb::Error> {
        self.0.clear()?.await
    }
}
