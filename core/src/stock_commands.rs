//! Stock commands: receipts, corrections and allocating an order at a location. Each
//! produces the new level with the movement that explains it; a refusal names the rule.

use crate::command::{AllocateAt, Context, DomainError, Effect, ReservePlan, State};
use crate::line_buckets::Stage;
use crate::order::{LineAllocation, Order, OrderId};
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

/// Stock is kept only for products in the catalogue and at warehouses that exist: a typo
/// in a SKU or a warehouse code must not start a ledger nobody can find. (Inactive
/// products still move: counts, corrections and returns of discontinued goods.)
fn check_known(state: &impl State, sku: &str, location: &str) -> Result<(), DomainError> {
    let mut issues = Vec::new();
    if state.product(sku).is_none() {
        issues.push(Issue::new(IssueCode::UnknownProduct, "sku").with("sku", sku));
    }
    if state.location(location).is_none() {
        issues.push(Issue::new(IssueCode::UnknownLocation, "location").with("location", location));
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(issues))
    }
}

/// One movement on one level, in `bin` when it is known: the new level and its ledger entry.
pub(crate) fn moved(
    current: StockLevel,
    bin: Option<&str>,
    movement: Movement,
    reference: Option<String>,
    ctx: &Context,
) -> Result<Effect, StockError> {
    let level = current.after(&movement, bin)?;
    Ok(Effect::StockSaved {
        movement: StockMovement {
            seq: level.version,
            sku: level.sku.clone(),
            location: level.location.clone(),
            movement,
            bin: bin.map(str::to_owned),
            at: ctx.now,
            actor: ctx.actor.clone(),
            reference,
        },
        level,
    })
}

/// A receipt, correction or count: one movement at `location`, in `bin` or, without one,
/// in the SKU's slot there (if it has one).
pub fn move_stock(
    state: &impl State,
    sku: &str,
    location: &str,
    bin: Option<&str>,
    movement: Movement,
    reference: Option<String>,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    check_codes(sku, location)?;
    check_known(state, sku, location)?;
    let warehouse = state.location(location).expect("checked above");
    let bin = match bin.map(str::trim) {
        Some(code) if !warehouse.bins.iter().any(|b| b.code == code) => {
            return Err(DomainError::Invalid(vec![
                Issue::new(IssueCode::UnknownBin, "bin")
                    .with("bin", code)
                    .with("location", location),
            ]));
        }
        Some(code) => Some(code.to_owned()),
        None => warehouse.bin_of(sku).map(|b| b.code.clone()),
    };
    let current = state.stock_level(sku, location);
    moved(current, bin.as_deref(), movement, reference, ctx)
        .map(|effect| vec![effect])
        .map_err(DomainError::StockRule)
}

/// Reserves what is still unallocated of every line at `location`, or nothing: the first
/// SKU the stock cannot honour refuses the whole command with `insufficient_stock`.
pub fn allocate(
    state: &impl State,
    a: &AllocateAt,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut order = state
        .order(&a.order_id)
        .ok_or(DomainError::OrderNotFound(a.order_id))?;
    if a.location.trim().is_empty() {
        return Err(DomainError::Invalid(vec![Issue::new(
            IssueCode::Required,
            "location",
        )]));
    }
    crate::order_lifecycle::expect_status(
        &order,
        &[
            OrderStatus::Confirmed,
            OrderStatus::Backordered,
            OrderStatus::PartiallyAllocated,
        ],
        OrderStatus::Allocated,
    )?;
    // Two lines of one SKU reserve together.
    let mut demand: Vec<(String, i64)> = Vec::new();
    for line in &mut order.lines {
        let wanted = line.open() - line.allocated;
        if wanted == 0 {
            continue;
        }
        match demand.iter_mut().find(|(sku, _)| *sku == line.sku) {
            Some((_, q)) => *q += i64::from(wanted),
            None => demand.push((line.sku.clone(), i64::from(wanted))),
        }
        line.allocated += wanted;
        match line
            .allocations
            .iter_mut()
            .find(|x| x.location == a.location)
        {
            Some(at) => at.quantity += wanted,
            None => line.allocations.push(LineAllocation {
                location: a.location.clone(),
                quantity: wanted,
            }),
        }
    }
    let mut effects = Vec::with_capacity(demand.len() + 1);
    for (sku, requested) in demand {
        let current = state.stock_level(&sku, &a.location);
        let available = current.level.available();
        let reserve = Movement::Reserve {
            quantity: requested,
        };
        let effect =
            moved(current, None, reserve, Some(order.number.clone()), ctx).map_err(|_| {
                DomainError::InsufficientStock {
                    sku: sku.clone(),
                    location: a.location.clone(),
                    available,
                    requested,
                }
            })?;
        effects.push(effect);
    }
    let reason = format!("reserved at {}", a.location);
    effects.push(Effect::order(transition(
        order,
        OrderStatus::Allocated,
        Some(reason),
        ctx,
    )?));
    Ok(effects)
}

/// Releases every reservation of `order` that is not picked, one movement per SKU and
/// location, and clears its allocations. Refuses when something is already picked.
fn release_all(
    state: &impl State,
    order: &mut Order,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let picked: u32 = order.lines.iter().map(|l| l.picked).sum();
    if picked > 0 {
        return Err(DomainError::UnitsPicked {
            order: order.number.clone(),
            picked,
        });
    }
    let mut release: Vec<(String, String, i64)> = Vec::new();
    for line in &mut order.lines {
        for at in line.allocations.drain(..) {
            match release
                .iter_mut()
                .find(|(sku, loc, _)| *sku == line.sku && *loc == at.location)
            {
                Some((_, _, q)) => *q += i64::from(at.quantity),
                None => release.push((line.sku.clone(), at.location, i64::from(at.quantity))),
            }
        }
        line.allocated = 0;
    }
    release
        .into_iter()
        .map(|(sku, location, quantity)| {
            let level = state.stock_level(&sku, &location);
            moved(
                level,
                None,
                Movement::Release { quantity },
                Some(order.number.clone()),
                ctx,
            )
            .map_err(DomainError::StockRule)
        })
        .collect()
}

/// Gives back an allocated order's reservations; it is `confirmed` again.
pub fn deallocate(
    state: &impl State,
    id: OrderId,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut order = state.order(&id).ok_or(DomainError::OrderNotFound(id))?;
    if !matches!(
        order.status,
        OrderStatus::Allocated | OrderStatus::PartiallyAllocated
    ) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Confirmed,
        });
    }
    let mut effects = release_all(state, &mut order, ctx)?;
    effects.push(Effect::order(transition(
        order,
        OrderStatus::Confirmed,
        None,
        ctx,
    )?));
    Ok(effects)
}

/// Cancels an order: its reservations go back to stock and every unit counts as
/// cancelled. Refused once anything is picked.
pub fn cancel(
    state: &impl State,
    mut order: Order,
    reason: String,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    if !order.status.can_move_to(OrderStatus::Cancelled) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Cancelled,
        });
    }
    let mut effects = release_all(state, &mut order, ctx)?;
    for line in &mut order.lines {
        line.cancelled = line.quantity;
    }
    effects.push(Effect::order(transition(
        order,
        OrderStatus::Cancelled,
        Some(reason),
        ctx,
    )?));
    Ok(effects)
}

/// Applies an allocation decision (usually from [`crate::allocation::allocate`]): reserves
/// each `(SKU, location, quantity)`, spreads it over the order's lines of that SKU, and
/// moves the order to `allocated`, `partially_allocated` or — nothing reserved —
/// `backordered`. Refused whole if any reservation cannot be honoured.
pub fn reserve(
    state: &impl State,
    plan: &ReservePlan,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut order = state
        .order(&plan.order_id)
        .ok_or(DomainError::OrderNotFound(plan.order_id))?;
    let waiting = [
        OrderStatus::Confirmed,
        OrderStatus::Backordered,
        OrderStatus::PartiallyAllocated,
    ];
    if !waiting.contains(&order.status) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Allocated,
        });
    }
    let mut effects = Vec::new();
    let mut issues = Vec::new();
    let mut merged: Vec<(String, String, i64)> = Vec::new();
    for (i, r) in plan.reservations.iter().enumerate() {
        if r.quantity == 0 {
            issues.push(Issue::new(
                IssueCode::QuantityNotPositive,
                format!("reservations[{i}].quantity"),
            ));
            continue;
        }
        check_codes(&r.sku, &r.location)?;
        let mut left = r.quantity;
        for line in order.lines.iter_mut().filter(|l| l.sku == r.sku) {
            let take = left.min(line.open() - line.allocated);
            if take == 0 {
                continue;
            }
            left -= take;
            line.allocated += take;
            match line
                .allocations
                .iter_mut()
                .find(|x| x.location == r.location)
            {
                Some(at) => at.quantity += take,
                None => line.allocations.push(LineAllocation {
                    location: r.location.clone(),
                    quantity: take,
                }),
            }
        }
        if left > 0 {
            issues.push(
                Issue::new(IssueCode::TooLarge, format!("reservations[{i}].quantity"))
                    .with("max", r.quantity - left),
            );
            continue;
        }
        // One movement per SKU and location, however the plan lists them.
        match merged
            .iter_mut()
            .find(|(sku, loc, _)| *sku == r.sku && *loc == r.location)
        {
            Some((_, _, q)) => *q += i64::from(r.quantity),
            None => merged.push((r.sku.clone(), r.location.clone(), i64::from(r.quantity))),
        }
    }
    if !issues.is_empty() {
        return Err(DomainError::Invalid(issues));
    }
    for (sku, location, requested) in merged {
        let current = state.stock_level(&sku, &location);
        let available = current.level.available();
        let movement = Movement::Reserve {
            quantity: requested,
        };
        effects.push(
            moved(current, None, movement, Some(order.number.clone()), ctx).map_err(|_| {
                DomainError::InsufficientStock {
                    sku: sku.clone(),
                    location: location.clone(),
                    available,
                    requested,
                }
            })?,
        );
    }
    let to = match crate::line_buckets::stage(&order.lines) {
        Stage::Allocated => OrderStatus::Allocated,
        Stage::PartiallyAllocated => OrderStatus::PartiallyAllocated,
        _ => OrderStatus::Backordered,
    };
    let reason = (!plan.explanation.is_empty()).then(|| plan.explanation.clone());
    let order = if order.status == to {
        // More stock for an order that stays partially allocated: a new version, no
        // new status.
        if effects.is_empty() {
            return Err(DomainError::TransitionRefused { from: to, to });
        }
        let mut order = order;
        order.version += 1;
        order.updated_at = ctx.now;
        order
    } else {
        transition(order, to, reason, ctx)?
    };
    effects.push(Effect::order(order));
    Ok(effects)
}
