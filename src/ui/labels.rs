//! Translations of domain codes (statuses, channels, validation issues) for the current
//! locale. The core names things with stable codes; only the UI turns them into words.

use crate::i18n::*;
use orderly_core::return_case::{ReturnReason, ReturnStatus};
use orderly_core::stock::Movement;
use orderly_core::{Channel, DomainError, ExceptionKind, Issue, IssueCode, OrderStatus};

pub fn status(locale: Locale, status: OrderStatus) -> &'static str {
    use OrderStatus::*;
    match status {
        New => td_string!(locale, status.new),
        Validated => td_string!(locale, status.validated),
        OnHold => td_string!(locale, status.on_hold),
        Confirmed => td_string!(locale, status.confirmed),
        PartiallyAllocated => td_string!(locale, status.partially_allocated),
        Allocated => td_string!(locale, status.allocated),
        Backordered => td_string!(locale, status.backordered),
        Picking => td_string!(locale, status.picking),
        Packed => td_string!(locale, status.packed),
        Shipped => td_string!(locale, status.shipped),
        Delivered => td_string!(locale, status.delivered),
        Closed => td_string!(locale, status.closed),
        Cancelled => td_string!(locale, status.cancelled),
        Exception => td_string!(locale, status.exception),
    }
}

pub fn exception_kind(locale: Locale, kind: ExceptionKind) -> &'static str {
    match kind {
        ExceptionKind::Delay => td_string!(locale, exception_kind.delay),
        ExceptionKind::Damage => td_string!(locale, exception_kind.damage),
        ExceptionKind::Lost => td_string!(locale, exception_kind.lost),
        ExceptionKind::Address => td_string!(locale, exception_kind.address),
        ExceptionKind::Oversell => td_string!(locale, exception_kind.oversell),
        ExceptionKind::SyncRejected => td_string!(locale, exception_kind.sync_rejected),
    }
}

/// A resolution code; codes this build does not know are shown as they are.
/// The kind of a stock movement, and its quantity as a signed change of the bucket it
/// moves (on hand, or reserved / incoming for the movements that only promise).
pub fn movement(locale: Locale, movement: &Movement) -> (&'static str, String) {
    let signed = |q: i64| {
        if q > 0 {
            format!("+{q}")
        } else {
            q.to_string()
        }
    };
    match *movement {
        Movement::Expect { quantity } => {
            (td_string!(locale, inventory.kind_expect), signed(quantity))
        }
        Movement::Receipt { quantity } => {
            (td_string!(locale, inventory.kind_receipt), signed(quantity))
        }
        Movement::Reserve { quantity } => (
            td_string!(locale, inventory.kind_reserve),
            quantity.to_string(),
        ),
        Movement::Release { quantity } => (
            td_string!(locale, inventory.kind_release),
            quantity.to_string(),
        ),
        Movement::Pick { quantity } => (td_string!(locale, inventory.kind_pick), signed(-quantity)),
        Movement::Ship { quantity } => (
            td_string!(locale, inventory.kind_ship),
            quantity.to_string(),
        ),
        Movement::Return { quantity } => {
            (td_string!(locale, inventory.kind_return), signed(quantity))
        }
        Movement::Adjust { delta } => (td_string!(locale, inventory.kind_adjust), signed(delta)),
        Movement::Count { counted, delta } => (
            td_string!(locale, inventory.kind_count),
            format!("{counted} ({})", signed(delta)),
        ),
    }
}

/// What a backend's rejection means, by its reason code (`DomainError::code`).
pub fn rejection(locale: Locale, code: &str) -> &'static str {
    match code {
        "conflict" => td_string!(locale, sync.rejected_conflict),
        "insufficient_stock" => td_string!(locale, sync.rejected_insufficient_stock),
        "invalid" => td_string!(locale, sync.rejected_invalid),
        "transition_refused" => td_string!(locale, sync.rejected_transition_refused),
        _ => td_string!(locale, sync.rejected_other),
    }
}

pub fn resolution(locale: Locale, code: &str) -> String {
    match code {
        "retried" => td_string!(locale, resolution.retried).to_string(),
        "reshipped" => td_string!(locale, resolution.reshipped).to_string(),
        "refunded" => td_string!(locale, resolution.refunded).to_string(),
        "address_corrected" => td_string!(locale, resolution.address_corrected).to_string(),
        "other" => td_string!(locale, resolution.other).to_string(),
        "reapplied" => td_string!(locale, resolution.reapplied).to_string(),
        other => other.to_owned(),
    }
}

pub fn return_status(locale: Locale, status: ReturnStatus) -> &'static str {
    match status {
        ReturnStatus::Requested => td_string!(locale, return_status.requested),
        ReturnStatus::Approved => td_string!(locale, return_status.approved),
        ReturnStatus::Refused => td_string!(locale, return_status.refused),
        ReturnStatus::Received => td_string!(locale, return_status.received),
        ReturnStatus::Inspected => td_string!(locale, return_status.inspected),
        ReturnStatus::Refunded => td_string!(locale, return_status.refunded),
        ReturnStatus::Exchanged => td_string!(locale, return_status.exchanged),
    }
}

pub fn return_reason(locale: Locale, reason: ReturnReason) -> &'static str {
    match reason {
        ReturnReason::Damaged => td_string!(locale, return_reason.damaged),
        ReturnReason::WrongItem => td_string!(locale, return_reason.wrong_item),
        ReturnReason::NotAsDescribed => td_string!(locale, return_reason.not_as_described),
        ReturnReason::ChangedMind => td_string!(locale, return_reason.changed_mind),
        ReturnReason::Late => td_string!(locale, return_reason.late),
        ReturnReason::Other => td_string!(locale, return_reason.other),
    }
}

pub fn channel(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::Manual => td_string!(locale, channel.manual),
        Channel::Phone => td_string!(locale, channel.phone),
        Channel::Email => td_string!(locale, channel.email),
        Channel::Shopify => td_string!(locale, channel.shopify),
        Channel::Woocommerce => td_string!(locale, channel.woocommerce),
        Channel::Taobao => td_string!(locale, channel.taobao),
        Channel::Tmall => td_string!(locale, channel.tmall),
        Channel::Csv => td_string!(locale, channel.csv),
        Channel::Api => td_string!(locale, channel.api),
    }
}

/// One sentence for an issue, e.g. "At most 100 characters."
pub fn issue(locale: Locale, issue: &Issue) -> String {
    let param = |key: &str| issue.params.get(key).cloned().unwrap_or_default();
    match issue.code {
        IssueCode::Required => td_string!(locale, issue.required).to_string(),
        IssueCode::TooLong => td_string!(locale, issue.too_long, max = param("max")).to_string(),
        IssueCode::InvalidPhone => td_string!(locale, issue.invalid_phone).to_string(),
        IssueCode::InvalidEmail => td_string!(locale, issue.invalid_email).to_string(),
        IssueCode::NoLines => td_string!(locale, issue.no_lines).to_string(),
        IssueCode::QuantityNotPositive => {
            td_string!(locale, issue.quantity_not_positive).to_string()
        }
        IssueCode::PriceNegative => td_string!(locale, issue.price_negative).to_string(),
        IssueCode::AmountTooLarge => td_string!(locale, issue.amount_too_large).to_string(),
        IssueCode::NotANumber => td_string!(locale, issue.not_a_number).to_string(),
        IssueCode::InvalidCountry => td_string!(locale, issue.invalid_country).to_string(),
        IssueCode::InvalidPostcode => td_string!(locale, issue.invalid_postcode).to_string(),
        IssueCode::TooLarge => td_string!(locale, issue.too_large, max = param("max")).to_string(),
        IssueCode::Duplicate => td_string!(locale, issue.duplicate).to_string(),
        IssueCode::InvalidBarcode => td_string!(locale, issue.invalid_barcode).to_string(),
        IssueCode::QuantityNegative => td_string!(locale, issue.quantity_negative).to_string(),
        IssueCode::UnknownProduct => td_string!(locale, issue.unknown_product).to_string(),
        IssueCode::UnknownLocation => td_string!(locale, issue.unknown_location).to_string(),
        IssueCode::UnknownBin => td_string!(locale, issue.unknown_bin).to_string(),
        IssueCode::ProductInactive => td_string!(locale, issue.product_inactive).to_string(),
        IssueCode::PriceAboveList => td_string!(locale, issue.price_above_list).to_string(),
        IssueCode::DiscountTooLarge => td_string!(locale, issue.discount_too_large).to_string(),
        IssueCode::StockShort => {
            td_string!(locale, issue.stock_short, available = param("available")).to_string()
        }
        IssueCode::DuplicateExternalRef => {
            td_string!(locale, issue.duplicate_external_ref, order = param("order")).to_string()
        }
        IssueCode::PossibleDuplicate => {
            td_string!(locale, issue.possible_duplicate, order = param("order")).to_string()
        }
        IssueCode::QuantityMismatch => td_string!(
            locale,
            issue.quantity_mismatch,
            expected = param("expected")
        )
        .to_string(),
        IssueCode::InvalidCode => td_string!(locale, issue.invalid_code).to_string(),
        IssueCode::OutOfRange => td_string!(
            locale,
            issue.out_of_range,
            min = param("min"),
            max = param("max")
        )
        .to_string(),
    }
}

/// One sentence for a refused command.
pub fn domain_error(locale: Locale, error: &DomainError) -> String {
    match error {
        DomainError::Invalid(issues) => issues
            .iter()
            .map(|i| format!("{} — {}", i.field, issue(locale, i)))
            .collect::<Vec<_>>()
            .join(" "),
        DomainError::TransitionRefused { from, to } => td_string!(
            locale,
            order.refused,
            from = status(locale, *from),
            to = status(locale, *to)
        )
        .to_string(),
        DomainError::OrderNotFound(_) => td_string!(locale, order.not_found).to_string(),
        DomainError::OrderExists(_) => td_string!(locale, order.exists).to_string(),
        DomainError::InsufficientStock {
            sku,
            location,
            available,
            requested,
        } => td_string!(
            locale,
            order.insufficient_stock,
            sku = sku,
            location = location,
            available = available,
            requested = requested
        )
        .to_string(),
        DomainError::StockRule(rule) => {
            td_string!(locale, order.stock_rule, reason = rule).to_string()
        }
        DomainError::NotFound { id, .. } => {
            td_string!(locale, order.record_not_found, id = id).to_string()
        }
        DomainError::Exists { id, .. } => {
            td_string!(locale, order.record_exists, id = id).to_string()
        }
        DomainError::NothingToPick { order, location } => td_string!(
            locale,
            order.nothing_to_pick,
            order = order,
            location = location
        )
        .to_string(),
        DomainError::AlreadyOnPickList { order, location } => td_string!(
            locale,
            order.already_on_pick_list,
            order = order,
            location = location
        )
        .to_string(),
        DomainError::WrongItem { code } => {
            td_string!(locale, order.wrong_item, code = code).to_string()
        }
        DomainError::OverPick {
            sku,
            remaining,
            scanned,
        } => td_string!(
            locale,
            order.over_pick,
            sku = sku,
            scanned = scanned,
            remaining = remaining
        )
        .to_string(),
        DomainError::NotPicked { order, remaining } => td_string!(
            locale,
            order.not_picked,
            order = order,
            remaining = remaining
        )
        .to_string(),
        DomainError::UnitsPicked { order, picked } => {
            td_string!(locale, order.units_picked, order = order, picked = picked).to_string()
        }
        DomainError::Conflict {
            id, base, current, ..
        } => td_string!(
            locale,
            order.conflict,
            id = id,
            base = base,
            current = current
        )
        .to_string(),
        DomainError::ChecklistIncomplete { category, missing } => td_string!(
            locale,
            order.checklist_incomplete,
            category = category,
            missing = missing.join(", ")
        )
        .to_string(),
        DomainError::ShipmentState {
            status, expected, ..
        } => td_string!(
            locale,
            order.shipment_state,
            status = status,
            expected = expected
        )
        .to_string(),
        DomainError::ReturnRefused { from, to } => {
            td_string!(locale, order.return_refused, from = from, to = to).to_string()
        }
        DomainError::Buckets(reason) => {
            td_string!(locale, order.buckets, reason = reason).to_string()
        }
    }
}
