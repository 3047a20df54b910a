//! After-sales from the order page: report a problem with the order (an exception with
//! its SLA; damage, a lost parcel or an address problem stop the order until resolved),
//! and record the customer's rating once it is delivered.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::labels;
use crate::ui::sync_control::use_sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use orderly_core::after_sales::RecordRating;
use orderly_core::state::{Entity, Key};
use orderly_core::{Command, ExceptionKind, Order, OrderStatus};

/// The kinds a person reports by hand (sync rejections come from the backend).
const REPORTED: [ExceptionKind; 5] = [
    ExceptionKind::Delay,
    ExceptionKind::Damage,
    ExceptionKind::Lost,
    ExceptionKind::Address,
    ExceptionKind::Oversell,
];

#[component]
pub fn OrderAfterSales(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let kind = RwSignal::new(ExceptionKind::Delay.as_str().to_owned());
    let detail = RwSignal::new(String::new());
    let score = RwSignal::new("5".to_owned());
    let comment = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<StoreError>);
    let order_id = order.id;
    let finish = move |result: Result<(), StoreError>| match result {
        Ok(()) => {
            console.notify_changed();
            sync.sync_now();
        }
        Err(StoreError::Domain(refused)) => refusal.set(Some(labels::domain_error(
            i18n.get_locale_untracked(),
            &refused,
        ))),
        Err(error) => failure.set(Some(error)),
    };
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        failure.set(None);
        let chosen = REPORTED
            .into_iter()
            .find(|k| k.as_str() == kind.get_untracked())
            .unwrap_or(ExceptionKind::Delay);
        let text = detail.get_untracked();
        spawn_local(async move {
            let result = console
                .store()
                .open_exception(chosen, Some(order_id), text, console.actor())
                .await;
            finish(result.map(drop));
        });
    };
    let rate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        failure.set(None);
        let command = Command::RecordRating(RecordRating {
            order_id,
            score: score.get_untracked().parse().unwrap_or(0),
            comment: comment.get_untracked(),
        });
        spawn_local(async move {
            let result = console.store().run(command, console.actor()).await;
            finish(result.map(drop));
        });
    };
    let delivered = matches!(order.status, OrderStatus::Delivered | OrderStatus::Closed);
    let rating = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move {
            match store.record(&Key::Rating(order_id)).await {
                Ok(Some(Entity::Rating(rating))) => Some(rating),
                _ => None,
            }
        }
    });
    let open = !matches!(order.status, OrderStatus::Cancelled | OrderStatus::Closed);
    view! {
        <section class="card" data-testid="order-after-sales">
            {open.then(|| view! {
                <h2>{t!(i18n, after_sales.report)}</h2>
                <form class="order-form" on:submit=report novalidate>
                    <div class="field">
                        <label for="exception-kind">{t!(i18n, after_sales.kind)}</label>
                        <select id="exception-kind" bind:value=kind>
                            {REPORTED.into_iter().map(|k| view! {
                                <option value=k.as_str()>{move || labels::exception_kind(i18n.get_locale(), k)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="exception-detail">{t!(i18n, after_sales.detail)}</label>
                        <input id="exception-detail" type="text" bind:value=detail/>
                    </div>
                    <button type="submit" class="button">{t!(i18n, after_sales.open)}</button>
                </form>
            })}
            {delivered.then(|| view! {
                <h2>{t!(i18n, after_sales.rating)}</h2>
                {move || rating.get().flatten().map(|r| view! {
                    <p data-testid="rating">{"★".repeat(usize::from(r.score))} " " {r.comment}</p>
                })}
                <form class="order-form" on:submit=rate novalidate>
                    <div class="field narrow">
                        <label for="rating-score">{t!(i18n, after_sales.score)}</label>
                        <select id="rating-score" bind:value=score>
                            {["5", "4", "3", "2", "1"].into_iter().map(|s| view! { <option value=s>{s}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="rating-comment">{t!(i18n, after_sales.comment)}</label>
                        <input id="rating-comment" type="text" bind:value=comment/>
                    </div>
                    <button type="submit" class="button">{t!(i18n, after_sales.record_rating)}</button>
                </form>
            })}
            {move || refusal.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        </section>
    }
}
