pub mod dashboard_page;
pub mod fulfilment_page;
pub mod inventory_page;
pub mod new_order_page;
pub mod order_page;
pub mod orders_page;
pub mod settings_page;
pub mod stage_page;
