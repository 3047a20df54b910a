//! The IndexedDB schema, versioned and append-only.
//!
//! rexie's builder deletes every object store and index that a build does not declare.
//! To make that harmless, the schema is one table in which every store and index carries
//! the version that added it: the declaration for version N is everything with
//! `since <= N`, so a later version always declares a superset of an earlier one. Nothing is
//! ever removed from the table; [`super::Store::open`] also refuses to upgrade a database
//! that holds a store this build does not know (see `guard_against_drops`).

/// The schema version this build opens.
pub const CURRENT_VERSION: u32 = 5;

pub const ORDERS: &str = "orders";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const SERVER_ORDERS: &str = "server_orders";
pub const EXCEPTIONS: &str = "exceptions";
pub const PRODUCTS: &str = "products";
pub const LOCATIONS: &str = "locations";
pub const CUSTOMERS: &str = "customers";
pub const PRICE_LISTS: &str = "price_lists";
pub const CHECKLISTS: &str = "checklists";
pub const STOCK_LEVELS: &str = "stock_levels";
pub const STOCK_MOVEMENTS: &str = "stock_movements";
pub const PICK_LISTS: &str = "pick_lists";
pub const SHIPMENTS: &str = "shipments";
pub const RETURNS: &str = "returns";
pub const RATINGS: &str = "ratings";
pub const ASSIGNMENT_RULES: &str = "assignment_rules";
pub const CARRIER_RATES: &str = "carrier_rates";
pub const SERVER_RECORDS: &str = "server_records";
pub const REJECTED_OPS: &str = "rejected_ops";

pub struct IndexDef {
    pub name: &'static str,
    /// One key path, or several for a compound index.
    pub key_path: &'static [&'static str],
    pub unique: bool,
    pub since: u32,
}

pub struct StoreDef {
    pub name: &'static str,
    /// One key path, or several for a compound key.
    pub key_path: &'static [&'static str],
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
        key_path: &["id"],
        since: 1,
        indexes: &[
            index("status", &["status"], 1),
            index("created_at", &["created_at"], 1),
            // Version 2: finding an order by its number, customer or channel reference.
            unique("number", &["number"], 2),
            index("customer", &["customer.name"], 2),
            index("channel_ref", &["channel", "external_ref"], 2),
            // Version 4: the order lists filter by channel and assignee, and find an order
            // by its external reference alone.
            index("channel", &["channel"], 4),
            index("assignee", &["assignee"], 4),
            index("external_ref", &["external_ref"], 4),
        ],
    },
    StoreDef {
        // Operations waiting for the backend, keyed by their per-client sequence number.
        name: OUTBOX,
        key_path: &["seq"],
        since: 1,
        indexes: &[unique("id", &["id"], 1)],
    },
    StoreDef {
        // Small records: the client identity and counters, settings.
        name: META,
        key_path: &["key"],
        since: 1,
        indexes: &[],
    },
    StoreDef {
        // Version 3: the backend's copy of each order, as last pulled. `orders` holds the
        // local view: this copy with the still-pending operations re-applied.
        name: SERVER_ORDERS,
        key_path: &["id"],
        since: 3,
        indexes: &[],
    },
    StoreDef {
        // Version 3: exceptions (sync rejections first).
        name: EXCEPTIONS,
        key_path: &["id"],
        since: 3,
        indexes: &[
            index("order_id", &["order_id"], 3),
            index("status", &["status"], 3),
        ],
    },
];

/// Version 4: every other record of the domain, each in its own store, and the backend's
/// copies of them.
const fn since4(
    name: &'static str,
    key_path: &'static [&'static str],
    indexes: &'static [IndexDef],
) -> StoreDef {
    StoreDef {
        name,
        key_path,
        since: 4,
        indexes,
    }
}

const V4: &[StoreDef] = &[
    since4(
        PRODUCTS,
        &["sku"],
        &[
            index("category", &["category"], 4),
            index("barcode", &["barcode"], 4),
        ],
    ),
    since4(LOCATIONS, &["code"], &[]),
    since4(
        CUSTOMERS,
        &["id"],
        &[index("name", &["name"], 4), index("phone", &["phone"], 4)],
    ),
    since4(PRICE_LISTS, &["currency"], &[]),
    since4(CHECKLISTS, &["category"], &[]),
    since4(
        STOCK_LEVELS,
        &["sku", "location"],
        &[
            index("sku", &["sku"], 4),
            index("location", &["location"], 4),
        ],
    ),
    // The ledger as the backend confirmed it, plus entries made here and not yet synced.
    since4(
        STOCK_MOVEMENTS,
        &["sku", "location", "seq"],
        &[index("sku", &["sku"], 4), index("at", &["at"], 4)],
    ),
    since4(
        PICK_LISTS,
        &["id"],
        &[
            index("status", &["status"], 4),
            index("location", &["location"], 4),
        ],
    ),
    since4(
        SHIPMENTS,
        &["id"],
        &[
            index("order_id", &["order_id"], 4),
            index("status", &["status"], 4),
            index("tracking_number", &["tracking_number"], 4),
        ],
    ),
    since4(
        RETURNS,
        &["id"],
        &[
            index("order_id", &["order_id"], 4),
            index("status", &["status"], 4),
        ],
    ),
    since4(RATINGS, &["order_id"], &[]),
    since4(ASSIGNMENT_RULES, &["id"], &[]),
    since4(CARRIER_RATES, &["carrier", "service"], &[]),
    // The backend's copy of every record but orders (those stay in `server_orders`):
    // `{entity, id, version, data}`.
    since4(SERVER_RECORDS, &["entity", "id"], &[]),
    // Version 5: operations the backend rejected, by op id, kept (here only) so that a
    // person can review them from their exception and make a conflicting edit again.
    StoreDef {
        name: REJECTED_OPS,
        key_path: &["id"],
        since: 5,
        indexes: &[],
    },
];

/// Every store, in declaration order.
pub fn all_stores() -> impl Iterator<Item = &'static StoreDef> {
    SCHEMA.iter().chain(V4)
}

/// The stores declared at `version`, with the indexes declared at `version`.
pub fn declared_at(
    version: u32,
) -> impl Iterator<Item = (&'static StoreDef, Vec<&'static IndexDef>)> {
    all_stores()
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
        for s in all_stores() {
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
