pub mod field;
pub mod language_switch;
pub mod nav;
pub mod notice;
pub mod order_after_sales;
pub mod order_warnings;
pub mod return_request;
pub mod sync_badge;
