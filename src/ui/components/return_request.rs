//! Asking for a return from the order page: how many units of each shipped line come
//! back, and why. The new case is then shown on the after-sales page, where it moves on.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::labels;
use crate::ui::sync_control::use_sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use orderly_core::Order;
use orderly_core::after_sales::ReturnRequestLine;
use orderly_core::return_case::ReturnReason;

const REASONS: [ReturnReason; 6] = [
    ReturnReason::Damaged,
    ReturnReason::WrongItem,
    ReturnReason::NotAsDescribed,
    ReturnReason::ChangedMind,
    ReturnReason::Late,
    ReturnReason::Other,
];

#[component]
pub fn ReturnRequest(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    // Lines with units out there that have not come back yet.
    let returnable: Vec<(u32, String, u32, RwSignal<String>)> = order
        .lines
        .iter()
        .filter(|l| l.shipped > l.returned)
        .map(|l| {
            (
                l.line_no,
                l.sku.clone(),
                l.shipped - l.returned,
                RwSignal::new(String::new()),
            )
        })
        .collect();
    if returnable.is_empty() {
        return ().into_any();
    }
    let reason = RwSignal::new(ReturnReason::Damaged.as_str().to_owned());
    let note = RwSignal::new(String::new());
    let navigate = leptos_router::hooks::use_navigate();
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<StoreError>);
    let order_id = order.id;
    let inputs = returnable.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        failure.set(None);
        let why = REASONS
            .into_iter()
            .find(|r| r.as_str() == reason.get_untracked())
            .unwrap_or(ReturnReason::Other);
        let lines: Vec<ReturnRequestLine> = inputs
            .iter()
            .filter_map(|(line_no, _, _, typed)| {
                let quantity = typed.get_untracked().trim().parse::<u32>().ok()?;
                (quantity > 0).then_some(ReturnRequestLine {
                    line_no: *line_no,
                    quantity,
                    reason: why,
                })
            })
            .collect();
        let note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        let navigate = navigate.clone();
        spawn_local(async move {
            match console
                .store()
                .request_return(order_id, lines, note, console.actor())
                .await
            {
                Ok(_) => {
                    console.notify_changed();
                    sync.sync_now();
                    navigate("/after-sales", Default::default());
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
        <section class="card" data-testid="return-request">
            <h2>{t!(i18n, after_sales.request)}</h2>
            <form class="order-form" on:submit=submit novalidate>
                {returnable.into_iter().map(|(line_no, sku, max, typed)| {
                    let id = format!("return-{line_no}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{t!(i18n, after_sales.return_quantity, sku = sku.clone(), max = max)}</label>
                            <input id=id type="text" inputmode="numeric" bind:value=typed/>
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="return-reason">{t!(i18n, after_sales.return_reason)}</label>
                    <select id="return-reason" bind:value=reason>
                        {REASONS.into_iter().map(|r| view! {
                            <option value=r.as_str()>{move || labels::return_reason(i18n.get_locale(), r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="return-note">{t!(i18n, after_sales.note)}</label>
                    <input id="return-note" type="text" bind:value=note/>
                </div>
                <button type="submit" class="button">{t!(i18n, after_sales.request)}</button>
            </form>
            {move || refusal.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        </section>
    }
    .into_any()
}
