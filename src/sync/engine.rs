//! The sync engine: push the outbox in `seq` order (500 at a time) until it is empty, then
//! pull until there is no more. Each reply is stored in one transaction by the store, so a
//! crash between two steps loses nothing: the next run resends the same operations with
//! the same ids and the backend answers `duplicate`.

use super::adapter::{ErrorClass, SyncAdapter, SyncError};
use crate::store::Store;
use chrono::Utc;
use orderly_core::sync::{self, MAX_BATCH, PROTOCOL, PushRequest};

/// Pull page size.
pub const PULL_LIMIT: u32 = 500;

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Operations the backend answered for.
    pub pushed: usize,
    /// Of those, rejected (each is now an open exception).
    pub rejected: usize,
    /// Changes newer than the local copies.
    pub pulled: usize,
}

/// One full sync: drain the outbox, then pull to the end.
pub async fn sync_once<A: SyncAdapter>(
    store: &Store,
    adapter: &A,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    loop {
        let sent = sync::next_batch(&store.pending_operations(MAX_BATCH as u32).await?);
        if sent.is_empty() {
            break;
        }
        let request = PushRequest {
            protocol: PROTOCOL,
            client_id: store.client_id(),
            ops: sent.clone(),
        };
        let reply = adapter.push(&request).await?;
        let outcome = store.apply_push_reply(&sent, &reply, Utc::now()).await?;
        report.pushed += outcome.answered;
        report.rejected += outcome.rejected;
        if outcome.answered == 0 {
            // The backend answered for none of them: stop rather than loop; a later run
            // retries.
            return Err(SyncError::Decode(format!(
                "the backend answered for none of {} operations",
                sent.len()
            )));
        }
    }
    loop {
        let cursor = store.client_record().await?.cursor;
        let reply = adapter.pull(store.client_id(), &cursor, PULL_LIMIT).await?;
        report.pulled += store.apply_pull(&reply, Utc::now()).await?;
        if !reply.has_more {
            break;
        }
    }
    Ok(report)
}

/// [`sync_once`], retried on transient failures with exponential backoff and jitter, at
/// most `attempts` times. `sleep(millis)` waits; `jitter()` returns a number in [0, 1).
pub async fn sync_with_retry<A, S, F>(
    store: &Store,
    adapter: &A,
    attempts: u32,
    sleep: S,
    mut jitter: impl FnMut() -> f64,
) -> Result<SyncReport, SyncError>
where
    A: SyncAdapter,
    S: Fn(u64) -> F,
    F: std::future::Future<Output = ()>,
{
    let mut attempt = 0;
    loop {
        match sync_once(store, adapter).await {
            Err(e) if e.class() == ErrorClass::Retry && attempt + 1 < attempts => {
                sleep(sync::backoff_millis(attempt, jitter())).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}
