//! After-sales: open exceptions (owner, SLA due time, overdue, resolution) and returns in
//! progress, each with the next step its state machine allows — approve or refuse,
//! receive at a warehouse, inspect (restock or scrap each unit), refund. The rules are the
//! core's (`orderly_core::after_sales`, `return_case`).

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::components::outcome::{Outcome, OutcomeNotice};
use crate::ui::console::use_console;
use crate::ui::{format, labels};
use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use orderly_core::after_sales::{
    AssignException, DecideReturn, InspectReturn, LineInspection, ReceiveReturn, RefundReturn,
};
use orderly_core::location::Location;
use orderly_core::return_case::{ReturnCase, ReturnStatus};
use orderly_core::{Command, Exception, Operation, Order};

/// Resolution codes offered to the person resolving an exception.
const RESOLUTIONS: [&str; 5] = [
    "retried",
    "reshipped",
    "refunded",
    "address_corrected",
    "other",
];

/// The statuses of returns that still need someone.
const IN_PROGRESS: [ReturnStatus; 4] = [
    ReturnStatus::Requested,
    ReturnStatus::Approved,
    ReturnStatus::Received,
    ReturnStatus::Inspected,
];

#[derive(Clone)]
struct Queues {
    /// Each with its order, and for a sync rejection the operation the backend refused.
    exceptions: Vec<(Exception, Option<Order>, Option<Operation>)>,
    returns: Vec<(ReturnCase, Option<Order>)>,
    locations: Vec<Location>,
}

#[component]
pub fn AfterSalesPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let data = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move {
            let mut exceptions = Vec::new();
            for exception in store.open_exceptions().await? {
                let order = match exception.order_id {
                    Some(id) => store.order(id).await?,
                    None => None,
                };
                let rejected = match exception.op_id.filter(|_| exception.is_local()) {
                    Some(op) => store.rejected_operation(op).await?,
                    None => None,
                };
                exceptions.push((exception, order, rejected));
            }
            let mut returns = Vec::new();
            for status in IN_PROGRESS {
                for case in store.returns_with_status(status).await? {
                    let order = store.order(case.order_id).await?;
                    returns.push((case, order));
                }
            }
            let locations = store.locations().await?;
            Ok::<_, StoreError>(Queues {
                exceptions,
                returns,
                locations,
            })
        }
    });
    let outcome = Outcome::for_page();
    view! {
        <h1>{t!(i18n, nav.after_sales)}</h1>
        <OutcomeNotice outcome/>
        {move || data.get().map(|found| match found {
            Ok(queues) => view! {
                <section class="card" data-testid="exceptions">
                    <h2>{t!(i18n, after_sales.exceptions)}</h2>
                    {queues.exceptions.is_empty().then(|| view! { <p class="hint">{t!(i18n, after_sales.no_exceptions)}</p> })}
                    {queues.exceptions.into_iter().map(|(exception, order, rejected)| view! {
                        <ExceptionRow exception order rejected outcome/>
                    }).collect_view()}
                </section>
                <section class="card" data-testid="returns">
                    <h2>{t!(i18n, after_sales.returns)}</h2>
                    {queues.returns.is_empty().then(|| view! { <p class="hint">{t!(i18n, after_sales.no_returns)}</p> })}
                    {queues.returns.into_iter().map(|(case, order)| view! {
                        <ReturnCard case order locations=queues.locations.clone() outcome/>
                    }).collect_view()}
                </section>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}

/// One line on a record a save would write: its id and what a person recognises it by.
fn edit_summary(locale: Locale, record: &orderly_core::state::Entity) -> String {
    use orderly_core::state::Entity;
    let id = record.key().id();
    match record {
        Entity::Product(p) => format!("{id} · {} · {}", p.name, format::money(locale, p.price)),
        Entity::Location(l) => format!("{id} · {} · {}", l.name, l.region),
        Entity::Customer(c) => format!("{} · {}", c.name, c.phone.as_deref().unwrap_or("")),
        _ => id,
    }
}

fn order_link(order: &Option<Order>) -> impl IntoView + use<> {
    order.as_ref().map(|o| {
        let (href, number) = (format!("/orders/{}", o.id.0), o.number.clone());
        view! { <A href=href><span class="mono">{number}</span></A> }
    })
}

#[component]
fn ExceptionRow(
    exception: Exception,
    order: Option<Order>,
    rejected: Option<Operation>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let code = RwSignal::new(RESOLUTIONS[0].to_owned());
    let note = RwSignal::new(String::new());
    let id = exception.id;
    let overdue = exception.is_overdue(Utc::now());
    let local = exception.is_local();
    let kind = exception.kind;
    let take = move |_| {
        outcome.command(Command::AssignException(AssignException {
            id,
            owner: console.actor().to_owned(),
        }))
    };
    let resolve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let store = console.store();
        let (code, note) = (code.get_untracked(), note.get_untracked());
        outcome.run(async move {
            store
                .resolve_exception(id, &code, &note, console.actor())
                .await
        });
    };
    // A conflicting edit the backend refused: what it was, and the way to make it again.
    let edit = rejected
        .as_ref()
        .and_then(|op| orderly_core::catalogue::saved_record(&op.command))
        .map(|record| edit_summary(i18n.get_locale_untracked(), &record));
    let reapply = move |_| {
        let store = console.store();
        outcome.run(async move { store.reapply_rejected_edit(id, console.actor()).await });
    };
    let rejection = local.then(|| exception.reason_code().to_owned());
    let due = exception.due_at;
    let code_id = format!("code-{id}");
    let note_id = format!("note-{id}");
    view! {
        <div class="queue-row exception" data-testid="exception">
            <div>
                <p>
                    <strong>{move || labels::exception_kind(i18n.get_locale(), kind)}</strong>
                    {rejection.map(|code| view! { " — " {move || labels::rejection(i18n.get_locale(), &code)} })}
                    " " {order_link(&order)}
                    {overdue.then(|| view! { " " <span class="status alert-out">{t!(i18n, after_sales.overdue)}</span> })}
                </p>
                <p class="hint">{exception.detail.clone()}</p>
                {edit.map(|summary| view! {
                    <p class="rejected-edit" data-testid="rejected-edit">
                        {t!(i18n, after_sales.your_edit)} " " <span class="mono">{summary}</span> " "
                        <button type="button" class="button" on:click=reapply>{t!(i18n, after_sales.reapply)}</button>
                    </p>
                })}
                <p class="hint">
                    {move || due.map(|at| t_string!(i18n, after_sales.due, at = format::date_time(i18n.get_locale(), at)).to_string())}
                    " · "
                    {match exception.owner.clone() {
                        Some(owner) => view! { {t!(i18n, after_sales.owner)} " " {owner} }.into_any(),
                        None => view! { {t!(i18n, after_sales.unassigned)} }.into_any(),
                    }}
                </p>
            </div>
            <form class="resolve-form" on:submit=resolve>
                {(!local).then(|| view! {
                    <button type="button" class="button" on:click=take>{t!(i18n, after_sales.take)}</button>
                })}
                <div class="field">
                    <label for=code_id.clone()>{t!(i18n, after_sales.resolution)}</label>
                    <select id=code_id bind:value=code>
                        {RESOLUTIONS.into_iter().map(|c| view! {
                            <option value=c>{move || labels::resolution(i18n.get_locale(), c)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=note_id.clone()>{t!(i18n, after_sales.note)}</label>
                    <input id=note_id type="text" bind:value=note/>
                </div>
                <button type="submit" class="button primary">{t!(i18n, after_sales.resolve)}</button>
            </form>
        </div>
    }
}

#[component]
fn ReturnCard(
    case: ReturnCase,
    order: Option<Order>,
    locations: Vec<Location>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = case.id;
    let status = case.status;
    let reason = RwSignal::new(String::new());
    let location = RwSignal::new(
        locations
            .first()
            .map(|l| l.code.clone())
            .unwrap_or_default(),
    );
    let restock: Vec<(u32, RwSignal<String>)> = case
        .lines
        .iter()
        .map(|l| (l.line_no, RwSignal::new(l.quantity.to_string())))
        .collect();
    // What the customer paid for the returned units: the refund offered.
    let paid: i64 = case
        .lines
        .iter()
        .filter_map(|r| {
            let line = order
                .as_ref()?
                .lines
                .iter()
                .find(|l| l.line_no == r.line_no)?;
            Some(line.unit_price.amount * i64::from(r.quantity))
        })
        .sum();
    let currency = order
        .as_ref()
        .map(|o| o.currency)
        .unwrap_or(orderly_core::Currency::CNY);
    let amount = RwSignal::new(format!("{}.{:02}", paid / 100, paid % 100));
    let decide = move |approve: bool| {
        let decision = DecideReturn {
            id,
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        outcome.command(if approve {
            Command::ApproveReturn(decision)
        } else {
            Command::RefuseReturn(decision)
        });
    };
    let receive = move |_| {
        outcome.command(Command::ReceiveReturn(ReceiveReturn {
            id,
            location: location.get_untracked(),
        }))
    };
    let quantities: Vec<(u32, u32)> = case.lines.iter().map(|l| (l.line_no, l.quantity)).collect();
    let inspect_inputs = restock.clone();
    let inspect = move |_| {
        let lines = inspect_inputs
            .iter()
            .map(|(line_no, typed)| {
                let total = quantities
                    .iter()
                    .find(|(n, _)| n == line_no)
                    .map_or(0, |(_, q)| *q);
                let restock = typed
                    .get_untracked()
                    .trim()
                    .parse::<u32>()
                    .unwrap_or(0)
                    .min(total);
                LineInspection {
                    line_no: *line_no,
                    restock,
                    scrap: total - restock,
                }
            })
            .collect();
        outcome.command(Command::InspectReturn(InspectReturn { id, lines }));
    };
    let refund = move |_| match currency.parse_amount(&amount.get_untracked()) {
        Some(minor) => outcome.command(Command::RefundReturn(RefundReturn { id, amount: minor })),
        None => outcome.refuse(t_string!(i18n, issue.not_a_number).to_string()),
    };
    let field = |name: &str| format!("{name}-{id}");
    view! {
        <div class="return-case" data-testid="return">
            <p>
                <strong>{move || labels::return_status(i18n.get_locale(), status)}</strong>
                " " {order_link(&order)}
            </p>
            <ul>
                {case.lines.iter().map(|l| {
                    let (sku, quantity, why) = (l.sku.clone(), l.quantity, l.reason);
                    view! { <li><span class="mono">{sku}</span> " × " {quantity} " — " {move || labels::return_reason(i18n.get_locale(), why)}</li> }
                }).collect_view()}
            </ul>
            {match status {
                ReturnStatus::Requested => view! {
                    <div class="actions">
                        <div class="field">
                            <label for=field("reason")>{t!(i18n, after_sales.decision_reason)}</label>
                            <input id=field("reason") type="text" bind:value=reason/>
                        </div>
                        <button class="button primary" on:click=move |_| decide(true)>{t!(i18n, after_sales.approve)}</button>
                        <button class="button danger" on:click=move |_| decide(false)>{t!(i18n, after_sales.refuse)}</button>
                    </div>
                }.into_any(),
                ReturnStatus::Approved => view! {
                    <div class="actions">
                        <div class="field">
                            <label for=field("location")>{t!(i18n, inventory.location)}</label>
                            <select id=field("location") bind:value=location>
                                {locations.into_iter().map(|l| view! { <option value=l.code.clone()>{l.code.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button class="button primary" on:click=receive>{t!(i18n, after_sales.receive)}</button>
                    </div>
                }.into_any(),
                ReturnStatus::Received => view! {
                    <div class="actions">
                        {restock.into_iter().map(|(line_no, typed)| {
                            let sku = case.lines.iter().find(|l| l.line_no == line_no).map(|l| l.sku.clone()).unwrap_or_default();
                            let input = field(&format!("restock-{line_no}"));
                            view! {
                                <div class="field narrow">
                                    <label for=input.clone()>{t!(i18n, after_sales.restock, sku = sku)}</label>
                                    <input id=input type="text" inputmode="numeric" bind:value=typed/>
                                </div>
                            }
                        }).collect_view()}
                        <button class="button primary" on:click=inspect>{t!(i18n, after_sales.inspect)}</button>
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="actions">
                        <div class="field">
                            <label for=field("amount")>{t!(i18n, after_sales.amount)}</label>
                            <input id=field("amount") type="text" inputmode="decimal" bind:value=amount/>
                        </div>
                        <button class="button primary" on:click=refund>{t!(i18n, after_sales.refund)}</button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
