//! Tracking and after-sales, told as scenarios: a damaged parcel becomes an exception with
//! an owner and an SLA; a return is approved, received, inspected (part restocked, part
//! scrapped) and refunded; another is exchanged for a new order; the customer rates.

use orderly_core::after_sales::{
    AssignException, DecideReturn, ExchangeReturn, InspectReturn, LineInspection, OpenException,
    ReceiveReturn, RecordRating, RefundReturn, RequestReturn, ResolveException, ReturnRequestLine,
};
use orderly_core::exception::{ExceptionKind, ExceptionStatus};
use orderly_core::fixtures::Desk;
use orderly_core::fulfilment::DeliverShipment;
use orderly_core::money::{Currency, Money};
use orderly_core::return_case::{ReturnReason, ReturnStatus};
use orderly_core::{Command, DomainError, IssueCode, OrderId, OrderStatus, State};
use uuid::Uuid;

const SH: &str = "SH-01";
const ORDER: OrderId = orderly_core::fixtures::SHIPPED_ORDER;
const PARCEL: Uuid = orderly_core::fixtures::SHIPPED_PARCEL;
const CASE: Uuid = Uuid::from_u128(0xC1);
const TROUBLE: Uuid = Uuid::from_u128(0xE1);

use orderly_core::fixtures::shipped;

#[test]
fn a_damaged_parcel_is_an_exception_with_an_owner_and_a_deadline_until_resolved() {
    let mut desk = shipped();
    desk.run(
        "service",
        Command::OpenException(OpenException {
            id: TROUBLE,
            kind: ExceptionKind::Damage,
            order_id: Some(ORDER),
            detail: "box crushed, customer sent photos".into(),
            owner: None,
        }),
    )
    .unwrap();
    let opened = desk.state.exception(TROUBLE).unwrap().clone();
    assert_eq!(
        opened.due_at,
        Some(opened.opened_at + chrono::Duration::hours(48))
    );
    assert!(!opened.is_overdue(opened.opened_at + chrono::Duration::hours(47)));
    assert!(opened.is_overdue(opened.opened_at + chrono::Duration::hours(49)));
    assert_eq!(
        desk.order(ORDER).status,
        OrderStatus::Exception,
        "damage stops the order"
    );

    desk.run(
        "lead",
        Command::AssignException(AssignException {
            id: TROUBLE,
            owner: "wang".into(),
        }),
    )
    .unwrap();
    desk.run(
        "wang",
        Command::ResolveException(ResolveException {
            id: TROUBLE,
            code: "reshipped".into(),
            note: "sent a new box".into(),
        }),
    )
    .unwrap();
    let resolved = desk.state.exception(TROUBLE).unwrap();
    assert_eq!(resolved.status, ExceptionStatus::Resolved);
    assert_eq!(resolved.owner.as_deref(), Some("wang"));
    let resolution = resolved.resolution.as_ref().unwrap();
    assert_eq!(
        (resolution.code.as_str(), resolution.by.as_str()),
        ("reshipped", "wang")
    );
    assert_eq!(
        desk.order(ORDER).status,
        OrderStatus::Shipped,
        "back where it was"
    );
    assert!(matches!(
        desk.run(
            "wang",
            Command::ResolveException(ResolveException {
                id: TROUBLE,
                code: "again".into(),
                note: String::new(),
            })
        ),
        Err(DomainError::Exists { .. })
    ));
}

fn request(desk: &mut Desk, quantity: u32) -> Result<(), DomainError> {
    desk.run(
        "service",
        Command::RequestReturn(RequestReturn {
            id: CASE,
            order_id: ORDER,
            lines: vec![ReturnRequestLine {
                line_no: 1,
                quantity,
                reason: ReturnReason::Damaged,
            }],
            note: Some("one tin dented".into()),
        }),
    )
    .map(|_| ())
}

#[test]
fn a_return_is_approved_received_inspected_and_refunded() {
    let mut desk = shipped();
    let Err(DomainError::Invalid(issues)) = request(&mut desk, 3) else {
        panic!("only 2 were shipped")
    };
    assert_eq!(issues[0].code, IssueCode::TooLarge);
    assert_eq!(issues[0].params["max"], "2");
    request(&mut desk, 2).unwrap();
    // Receiving before approval is refused by the return's table.
    assert_eq!(
        desk.run(
            "keeper",
            Command::ReceiveReturn(ReceiveReturn {
                id: CASE,
                location: SH.into()
            })
        ),
        Err(DomainError::ReturnRefused {
            from: "requested",
            to: "received"
        })
    );
    desk.run(
        "lead",
        Command::ApproveReturn(DecideReturn {
            id: CASE,
            reason: None,
        }),
    )
    .unwrap();
    desk.run(
        "keeper",
        Command::ReceiveReturn(ReceiveReturn {
            id: CASE,
            location: SH.into(),
        }),
    )
    .unwrap();
    assert_eq!(desk.order(ORDER).lines[0].returned, 2);
    let on_hand_before = desk.level("TEA", SH).level.on_hand;
    assert!(matches!(
        desk.run(
            "keeper",
            Command::InspectReturn(InspectReturn {
                id: CASE,
                lines: vec![LineInspection {
                    line_no: 1,
                    restock: 1,
                    scrap: 0
                }],
            })
        ),
        Err(DomainError::Invalid(_))
    ));
    desk.run(
        "keeper",
        Command::InspectReturn(InspectReturn {
            id: CASE,
            lines: vec![LineInspection {
                line_no: 1,
                restock: 1,
                scrap: 1,
            }],
        }),
    )
    .unwrap();
    assert_eq!(
        desk.level("TEA", SH).level.on_hand,
        on_hand_before + 1,
        "one restocked"
    );
    // At most what was paid: 2 × ¥168.
    assert!(matches!(
        desk.run(
            "finance",
            Command::RefundReturn(RefundReturn {
                id: CASE,
                amount: 33_601
            })
        ),
        Err(DomainError::Invalid(_))
    ));
    desk.run(
        "finance",
        Command::RefundReturn(RefundReturn {
            id: CASE,
            amount: 33_600,
        }),
    )
    .unwrap();
    let case = desk.state.return_case(CASE).unwrap();
    assert_eq!(case.status, ReturnStatus::Refunded);
    assert_eq!(case.refund, Some(Money::new(33_600, Currency::CNY)));
    let story: Vec<_> = case
        .history
        .iter()
        .map(|h| (h.actor.as_str(), h.to.as_str()))
        .collect();
    assert_eq!(
        story,
        [
            ("service", "requested"),
            ("lead", "approved"),
            ("keeper", "received"),
            ("keeper", "inspected"),
            ("finance", "refunded")
        ]
    );
}

#[test]
fn an_exchange_creates_a_linked_order_at_no_charge_and_ratings_follow_delivery() {
    let mut desk = shipped();
    // Rating before delivery is refused.
    let rate = |score| {
        Command::RecordRating(RecordRating {
            order_id: ORDER,
            score,
            comment: " 很好 ".into(),
        })
    };
    assert!(matches!(
        desk.run("customer", rate(5)),
        Err(DomainError::TransitionRefused { .. })
    ));
    desk.run(
        "courier",
        Command::DeliverShipment(DeliverShipment {
            shipment_id: PARCEL,
        }),
    )
    .unwrap();
    assert!(matches!(
        desk.run("customer", rate(6)),
        Err(DomainError::Invalid(_))
    ));
    desk.run("customer", rate(4)).unwrap();
    desk.run("customer", rate(5)).unwrap();
    let rating = desk.state.rating(ORDER).unwrap();
    assert_eq!(
        (rating.score, rating.comment.as_str(), rating.version),
        (5, "很好", 2)
    );

    request(&mut desk, 1).unwrap();
    desk.run(
        "lead",
        Command::ApproveReturn(DecideReturn {
            id: CASE,
            reason: None,
        }),
    )
    .unwrap();
    desk.run(
        "keeper",
        Command::ReceiveReturn(ReceiveReturn {
            id: CASE,
            location: SH.into(),
        }),
    )
    .unwrap();
    desk.run(
        "keeper",
        Command::InspectReturn(InspectReturn {
            id: CASE,
            lines: vec![LineInspection {
                line_no: 1,
                restock: 0,
                scrap: 1,
            }],
        }),
    )
    .unwrap();
    let replacement = OrderId(Uuid::from_u128(2));
    desk.run(
        "service",
        Command::ExchangeReturn(ExchangeReturn {
            id: CASE,
            order_id: replacement,
            number: "SO-2".into(),
        }),
    )
    .unwrap();
    let new = desk.order(replacement);
    assert_eq!(new.status, OrderStatus::New);
    assert_eq!(new.total.amount, 0);
    assert_eq!(
        (new.lines[0].sku.as_str(), new.lines[0].quantity),
        ("TEA", 1)
    );
    assert_eq!(new.tags, ["exchange"]);
    assert_eq!(
        new.history[0].reason.as_deref(),
        Some(format!("exchange for SO-1 (return {CASE})").as_str())
    );
    assert_eq!(
        desk.state.return_case(CASE).unwrap().exchange_order,
        Some(replacement)
    );
}
