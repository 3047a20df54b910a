//! Moving an order through its state machine: every change checks the transition table,
//! bumps the version and appends a history entry with actor, time and reason.

use crate::command::{Context, DomainError};
use crate::order::HistoryEntry;
use crate::order::Order;
use crate::status::OrderStatus;
use crate::validation::{Issue, IssueCode, check_text};

pub const MAX_REASON: usize = 500;

/// Moves `order` to `to`, or refuses with the pair that is not in the table.
pub fn transition(
    mut order: Order,
    to: OrderStatus,
    reason: Option<String>,
    ctx: &Context,
) -> Result<Order, DomainError> {
    let from = order.status;
    if !from.can_move_to(to) {
        return Err(DomainError::TransitionRefused { from, to });
    }
    order.status = to;
    order.version += 1;
    order.updated_at = ctx.now;
    order.history.push(HistoryEntry {
        at: ctx.now,
        actor: ctx.actor.clone(),
        from: Some(from),
        to,
        reason,
    });
    Ok(order)
}

/// Refuses unless `order` is in one of `from`. The table says which moves exist at all;
/// a command is narrower (confirming is for validated orders, not a way back from
/// `allocated`, which is what deallocating is for).
pub fn expect_status(
    order: &Order,
    from: &[OrderStatus],
    to: OrderStatus,
) -> Result<(), DomainError> {
    if from.contains(&order.status) && order.status.can_move_to(to) {
        Ok(())
    } else {
        Err(DomainError::TransitionRefused {
            from: order.status,
            to,
        })
    }
}

/// A reason a person typed: required, trimmed, bounded.
pub fn reason(text: &str) -> Result<String, DomainError> {
    let mut issues = Vec::new();
    check_text(&mut issues, "reason", text, MAX_REASON);
    if issues.is_empty() {
        Ok(text.trim().to_owned())
    } else {
        Err(DomainError::Invalid(issues))
    }
}

/// Where a release from hold goes: the status the order had when it was put on hold.
pub fn status_before_hold(order: &Order) -> OrderStatus {
    status_before(order, OrderStatus::OnHold)
}

/// The status the order had when it last entered `status` (hold, exception).
pub fn status_before(order: &Order, status: OrderStatus) -> OrderStatus {
    order
        .history
        .iter()
        .rev()
        .find(|h| h.to == status)
        .and_then(|h| h.from)
        .unwrap_or(OrderStatus::New)
}

/// What validation checks on a stored order before it may be confirmed: the customer can
/// be reached (a phone or an email) and every line is sane.
pub fn issues(order: &Order) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_text(
        &mut issues,
        "customer.name",
        &order.customer.name,
        crate::command::MAX_NAME,
    );
    if order.customer.phone.is_none() && order.customer.email.is_none() {
        issues.push(Issue::new(IssueCode::Required, "customer.phone"));
    }
    match &order.ship_to {
        Some(address) => issues.extend(address.issues("ship_to")),
        None => issues.push(Issue::new(IssueCode::Required, "ship_to")),
    }
    if order.lines.is_empty() {
        issues.push(Issue::new(IssueCode::NoLines, "lines"));
    }
    issues
}

#[cfg(test)]
mod tests {
    use crate::command::{Command, CreateOrder, DomainError, OrderRef, OrderWithReason};
    use crate::order::{Order, OrderId};
    use crate::status::OrderStatus;
    use crate::validation::IssueCode;
    use uuid::Uuid;

    /// The fixtures' desk, answering with the order each command leaves behind.
    #[derive(Default)]
    struct Desk(crate::fixtures::Desk);

    impl Desk {
        fn run(&mut self, actor: &str, command: Command) -> Result<Order, DomainError> {
            self.0.run(actor, command)?;
            Ok(self.0.order(ID))
        }
    }

    const ID: OrderId = OrderId(Uuid::from_u128(42));

    fn create(phone: Option<&str>) -> Command {
        let mut order = crate::fixtures::phone_order("陈静");
        order.customer.phone = phone.map(str::to_owned);
        order.ship_to = Some(crate::fixtures::hangzhou());
        Command::CreateOrder(Box::new(CreateOrder {
            id: ID,
            number: "SO-TEST-000042".into(),
            order,
        }))
    }

    fn r() -> OrderRef {
        OrderRef { order_id: ID }
    }

    fn why(reason: &str) -> OrderWithReason {
        OrderWithReason {
            order_id: ID,
            reason: reason.into(),
        }
    }

    #[test]
    fn a_clerk_validates_confirms_and_the_history_tells_the_story() {
        let mut desk = Desk::default();
        desk.0.run("admin", crate::fixtures::save_tea()).unwrap();
        desk.run("clerk-1", create(Some("13812345678"))).unwrap();
        desk.run("clerk-1", Command::ValidateOrder(r())).unwrap();
        desk.run(
            "clerk-1",
            Command::HoldOrder(why(" customer asked to wait ")),
        )
        .unwrap();
        let released = desk.run("supervisor", Command::ReleaseOrder(r())).unwrap();
        assert_eq!(
            released.status,
            OrderStatus::Validated,
            "back to where it was"
        );
        let order = desk.run("clerk-2", Command::ConfirmOrder(r())).unwrap();

        assert_eq!(order.status, OrderStatus::Confirmed);
        assert_eq!(order.version, 5);
        let story: Vec<_> = order
            .history
            .iter()
            .map(|h| {
                (
                    h.actor.as_str(),
                    h.from.map(|s| s.as_str()),
                    h.to.as_str(),
                    h.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            story,
            vec![
                ("clerk-1", None, "new", None),
                ("clerk-1", Some("new"), "validated", None),
                (
                    "clerk-1",
                    Some("validated"),
                    "on_hold",
                    Some("customer asked to wait")
                ),
                ("supervisor", Some("on_hold"), "validated", None),
                ("clerk-2", Some("validated"), "confirmed", None),
            ]
        );
        assert_eq!(order.updated_at, order.history[4].at);
    }

    #[test]
    fn confirming_before_validation_is_refused_by_the_table() {
        let mut desk = Desk::default();
        desk.run("clerk", create(Some("13812345678"))).unwrap();
        assert_eq!(
            desk.run("clerk", Command::ConfirmOrder(r())),
            Err(DomainError::TransitionRefused {
                from: OrderStatus::New,
                to: OrderStatus::Confirmed
            })
        );
        assert_eq!(
            desk.0.order(ID).version,
            1,
            "a refused command changes nothing"
        );
    }

    #[test]
    fn an_unreachable_customer_fails_validation() {
        let mut desk = Desk::default();
        desk.run("clerk", create(None)).unwrap();
        let Err(DomainError::Invalid(issues)) = desk.run("clerk", Command::ValidateOrder(r()))
        else {
            panic!("validation should fail")
        };
        assert_eq!(issues[0].field, "customer.phone");
    }

    #[test]
    fn validation_checks_the_catalogue_and_writes_nothing_when_it_fails() {
        let mut desk = Desk::default();
        desk.run("clerk", create(Some("13812345678"))).unwrap();
        let Err(DomainError::Invalid(issues)) = desk.run("clerk", Command::ValidateOrder(r()))
        else {
            panic!("a SKU that is not in the catalogue cannot be validated")
        };
        assert_eq!(
            (issues[0].code, issues[0].field.as_str()),
            (crate::validation::IssueCode::UnknownProduct, "lines[0].sku")
        );
        let mut retired = crate::fixtures::product("TEA", 16_800);
        retired.active = false;
        desk.0
            .run("admin", Command::SaveProduct(Box::new(retired)))
            .unwrap();
        let Err(DomainError::Invalid(issues)) = desk.run("clerk", Command::ValidateOrder(r()))
        else {
            panic!("an inactive product cannot be validated")
        };
        assert_eq!(
            issues[0].code,
            crate::validation::IssueCode::ProductInactive
        );
        assert_eq!(desk.0.order(ID).status, OrderStatus::New);
        assert_eq!(desk.0.order(ID).version, 1);
    }

    #[test]
    fn cancelling_needs_a_reason_and_is_final() {
        let mut desk = Desk::default();
        desk.run("clerk", create(Some("13812345678"))).unwrap();
        assert!(matches!(
            desk.run("clerk", Command::CancelOrder(why("  "))),
            Err(DomainError::Invalid(_))
        ));
        let cancelled = desk
            .run("clerk", Command::CancelOrder(why("duplicate order")))
            .unwrap();
        assert_eq!(cancelled.status, OrderStatus::Cancelled);
        assert!(matches!(
            desk.run("clerk", Command::ValidateOrder(r())),
            Err(DomainError::TransitionRefused { .. })
        ));
    }

    #[test]
    fn commands_on_unknown_orders_name_the_order() {
        let mut desk = Desk::default();
        assert_eq!(
            desk.run("clerk", Command::ConfirmOrder(r())),
            Err(DomainError::OrderNotFound(ID))
        );
    }

    fn receive(quantity: i64) -> Command {
        Command::ReceiveStock(crate::command::StockReceipt {
            sku: "TEA".into(),
            location: "SH-01".into(),
            quantity,
            reference: Some("PO-1".into()),
            bin: None,
        })
    }

    fn allocate_at(location: &str) -> Command {
        Command::AllocateOrder(crate::command::AllocateAt {
            order_id: ID,
            location: location.into(),
        })
    }

    fn confirmed(desk: &mut Desk) {
        desk.0.run("admin", crate::fixtures::save_tea()).unwrap();
        desk.0
            .run("admin", crate::fixtures::save_shanghai())
            .unwrap();
        desk.run("clerk", create(Some("13812345678"))).unwrap();
        desk.run("clerk", Command::ValidateOrder(r())).unwrap();
        desk.run("clerk", Command::ConfirmOrder(r())).unwrap();
    }

    #[test]
    fn a_confirmed_order_is_allocated_against_received_stock() {
        let mut desk = Desk::default();
        confirmed(&mut desk);
        desk.run("keeper", receive(5)).unwrap();
        let order = desk.run("planner", allocate_at("SH-01")).unwrap();
        assert_eq!(order.status, OrderStatus::Allocated);
        assert_eq!(
            order.history.last().unwrap().reason.as_deref(),
            Some("reserved at SH-01")
        );
        let level = desk.0.level("TEA", "SH-01");
        assert_eq!(
            (level.level.on_hand, level.level.reserved, level.version),
            (5, 2, 2)
        );
        // The ledger explains the level: a receipt, then a reservation for the order.
        let kinds: Vec<_> = desk.0.ledger.iter().map(|m| (m.seq, m.movement)).collect();
        assert_eq!(
            kinds,
            vec![
                (1, crate::stock::Movement::Receipt { quantity: 5 }),
                (2, crate::stock::Movement::Reserve { quantity: 2 }),
            ]
        );
        assert_eq!(
            desk.0.ledger[1].reference.as_deref(),
            Some("SO-TEST-000042")
        );
    }

    #[test]
    fn an_allocation_the_stock_cannot_honour_is_refused_whole() {
        let mut desk = Desk::default();
        confirmed(&mut desk);
        desk.run("keeper", receive(1)).unwrap();
        let refused = desk.run("planner", allocate_at("SH-01")).unwrap_err();
        assert_eq!(
            refused,
            DomainError::InsufficientStock {
                sku: "TEA".into(),
                location: "SH-01".into(),
                available: 1,
                requested: 2
            }
        );
        assert_eq!(refused.code(), "insufficient_stock");
        assert_eq!(
            desk.0.level("TEA", "SH-01").level.reserved,
            0,
            "nothing reserved"
        );
        assert_eq!(desk.0.order(ID).status, OrderStatus::Confirmed);
    }

    #[test]
    fn stock_moves_only_for_known_products_at_known_warehouses() {
        let mut desk = Desk::default();
        let refused = desk.0.run("keeper", receive(5)).unwrap_err();
        let DomainError::Invalid(issues) = refused else {
            panic!("{refused:?}")
        };
        let named: Vec<_> = issues
            .iter()
            .map(|i| {
                (
                    i.code,
                    i.field.as_str(),
                    i.params.values().next().unwrap().as_str(),
                )
            })
            .collect();
        assert_eq!(
            named,
            vec![
                (IssueCode::UnknownProduct, "sku", "TEA"),
                (IssueCode::UnknownLocation, "location", "SH-01"),
            ]
        );
        assert!(desk.0.ledger.is_empty(), "nothing written");
        desk.0.run("admin", crate::fixtures::save_tea()).unwrap();
        desk.0
            .run("admin", crate::fixtures::save_shanghai())
            .unwrap();
        desk.0.run("keeper", receive(5)).unwrap();
        // A discontinued product is still counted and corrected.
        let mut tea = crate::fixtures::product("TEA", 16_800);
        tea.active = false;
        let edit = desk.0.edit(Command::SaveProduct(Box::new(tea)));
        desk.0.run("admin", edit).unwrap();
        desk.0
            .run(
                "keeper",
                Command::CountStock(crate::command::StockCount {
                    sku: "TEA".into(),
                    location: "SH-01".into(),
                    counted: 4,
                    reference: None,
                    bin: None,
                }),
            )
            .unwrap();
        assert_eq!(desk.0.level("TEA", "SH-01").level.on_hand, 4);
    }

    #[test]
    fn only_confirmed_orders_are_allocated_and_corrections_need_a_reason() {
        let mut desk = Desk::default();
        desk.0.run("admin", crate::fixtures::save_tea()).unwrap();
        desk.0
            .run("admin", crate::fixtures::save_shanghai())
            .unwrap();
        desk.run("clerk", create(Some("13812345678"))).unwrap();
        desk.run("keeper", receive(9)).unwrap();
        assert!(matches!(
            desk.run("planner", allocate_at("SH-01")),
            Err(DomainError::TransitionRefused { .. })
        ));
        let adjust = |reason: &str, delta| {
            Command::AdjustStock(crate::command::StockAdjustment {
                sku: "TEA".into(),
                location: "SH-01".into(),
                delta,
                reason: reason.into(),
                bin: None,
            })
        };
        assert!(matches!(
            desk.run("keeper", adjust(" ", -1)),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            desk.run("keeper", adjust("broken in transit", -10)),
            Err(DomainError::StockRule(_))
        ));
        desk.run("keeper", adjust("broken in transit", -1)).unwrap();
        assert_eq!(desk.0.level("TEA", "SH-01").level.on_hand, 8);
    }

    #[test]
    fn status_commands_have_stable_wire_names() {
        let json = serde_json::to_value(Command::HoldOrder(why("stock check"))).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "order.hold", "data": {"order_id": ID.to_string(), "reason": "stock check"}})
        );
    }
}
