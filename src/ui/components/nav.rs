//! The navigation: one entry per SOP stage, in the order an order moves through them.

use crate::i18n::*;
use crate::ui::components::language_switch::LanguageSwitch;
use crate::ui::components::sync_badge::SyncBadge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="nav" aria-label=move || t_string!(i18n, nav.label)>
            <div class="brand">{t!(i18n, app.title)}</div>
            <ul>
                <li><A href="/" exact=true>{t!(i18n, nav.dashboard)}</A></li>
                <li><A href="/orders">{t!(i18n, nav.orders)}</A></li>
                <li><A href="/inventory">{t!(i18n, nav.inventory)}</A></li>
                <li><A href="/fulfilment">{t!(i18n, nav.fulfilment)}</A></li>
                <li><A href="/after-sales">{t!(i18n, nav.after_sales)}</A></li>
                <li><A href="/reports">{t!(i18n, nav.reports)}</A></li>
                <li><A href="/settings">{t!(i18n, nav.settings)}</A></li>
            </ul>
            <SyncBadge/>
            <LanguageSwitch/>
        </nav>
    }
}
