//! Checks of an order against the rest of the business: the catalogue (product exists and
//! is sold, price within the price list), the stock (enough available, as a warning: the
//! order can still be backordered) and other orders (duplicates).
//!
//! Each returns [`Issue`]s with the line's field path and parameters, like the input
//! checks, so the console shows them next to the field in either language.

use crate::command::State;
use crate::order::Order;
use crate::status::OrderStatus;
use crate::validation::{Issue, IssueCode};
use chrono::Duration;

/// Every line's product exists and is active, and its price is within the price list of
/// the order's currency (a SKU missing from the list is priced at the product's price).
/// Without a price list for the currency there is no price rule to break.
pub fn catalogue_issues(state: &impl State, order: &Order) -> Vec<Issue> {
    let mut issues = Vec::new();
    let price_list = state.price_list(order.currency);
    for (i, line) in order.lines.iter().enumerate() {
        let Some(product) = state.product(&line.sku) else {
            issues.push(
                Issue::new(IssueCode::UnknownProduct, format!("lines[{i}].sku"))
                    .with("sku", &line.sku),
            );
            continue;
        };
        if !product.active {
            issues.push(
                Issue::new(IssueCode::ProductInactive, format!("lines[{i}].sku"))
                    .with("sku", &line.sku),
            );
        }
        if let Some(list) = price_list {
            let fallback = if product.price.currency == order.currency {
                product.price.amount
            } else {
                line.unit_price.amount
            };
            issues.extend(list.check(
                &format!("lines[{i}].unit_price"),
                &line.sku,
                fallback,
                line.unit_price.amount,
            ));
        }
    }
    issues
}

/// SKUs the order wants more of than is available in total (`available` sums every
/// location). One warning per SKU, on its first line.
pub fn stock_warnings(order: &Order, available: impl Fn(&str) -> i64) -> Vec<Issue> {
    let mut seen: Vec<&str> = Vec::new();
    let mut issues = Vec::new();
    for (i, line) in order.lines.iter().enumerate() {
        if seen.contains(&line.sku.as_str()) {
            continue;
        }
        seen.push(&line.sku);
        let wanted: i64 = order
            .lines
            .iter()
            .filter(|l| l.sku == line.sku)
            .map(|l| i64::from(l.open() - l.allocated.min(l.open())))
            .sum();
        let have = available(&line.sku);
        if wanted > have {
            issues.push(
                Issue::new(IssueCode::StockShort, format!("lines[{i}].quantity"))
                    .with("available", have.max(0))
                    .with("wanted", wanted),
            );
        }
    }
    issues
}

/// How close in time two orders of the same customer and items must be to look like one
/// order entered twice.
pub const DUPLICATE_WINDOW_MINUTES: i64 = 24 * 60;

/// Other orders that look like this one: the same channel and external reference (a
/// marketplace order imported twice), or the same customer with the same items within
/// `window`. Cancelled orders do not count.
pub fn duplicate_issues<'a>(
    order: &Order,
    others: impl IntoIterator<Item = &'a Order>,
    window: Duration,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    let items = |o: &Order| {
        let mut items: Vec<(String, u32)> = o
            .lines
            .iter()
            .map(|l| (l.sku.clone(), l.quantity))
            .collect();
        items.sort();
        items
    };
    let mine = items(order);
    let customer = |o: &Order| {
        (
            o.customer.name.trim().to_lowercase(),
            o.customer.phone.clone(),
            o.customer.email.as_ref().map(|e| e.trim().to_lowercase()),
        )
    };
    for other in others {
        if other.id == order.id || other.status == OrderStatus::Cancelled {
            continue;
        }
        let same_ref = order.external_ref.is_some()
            && other.channel == order.channel
            && other.external_ref == order.external_ref;
        if same_ref {
            issues.push(
                Issue::new(IssueCode::DuplicateExternalRef, "external_ref")
                    .with("order", &other.number),
            );
            continue;
        }
        let close = (other.created_at - order.created_at).abs() <= window;
        if close && customer(other) == customer(order) && items(other) == mine {
            issues.push(
                Issue::new(IssueCode::PossibleDuplicate, "lines").with("order", &other.number),
            );
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, CreateOrder};
    use crate::fixtures::{Desk, phone_order};
    use crate::money::Currency;
    use crate::order::{Channel, OrderId};
    use crate::price_list::PriceList;
    use uuid::Uuid;

    /// TEA at ¥168.
    fn tea(active: bool) -> Command {
        let mut tea = crate::fixtures::product("TEA", 16_800);
        tea.active = active;
        Command::SaveProduct(Box::new(tea))
    }

    fn order(desk: &mut Desk, n: u128, unit_price: i64) -> Order {
        let mut draft = phone_order("李雷");
        draft.lines[0].unit_price = unit_price;
        draft.lines.push(crate::order::LineDraft {
            sku: "MUG".into(),
            name: "Mug".into(),
            quantity: 1,
            unit_price: 100,
        });
        desk.run(
            "clerk",
            Command::CreateOrder(Box::new(CreateOrder {
                id: OrderId(Uuid::from_u128(n)),
                number: format!("SO-{n}"),
                order: draft,
            })),
        )
        .unwrap();
        desk.order(OrderId(Uuid::from_u128(n)))
    }

    fn found(issues: &[Issue]) -> Vec<String> {
        issues
            .iter()
            .map(|i| format!("{}:{}", i.field, i.code.as_str()))
            .collect()
    }

    #[test]
    fn unknown_and_inactive_products_and_prices_outside_the_list_are_named_per_line() {
        let mut desk = Desk::default();
        desk.run("admin", tea(false)).unwrap();
        desk.run(
            "admin",
            Command::SavePriceList(Box::new(PriceList {
                currency: Currency::CNY,
                prices: Default::default(),
                tolerance_bp: 0,
                max_discount_bp: 1_000,
                version: 0,
                rev: None,
            })),
        )
        .unwrap();
        let o = order(&mut desk, 1, 14_000);
        assert_eq!(
            found(&catalogue_issues(&desk.state, &o)),
            [
                "lines[0].sku:product_inactive",
                "lines[0].unit_price:discount_too_large",
                "lines[1].sku:unknown_product"
            ]
        );
        let edit = desk.edit(tea(true));
        desk.run("admin", edit).unwrap();
        let o = order(&mut desk, 2, 15_200);
        assert_eq!(
            found(&catalogue_issues(&desk.state, &o)),
            ["lines[1].sku:unknown_product"],
            "a 9.5 % discount is within the 10 % allowed"
        );
    }

    #[test]
    fn short_stock_is_a_warning_per_sku() {
        let mut desk = Desk::default();
        let o = order(&mut desk, 1, 16_800);
        let issues = stock_warnings(&o, |sku| if sku == "TEA" { 1 } else { 5 });
        assert_eq!(found(&issues), ["lines[0].quantity:stock_short"]);
        assert_eq!(issues[0].params["available"], "1");
        assert_eq!(issues[0].params["wanted"], "2");
    }

    #[test]
    fn the_same_marketplace_order_or_the_same_basket_soon_after_is_a_duplicate() {
        let mut desk = Desk::default();
        let mut first = order(&mut desk, 1, 16_800);
        let mut second = order(&mut desk, 2, 16_800);
        let window = Duration::minutes(DUPLICATE_WINDOW_MINUTES);
        assert_eq!(
            found(&duplicate_issues(&second, [&first], window)),
            ["lines:possible_duplicate"]
        );
        second.created_at += Duration::days(2);
        assert!(duplicate_issues(&second, [&first], window).is_empty());
        for o in [&mut first, &mut second] {
            o.channel = Channel::Tmall;
            o.external_ref = Some("TM-88".into());
        }
        let issues = duplicate_issues(&second, [&first], window);
        assert_eq!(found(&issues), ["external_ref:duplicate_external_ref"]);
        assert_eq!(issues[0].params["order"], "SO-1");
        first.status = OrderStatus::Cancelled;
        assert!(duplicate_issues(&second, [&first], window).is_empty());
    }
}
