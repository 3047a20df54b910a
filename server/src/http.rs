//! HTTP for sync protocol v1: routes, bearer-token auth, size limits, status codes.

use crate::db::DbError;
use crate::protocol::{self, PushError, PushRequest};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tower_http::cors::{Any, CorsLayer};

/// Largest push body accepted (500 ops of a few KB each fit comfortably).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<rusqlite::Connection>>,
    /// When set, `/v1/*` requires `Authorization: Bearer <token>`.
    token: Option<Arc<str>>,
}

impl AppState {
    pub fn new(conn: rusqlite::Connection) -> AppState {
        AppState {
            db: Arc::new(Mutex::new(conn)),
            token: None,
        }
    }

    pub fn with_token(mut self, token: impl Into<String>) -> AppState {
        self.token = Some(Arc::from(token.into()));
        self
    }

    /// Runs `work` on the connection in a blocking thread.
    async fn with_db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut rusqlite::Connection) -> T + Send + 'static,
    ) -> Result<T, DbError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().map_err(|_| DbError::Poisoned)?;
            Ok(work(&mut conn))
        })
        .await
        .map_err(|_| DbError::Poisoned)?
    }
}

pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/push", post(push))
        .route("/pull", get(pull))
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    // Consoles are served from other origins than the backend (a portal, a CDN, a tablet's
    // local copy). Auth is a bearer token, never a cookie, so any origin may call.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    Router::new()
        .route("/health", get(health))
        .nest("/v1", v1)
        .layer(cors)
        .with_state(state)
}

fn error(status: StatusCode, code: &str, message: impl ToString) -> Response {
    (
        status,
        Json(json!({ "error": code, "message": message.to_string() })),
    )
        .into_response()
}

async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(token) = &state.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(token.as_ref()) {
            return error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is required",
            );
        }
    }
    next.run(request).await
}

async fn health(State(state): State<AppState>) -> Response {
    match state.with_db(|conn| crate::db::schema_version(conn)).await {
        Ok(Ok(schema_version)) => Json(json!({
            "status": "ok",
            "protocol": protocol::PROTOCOL,
            "schema_version": schema_version,
        }))
        .into_response(),
        Ok(Err(e)) | Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e),
    }
}

async fn push(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let request: PushRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return error(StatusCode::BAD_REQUEST, "malformed", e),
    };
    let result = match state
        .with_db(move |conn| protocol::push(conn, request))
        .await
    {
        Ok(result) => result,
        Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e),
    };
    match result {
        Ok(reply) => Json(reply).into_response(),
        Err(e @ PushError::Protocol(_)) => error(StatusCode::UPGRADE_REQUIRED, "protocol", e),
        Err(e @ PushError::TooManyOps(_)) => {
            error(StatusCode::PAYLOAD_TOO_LARGE, "too_many_ops", e)
        }
        Err(e @ PushError::Malformed(_)) => error(StatusCode::BAD_REQUEST, "malformed", e),
        Err(e @ PushError::SeqGap { .. }) => error(StatusCode::CONFLICT, "seq_gap", e),
        // Transient: nothing of the failing op was committed; the client retries.
        Err(e @ PushError::Db(_)) => error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e),
    }
}

#[derive(Deserialize)]
struct PullQuery {
    client_id: String,
    cursor: Option<String>,
    limit: Option<u32>,
}

async fn pull(State(state): State<AppState>, Query(query): Query<PullQuery>) -> Response {
    let reply = state
        .with_db(move |conn| {
            protocol::pull(
                conn,
                &query.client_id,
                query.cursor.as_deref(),
                query.limit.unwrap_or(protocol::DEFAULT_PULL_LIMIT),
            )
        })
        .await;
    match reply {
        Ok(Ok(reply)) => Json(reply).into_response(),
        Ok(Err(e)) | Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e),
    }
}
