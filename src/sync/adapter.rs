//! The pluggable part of sync: how push and pull reach a backend.

use crate::store::StoreError;
use orderly_core::ClientId;
use orderly_core::sync::{PullReply, PushReply, PushRequest};

/// A way to reach a backend. Implementations move the protocol's JSON shapes; they do not
/// interpret them.
#[allow(async_fn_in_trait)] // used in the browser's single thread only
pub trait SyncAdapter {
    async fn push(&self, request: &PushRequest) -> Result<PushReply, SyncError>;
    async fn pull(
        &self,
        client_id: ClientId,
        cursor: &str,
        limit: u32,
    ) -> Result<PullReply, SyncError>;
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("the backend could not be reached: {0}")]
    Network(String),
    #[error("the backend did not answer within {0} s")]
    Timeout(u32),
    #[error("the backend answered {status} {code}: {message}")]
    Http {
        status: u16,
        code: String,
        message: String,
    },
    #[error("the backend's answer could not be read: {0}")]
    Decode(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the engine does about an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// Network errors, timeouts, 429 and 5xx: retry the same operations later.
    Retry,
    /// 401: ask the user for credentials.
    Credentials,
    /// Any other 4xx, unreadable answers, local storage failures: stop and show it.
    Stop,
}

impl SyncError {
    pub fn class(&self) -> ErrorClass {
        match self {
            SyncError::Network(_) | SyncError::Timeout(_) => ErrorClass::Retry,
            SyncError::Http { status: 429, .. } => ErrorClass::Retry,
            SyncError::Http { status, .. } if *status >= 500 => ErrorClass::Retry,
            SyncError::Http { status: 401, .. } => ErrorClass::Credentials,
            _ => ErrorClass::Stop,
        }
    }
}
