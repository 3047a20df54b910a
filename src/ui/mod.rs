//! The Leptos user interface. Pages are in `pages/` (one per screen), shared pieces in
//! `components/`. Data comes from the [`console::Console`] context, never from IndexedDB.

pub mod app;
pub mod components;
pub mod console;
pub mod demo;
pub mod format;
pub mod labels;
pub mod pages;
pub mod sync_control;
