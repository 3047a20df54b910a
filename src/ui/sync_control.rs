//! Sync as the user sees it: the backend settings, online/offline, the last outcome, and
//! when sync runs — on demand, after a local change, every 30 s, and when the browser comes
//! back online. The engine itself is `crate::sync`.

use crate::store::BackendSettings;
use crate::sync::{ErrorClass, HttpAdapter, SyncReport, lock, sync_with_retry};
use crate::ui::console::Console;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Transient failures are retried this many times within one sync before giving up until
/// the next trigger.
const ATTEMPTS: u32 = 4;
const INTERVAL_MS: u32 = 30_000;

#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// No backend configured: the console is local only.
    LocalOnly,
    Idle,
    Syncing,
    Done {
        at: DateTime<Utc>,
        report: SyncReport,
    },
    Failed {
        message: String,
        class: ErrorClass,
    },
}

#[derive(Clone, Copy)]
pub struct SyncControl {
    console: Console,
    /// The backend, with its token (kept in memory even when not remembered).
    pub backend: RwSignal<Option<BackendSettings>>,
    pub status: RwSignal<SyncStatus>,
    pub online: RwSignal<bool>,
}

impl SyncControl {
    /// Creates the context, loads the saved backend and starts the triggers.
    pub fn provide(console: Console) -> SyncControl {
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        let control = SyncControl {
            console,
            backend: RwSignal::new(None),
            status: RwSignal::new(SyncStatus::LocalOnly),
            online: RwSignal::new(online),
        };
        provide_context(control);
        spawn_local(async move {
            if let Ok(Some(saved)) = console.store().backend_settings().await {
                control.backend.set(Some(saved));
                control.status.set(SyncStatus::Idle);
                control.sync_now();
            }
        });
        control.listen_to_connectivity();
        gloo_timers::callback::Interval::new(INTERVAL_MS, move || control.sync_now()).forget();
        control
    }

    fn listen_to_connectivity(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        for (event, up) in [("online", true), ("offline", false)] {
            let handler = Closure::<dyn Fn()>::new(move || {
                self.online.set(up);
                if up {
                    self.sync_now();
                }
            });
            let _ =
                window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            handler.forget(); // lives as long as the page
        }
    }

    /// Uses `settings` from now on; saves them (the token only when `remember`).
    pub fn connect(self, settings: BackendSettings, remember: bool) {
        let saved = BackendSettings {
            url: settings.url.clone(),
            token: settings.token.clone().filter(|_| remember),
        };
        self.backend.set(Some(settings));
        self.status.set(SyncStatus::Idle);
        let store = self.console.store();
        spawn_local(async move {
            if let Err(e) = store.save_backend_settings(Some(&saved)).await {
                self.status.set(SyncStatus::Failed {
                    message: e.to_string(),
                    class: ErrorClass::Stop,
                });
                return;
            }
            self.sync_now();
        });
    }

    pub fn disconnect(self) {
        self.backend.set(None);
        self.status.set(SyncStatus::LocalOnly);
        let store = self.console.store();
        spawn_local(async move {
            let _ = store.save_backend_settings(None).await;
        });
    }

    /// Starts a sync unless one is running, the browser is offline or there is no backend.
    pub fn sync_now(self) {
        let Some(backend) = self.backend.get_untracked() else {
            return;
        };
        if !self.online.get_untracked() || self.status.get_untracked() == SyncStatus::Syncing {
            return;
        }
        self.status.set(SyncStatus::Syncing);
        let mut adapter = HttpAdapter::new(&backend.url);
        if let Some(token) = backend.token.as_deref().filter(|t| !t.is_empty()) {
            adapter = adapter.header("Authorization", &format!("Bearer {token}"));
        }
        let console = self.console;
        spawn_local(async move {
            let store = console.store();
            let lock = format!("orderly-sync:{}", store.name());
            let work = move || async move {
                let sleep = |millis: u64| {
                    gloo_timers::future::TimeoutFuture::new(millis.min(u32::MAX as u64) as u32)
                };
                sync_with_retry(&store, &adapter, ATTEMPTS, sleep, js_sys::Math::random).await
            };
            // Another tab holding the lock is syncing this database already.
            let Some(result) = lock::if_available(&lock, work).await else {
                self.status.set(SyncStatus::Idle);
                return;
            };
            self.status.set(match result {
                Ok(report) => SyncStatus::Done {
                    at: Utc::now(),
                    report,
                },
                Err(e) => SyncStatus::Failed {
                    message: e.to_string(),
                    class: e.class(),
                },
            });
            console.notify_changed();
        });
    }
}

pub fn use_sync() -> SyncControl {
    expect_context::<SyncControl>()
}
