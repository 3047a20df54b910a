//! The dashboard: how many orders there are, what waits for sync, and each stage's work
//! queue — orders waiting for stock, orders ready to pick, products with a stock alert,
//! open exceptions — each leading to the page where it is done.

use crate::i18n::*;
use crate::store::{Store, StoreError};
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use leptos::prelude::*;
use leptos_router::components::A;
use orderly_core::OrderStatus;
use orderly_core::replenishment::{alerts, totals};

/// The figures on the dashboard.
#[derive(Clone, Copy)]
struct Counts {
    orders: u32,
    pending: u32,
    exceptions: usize,
    waiting: u32,
    ready: u32,
    alerts: usize,
}

async fn counts(store: &Store) -> Result<Counts, StoreError> {
    let levels = totals(&store.all_stock_levels().await?);
    let alerting = store
        .products()
        .await?
        .iter()
        .filter(|p| {
            let level = levels.get(&p.sku).copied().unwrap_or_default();
            !alerts(p, &level).is_empty()
        })
        .count();
    Ok(Counts {
        orders: store.order_count().await?,
        pending: store.pending_count().await?,
        exceptions: store.open_exceptions().await?.len(),
        waiting: store.count_waiting().await?,
        ready: store.count_with_status(OrderStatus::Allocated).await?,
        alerts: alerting,
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let found = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { counts(&store).await }
    });
    view! {
        <h1>{t!(i18n, dashboard.title)}</h1>
        {move || found.get().map(|result| match result {
            Ok(c) => view! {
                <div class="tiles">
                    <section class="tile">
                        <h2>{t!(i18n, dashboard.orders_total)}</h2>
                        <p class="figure" data-testid="orders-total">{c.orders}</p>
                    </section>
                    <section class="tile">
                        <h2>{t!(i18n, dashboard.pending_ops)}</h2>
                        <p class="figure" data-testid="pending-ops">{c.pending}</p>
                    </section>
                    <section class="tile">
                        <h2><A href="/inventory">{t!(i18n, dashboard.waiting)}</A></h2>
                        <p class="figure" data-testid="waiting">{c.waiting}</p>
                    </section>
                    <section class="tile">
                        <h2><A href="/fulfilment">{t!(i18n, dashboard.ready)}</A></h2>
                        <p class="figure" data-testid="ready">{c.ready}</p>
                    </section>
                    <section class="tile">
                        <h2><A href="/inventory">{t!(i18n, dashboard.alerts)}</A></h2>
                        <p class="figure" data-testid="stock-alerts">{c.alerts}</p>
                    </section>
                    <section class="tile">
                        <h2><A href="/after-sales">{t!(i18n, dashboard.exceptions)}</A></h2>
                        <p class="figure" data-testid="open-exceptions">{c.exceptions}</p>
                    </section>
                </div>
            }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}
