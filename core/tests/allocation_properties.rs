//! Property: allocation never reserves more than is available, nor more than an order
//! asks for, and an order is `allocated` exactly when all of it is reserved.

use chrono::{TimeZone, Utc};
use orderly_core::allocation::{
    Availability, DistanceTable, OpenOrder, Outcome, Warehouse, allocate,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

const SKUS: [&str; 3] = ["TEA", "MUG", "CUP"];
const SITES: [(&str, &str); 3] = [("SH", "east"), ("BJ", "north"), ("GZ", "south")];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn allocation_stays_within_stock_and_demand(
        stock in prop::collection::vec(0i64..6, 9),
        orders in prop::collection::vec(
            (0u8..3, 0usize..3, prop::collection::vec((0usize..3, 1i64..5), 1..4)), 1..12),
    ) {
        let mut available: Availability = BTreeMap::new();
        for (i, units) in stock.iter().enumerate() {
            available.insert((SKUS[i % 3].into(), SITES[i / 3].0.into()), *units);
        }
        let before = available.clone();
        let warehouses: Vec<Warehouse> = SITES.iter().map(|(c, r)| Warehouse { code: (*c).into(), region: (*r).into() }).collect();
        let open: Vec<OpenOrder<usize>> = orders.iter().enumerate().map(|(id, (priority, region, lines))| OpenOrder {
            id,
            priority: *priority,
            promised: None,
            created_at: Utc.timestamp_opt(1_800_000_000 + id as i64, 0).unwrap(),
            region: SITES[*region].1.into(),
            lines: lines.iter().map(|(s, q)| (SKUS[*s].to_owned(), *q)).collect(),
        }).collect();
        let decisions = allocate(&open, &warehouses, &DistanceTable { far: 5, ..Default::default() }, &mut available);

        let mut reserved: BTreeMap<(String, String), i64> = BTreeMap::new();
        for d in &decisions {
            let order = &open[d.order];
            for (sku, site, q) in &d.reservations {
                prop_assert!(*q > 0);
                *reserved.entry((sku.clone(), site.clone())).or_default() += q;
            }
            for sku in SKUS {
                let asked: i64 = order.lines.iter().filter(|(s, _)| s == sku).map(|(_, q)| q).sum();
                let got: i64 = d.reservations.iter().filter(|(s, _, _)| s == sku).map(|(_, _, q)| q).sum();
                prop_assert!(got <= asked, "over-allocated {sku}");
                if d.outcome == Outcome::Allocated {
                    prop_assert_eq!(got, asked);
                }
            }
        }
        for (key, units) in &before {
            let taken = reserved.get(key).copied().unwrap_or(0);
            prop_assert!(taken <= *units, "{key:?}: {taken} > {units}");
            prop_assert_eq!(available[key], units - taken, "availability accounts for every reservation");
        }
    }
}
