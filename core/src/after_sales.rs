//! After-sales commands: exceptions (open with an owner and an SLA, reassign, resolve),
//! returns and exchanges ([`crate::return_case`]), and ratings.

use crate::command::{Context, CreateOrder, DomainError, Effect, OrderDraft, State, new_order};
use crate::exception::{Exception, ExceptionKind, ExceptionStatus};
use crate::money::Money;
use crate::order::{LineDraft, Order, OrderId};
use crate::order_lifecycle::{status_before, transition};
use crate::rating::Rating;
use crate::return_case::{ReturnCase, ReturnHistory, ReturnLine, ReturnReason, ReturnStatus};
use crate::state::Entity;
use crate::status::OrderStatus;
use crate::stock::Movement;
use crate::stock_commands::moved;
use crate::validation::{Issue, IssueCode, check_text};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenException {
    pub id: Uuid,
    pub kind: ExceptionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignException {
    pub id: Uuid,
    pub owner: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveException {
    pub id: Uuid,
    /// A stable code such as `reshipped`, `refunded`, `address_corrected`.
    pub code: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequestLine {
    pub line_no: u32,
    pub quantity: u32,
    pub reason: ReturnReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestReturn {
    pub id: Uuid,
    pub order_id: OrderId,
    pub lines: Vec<ReturnRequestLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Approve a return, or (with a reason) refuse it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideReturn {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiveReturn {
    pub id: Uuid,
    pub location: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInspection {
    pub line_no: u32,
    pub restock: u32,
    pub scrap: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectReturn {
    pub id: Uuid,
    pub lines: Vec<LineInspection>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundReturn {
    pub id: Uuid,
    /// In minor units of the order's currency.
    pub amount: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeReturn {
    pub id: Uuid,
    /// The new order's id and number, chosen by the caller.
    pub order_id: OrderId,
    pub number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRating {
    pub order_id: OrderId,
    pub score: u8,
    #[serde(default)]
    pub comment: String,
}

const MAX_TEXT: usize = 1000;

fn not_found(entity: &'static str, id: impl ToString) -> DomainError {
    DomainError::NotFound {
        entity,
        id: id.to_string(),
    }
}

fn order_of(state: &impl State, id: OrderId) -> Result<Order, DomainError> {
    state.order(&id).ok_or(DomainError::OrderNotFound(id))
}

fn text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    let mut issues = Vec::new();
    check_text(&mut issues, field, value, max);
    if issues.is_empty() {
        Ok(value.trim().to_owned())
    } else {
        Err(DomainError::Invalid(issues))
    }
}

pub fn open_exception(
    state: &impl State,
    o: &OpenException,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    if state.exception(o.id).is_some() {
        return Err(DomainError::Exists {
            entity: "exception",
            id: o.id.to_string(),
        });
    }
    let detail = text("detail", &o.detail, MAX_TEXT)?;
    let owner = match &o.owner {
        Some(owner) => Some(text("owner", owner, crate::command::MAX_NAME)?),
        None => None,
    };
    let mut effects = Vec::new();
    if let Some(order_id) = o.order_id {
        let order = order_of(state, order_id)?;
        if o.kind.stops_the_order() && order.status.can_move_to(OrderStatus::Exception) {
            let reason = format!("{}: {detail}", o.kind.as_str());
            effects.push(Effect::order(transition(
                order,
                OrderStatus::Exception,
                Some(reason),
                ctx,
            )?));
        }
    }
    effects.push(Effect::Saved(Entity::Exception(Box::new(Exception {
        id: o.id,
        kind: o.kind,
        order_id: o.order_id,
        op_id: None,
        detail,
        status: ExceptionStatus::Open,
        opened_at: ctx.now,
        owner,
        due_at: Some(ctx.now + Duration::hours(o.kind.sla_hours())),
        resolution: None,
        version: 1,
    }))));
    Ok(effects)
}

fn open_exception_of(state: &impl State, id: Uuid) -> Result<Exception, DomainError> {
    let exception = state
        .exception(id)
        .ok_or_else(|| not_found("exception", id))?
        .clone();
    if exception.status != ExceptionStatus::Open {
        return Err(DomainError::Exists {
            entity: "resolution",
            id: id.to_string(),
        });
    }
    Ok(exception)
}

pub fn assign_exception(
    state: &impl State,
    a: &AssignException,
    _ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut exception = open_exception_of(state, a.id)?;
    exception.owner = Some(text("owner", &a.owner, crate::command::MAX_NAME)?);
    exception.version += 1;
    Ok(vec![Effect::Saved(Entity::Exception(Box::new(exception)))])
}

/// Resolves an exception; an order it stopped goes back to where it was.
pub fn resolve_exception(
    state: &impl State,
    r: &ResolveException,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let exception = open_exception_of(state, r.id)?;
    let code = text("code", &r.code, crate::product::MAX_CODE)?;
    let mut effects = Vec::new();
    if let Some(order_id) = exception.order_id {
        let order = order_of(state, order_id)?;
        if order.status == OrderStatus::Exception {
            let back = status_before(&order, OrderStatus::Exception);
            let reason = format!("resolved: {code}");
            effects.push(Effect::order(transition(order, back, Some(reason), ctx)?));
        }
    }
    let exception = exception.resolved(&code, &r.note, ctx.now, &ctx.actor);
    effects.push(Effect::Saved(Entity::Exception(Box::new(exception))));
    Ok(effects)
}

fn case_of(state: &impl State, id: Uuid) -> Result<ReturnCase, DomainError> {
    state
        .return_case(id)
        .cloned()
        .ok_or_else(|| not_found("return", id))
}

/// Moves a case along its table, recording who, when and why.
fn move_case(
    mut case: ReturnCase,
    to: ReturnStatus,
    note: Option<String>,
    ctx: &Context,
) -> Result<ReturnCase, DomainError> {
    let from = case.status;
    if !from.can_move_to(to) {
        return Err(DomainError::ReturnRefused {
            from: from.as_str(),
            to: to.as_str(),
        });
    }
    case.status = to;
    case.version += 1;
    case.history.push(ReturnHistory {
        at: ctx.now,
        actor: ctx.actor.clone(),
        from: Some(from),
        to,
        note,
    });
    Ok(case)
}

fn saved_case(case: ReturnCase) -> Effect {
    Effect::Saved(Entity::ReturnCase(Box::new(case)))
}

pub fn request_return(
    state: &impl State,
    r: &RequestReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    if state.return_case(r.id).is_some() {
        return Err(DomainError::Exists {
            entity: "return",
            id: r.id.to_string(),
        });
    }
    let order = order_of(state, r.order_id)?;
    let mut issues = Vec::new();
    if r.lines.is_empty() {
        issues.push(Issue::new(IssueCode::NoLines, "lines"));
    }
    let mut lines = Vec::new();
    for (i, asked) in r.lines.iter().enumerate() {
        let Some(line) = order.lines.iter().find(|l| l.line_no == asked.line_no) else {
            issues.push(Issue::new(
                IssueCode::Required,
                format!("lines[{i}].line_no"),
            ));
            continue;
        };
        let returnable = line.shipped - line.returned;
        if asked.quantity == 0 {
            issues.push(Issue::new(
                IssueCode::QuantityNotPositive,
                format!("lines[{i}].quantity"),
            ));
        } else if asked.quantity > returnable {
            issues.push(
                Issue::new(IssueCode::TooLarge, format!("lines[{i}].quantity"))
                    .with("max", returnable),
            );
        }
        lines.push(ReturnLine {
            line_no: line.line_no,
            sku: line.sku.clone(),
            quantity: asked.quantity,
            reason: asked.reason,
            restocked: 0,
            scrapped: 0,
        });
    }
    if !issues.is_empty() {
        return Err(DomainError::Invalid(issues));
    }
    let note = r.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    Ok(vec![saved_case(ReturnCase {
        id: r.id,
        order_id: order.id,
        lines,
        status: ReturnStatus::Requested,
        location: None,
        refund: None,
        exchange_order: None,
        created_at: ctx.now,
        history: vec![ReturnHistory {
            at: ctx.now,
            actor: ctx.actor.clone(),
            from: None,
            to: ReturnStatus::Requested,
            note: note.map(str::to_owned),
        }],
        version: 1,
    })])
}

pub fn approve_return(
    state: &impl State,
    d: &DecideReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let case = case_of(state, d.id)?;
    Ok(vec![saved_case(move_case(
        case,
        ReturnStatus::Approved,
        None,
        ctx,
    )?)])
}

pub fn refuse_return(
    state: &impl State,
    d: &DecideReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let case = case_of(state, d.id)?;
    let reason = crate::order_lifecycle::reason(d.reason.as_deref().unwrap_or(""))?;
    Ok(vec![saved_case(move_case(
        case,
        ReturnStatus::Refused,
        Some(reason),
        ctx,
    )?)])
}

/// The goods arrived: the order lines' `returned` buckets grow.
pub fn receive_return(
    state: &impl State,
    r: &ReceiveReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let location = text("location", &r.location, crate::product::MAX_CODE)?;
    let mut case = move_case(case_of(state, r.id)?, ReturnStatus::Received, None, ctx)?;
    let mut order = order_of(state, case.order_id)?;
    for returned in &case.lines {
        let line = order
            .lines
            .iter_mut()
            .find(|l| l.line_no == returned.line_no)
            .ok_or_else(|| not_found("order_line", returned.line_no))?;
        if line.returned + returned.quantity > line.shipped {
            return Err(DomainError::Invalid(vec![
                Issue::new(
                    IssueCode::TooLarge,
                    format!("lines[{}].quantity", returned.line_no),
                )
                .with("max", line.shipped - line.returned),
            ]));
        }
        line.returned += returned.quantity;
    }
    order.version += 1;
    order.updated_at = ctx.now;
    case.location = Some(location);
    Ok(vec![Effect::order(order), saved_case(case)])
}

/// Each returned unit is restocked (a `return` movement puts it back on hand) or scrapped.
pub fn inspect_return(
    state: &impl State,
    i: &InspectReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let mut case = move_case(case_of(state, i.id)?, ReturnStatus::Inspected, None, ctx)?;
    let location = case.location.clone().unwrap_or_default();
    let mut issues = Vec::new();
    for (n, line) in case.lines.iter_mut().enumerate() {
        let found = i.lines.iter().find(|x| x.line_no == line.line_no);
        let (restock, scrap) = found.map(|x| (x.restock, x.scrap)).unwrap_or((0, 0));
        if restock + scrap != line.quantity {
            issues.push(
                Issue::new(IssueCode::QuantityMismatch, format!("lines[{n}]"))
                    .with("expected", line.quantity),
            );
        }
        line.restocked = restock;
        line.scrapped = scrap;
    }
    if !issues.is_empty() {
        return Err(DomainError::Invalid(issues));
    }
    let mut effects = Vec::new();
    let mut per_sku: Vec<(String, u32)> = Vec::new();
    for line in case.lines.iter().filter(|l| l.restocked > 0) {
        match per_sku.iter_mut().find(|(sku, _)| *sku == line.sku) {
            Some((_, q)) => *q += line.restocked,
            None => per_sku.push((line.sku.clone(), line.restocked)),
        }
    }
    let warehouse = state.location(&location).cloned();
    for (sku, quantity) in per_sku {
        let level = state.stock_level(&sku, &location);
        // Restocked units go back to the SKU's slot.
        let bin = warehouse
            .as_ref()
            .and_then(|w| w.bin_of(&sku))
            .map(|b| b.code.as_str());
        let movement = Movement::Return {
            quantity: i64::from(quantity),
        };
        let reference = Some(format!("return {}", case.id));
        effects.push(moved(level, bin, movement, reference, ctx).map_err(DomainError::StockRule)?);
    }
    effects.push(saved_case(case));
    Ok(effects)
}

/// Refunds at most what was paid for the returned units.
pub fn refund_return(
    state: &impl State,
    r: &RefundReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let case = case_of(state, r.id)?;
    let order = order_of(state, case.order_id)?;
    let paid: i64 = case
        .lines
        .iter()
        .filter_map(|rl| {
            let line = order.lines.iter().find(|l| l.line_no == rl.line_no)?;
            line.unit_price.times(rl.quantity).map(|m| m.amount)
        })
        .sum();
    if r.amount < 0 {
        return Err(DomainError::Invalid(vec![Issue::new(
            IssueCode::PriceNegative,
            "amount",
        )]));
    }
    if r.amount > paid {
        return Err(DomainError::Invalid(vec![
            Issue::new(IssueCode::TooLarge, "amount").with("max", paid),
        ]));
    }
    let mut case = move_case(case, ReturnStatus::Refunded, None, ctx)?;
    case.refund = Some(Money::new(r.amount, order.currency));
    Ok(vec![saved_case(case)])
}

/// Sends the same items again as a new order at no charge, linked to the case.
pub fn exchange_return(
    state: &impl State,
    x: &ExchangeReturn,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let case = case_of(state, x.id)?;
    let original = order_of(state, case.order_id)?;
    let lines = case
        .lines
        .iter()
        .map(|rl| {
            let name = original
                .lines
                .iter()
                .find(|l| l.line_no == rl.line_no)
                .map(|l| l.name.clone())
                .unwrap_or_else(|| rl.sku.clone());
            LineDraft {
                sku: rl.sku.clone(),
                name,
                quantity: rl.quantity,
                unit_price: 0,
            }
        })
        .collect();
    let mut case = move_case(case, ReturnStatus::Exchanged, None, ctx)?;
    let mut replacement = new_order(
        state,
        &CreateOrder {
            id: x.order_id,
            number: x.number.clone(),
            order: OrderDraft {
                channel: original.channel,
                external_ref: None,
                customer: original.customer.clone(),
                ship_to: original.ship_to.clone(),
                currency: original.currency,
                lines,
                priority: original.priority,
                tags: vec!["exchange".into()],
                promised_at: None,
            },
        },
        ctx,
    )?;
    replacement.history[0].reason = Some(format!(
        "exchange for {} (return {})",
        original.number, case.id
    ));
    case.exchange_order = Some(replacement.id);
    Ok(vec![Effect::order(replacement), saved_case(case)])
}

pub fn record_rating(
    state: &impl State,
    r: &RecordRating,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let order = order_of(state, r.order_id)?;
    if !(1..=5).contains(&r.score) {
        return Err(DomainError::Invalid(vec![
            Issue::new(IssueCode::OutOfRange, "score")
                .with("min", 1)
                .with("max", 5),
        ]));
    }
    if !matches!(order.status, OrderStatus::Delivered | OrderStatus::Closed) {
        return Err(DomainError::TransitionRefused {
            from: order.status,
            to: OrderStatus::Delivered,
        });
    }
    let comment = r.comment.trim();
    if comment.chars().count() > MAX_TEXT {
        return Err(DomainError::Invalid(vec![
            Issue::new(IssueCode::TooLong, "comment").with("max", MAX_TEXT),
        ]));
    }
    let version = state.rating(r.order_id).map_or(0, |old| old.version) + 1;
    Ok(vec![Effect::Saved(Entity::Rating(Rating {
        order_id: r.order_id,
        score: r.score,
        comment: comment.to_owned(),
        at: ctx.now,
        version,
    }))])
}
