//! Stock as a ledger (DESIGN.md, principle 5).
//!
//! Levels are never written in place: every change is a [`StockMovement`] appended to the
//! ledger, and a [`Level`] is the fold of the movements of one SKU at one location. The
//! rules that keep `available` from going negative live in [`Level::apply`]; a refused
//! movement is a [`StockError`] naming the rule, and nothing is appended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stock keeping unit code, e.g. `TEA-LJ-250`.
pub type Sku = String;
/// A warehouse code, e.g. `SH-01`.
pub type LocationCode = String;

/// What happened to the stock. Quantities are always positive; the kind says which
/// buckets move and in which direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Movement {
    /// A purchase or transfer announced but not arrived: `incoming += q`.
    Expect { quantity: i64 },
    /// Goods arrived: `on_hand += q`, and `incoming` falls by up to `q`.
    Receipt { quantity: i64 },
    /// Promised to an order: `reserved += q`; needs `available >= q`.
    Reserve { quantity: i64 },
    /// A promise withdrawn: `reserved -= q`; needs `reserved >= q`.
    Release { quantity: i64 },
    /// Taken off the shelf for a reserved order: `on_hand -= q`, `reserved -= q`,
    /// `picked += q`; needs `reserved >= q`.
    Pick { quantity: i64 },
    /// Picked goods left the warehouse: `picked -= q`; needs `picked >= q`.
    Ship { quantity: i64 },
    /// Returned goods put back into saleable stock after inspection: `on_hand += q`.
    Return { quantity: i64 },
    /// A correction (damage, found, lost): `on_hand += delta`; needs the result to stay at
    /// or above `reserved`.
    Adjust { delta: i64 },
    /// A stock count found `counted` units: `on_hand = counted`, stored as the delta it
    /// implies so the ledger stays a list of changes; needs `counted >= reserved`.
    Count { counted: i64, delta: i64 },
}

/// One entry of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockMovement {
    /// Position in the ledger of this SKU at this location, from 1.
    pub seq: u64,
    pub sku: Sku,
    pub location: LocationCode,
    #[serde(flatten)]
    pub movement: Movement,
    /// The bin the units went into or came out of, when the warehouse has bins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
    #[serde(with = "crate::time")]
    pub at: DateTime<Utc>,
    pub actor: String,
    /// What caused it: an order number, a receipt note, a count sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The derived state of one SKU at one location.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub on_hand: i64,
    pub reserved: i64,
    pub picked: i64,
    pub incoming: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    #[error("quantity must be positive, got {0}")]
    QuantityNotPositive(i64),
    #[error("only {available} available, {requested} requested")]
    InsufficientAvailable { available: i64, requested: i64 },
    #[error("only {reserved} reserved, {requested} requested")]
    InsufficientReserved { reserved: i64, requested: i64 },
    #[error("only {picked} picked, {requested} requested")]
    InsufficientPicked { picked: i64, requested: i64 },
    #[error("on hand would be {on_hand}, below the {reserved} reserved")]
    BelowReserved { on_hand: i64, reserved: i64 },
    #[error("the count's delta {delta} does not match on hand {on_hand} → counted {counted}")]
    CountMismatch {
        on_hand: i64,
        counted: i64,
        delta: i64,
    },
    #[error("quantity overflow")]
    Overflow,
}

impl Level {
    /// Units that can still be promised.
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }

    /// The level after `movement`, or the rule it breaks.
    pub fn apply(&self, movement: &Movement) -> Result<Level, StockError> {
        let positive = |q: i64| {
            if q > 0 {
                Ok(q)
            } else {
                Err(StockError::QuantityNotPositive(q))
            }
        };
        let add = |a: i64, b: i64| a.checked_add(b).ok_or(StockError::Overflow);
        let mut next = *self;
        match *movement {
            Movement::Expect { quantity } => {
                next.incoming = add(self.incoming, positive(quantity)?)?;
            }
            Movement::Receipt { quantity } => {
                next.on_hand = add(self.on_hand, positive(quantity)?)?;
                next.incoming = self.incoming - quantity.min(self.incoming);
            }
            Movement::Reserve { quantity } => {
                let q = positive(quantity)?;
                if self.available() < q {
                    return Err(StockError::InsufficientAvailable {
                        available: self.available(),
                        requested: q,
                    });
                }
                next.reserved += q;
            }
            Movement::Release { quantity } | Movement::Pick { quantity } => {
                let q = positive(quantity)?;
                if self.reserved < q {
                    return Err(StockError::InsufficientReserved {
                        reserved: self.reserved,
                        requested: q,
                    });
                }
                next.reserved -= q;
                if matches!(movement, Movement::Pick { .. }) {
                    next.on_hand -= q;
                    next.picked = add(self.picked, q)?;
                }
            }
            Movement::Ship { quantity } => {
                let q = positive(quantity)?;
                if self.picked < q {
                    return Err(StockError::InsufficientPicked {
                        picked: self.picked,
                        requested: q,
                    });
                }
                next.picked -= q;
            }
            Movement::Return { quantity } => {
                next.on_hand = add(self.on_hand, positive(quantity)?)?;
            }
            Movement::Adjust { delta } => {
                if delta == 0 {
                    return Err(StockError::QuantityNotPositive(0));
                }
                next.on_hand = add(self.on_hand, delta)?;
            }
            Movement::Count { counted, delta } => {
                if counted < 0 {
                    return Err(StockError::QuantityNotPositive(counted));
                }
                if counted - self.on_hand != delta {
                    return Err(StockError::CountMismatch {
                        on_hand: self.on_hand,
                        counted,
                        delta,
                    });
                }
                next.on_hand = counted;
            }
        }
        if next.on_hand < next.reserved {
            return Err(StockError::BelowReserved {
                on_hand: next.on_hand,
                reserved: next.reserved,
            });
        }
        Ok(next)
    }
}

impl Movement {
    /// How much the movement changes on hand (the units physically on the shelves).
    pub fn on_hand_delta(&self) -> i64 {
        match *self {
            Movement::Receipt { quantity } | Movement::Return { quantity } => quantity,
            Movement::Pick { quantity } => -quantity,
            Movement::Adjust { delta } | Movement::Count { delta, .. } => delta,
            Movement::Expect { .. }
            | Movement::Reserve { .. }
            | Movement::Release { .. }
            | Movement::Ship { .. } => 0,
        }
    }

    /// A count of `counted` units against the current level.
    pub fn count(level: &Level, counted: i64) -> Movement {
        Movement::Count {
            counted,
            delta: counted - level.on_hand,
        }
    }
}

/// The stock of one SKU at one location as an entity: its level and how many movements
/// made it (`version`, also the `seq` of its latest movement).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    pub sku: Sku,
    pub location: LocationCode,
    #[serde(flatten)]
    pub level: Level,
    /// Where the units on hand are: units per bin (only bins holding some). What no bin
    /// accounts for is [`StockLevel::unplaced`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bins: BTreeMap<String, i64>,
    pub version: u64,
}

impl StockLevel {
    /// Units on hand that no bin accounts for (received before the warehouse had bins, or
    /// without one).
    pub fn unplaced(&self) -> i64 {
        self.level.on_hand - self.bins.values().sum::<i64>()
    }

    /// The level after one more movement: the buckets by [`Level::apply`]'s rules, and the
    /// bins. Units arrive in the movement's bin (or stay unplaced without one); units
    /// leave from the movement's bin first, then from unplaced stock, then from the other
    /// bins in code order — so a pick never fails because the shelves were recorded
    /// differently from the level, and the bins always add up to at most on hand.
    pub fn after(&self, movement: &Movement, bin: Option<&str>) -> Result<StockLevel, StockError> {
        let level = self.level.apply(movement)?;
        let mut bins = self.bins.clone();
        let delta = movement.on_hand_delta();
        if delta > 0 {
            if let Some(bin) = bin {
                *bins.entry(bin.to_owned()).or_default() += delta;
            }
        } else if delta < 0 {
            let mut need = -delta;
            let take = |bins: &mut BTreeMap<String, i64>, code: &str, need: &mut i64| {
                if let Some(held) = bins.get_mut(code) {
                    let taken = (*held).min(*need);
                    *held -= taken;
                    *need -= taken;
                }
            };
            if let Some(bin) = bin {
                take(&mut bins, bin, &mut need);
            }
            need -= self.unplaced().clamp(0, need);
            let codes: Vec<String> = bins.keys().cloned().collect();
            for code in codes {
                take(&mut bins, &code, &mut need);
            }
            bins.retain(|_, held| *held > 0);
        }
        Ok(StockLevel {
            sku: self.sku.clone(),
            location: self.location.clone(),
            level,
            bins,
            version: self.version + 1,
        })
    }

    /// The entity id: `SKU@LOCATION`.
    pub fn key(sku: &str, location: &str) -> String {
        format!("{sku}@{location}")
    }

    /// The level held for `sku` at `location`, or an empty one (nothing ever moved).
    pub fn held_or_empty(held: Option<&StockLevel>, sku: &str, location: &str) -> StockLevel {
        held.cloned().unwrap_or_else(|| StockLevel {
            sku: sku.to_owned(),
            location: location.to_owned(),
            ..StockLevel::default()
        })
    }
}

/// The ledger of many SKUs and locations, with the levels it implies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    movements: Vec<StockMovement>,
    levels: BTreeMap<(Sku, LocationCode), StockLevel>,
}

/// What a caller supplies for a new movement; the ledger numbers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovementDraft {
    pub sku: Sku,
    pub location: LocationCode,
    pub movement: Movement,
    pub bin: Option<String>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub reference: Option<String>,
}

impl Ledger {
    pub fn level(&self, sku: &str, location: &str) -> Level {
        self.stock(sku, location).level
    }

    /// The whole level of `sku` at `location`: buckets, bins and version.
    pub fn stock(&self, sku: &str, location: &str) -> StockLevel {
        StockLevel::held_or_empty(
            self.levels.get(&(sku.to_owned(), location.to_owned())),
            sku,
            location,
        )
    }

    /// Levels of one SKU at every location that has seen it.
    pub fn levels_of<'a>(&'a self, sku: &'a str) -> impl Iterator<Item = (&'a str, Level)> + 'a {
        self.levels
            .iter()
            .filter(move |((s, _), _)| s == sku)
            .map(|((_, location), stock)| (location.as_str(), stock.level))
    }

    pub fn movements(&self) -> &[StockMovement] {
        &self.movements
    }

    /// Appends a movement if the rules allow it; otherwise nothing changes.
    pub fn record(&mut self, draft: MovementDraft) -> Result<&StockMovement, StockError> {
        let current = self.stock(&draft.sku, &draft.location);
        let next = current.after(&draft.movement, draft.bin.as_deref())?;
        self.movements.push(StockMovement {
            seq: next.version,
            sku: draft.sku,
            location: draft.location,
            movement: draft.movement,
            bin: draft.bin,
            at: draft.at,
            actor: draft.actor,
            reference: draft.reference,
        });
        self.levels
            .insert((next.sku.clone(), next.location.clone()), next);
        Ok(self.movements.last().expect("just pushed"))
    }

    /// Recomputes every level — buckets, bins and version — from the movements alone. Equal
    /// to the kept levels unless something wrote a level without a movement.
    pub fn replay(
        movements: &[StockMovement],
    ) -> Result<BTreeMap<(Sku, LocationCode), StockLevel>, StockError> {
        let mut levels: BTreeMap<(Sku, LocationCode), StockLevel> = BTreeMap::new();
        for m in movements {
            let key = (m.sku.clone(), m.location.clone());
            let current = StockLevel::held_or_empty(levels.get(&key), &m.sku, &m.location);
            levels.insert(key, current.after(&m.movement, m.bin.as_deref())?);
        }
        Ok(levels)
    }

    /// The invariant: every level equals the fold of its movements.
    pub fn is_consistent(&self) -> bool {
        Ledger::replay(&self.movements).is_ok_and(|levels| levels == self.levels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn draft(sku: &str, movement: Movement) -> MovementDraft {
        MovementDraft {
            sku: sku.into(),
            location: "SH-01".into(),
            movement,
            bin: None,
            at: Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap(),
            actor: "keeper".into(),
            reference: None,
        }
    }

    /// The SOP in stock terms: announce, receive, reserve for an order, pick, ship.
    #[test]
    fn an_order_moves_stock_from_incoming_to_gone() {
        let mut ledger = Ledger::default();
        let steps = [
            (Movement::Expect { quantity: 10 }, (0, 0, 0, 10)),
            (Movement::Receipt { quantity: 8 }, (8, 0, 0, 2)),
            (Movement::Reserve { quantity: 3 }, (8, 3, 0, 2)),
            (Movement::Pick { quantity: 3 }, (5, 0, 3, 2)),
            (Movement::Ship { quantity: 3 }, (5, 0, 0, 2)),
            (Movement::Return { quantity: 1 }, (6, 0, 0, 2)),
        ];
        for (movement, (on_hand, reserved, picked, incoming)) in steps {
            ledger.record(draft("TEA", movement)).unwrap();
            let level = ledger.level("TEA", "SH-01");
            assert_eq!(
                (level.on_hand, level.reserved, level.picked, level.incoming),
                (on_hand, reserved, picked, incoming),
                "after {movement:?}"
            );
        }
        assert_eq!(ledger.movements().len(), 6);
        assert_eq!(ledger.movements()[5].seq, 6);
        assert!(ledger.is_consistent());
    }

    /// Bins say where the units on hand are: they arrive in a bin, and leave from the bin
    /// named first, then from unplaced stock, then from the other bins.
    #[test]
    fn units_on_hand_are_placed_in_bins() {
        let mut ledger = Ledger::default();
        let mut step = |movement: fn(&Level) -> Movement, bin: Option<&str>| {
            let mut d = draft("TEA", movement(&ledger.level("TEA", "SH-01")));
            d.bin = bin.map(str::to_owned);
            ledger.record(d).unwrap();
            let stock = ledger.stock("TEA", "SH-01");
            let bins: Vec<(String, i64)> = stock.bins.clone().into_iter().collect();
            (stock.level.on_hand, bins, stock.unplaced())
        };
        let b = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
            list.iter().map(|(c, q)| ((*c).to_owned(), *q)).collect()
        };
        assert_eq!(
            step(|_| Movement::Receipt { quantity: 10 }, Some("A-01")),
            (10, b(&[("A-01", 10)]), 0)
        );
        assert_eq!(
            step(|_| Movement::Receipt { quantity: 4 }, None),
            (14, b(&[("A-01", 10)]), 4)
        );
        assert_eq!(
            step(|_| Movement::Receipt { quantity: 3 }, Some("B-02")),
            (17, b(&[("A-01", 10), ("B-02", 3)]), 4)
        );
        step(|_| Movement::Reserve { quantity: 12 }, None);
        // The picker empties A-01 and takes the rest from the unplaced units.
        assert_eq!(
            step(|_| Movement::Pick { quantity: 12 }, Some("A-01")),
            (5, b(&[("B-02", 3)]), 2)
        );
        assert_eq!(
            step(|_| Movement::Adjust { delta: -4 }, Some("B-02")),
            (1, b(&[]), 1)
        );
        // A count of 6 books the 5 found in A-01.
        assert_eq!(
            step(|level| Movement::count(level, 6), Some("A-01")),
            (6, b(&[("A-01", 5)]), 1)
        );
        assert!(ledger.is_consistent());
        assert_eq!(ledger.movements()[0].bin.as_deref(), Some("A-01"));
    }

    #[test]
    fn the_last_unit_cannot_be_promised_twice() {
        let mut ledger = Ledger::default();
        ledger
            .record(draft("MUG", Movement::Receipt { quantity: 1 }))
            .unwrap();
        ledger
            .record(draft("MUG", Movement::Reserve { quantity: 1 }))
            .unwrap();
        let refused = ledger.record(draft("MUG", Movement::Reserve { quantity: 1 }));
        assert_eq!(
            refused.unwrap_err(),
            StockError::InsufficientAvailable {
                available: 0,
                requested: 1
            }
        );
        assert_eq!(
            ledger.movements().len(),
            2,
            "a refused movement is not recorded"
        );
    }

    #[test]
    fn corrections_cannot_take_reserved_stock() {
        let mut ledger = Ledger::default();
        ledger
            .record(draft("CUP", Movement::Receipt { quantity: 5 }))
            .unwrap();
        ledger
            .record(draft("CUP", Movement::Reserve { quantity: 4 }))
            .unwrap();
        assert_eq!(
            ledger
                .record(draft("CUP", Movement::Adjust { delta: -2 }))
                .unwrap_err(),
            StockError::BelowReserved {
                on_hand: 3,
                reserved: 4
            }
        );
        let level = ledger.level("CUP", "SH-01");
        assert_eq!(
            ledger
                .record(draft("CUP", Movement::count(&level, 3)))
                .unwrap_err(),
            StockError::BelowReserved {
                on_hand: 3,
                reserved: 4
            }
        );
        ledger
            .record(draft("CUP", Movement::Adjust { delta: -1 }))
            .unwrap();
        assert_eq!(ledger.level("CUP", "SH-01").available(), 0);
    }

    #[test]
    fn a_count_is_stored_as_the_change_it_implies() {
        let mut ledger = Ledger::default();
        ledger
            .record(draft("TEA", Movement::Receipt { quantity: 10 }))
            .unwrap();
        let level = ledger.level("TEA", "SH-01");
        let recorded = ledger
            .record(draft("TEA", Movement::count(&level, 7)))
            .unwrap();
        assert_eq!(
            recorded.movement,
            Movement::Count {
                counted: 7,
                delta: -3
            }
        );
        assert_eq!(ledger.level("TEA", "SH-01").on_hand, 7);
        // A count prepared against a stale level is refused rather than misapplied.
        assert!(matches!(
            ledger.record(draft(
                "TEA",
                Movement::Count {
                    counted: 9,
                    delta: -1
                }
            )),
            Err(StockError::CountMismatch { .. })
        ));
    }

    #[test]
    fn zero_and_negative_quantities_are_refused() {
        let level = Level::default();
        for movement in [
            Movement::Receipt { quantity: 0 },
            Movement::Reserve { quantity: -1 },
            Movement::Ship { quantity: 0 },
            Movement::Adjust { delta: 0 },
        ] {
            assert!(matches!(
                level.apply(&movement),
                Err(StockError::QuantityNotPositive(_))
            ));
        }
    }

    #[test]
    fn the_wire_form_names_the_kind() {
        let json = serde_json::to_value(Movement::Reserve { quantity: 2 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "reserve", "quantity": 2}));
    }
}
