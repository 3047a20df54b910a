//! The IndexedDB schema, versioned and append-only.
//!
//! rexie's builder deletes every object store and index that a build does not declare.
//! To make that harmless, the schema is one table in which every store and index carries
//! the version that added it: the declaration for version N is everything with
//! `since <= N`, so a later version always declares a superset of an earlier one. Nothing is
//! ever removed from the table; [`super::Store::open`] also refuses to upgrade a database
//! that holds a store this build does not know (see `guard_against_drops`).

/// The schema version this build opens.
pub const CURRENT_VERSION: u32 = 3;

pub const ORDERS: &str = "orders";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const SERVER_ORDERS: &str = "server_orders";
pub const EXCEPTIONS: &str = "exceptions";

pub struct IndexDef {
    pub name: &'static str,
    /// One key path, or several for a compound index.
    pub key_path: &'static [&'static str],
    pub unique: bool,
    pub since: u32,
}

pub struct StoreDef {
    pub name: &'static str,
    pub key_path: &'static str,
    pub since: u32,
    pub indexes: &'static [IndexDef],
}

const fn index(name: &'static str, key_path: &'static [&'static str], since: u32) -> IndexDef {
    IndexDef {
        name,
        key_path,
        unique: false,
        since,
    }
}

const fn unique(name: &'static str, key_path: &'static [&'static str], since: u32) -> IndexDef {
    IndexDef {
        name,
        key_path,
        unique: true,
        since,
    }
}

/// Every store and index that ever existed, with the version that introduced it.
pub const SCHEMA: &[StoreDef] = &[
    StoreDef {
        name: ORDERS,
        key_path: "id",
        since: 1,
        indexes: &[
            index("status", &["status"], 1),
            index("created_at", &["created_at"], 1),
            // Version 2: finding an order by its number, customer or channel reference.
            unique("number", &["number"], 2),
            index("customer", &["customer.name"], 2),
            index("channel_ref", &["channel", "external_ref"], 2),
        ],
    },
    StoreDef {
        // Operations waiting for the backend, keyed by their per-client sequence number.
        name: OUTBOX,
        key_path: "seq",
        since: 1,
        indexes: &[unique("id", &["id"], 1)],
    },
    StoreDef {
        // Small records: the client identity and counters, settings.
        name: META,
        key_path: "key",
        since: 1,
        indexes: &[],
    },
    StoreDef {
        // Version 3: the backend's copy of each order, as last pulled. `orders` holds the
        // local view: this copy with the still-pending operations re-applied.
        name: SERVER_ORDERS,
        key_path: "id",
        since: 3,
        indexes: &[],
    },
    StoreDef {
        // Version 3: exceptions (sync rejections first).
        name: EXCEPTIONS,
        key_path: "id",
        since: 3,
        indexes: &[
            index("order_id", &["order_id"], 3),
            index("status", &["status"], 3),
        ],
    },
];

/// The stores declared at `version`, with the indexes declared at `version`.
pub fn declared_at(
    version: u32,
) -> impl Iterator<Item = (&'static StoreDef, Vec<&'static IndexDef>)> {
    SCHEMA
        .iter()
        .filter(move |s| s.since <= version)
        .map(move |s| {
            let indexes = s.indexes.iter().filter(|i| i.since <= version).collect();
            (s, indexes)
        })
}

/// Names of stores a database holds that the declaration for `version` lacks: an upgrade
/// through rexie's builder would delete them.
pub fn would_drop(existing: &[String], version: u32) -> Vec<String> {
    existing
        .iter()
        .filter(|name| !declared_at(version).any(|(s, _)| s.name == name.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_declares_a_superset_of_the_previous() {
        for v in 1..CURRENT_VERSION {
            for (store, indexes) in declared_at(v) {
                let (_, next) = declared_at(v + 1)
                    .find(|(s, _)| s.name == store.name)
                    .expect("a store disappeared");
                for i in indexes {
                    assert!(
                        next.iter().any(|n| n.name == i.name),
                        "index {} dropped",
                        i.name
                    );
                }
            }
        }
    }

    #[test]
    fn nothing_is_introduced_after_the_current_version() {
        for s in SCHEMA {
            assert!(s.since >= 1 && s.since <= CURRENT_VERSION, "{}", s.name);
            for i in s.indexes {
                assert!(
                    i.since >= s.since && i.since <= CURRENT_VERSION,
                    "{}",
                    i.name
                );
            }
        }
    }

    #[test]
    fn unknown_stores_are_reported_before_an_upgrade() {
        let existing = vec!["orders".to_owned(), "from_the_future".to_owned()];
        assert_eq!(
            would_drop(&existing, CURRENT_VERSION),
            vec!["from_the_future"]
        );
        assert!(would_drop(&["orders".to_owned()], 1).is_empty());
    }
}
