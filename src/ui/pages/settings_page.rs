//! Settings: language, and what this console's local database is.

use crate::i18n::*;
use crate::ui::components::language_switch::LanguageSwitch;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let store = console.store();
    let name = store.name();
    let client_id = store.client_id().0.to_string();
    let version = store.version().map(|v| v.to_string()).unwrap_or_default();
    let pending = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { store.pending_count().await }
    });
    view! {
        <h1>{t!(i18n, settings.title)}</h1>
        <section class="card">
            <LanguageSwitch/>
        </section>
        <section class="card">
            <h2>{t!(i18n, settings.local_data)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, settings.database)}</dt><dd class="mono">{name}</dd>
                <dt>{t!(i18n, settings.client_id)}</dt><dd class="mono" data-testid="client-id">{client_id}</dd>
                <dt>{t!(i18n, settings.schema)}</dt><dd>{version}</dd>
                <dt>{t!(i18n, settings.pending)}</dt>
                <dd>{move || pending.get().map(|r| match r {
                    Ok(n) => n.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                })}</dd>
            </dl>
            <p class="hint">{t!(i18n, settings.sync_later)}</p>
        </section>
    }
}
