//! The local store: IndexedDB through rexie.
//!
//! Every mutation goes through [`Store::execute`]-based methods, which write the effect
//! and its outbox operation in one transaction (DESIGN.md, "Nothing is lost"). The UI never
//! touches IndexedDB itself; it calls these methods.

mod after_sales;
mod allocation;
mod client;
mod commands;
mod entities;
pub mod error;
mod fulfilment;
mod ids;
mod orders;
mod outbox;
mod record;
mod records;
mod replication;
pub mod schema;
mod settings;
pub mod tabs;
mod tx;

pub use client::ClientRecord;
pub use error::StoreError;
pub use replication::{PushOutcome, RecordSync};
pub use settings::BackendSettings;

use error::Doing;
use orderly_core::ClientId;
use rexie::{Index, ObjectStore, Rexie};
use wasm_bindgen::{JsCast, JsValue};

/// How long opening may wait on other tabs before it reports [`StoreError::Blocked`].
pub const OPEN_TIMEOUT_SECS: u32 = 10;

/// An open Orderly database.
#[derive(Debug)]
pub struct Store {
    /// Opens and upgrades the schema; read-only queries.
    db: Rexie,
    /// Every transaction that writes (strict durability: see `tx`).
    conn: tx::TxConnection,
    client_id: ClientId,
}

impl Store {
    /// Opens (creating or upgrading) the database `name` at the current schema version.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        Store::open_at(name, schema::CURRENT_VERSION).await
    }

    /// Opens at an older schema version. Only tests need this, to check that an upgrade
    /// keeps data written by an earlier version.
    #[doc(hidden)]
    pub async fn open_at(name: &str, version: u32) -> Result<Store, StoreError> {
        guard_against_drops(name, version).await?;
        let mut builder = Rexie::builder(name).version(version);
        for (store, indexes) in schema::declared_at(version) {
            let mut object_store = match store.key_path {
                [single] => ObjectStore::new(store.name).key_path(single),
                many => ObjectStore::new(store.name).key_path_array(many.iter().copied()),
            };
            for i in indexes {
                let index = match i.key_path {
                    [single] => Index::new(i.name, single),
                    many => Index::new_array(i.name, many.iter().copied()),
                };
                object_store = object_store.add_index(index.unique(i.unique));
            }
            builder = builder.add_object_store(object_store);
        }
        // rexie cannot report `blocked`: give up after a while with a clear message.
        let opening = std::pin::pin!(builder.build());
        let waiting = gloo_timers::future::TimeoutFuture::new(OPEN_TIMEOUT_SECS * 1000);
        let db = match futures::future::select(opening, waiting).await {
            futures::future::Either::Left((opened, _)) => opened.doing("opening the database")?,
            futures::future::Either::Right(_) => {
                return Err(StoreError::Blocked(OPEN_TIMEOUT_SECS));
            }
        };
        let conn = tx::TxConnection::open(name, version).await?;
        let client_id = client::ensure(&conn).await?.client_id;
        Ok(Store {
            db,
            conn,
            client_id,
        })
    }

    /// The stores among `groups` that this database has. A store opened at the current
    /// version has them all; one opened at an older version (tests of upgrades) has fewer,
    /// and a command that needs a missing one fails with the DOMException naming it.
    fn existing(&self, groups: &[&[&'static str]]) -> Vec<&'static str> {
        let present = self.db.store_names();
        groups
            .iter()
            .flat_map(|g| g.iter().copied())
            .filter(|name| present.iter().any(|p| p == name))
            .collect()
    }

    /// Closes the connection (other tabs can then upgrade or delete the database).
    pub fn close(self) {
        self.conn.close();
        self.db.close();
    }

    /// The durability a read-write transaction of this store gets from the browser
    /// (`"strict"` where the browser supports the hint).
    #[doc(hidden)]
    pub fn write_durability(&self) -> Result<Option<String>, StoreError> {
        let tx = self.conn.transaction(
            &[schema::META],
            rexie::TransactionMode::ReadWrite,
            "checking durability",
        )?;
        Ok(tx.durability())
    }

    /// Deletes a whole database. Waits until every connection to it is closed.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Rexie::delete(name).await.doing("deleting the database")
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The schema version this connection has.
    pub fn version(&self) -> Result<u32, StoreError> {
        self.db.version().doing("reading the schema version")
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    /// This database's identity in the sync protocol.
    pub fn client_id(&self) -> ClientId {
        self.client_id
    }
}

/// rexie deletes undeclared stores on upgrade. Before upgrading an existing database, look
/// at what it holds at its current version and refuse if anything would be dropped.
async fn guard_against_drops(name: &str, version: u32) -> Result<(), StoreError> {
    let Some(existing_version) = existing_version(name).await? else {
        return Ok(());
    };
    if existing_version >= version {
        // No upgrade will run (or the browser refuses a downgrade with VersionError).
        return Ok(());
    }
    let factory =
        idb::Factory::new().map_err(|e| StoreError::from_idb(e, "checking the schema"))?;
    let request = factory
        .open(name, Some(existing_version))
        .map_err(|e| StoreError::from_idb(e, "checking the schema"))?;
    let db = request
        .await
        .map_err(|e| StoreError::from_idb(e, "checking the schema"))?;
    let names = db.store_names();
    db.close();
    let dropped = schema::would_drop(&names, version);
    if dropped.is_empty() {
        Ok(())
    } else {
        Err(StoreError::WouldDropStores(dropped))
    }
}

/// The version of an existing database, or `None` when there is none of that name.
async fn existing_version(name: &str) -> Result<Option<u32>, StoreError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StoreError::Unavailable)?;
    // `indexedDB.databases()` is not in web-sys; call it through Reflect.
    let databases: js_sys::Function =
        js_sys::Reflect::get(&factory, &JsValue::from_str("databases"))
            .map_err(|e| dom_error(e, "listing databases"))?
            .dyn_into()
            .map_err(|e| dom_error(e, "listing databases"))?;
    let promise: js_sys::Promise = databases
        .call0(&factory)
        .map_err(|e| dom_error(e, "listing databases"))?
        .unchecked_into();
    let list = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| dom_error(e, "listing databases"))?;
    let field =
        |info: &JsValue, key: &str| js_sys::Reflect::get(info, &JsValue::from_str(key)).ok();
    for info in js_sys::Array::from(&list).iter() {
        if field(&info, "name").and_then(|n| n.as_string()).as_deref() == Some(name) {
            return Ok(field(&info, "version")
                .and_then(|v| v.as_f64())
                .map(|v| v as u32));
        }
    }
    Ok(None)
}

pub(crate) fn dom_error(value: JsValue, doing: &'static str) -> StoreError {
    match value.dyn_ref::<web_sys::DomException>() {
        Some(dom) => StoreError::from_dom(dom, doing),
        None => StoreError::Dom {
            name: "UnknownError".into(),
            message: format!("{value:?}"),
            doing,
        },
    }
}
