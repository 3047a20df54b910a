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
        rev: None,
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
            rev: None,
        })),
    )
    .unwrap();
    desk.run(
        admin,
        Command::SaveChecklist(SopChecklist {
            category: "fragile".into(),
            items: vec!["bubble_wrap".into(), "fragile_label".into()],
            version: 0,
            rev: None,
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
                bin: None,
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

/// Every level (buckets, bins, version) equals the replay of its movements, and nothing
/// promised is negative.
fn assert_ledger_explains_levels(desk: &Desk) {
    let replay = Ledger::replay(&desk.ledger).unwrap();
    for sku in ["TEA", "CUP"] {
        let level = desk.level(sku, SH);
        assert_eq!(level, replay[&(sku.to_string(), SH.to_string())], "{sku}");
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

#[test]
fn an_order_split_over_two_warehouses_ships_as_two_parcels() {
    let (mut desk, _, _) = warehouse_with_two_orders();
    let bj = "BJ-02";
    desk.run(
        "admin",
        Command::SaveLocation(Box::new(Location {
            code: bj.into(),
            name: "Beijing".into(),
            region: "BJ".into(),
            bins: Vec::new(),
            version: 0,
            rev: None,
        })),
    )
    .unwrap();
    desk.run(
        "keeper",
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: bj.into(),
            quantity: 1,
            reference: None,
            bin: None,
        }),
    )
    .unwrap();
    // Order 3 wants 3 tea: 2 from Shanghai, 1 from Beijing.
    let split = OrderId(Uuid::from_u128(3));
    let mut draft = phone_order("林芳");
    draft.ship_to = Some(hangzhou());
    draft.lines[0].quantity = 3;
    draft.lines[0].sku = "TEA".into();
    desk.run(
        "clerk",
        Command::CreateOrder(Box::new(CreateOrder {
            id: split,
            number: "SO-TEST-000003".into(),
            order: draft,
        })),
    )
    .unwrap();
    let r = OrderRef { order_id: split };
    desk.run("clerk", Command::ValidateOrder(r.clone()))
        .unwrap();
    desk.run("clerk", Command::ConfirmOrder(r)).unwrap();
    let reserve = |sku: &str, location: &str, quantity| orderly_core::command::Reservation {
        sku: sku.into(),
        location: location.into(),
        quantity,
    };
    desk.run(
        "planner",
        Command::ReserveOrder(orderly_core::command::ReservePlan {
            order_id: split,
            reservations: vec![reserve("TEA", SH, 2), reserve("TEA", bj, 1)],
            explanation: "split over SH-01, BJ-02".into(),
        }),
    )
    .unwrap();
    assert_eq!(desk.order(split).status, OrderStatus::Allocated);

    let (list_sh, list_bj) = (Uuid::from_u128(0xA7), Uuid::from_u128(0xA8));
    for (list, location) in [(list_sh, SH), (list_bj, bj)] {
        desk.run(
            "lead",
            Command::CreatePickList(CreatePickList {
                id: list,
                location: location.into(),
                order_ids: vec![split],
            }),
        )
        .unwrap();
    }
    let scan_on = |list, quantity| {
        Command::ScanPick(ScanPick {
            pick_list_id: list,
            code: "TEA".into(),
            quantity,
        })
    };
    desk.run("picker-sh", scan_on(list_sh, 2)).unwrap();
    desk.run("picker-bj", scan_on(list_bj, 1)).unwrap();
    let pack_from = |list, shipment_id| {
        Command::PackOrder(PackOrder {
            order_id: split,
            pick_list_id: list,
            shipment_id,
            checked: Vec::new(),
        })
    };
    desk.run("packer-sh", pack_from(list_sh, BOX_A)).unwrap();
    assert_eq!(
        desk.order(split).status,
        OrderStatus::Picking,
        "Beijing is not packed yet"
    );
    desk.run("packer-bj", pack_from(list_bj, BOX_B)).unwrap();
    assert_eq!(desk.order(split).status, OrderStatus::Packed);
    let ship = |shipment_id, tracking: &str| {
        Command::ShipShipment(ShipShipment {
            shipment_id,
            carrier: "SF".into(),
            service: "standard".into(),
            tracking_number: tracking.into(),
        })
    };
    desk.run("dispatch-sh", ship(BOX_A, "SF-A")).unwrap();
    assert_eq!(
        desk.order(split).status,
        OrderStatus::Packed,
        "one parcel left"
    );
    desk.run("dispatch-bj", ship(BOX_B, "SF-B")).unwrap();
    assert_eq!(desk.order(split).status, OrderStatus::Shipped);
    let deliver = |shipment_id| Command::DeliverShipment(DeliverShipment { shipment_id });
    desk.run("courier", deliver(BOX_A)).unwrap();
    assert_eq!(
        desk.order(split).status,
        OrderStatus::Shipped,
        "one parcel on its way"
    );
    desk.run("courier", deliver(BOX_B)).unwrap();
    assert_eq!(desk.order(split).status, OrderStatus::Delivered);
    assert_eq!(desk.order(split).shipments, [BOX_A, BOX_B]);
    assert_eq!(desk.level("TEA", bj).level.on_hand, 0);
    assert_ledger_explains_levels(&desk);
}

/// Where the units are: receipts without a bin land in the SKU's slot, a keeper may name
/// another bin, picks leave from the bin the pick list names, and a bin the warehouse does
/// not have is refused with nothing written.
#[test]
fn stock_on_hand_is_kept_by_bin() {
    let (mut desk, first, second) = warehouse_with_two_orders();
    let bins = |desk: &Desk, sku: &str| -> Vec<(String, i64)> {
        desk.level(sku, SH).bins.into_iter().collect()
    };
    assert_eq!(bins(&desk, "TEA"), [("C-03".to_owned(), 10)]);
    let overflow = |bin: &str| {
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: SH.into(),
            quantity: 4,
            reference: Some("PO-8".into()),
            bin: Some(bin.into()),
        })
    };
    let before = desk.ledger.len();
    let Err(DomainError::Invalid(issues)) = desk.run("keeper", overflow("Z-99")) else {
        panic!("a bin SH-01 does not have was accepted")
    };
    assert_eq!(
        (issues[0].code, issues[0].field.as_str()),
        (orderly_core::IssueCode::UnknownBin, "bin")
    );
    assert_eq!(desk.ledger.len(), before, "nothing written");
    desk.run("keeper", overflow("A-01")).unwrap();
    assert_eq!(
        bins(&desk, "TEA"),
        [("A-01".to_owned(), 4), ("C-03".to_owned(), 10)]
    );

    desk.run(
        "planner",
        Command::CreatePickList(CreatePickList {
            id: WAVE,
            location: SH.into(),
            order_ids: vec![first, second],
        }),
    )
    .unwrap();
    desk.run("picker", scan("TEA", 3)).unwrap();
    let pick = desk.ledger.last().unwrap();
    assert_eq!(
        (pick.movement, pick.bin.as_deref()),
        (Movement::Pick { quantity: 3 }, Some("C-03"))
    );
    assert_eq!(
        bins(&desk, "TEA"),
        [("A-01".to_owned(), 4), ("C-03".to_owned(), 7)]
    );
    assert_eq!(desk.level("TEA", SH).unplaced(), 0);
    assert_ledger_explains_levels(&desk);
}
