//! Stock commands: receipts, corrections and allocating an order at a location. Each
//! produces the new level with the movement that explains it; a refusal names the rule.

use crate::command::{AllocateAt, Context, DomainError, Effect, State};
use crate::order_lifecycle::transition;
use crate::status::OrderStatus;
use crate::stock::{Movement, StockError, StockLevel, StockMovement};
use crate::validation::{Issue, IssueCode, check_text};

const MAX_CODE: usize = 64;

fn check_codes(sku: &str, location: &str) -> Result<(), DomainError> {
    let mut issues = Vec::new();
    check_text(&mut issues, "sku", sku, MAX_CODE);
    check_text(&mut issues, "location", location, MAX_CODE);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(issues))
    }
}

/// One movement on one level.
fn moved(
    current: StockLevel,
    sku: &str,
    location: &str,
    movement: Movement,
    reference: Option<String>,
    ctx: &Context,
) -> Result<Effect, StockError> {
    let level = current.level.apply(&movement)?;
    let version = current.version + 1;
    Ok(Effect::StockSaved {
        level: StockLevel {
            sku: sku.to_owned(),
            location: location.to_owned(),
            level,
            version,
        },
        movement: StockMovement {
            seq: version,
            sku: sku.to_owned(),
            location: location.to_owned(),
            movement,
            at: ctx.now,
            actor: ctx.actor.clone(),
            reference,
        },
    })
}

pub fn move_stock(
    state: &impl State,
    sku: &str,
    location: &str,
    movement: Movement,
    reference: Option<String>,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    check_codes(sku, location)?;
    let current = state.stock_level(sku, location);
    moved(current, sku, location, movement, reference, ctx)
        .map(|effect| vec![effect])
        .map_err(DomainError::StockRule)
}

/// Reserves every line of a confirmed order at `location`, or nothing: the first line the
/// stock cannot honour refuses the whole command with `insufficient_stock`.
pub fn allocate(
    state: &impl State,
    a: &AllocateAt,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let order = state
        .order(&a.order_id)
        .ok_or(DomainError::OrderNotFound(a.order_id))?;
    if a.location.trim().is_empty() {
        return Err(DomainError::Invalid(vec![Issue::new(
            IssueCode::Required,
            "location",
        )]));
    }
    if !order.status.can_move_to(OrderStatus::Allocated) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Allocated,
        });
    }
    // Two lines of one SKU reserve together.
    let mut demand: Vec<(String, i64)> = Vec::new();
    for line in &order.lines {
        match demand.iter_mut().find(|(sku, _)| *sku == line.sku) {
            Some((_, q)) => *q += i64::from(line.quantity),
            None => demand.push((line.sku.clone(), i64::from(line.quantity))),
        }
    }
    let mut effects = Vec::with_capacity(demand.len() + 1);
    for (sku, requested) in demand {
        let current = state.stock_level(&sku, &a.location);
        let available = current.level.available();
        let reserve = Movement::Reserve {
            quantity: requested,
        };
        let effect = moved(
            current,
            &sku,
            &a.location,
            reserve,
            Some(order.number.clone()),
            ctx,
        )
        .map_err(|_| DomainError::InsufficientStock {
            sku: sku.clone(),
            location: a.location.clone(),
            available,
            requested,
        })?;
        effects.push(effect);
    }
    let reason = format!("reserved at {}", a.location);
    effects.push(Effect::OrderSaved(transition(
        order,
        OrderStatus::Allocated,
        Some(reason),
        ctx,
    )?));
    Ok(effects)
}
