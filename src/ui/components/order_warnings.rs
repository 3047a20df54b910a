//! What a clerk should know before moving an order on: SKUs short of stock, and orders
//! that look like this one entered twice. The rules are the core's
//! (`orderly_core::order_checks`); this only gathers what they look at.

use crate::i18n::*;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::labels;
use chrono::Duration;
use leptos::prelude::*;
use orderly_core::order_checks::{DUPLICATE_WINDOW_MINUTES, duplicate_issues, stock_warnings};
use orderly_core::{Issue, Order, OrderStatus};
use std::collections::BTreeMap;

/// Until it is allocated, an order may still be short; until it ships, it may be a
/// duplicate worth cancelling.
fn worth_checking(status: OrderStatus) -> (bool, bool) {
    use OrderStatus::*;
    let stock = matches!(
        status,
        New | Validated | OnHold | Confirmed | PartiallyAllocated | Backordered
    );
    let duplicate = matches!(status, New | Validated | OnHold | Confirmed);
    (stock, duplicate)
}

/// The line an issue is about (`lines[2].quantity` → 2).
fn line_of(issue: &Issue) -> Option<usize> {
    let rest = issue.field.strip_prefix("lines[")?;
    rest[..rest.find(']')?].parse().ok()
}

#[component]
pub fn OrderWarnings(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let (stock, duplicate) = worth_checking(order.status);
    let skus: Vec<String> = order.lines.iter().map(|l| l.sku.clone()).collect();
    let warnings = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        let order = order.clone();
        async move {
            let mut issues: Vec<Issue> = Vec::new();
            if stock {
                let mut available = BTreeMap::new();
                for line in &order.lines {
                    let levels = store.stock_levels(&line.sku).await?;
                    let total: i64 = levels.iter().map(|l| l.level.available()).sum();
                    available.insert(line.sku.clone(), total);
                }
                issues.extend(stock_warnings(&order, |sku| {
                    available.get(sku).copied().unwrap_or(0)
                }));
            }
            if duplicate {
                let others = store.orders_like(&order).await?;
                let window = Duration::minutes(DUPLICATE_WINDOW_MINUTES);
                issues.extend(duplicate_issues(&order, &others, window));
            }
            Ok::<_, crate::store::StoreError>(issues)
        }
    });
    move || {
        warnings.get().map(|found| match found {
            Ok(issues) if issues.is_empty() => ().into_any(),
            Ok(issues) => view! {
                <section class="card warnings" data-testid="order-warnings">
                    <h2>{t!(i18n, order.warnings)}</h2>
                    <ul>
                        {issues.into_iter().map(|issue| {
                            let sku = line_of(&issue).and_then(|i| skus.get(i).cloned());
                            view! {
                                <li class="warning">
                                    {sku.map(|sku| view! { <span class="mono">{sku}</span> " — " })}
                                    {move || labels::issue(i18n.get_locale(), &issue)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })
    }
}
