//! One order: who, where, what, its history, and the next steps its status allows
//! (validate, confirm, hold, release, cancel). Refusals come from the core, translated.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::components::order_after_sales::OrderAfterSales;
use crate::ui::components::order_warnings::OrderWarnings;
use crate::ui::components::return_request::ReturnRequest;
use crate::ui::console::use_console;
use crate::ui::sync_control::use_sync;
use crate::ui::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use orderly_core::{Command, Order, OrderId, OrderRef, OrderStatus, OrderWithReason};

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .map(OrderId)
    };
    let order = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        let id = id();
        async move {
            match id {
                Some(id) => store.order(id).await,
                None => Ok(None),
            }
        }
    });
    view! {
        <p><A href="/orders">{t!(i18n, order.back)}</A></p>
        {move || order.get().map(|found| match found {
            Ok(Some(order)) => view! { <OrderDetail order/> }.into_any(),
            Ok(None) => view! { <p class="empty">{t!(i18n, order.not_found)}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}

#[component]
fn OrderDetail(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    let address = order.ship_to.clone().map(|a| {
        [
            a.country, a.province, a.city, a.district, a.line1, a.line2, a.postcode,
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    });
    let contact = [order.customer.phone.clone(), order.customer.email.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let total = order.total;
    let lines = order.lines.clone();
    let history = order.history.clone();
    view! {
        <header class="page-header">
            <h1 class="mono">{order.number.clone()}</h1>
            <span class=format!("status status-{}", status.as_str()) data-testid="order-status">
                {move || labels::status(i18n.get_locale(), status)}
            </span>
        </header>
        <div class="detail-grid">
            <section class="card">
                <h2>{t!(i18n, order.customer)}</h2>
                <p>{order.customer.name.clone()}</p>
                <p class="hint">{contact}</p>
                <h2>{t!(i18n, order.ship_to)}</h2>
                {match address {
                    Some(text) => view! { <p>{text}</p> }.into_any(),
                    None => view! { <p class="hint">{t!(i18n, order.no_address)}</p> }.into_any(),
                }}
            </section>
            <Actions id=order.id status/>
        </div>
        <OrderWarnings order=order.clone()/>
        <section class="card">
            <h2>{t!(i18n, order.lines)}</h2>
            <table class="orders">
                <thead><tr>
                    <th scope="col">"SKU"</th>
                    <th scope="col">{t!(i18n, form.product_name)}</th>
                    <th scope="col" class="num">{t!(i18n, form.quantity)}</th>
                    <th scope="col" class="num">{t!(i18n, order.unit_price)}</th>
                    <th scope="col" class="num">{t!(i18n, order.line_total)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr>
                            <td class="mono">{line.sku}</td>
                            <td>{line.name}</td>
                            <td class="num">{line.quantity}</td>
                            <td class="num">{move || format::money(i18n.get_locale(), line.unit_price)}</td>
                            <td class="num">{move || format::money(i18n.get_locale(), line.amount)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <td colspan="4">{t!(i18n, orders.total)}</td>
                    <td class="num">{move || format::money(i18n.get_locale(), total)}</td>
                </tr></tfoot>
            </table>
        </section>
        <section class="card">
            <h2>{t!(i18n, order.history)}</h2>
            <ol class="timeline" data-testid="history">
                {history.into_iter().map(|entry| view! {
                    <li>
                        <span class="when">{move || format::date_time(i18n.get_locale(), entry.at)}</span>
                        " "
                        <strong>{move || labels::status(i18n.get_locale(), entry.to)}</strong>
                        " · " {t!(i18n, order.by)} " " {entry.actor.clone()}
                        {entry.reason.clone().map(|r| view! { <span class="reason">" — " {r}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <ReturnRequest order=order.clone()/>
        <OrderAfterSales order=order.clone()/>
    }
}

/// The status changes the state machine allows from here.
#[component]
fn Actions(id: OrderId, status: OrderStatus) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let reason = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<StoreError>);
    let run = move |command: Command| {
        refusal.set(None);
        failure.set(None);
        spawn_local(async move {
            match console.store().run(command, console.actor()).await {
                Ok(_) => {
                    reason.set(String::new());
                    console.notify_changed();
                    sync.sync_now();
                }
                Err(StoreError::Domain(refused)) => refusal.set(Some(labels::domain_error(
                    i18n.get_locale_untracked(),
                    &refused,
                ))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let with_reason = move || OrderWithReason {
        order_id: id,
        reason: reason.get_untracked(),
    };
    let can = move |to: OrderStatus| status.can_move_to(to);
    let releasable = status == OrderStatus::OnHold;
    let allocatable = matches!(
        status,
        OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyAllocated
    );
    let allocate = move |_| {
        refusal.set(None);
        failure.set(None);
        spawn_local(async move {
            let store = console.store();
            let outcome = match store.order(id).await {
                Ok(Some(order)) => store.allocate(&[order], console.actor()).await.map(drop),
                Ok(None) => Ok(()),
                Err(error) => Err(error),
            };
            match outcome {
                Ok(()) => {
                    console.notify_changed();
                    sync.sync_now();
                }
                Err(StoreError::Domain(refused)) => refusal.set(Some(labels::domain_error(
                    i18n.get_locale_untracked(),
                    &refused,
                ))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <section class="card actions-card">
            <h2>{t!(i18n, order.actions)}</h2>
            <div class="actions">
                {can(OrderStatus::Validated).then(|| view! {
                    <button class="button primary" on:click=move |_| run(Command::ValidateOrder(OrderRef { order_id: id }))>{t!(i18n, order.validate)}</button>
                })}
                {can(OrderStatus::Confirmed).then(|| view! {
                    <button class="button primary" on:click=move |_| run(Command::ConfirmOrder(OrderRef { order_id: id }))>{t!(i18n, order.confirm)}</button>
                })}
                {allocatable.then(|| view! {
                    <button class="button primary" on:click=allocate>{t!(i18n, order.allocate)}</button>
                })}
                {releasable.then(|| view! {
                    <button class="button" on:click=move |_| run(Command::ReleaseOrder(OrderRef { order_id: id }))>{t!(i18n, order.release)}</button>
                })}
                {can(OrderStatus::OnHold).then(|| view! {
                    <button class="button" on:click=move |_| run(Command::HoldOrder(with_reason()))>{t!(i18n, order.hold)}</button>
                })}
                {can(OrderStatus::Cancelled).then(|| view! {
                    <button class="button danger" on:click=move |_| run(Command::CancelOrder(with_reason()))>{t!(i18n, order.cancel)}</button>
                })}
            </div>
            {matches!(status, OrderStatus::Allocated | OrderStatus::Picking | OrderStatus::Packed | OrderStatus::Shipped).then(|| view! {
                <p class="hint">{t!(i18n, order.next_in_fulfilment)} " " <A href="/fulfilment">{t!(i18n, nav.fulfilment)}</A></p>
            })}
            {(status == OrderStatus::Exception).then(|| view! {
                <p class="hint">{t!(i18n, order.next_in_after_sales)} " " <A href="/after-sales">{t!(i18n, nav.after_sales)}</A></p>
            })}
            {matches!(status, OrderStatus::Delivered | OrderStatus::Closed | OrderStatus::Cancelled).then(|| view! {
                <p class="hint">{t!(i18n, order.next_done)}</p>
            })}
            {(can(OrderStatus::OnHold) || can(OrderStatus::Cancelled)).then(|| view! {
                <div class="field">
                    <label for="reason">{t!(i18n, order.reason)}</label>
                    <input id="reason" type="text" bind:value=reason/>
                </div>
            })}
            {move || refusal.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        </section>
    }
}
