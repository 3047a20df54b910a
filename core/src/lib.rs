//! orderly-core: the business rules of Orderly, shared by the console (wasm) and the
//! reference server (native).
//!
//! The core does no I/O. It never reads a clock or a random source: the current time,
//! the acting user and fresh ids arrive in a [`Context`], and results leave as values.

pub mod address;
pub mod after_sales;
pub mod allocation;
pub mod assignment;
pub mod carrier;
pub mod catalogue;
pub mod checklist;
pub mod command;
pub mod customer;
pub mod durations;
pub mod exception;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod fulfilment;
pub mod line_buckets;
pub mod location;
pub mod money;
pub mod operation;
pub mod order;
pub mod order_checks;
pub mod order_facts;
pub mod order_lifecycle;
pub mod pick_list;
pub mod price_list;
pub mod product;
pub mod rating;
pub mod replenishment;
pub mod reports;
pub mod return_case;
pub mod rollup;
pub mod shipment;
pub mod state;
pub mod status;
pub mod stock;
pub mod stock_commands;
pub mod sync;
pub mod time;
pub mod validation;

pub use address::Address;
pub use command::{
    AllocateAt, Command, Context, CreateOrder, DomainError, Effect, OrderDraft, OrderRef,
    OrderWithReason, State, StockAdjustment, StockReceipt, apply,
};
pub use exception::{Exception, ExceptionKind, ExceptionStatus};
pub use money::{Currency, Money};
pub use operation::{ClientId, OpId, Operation};
pub use order::{
    Channel, CustomerInfo, HistoryEntry, LineDraft, Order, OrderId, OrderLine, order_number,
};
pub use status::OrderStatus;
pub use validation::{Issue, IssueCode};
