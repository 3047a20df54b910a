//! Every mutation is a [`Command`], applied by [`apply`] to the current state.
//!
//! `apply` is pure: the caller passes what it knows of the state (a [`State`]), the time,
//! the actor; it gets back the [`Effect`]s to store, or a [`DomainError`] naming the rule
//! that refused the command. The console and the server run the same function.

use crate::address::Address;
use crate::after_sales;
use crate::checklist::SopChecklist;
use crate::customer::Customer;
use crate::fulfilment::{CreatePickList, DeliverShipment, PackOrder, ScanPick, ShipShipment};
use crate::line_buckets::BucketError;
use crate::location::Location;
use crate::money::{Currency, Money};
use crate::order::{Channel, CustomerInfo, HistoryEntry, LineDraft, Order, OrderId, OrderLine};
use crate::pick_list::PickList;
use crate::price_list::PriceList;
use crate::product::Product;
use crate::shipment::Shipment;
use crate::state::{Entity, Key};
use crate::status::OrderStatus;
use crate::stock::{Movement, StockError, StockLevel, StockMovement};
use crate::validation::{Issue, IssueCode, check_text, is_valid_email, is_valid_phone};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who acts, and when. Time comes from outside: the core has no clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub now: DateTime<Utc>,
    pub actor: String,
    /// The operation being applied, when there is one: whole records it saves carry its
    /// id as their `rev`, so that two different edits never look like the same version.
    pub op: Option<crate::operation::OpId>,
}

impl Context {
    /// The context an operation is applied in: its own time, actor and id.
    pub fn of(op: &crate::operation::Operation) -> Context {
        Context {
            now: op.at,
            actor: op.actor.clone(),
            op: Some(op.id),
        }
    }
}

/// What `apply` needs to know of the stored state: any record by its key. The typed
/// accessors are written once here on top of [`State::entity`].
pub trait State {
    fn entity(&self, key: &Key) -> Option<&Entity>;

    fn order(&self, id: &OrderId) -> Option<Order> {
        match self.entity(&Key::Order(*id)) {
            Some(Entity::Order(order)) => Some(order.as_ref().clone()),
            _ => None,
        }
    }

    /// The stock of one SKU at one location (the default, empty level if never seen).
    fn stock_level(&self, sku: &str, location: &str) -> StockLevel {
        let key = Key::Stock {
            sku: sku.to_owned(),
            location: location.to_owned(),
        };
        let held = match self.entity(&key) {
            Some(Entity::StockLevel(level)) => Some(level),
            _ => None,
        };
        StockLevel::held_or_empty(held, sku, location)
    }

    fn product(&self, sku: &str) -> Option<&Product> {
        match self.entity(&Key::Product(sku.to_owned())) {
            Some(Entity::Product(p)) => Some(p),
            _ => None,
        }
    }

    fn location(&self, code: &str) -> Option<&Location> {
        match self.entity(&Key::Location(code.to_owned())) {
            Some(Entity::Location(l)) => Some(l),
            _ => None,
        }
    }

    fn price_list(&self, currency: Currency) -> Option<&PriceList> {
        match self.entity(&Key::PriceList(currency.as_str().to_owned())) {
            Some(Entity::PriceList(p)) => Some(p),
            _ => None,
        }
    }

    fn checklist(&self, category: &str) -> Option<&SopChecklist> {
        match self.entity(&Key::Checklist(category.to_owned())) {
            Some(Entity::Checklist(c)) => Some(c),
            _ => None,
        }
    }

    fn pick_list(&self, id: Uuid) -> Option<&PickList> {
        match self.entity(&Key::PickList(id)) {
            Some(Entity::PickList(p)) => Some(p),
            _ => None,
        }
    }

    fn shipment(&self, id: Uuid) -> Option<&Shipment> {
        match self.entity(&Key::Shipment(id)) {
            Some(Entity::Shipment(s)) => Some(s),
            _ => None,
        }
    }

    fn exception(&self, id: Uuid) -> Option<&crate::exception::Exception> {
        match self.entity(&Key::Exception(id)) {
            Some(Entity::Exception(e)) => Some(e),
            _ => None,
        }
    }

    fn return_case(&self, id: Uuid) -> Option<&crate::return_case::ReturnCase> {
        match self.entity(&Key::ReturnCase(id)) {
            Some(Entity::ReturnCase(r)) => Some(r),
            _ => None,
        }
    }

    fn rating(&self, order: OrderId) -> Option<&crate::rating::Rating> {
        match self.entity(&Key::Rating(order)) {
            Some(Entity::Rating(r)) => Some(r),
            _ => None,
        }
    }
}

/// The wire form is `{"type": "order.create", "data": {…}}` (DESIGN.md, sync protocol).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum Command {
    #[serde(rename = "order.create")]
    CreateOrder(Box<CreateOrder>),
    /// Checks the order and moves it from `new` to `validated`.
    #[serde(rename = "order.validate")]
    ValidateOrder(OrderRef),
    #[serde(rename = "order.confirm")]
    ConfirmOrder(OrderRef),
    #[serde(rename = "order.hold")]
    HoldOrder(OrderWithReason),
    /// Takes an order off hold, back to the status it had before.
    #[serde(rename = "order.release")]
    ReleaseOrder(OrderRef),
    #[serde(rename = "order.cancel")]
    CancelOrder(OrderWithReason),
    /// Reserves every line of a confirmed order at one location, all or nothing.
    #[serde(rename = "order.allocate")]
    AllocateOrder(AllocateAt),
    /// Gives back every reservation of an allocated order; it returns to `confirmed`.
    #[serde(rename = "order.deallocate")]
    DeallocateOrder(OrderRef),
    #[serde(rename = "order.assign")]
    AssignOrder(AssignOrder),
    /// Applies an allocation decision: reservations over any locations, partial or none
    /// (a backorder).
    #[serde(rename = "order.reserve")]
    ReserveOrder(ReservePlan),
    #[serde(rename = "stock.receive")]
    ReceiveStock(StockReceipt),
    /// A correction by a delta (intent, not "set to"), with its reason.
    #[serde(rename = "stock.adjust")]
    AdjustStock(StockAdjustment),
    /// A physical count: on hand becomes what was counted.
    #[serde(rename = "stock.count")]
    CountStock(StockCount),
    #[serde(rename = "pick_list.create")]
    CreatePickList(CreatePickList),
    #[serde(rename = "pick.scan")]
    ScanPick(ScanPick),
    #[serde(rename = "order.pack")]
    PackOrder(PackOrder),
    #[serde(rename = "shipment.ship")]
    ShipShipment(ShipShipment),
    #[serde(rename = "shipment.deliver")]
    DeliverShipment(DeliverShipment),
    #[serde(rename = "product.save")]
    SaveProduct(Box<Product>),
    #[serde(rename = "location.save")]
    SaveLocation(Box<Location>),
    #[serde(rename = "customer.save")]
    SaveCustomer(Box<Customer>),
    #[serde(rename = "price_list.save")]
    SavePriceList(Box<PriceList>),
    #[serde(rename = "checklist.save")]
    SaveChecklist(SopChecklist),
    #[serde(rename = "assignment_rule.save")]
    SaveAssignmentRule(Box<crate::assignment::AssignmentRule>),
    #[serde(rename = "carrier_rate.save")]
    SaveCarrierRate(Box<crate::carrier::CarrierRate>),
    #[serde(rename = "exception.open")]
    OpenException(after_sales::OpenException),
    #[serde(rename = "exception.assign")]
    AssignException(after_sales::AssignException),
    #[serde(rename = "exception.resolve")]
    ResolveException(after_sales::ResolveException),
    #[serde(rename = "return.request")]
    RequestReturn(after_sales::RequestReturn),
    #[serde(rename = "return.approve")]
    ApproveReturn(after_sales::DecideReturn),
    #[serde(rename = "return.refuse")]
    RefuseReturn(after_sales::DecideReturn),
    #[serde(rename = "return.receive")]
    ReceiveReturn(after_sales::ReceiveReturn),
    #[serde(rename = "return.inspect")]
    InspectReturn(after_sales::InspectReturn),
    #[serde(rename = "return.refund")]
    RefundReturn(after_sales::RefundReturn),
    #[serde(rename = "return.exchange")]
    ExchangeReturn(after_sales::ExchangeReturn),
    #[serde(rename = "rating.record")]
    RecordRating(after_sales::RecordRating),
}

impl Command {
    /// The orders a command names outright. Commands on a pick list or a shipment reach
    /// orders through it and name none here.
    pub fn order_ids(&self) -> Vec<OrderId> {
        match self {
            Command::CreateOrder(c) => vec![c.id],
            Command::ValidateOrder(r)
            | Command::ConfirmOrder(r)
            | Command::ReleaseOrder(r)
            | Command::DeallocateOrder(r) => vec![r.order_id],
            Command::HoldOrder(r) | Command::CancelOrder(r) => vec![r.order_id],
            Command::AllocateOrder(a) => vec![a.order_id],
            Command::AssignOrder(a) => vec![a.order_id],
            Command::ReserveOrder(p) => vec![p.order_id],
            Command::PackOrder(p) => vec![p.order_id],
            Command::CreatePickList(c) => c.order_ids.clone(),
            Command::RequestReturn(r) => vec![r.order_id],
            Command::RecordRating(r) => vec![r.order_id],
            Command::OpenException(o) => o.order_id.into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The one order a command is about, if it names exactly one (exceptions attach to it).
    pub fn order_id(&self) -> Option<OrderId> {
        match self.order_ids().as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCount {
    pub sku: String,
    pub location: String,
    pub counted: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A count covers the SKU's whole stock at the location; the difference it finds is
    /// booked in this bin (without one, the SKU's slot, if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocateAt {
    pub order_id: OrderId,
    pub location: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockReceipt {
    pub sku: String,
    pub location: String,
    pub quantity: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The bin the units are in; without one, the SKU's slot at the location (if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockAdjustment {
    pub sku: String,
    pub location: String,
    pub delta: i64,
    pub reason: String,
    /// The bin the units are in; without one, the SKU's slot at the location (if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub order_id: OrderId,
}

/// A status change that needs a reason in the order's history (hold, cancel).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderWithReason {
    pub order_id: OrderId,
    pub reason: String,
}

/// Creates an order. The id and number are chosen by the caller, so that retrying the same
/// command cannot create a second order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrder {
    pub id: OrderId,
    pub number: String,
    #[serde(flatten)]
    pub order: OrderDraft,
}

/// An order as entered by a clerk or imported, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    pub customer: CustomerInfo,
    /// Where to ship; required before the order can be validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Address>,
    pub currency: Currency,
    pub lines: Vec<LineDraft>,
    /// Higher is more urgent (allocation serves urgent orders first).
    #[serde(default)]
    pub priority: u8,
    /// Free labels such as `vip` or `gift`, used by assignment rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The delivery date promised to the customer, if any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::option"
    )]
    pub promised_at: Option<DateTime<Utc>>,
}

/// Units of one SKU to reserve at one location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub sku: String,
    pub location: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservePlan {
    pub order_id: OrderId,
    /// Empty: nothing can be reserved now, the order is backordered.
    #[serde(default)]
    pub reservations: Vec<Reservation>,
    /// Why, in the words of the allocation decision (kept in the order's history).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

/// Assigns an order to a person or a team (by hand, or as the assignment rules decided).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignOrder {
    pub order_id: OrderId,
    /// `None` takes the assignment away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The rule that chose the assignee, when a rule did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// What a command changes, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A record written whole (created or replaced by a newer version).
    Saved(Entity),
    /// A stock level after a movement, and the movement (the ledger entry) itself.
    StockSaved {
        level: StockLevel,
        movement: StockMovement,
    },
}

impl Effect {
    pub fn order(order: Order) -> Effect {
        Effect::Saved(Entity::Order(Box::new(order)))
    }

    /// The order this effect saves, if it saves one.
    pub fn as_order(&self) -> Option<&Order> {
        match self {
            Effect::Saved(Entity::Order(order)) => Some(order),
            _ => None,
        }
    }

    /// The record as it now stands.
    pub fn entity(&self) -> Entity {
        match self {
            Effect::Saved(entity) => entity.clone(),
            Effect::StockSaved { level, .. } => Entity::StockLevel(level.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {} issue(s)", .0.len())]
    Invalid(Vec<Issue>),
    #[error("order {0} already exists")]
    OrderExists(OrderId),
    #[error("order {0} does not exist")]
    OrderNotFound(OrderId),
    /// The pair is not in the state machine's table (`status::TRANSITIONS`).
    #[error("an order cannot go from {} to {}", from.as_str(), to.as_str())]
    TransitionRefused { from: OrderStatus, to: OrderStatus },
    /// A reservation the stock cannot honour (two tablets sold the last unit).
    #[error("{sku} at {location}: {available} available, {requested} requested")]
    InsufficientStock {
        sku: String,
        location: String,
        available: i64,
        requested: i64,
    },
    /// Another stock rule (a correction below what is reserved, a bad quantity).
    #[error("{0}")]
    StockRule(StockError),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    #[error("{entity} {id} already exists")]
    Exists { entity: &'static str, id: String },
    #[error("order {order} has nothing allocated at {location}")]
    NothingToPick { order: String, location: String },
    #[error("order {order} is already on a pick list at {location}")]
    AlreadyOnPickList { order: String, location: String },
    /// A scan of something that is not on the pick list.
    #[error("{code} is not on this pick list")]
    WrongItem { code: String },
    #[error("{sku}: {scanned} scanned, only {remaining} left to pick")]
    OverPick {
        sku: String,
        remaining: u32,
        scanned: u32,
    },
    #[error("order {order} still has {remaining} unit(s) to pick")]
    NotPicked { order: String, remaining: u32 },
    #[error("order {order} has {picked} unit(s) picked; ship or return them first")]
    UnitsPicked { order: String, picked: u32 },
    #[error("packing checklist for {category} is incomplete: {}", missing.join(", "))]
    ChecklistIncomplete {
        category: String,
        missing: Vec<String>,
    },
    #[error("shipment {shipment} is {status}, not {expected}")]
    ShipmentState {
        shipment: Uuid,
        status: &'static str,
        expected: &'static str,
    },
    /// The pair is not in the return state machine's table.
    #[error("a return cannot go from {from} to {to}")]
    ReturnRefused {
        from: &'static str,
        to: &'static str,
    },
    /// A command would leave an order whose lines contradict its status. Never expected:
    /// it guards the rules themselves.
    #[error("{0}")]
    Buckets(BucketError),
    /// A whole-record edit made on a version that is no longer the stored one: someone
    /// else saved the record in between. The stored version is kept (never a silent
    /// overwrite); the edit can be reviewed and applied again on top of it.
    #[error("{entity} {id} was changed by someone else: edited on version {base}, now {current}")]
    Conflict {
        entity: &'static str,
        id: String,
        base: u64,
        current: u64,
    },
}

impl DomainError {
    /// The stable reason code a backend sends back in a `rejected` result.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Invalid(_) => "invalid",
            DomainError::OrderExists(_) => "order_exists",
            DomainError::OrderNotFound(_) => "order_not_found",
            DomainError::TransitionRefused { .. } => "transition_refused",
            DomainError::InsufficientStock { .. } => "insufficient_stock",
            DomainError::StockRule(_) => "stock_rule",
            DomainError::NotFound { .. } => "not_found",
            DomainError::Exists { .. } => "exists",
            DomainError::NothingToPick { .. } => "nothing_to_pick",
            DomainError::AlreadyOnPickList { .. } => "already_on_pick_list",
            DomainError::WrongItem { .. } => "wrong_item",
            DomainError::OverPick { .. } => "over_pick",
            DomainError::NotPicked { .. } => "not_picked",
            DomainError::UnitsPicked { .. } => "units_picked",
            DomainError::ChecklistIncomplete { .. } => "checklist_incomplete",
            DomainError::ShipmentState { .. } => "shipment_state",
            DomainError::Buckets(_) => "buckets",
            DomainError::ReturnRefused { .. } => "return_refused",
            DomainError::Conflict { .. } => "conflict",
        }
    }
}

pub const MAX_NAME: usize = 100;
pub const MAX_SKU: usize = 64;
pub const MAX_LINES: usize = 500;

impl OrderDraft {
    /// Every issue with the input, in field order.
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_text(&mut issues, "customer.name", &self.customer.name, MAX_NAME);
        if let Some(phone) = self
            .customer
            .phone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            && !is_valid_phone(phone.trim())
        {
            issues.push(Issue::new(IssueCode::InvalidPhone, "customer.phone"));
        }
        if let Some(email) = self
            .customer
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            && !is_valid_email(email.trim())
        {
            issues.push(Issue::new(IssueCode::InvalidEmail, "customer.email"));
        }
        if let Some(address) = &self.ship_to {
            issues.extend(address.issues("ship_to"));
        }
        if self.lines.is_empty() {
            issues.push(Issue::new(IssueCode::NoLines, "lines"));
        } else if self.lines.len() > MAX_LINES {
            issues.push(Issue::new(IssueCode::TooLong, "lines").with("max", MAX_LINES));
        }
        for (i, line) in self.lines.iter().enumerate() {
            check_text(&mut issues, &format!("lines[{i}].sku"), &line.sku, MAX_SKU);
            check_text(
                &mut issues,
                &format!("lines[{i}].name"),
                &line.name,
                MAX_NAME,
            );
            if line.quantity == 0 {
                issues.push(Issue::new(
                    IssueCode::QuantityNotPositive,
                    format!("lines[{i}].quantity"),
                ));
            }
            if line.unit_price < 0 {
                issues.push(Issue::new(
                    IssueCode::PriceNegative,
                    format!("lines[{i}].unit_price"),
                ));
            }
        }
        if issues.is_empty() && self.priced_lines().is_none() {
            issues.push(Issue::new(IssueCode::AmountTooLarge, "lines"));
        }
        issues
    }

    /// The lines with their amounts and the order total; `None` on overflow.
    fn priced_lines(&self) -> Option<(Vec<OrderLine>, Money)> {
        let mut total = Money::new(0, self.currency);
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, draft) in self.lines.iter().enumerate() {
            let unit_price = Money::new(draft.unit_price, self.currency);
            let amount = unit_price.times(draft.quantity)?;
            total = total.plus(amount)?;
            lines.push(OrderLine::ordered(
                u32::try_from(i + 1).ok()?,
                draft.sku.trim().to_owned(),
                draft.name.trim().to_owned(),
                draft.quantity,
                unit_price,
                amount,
            ));
        }
        Some((lines, total))
    }
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Applies one command to the state. Pure: same inputs, same result. Every order it saves
/// is checked against its line buckets ([`crate::line_buckets::check`]).
pub fn apply(
    state: &impl State,
    command: &Command,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    let effects = dispatch(state, command, ctx)?;
    for order in effects.iter().filter_map(Effect::as_order) {
        crate::line_buckets::check(order).map_err(DomainError::Buckets)?;
    }
    Ok(effects)
}

fn dispatch(
    state: &impl State,
    command: &Command,
    ctx: &Context,
) -> Result<Vec<Effect>, DomainError> {
    use crate::fulfilment;
    use crate::order_lifecycle::expect_status;
    match command {
        Command::DeallocateOrder(r) => crate::stock_commands::deallocate(state, r.order_id, ctx),
        Command::ReserveOrder(p) => crate::stock_commands::reserve(state, p, ctx),
        Command::AssignOrder(a) => {
            let mut order = existing(state, a.order_id)?;
            if order.status.is_terminal() {
                return Err(DomainError::TransitionRefused {
                    from: order.status,
                    to: order.status,
                });
            }
            let assignee = trimmed(&a.assignee);
            if let Some(name) = &assignee {
                let mut issues = Vec::new();
                check_text(&mut issues, "assignee", name, MAX_NAME);
                if !issues.is_empty() {
                    return Err(DomainError::Invalid(issues));
                }
            }
            order.assignee = assignee;
            order.version += 1;
            order.updated_at = ctx.now;
            Ok(vec![Effect::order(order)])
        }
        Command::CountStock(c) => {
            let level = state.stock_level(&c.sku, &c.location);
            crate::stock_commands::move_stock(
                state,
                &c.sku,
                &c.location,
                c.bin.as_deref(),
                Movement::count(&level.level, c.counted),
                c.reference.clone(),
                ctx,
            )
        }
        Command::CreatePickList(c) => fulfilment::create_pick_list(state, c, ctx),
        Command::ScanPick(s) => fulfilment::scan(state, s, ctx),
        Command::PackOrder(p) => fulfilment::pack(state, p, ctx),
        Command::ShipShipment(s) => fulfilment::ship(state, s, ctx),
        Command::DeliverShipment(d) => fulfilment::deliver(state, d, ctx),
        Command::SaveProduct(p) => crate::catalogue::save(state, Entity::Product(p.clone()), ctx),
        Command::SaveLocation(l) => crate::catalogue::save(state, Entity::Location(l.clone()), ctx),
        Command::SaveCustomer(c) => crate::catalogue::save(state, Entity::Customer(c.clone()), ctx),
        Command::SavePriceList(p) => {
            crate::catalogue::save(state, Entity::PriceList(p.clone()), ctx)
        }
        Command::SaveChecklist(c) => {
            crate::catalogue::save(state, Entity::Checklist(c.clone()), ctx)
        }
        Command::SaveAssignmentRule(r) => {
            crate::catalogue::save(state, Entity::AssignmentRule(r.clone()), ctx)
        }
        Command::SaveCarrierRate(r) => {
            crate::catalogue::save(state, Entity::CarrierRate(r.clone()), ctx)
        }
        Command::OpenException(o) => after_sales::open_exception(state, o, ctx),
        Command::AssignException(a) => after_sales::assign_exception(state, a, ctx),
        Command::ResolveException(r) => after_sales::resolve_exception(state, r, ctx),
        Command::RequestReturn(r) => after_sales::request_return(state, r, ctx),
        Command::ApproveReturn(d) => after_sales::approve_return(state, d, ctx),
        Command::RefuseReturn(d) => after_sales::refuse_return(state, d, ctx),
        Command::ReceiveReturn(r) => after_sales::receive_return(state, r, ctx),
        Command::InspectReturn(i) => after_sales::inspect_return(state, i, ctx),
        Command::RefundReturn(r) => after_sales::refund_return(state, r, ctx),
        Command::ExchangeReturn(x) => after_sales::exchange_return(state, x, ctx),
        Command::RecordRating(r) => after_sales::record_rating(state, r, ctx),
        Command::CreateOrder(create) => {
            Ok(vec![Effect::order(new_order(state, create.as_ref(), ctx)?)])
        }
        Command::ValidateOrder(r) => {
            let order = existing(state, r.order_id)?;
            expect_status(&order, &[OrderStatus::New], OrderStatus::Validated)?;
            let mut issues = crate::order_lifecycle::issues(&order);
            issues.extend(crate::order_checks::catalogue_issues(state, &order));
            if !issues.is_empty() {
                return Err(DomainError::Invalid(issues));
            }
            saved(crate::order_lifecycle::transition(
                order,
                OrderStatus::Validated,
                None,
                ctx,
            ))
        }
        Command::ConfirmOrder(r) => {
            let order = existing(state, r.order_id)?;
            expect_status(&order, &[OrderStatus::Validated], OrderStatus::Confirmed)?;
            saved(crate::order_lifecycle::transition(
                order,
                OrderStatus::Confirmed,
                None,
                ctx,
            ))
        }
        Command::HoldOrder(r) => {
            let order = existing(state, r.order_id)?;
            let reason = crate::order_lifecycle::reason(&r.reason)?;
            saved(crate::order_lifecycle::transition(
                order,
                OrderStatus::OnHold,
                Some(reason),
                ctx,
            ))
        }
        Command::ReleaseOrder(r) => {
            let order = existing(state, r.order_id)?;
            let back_to = crate::order_lifecycle::status_before_hold(&order);
            saved(crate::order_lifecycle::transition(
                order, back_to, None, ctx,
            ))
        }
        Command::AllocateOrder(a) => crate::stock_commands::allocate(state, a, ctx),
        Command::ReceiveStock(r) => crate::stock_commands::move_stock(
            state,
            &r.sku,
            &r.location,
            r.bin.as_deref(),
            Movement::Receipt {
                quantity: r.quantity,
            },
            r.reference.clone(),
            ctx,
        ),
        Command::AdjustStock(a) => {
            let reason = crate::order_lifecycle::reason(&a.reason)?;
            crate::stock_commands::move_stock(
                state,
                &a.sku,
                &a.location,
                a.bin.as_deref(),
                Movement::Adjust { delta: a.delta },
                Some(reason),
                ctx,
            )
        }
        Command::CancelOrder(r) => {
            let order = existing(state, r.order_id)?;
            let reason = crate::order_lifecycle::reason(&r.reason)?;
            crate::stock_commands::cancel(state, order, reason, ctx)
        }
    }
}

/// The order a `order.create` makes (also used for exchange orders).
pub(crate) fn new_order(
    state: &impl State,
    create: &CreateOrder,
    ctx: &Context,
) -> Result<Order, DomainError> {
    let CreateOrder {
        id,
        number,
        order: c,
    } = create;
    let issues = c.issues();
    if !issues.is_empty() {
        return Err(DomainError::Invalid(issues));
    }
    if state.order(id).is_some() {
        return Err(DomainError::OrderExists(*id));
    }
    let Some((lines, total)) = c.priced_lines() else {
        return Err(DomainError::Invalid(vec![Issue::new(
            IssueCode::AmountTooLarge,
            "lines",
        )]));
    };
    Ok(Order {
        id: *id,
        number: number.clone(),
        channel: c.channel,
        external_ref: trimmed(&c.external_ref),
        customer: CustomerInfo {
            name: c.customer.name.trim().to_owned(),
            phone: trimmed(&c.customer.phone),
            email: trimmed(&c.customer.email),
        },
        ship_to: c.ship_to.clone(),
        currency: c.currency,
        lines,
        total,
        priority: c.priority,
        tags: c
            .tags
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        promised_at: c.promised_at,
        assignee: None,
        status: OrderStatus::New,
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
        history: vec![HistoryEntry {
            at: ctx.now,
            actor: ctx.actor.clone(),
            from: None,
            to: OrderStatus::New,
            reason: None,
        }],
        pick_lists: Vec::new(),
        shipments: Vec::new(),
    })
}

fn existing(state: &impl State, id: OrderId) -> Result<Order, DomainError> {
    state.order(&id).ok_or(DomainError::OrderNotFound(id))
}

fn saved(order: Result<Order, DomainError>) -> Result<Vec<Effect>, DomainError> {
    order.map(|o| vec![Effect::order(o)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Snapshot;
    use chrono::TimeZone;
    use uuid::Uuid;

    fn ctx() -> Context {
        Context {
            now: Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap(),
            actor: "clerk-1".into(),
            op: None,
        }
    }

    fn phone_order() -> CreateOrder {
        CreateOrder {
            id: OrderId(Uuid::from_u128(1)),
            number: "SO-TEST-000001".into(),
            order: phone_draft(),
        }
    }

    fn phone_draft() -> OrderDraft {
        OrderDraft {
            channel: Channel::Phone,
            external_ref: None,
            customer: CustomerInfo {
                name: "  王小明 ".into(),
                phone: Some("138 1234 5678".into()),
                email: None,
            },
            ship_to: None,
            currency: Currency::CNY,
            lines: vec![LineDraft {
                sku: "TEA-001".into(),
                name: "Longjing tea 250 g".into(),
                quantity: 3,
                unit_price: 12_800,
            }],
            priority: 0,
            tags: Vec::new(),
            promised_at: None,
        }
    }

    #[test]
    fn a_phone_order_becomes_a_new_order_with_its_history() {
        let effects = apply(
            &Snapshot::complete(),
            &Command::CreateOrder(Box::new(phone_order())),
            &ctx(),
        )
        .unwrap();
        let [Effect::Saved(Entity::Order(order))] = effects.as_slice() else {
            panic!("expected one saved order, got {effects:?}")
        };
        assert_eq!(order.status, OrderStatus::New);
        assert_eq!(order.customer.name, "王小明");
        assert_eq!(order.total, Money::new(38_400, Currency::CNY));
        assert_eq!(order.lines[0].line_no, 1);
        assert_eq!(order.version, 1);
        assert_eq!(order.history.len(), 1);
        assert_eq!(order.history[0].actor, "clerk-1");
        assert_eq!(order.created_at, ctx().now);
    }

    #[test]
    fn bad_input_reports_every_field_and_creates_nothing() {
        let mut c = phone_order();
        c.order.customer.name = " ".into();
        c.order.customer.phone = Some("12345".into());
        c.order.customer.email = Some("nobody".into());
        c.order.lines.push(LineDraft {
            sku: String::new(),
            name: "x".into(),
            quantity: 0,
            unit_price: -1,
        });
        let err = apply(
            &Snapshot::complete(),
            &Command::CreateOrder(Box::new(c)),
            &ctx(),
        )
        .unwrap_err();
        let DomainError::Invalid(issues) = err else {
            panic!("expected Invalid, got {err:?}")
        };
        let found: Vec<_> = issues
            .iter()
            .map(|i| format!("{}:{}", i.field, i.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                "customer.name:required",
                "customer.phone:invalid_phone",
                "customer.email:invalid_email",
                "lines[1].sku:required",
                "lines[1].quantity:quantity_not_positive",
                "lines[1].unit_price:price_negative",
            ]
        );
    }

    #[test]
    fn overflowing_totals_are_refused() {
        let mut c = phone_order();
        c.order.lines[0].unit_price = i64::MAX;
        let err = apply(
            &Snapshot::complete(),
            &Command::CreateOrder(Box::new(c)),
            &ctx(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            DomainError::Invalid(vec![Issue::new(IssueCode::AmountTooLarge, "lines")])
        );
    }

    #[test]
    fn the_same_order_id_cannot_be_created_twice() {
        let mut state = Snapshot::complete();
        let command = Command::CreateOrder(Box::new(phone_order()));
        let effects = apply(&state, &command, &ctx()).unwrap();
        state.absorb(&effects);
        assert_eq!(
            apply(&state, &command, &ctx()),
            Err(DomainError::OrderExists(OrderId(Uuid::from_u128(1))))
        );
    }

    #[test]
    fn wire_form_is_type_and_data() {
        let json = serde_json::to_value(Command::CreateOrder(Box::new(phone_order()))).unwrap();
        assert_eq!(json["type"], "order.create");
        assert_eq!(json["data"]["channel"], "phone");
        assert_eq!(json["data"]["lines"][0]["unit_price"], 12_800);
    }
}
