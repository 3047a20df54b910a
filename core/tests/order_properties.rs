//! Property: random sequences of every order and stock command — valid or not, in any
//! order — never make available stock negative, never let a level drift from its ledger,
//! never leave an order whose status contradicts its line buckets, and keep what the
//! stock says is reserved or picked equal to what the orders say.

use orderly_core::after_sales::{
    OpenException, RecordRating, RequestReturn, ResolveException, ReturnRequestLine,
};
use orderly_core::checklist::SopChecklist;
use orderly_core::command::{
    AllocateAt, CreateOrder, OrderRef, OrderWithReason, Reservation, ReservePlan, StockAdjustment,
    StockCount, StockReceipt,
};
use orderly_core::exception::ExceptionKind;
use orderly_core::fixtures::{self, Desk, hangzhou, phone_order};
use orderly_core::fulfilment::{
    CreatePickList, DeliverShipment, PackOrder, ScanPick, ShipShipment,
};
use orderly_core::line_buckets::check;

use orderly_core::money::{Currency, Money};
use orderly_core::order::LineDraft;
use orderly_core::order_facts::Calendar;
use orderly_core::product::Product;
use orderly_core::reports::kpis;
use orderly_core::return_case::ReturnReason;
use orderly_core::rollup::Rollup;
use orderly_core::shipment::ShipmentStatus;
use orderly_core::state::Entity;
use orderly_core::stock::Ledger;
use orderly_core::{Command, DomainError, OrderId, State};
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

const SKUS: [&str; 3] = ["TEA", "CUP", "POT"];
const LOCATIONS: [&str; 2] = ["SH-01", "BJ-02"];
const ORDERS: u128 = 4;

fn setup() -> Desk {
    let mut desk = Desk::default();
    for (i, sku) in SKUS.iter().enumerate() {
        desk.run(
            "admin",
            Command::SaveProduct(Box::new(Product {
                sku: (*sku).into(),
                barcode: None,
                name: (*sku).into(),
                price: Money::new(1_000, Currency::CNY),
                weight_g: 100 * (i as u32 + 1),
                dimensions: None,
                category: if i == 1 { "fragile" } else { "general" }.into(),
                safety_stock: 0,
                reorder_point: 0,
                reorder_quantity: 0,
                lead_time_days: 0,
                active: true,
                version: 0,
                rev: None,
            })),
        )
        .unwrap();
    }
    for code in LOCATIONS {
        desk.run(
            "admin",
            Command::SaveLocation(Box::new(fixtures::warehouse_with_tea_in_a01(code, code))),
        )
        .unwrap();
    }
    desk.run(
        "admin",
        Command::SaveChecklist(SopChecklist {
            category: "fragile".into(),
            items: vec!["bubble_wrap".into()],
            version: 0,
            rev: None,
        }),
    )
    .unwrap();
    desk
}

fn order_id(n: u8) -> OrderId {
    OrderId(Uuid::from_u128(u128::from(n) % ORDERS + 1))
}

fn list_id(n: u8) -> Uuid {
    Uuid::from_u128(0x100 + u128::from(n % 4))
}

fn shipment_id(n: u8) -> Uuid {
    Uuid::from_u128(0x200 + u128::from(n % 6))
}

/// One random command from a few numbers.
fn command(kind: u8, a: u8, b: u8, q: i8) -> Command {
    let sku = SKUS[usize::from(a) % SKUS.len()].to_string();
    let location = LOCATIONS[usize::from(b) % LOCATIONS.len()].to_string();
    let r = OrderRef {
        order_id: order_id(a),
    };
    match kind % 20 {
        0 => {
            let mut draft = phone_order("周杰");
            draft.ship_to = Some(hangzhou());
            draft.lines = (0..=(b % 3))
                .map(|i| LineDraft {
                    sku: SKUS[usize::from(i + a) % SKUS.len()].into(),
                    name: "item".into(),
                    quantity: u32::from(q.unsigned_abs() % 4) + 1,
                    unit_price: 1_000,
                })
                .collect();
            Command::CreateOrder(Box::new(CreateOrder {
                id: order_id(a),
                number: format!("SO-P-{a}"),
                order: draft,
            }))
        }
        1 => Command::ValidateOrder(r),
        2 => Command::ConfirmOrder(r),
        3 if q % 2 == 0 => Command::AllocateOrder(AllocateAt {
            order_id: order_id(a),
            location,
        }),
        // A plan over both locations, possibly partial or empty (a backorder).
        3 => Command::ReserveOrder(ReservePlan {
            order_id: order_id(a),
            reservations: (0..(b % 3))
                .map(|i| Reservation {
                    sku: SKUS[usize::from(a + i) % SKUS.len()].into(),
                    location: LOCATIONS[usize::from(i) % 2].into(),
                    quantity: u32::from(q.unsigned_abs() % 3),
                })
                .collect(),
            explanation: String::new(),
        }),
        4 => Command::DeallocateOrder(r),
        5 => Command::CancelOrder(OrderWithReason {
            order_id: order_id(a),
            reason: "test".into(),
        }),
        6 => Command::ReceiveStock(StockReceipt {
            sku,
            location,
            quantity: i64::from(q),
            reference: None,
            bin: None,
        }),
        7 => Command::AdjustStock(StockAdjustment {
            sku,
            location,
            delta: i64::from(q),
            reason: "test".into(),
            bin: None,
        }),
        8 => Command::CountStock(StockCount {
            sku,
            location,
            counted: i64::from(q),
            reference: None,
            bin: None,
        }),
        9 => Command::CreatePickList(CreatePickList {
            id: list_id(b),
            location,
            order_ids: vec![order_id(a), order_id(a.wrapping_add(b))],
        }),
        10 | 11 => Command::ScanPick(ScanPick {
            pick_list_id: list_id(b),
            code: sku,
            quantity: u32::from(q.unsigned_abs() % 3),
        }),
        12 => Command::PackOrder(PackOrder {
            order_id: order_id(a),
            pick_list_id: list_id(b),
            shipment_id: shipment_id(a.wrapping_add(b)),
            checked: if q % 2 == 0 {
                vec!["bubble_wrap".into()]
            } else {
                Vec::new()
            },
        }),
        13 => Command::ShipShipment(ShipShipment {
            shipment_id: shipment_id(b),
            carrier: "SF".into(),
            service: "standard".into(),
            tracking_number: format!("SF{b}"),
        }),
        14 => Command::DeliverShipment(DeliverShipment {
            shipment_id: shipment_id(b),
        }),
        15 => Command::HoldOrder(OrderWithReason {
            order_id: order_id(a),
            reason: "check".into(),
        }),
        16 => Command::OpenException(OpenException {
            id: Uuid::from_u128(0x300 + u128::from(b % 4)),
            kind: ExceptionKind::ALL[usize::from(a) % ExceptionKind::ALL.len()],
            order_id: Some(order_id(a)),
            detail: "test".into(),
            owner: None,
        }),
        17 => Command::ResolveException(ResolveException {
            id: Uuid::from_u128(0x300 + u128::from(b % 4)),
            code: "fixed".into(),
            note: String::new(),
        }),
        18 => Command::RecordRating(RecordRating {
            order_id: order_id(a),
            score: b % 6,
            comment: String::new(),
        }),
        _ => Command::RequestReturn(RequestReturn {
            id: Uuid::from_u128(0x400 + u128::from(a)),
            order_id: order_id(a),
            lines: vec![ReturnRequestLine {
                line_no: 1,
                quantity: u32::from(b % 3),
                reason: ReturnReason::ChangedMind,
            }],
            note: None,
        }),
    }
}

/// The command that moves order `a` one step along the SOP from where it is now, so that
/// random sequences reach picking, packing and shipping often, not only by luck.
fn advance(desk: &Desk, a: u8, b: u8, q: i8) -> Command {
    use orderly_core::OrderStatus::*;
    let id = order_id(a);
    let Some(order) = desk.state.order(&id) else {
        return command(0, a, b, q);
    };
    let on_list = order.pick_lists.first().map(|p| p.id);
    match order.status {
        New => command(1, a, b, q),
        Validated => command(2, a, b, q),
        Confirmed | Backordered | PartiallyAllocated => {
            if q % 2 == 0 {
                // Bring in what the order needs first.
                let line = &order.lines[usize::from(b) % order.lines.len()];
                Command::ReceiveStock(StockReceipt {
                    sku: line.sku.clone(),
                    location: LOCATIONS[usize::from(b) % 2].into(),
                    quantity: 6,
                    reference: None,
                    bin: None,
                })
            } else {
                command(3, a, b, q)
            }
        }
        Allocated => {
            let location = order.lines[0].allocations[0].location.clone();
            Command::CreatePickList(CreatePickList {
                id: list_id(b),
                location,
                order_ids: vec![id, order_id(a.wrapping_add(b))],
            })
        }
        Picking => {
            let list = on_list.and_then(|l| desk.state.pick_list(l));
            match list {
                Some(list) if list.remaining_for(id) > 0 => {
                    let line = list
                        .lines
                        .iter()
                        .find(|l| {
                            l.demands
                                .iter()
                                .any(|d| d.order_id == id && d.picked < d.quantity)
                        })
                        .expect("something left");
                    Command::ScanPick(ScanPick {
                        pick_list_id: list.id,
                        code: line.sku.clone(),
                        quantity: u32::from(q.unsigned_abs() % 2) + 1,
                    })
                }
                Some(list) => Command::PackOrder(PackOrder {
                    order_id: id,
                    pick_list_id: list.id,
                    shipment_id: shipment_id(b),
                    checked: if q % 3 == 0 {
                        Vec::new()
                    } else {
                        vec!["bubble_wrap".into()]
                    },
                }),
                None => command(15, a, b, q),
            }
        }
        Packed | Shipped => match order.shipments.last() {
            Some(s) if order.status == Packed => Command::ShipShipment(ShipShipment {
                shipment_id: *s,
                carrier: "SF".into(),
                service: "standard".into(),
                tracking_number: format!("SF{b}"),
            }),
            Some(s) => Command::DeliverShipment(DeliverShipment { shipment_id: *s }),
            None => command(15, a, b, q),
        },
        Delivered | Closed => {
            if q % 2 == 0 {
                command(18, a, b % 5 + 1, q)
            } else {
                command(19, a, b % 2 + 1, q)
            }
        }
        Exception => command(17, a, b, q),
        _ => command(b, a, b, q),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// The reports folded command by command equal the reports recomputed from scratch.
    #[test]
    fn incremental_rollups_agree_with_a_full_recompute(
        steps in prop::collection::vec((0u8..40, 0u8..8, 0u8..8, -3i8..12), 1..150)
    ) {
        let mut desk = setup();
        let mut incremental = Rollup::new(Calendar::CHINA);
        for (kind, a, b, q) in steps {
            let next = if kind >= 20 { advance(&desk, a, b, q) } else { command(kind, a, b, q) };
            let _ = desk.run_observed("prop", next, |before, effects| {
                incremental.fold(effects, |e| before.get(&e.key()));
            });
        }
        let full = Rollup::full(Calendar::CHINA, desk.state.entities());
        prop_assert_eq!(&incremental, &full);
        prop_assert_eq!(kpis(&incremental), kpis(&full));
    }
}

fn assert_sound(desk: &Desk) {
    // Levels equal the replay of the ledger, and nothing is negative.
    let replay = Ledger::replay(&desk.ledger).expect("the ledger replays");
    // What the orders, pick lists and shipments say each level must hold.
    let mut reserved: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut picked: BTreeMap<(String, String), i64> = BTreeMap::new();
    for entity in desk.state.entities() {
        match entity {
            Entity::StockLevel(level) => {
                let key = (level.sku.clone(), level.location.clone());
                assert_eq!(replay.get(&key), Some(level), "{key:?}");
                assert!(level.unplaced() >= 0, "{key:?}");
                assert!(level.bins.values().all(|q| *q > 0), "{key:?}");
                assert!(level.level.available() >= 0, "{key:?}");
                assert!(level.level.picked >= 0, "{key:?}");
            }
            Entity::Order(order) => {
                check(order).unwrap_or_else(|e| panic!("{}: {e}", order.number));
                for line in &order.lines {
                    for at in &line.allocations {
                        *reserved
                            .entry((line.sku.clone(), at.location.clone()))
                            .or_default() += i64::from(at.quantity);
                    }
                }
            }
            Entity::PickList(list) => {
                for line in &list.lines {
                    let key = (line.sku.clone(), list.location.clone());
                    *reserved.entry(key.clone()).or_default() -= i64::from(line.picked);
                    *picked.entry(key).or_default() += i64::from(line.picked);
                }
            }
            Entity::Shipment(shipment) if shipment.status != ShipmentStatus::Packed => {
                for line in &shipment.lines {
                    *picked
                        .entry((line.sku.clone(), shipment.location.clone()))
                        .or_default() -= i64::from(line.quantity);
                }
            }
            _ => {}
        }
    }
    for ((sku, location), stock) in &replay {
        let level = &stock.level;
        let key = (sku.clone(), location.clone());
        assert_eq!(
            reserved.get(&key).copied().unwrap_or(0),
            level.reserved,
            "reserved {key:?}"
        );
        assert_eq!(
            picked.get(&key).copied().unwrap_or(0),
            level.picked,
            "picked {key:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn random_command_sequences_keep_orders_and_stock_consistent(
        steps in prop::collection::vec((0u8..40, 0u8..8, 0u8..8, -3i8..12), 1..150)
    ) {
        let mut desk = setup();
        let mut applied = 0;
        for (kind, a, b, q) in steps {
            // Half the steps follow the SOP for one order, half are any command at all.
            let next = if kind >= 20 {
                advance(&desk, a, b, q)
            } else {
                command(kind, a, b, q)
            };
            match desk.run("prop", next) {
                Ok(_) => applied += 1,
                Err(DomainError::Buckets(e)) => panic!("a rule broke the buckets: {e}"),
                Err(_) => {}
            }
            assert_sound(&desk);
        }
        prop_assert!(applied > 0 || desk.state.entities().count() > 0);
    }
}

/// The generator reaches the end of the SOP: some sequence ships and delivers.
#[test]
fn the_generator_reaches_delivery() {
    let mut desk = setup();
    let steps: &[(u8, u8, u8, i8)] = &[
        (6, 0, 0, 9),  // receive TEA at SH-01
        (0, 0, 0, 1),  // order 1: 2 × TEA
        (1, 0, 0, 0),  // validate
        (2, 0, 0, 0),  // confirm
        (3, 0, 0, 0),  // allocate at SH-01
        (9, 0, 0, 0),  // pick list 0x100 for order 1
        (10, 0, 0, 2), // scan 2 × TEA
        (12, 0, 0, 0), // pack into shipment 0x200
        (13, 0, 0, 0), // ship 0x200
        (14, 0, 0, 0), // deliver
    ];
    for (kind, a, b, q) in steps {
        desk.run("prop", command(*kind, *a, *b, *q)).unwrap();
        assert_sound(&desk);
    }
    assert_eq!(
        desk.order(order_id(0)).status,
        orderly_core::OrderStatus::Delivered
    );
}

/// The mix of SOP steps and random commands applies every kind of command many times
/// (a fixed pseudo-random walk, so this guards the generator, not luck).
#[test]
fn the_generator_applies_every_kind_of_command() {
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    let mut ok: BTreeMap<String, u32> = BTreeMap::new();
    for _ in 0..400 {
        let mut desk = setup();
        for _ in 0..150 {
            let kind = (next() % 40) as u8;
            let (a, b, q) = (
                (next() % 8) as u8,
                (next() % 8) as u8,
                (next() % 15) as i8 - 3,
            );
            let c = if kind >= 20 {
                advance(&desk, a, b, q)
            } else {
                command(kind, a, b, q)
            };
            let name = serde_json::to_value(&c).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string();
            if desk.run("p", c).is_ok() {
                *ok.entry(name).or_default() += 1;
            }
        }
    }
    for kind in [
        "order.create",
        "order.validate",
        "order.confirm",
        "order.allocate",
        "order.reserve",
        "order.deallocate",
        "order.cancel",
        "order.hold",
        "stock.receive",
        "stock.adjust",
        "stock.count",
        "pick_list.create",
        "pick.scan",
        "order.pack",
        "shipment.ship",
        "shipment.deliver",
        "exception.open",
        "exception.resolve",
        "rating.record",
        "return.request",
    ] {
        let applied = ok.get(kind).copied().unwrap_or(0);
        assert!(applied >= 20, "{kind} applied {applied} times: {ok:?}");
    }
}
