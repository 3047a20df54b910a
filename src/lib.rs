//! Orderly, the console: Leptos (client-side rendered) on top of the local store.
//!
//! Layers (see ARCHITECTURE.md): `ui` → `store` → `orderly_core`. The UI never touches
//! IndexedDB; the store never decides a business rule.

pub mod store;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Mounts the standalone console on `<body>` (the page `index.html`).
pub fn start_standalone() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::app::StandaloneApp);
}
