//! Pick, pack, ship, deliver: the fulfilment commands.
//!
//! - `pick_list.create` gathers what is allocated at one location for one order or a wave
//!   and moves the orders to `picking`.
//! - `pick.scan` confirms units by barcode: a stock `pick` movement (reserved → picked)
//!   and the orders' `picked` buckets move together.
//! - `order.pack` closes one package of an order from a pick list, gated by the packing
//!   checklist of every product category in it; the package weighs what its products do.
//! - `shipment.ship` hands it to a carrier with a tracking number (stock `ship`
//!   movements); `shipment.deliver` confirms delivery.
//!
//! An order moves to `packed`, `shipped` or `delivered` only when every open unit has.

use crate::command::{Context, DomainError, Effect, State};
use crate::line_buckets::{Stage, stage};
use crate::order::{Order, OrderId, PickListRef};
use crate::order_lifecycle::transition;
use crate::pick_list;
use crate::shipment::{Shipment, ShipmentLine, ShipmentStatus};
use crate::state::Entity;
use crate::status::OrderStatus;
use crate::stock::Movement;
use crate::stock_commands::moved;
use crate::validation::{Issue, IssueCode, check_text};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatePickList {
    pub id: Uuid,
    pub location: String,
    /// One order, or a wave of several.
    pub order_ids: Vec<OrderId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanPick {
    pub pick_list_id: Uuid,
    /// What the scanner read (a barcode), or the SKU typed by hand.
    pub code: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackOrder {
    pub order_id: OrderId,
    pub pick_list_id: Uuid,
    /// The new shipment's id, chosen by the caller (retries stay idempotent).
    pub shipment_id: Uuid,
    /// Checklist items the packer confirmed.
    #[serde(default)]
    pub checked: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipShipment {
    pub shipment_id: Uuid,
    pub carrier: String,
    pub service: String,
    pub tracking_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverShipment {
    pub shipment_id: Uuid,
}

const MAX_WAVE: usize = 200;

fn order_of(state: &impl State, id: OrderId) -> Result<Order, DomainError> {
    state.order(&id).ok_or(DomainError::OrderNotFound(id))
}

fn not_found(entity: &'static str, id: impl ToString) -> DomainError {
    DomainError::NotFound {
        entity,
        id: id.to_string(),
    }
}

/// A change that is not a status change: a new version, the same history.
fn touched(mut order: Order, ctx: &Context) -> Order {
    order.version += 1;
    order.updated_at = ctx.now;
    order
}

/// Moves `order` to `to` if it is not there yet, else just records the change.
fn advance(order: Order, to: OrderStatus, ctx: &Context) -> Result<Order, DomainError> {
    if order.status == to {
        Ok(touched(order, ctx))
    } else {
        transition(order, to, None, ctx)
    }
}

pub fn create_pick_list(
    state: &impl State,
    c: &CreatePickList,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    if c.order_ids.is_empty() || c.order_ids.len() > MAX_WAVE {
        return Err(DomainError::Invalid(vec![
            Issue::new(IssueCode::Required, "order_ids").with("max", MAX_WAVE),
        ]));
    }
    if state.pick_list(c.id).is_some() {
        return Err(DomainError::Exists {
            entity: "pick_list",
            id: c.id.to_string(),
        });
    }
    let location = state
        .location(&c.location)
        .ok_or_else(|| not_found("location", &c.location))?
        .clone();
    let mut orders = Vec::with_capacity(c.order_ids.len());
    for id in &c.order_ids {
        if orders.iter().any(|o: &Order| o.id == *id) {
            continue;
        }
        let order = order_of(state, *id)?;
        if !matches!(
            order.status,
            OrderStatus::Allocated | OrderStatus::PartiallyAllocated | OrderStatus::Picking
        ) {
            return Err(DomainError::TransitionRefused {
                from: order.status,
                to: OrderStatus::Picking,
            });
        }
        if order.pick_lists.iter().any(|p| p.location == c.location) {
            return Err(DomainError::AlreadyOnPickList {
                order: order.number.clone(),
                location: c.location.clone(),
            });
        }
        orders.push(order);
    }
    let barcode = |sku: &str| state.product(sku).and_then(|p| p.barcode.clone());
    let list = pick_list::build(c.id, &location, &orders, barcode, ctx)?;
    let mut effects = Vec::with_capacity(orders.len() + 1);
    for mut order in orders {
        order.pick_lists.push(PickListRef {
            id: c.id,
            location: c.location.clone(),
        });
        effects.push(Effect::order(advance(order, OrderStatus::Picking, ctx)?));
    }
    effects.push(Effect::Saved(Entity::PickList(Box::new(list))));
    Ok(effects)
}

pub fn scan(state: &impl State, s: &ScanPick, ctx: &Context) -> Result<Vec<Effect>, DomainError> {
    let mut list = state
        .pick_list(s.pick_list_id)
        .ok_or_else(|| not_found("pick_list", s.pick_list_id))?
        .clone();
    let scanned = list.scan(&s.code, s.quantity)?;
    let mut orders: Vec<Order> = Vec::new();
    for (order_id, line_no, quantity) in &scanned.per_order_line {
        if !orders.iter().any(|o| o.id == *order_id) {
            let order = order_of(state, *order_id)?;
            if order.status != OrderStatus::Picking {
                return Err(DomainError::TransitionRefused {
                    from: order.status,
                    to: OrderStatus::Picking,
                });
            }
            orders.push(order);
        }
        let order = orders.iter_mut().find(|o| o.id == *order_id);
        let line = order
            .and_then(|o| o.lines.iter_mut().find(|l| l.line_no == *line_no))
            .ok_or_else(|| not_found("order_line", format!("{order_id}#{line_no}")))?;
        line.picked += quantity;
    }
    let reference = if orders.len() == 1 {
        orders[0].number.clone()
    } else {
        format!("pick list {}", list.id)
    };
    let level = state.stock_level(&scanned.sku, &list.location);
    let movement = Movement::Pick {
        quantity: i64::from(scanned.quantity),
    };
    let stock = moved(
        level,
        scanned.bin.as_deref(),
        movement,
        Some(reference),
        ctx,
    )
    .map_err(DomainError::StockRule)?;
    list.version += 1;
    let mut effects = vec![stock];
    effects.extend(orders.into_iter().map(|o| Effect::order(touched(o, ctx))));
    effects.push(Effect::Saved(Entity::PickList(Box::new(list))));
    Ok(effects)
}

pub fn pack(state: &impl State, p: &PackOrder, ctx: &Context) -> Result<Vec<Effect>, DomainError> {
    if state.shipment(p.shipment_id).is_some() {
        return Err(DomainError::Exists {
            entity: "shipment",
            id: p.shipment_id.to_string(),
        });
    }
    let mut order = order_of(state, p.order_id)?;
    if order.status != OrderStatus::Picking {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Packed,
        });
    }
    let list = state
        .pick_list(p.pick_list_id)
        .ok_or_else(|| not_found("pick_list", p.pick_list_id))?;
    if !list.orders.contains(&order.id) {
        return Err(not_found(
            "pick_list_order",
            format!("{} on {}", order.number, list.id),
        ));
    }
    let remaining = list.remaining_for(order.id);
    if remaining > 0 {
        return Err(DomainError::NotPicked {
            order: order.number.clone(),
            remaining,
        });
    }
    let mut lines = Vec::new();
    let mut weight_g: u64 = 0;
    let mut categories: Vec<String> = Vec::new();
    for (line_no, sku, picked) in list.picked_for(order.id) {
        let product = state
            .product(&sku)
            .ok_or_else(|| not_found("product", &sku))?;
        weight_g += u64::from(product.weight_g) * u64::from(picked);
        if !categories.contains(&product.category) {
            categories.push(product.category.clone());
        }
        lines.push(ShipmentLine {
            line_no,
            sku,
            quantity: picked,
        });
    }
    if order.shipments.iter().any(|s| {
        state
            .shipment(*s)
            .is_some_and(|s| s.location == list.location)
    }) {
        return Err(DomainError::Exists {
            entity: "shipment",
            id: format!("{} from {}", order.number, list.location),
        });
    }
    let checked: Vec<String> = p.checked.iter().map(|c| c.trim().to_owned()).collect();
    for category in &categories {
        if let Some(checklist) = state.checklist(category) {
            let missing = checklist.unchecked(&checked);
            if !missing.is_empty() {
                return Err(DomainError::ChecklistIncomplete {
                    category: category.clone(),
                    missing: missing.into_iter().map(str::to_owned).collect(),
                });
            }
        }
    }
    for packed in &lines {
        if let Some(line) = order.lines.iter_mut().find(|l| l.line_no == packed.line_no) {
            line.packed += packed.quantity;
        }
    }
    order.shipments.push(p.shipment_id);
    let order = if stage(&order.lines) == Stage::Packed {
        transition(order, OrderStatus::Packed, None, ctx)?
    } else {
        touched(order, ctx)
    };
    let shipment = Shipment {
        id: p.shipment_id,
        order_id: order.id,
        location: list.location.clone(),
        lines,
        weight_g,
        status: ShipmentStatus::Packed,
        checked,
        packed_at: ctx.now,
        packed_by: ctx.actor.clone(),
        carrier: None,
        service: None,
        tracking_number: None,
        shipped_at: None,
        delivered_at: None,
        version: 1,
    };
    Ok(vec![
        Effect::order(order),
        Effect::Saved(Entity::Shipment(Box::new(shipment))),
    ])
}

fn shipment_in(
    state: &impl State,
    id: Uuid,
    expected: ShipmentStatus,
) -> Result<Shipment, DomainError> {
    let shipment = state
        .shipment(id)
        .ok_or_else(|| not_found("shipment", id))?
        .clone();
    if shipment.status != expected {
        return Err(DomainError::ShipmentState {
            shipment: id,
            status: shipment.status.as_str(),
            expected: expected.as_str(),
        });
    }
    Ok(shipment)
}

pub fn ship(
    state: &impl State,
    s: &ShipShipment,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut issues = Vec::new();
    check_text(&mut issues, "carrier", &s.carrier, 64);
    check_text(&mut issues, "service", &s.service, 64);
    check_text(&mut issues, "tracking_number", &s.tracking_number, 64);
    if !issues.is_empty() {
        return Err(DomainError::Invalid(issues));
    }
    let mut shipment = shipment_in(state, s.shipment_id, ShipmentStatus::Packed)?;
    let mut order = order_of(state, shipment.order_id)?;
    if !matches!(order.status, OrderStatus::Picking | OrderStatus::Packed) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Shipped,
        });
    }
    let mut effects = Vec::new();
    let mut per_sku: Vec<(String, u32)> = Vec::new();
    for line in &shipment.lines {
        if let Some(l) = order.lines.iter_mut().find(|l| l.line_no == line.line_no) {
            l.shipped += line.quantity;
        }
        match per_sku.iter_mut().find(|(sku, _)| *sku == line.sku) {
            Some((_, q)) => *q += line.quantity,
            None => per_sku.push((line.sku.clone(), line.quantity)),
        }
    }
    for (sku, quantity) in per_sku {
        let level = state.stock_level(&sku, &shipment.location);
        let movement = Movement::Ship {
            quantity: i64::from(quantity),
        };
        let reference = Some(s.tracking_number.trim().to_owned());
        effects.push(moved(level, None, movement, reference, ctx).map_err(DomainError::StockRule)?);
    }
    let order = if stage(&order.lines) == Stage::Shipped {
        transition(order, OrderStatus::Shipped, None, ctx)?
    } else {
        touched(order, ctx)
    };
    shipment.status = ShipmentStatus::Shipped;
    shipment.carrier = Some(s.carrier.trim().to_owned());
    shipment.service = Some(s.service.trim().to_owned());
    shipment.tracking_number = Some(s.tracking_number.trim().to_owned());
    shipment.shipped_at = Some(ctx.now);
    shipment.version += 1;
    effects.push(Effect::order(order));
    effects.push(Effect::Saved(Entity::Shipment(Box::new(shipment))));
    Ok(effects)
}

pub fn deliver(
    state: &impl State,
    d: &DeliverShipment,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut shipment = shipment_in(state, d.shipment_id, ShipmentStatus::Shipped)?;
    let order = order_of(state, shipment.order_id)?;
    shipment.status = ShipmentStatus::Delivered;
    shipment.delivered_at = Some(ctx.now);
    shipment.version += 1;
    let others_delivered = order
        .shipments
        .iter()
        .filter(|id| **id != shipment.id)
        .all(|id| {
            state
                .shipment(*id)
                .is_some_and(|s| s.status == ShipmentStatus::Delivered)
        });
    let order = if others_delivered && order.status == OrderStatus::Shipped {
        transition(order, OrderStatus::Delivered, None, ctx)?
    } else {
        touched(order, ctx)
    };
    Ok(vec![
        Effect::order(order),
        Effect::Saved(Entity::Shipment(Box::new(shipment))),
    ])
}
