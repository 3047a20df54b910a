//! Sync protocol v1 (DESIGN.md, normative): the wire types, and the client's side of it as
//! pure functions — which operations to push, which to drop when the server answered, and
//! the local view as server data with the still-pending operations re-applied (rebase).
//!
//! Sans-IO: nothing here sends a request or reads a clock. The console's engine and the
//! native multi-client simulation both drive these functions.

use crate::command::{Context, Effect, apply};
use crate::operation::{ClientId, Operation};
use crate::state::{Entity, Key, Snapshot};
use serde::{Deserialize, Serialize};

pub const PROTOCOL: u32 = 1;
/// At most this many operations in one push.
pub const MAX_BATCH: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest<Op = Operation> {
    pub protocol: u32,
    pub client_id: ClientId,
    pub ops: Vec<Op>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpStatus {
    Applied,
    Duplicate,
    Rejected,
}

impl OpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OpStatus::Applied => "applied",
            OpStatus::Duplicate => "duplicate",
            OpStatus::Rejected => "rejected",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpResult {
    pub id: String,
    pub status: OpStatus,
    /// For a `duplicate`: what the server did the first time (an extension of protocol
    /// v1; older servers omit it). A client whose earlier reply was lost learns a rejection
    /// from it instead of dropping the operation silently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_status: Option<OpStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl OpResult {
    /// The outcome that counts: for a duplicate, the original one when the server said it.
    pub fn outcome(&self) -> OpStatus {
        match (self.status, self.original_status) {
            (OpStatus::Duplicate, Some(original)) => original,
            (status, _) => status,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReply {
    pub last_seq: u64,
    pub results: Vec<OpResult>,
}

/// One entity as the server has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub entity: String,
    pub id: String,
    pub version: u64,
    pub deleted: bool,
    pub data: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullReply {
    pub changes: Vec<Change>,
    pub cursor: String,
    pub has_more: bool,
    pub last_seq: u64,
    pub reset: bool,
}

/// How long to wait before retry number `attempt` (0 for the first retry) of a transient
/// failure: exponential from 1 s, capped at 5 minutes, scaled by `jitter` in [0, 1) to
/// between half and all of it, so that many tablets coming back online do not retry in
/// step. The caller supplies the randomness.
pub fn backoff_millis(attempt: u32, jitter: f64) -> u64 {
    let full = 1000u64.saturating_mul(1u64 << attempt.min(20)).min(300_000);
    let jitter = jitter.clamp(0.0, 1.0);
    (full as f64 * (0.5 + jitter / 2.0)) as u64
}

/// The first operations of the outbox (in `seq` order), at most [`MAX_BATCH`].
pub fn next_batch<'a>(outbox: impl IntoIterator<Item = &'a Operation>) -> Vec<Operation> {
    let mut ops: Vec<Operation> = outbox.into_iter().cloned().collect();
    ops.sort_by_key(|op| op.seq);
    ops.truncate(MAX_BATCH);
    ops
}

/// Whether the server has answered for an operation (applied, duplicate or rejected):
/// its `seq` is at or below the server's `last_seq` for this client. Only then may it
/// leave the outbox.
pub fn is_answered(op: &Operation, last_seq: u64) -> bool {
    op.seq <= last_seq
}

/// The operations of `sent` that the reply answers for: they may leave the outbox.
pub fn answered<'a>(
    sent: &'a [Operation],
    reply: &'a PushReply,
) -> impl Iterator<Item = &'a Operation> {
    sent.iter().filter(|op| {
        is_answered(op, reply.last_seq) && reply.results.iter().any(|r| r.id == op.id.0.to_string())
    })
}

/// The rejections in a push reply, with the operations they belong to: each must become a
/// visible exception, never a silent drop.
pub fn rejections<'a>(sent: &'a [Operation], reply: &'a PushReply) -> Vec<(&'a Operation, String)> {
    reply
        .results
        .iter()
        .filter(|r| r.outcome() == OpStatus::Rejected)
        .filter_map(|r| {
            let op = sent.iter().find(|op| op.id.0.to_string() == r.id)?;
            Some((op, r.reason.clone().unwrap_or_default()))
        })
        .collect()
}

/// Entities of the pull feed that are entries of a ledger, not records with versions:
/// the stock ledger is kept apart from the copies.
pub const LEDGER_ENTITIES: &[&str] = &["stock_movement"];

/// Stores in `copies` (the backend's records, complete) each pulled record whose version
/// is newer than the copy held, and forgets deleted ones. Ledger entries are skipped.
/// Returns the changes it could not read ("entity/id: reason" — an entity this build does
/// not know, bad data); the rest is stored.
pub fn store_changes(copies: &mut Snapshot, changes: &[Change]) -> Vec<String> {
    let mut unreadable = Vec::new();
    for change in changes {
        if LEDGER_ENTITIES.contains(&change.entity.as_str()) {
            continue;
        }
        let Some(key) = Key::parse(&change.entity, &change.id) else {
            unreadable.push(format!(
                "{}/{}: unknown entity or id",
                change.entity, change.id
            ));
            continue;
        };
        if change.deleted {
            copies.load(key, None);
            continue;
        }
        let held = copies.held(&key).flatten().map_or(0, Entity::version);
        if change.version <= held {
            continue;
        }
        match Entity::from_json(&change.entity, &change.id, change.data.clone()) {
            Ok(entity) if entity.key() == key => copies.put(entity),
            Ok(_) => unreadable.push(format!(
                "{}/{}: the data names another record",
                change.entity, change.id
            )),
            Err(e) => unreadable.push(format!("{}/{}: {}", e.entity, e.id, e.reason)),
        }
    }
    unreadable
}

/// The operations to re-apply over the backend's copies, in `seq` order: those still
/// pending whose outcome the backend has not told yet (an op at or below `last_seq` is
/// already in the backend's copies and stays in the outbox only until a push reply says
/// how it went).
pub fn to_reapply<'a>(
    pending: impl IntoIterator<Item = &'a Operation>,
    last_seq: u64,
) -> Vec<&'a Operation> {
    let mut ops: Vec<&Operation> = pending
        .into_iter()
        .filter(|op| !is_answered(op, last_seq))
        .collect();
    ops.sort_by_key(|op| op.seq);
    ops
}

/// What re-applying one operation on the view did.
#[derive(Debug, PartialEq, Eq)]
pub enum Reapplied {
    /// It needs these records first (load the backend's copies, then call again).
    NeedsKeys(Vec<Key>),
    /// Its effects are in the view (each names the record it changed; stock effects carry
    /// the ledger entry as re-applied, numbered after the backend's).
    Applied(Vec<Effect>),
    /// The rules refuse it now: it is left out of the view (the backend will answer).
    Refused,
}

/// Re-applies one pending operation on `view` (the backend's copies, loaded as needed),
/// at its own time and actor.
pub fn reapply(view: &mut Snapshot, op: &Operation) -> Reapplied {
    let ctx = Context::of(op);
    let result = apply(view, &op.command, &ctx);
    let misses = view.take_misses();
    if !misses.is_empty() {
        return Reapplied::NeedsKeys(misses);
    }
    match result {
        Ok(effects) => {
            view.absorb(&effects);
            Reapplied::Applied(effects)
        }
        Err(_) => Reapplied::Refused,
    }
}

/// The local view: the backend's copies (complete) with every pending operation
/// re-applied; an operation the rules refuse now is left out (the backend will answer).
pub fn rebase<'a>(
    copies: &Snapshot,
    pending: impl IntoIterator<Item = &'a Operation>,
    last_seq: u64,
) -> Snapshot {
    let mut view = Snapshot::complete();
    for entity in copies.entities() {
        view.put(entity.clone());
    }
    for op in to_reapply(pending, last_seq) {
        reapply(&mut view, op);
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_is_capped_and_jittered() {
        assert_eq!(backoff_millis(0, 1.0), 1000);
        assert_eq!(backoff_millis(0, 0.0), 500);
        assert_eq!(backoff_millis(3, 1.0), 8000);
        assert_eq!(backoff_millis(30, 1.0), 300_000);
        assert!((150_000..=300_000).contains(&backoff_millis(30, 0.37)));
    }

    #[test]
    fn a_batch_is_the_oldest_500_operations_in_seq_order() {
        let op = |seq: u64| Operation {
            id: crate::operation::OpId(uuid::Uuid::from_u128(u128::from(seq))),
            client_id: crate::operation::ClientId(uuid::Uuid::nil()),
            seq,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "clerk".into(),
            command: crate::fixtures::save_tea(),
        };
        // The outbox as a store might hand it over: not in order, more than one batch.
        let outbox: Vec<Operation> = (1..=1_201).rev().map(op).collect();
        let batch = next_batch(&outbox);
        assert_eq!(batch.len(), MAX_BATCH);
        let seqs: Vec<u64> = batch.iter().map(|o| o.seq).collect();
        assert_eq!(seqs, (1..=500).collect::<Vec<_>>());
        let rest: Vec<Operation> = outbox.into_iter().filter(|o| o.seq > 1_000).collect();
        assert_eq!(next_batch(&rest).len(), 201);
        assert!(next_batch(&[]).is_empty());
    }

    #[test]
    fn a_duplicate_counts_as_its_original_outcome() {
        let r = |status, original_status| OpResult {
            id: "x".into(),
            status,
            original_status,
            reason: None,
        };
        assert_eq!(
            r(OpStatus::Duplicate, Some(OpStatus::Rejected)).outcome(),
            OpStatus::Rejected
        );
        assert_eq!(r(OpStatus::Duplicate, None).outcome(), OpStatus::Duplicate);
        assert_eq!(r(OpStatus::Applied, None).outcome(), OpStatus::Applied);
    }

    fn change(entity: &str, id: &str, version: u64, data: serde_json::Value) -> Change {
        Change {
            entity: entity.into(),
            id: id.into(),
            version,
            deleted: false,
            data,
        }
    }

    fn tea(price: i64, version: u64) -> Change {
        let mut product = crate::fixtures::product("TEA", price);
        product.version = version;
        change(
            "product",
            "TEA",
            version,
            serde_json::to_value(product).unwrap(),
        )
    }

    fn tea_price(copies: &Snapshot) -> i64 {
        match copies.get(&Key::Product("TEA".into())) {
            Some(Entity::Product(p)) => p.price.amount,
            other => panic!("no product: {other:?}"),
        }
    }

    #[test]
    fn pulled_records_replace_older_copies_only() {
        let mut copies = Snapshot::complete();
        assert!(store_changes(&mut copies, &[tea(100, 2)]).is_empty());
        assert!(store_changes(&mut copies, &[tea(90, 1), tea(100, 2)]).is_empty());
        assert_eq!(
            tea_price(&copies),
            100,
            "an older or equal version is ignored"
        );
        store_changes(&mut copies, &[tea(120, 3)]);
        assert_eq!(tea_price(&copies), 120);
    }

    #[test]
    fn unknown_entities_and_bad_data_are_reported_and_the_rest_is_stored() {
        let mut copies = Snapshot::complete();
        let unreadable = store_changes(
            &mut copies,
            &[
                change("invoice", "INV-1", 1, serde_json::json!({})),
                change("product", "MUG", 1, serde_json::json!({"sku": 5})),
                change("stock_movement", "TEA/SH-01/1", 1, serde_json::json!({})),
                tea(100, 1),
            ],
        );
        assert_eq!(unreadable.len(), 2, "{unreadable:?}");
        assert!(unreadable[0].starts_with("invoice/INV-1"));
        assert!(unreadable[1].starts_with("product/MUG"));
        assert_eq!(tea_price(&copies), 100);
        let mut gone = tea(100, 2);
        gone.deleted = true;
        store_changes(&mut copies, &[gone]);
        assert!(copies.get(&Key::Product("TEA".into())).is_none());
    }

    #[test]
    fn rebase_reapplies_pending_operations_over_the_copies() {
        use crate::command::Command;
        use crate::operation::OpId;
        let mut copies = Snapshot::complete();
        store_changes(&mut copies, &[tea(100, 1)]);
        // Two price changes made offline, each on the version the other left.
        let op = |seq: u64, price: i64| {
            let mut tea = crate::fixtures::product("TEA", price);
            // Made on version 1 as pulled, then on the version the first edit left.
            tea.version = seq;
            tea.rev = (seq > 1).then(|| OpId(uuid::Uuid::from_u128(u128::from(seq - 1))));
            Operation {
                id: OpId(uuid::Uuid::from_u128(u128::from(seq))),
                client_id: ClientId(uuid::Uuid::from_u128(7)),
                seq,
                at: chrono::DateTime::UNIX_EPOCH,
                actor: "clerk".into(),
                command: Command::SaveProduct(Box::new(tea)),
            }
        };
        let pending = [op(1, 150), op(2, 175)];
        assert_eq!(tea_price(&rebase(&copies, &pending, 0)), 175);
        assert_eq!(
            tea_price(&rebase(&copies, &pending, 2)),
            100,
            "ops the backend has seen are already in its copies"
        );
        // Someone else's change reached the backend first: the pending edits, made on an
        // older version, no longer apply, and the view shows the backend's record.
        // Both conflict, the second too although its version number matches: its rev is
        // our first edit's, not the other console's.
        let mut theirs = tea(120, 2);
        theirs.data["rev"] = serde_json::json!(uuid::Uuid::from_u128(0x99));
        store_changes(&mut copies, &[theirs]);
        assert_eq!(tea_price(&rebase(&copies, &pending, 0)), 120);
    }
}
