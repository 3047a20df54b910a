//! The JSON field names of every command and every stored record are the sync wire format
//! (DESIGN.md, sync protocol v1): a backend and older consoles read them. This test runs
//! every command once through the back office, collects the field paths of each command,
//! each record it saved and each ledger entry, and compares them with
//! `tests/wire_fields.txt`. A rename or a removed field fails here; a new field shows up as
//! an added line. After an intended, compatible change: `ORDERLY_BLESS=1 cargo test -p
//! orderly-core --test wire_format` rewrites the file, and SYNC.md should say what changed.

use orderly_core::address::Address;
use orderly_core::after_sales::{
    AssignException, DecideReturn, ExchangeReturn, InspectReturn, LineInspection, OpenException,
    ReceiveReturn, RecordRating, RefundReturn, RequestReturn, ResolveException, ReturnRequestLine,
};
use orderly_core::assignment::{Assignee, AssignmentRule, Conditions, Strategy};
use orderly_core::carrier::{Bracket, CarrierRate, Transit, ZoneRule};
use orderly_core::checklist::SopChecklist;
use orderly_core::command::{
    AllocateAt, AssignOrder, CreateOrder, OrderRef, OrderWithReason, Reservation, ReservePlan,
    StockAdjustment, StockCount,
};
use orderly_core::customer::Customer;
use orderly_core::exception::ExceptionKind;
use orderly_core::fixtures::{self, Desk, SHIPPED_ORDER, SHIPPED_PARCEL};
use orderly_core::fulfilment::DeliverShipment;
use orderly_core::money::Currency;
use orderly_core::price_list::PriceList;
use orderly_core::product::Dimensions;
use orderly_core::return_case::ReturnReason;
use orderly_core::{Command, Effect, OrderId};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wire_fields.txt");

/// Objects whose keys are data (SKUs, bin codes), not field names.
const KEYED_BY_DATA: [&str; 2] = ["prices", "bins"];

/// Adds `prefix.field` for every object field under `value`; array items share `[]`, and
/// the entries of a map keyed by data share `{}`.
fn paths(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
    let is_map = KEYED_BY_DATA
        .iter()
        .any(|m| prefix == *m || prefix.ends_with(&format!(".{m}")));
    match value {
        Value::Object(fields) => {
            for (name, inner) in fields {
                let name = if is_map { "{}" } else { name.as_str() };
                let path = if prefix.is_empty() {
                    name.to_owned()
                } else {
                    format!("{prefix}.{name}")
                };
                out.insert(path.clone());
                paths(&path, inner, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(&format!("{prefix}[]"), item, out);
            }
        }
        _ => {}
    }
}

/// Field paths seen so far, by what carries them (`command order.create`, `entity order`,
/// `stock_movement`).
#[derive(Default)]
struct Wire(BTreeMap<String, BTreeSet<String>>);

impl Wire {
    fn note(&mut self, what: String, value: &Value) {
        paths("", value, self.0.entry(what).or_default());
    }

    fn run(&mut self, desk: &mut Desk, command: Command) {
        let wire = serde_json::to_value(&command).unwrap();
        let name = wire["type"].as_str().unwrap().to_owned();
        let effects = desk
            .run("staff", command)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        self.note(format!("command {name}"), &wire);
        for effect in &effects {
            let entity = effect.entity();
            self.note(
                format!("entity {}", entity.key().entity()),
                &entity.to_json(),
            );
            if let Effect::StockSaved { movement, .. } = effect {
                let json = serde_json::to_value(movement).unwrap();
                self.note("stock_movement".into(), &json);
            }
        }
    }

    fn render(&self) -> String {
        let mut text = String::new();
        for (what, fields) in &self.0 {
            for field in fields {
                text.push_str(&format!("{what}: {field}\n"));
            }
        }
        text
    }
}

fn every_command(wire: &mut Wire, desk: &mut Desk) {
    let [refused, refunded, exchanged] = [0xC1, 0xC2, 0xC3].map(Uuid::from_u128);
    let request = |id| {
        Command::RequestReturn(RequestReturn {
            id,
            order_id: SHIPPED_ORDER,
            lines: vec![ReturnRequestLine {
                line_no: 1,
                quantity: 1,
                reason: ReturnReason::Damaged,
            }],
            note: Some("dented".into()),
        })
    };
    let trouble = Uuid::from_u128(0xE1);
    let second = OrderId(Uuid::from_u128(2));
    let exchange = OrderId(Uuid::from_u128(3));
    let mut product = fixtures::product("CUP", 3_900);
    product.barcode = Some("6901234567892".into());
    product.dimensions = Some(Dimensions {
        length_mm: 90,
        width_mm: 90,
        height_mm: 110,
    });
    product.category = "fragile".into();
    let mut draft = fixtures::phone_order("周伟");
    draft.external_ref = Some("TB-42".into());
    draft.ship_to = Some(Address {
        postcode: "310000".into(),
        line2: "2 楼".into(),
        ..fixtures::hangzhou()
    });
    draft.tags = vec!["vip".into()];
    draft.priority = 2;
    draft.promised_at = Some("2026-12-09T00:00:00Z".parse().unwrap());
    let second_ref = OrderRef { order_id: second };
    let mut commands = vec![
        // SH-01 gets bins: TEA is slotted in A-01.
        desk.edit(Command::SaveLocation(Box::new(
            fixtures::warehouse_with_tea_in_a01("SH-01", "上海市"),
        ))),
        Command::DeliverShipment(DeliverShipment {
            shipment_id: SHIPPED_PARCEL,
        }),
        Command::RecordRating(RecordRating {
            order_id: SHIPPED_ORDER,
            score: 4,
            comment: "好".into(),
        }),
        request(refused),
        Command::RefuseReturn(DecideReturn {
            id: refused,
            reason: Some("outside the return window".into()),
        }),
    ];
    for (case, settle) in [
        (
            refunded,
            Command::RefundReturn(RefundReturn {
                id: refunded,
                amount: 16_800,
            }),
        ),
        (
            exchanged,
            Command::ExchangeReturn(ExchangeReturn {
                id: exchanged,
                order_id: exchange,
                number: "SO-3".into(),
            }),
        ),
    ] {
        commands.extend([
            request(case),
            Command::ApproveReturn(DecideReturn {
                id: case,
                reason: None,
            }),
            Command::ReceiveReturn(ReceiveReturn {
                id: case,
                location: "SH-01".into(),
            }),
            Command::InspectReturn(InspectReturn {
                id: case,
                lines: vec![LineInspection {
                    line_no: 1,
                    restock: 1,
                    scrap: 0,
                }],
            }),
            settle,
        ]);
    }
    commands.extend([
        Command::OpenException(OpenException {
            id: trouble,
            kind: ExceptionKind::Delay,
            order_id: Some(SHIPPED_ORDER),
            detail: "stuck in Hangzhou".into(),
            owner: Some("lin".into()),
        }),
        Command::AssignException(AssignException {
            id: trouble,
            owner: "wang".into(),
        }),
        Command::ResolveException(ResolveException {
            id: trouble,
            code: "reshipped".into(),
            note: "sent again".into(),
        }),
        Command::SaveProduct(Box::new(product)),
        Command::SaveChecklist(SopChecklist {
            category: "fragile".into(),
            items: vec!["bubble_wrap".into()],
            version: 0,
            rev: None,
        }),
        Command::SaveCustomer(Box::new(Customer {
            id: Uuid::from_u128(0xD1),
            name: "周伟".into(),
            phone: Some("13912345678".into()),
            email: Some("zhou@example.com".into()),
            address: Some(fixtures::hangzhou()),
            tags: vec!["vip".into()],
            version: 0,
            rev: None,
        })),
        Command::SavePriceList(Box::new(PriceList {
            currency: Currency::CNY,
            prices: [("TEA".to_owned(), 16_800)].into(),
            tolerance_bp: 50,
            max_discount_bp: 2_000,
            version: 0,
            rev: None,
        })),
        Command::SaveAssignmentRule(Box::new(AssignmentRule {
            id: "vip".into(),
            position: 1,
            conditions: Conditions {
                channels: vec![orderly_core::Channel::Phone],
                min_priority: Some(1),
                min_total: Some(1),
                max_total: Some(1_000_000),
                regions: vec!["浙江省".into()],
                tags: vec!["vip".into()],
            },
            assignee: Assignee::Team {
                name: "east".into(),
                members: vec!["lin".into(), "wang".into()],
                strategy: Strategy::RoundRobin,
            },
            version: 0,
            rev: None,
        })),
        Command::SaveCarrierRate(Box::new(CarrierRate {
            carrier: "SF".into(),
            service: "standard".into(),
            currency: Currency::CNY,
            zones: vec![ZoneRule {
                from: "*".into(),
                to: "*".into(),
                zone: 1,
            }],
            brackets: vec![Bracket {
                zone: 1,
                max_weight_g: 5_000,
                price: 1_200,
            }],
            transit: vec![Transit { zone: 1, days: 2 }],
            cutoff_minute: 16 * 60,
            utc_offset_minutes: 480,
            version: 0,
            rev: None,
        })),
        Command::AdjustStock(StockAdjustment {
            sku: "TEA".into(),
            location: "SH-01".into(),
            delta: -1,
            reason: "damaged on the shelf".into(),
            bin: Some("A-01".into()),
        }),
        Command::CountStock(StockCount {
            sku: "TEA".into(),
            location: "SH-01".into(),
            counted: 8,
            reference: Some("count sheet 7".into()),
            bin: None,
        }),
        Command::CreateOrder(Box::new(CreateOrder {
            id: second,
            number: "SO-2".into(),
            order: draft,
        })),
        Command::AssignOrder(AssignOrder {
            order_id: second,
            assignee: Some("lin".into()),
            rule: Some("vip".into()),
        }),
        Command::HoldOrder(OrderWithReason {
            order_id: second,
            reason: "customer asked to wait".into(),
        }),
        Command::ReleaseOrder(second_ref.clone()),
        Command::ValidateOrder(second_ref.clone()),
        Command::ConfirmOrder(second_ref.clone()),
        Command::ReserveOrder(ReservePlan {
            order_id: second,
            reservations: vec![Reservation {
                sku: "TEA".into(),
                location: "SH-01".into(),
                quantity: 1,
            }],
            explanation: "partial: 1 of 2 at SH-01".into(),
        }),
        Command::DeallocateOrder(second_ref.clone()),
        Command::AllocateOrder(AllocateAt {
            order_id: second,
            location: "SH-01".into(),
        }),
        Command::CancelOrder(OrderWithReason {
            order_id: second,
            reason: "customer cancelled".into(),
        }),
    ]);
    for command in commands {
        wire.run(desk, command);
    }
}

#[test]
fn field_names_on_the_wire_do_not_change_by_accident() {
    let mut wire = Wire::default();
    let mut desk = Desk::default();
    for command in fixtures::shipped_commands() {
        wire.run(&mut desk, command);
    }
    every_command(&mut wire, &mut desk);
    let seen = wire.render();

    let commands: BTreeSet<&str> = wire
        .0
        .keys()
        .filter_map(|k| k.strip_prefix("command "))
        .collect();
    let missing: Vec<&str> = fixtures::command_types()
        .into_iter()
        .filter(|t| !commands.contains(t))
        .collect();
    assert!(missing.is_empty(), "commands not exercised: {missing:?}");

    if std::env::var_os("ORDERLY_BLESS").is_some() {
        std::fs::write(GOLDEN, &seen).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).unwrap_or_default();
    let before: BTreeSet<&str> = golden.lines().collect();
    let now: BTreeSet<&str> = seen.lines().collect();
    let gone: Vec<&&str> = before.difference(&now).collect();
    let added: Vec<&&str> = now.difference(&before).collect();
    assert!(
        gone.is_empty() && added.is_empty(),
        "the wire format changed.\n  gone (breaks backends and older consoles): {gone:#?}\n  \
         added: {added:#?}\nIf intended: ORDERLY_BLESS=1 cargo test -p orderly-core --test \
         wire_format, and document it in SYNC.md"
    );
}
