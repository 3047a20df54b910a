//! orderly-server: the reference sync backend (DESIGN.md, "Sync protocol v1").
//!
//! It keeps its data in one SQLite file (`db.rs`) and applies every pushed operation
//! through orderly-core (`protocol.rs`), the same rules the console runs. `http.rs` puts
//! the protocol on HTTP with axum.

pub mod db;
pub mod http;
pub mod protocol;

pub use http::{AppState, router};
