//! Property: no sequence of movements makes stock negative, loses a ledger entry or lets a
//! level (its buckets and its bins) drift from the fold of its movements.

use chrono::{TimeZone, Utc};
use orderly_core::stock::{Ledger, Movement, MovementDraft};
use proptest::prelude::*;

const SKUS: [&str; 2] = ["TEA", "MUG"];
const LOCATIONS: [&str; 2] = ["SH-01", "BJ-02"];

const BINS: [Option<&str>; 3] = [None, Some("A-01"), Some("B-02")];

fn movement() -> impl Strategy<Value = (usize, usize, u8, i64, usize)> {
    (
        0..SKUS.len(),
        0..LOCATIONS.len(),
        0u8..9,
        -5i64..12,
        0..BINS.len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn random_movements_keep_the_ledger_sound(steps in prop::collection::vec(movement(), 1..80)) {
        let mut ledger = Ledger::default();
        let mut accepted = 0;
        for (i, (sku, location, kind, q, bin)) in steps.into_iter().enumerate() {
            let level = ledger.level(SKUS[sku], LOCATIONS[location]);
            let movement = match kind {
                0 => Movement::Expect { quantity: q },
                1 => Movement::Receipt { quantity: q },
                2 => Movement::Reserve { quantity: q },
                3 => Movement::Release { quantity: q },
                4 => Movement::Pick { quantity: q },
                5 => Movement::Ship { quantity: q },
                6 => Movement::Return { quantity: q },
                7 => Movement::Adjust { delta: q },
                _ => Movement::count(&level, q),
            };
            let draft = MovementDraft {
                sku: SKUS[sku].into(),
                location: LOCATIONS[location].into(),
                movement,
                bin: BINS[bin].map(str::to_owned),
                at: Utc.timestamp_opt(1_800_000_000 + i as i64, 0).unwrap(),
                actor: "prop".into(),
                reference: None,
            };
            if ledger.record(draft).is_ok() {
                accepted += 1;
            } else {
                prop_assert_eq!(ledger.level(SKUS[sku], LOCATIONS[location]), level, "a refused movement changed the level");
            }
            for s in SKUS {
                for (_, l) in ledger.levels_of(s) {
                    prop_assert!(l.available() >= 0, "{:?}", l);
                    prop_assert!(l.reserved >= 0 && l.picked >= 0 && l.incoming >= 0, "{:?}", l);
                }
                for l in LOCATIONS {
                    // The bins never claim more than is on hand, nor a bin less than one.
                    let stock = ledger.stock(s, l);
                    prop_assert!(stock.unplaced() >= 0, "{:?}", stock);
                    prop_assert!(stock.bins.values().all(|q| *q > 0), "{:?}", stock);
                }
            }
        }
        prop_assert_eq!(ledger.movements().len(), accepted);
        prop_assert!(ledger.is_consistent());
    }
}
