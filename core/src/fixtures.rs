//! Sample values for tests of every crate (feature `fixtures`; always on in the core's own
//! tests). Not part of the domain.

use crate::address::Address;
use crate::command::{Command, Context, DomainError, Effect, OrderDraft, State, apply};
use crate::money::{Currency, Money};
use crate::order::{Channel, CustomerInfo, LineDraft};
use crate::order::{Order, OrderId};
use crate::product::Product;
use crate::state::Snapshot;
use crate::stock::{StockLevel, StockMovement};
use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;

/// A mainland address that passes validation.
pub fn hangzhou() -> Address {
    Address {
        country: "CN".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        district: "西湖区".into(),
        line1: "龙井路 1 号".into(),
        ..Address::default()
    }
}

/// A phone order for `customer`: one line, 2 × TEA at ¥168.00, no address.
pub fn phone_order(customer: &str) -> OrderDraft {
    OrderDraft {
        channel: Channel::Phone,
        external_ref: None,
        customer: CustomerInfo {
            name: customer.into(),
            phone: Some("13812345678".into()),
            email: None,
        },
        ship_to: None,
        currency: Currency::CNY,
        lines: vec![LineDraft {
            sku: "TEA".into(),
            name: "Tea".into(),
            quantity: 2,
            unit_price: 16_800,
        }],
        priority: 0,
        tags: Vec::new(),
        promised_at: None,
    }
}

/// An active product sold at `price_minor` CNY, 300 g, category "food", no barcode.
pub fn product(sku: &str, price_minor: i64) -> Product {
    Product {
        sku: sku.into(),
        barcode: None,
        name: sku.into(),
        price: Money::new(price_minor, Currency::CNY),
        weight_g: 300,
        dimensions: None,
        category: "food".into(),
        safety_stock: 0,
        reorder_point: 0,
        reorder_quantity: 0,
        lead_time_days: 0,
        active: true,
        version: 0,
        rev: None,
    }
}

/// The command that puts the product [`phone_order`] sells (TEA at ¥168.00) in the
/// catalogue, so its orders pass validation.
pub fn save_tea() -> Command {
    Command::SaveProduct(Box::new(product("TEA", 16_800)))
}

/// The command that saves warehouse SH-01 (Shanghai, region 上海市, no bins).
pub fn save_shanghai() -> Command {
    save_warehouse("SH-01", "上海市")
}

/// The command that saves a warehouse without bins, named after its code.
pub fn save_warehouse(code: &str, region: &str) -> Command {
    Command::SaveLocation(Box::new(warehouse(code, region)))
}

/// A new warehouse without bins, named after its code.
pub fn warehouse(code: &str, region: &str) -> crate::location::Location {
    crate::location::Location {
        code: code.into(),
        name: code.into(),
        region: region.into(),
        bins: Vec::new(),
        version: 0,
        rev: None,
    }
}

/// A new warehouse whose one bin, A-01, holds TEA.
pub fn warehouse_with_tea_in_a01(code: &str, region: &str) -> crate::location::Location {
    crate::location::Location {
        bins: vec![crate::location::Bin {
            code: "A-01".into(),
            walk_order: 1,
            skus: vec!["TEA".into()],
        }],
        ..warehouse(code, region)
    }
}

/// A whole, in-memory back office for scenario tests: it applies commands like the store
/// does, keeps the stock ledger, and moves its clock five minutes per command.
#[derive(Debug)]
pub struct Desk {
    pub state: Snapshot,
    pub ledger: Vec<StockMovement>,
    pub minutes: i64,
}

impl Default for Desk {
    fn default() -> Self {
        Desk {
            state: Snapshot::complete(),
            ledger: Vec::new(),
            minutes: 0,
        }
    }
}

impl Desk {
    /// The time of the next command: 2026-12-04 09:00 UTC plus five minutes per command.
    pub fn ctx(&mut self, actor: &str) -> Context {
        self.minutes += 5;
        Context {
            now: Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap()
                + Duration::minutes(self.minutes),
            actor: actor.into(),
            // A distinct operation id per command, like the store's.
            op: Some(crate::operation::OpId(Uuid::from_u128(
                0x0D35_u128 << 64 | self.minutes as u128,
            ))),
        }
    }

    /// Applies `command` as `actor`; a refusal changes nothing.
    pub fn run(&mut self, actor: &str, command: Command) -> Result<Vec<Effect>, DomainError> {
        self.run_observed(actor, command, |_, _| {})
    }

    /// Like [`Desk::run`], showing `observe` the effects and the state they replace
    /// before they are stored (for incremental rollups).
    pub fn run_observed(
        &mut self,
        actor: &str,
        command: Command,
        observe: impl FnOnce(&Snapshot, &[Effect]),
    ) -> Result<Vec<Effect>, DomainError> {
        let ctx = self.ctx(actor);
        self.state.take_reads();
        let effects = apply(&self.state, &command, &ctx)?;
        // The store relies on this to know what a rejected operation may have changed.
        let reads = self.state.take_reads();
        for effect in &effects {
            let key = effect.entity().key();
            assert!(
                reads.contains(&key),
                "{command:?} wrote {key:?} without reading it"
            );
        }
        observe(&self.state, &effects);
        for effect in &effects {
            if let Effect::StockSaved { movement, .. } = effect {
                self.ledger.push(movement.clone());
            }
        }
        self.state.absorb(&effects);
        Ok(effects)
    }

    /// `save` (a whole-record save) as an edit of the record now stored, as a form that
    /// loaded it would send.
    pub fn edit(&self, save: Command) -> Command {
        let key = crate::catalogue::saved_record(&save)
            .expect("a whole-record save")
            .key();
        crate::catalogue::on_top_of(&save, self.state.get(&key)).expect("a whole-record save")
    }

    pub fn order(&self, id: OrderId) -> Order {
        self.state.order(&id).expect("the order exists")
    }

    pub fn level(&self, sku: &str, location: &str) -> StockLevel {
        self.state.stock_level(sku, location)
    }
}

/// The order of [`shipped`].
pub const SHIPPED_ORDER: OrderId = OrderId(Uuid::from_u128(1));
/// Its pick list and its parcel.
pub const SHIPPED_PICK_LIST: Uuid = Uuid::from_u128(0xA1);
pub const SHIPPED_PARCEL: Uuid = Uuid::from_u128(0xB1);

/// A desk on which order SO-1 (2 × TEA at ¥168 for 孙丽, to Hangzhou) has gone the whole
/// way from intake to the carrier: received stock at SH-01, validated, confirmed,
/// allocated, picked, packed into [`SHIPPED_PARCEL`] and shipped with SF (tracking `SF1`).
pub fn shipped() -> Desk {
    let mut desk = Desk::default();
    for command in shipped_commands() {
        desk.run("staff", command)
            .expect("the shipped scenario runs");
    }
    desk
}

/// The commands of [`shipped`], in order.
pub fn shipped_commands() -> Vec<Command> {
    use crate::command::{AllocateAt, CreateOrder, OrderRef, StockReceipt};
    use crate::fulfilment::{CreatePickList, PackOrder, ScanPick, ShipShipment};
    let mut draft = phone_order("孙丽");
    draft.ship_to = Some(hangzhou());
    let r = OrderRef {
        order_id: SHIPPED_ORDER,
    };
    vec![
        save_tea(),
        save_shanghai(),
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: "SH-01".into(),
            quantity: 10,
            reference: None,
            bin: None,
        }),
        Command::CreateOrder(Box::new(CreateOrder {
            id: SHIPPED_ORDER,
            number: "SO-1".into(),
            order: draft,
        })),
        Command::ValidateOrder(r.clone()),
        Command::ConfirmOrder(r),
        Command::AllocateOrder(AllocateAt {
            order_id: SHIPPED_ORDER,
            location: "SH-01".into(),
        }),
        Command::CreatePickList(CreatePickList {
            id: SHIPPED_PICK_LIST,
            location: "SH-01".into(),
            order_ids: vec![SHIPPED_ORDER],
        }),
        Command::ScanPick(ScanPick {
            pick_list_id: SHIPPED_PICK_LIST,
            code: "TEA".into(),
            quantity: 2,
        }),
        Command::PackOrder(PackOrder {
            order_id: SHIPPED_ORDER,
            pick_list_id: SHIPPED_PICK_LIST,
            shipment_id: SHIPPED_PARCEL,
            checked: Vec::new(),
        }),
        Command::ShipShipment(ShipShipment {
            shipment_id: SHIPPED_PARCEL,
            carrier: "SF".into(),
            service: "standard".into(),
            tracking_number: "SF1".into(),
        }),
    ]
}

/// The wire names of every [`Command`] variant (`order.create`, …), read from the enum's
/// source so that a new variant cannot be forgotten by a test that must cover them all.
pub fn command_types() -> Vec<&'static str> {
    let source = include_str!("command.rs");
    let start = source.find("pub enum Command {").expect("the enum");
    let end = start + source[start..].find("\n}\n").expect("its end");
    source[start..end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix("#[serde(rename = \""))
        .map(|l| l.trim_end_matches("\")]"))
        .collect()
}
