//! The data stage of the SOP: KPIs, summaries, trends and the inventory report from a
//! small, known day of work.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use orderly_core::after_sales::{OpenException, RecordRating};
use orderly_core::command::{
    AllocateAt, CreateOrder, OrderRef, OrderWithReason, ReservePlan, StockReceipt,
};
use orderly_core::exception::ExceptionKind;
use orderly_core::fixtures::{Desk, hangzhou, phone_order};
use orderly_core::fulfilment::{
    CreatePickList, DeliverShipment, PackOrder, ScanPick, ShipShipment,
};
use orderly_core::money::{Currency, Money};
use orderly_core::order_facts::Calendar;
use orderly_core::product::Product;
use orderly_core::replenishment::Demand;
use orderly_core::reports::{
    after_sales, daily_series, inventory, kpis, order_summary, week_over_week,
};
use orderly_core::rollup::Rollup;
use orderly_core::{Command, OrderId, OrderStatus, State};
use uuid::Uuid;

const SH: &str = "SH-01";

fn id(n: u128) -> OrderId {
    OrderId(Uuid::from_u128(n))
}

fn create(desk: &mut Desk, n: u128) {
    let mut draft = phone_order("周婷");
    draft.ship_to = Some(hangzhou());
    draft.promised_at = Some(Utc.with_ymd_and_hms(2026, 12, 10, 0, 0, 0).unwrap());
    desk.run(
        "clerk",
        Command::CreateOrder(Box::new(CreateOrder {
            id: id(n),
            number: format!("SO-{n}"),
            order: draft,
        })),
    )
    .unwrap();
}

/// Three orders: A goes all the way and is rated; B is backordered and has a delay
/// exception; C is put on hold before validation.
fn a_day_of_work() -> Desk {
    let mut desk = Desk::default();
    desk.run(
        "admin",
        Command::SaveProduct(Box::new(Product {
            safety_stock: 5,
            ..orderly_core::fixtures::product("TEA", 16_800)
        })),
    )
    .unwrap();
    desk.run("admin", orderly_core::fixtures::save_shanghai())
        .unwrap();
    desk.run(
        "keeper",
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: SH.into(),
            quantity: 2,
            reference: None,
            bin: None,
        }),
    )
    .unwrap();
    for n in 1..=3 {
        create(&mut desk, n);
    }
    let r = |n| OrderRef { order_id: id(n) };
    let list = Uuid::from_u128(0xA1);
    let parcel = Uuid::from_u128(0xB1);
    for command in [
        Command::ValidateOrder(r(1)),
        Command::ConfirmOrder(r(1)),
        Command::AllocateOrder(AllocateAt {
            order_id: id(1),
            location: SH.into(),
        }),
        Command::CreatePickList(CreatePickList {
            id: list,
            location: SH.into(),
            order_ids: vec![id(1)],
        }),
        Command::ScanPick(ScanPick {
            pick_list_id: list,
            code: "TEA".into(),
            quantity: 2,
        }),
        Command::PackOrder(PackOrder {
            order_id: id(1),
            pick_list_id: list,
            shipment_id: parcel,
            checked: Vec::new(),
        }),
        Command::ShipShipment(ShipShipment {
            shipment_id: parcel,
            carrier: "SF".into(),
            service: "standard".into(),
            tracking_number: "SF1".into(),
        }),
        Command::DeliverShipment(DeliverShipment {
            shipment_id: parcel,
        }),
        Command::RecordRating(RecordRating {
            order_id: id(1),
            score: 4,
            comment: String::new(),
        }),
        Command::ValidateOrder(r(2)),
        Command::ConfirmOrder(r(2)),
        Command::ReserveOrder(ReservePlan {
            order_id: id(2),
            reservations: Vec::new(),
            explanation: "TEA: 2 short".into(),
        }),
        Command::OpenException(OpenException {
            id: Uuid::from_u128(0xE1),
            kind: ExceptionKind::Delay,
            order_id: Some(id(2)),
            detail: "supplier late".into(),
            owner: Some("li".into()),
        }),
        Command::HoldOrder(OrderWithReason {
            order_id: id(3),
            reason: "address unclear".into(),
        }),
    ] {
        desk.run("staff", command).unwrap();
    }
    desk
}

#[test]
fn kpis_of_a_known_day() {
    let desk = a_day_of_work();
    let rollup = Rollup::full(Calendar::CHINA, desk.state.entities());
    let k = kpis(&rollup);
    // A: created at 09:20 UTC (4th command), shipped at 10:35, delivered at 10:40.
    let a = desk.order(id(1));
    let shipped = a
        .history
        .iter()
        .find(|h| h.to == OrderStatus::Shipped)
        .unwrap()
        .at;
    assert_eq!(
        k.to_shipped.p50,
        Some((shipped - a.created_at).num_seconds())
    );
    assert_eq!(k.to_shipped.count, 1);
    assert_eq!(k.to_delivered.p50, Some(k.to_shipped.p50.unwrap() + 300));
    assert_eq!(k.on_time_shipping, Some(10_000));
    assert_eq!(k.fill_rate, Some(5_000), "A shipped 2 of 2, B none of 2");
    assert_eq!(k.backorder_rate, Some(5_000), "B of the two confirmed");
    assert_eq!(
        k.validation_error_rate,
        Some(3_333),
        "C went on hold before validation"
    );
    assert_eq!(k.perfect_order_rate, Some(10_000));
    assert_eq!((k.satisfaction_milli, k.ratings), (Some(4_000), 1));
    let validated = k
        .stages
        .iter()
        .find(|(s, _)| *s == OrderStatus::Validated)
        .unwrap()
        .1;
    assert_eq!((validated.count, validated.p50), (2, Some(300)));

    let summary = order_summary(&rollup);
    assert_eq!(summary.orders, 3);
    let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    assert_eq!(summary.by_day, [(day, 3)]);
    assert_eq!(
        summary.by_status,
        [
            (OrderStatus::OnHold, 1),
            (OrderStatus::Backordered, 1),
            (OrderStatus::Delivered, 1)
        ]
    );
}

#[test]
fn after_sales_ages_and_trends() {
    let desk = a_day_of_work();
    let rollup = Rollup::full(Calendar::CHINA, desk.state.entities());
    let two_days_later = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    let report = after_sales(&rollup, two_days_later);
    assert_eq!(report.exceptions_by_kind, [(ExceptionKind::Delay, 1)]);
    let (kind, ages) = report.open_by_age[0];
    assert_eq!(kind, ExceptionKind::Delay);
    assert_eq!((ages.d1_to_3, ages.overdue), (1, 1), "a delay has 24 hours");
    assert_eq!(report.ratings, [0, 0, 0, 1, 0]);

    let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let series = daily_series(&rollup, day - Duration::days(6), day);
    assert_eq!(series.len(), 7);
    assert_eq!(series[6].orders, 3);
    assert_eq!(series[5].moving_average_milli, None);
    assert_eq!(series[6].moving_average_milli, Some(3_000 / 7));
    assert_eq!(
        week_over_week(&rollup, day),
        None,
        "no orders the week before"
    );
}

#[test]
fn the_inventory_report_values_stock_and_flags_safety_stock() {
    let desk = a_day_of_work();
    let products: Vec<_> = desk.state.product("TEA").into_iter().collect();
    let rows = inventory(
        products,
        |sku| desk.state.stock_level(sku, SH).level,
        |_| Demand { units: 4, days: 2 },
    );
    assert_eq!(rows.len(), 1);
    let tea = &rows[0];
    // 2 received and shipped with order A: nothing left.
    assert_eq!((tea.on_hand, tea.available), (0, 0));
    assert_eq!(tea.value, Money::new(0, Currency::CNY));
    assert!(tea.below_safety_stock);
    assert_eq!(tea.days_of_cover, Some(0));
}
