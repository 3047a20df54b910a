//! What a command reads and writes, as data: every stored record is an [`Entity`] under a
//! [`Key`], and [`Snapshot`] is the in-memory state `apply` runs against.
//!
//! Storage is async in the browser, so `apply` cannot fetch as it goes. Instead a
//! snapshot remembers every key `apply` asked for and did not hold (its *misses*); the
//! caller loads those, inside the same transaction, and runs `apply` again. Because
//! `apply` is pure, the last run — the one with no misses — saw everything it read.

use crate::checklist::SopChecklist;
use crate::command::State;
use crate::customer::Customer;
use crate::location::Location;
use crate::order::{Order, OrderId};
use crate::price_list::PriceList;
use crate::product::Product;
use crate::stock::StockLevel;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Names one stored record.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Order(OrderId),
    Stock {
        sku: String,
        location: String,
    },
    Product(String),
    Location(String),
    Customer(Uuid),
    /// The price list of a currency, by its code.
    PriceList(String),
    /// The packing checklist of a product category.
    Checklist(String),
    PickList(Uuid),
    Shipment(Uuid),
    Exception(Uuid),
    ReturnCase(Uuid),
    /// The rating of an order.
    Rating(OrderId),
    AssignmentRule(String),
    /// A carrier service; its wire id is `carrier/service`.
    CarrierRate {
        carrier: String,
        service: String,
    },
}

impl Key {
    /// The entity name on the wire (`Change.entity`) and in storage.
    pub fn entity(&self) -> &'static str {
        match self {
            Key::Order(_) => "order",
            Key::Stock { .. } => "stock_level",
            Key::Product(_) => "product",
            Key::Location(_) => "location",
            Key::Customer(_) => "customer",
            Key::PriceList(_) => "price_list",
            Key::Checklist(_) => "checklist",
            Key::PickList(_) => "pick_list",
            Key::Shipment(_) => "shipment",
            Key::Exception(_) => "exception",
            Key::ReturnCase(_) => "return",
            Key::Rating(_) => "rating",
            Key::AssignmentRule(_) => "assignment_rule",
            Key::CarrierRate { .. } => "carrier_rate",
        }
    }

    /// The key of a record named on the wire (`Change.entity`, `Change.id`); `None` for an
    /// entity this build does not know or an id that does not parse.
    pub fn parse(entity: &str, id: &str) -> Option<Key> {
        let uuid = || id.parse::<Uuid>().ok();
        Some(match entity {
            "order" => Key::Order(OrderId(uuid()?)),
            "stock_level" => {
                let (sku, location) = id.rsplit_once('@')?;
                Key::Stock {
                    sku: sku.to_owned(),
                    location: location.to_owned(),
                }
            }
            "product" => Key::Product(id.to_owned()),
            "location" => Key::Location(id.to_owned()),
            "customer" => Key::Customer(uuid()?),
            "price_list" => Key::PriceList(id.to_owned()),
            "checklist" => Key::Checklist(id.to_owned()),
            "pick_list" => Key::PickList(uuid()?),
            "shipment" => Key::Shipment(uuid()?),
            "exception" => Key::Exception(uuid()?),
            "return" => Key::ReturnCase(uuid()?),
            "rating" => Key::Rating(OrderId(uuid()?)),
            "assignment_rule" => Key::AssignmentRule(id.to_owned()),
            "carrier_rate" => {
                let (carrier, service) = id.split_once('/')?;
                Key::CarrierRate {
                    carrier: carrier.to_owned(),
                    service: service.to_owned(),
                }
            }
            _ => return None,
        })
    }

    /// The record's id within its entity (`Change.id`).
    pub fn id(&self) -> String {
        match self {
            Key::Order(id) => id.to_string(),
            Key::Stock { sku, location } => StockLevel::key(sku, location),
            Key::Product(code)
            | Key::Location(code)
            | Key::PriceList(code)
            | Key::Checklist(code)
            | Key::AssignmentRule(code) => code.clone(),
            Key::CarrierRate { carrier, service } => format!("{carrier}/{service}"),
            Key::Customer(id)
            | Key::PickList(id)
            | Key::Shipment(id)
            | Key::Exception(id)
            | Key::ReturnCase(id) => id.to_string(),
            Key::Rating(order) => order.to_string(),
        }
    }
}

/// One stored record of any kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Order(Box<Order>),
    StockLevel(StockLevel),
    Product(Box<Product>),
    Location(Box<Location>),
    Customer(Box<Customer>),
    PriceList(Box<PriceList>),
    Checklist(SopChecklist),
    PickList(Box<crate::pick_list::PickList>),
    Shipment(Box<crate::shipment::Shipment>),
    Exception(Box<crate::exception::Exception>),
    ReturnCase(Box<crate::return_case::ReturnCase>),
    Rating(crate::rating::Rating),
    AssignmentRule(Box<crate::assignment::AssignmentRule>),
    CarrierRate(Box<crate::carrier::CarrierRate>),
}

/// A stored record that does not read as its entity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{entity} {id}: {reason}")]
pub struct Unreadable {
    pub entity: String,
    pub id: String,
    pub reason: String,
}

impl Entity {
    pub fn key(&self) -> Key {
        match self {
            Entity::Order(o) => Key::Order(o.id),
            Entity::StockLevel(l) => Key::Stock {
                sku: l.sku.clone(),
                location: l.location.clone(),
            },
            Entity::Product(p) => Key::Product(p.sku.clone()),
            Entity::Location(l) => Key::Location(l.code.clone()),
            Entity::Customer(c) => Key::Customer(c.id),
            Entity::PriceList(p) => Key::PriceList(p.currency.as_str().to_owned()),
            Entity::Checklist(c) => Key::Checklist(c.category.clone()),
            Entity::PickList(p) => Key::PickList(p.id),
            Entity::Shipment(s) => Key::Shipment(s.id),
            Entity::Exception(e) => Key::Exception(e.id),
            Entity::ReturnCase(r) => Key::ReturnCase(r.id),
            Entity::Rating(r) => Key::Rating(r.order_id),
            Entity::AssignmentRule(r) => Key::AssignmentRule(r.id.clone()),
            Entity::CarrierRate(r) => Key::CarrierRate {
                carrier: r.carrier.clone(),
                service: r.service.clone(),
            },
        }
    }

    /// Grows with every change; sync keeps the higher one.
    pub fn version(&self) -> u64 {
        match self {
            Entity::Order(o) => o.version,
            Entity::StockLevel(l) => l.version,
            Entity::Product(p) => p.version,
            Entity::Location(l) => l.version,
            Entity::Customer(c) => c.version,
            Entity::PriceList(p) => p.version,
            Entity::Checklist(c) => c.version,
            Entity::PickList(p) => p.version,
            Entity::Shipment(s) => s.version,
            Entity::Exception(e) => e.version,
            Entity::ReturnCase(r) => r.version,
            Entity::Rating(r) => r.version,
            Entity::AssignmentRule(r) => r.version,
            Entity::CarrierRate(r) => r.version,
        }
    }

    /// The record as stored and sent: its own JSON, without an envelope.
    pub fn to_json(&self) -> serde_json::Value {
        fn json(value: &impl Serialize) -> serde_json::Value {
            // Every entity is plain data with string keys: serialising cannot fail.
            serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
        }
        match self {
            Entity::Order(o) => json(o),
            Entity::StockLevel(l) => json(l),
            Entity::Product(p) => json(p),
            Entity::Location(l) => json(l),
            Entity::Customer(c) => json(c),
            Entity::PriceList(p) => json(p),
            Entity::Checklist(c) => json(c),
            Entity::PickList(p) => json(p),
            Entity::Shipment(s) => json(s),
            Entity::Exception(e) => json(e),
            Entity::ReturnCase(r) => json(r),
            Entity::Rating(r) => json(r),
            Entity::AssignmentRule(r) => json(r),
            Entity::CarrierRate(r) => json(r),
        }
    }

    /// Reads a record of the named entity.
    pub fn from_json(
        entity: &str,
        id: &str,
        data: serde_json::Value,
    ) -> Result<Entity, Unreadable> {
        use serde_json::from_value as read;
        let read_result = match entity {
            "order" => read(data).map(|o| Entity::Order(Box::new(o))),
            "stock_level" => read(data).map(Entity::StockLevel),
            "product" => read(data).map(|p| Entity::Product(Box::new(p))),
            "location" => read(data).map(|l| Entity::Location(Box::new(l))),
            "customer" => read(data).map(|c| Entity::Customer(Box::new(c))),
            "price_list" => read(data).map(|p| Entity::PriceList(Box::new(p))),
            "checklist" => read(data).map(Entity::Checklist),
            "pick_list" => read(data).map(|p| Entity::PickList(Box::new(p))),
            "shipment" => read(data).map(|s| Entity::Shipment(Box::new(s))),
            "exception" => read(data).map(|e| Entity::Exception(Box::new(e))),
            "return" => read(data).map(|r| Entity::ReturnCase(Box::new(r))),
            "rating" => read(data).map(Entity::Rating),
            "assignment_rule" => read(data).map(|r| Entity::AssignmentRule(Box::new(r))),
            "carrier_rate" => read(data).map(|r| Entity::CarrierRate(Box::new(r))),
            other => {
                return Err(Unreadable {
                    entity: other.to_owned(),
                    id: id.to_owned(),
                    reason: "unknown entity".into(),
                });
            }
        };
        read_result.map_err(|e| Unreadable {
            entity: entity.to_owned(),
            id: id.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// The records a command may read, held in memory.
///
/// A *partial* snapshot (the default) records every key asked for and not held as a miss;
/// a *complete* one ([`Snapshot::complete`]) holds everything there is, so a key it does
/// not hold is simply absent.
#[derive(Debug, Default)]
pub struct Snapshot {
    held: HashMap<Key, Option<Entity>>,
    complete: bool,
    misses: RefCell<BTreeSet<Key>>,
    /// Every key asked for, held or not.
    reads: RefCell<BTreeSet<Key>>,
}

impl Snapshot {
    /// A snapshot that holds every record there is (tests, rebase, simulations).
    pub fn complete() -> Snapshot {
        Snapshot {
            complete: true,
            ..Snapshot::default()
        }
    }

    /// Records what storage holds under `key` (`None`: nothing).
    pub fn load(&mut self, key: Key, entity: Option<Entity>) {
        self.held.insert(key, entity);
    }

    /// Stores a record (a saved effect, a pulled change).
    pub fn put(&mut self, entity: Entity) {
        self.held.insert(entity.key(), Some(entity));
    }

    /// The keys asked for but not held since the last call, sorted.
    pub fn take_misses(&self) -> Vec<Key> {
        std::mem::take(&mut *self.misses.borrow_mut())
            .into_iter()
            .collect()
    }

    /// What the snapshot holds under `key`: `None` when it was never loaded (not a miss),
    /// `Some(None)` when storage has nothing there.
    pub fn held(&self, key: &Key) -> Option<Option<&Entity>> {
        self.held.get(key).map(Option::as_ref)
    }

    /// Every key asked for so far. A command writes only records it has read, so this is
    /// also everything a command may have changed.
    pub fn reads(&self) -> Vec<Key> {
        self.reads.borrow().iter().cloned().collect()
    }

    /// Like [`Snapshot::reads`], and starts over.
    pub fn take_reads(&self) -> Vec<Key> {
        std::mem::take(&mut *self.reads.borrow_mut())
            .into_iter()
            .collect()
    }

    pub fn get(&self, key: &Key) -> Option<&Entity> {
        self.reads.borrow_mut().insert(key.clone());
        match self.held.get(key) {
            Some(entity) => entity.as_ref(),
            None => {
                if !self.complete {
                    self.misses.borrow_mut().insert(key.clone());
                }
                None
            }
        }
    }

    /// Every record held, in no particular order.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.held.values().flatten()
    }

    /// Stores what a command's effects saved.
    pub fn absorb(&mut self, effects: &[crate::command::Effect]) {
        for effect in effects {
            self.put(effect.entity());
        }
    }
}

impl State for Snapshot {
    fn entity(&self, key: &Key) -> Option<&Entity> {
        self.get(key)
    }
}

/// Runs `apply` until it asks for nothing it was not given, loading each round's misses
/// with `load` (synchronous storage: the server, tests). Every round loads at least one
/// key the snapshot did not hold, so it ends.
pub fn apply_loading<E>(
    snapshot: &mut Snapshot,
    command: &crate::command::Command,
    ctx: &crate::command::Context,
    mut load: impl FnMut(&Key) -> Result<Option<Entity>, E>,
) -> Result<Result<Vec<crate::command::Effect>, crate::command::DomainError>, E> {
    loop {
        let result = crate::command::apply(snapshot, command, ctx);
        let misses = snapshot.take_misses();
        if misses.is_empty() {
            return Ok(result);
        }
        for key in misses {
            let entity = load(&key)?;
            snapshot.load(key, entity);
        }
    }
}
