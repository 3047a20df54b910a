//! Sync protocol v1 on top of one SQLite connection, without HTTP (DESIGN.md, normative).
//!
//! `push` applies each operation through `orderly_core::apply` in its own SQLite
//! transaction, together with the client's new `last_seq` and the op's recorded result, so
//! an op is applied at most once. `pull` pages through entity changes by their global
//! change number (`rev`). The HTTP layer (`http.rs`) only maps these to status codes.

use crate::db::DbError;
use orderly_core::state::{Entity, Key, Snapshot, apply_loading};
use orderly_core::{Context, Effect, Operation};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

pub use orderly_core::sync::{
    Change, MAX_BATCH, OpResult, OpStatus, PROTOCOL, PullReply, PushReply,
};

pub const DEFAULT_PULL_LIMIT: u32 = 500;
pub const MAX_PULL_LIMIT: u32 = 1000;

/// A push whose ops are parsed one by one, so that one malformed op is rejected alone.
pub type PushRequest = orderly_core::sync::PushRequest<serde_json::Value>;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("protocol {0} is not supported; this server speaks protocol 1")]
    Protocol(u32),
    #[error("{0} operations in one push; at most 500")]
    TooManyOps(usize),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("operation seq {got} skips ahead; the next expected is {expected}")]
    SeqGap { expected: u64, got: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for PushError {
    fn from(e: rusqlite::Error) -> Self {
        PushError::Db(DbError::Sqlite(e))
    }
}

pub fn last_seq(conn: &Connection, client_id: &str) -> Result<u64, DbError> {
    let seq: Option<i64> = conn
        .query_row(
            "SELECT last_seq FROM clients WHERE client_id = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(seq.unwrap_or(0) as u64)
}

/// Applies a batch. Each op commits on its own, so a failure part-way leaves the earlier
/// ops applied and recorded; resending them then yields `duplicate`.
pub fn push(conn: &mut Connection, request: PushRequest) -> Result<PushReply, PushError> {
    let client_id = request.client_id.0.to_string();
    if request.protocol != PROTOCOL {
        return Err(PushError::Protocol(request.protocol));
    }
    if request.ops.len() > MAX_BATCH {
        return Err(PushError::TooManyOps(request.ops.len()));
    }
    let mut results = Vec::with_capacity(request.ops.len());
    for raw in &request.ops {
        let id = raw["id"]
            .as_str()
            .ok_or_else(|| PushError::Malformed("an op has no string id".into()))?;
        let seq = raw["seq"]
            .as_u64()
            .ok_or_else(|| PushError::Malformed(format!("op {id} has no integer seq")))?;
        if raw["client_id"].as_str() != Some(client_id.as_str()) {
            return Err(PushError::Malformed(format!(
                "op {id} belongs to another client than {client_id}"
            )));
        }
        let tx = conn.transaction()?;
        let last = last_seq(&tx, &client_id)?;
        if seq <= last {
            // Never applied twice; say what happened the first time, if this id is known.
            let first: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT status, reason FROM ops WHERE id = ?1 AND client_id = ?2",
                    params![id, client_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (original_status, reason) = match first {
                Some((status, reason)) => (parse_status(&status), reason),
                None => (None, None),
            };
            results.push(OpResult {
                id: id.to_owned(),
                status: OpStatus::Duplicate,
                original_status,
                reason,
            });
            continue;
        }
        if seq != last + 1 {
            return Err(PushError::SeqGap {
                expected: last + 1,
                got: seq,
            });
        }
        let (status, reason, kind) = match serde_json::from_value::<Operation>(raw.clone()) {
            Err(e) => (
                OpStatus::Rejected,
                Some(format!("malformed: {e}")),
                "?".to_owned(),
            ),
            Ok(op) => {
                let kind = raw["type"].as_str().unwrap_or("?").to_owned();
                match apply_one(&tx, &op)? {
                    Ok(()) => (OpStatus::Applied, None, kind),
                    Err(refused) => (OpStatus::Rejected, Some(refused), kind),
                }
            }
        };
        // The op's effects (if any), its result and the new last_seq commit together.
        tx.execute(
            "INSERT INTO clients (client_id, last_seq) VALUES (?1, ?2)
             ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq",
            params![client_id, seq as i64],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO ops (id, client_id, seq, type, status, reason, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                client_id,
                seq as i64,
                kind,
                status.as_str(),
                reason,
                raw.to_string()
            ],
        )?;
        tx.commit()?;
        results.push(OpResult {
            id: id.to_owned(),
            status,
            original_status: None,
            reason,
        });
    }
    Ok(PushReply {
        last_seq: last_seq(conn, &client_id)?,
        results,
    })
}

fn parse_status(text: &str) -> Option<OpStatus> {
    [OpStatus::Applied, OpStatus::Rejected]
        .into_iter()
        .find(|s| s.as_str() == text)
}

/// Runs the core's rules on one op, reading whatever it asks for from this transaction.
/// `Ok(Err(reason))` is a permanent refusal.
fn apply_one(tx: &Transaction<'_>, op: &Operation) -> Result<Result<(), String>, PushError> {
    let ctx = Context::of(op);
    let mut snapshot = Snapshot::default();
    let applied = apply_loading(&mut snapshot, &op.command, &ctx, |key| read_record(tx, key))?;
    let effects = match applied {
        Ok(effects) => effects,
        Err(refused) => return Ok(Err(format!("{}: {refused}", refused.code()))),
    };
    for effect in effects {
        let entity = effect.entity();
        let key = entity.key();
        write_entity(
            tx,
            key.entity(),
            &key.id(),
            entity.version(),
            &entity.to_json(),
        )?;
        if let Effect::StockSaved { movement, .. } = &effect {
            // The ledger entry: never rewritten, one per movement.
            let entry = format!("{}#{}", key.id(), movement.seq);
            write_entity(tx, "stock_movement", &entry, 1, movement)?;
        }
    }
    Ok(Ok(()))
}

/// The stored record under `key`, if any.
fn read_record(tx: &Transaction<'_>, key: &Key) -> Result<Option<Entity>, PushError> {
    let (entity, id) = (key.entity(), key.id());
    let Some(data) = read_entity::<serde_json::Value>(tx, entity, &id)? else {
        return Ok(None);
    };
    Entity::from_json(entity, &id, data)
        .map(Some)
        .map_err(|e| PushError::Malformed(format!("stored {e}")))
}

fn read_entity<T: serde::de::DeserializeOwned>(
    tx: &Transaction<'_>,
    entity: &str,
    id: &str,
) -> Result<Option<T>, PushError> {
    let data: Option<String> = tx
        .query_row(
            "SELECT data FROM entities WHERE entity = ?1 AND id = ?2 AND deleted = 0",
            params![entity, id],
            |r| r.get(0),
        )
        .optional()?;
    data.map(|d| serde_json::from_str(&d))
        .transpose()
        .map_err(|e| PushError::Malformed(format!("stored {entity} {id} is unreadable: {e}")))
}

fn write_entity<T: Serialize>(
    tx: &Transaction<'_>,
    entity: &str,
    id: &str,
    version: u64,
    value: &T,
) -> Result<(), PushError> {
    let data = serde_json::to_string(value).map_err(|e| PushError::Malformed(e.to_string()))?;
    tx.execute(
        "INSERT INTO entities (entity, id, version, deleted, rev, data)
         VALUES (?1, ?2, ?3, 0, (SELECT COALESCE(MAX(rev), 0) + 1 FROM entities), ?4)
         ON CONFLICT (entity, id) DO UPDATE SET
           version = excluded.version, deleted = 0, rev = excluded.rev, data = excluded.data",
        params![entity, id, version as i64, data],
    )?;
    Ok(())
}

/// Changes after `cursor` (oldest first), at most `limit`. An unreadable cursor, or one
/// from a newer database than this one, asks the client to start over (`reset`).
pub fn pull(
    conn: &Connection,
    client_id: &str,
    cursor: Option<&str>,
    limit: u32,
) -> Result<PullReply, DbError> {
    let limit = limit.clamp(1, MAX_PULL_LIMIT);
    let max_rev: i64 = conn.query_row("SELECT COALESCE(MAX(rev), 0) FROM entities", [], |r| {
        r.get(0)
    })?;
    let parsed = match cursor.filter(|c| !c.is_empty()) {
        None => Some(0),
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|rev| (0..=max_rev).contains(rev)),
    };
    let reset = parsed.is_none();
    let after = parsed.unwrap_or(0);
    let mut statement = conn.prepare(
        "SELECT entity, id, version, deleted, rev, data FROM entities
         WHERE rev > ?1 ORDER BY rev LIMIT ?2",
    )?;
    let mut rows = statement.query(params![after, i64::from(limit) + 1])?;
    let mut changes = Vec::new();
    let mut last_rev = after;
    let mut has_more = false;
    while let Some(row) = rows.next()? {
        if changes.len() == limit as usize {
            has_more = true;
            break;
        }
        let data: String = row.get(5)?;
        last_rev = row.get(4)?;
        changes.push(Change {
            entity: row.get(0)?,
            id: row.get(1)?,
            version: row.get::<_, i64>(2)? as u64,
            deleted: row.get::<_, i64>(3)? != 0,
            data: serde_json::from_str(&data).map_err(|e| DbError::Corrupt(e.to_string()))?,
        });
    }
    Ok(PullReply {
        changes,
        cursor: last_rev.to_string(),
        has_more,
        last_seq: last_seq(conn, client_id)?,
        reset,
    })
}
