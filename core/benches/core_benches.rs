//! The core's hot paths at the sizes the console promises to stay instant at:
//! allocation of 10k open orders over 1k SKUs × 3 warehouses, the KPI report over 100k
//! orders (full recompute and one incremental fold), and validating 100k orders.
//! Results and the machine they ran on: `benches/RESULTS.md`.

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use orderly_core::allocation::{Availability, DistanceTable, OpenOrder, Warehouse, allocate};
use orderly_core::command::{CreateOrder, OrderDraft, OrderRef};
use orderly_core::fixtures::{Desk, hangzhou, phone_order};
use orderly_core::order_checks::catalogue_issues;
use orderly_core::order_facts::Calendar;
use orderly_core::product::Product;
use orderly_core::reports::kpis;
use orderly_core::rollup::Rollup;
use orderly_core::state::{Entity, Snapshot};
use orderly_core::{Channel, Command, Money, Order, OrderId, order_lifecycle};
use std::collections::BTreeMap;
use std::hint::black_box;
use uuid::Uuid;

/// A small deterministic generator: the same data on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn allocation_input() -> (
    Vec<OpenOrder<u32>>,
    Vec<Warehouse>,
    DistanceTable,
    Availability,
) {
    let mut rng = Lcg(7);
    let regions = ["east", "north", "south"];
    let warehouses: Vec<Warehouse> = ["SH", "BJ", "GZ"]
        .iter()
        .zip(regions)
        .map(|(code, region)| Warehouse {
            code: (*code).into(),
            region: region.into(),
        })
        .collect();
    let distances = DistanceTable {
        pairs: BTreeMap::from([
            (("east".into(), "north".into()), 1),
            (("east".into(), "south".into()), 1),
            (("north".into(), "south".into()), 2),
        ]),
        far: 5,
    };
    let sku = |n: u64| format!("SKU-{n:04}");
    let mut available = Availability::new();
    for s in 0..1_000 {
        for w in &warehouses {
            available.insert((sku(s), w.code.clone()), rng.below(40) as i64);
        }
    }
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let orders = (0..10_000)
        .map(|i| OpenOrder {
            id: i,
            priority: rng.below(3) as u8,
            promised: (rng.below(2) == 0).then(|| start + Duration::days(rng.below(10) as i64)),
            created_at: start + Duration::minutes(i64::from(i)),
            region: regions[rng.below(3) as usize].into(),
            lines: (0..=rng.below(3))
                .map(|_| (sku(rng.below(1_000)), 1 + rng.below(4) as i64))
                .collect(),
        })
        .collect();
    (orders, warehouses, distances, available)
}

fn bench_allocation(c: &mut Criterion) {
    let (orders, warehouses, distances, available) = allocation_input();
    c.bench_function("allocate 10k orders, 1k SKUs x 3 warehouses", |b| {
        b.iter_batched(
            || available.clone(),
            |mut available| allocate(black_box(&orders), &warehouses, &distances, &mut available),
            BatchSize::LargeInput,
        )
    });
}

/// Orders at every stage, made by running the real commands once, then copied 100k times
/// with their own ids, days and channels.
fn orders(n: usize) -> Vec<Order> {
    let mut desk = Desk::default();
    desk.run("admin", orderly_core::fixtures::save_tea())
        .unwrap();
    let mut templates = Vec::new();
    for (i, steps) in [0, 1, 2, 3].into_iter().enumerate() {
        let id = OrderId(Uuid::from_u128(i as u128 + 1));
        let mut draft = phone_order("王芳");
        draft.ship_to = Some(hangzhou());
        desk.run(
            "clerk",
            Command::CreateOrder(Box::new(CreateOrder {
                id,
                number: format!("SO-{i}"),
                order: draft,
            })),
        )
        .unwrap();
        let r = OrderRef { order_id: id };
        let path = [
            Command::ValidateOrder(r.clone()),
            Command::ConfirmOrder(r.clone()),
            Command::ReserveOrder(orderly_core::command::ReservePlan {
                order_id: id,
                reservations: Vec::new(),
                explanation: String::new(),
            }),
        ];
        for command in path.into_iter().take(steps) {
            desk.run("clerk", command).unwrap();
        }
        templates.push(desk.order(id));
    }
    let channels = [
        Channel::Phone,
        Channel::Tmall,
        Channel::Shopify,
        Channel::Manual,
    ];
    let mut rng = Lcg(11);
    (0..n)
        .map(|i| {
            let mut order = templates[i % templates.len()].clone();
            order.id = OrderId(Uuid::from_u128(1_000 + i as u128));
            order.channel = channels[rng.below(4) as usize];
            let shift = Duration::minutes(rng.below(60 * 24 * 60) as i64);
            order.created_at += shift;
            for h in &mut order.history {
                h.at += shift;
            }
            order
        })
        .collect()
}

fn bench_reports(c: &mut Criterion) {
    let records: Vec<Entity> = orders(100_000)
        .into_iter()
        .map(|o| Entity::Order(Box::new(o)))
        .collect();
    c.bench_function("KPI report over 100k orders (full recompute)", |b| {
        b.iter(|| kpis(&Rollup::full(Calendar::CHINA, black_box(&records))))
    });
    let rollup = Rollup::full(Calendar::CHINA, &records);
    let old = records[0].clone();
    let mut new = old.clone();
    if let Entity::Order(order) = &mut new {
        order.version += 1;
        order.updated_at += Duration::minutes(5);
    }
    c.bench_function("KPI rollup: fold one changed order into 100k", |b| {
        b.iter_batched(
            || rollup.clone(),
            |mut r| {
                r.replace(Some(&old), Some(black_box(&new)));
                r
            },
            BatchSize::LargeInput,
        )
    });
}

fn bench_validation(c: &mut Criterion) {
    let all = orders(100_000);
    let drafts: Vec<OrderDraft> = (0..100_000)
        .map(|i| {
            let mut d = phone_order(if i % 10 == 0 { " " } else { "王芳" });
            d.ship_to = Some(hangzhou());
            d
        })
        .collect();
    c.bench_function("validate 100k order drafts (input checks)", |b| {
        b.iter(|| drafts.iter().map(|d| d.issues().len()).sum::<usize>())
    });
    let mut catalogue = Snapshot::complete();
    catalogue.put(Entity::Product(Box::new(Product {
        sku: "TEA".into(),
        barcode: None,
        name: "Tea".into(),
        price: Money::new(16_800, orderly_core::Currency::CNY),
        weight_g: 300,
        dimensions: None,
        category: "food".into(),
        safety_stock: 0,
        reorder_point: 0,
        reorder_quantity: 0,
        lead_time_days: 0,
        active: true,
        version: 1,
        rev: None,
    })));
    c.bench_function("validate 100k stored orders (lifecycle + catalogue)", |b| {
        b.iter(|| {
            all.iter()
                .map(|o| order_lifecycle::issues(o).len() + catalogue_issues(&catalogue, o).len())
                .sum::<usize>()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(5));
    targets = bench_allocation, bench_reports, bench_validation
}
criterion_main!(benches);
