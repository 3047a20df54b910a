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
    }
}

/// The command that puts the product [`phone_order`] sells (TEA at ¥168.00) in the
/// catalogue, so its orders pass validation.
pub fn save_tea() -> Command {
    Command::SaveProduct(Box::new(product("TEA", 16_800)))
}

/// The command that saves warehouse SH-01 (Shanghai, region 上海市, no bins).
pub fn save_shanghai() -> Command {
    Command::SaveLocation(Box::new(crate::location::Location {
        code: "SH-01".into(),
        name: "Shanghai".into(),
        region: "上海市".into(),
        bins: Vec::new(),
        version: 0,
    }))
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

    pub fn order(&self, id: OrderId) -> Order {
        self.state.order(&id).expect("the order exists")
    }

    pub fn level(&self, sku: &str, location: &str) -> StockLevel {
        self.state.stock_level(sku, location)
    }
}
