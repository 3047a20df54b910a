//! The dashboard: how many orders there are, how many by status, what waits for sync.

use crate::i18n::*;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let counts = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move {
            Ok::<_, crate::store::StoreError>((
                store.order_count().await?,
                store.pending_count().await?,
                store.open_exceptions().await?.len(),
            ))
        }
    });
    view! {
        <h1>{t!(i18n, dashboard.title)}</h1>
        {move || counts.get().map(|result| match result {
            Ok((orders, pending, exceptions)) => view! {
                <div class="tiles">
                    <section class="tile">
                        <h2>{t!(i18n, dashboard.orders_total)}</h2>
                        <p class="figure" data-testid="orders-total">{orders}</p>
                    </section>
                    <section class="tile">
                        <h2>{t!(i18n, dashboard.pending_ops)}</h2>
                        <p class="figure" data-testid="pending-ops">{pending}</p>
                    </section>
                    <section class="tile">
                        <h2>{t!(i18n, dashboard.exceptions)}</h2>
                        <p class="figure" data-testid="open-exceptions">{exceptions}</p>
                    </section>
                </div>
            }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}
