//! Settings: language, the sync backend, and what this console's local database is.

use crate::i18n::*;
use crate::store::BackendSettings;
use crate::ui::components::language_switch::LanguageSwitch;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::sync_control::{SyncStatus, use_sync};
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
        <BackendCard/>
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

/// Where the backend is, and the token for it.
#[component]
fn BackendCard() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let current = sync.backend.get_untracked();
    let url = RwSignal::new(current.as_ref().map(|b| b.url.clone()).unwrap_or_default());
    let token = RwSignal::new(current.and_then(|b| b.token).unwrap_or_default());
    let remember = RwSignal::new(false);
    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = url.get_untracked().trim().to_owned();
        if url.is_empty() {
            return;
        }
        let token = Some(token.get_untracked().trim().to_owned()).filter(|t| !t.is_empty());
        sync.connect(BackendSettings { url, token }, remember.get_untracked());
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, settings.backend)}</h2>
            <form class="backend-form" on:submit=connect>
                <div class="field">
                    <label for="backend.url">{t!(i18n, settings.backend_url)}</label>
                    <input id="backend.url" type="url" placeholder="http://127.0.0.1:8787" bind:value=url/>
                    <span class="hint">{t!(i18n, settings.backend_hint)}</span>
                </div>
                <div class="field">
                    <label for="backend.token">{t!(i18n, settings.token)}</label>
                    <input id="backend.token" type="password" autocomplete="off" bind:value=token/>
                </div>
                <label class="check">
                    <input type="checkbox" bind:checked=remember/>
                    {t!(i18n, settings.remember)}
                </label>
                <div class="actions">
                    <button type="submit" class="button primary">{t!(i18n, settings.connect)}</button>
                    <button type="button" class="button" on:click=move |_| sync.sync_now()
                        disabled=move || sync.backend.get().is_none()>
                        {t!(i18n, settings.sync_now)}
                    </button>
                    <button type="button" class="button" on:click=move |_| sync.disconnect()
                        disabled=move || sync.backend.get().is_none()>
                        {t!(i18n, settings.disconnect)}
                    </button>
                </div>
                {move || match sync.status.get() {
                    SyncStatus::Failed { message, .. } => Some(view! {
                        <p class="notice error" role="alert">{t!(i18n, sync.failed)}": "{message}</p>
                    }),
                    _ => None,
                }}
            </form>
        </section>
    }
}
