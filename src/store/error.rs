//! Store errors that say what really happened.
//!
//! rexie's `Display` says only "idb error"; these carry the DOMException's own name
//! (`QuotaExceededError`, `ConstraintError`, `VersionError`, …) and message.

use orderly_core::DomainError;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// IndexedDB refused: `name` is the DOMException name, e.g. `QuotaExceededError`.
    #[error("IndexedDB {name} while {doing}: {message}")]
    Dom {
        name: String,
        message: String,
        doing: &'static str,
    },
    #[error("the transaction was aborted while {doing}; nothing was written")]
    Aborted { doing: &'static str },
    #[error("a record in {store} could not be read: {reason}")]
    Decode { store: &'static str, reason: String },
    #[error("a value could not be stored: {0}")]
    Encode(String),
    #[error(
        "the database holds stores this version does not know ({0:?}); it was opened by a newer Orderly, so it is left untouched"
    )]
    WouldDropStores(Vec<String>),
    #[error("this browser has no IndexedDB (private mode or blocked by policy)")]
    Unavailable,
    /// Another tab opened a newer schema; this tab's connection was closed for it.
    #[error("the database was closed because another tab upgraded it; reload this tab")]
    ClosedByUpgrade,
    /// Opening waited on another tab that keeps an older version open.
    #[error(
        "opening the database is blocked by another Orderly tab for {0} s; close the other tabs"
    )]
    Blocked(u32),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl StoreError {
    /// Converts a rexie error, keeping the DOMException's name and message.
    pub fn from_rexie(error: rexie::Error, doing: &'static str) -> StoreError {
        match error {
            rexie::Error::IdbError(e) => StoreError::from_idb(e, doing),
            rexie::Error::TransactionAbortFailed | rexie::Error::TransactioncommitFailed => {
                StoreError::Aborted { doing }
            }
            other => StoreError::Dom {
                name: "UnknownError".into(),
                message: other.to_string(),
                doing,
            },
        }
    }

    pub fn from_idb(error: idb::Error, doing: &'static str) -> StoreError {
        use idb::Error as E;
        let js: Option<&JsValue> = match &error {
            E::DomException(e) => return StoreError::from_dom(e, doing),
            E::AddFailed(v)
            | E::UpdateFailed(v)
            | E::GetFailed(v)
            | E::GetAllFailed(v)
            | E::GetAllKeysFailed(v)
            | E::GetKeyFailed(v)
            | E::DeleteFailed(v)
            | E::CountFailed(v)
            | E::ClearFailed(v)
            | E::IndexedDbOpenFailed(v)
            | E::IndexedDbDeleteFailed(v)
            | E::TransactionOpenFailed(v)
            | E::TransactionCommitError(v)
            | E::TransactionAbortError(v)
            | E::ObjectStoreNotFound(v)
            | E::IndexNotFound(v)
            | E::OpenCursorFailed(v)
            | E::CursorContinueFailed(v)
            | E::CursorAdvanceFailed(v)
            | E::KeyRangeCreateFailed(v) => Some(v),
            E::IndexedDbNotFound(_) => return StoreError::Unavailable,
            _ => None,
        };
        match js.and_then(|v| v.dyn_ref::<web_sys::DomException>()) {
            Some(dom) => StoreError::from_dom(dom, doing),
            None => StoreError::Dom {
                name: "UnknownError".into(),
                message: error.to_string(),
                doing,
            },
        }
    }

    pub fn from_dom(dom: &web_sys::DomException, doing: &'static str) -> StoreError {
        // A transaction on a connection closed by rexie's versionchange handler.
        if dom.name() == "InvalidStateError" && dom.message().contains("clos") {
            return StoreError::ClosedByUpgrade;
        }
        StoreError::Dom {
            name: dom.name(),
            message: dom.message(),
            doing,
        }
    }

    /// The DOMException name, when IndexedDB refused.
    pub fn dom_name(&self) -> Option<&str> {
        match self {
            StoreError::Dom { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// `result.doing("writing the order")?` turns a rexie or idb error into a [`StoreError`].
pub trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, rexie::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::from_rexie(e, doing))
    }
}

impl<T> Doing<T> for Result<T, idb::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::from_idb(e, doing))
    }
}
