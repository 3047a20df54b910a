//! The application: opening the store, the router and the shell around every page.

use crate::i18n::*;
use crate::store::Store;
use crate::ui::components::nav::Nav;
use crate::ui::console::Console;
use crate::ui::pages::{
    after_sales_page::AfterSalesPage, dashboard_page::DashboardPage,
    fulfilment_page::FulfilmentPage, inventory_page::InventoryPage, new_order_page::NewOrderPage,
    order_page::OrderPage, orders_page::OrdersPage, reports_page::ReportsPage,
    settings_page::SettingsPage,
};
use crate::ui::sync_control::SyncControl;
use crate::ui::{components::notice::ErrorNotice, demo};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::rc::Rc;

/// The database the standalone page uses.
pub const STANDALONE_DB: &str = "orderly";

/// The standalone console (`index.html`): IndexedDB only, demo data on first start.
#[component]
pub fn StandaloneApp() -> impl IntoView {
    let opened = LocalResource::new(|| async {
        let store = Store::open(STANDALONE_DB).await?;
        demo::seed_if_empty(&store).await?;
        Ok::<_, crate::store::StoreError>(Rc::new(store))
    });
    view! {
        <I18nContextProvider>
            {move || match opened.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                Some(Ok(store)) => {
                    // The resource never reruns (it tracks nothing), so the store moves here once.
                    let console = Console::provide(store);
                    SyncControl::provide(console);
                    view! { <Shell/> }.into_any()
                }
            }}
        </I18nContextProvider>
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{t!(i18n, common.loading)}</p> }
}

/// Navigation and the page area.
#[component]
pub fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Router>
            <div class="shell">
                <Nav/>
                <main class="page">
                    <Routes fallback=move || view! { <p>{t!(i18n, common.not_found)}</p> }>
                        <Route path=path!("/") view=DashboardPage/>
                        <Route path=path!("/orders") view=OrdersPage/>
                        <Route path=path!("/orders/new") view=NewOrderPage/>
                        <Route path=path!("/orders/:id") view=OrderPage/>
                        <Route path=path!("/inventory") view=InventoryPage/>
                        <Route path=path!("/fulfilment") view=FulfilmentPage/>
                        <Route path=path!("/after-sales") view=AfterSalesPage/>
                        <Route path=path!("/reports") view=ReportsPage/>
                        <Route path=path!("/settings") view=SettingsPage/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
