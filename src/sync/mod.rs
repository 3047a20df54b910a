//! Sync with a backend (DESIGN.md, "Sync protocol v1"): the adapter trait, the HTTP
//! adapter, and the engine that drains the outbox and pulls changes. The protocol's rules
//! are `orderly_core::sync`'s; local writes are `crate::store`'s.

pub mod adapter;
pub mod engine;
pub mod http_adapter;
pub mod js_adapter;
pub mod lock;

pub use adapter::{ErrorClass, SyncAdapter, SyncError};
pub use engine::{SyncReport, sync_once, sync_with_retry};
pub use http_adapter::HttpAdapter;
pub use js_adapter::JsAdapter;
