//! The console context: the open store and a change counter that refreshes readers.

use crate::store::Store;
use crate::store::tabs::TabChannel;
use leptos::prelude::*;
use std::rc::Rc;

/// Shared by every page through `expect_context::<Console>()`.
#[derive(Clone, Copy)]
pub struct Console {
    store: StoredValue<Rc<Store>, LocalStorage>,
    /// Bumped after every successful mutation, here or in another tab; resources that read
    /// data track it.
    changed: RwSignal<u64>,
    tabs: StoredValue<Rc<TabChannel>, LocalStorage>,
}

impl Console {
    pub fn provide(store: Rc<Store>) -> Console {
        let changed = RwSignal::new(0);
        let tabs = TabChannel::open(&store.name(), move || changed.update(|n| *n += 1));
        let console = Console {
            store: StoredValue::new_local(store),
            changed,
            tabs: StoredValue::new_local(Rc::new(tabs)),
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

    /// Refreshes this tab's readers and tells the other tabs on this database.
    pub fn notify_changed(&self) {
        self.changed.update(|n| *n += 1);
        self.tabs.get_value().announce();
    }

    /// Who is acting. Until sign-in exists, every local change is made by "staff".
    pub fn actor(&self) -> &'static str {
        "staff"
    }
}

pub fn use_console() -> Console {
    expect_context::<Console>()
}
