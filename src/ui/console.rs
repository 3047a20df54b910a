//! The console context: the open store and a change counter that refreshes readers.

use crate::store::Store;
use leptos::prelude::*;
use std::rc::Rc;

/// Shared by every page through `expect_context::<Console>()`.
#[derive(Clone, Copy)]
pub struct Console {
    store: StoredValue<Rc<Store>, LocalStorage>,
    /// Bumped after every successful mutation; resources that read data track it.
    changed: RwSignal<u64>,
}

impl Console {
    pub fn provide(store: Rc<Store>) -> Console {
        let console = Console {
            store: StoredValue::new_local(store),
            changed: RwSignal::new(0),
        };
        provide_context(console);
        console
    }

    pub fn store(&self) -> Rc<Store> {
        self.store.get_value()
    }

    /// Call inside a resource's fetcher so that it reruns after each mutation.
    pub fn track_changes(&self) {
        self.changed.track();
    }

    pub fn notify_changed(&self) {
        self.changed.update(|n| *n += 1);
    }

    /// Who is acting. Until sign-in exists, every local change is made by "staff".
    pub fn actor(&self) -> &'static str {
        "staff"
    }
}

pub fn use_console() -> Console {
    expect_context::<Console>()
}
