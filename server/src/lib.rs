//! orderly-server: the reference sync backend (DESIGN.md, "Sync protocol v1").
//!
//! It stores its data in one SQLite file and will apply every pushed operation through
//! orderly-core, the same rules the console runs.

pub mod db;

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<rusqlite::Connection>>,
}

impl AppState {
    pub fn new(conn: rusqlite::Connection) -> AppState {
        AppState {
            db: Arc::new(Mutex::new(conn)),
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    protocol: u32,
    schema_version: i64,
}

/// Answers 200 only when the database answers too.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let checked = state
        .db
        .lock()
        .map_err(|_| db::DbError::Poisoned)
        .and_then(|conn| db::schema_version(&conn));
    match checked {
        Ok(schema_version) => (
            StatusCode::OK,
            Json(serde_json::json!(Health {
                status: "ok",
                protocol: 1,
                schema_version,
            })),
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "reason": e.to_string() })),
        ),
    }
}
