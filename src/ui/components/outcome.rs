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
use orderly_core::Command;
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
        let Outcome {
            console,
            sync,
            i18n,
            ..
        } = self;
        self.refusal.set(None);
        self.failure.set(None);
        spawn_local(async move {
            match action.await {
                Ok(_) => {
                    console.notify_changed();
                    sync.sync_now();
                }
                Err(StoreError::Domain(refused)) => self.refusal.set(Some(labels::domain_error(
                    i18n.get_locale_untracked(),
                    &refused,
                ))),
                Err(error) => self.failure.set(Some(error)),
            }
        });
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
