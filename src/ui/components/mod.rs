pub mod language_switch;
pub mod nav;
pub mod notice;
pub mod sync_badge;
