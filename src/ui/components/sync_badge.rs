//! The sync state in the navigation: online or offline, what waits, the last outcome.

use crate::i18n::*;
use crate::sync::ErrorClass;
use crate::ui::console::use_console;
use crate::ui::format;
use crate::ui::sync_control::{SyncStatus, use_sync};
use leptos::prelude::*;

#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let pending = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { store.pending_count().await.unwrap_or(0) }
    });
    let connectivity = move || {
        if sync.online.get() {
            t_string!(i18n, sync.online)
        } else {
            t_string!(i18n, sync.offline)
        }
    };
    let outcome = move || match sync.status.get() {
        SyncStatus::LocalOnly => t_string!(i18n, sync.local_only).to_string(),
        SyncStatus::Idle => String::new(),
        SyncStatus::Syncing => t_string!(i18n, sync.syncing).to_string(),
        SyncStatus::Done { at, .. } => {
            let time = format::time(i18n.get_locale(), at);
            td_string!(i18n.get_locale(), sync.synced_at, time = time).to_string()
        }
        SyncStatus::Failed {
            class: ErrorClass::Credentials,
            ..
        } => t_string!(i18n, sync.credentials).to_string(),
        SyncStatus::Failed { message, .. } => {
            format!("{}: {message}", t_string!(i18n, sync.failed))
        }
    };
    view! {
        <div class="sync-badge" role="status" data-testid="sync-badge"
            class:offline=move || !sync.online.get()
            class:failed=move || matches!(sync.status.get(), SyncStatus::Failed { .. })>
            <span class="dot"></span>
            <span data-testid="connectivity">{connectivity}</span>
            <span data-testid="pending">{move || pending.get().map(|count| td_string!(i18n.get_locale(), sync.pending, count = count).to_string())}</span>
            <span class="outcome" data-testid="sync-outcome">{outcome}</span>
        </div>
    }
}
