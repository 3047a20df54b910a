//! Pick, pack, ship, deliver — the warehouse part of the SOP, told as scenarios.

use orderly_core::checklist::SopChecklist;
use orderly_core::command::{AllocateAt, CreateOrder, OrderRef, OrderWithReason, StockReceipt};
use orderly_core::fixtures::{Desk, hangzhou, phone_order};
use orderly_core::fulfilment::{
    CreatePickList, DeliverShipment, PackOrder, ScanPick, ShipShipment,
};
use orderly_core::line_buckets::check;
use orderly_core::location::{Bin, Location};
use orderly_core::money::{Currency, Money};
use orderly_core::order::LineDraft;
use orderly_core::pick_list::PickListStatus;
use orderly_core::product::Product;
use orderly_core::shipment::ShipmentStatus;
use orderly_core::stock::{Ledger, Movement};
use orderly_core::{Command, DomainError, OrderId, OrderStatus, State};
use uuid::Uuid;

const SH: &str = "SH-01";
const WAVE: Uuid = Uuid::from_u128(0xA1);
const BOX_A: Uuid = Uuid::from_u128(0xB1);
const BOX_B: Uuid = Uuid::from_u128(0xB2);

fn product(sku: &str, barcode: &str, category: &str, weight_g: u32) -> Command {
    Command::SaveProduct(Box::new(Product {
        sku: sku.into(),
        barcode: Some(barcode.into()),
        name: sku.into(),
        price: Money::new(16_800, Currency::CNY),
        weight_g,
        dimensions: None,
        category: category.into(),
        safety_stock: 0,
        reorder_point: 0,
        reorder_quantity: 0,
        lead_time_days: 0,
        active: true,
        version: 0,
    }))
}

fn bin(code: &str, walk_order: u32, sku: &str) -> Bin {
    Bin {
        code: code.into(),
        walk_order,
        skus: vec![sku.into()],
    }
}

/// A warehouse with tea in C-03 (walked last) and cups in A-01 (walked first), a packing
/// checklist for fragile goods, stock received, and two confirmed, allocated orders.
fn warehouse_with_two_orders() -> (Desk, OrderId, OrderId) {
    let mut desk = Desk::default();
    let admin = "admin";
    desk.run(admin, product("TEA", "6901234567892", "food", 300))
        .unwrap();
    desk.run(admin, product("CUP", "96385074", "fragile", 450))
        .unwrap();
    desk.run(
        admin,
        Command::SaveLocation(Box::new(Location {
            code: SH.into(),
            name: "Shanghai".into(),
            region: "SH".into(),
            bins: vec![bin("C-03", 30, "TEA"), bin("A-01", 10, "CUP")],
            version: 0,
        })),
    )
    .unwrap();
    desk.run(
        admin,
        Command::SaveChecklist(SopChecklist {
            category: "fragile".into(),
            items: vec!["bubble_wrap".into(), "fragile_label".into()],
            version: 0,
        }),
    )
    .unwrap();
    for (sku, quantity) in [("TEA", 10), ("CUP", 10)] {
        desk.run(
            "keeper",
            Command::ReceiveStock(StockReceipt {
                sku: sku.into(),
                location: SH.into(),
                quantity,
                reference: Some("PO-7".into()),
            }),
        )
        .unwrap();
    }
    let first = order(&mut desk, 1, &[("TEA", 2), ("CUP", 1)]);
    let second = order(&mut desk, 2, &[("TEA", 1)]);
    (desk, first, second)
}

fn order(desk: &mut Desk, n: u128, lines: &[(&str, u32)]) -> OrderId {
    let id = OrderId(Uuid::from_u128(n));
    let mut draft = phone_order("林芳");
    draft.ship_to = Some(hangzhou());
    draft.lines = lines
        .iter()
        .map(|(sku, quantity)| LineDraft {
            sku: (*sku).into(),
            name: (*sku).into(),
            quantity: *quantity,
            unit_price: 16_800,
        })
        .collect();
    let clerk = "clerk";
    desk.run(
        clerk,
        Command::CreateOrder(Box::new(CreateOrder {
            id,
            number: format!("SO-TEST-{n:06}"),
            order: draft,
        })),
    )
    .unwrap();
    let r = OrderRef { order_id: id };
    desk.run(clerk, Command::ValidateOrder(r.clone())).unwrap();
    desk.run(clerk, Command::ConfirmOrder(r)).unwrap();
    desk.run(
        "planner",
        Command::AllocateOrder(AllocateAt {
            order_id: id,
            location: SH.into(),
        }),
    )
    .unwrap();
    id
}

fn scan(code: &str, quantity: u32) -> Command {
    Command::ScanPick(ScanPick {
        pick_list_id: WAVE,
        code: code.into(),
        quantity,
    })
}

fn pack(order_id: OrderId, shipment_id: Uuid, checked: &[&str]) -> Command {
    Command::PackOrder(PackOrder {
        order_id,
        pick_list_id: WAVE,
        shipment_id,
        checked: checked.iter().map(|c| c.to_string()).collect(),
    })
}

/// Every level equals the replay of its movements, and nothing promised is negative.
fn assert_ledger_explains_levels(desk: &Desk) {
    let replay = Ledger::replay(&desk.ledger).unwrap();
    for sku in ["TEA", "CUP"] {
        let level = desk.level(sku, SH);
        assert_eq!(
            level.level,
            replay[&(sku.to_string(), SH.to_string())],
            "{sku}"
        );
        assert!(level.level.available() >= 0);
    }
}

#[test]
fn a_wave_is_picked_in_walking_order_packed_by_checklist_shipped_and_delivered() {
    let (mut desk, first, second) = warehouse_with_two_orders();

    // The picker gets one list for both orders: cups first (bin A-01), then tea (C-03),
    // with the two orders' tea aggregated into one line of 3.
    desk.run(
        "lead",
        Command::CreatePickList(CreatePickList {
            id: WAVE,
            location: SH.into(),
            order_ids: vec![first, second],
        }),
    )
    .unwrap();
    let list = desk.state.pick_list(WAVE).unwrap().clone();
    let walk: Vec<_> = list
        .lines
        .iter()
        .map(|l| (l.bin.as_deref().unwrap(), l.sku.as_str(), l.quantity))
        .collect();
    assert_eq!(walk, [("A-01", "CUP", 1), ("C-03", "TEA", 3)]);
    assert_eq!(desk.order(first).status, OrderStatus::Picking);

    // A wrong item and an over-pick are refused and change nothing.
    assert_eq!(
        desk.run("picker", scan("4006381333931", 1)),
        Err(DomainError::WrongItem {
            code: "4006381333931".into()
        })
    );
    assert_eq!(
        desk.run("picker", scan("96385074", 2)),
        Err(DomainError::OverPick {
            sku: "CUP".into(),
            remaining: 1,
            scanned: 2
        })
    );
    desk.run("picker", scan("96385074", 1)).unwrap();
    desk.run("picker", scan("6901234567892", 2)).unwrap();

    // The first order is fully picked; the second is not, so it cannot be packed yet.
    assert_eq!(
        desk.run("packer", pack(second, BOX_B, &[])),
        Err(DomainError::NotPicked {
            order: "SO-TEST-000002".into(),
            remaining: 1
        })
    );
    desk.run("picker", scan("TEA", 1)).unwrap();
    assert_eq!(
        desk.state.pick_list(WAVE).unwrap().status,
        PickListStatus::Picked
    );
    let tea = desk.level("TEA", SH).level;
    assert_eq!((tea.on_hand, tea.reserved, tea.picked), (7, 0, 3));

    // The cup is fragile: its checklist must be complete before the box is closed.
    assert_eq!(
        desk.run("packer", pack(first, BOX_A, &["bubble_wrap"])),
        Err(DomainError::ChecklistIncomplete {
            category: "fragile".into(),
            missing: vec!["fragile_label".into()]
        })
    );
    desk.run(
        "packer",
        pack(first, BOX_A, &["bubble_wrap", "fragile_label"]),
    )
    .unwrap();
    desk.run("packer", pack(second, BOX_B, &[])).unwrap();
    let box_a = desk.state.shipment(BOX_A).unwrap();
    assert_eq!(box_a.weight_g, 2 * 300 + 450);
    assert_eq!(desk.order(first).status, OrderStatus::Packed);

    desk.run(
        "dispatcher",
        Command::ShipShipment(ShipShipment {
            shipment_id: BOX_A,
            carrier: "SF".into(),
            service: "standard".into(),
            tracking_number: "SF1234567890".into(),
        }),
    )
    .unwrap();
    let shipped = desk.order(first);
    assert_eq!(shipped.status, OrderStatus::Shipped);
    assert!(shipped.lines.iter().all(|l| l.shipped == l.quantity));
    assert_eq!(
        desk.level("TEA", SH).level.picked,
        1,
        "the second box waits"
    );
    // Shipping twice is refused by the shipment's own state.
    assert!(matches!(
        desk.run(
            "dispatcher",
            Command::ShipShipment(ShipShipment {
                shipment_id: BOX_A,
                carrier: "SF".into(),
                service: "standard".into(),
                tracking_number: "SF1234567890".into(),
            })
        ),
        Err(DomainError::ShipmentState { .. })
    ));

    desk.run(
        "courier",
        Command::DeliverShipment(DeliverShipment { shipment_id: BOX_A }),
    )
    .unwrap();
    let delivered = desk.order(first);
    assert_eq!(delivered.status, OrderStatus::Delivered);
    assert_eq!(
        desk.state.shipment(BOX_A).unwrap().status,
        ShipmentStatus::Delivered
    );
    let story: Vec<_> = delivered.history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(
        story,
        [
            "new",
            "validated",
            "confirmed",
            "allocated",
            "picking",
            "packed",
            "shipped",
            "delivered"
        ]
    );
    for id in [first, second] {
        check(&desk.order(id)).unwrap();
    }
    assert_ledger_explains_levels(&desk);
}

#[test]
fn cancelling_an_allocated_order_gives_its_stock_back() {
    let (mut desk, first, _) = warehouse_with_two_orders();
    assert_eq!(desk.level("TEA", SH).level.reserved, 3);
    desk.run(
        "clerk",
        Command::CancelOrder(OrderWithReason {
            order_id: first,
            reason: "customer changed their mind".into(),
        }),
    )
    .unwrap();
    let cancelled = desk.order(first);
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert!(
        cancelled
            .lines
            .iter()
            .all(|l| l.cancelled == l.quantity && l.allocated == 0)
    );
    assert_eq!(desk.level("TEA", SH).level.reserved, 1);
    assert_eq!(desk.level("CUP", SH).level.reserved, 0);
    let last = desk.ledger.last().unwrap();
    assert!(matches!(last.movement, Movement::Release { .. }));
    assert_eq!(last.reference.as_deref(), Some("SO-TEST-000001"));
    assert_ledger_explains_levels(&desk);
}

#[test]
fn deallocating_returns_an_order_to_confirmed_and_picked_orders_cannot_be_cancelled() {
    let (mut desk, first, second) = warehouse_with_two_orders();
    desk.run(
        "planner",
        Command::DeallocateOrder(OrderRef { order_id: second }),
    )
    .unwrap();
    assert_eq!(desk.order(second).status, OrderStatus::Confirmed);
    assert_eq!(desk.level("TEA", SH).level.reserved, 2);

    desk.run(
        "lead",
        Command::CreatePickList(CreatePickList {
            id: WAVE,
            location: SH.into(),
            order_ids: vec![first],
        }),
    )
    .unwrap();
    // The same order cannot be put on a second list at the same location.
    assert_eq!(
        desk.run(
            "lead",
            Command::CreatePickList(CreatePickList {
                id: Uuid::from_u128(0xA2),
                location: SH.into(),
                order_ids: vec![first],
            })
        ),
        Err(DomainError::AlreadyOnPickList {
            order: "SO-TEST-000001".into(),
            location: SH.into()
        })
    );
    desk.run("picker", scan("TEA", 1)).unwrap();
    assert!(matches!(
        desk.run(
            "clerk",
            Command::CancelOrder(OrderWithReason {
                order_id: first,
                reason: "too late".into(),
            })
        ),
        Err(DomainError::TransitionRefused { .. })
    ));
    assert_ledger_explains_levels(&desk);
}
