//! Allocation across warehouses with real orders: split, backorder, and re-allocation
//! when stock arrives — planned by `allocation::allocate`, carried out by `order.reserve`.

use orderly_core::allocation::{
    DistanceTable, Warehouse, allocate, open_order, reserve_command, waiting_for,
};
use orderly_core::command::{CreateOrder, OrderRef, StockReceipt};
use orderly_core::fixtures::{Desk, hangzhou, phone_order, save_tea, save_warehouse};
use orderly_core::state::Entity;
use orderly_core::stock::StockLevel;
use orderly_core::{Command, Order, OrderId, OrderStatus};
use std::collections::BTreeMap;
use uuid::Uuid;

fn receive(desk: &mut Desk, location: &str, quantity: i64) {
    desk.run(
        "keeper",
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: location.into(),
            quantity,
            reference: None,
            bin: None,
        }),
    )
    .unwrap();
}

fn confirmed(desk: &mut Desk, n: u128, quantity: u32, priority: u8) -> OrderId {
    let id = OrderId(Uuid::from_u128(n));
    let mut draft = phone_order("赵敏");
    draft.ship_to = Some(hangzhou());
    draft.lines[0].quantity = quantity;
    draft.priority = priority;
    desk.run(
        "clerk",
        Command::CreateOrder(Box::new(CreateOrder {
            id,
            number: format!("SO-{n}"),
            order: draft,
        })),
    )
    .unwrap();
    desk.run("clerk", Command::ValidateOrder(OrderRef { order_id: id }))
        .unwrap();
    desk.run("clerk", Command::ConfirmOrder(OrderRef { order_id: id }))
        .unwrap();
    id
}

fn warehouses() -> Vec<Warehouse> {
    vec![
        Warehouse {
            code: "SH-01".into(),
            region: "上海市".into(),
        },
        Warehouse {
            code: "HZ-01".into(),
            region: "浙江省".into(),
        },
    ]
}

/// Plans every waiting order that wants TEA against what is available, and carries the
/// decisions out as commands.
fn allocate_waiting(desk: &mut Desk) {
    let orders: Vec<Order> = desk
        .state
        .entities()
        .filter_map(|e| match e {
            Entity::Order(o) => Some(o.as_ref().clone()),
            _ => None,
        })
        .collect();
    let open: Vec<_> = waiting_for("TEA", &orders).map(open_order).collect();
    let mut available: BTreeMap<(String, String), i64> = BTreeMap::new();
    for w in warehouses() {
        let level: StockLevel = orderly_core::State::stock_level(&desk.state, "TEA", &w.code);
        available.insert(("TEA".into(), w.code), level.level.available());
    }
    let distances = DistanceTable {
        pairs: BTreeMap::from([(("上海市".into(), "浙江省".into()), 1)]),
        far: 5,
    };
    for decision in allocate(&open, &warehouses(), &distances, &mut available) {
        desk.run("planner", reserve_command(&decision)).unwrap();
    }
}

/// TEA in the catalogue, and the warehouses of [`warehouses`].
fn catalogue() -> Desk {
    let mut desk = Desk::default();
    desk.run("admin", save_tea()).unwrap();
    for w in warehouses() {
        desk.run("admin", save_warehouse(&w.code, &w.region))
            .unwrap();
    }
    desk
}

#[test]
fn short_stock_splits_and_backorders_then_arriving_stock_completes_both_orders() {
    let mut desk = catalogue();
    receive(&mut desk, "SH-01", 1);
    receive(&mut desk, "HZ-01", 1);
    let urgent = confirmed(&mut desk, 1, 3, 5);
    let later = confirmed(&mut desk, 2, 2, 0);

    allocate_waiting(&mut desk);
    let split = desk.order(urgent);
    assert_eq!(split.status, OrderStatus::PartiallyAllocated);
    assert_eq!(split.lines[0].allocated, 2);
    assert_eq!(
        split.history.last().unwrap().reason.as_deref(),
        Some("split over HZ-01, SH-01; TEA: 1 short"),
        "the nearer warehouse first, and why"
    );
    assert_eq!(desk.order(later).status, OrderStatus::Backordered);

    // Five arrive in Hangzhou: the urgent order is completed first, then the other.
    receive(&mut desk, "HZ-01", 5);
    allocate_waiting(&mut desk);
    let done = desk.order(urgent);
    assert_eq!(done.status, OrderStatus::Allocated);
    assert_eq!(done.lines[0].allocated_at("HZ-01"), 2);
    assert_eq!(done.lines[0].allocated_at("SH-01"), 1);
    assert_eq!(desk.order(later).status, OrderStatus::Allocated);
    let hz = desk.level("TEA", "HZ-01").level;
    assert_eq!((hz.on_hand, hz.reserved), (6, 4));
}

#[test]
fn a_reservation_larger_than_the_order_wants_is_refused_with_the_field() {
    let mut desk = catalogue();
    receive(&mut desk, "SH-01", 9);
    let id = confirmed(&mut desk, 1, 2, 0);
    let refused = desk
        .run(
            "planner",
            Command::ReserveOrder(orderly_core::command::ReservePlan {
                order_id: id,
                reservations: vec![orderly_core::command::Reservation {
                    sku: "TEA".into(),
                    location: "SH-01".into(),
                    quantity: 3,
                }],
                explanation: String::new(),
            }),
        )
        .unwrap_err();
    let orderly_core::DomainError::Invalid(issues) = refused else {
        panic!("expected invalid, got {refused:?}")
    };
    assert_eq!(issues[0].field, "reservations[0].quantity");
    assert_eq!(issues[0].params["max"], "2");
    assert_eq!(
        desk.level("TEA", "SH-01").level.reserved,
        0,
        "nothing reserved"
    );
}
