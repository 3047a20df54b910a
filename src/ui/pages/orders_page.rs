//! The order list: newest first, one page through the `created_at` index; or the orders
//! in one status (the `status` index), or found by number or customer name (the
//! `number` and `customer` indexes) — never a scan of every order.

use crate::i18n::*;
use crate::store::RecordSync;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::{format, labels};
use leptos::prelude::*;
use leptos_router::components::A;
use orderly_core::{Order, OrderStatus};

/// How many orders the first screen shows.
const PAGE: u32 = 50;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let status = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let orders = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        let wanted = OrderStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == status.get());
        let query = query.get().trim().to_owned();
        async move {
            let mut orders = if !query.is_empty() {
                match store.order_by_number(&query).await? {
                    Some(order) => vec![order],
                    None => store.orders_of_customer(&query).await?,
                }
            } else if let Some(wanted) = wanted {
                store.orders_with_status(wanted).await?
            } else {
                store.recent_orders(PAGE).await?
            };
            if let Some(wanted) = wanted {
                orders.retain(|o| o.status == wanted);
            }
            orders.sort_by_key(|o| std::cmp::Reverse(o.created_at));
            orders.truncate(PAGE as usize);
            let ids: Vec<_> = orders.iter().map(|o| o.id).collect();
            let states = store.sync_states(&ids).await?;
            Ok::<_, crate::store::StoreError>(orders.into_iter().zip(states).collect::<Vec<_>>())
        }
    });
    view! {
        <header class="page-header">
            <h1>{t!(i18n, orders.title)}</h1>
            <A href="/orders/new" attr:class="button primary">{t!(i18n, orders.new)}</A>
        </header>
        <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            query.set(typed.get_untracked());
        }>
            <div class="field">
                <label for="filter-status">{t!(i18n, orders.filter_status)}</label>
                <select id="filter-status" bind:value=status>
                    <option value="">{t!(i18n, orders.all)}</option>
                    {OrderStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || labels::status(i18n.get_locale(), s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-search">{t!(i18n, orders.search)}</label>
                <input id="filter-search" type="search" bind:value=typed/>
            </div>
            <button type="submit" class="button">{t!(i18n, orders.find)}</button>
        </form>
        {move || orders.get().map(|result| match result {
            Ok(list) if list.is_empty() && (!query.get().is_empty() || !status.get().is_empty()) => {
                view! { <p class="empty">{t!(i18n, orders.none_found)}</p> }.into_any()
            }
            Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, orders.empty)}</p> }.into_any(),
            Ok(list) => view! { <OrderTable orders=list/> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}

#[component]
fn OrderTable(orders: Vec<(Order, RecordSync)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="orders">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, orders.number)}</th>
                    <th scope="col">{t!(i18n, orders.customer)}</th>
                    <th scope="col">{t!(i18n, orders.channel)}</th>
                    <th scope="col" class="num">{t!(i18n, orders.items)}</th>
                    <th scope="col" class="num">{t!(i18n, orders.total)}</th>
                    <th scope="col">{t!(i18n, orders.status)}</th>
                    <th scope="col">{t!(i18n, orders.created)}</th>
                    <th scope="col">{t!(i18n, orders.sync)}</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|(order, sync)| view! { <OrderRow order sync/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn OrderRow(order: Order, sync: RecordSync) -> impl IntoView {
    let i18n = use_i18n();
    let Order {
        number,
        customer,
        channel,
        status,
        total,
        created_at,
        ..
    } = order.clone();
    let items = order.item_count();
    view! {
        <tr>
            <td class="mono"><A href=format!("/orders/{}", order.id)>{number}</A></td>
            <td>{customer.name}</td>
            <td>{move || labels::channel(i18n.get_locale(), channel)}</td>
            <td class="num">{items}</td>
            <td class="num">{move || format::money(i18n.get_locale(), total)}</td>
            <td><span class=format!("status status-{}", status.as_str())>{move || labels::status(i18n.get_locale(), status)}</span></td>
            <td>{move || format::date_time(i18n.get_locale(), created_at)}</td>
            <td><span class=format!("sync sync-{sync:?}").to_lowercase()>{move || match sync {
                RecordSync::Pending => t_string!(i18n, sync.state_pending),
                RecordSync::Rejected => t_string!(i18n, sync.state_rejected),
                RecordSync::Synced => t_string!(i18n, sync.state_synced),
            }}</span></td>
        </tr>
    }
}
