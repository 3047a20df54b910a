//! How a page reports what became of an action: the core's refusal in the user's
//! language, or a storage failure with its real cause; on success, the page refreshes and
//! sync starts. Made once per page (it reads the page's contexts), then copied into every
//! handler.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::{Console, use_console};
use crate::ui::labels;
use crate::ui::sync_control::{SyncControl, use_sync};
use leptos::prelude::*;
use leptos::task::spawn_local;
use orderly_core::{Command, DomainError, Issue};
use std::future::Future;

#[derive(Clone, Copy)]
pub struct Outcome {
    refusal: RwSignal<Option<String>>,
    failure: RwSignal<Option<StoreError>>,
    console: Console,
    sync: SyncControl,
    i18n: leptos_i18n::I18nContext<Locale>,
}

impl Outcome {
    /// Call in a component's body, where its contexts are.
    pub fn for_page() -> Outcome {
        Outcome {
            refusal: RwSignal::new(None),
            failure: RwSignal::new(None),
            console: use_console(),
            sync: use_sync(),
            i18n: use_i18n(),
        }
    }

    /// Runs `action`; on success the page refreshes and sync starts.
    pub fn run<F, T>(self, action: F)
    where
        F: Future<Output = Result<T, StoreError>> + 'static,
    {
        self.clear();
        spawn_local(async move { self.settle(action.await) });
    }

    /// Forgets what the last action came to.
    pub fn clear(self) {
        self.refusal.set(None);
        self.failure.set(None);
    }

    /// Runs a form's `command`: its validation issues go to `issues` (shown beside their
    /// fields), any other refusal or failure to this outcome; after success `saved` runs,
    /// the page refreshes and sync starts.
    pub fn submit(
        self,
        command: Command,
        issues: RwSignal<Vec<Issue>>,
        saved: impl FnOnce() + 'static,
    ) {
        self.clear();
        issues.set(Vec::new());
        let console = self.console;
        let store = console.store();
        spawn_local(async move {
            match store.run(command, console.actor()).await {
                Err(StoreError::Domain(DomainError::Invalid(found))) => issues.set(found),
                result => {
                    if result.is_ok() {
                        saved();
                    }
                    self.settle(result);
                }
            }
        });
    }

    /// Shows what became of an action; on success the page refreshes and sync starts.
    fn settle<T>(self, result: Result<T, StoreError>) {
        match result {
            Ok(_) => {
                self.console.notify_changed();
                self.sync.sync_now();
            }
            Err(StoreError::Domain(refused)) => self.refusal.set(Some(labels::domain_error(
                self.i18n.get_locale_untracked(),
                &refused,
            ))),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    /// Runs one command as the console's user.
    pub fn command(self, command: Command) {
        let console = self.console;
        let store = console.store();
        self.run(async move { store.run(command, console.actor()).await });
    }

    /// Shows a refusal the page found itself (a field that is not a number).
    pub fn refuse(self, text: String) {
        self.refusal.set(Some(text));
    }
}

/// Where a page shows its [`Outcome`].
#[component]
pub fn OutcomeNotice(outcome: Outcome) -> impl IntoView {
    view! {
        {move || outcome.refusal.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
        {move || outcome.failure.get().map(|error| view! { <ErrorNotice error/> })}
    }
}
