//! Inventory: every product's stock over all warehouses with its alerts (out of stock,
//! below safety stock, time to reorder — `orderly_core::replenishment`), and the form that
//! records a receipt, a correction or a count as a stock movement.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::field::Field;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::components::product_form::{ProductFields, ProductForm};
use crate::ui::components::warehouse_form::WarehouseForm;
use crate::ui::console::use_console;
use crate::ui::sync_control::use_sync;
use crate::ui::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use orderly_core::allocation::Outcome;
use orderly_core::location::Location;
use orderly_core::product::Product;
use orderly_core::replenishment::{AlertKind, StockAlert, alerts, totals};
use orderly_core::stock::{Level, StockLevel};
use orderly_core::{
    Command, DomainError, Issue, IssueCode, Money, StockAdjustment, StockReceipt,
    command::StockCount,
};

/// One product's line in the table.
#[derive(Clone)]
struct Row {
    product: Product,
    level: Level,
    alerts: Vec<StockAlert>,
    /// The levels of the warehouses that hold some (available there, on hand per bin).
    by_location: Vec<StockLevel>,
}

fn rows(products: Vec<Product>, levels: &[StockLevel]) -> Vec<Row> {
    let sums = totals(levels);
    products
        .into_iter()
        .map(|product| {
            let level = sums.get(&product.sku).copied().unwrap_or_default();
            Row {
                alerts: alerts(&product, &level),
                by_location: levels
                    .iter()
                    .filter(|l| l.sku == product.sku)
                    .cloned()
                    .collect(),
                product,
                level,
            }
        })
        .collect()
}

#[component]
pub fn InventoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    // Everything follows every change; what is typed in the forms lives here, so that it
    // survives the refresh after each movement or product saved.
    let movement = MovementFields::new();
    let product = ProductFields::new();
    let stock = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move {
            let products = store.products().await?;
            let levels = store.all_stock_levels().await?;
            Ok::<_, StoreError>(rows(products, &levels))
        }
    });
    let choices = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { Ok::<_, StoreError>((store.products().await?, store.locations().await?)) }
    });
    let waiting = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { store.waiting_orders().await }
    });
    // Outside the waiting card, which goes away once nothing waits.
    let allocated = RwSignal::new(None::<String>);
    view! {
        <h1>{t!(i18n, nav.inventory)}</h1>
        {move || allocated.get().map(|text| view! { <p class="notice info" role="status">{text}</p> })}
        {move || waiting.get().map(|found| match found {
            Ok(orders) if orders.is_empty() => ().into_any(),
            Ok(orders) => view! { <WaitingOrders orders result=allocated/> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
        {move || stock.get().map(|found| match found {
            Ok(rows) => view! { <StockTable rows product/> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
        {move || choices.get().map(|found| match found {
            Ok((products, locations)) => view! { <MovementForm products locations fields=movement/> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
        <ProductForm fields=product/>
        {move || choices.get().map(|found| found.ok().map(|(_, locations)| view! { <WarehouseForm locations/> }))}
    }
}

/// Orders that wait for stock, and the button that allocates them all (most urgent first).
#[component]
fn WaitingOrders(
    orders: Vec<orderly_core::Order>,
    result: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let count = orders.len();
    let failure = RwSignal::new(None::<StoreError>);
    let orders = StoredValue::new(orders);
    let allocate = move |_| {
        result.set(None);
        failure.set(None);
        spawn_local(async move {
            let orders = orders.get_value();
            match console.store().allocate(&orders, console.actor()).await {
                Ok(decisions) => {
                    let count = |outcome: Outcome| {
                        decisions.iter().filter(|d| d.outcome == outcome).count()
                    };
                    result.set(Some(
                        td_string!(
                            i18n.get_locale_untracked(),
                            inventory.allocated,
                            whole = count(Outcome::Allocated),
                            partial = count(Outcome::PartiallyAllocated),
                            backordered = count(Outcome::Backordered)
                        )
                        .to_string(),
                    ));
                    console.notify_changed();
                    sync.sync_now();
                }
                Err(StoreError::Domain(refused)) => result.set(Some(labels::domain_error(
                    i18n.get_locale_untracked(),
                    &refused,
                ))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <section class="card waiting" data-testid="waiting-orders">
            <p>{t!(i18n, inventory.waiting, count = count)}</p>
            <button class="button primary" on:click=allocate>{t!(i18n, inventory.allocate_waiting)}</button>
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        </section>
    }
}

#[component]
fn StockTable(rows: Vec<Row>, product: ProductFields) -> impl IntoView {
    let i18n = use_i18n();
    // The SKU whose ledger is open, if any.
    let ledger = RwSignal::new(None::<String>);
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, inventory.empty)}</p> }.into_any();
    }
    view! {
        <table class="orders" data-testid="stock">
            <thead><tr>
                <th scope="col">"SKU"</th>
                <th scope="col">{t!(i18n, form.product_name)}</th>
                <th scope="col" class="num">{t!(i18n, inventory.on_hand)}</th>
                <th scope="col" class="num">{t!(i18n, inventory.reserved)}</th>
                <th scope="col" class="num">{t!(i18n, inventory.available)}</th>
                <th scope="col" class="num wide-only">{t!(i18n, inventory.value)}</th>
                <th scope="col">{t!(i18n, inventory.alerts)}</th>
                <th scope="col"><span class="visually-hidden">{t!(i18n, catalogue.edit)}</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let value = Money::new(
                        row.product.price.amount.saturating_mul(row.level.on_hand),
                        row.product.price.currency,
                    );
                    let by_location = row.by_location.clone();
                    let places = move || {
                        let locale = i18n.get_locale();
                        by_location
                            .iter()
                            .map(|l| {
                                let (code, available) = (&l.location, l.level.available());
                                if l.bins.is_empty() {
                                    return format!("{code}: {available}");
                                }
                                let list = l
                                    .bins
                                    .iter()
                                    .map(|(bin, on_hand)| format!("{bin} {on_hand}"))
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                let bins = td_string!(locale, inventory.in_bins, list = list);
                                format!("{code}: {available} ({bins})")
                            })
                            .collect::<Vec<_>>()
                            .join(" · ")
                    };
                    let editable = row.product.clone();
                    let edit = move |_| product.edit(&editable);
                    let sku = row.product.sku.clone();
                    let toggle = {
                        let sku = sku.clone();
                        move |_| ledger.update(|open| {
                            *open = (open.as_deref() != Some(sku.as_str())).then(|| sku.clone())
                        })
                    };
                    let places_here: Vec<String> =
                        row.by_location.iter().map(|l| l.location.clone()).collect();
                    let shown = {
                        let sku = sku.clone();
                        move || ledger.with(|open| open.as_deref() == Some(sku.as_str()))
                    };
                    view! {
                        <tr>
                            <td class="mono">{row.product.sku.clone()}</td>
                            <td>{row.product.name.clone()}<br/><span class="hint">{places}</span></td>
                            <td class="num">{row.level.on_hand}</td>
                            <td class="num">{row.level.reserved}</td>
                            <td class="num">{row.level.available()}</td>
                            <td class="num wide-only">{move || format::money(i18n.get_locale(), value)}</td>
                            <td class="alerts">
                                {row.alerts.into_iter().map(|alert| {
                                    let class = format!("status alert-{}", alert_class(alert.kind));
                                    view! {
                                        <span class=class>{move || alert_text(i18n.get_locale(), &alert)}</span>
                                        " "
                                    }
                                }).collect_view()}
                            </td>
                            <td class="row-actions">
                                <button class="button small" on:click=edit>{t!(i18n, catalogue.change)}</button>
                                " "
                                <button class="button small" on:click=toggle>{t!(i18n, inventory.ledger)}</button>
                            </td>
                        </tr>
                        {move || shown().then(|| view! {
                            <tr class="ledger-row"><td colspan="8">
                                <LedgerView sku=sku.clone() locations=places_here.clone()/>
                            </td></tr>
                        })}
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The ledger of one SKU at its warehouses, newest first: what explains the level.
#[component]
fn LedgerView(sku: String, locations: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let title_sku = sku.clone();
    let entries = LocalResource::new(move || {
        console.track_changes();
        let (store, sku, locations) = (console.store(), sku.clone(), locations.clone());
        async move {
            let mut all = Vec::new();
            for location in &locations {
                all.extend(store.movements(&sku, location).await?);
            }
            all.sort_by_key(|m| std::cmp::Reverse((m.at, m.seq)));
            Ok::<_, StoreError>(all)
        }
    });
    view! {
        <div class="ledger" data-testid="ledger">
            <h3>{move || t_string!(i18n, inventory.ledger_of, sku = title_sku.clone()).to_string()}</h3>
            {move || entries.get().map(|found| match found {
                Ok(all) if all.is_empty() => view! { <p class="hint">{t!(i18n, inventory.ledger_empty)}</p> }.into_any(),
                Ok(all) => view! {
                    <table class="ledger-table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, inventory.at)}</th>
                            <th scope="col">{t!(i18n, inventory.kind)}</th>
                            <th scope="col" class="num">{t!(i18n, inventory.quantity)}</th>
                            <th scope="col">{t!(i18n, inventory.location)}</th>
                            <th scope="col">{t!(i18n, inventory.bin)}</th>
                            <th scope="col">{t!(i18n, inventory.by)}</th>
                            <th scope="col">{t!(i18n, inventory.reference)}</th>
                        </tr></thead>
                        <tbody>
                            {all.into_iter().map(|m| {
                                let quantity = labels::movement(i18n.get_locale_untracked(), &m.movement).1;
                                let movement = m.movement;
                                view! {
                                    <tr>
                                        <td>{move || format::date_time(i18n.get_locale(), m.at)}</td>
                                        <td>{move || labels::movement(i18n.get_locale(), &movement).0}</td>
                                        <td class="num">{quantity}</td>
                                        <td class="mono">{m.location.clone()}</td>
                                        <td class="mono">{m.bin.clone().unwrap_or_default()}</td>
                                        <td>{m.actor.clone()}</td>
                                        <td>{m.reference.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            })}
        </div>
    }
}

fn alert_class(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::OutOfStock => "out",
        AlertKind::BelowSafetyStock => "low",
        AlertKind::Reorder => "reorder",
    }
}

fn alert_text(locale: Locale, alert: &StockAlert) -> String {
    let threshold = alert.threshold;
    match alert.kind {
        AlertKind::OutOfStock => td_string!(locale, inventory.out_of_stock).to_string(),
        AlertKind::BelowSafetyStock => {
            td_string!(locale, inventory.below_safety, threshold = threshold).to_string()
        }
        AlertKind::Reorder => {
            td_string!(locale, inventory.reorder, threshold = threshold).to_string()
        }
    }
}

/// The kinds of movement a person records here.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Receipt,
    Correction,
    Count,
}

impl Kind {
    fn parse(value: &str) -> Kind {
        match value {
            "correction" => Kind::Correction,
            "count" => Kind::Count,
            _ => Kind::Receipt,
        }
    }
}

/// The movement form's fields, kept by the page across refreshes.
#[derive(Clone, Copy)]
struct MovementFields {
    kind: RwSignal<String>,
    sku: RwSignal<String>,
    location: RwSignal<String>,
    /// Empty: the SKU's slot.
    bin: RwSignal<String>,
    amount: RwSignal<String>,
    note: RwSignal<String>,
}

impl MovementFields {
    fn new() -> MovementFields {
        MovementFields {
            kind: RwSignal::new("receipt".to_owned()),
            sku: RwSignal::new(String::new()),
            location: RwSignal::new(String::new()),
            bin: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }
}

#[component]
fn MovementForm(
    products: Vec<Product>,
    locations: Vec<Location>,
    fields: MovementFields,
) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let MovementFields {
        kind,
        sku,
        location,
        bin,
        amount,
        note,
    } = fields;
    // A choice that is not (or no longer) offered falls back to the first one.
    if !products.iter().any(|p| p.sku == sku.get_untracked()) {
        sku.set(products.first().map(|p| p.sku.clone()).unwrap_or_default());
    }
    if !locations.iter().any(|l| l.code == location.get_untracked()) {
        location.set(
            locations
                .first()
                .map(|l| l.code.clone())
                .unwrap_or_default(),
        );
    }
    // The bins of the chosen warehouse; a bin of another one falls back to the slot.
    let all_bins: Vec<(String, Vec<String>)> = locations
        .iter()
        .map(|l| {
            (
                l.code.clone(),
                l.bins.iter().map(|b| b.code.clone()).collect(),
            )
        })
        .collect();
    let bins_here = Memo::new(move |_| {
        let here = location.get();
        all_bins
            .iter()
            .find(|(code, _)| *code == here)
            .map(|(_, bins)| bins.clone())
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        if !bins_here.with(|bins| bins.contains(&bin.get_untracked())) {
            bin.set(String::new());
        }
    });
    let issues = RwSignal::new(Vec::<Issue>::new());
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<StoreError>);
    let saved = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        issues.set(Vec::new());
        refusal.set(None);
        failure.set(None);
        saved.set(false);
        let Ok(number) = amount.get_untracked().trim().parse::<i64>() else {
            return issues.set(vec![Issue::new(IssueCode::NotANumber, "amount")]);
        };
        let (sku, location) = (sku.get_untracked(), location.get_untracked());
        let bin = Some(bin.get_untracked()).filter(|b| !b.is_empty());
        let typed_note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        let command = match Kind::parse(&kind.get_untracked()) {
            Kind::Receipt => Command::ReceiveStock(StockReceipt {
                sku,
                location,
                quantity: number,
                reference: typed_note,
                bin,
            }),
            Kind::Correction => Command::AdjustStock(StockAdjustment {
                sku,
                location,
                delta: number,
                reason: typed_note.unwrap_or_default(),
                bin,
            }),
            Kind::Count => Command::CountStock(StockCount {
                sku,
                location,
                counted: number,
                reference: typed_note,
                bin,
            }),
        };
        spawn_local(async move {
            match console.store().run(command, console.actor()).await {
                Ok(_) => {
                    amount.set(String::new());
                    note.set(String::new());
                    saved.set(true);
                    console.notify_changed();
                    sync.sync_now();
                }
                Err(StoreError::Domain(DomainError::Invalid(found))) => {
                    // The reason of a correction is the note field.
                    let found = found
                        .into_iter()
                        .map(|mut i| {
                            if i.field == "reason" {
                                i.field = "note".into();
                            }
                            i
                        })
                        .collect();
                    issues.set(found)
                }
                Err(StoreError::Domain(refused)) => refusal.set(Some(labels::domain_error(
                    i18n.get_locale_untracked(),
                    &refused,
                ))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let amount_label = move || match Kind::parse(&kind.get()) {
        Kind::Receipt => t_string!(i18n, form.quantity).to_string(),
        Kind::Correction => t_string!(i18n, inventory.delta).to_string(),
        Kind::Count => t_string!(i18n, inventory.counted).to_string(),
    };
    let note_label = move || match Kind::parse(&kind.get()) {
        Kind::Correction => t_string!(i18n, inventory.reason).to_string(),
        _ => t_string!(i18n, inventory.reference).to_string(),
    };
    view! {
        <section class="card movement-form" data-testid="movement-form">
            <h2>{t!(i18n, inventory.record)}</h2>
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            <form class="order-form" on:submit=submit novalidate>
                <Field label=move || t_string!(i18n, inventory.kind).to_string() path="kind" issues>
                    <select id="kind" bind:value=kind>
                        <option value="receipt">{t!(i18n, inventory.receipt)}</option>
                        <option value="correction">{t!(i18n, inventory.correction)}</option>
                        <option value="count">{t!(i18n, inventory.count)}</option>
                    </select>
                </Field>
                <Field label=move || t_string!(i18n, inventory.product).to_string() path="sku" issues>
                    <select id="sku" bind:value=sku>
                        {products.into_iter().map(|p| view! {
                            <option value=p.sku.clone()>{format!("{} — {}", p.sku, p.name)}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label=move || t_string!(i18n, inventory.location).to_string() path="location" issues>
                    <select id="location" bind:value=location>
                        {locations.into_iter().map(|l| view! {
                            <option value=l.code.clone()>{format!("{} — {}", l.code, l.name)}</option>
                        }).collect_view()}
                    </select>
                </Field>
                {move || (!bins_here.with(Vec::is_empty)).then(|| view! {
                    <Field label=move || t_string!(i18n, inventory.bin).to_string() path="bin" issues>
                        <select id="bin" bind:value=bin>
                            <option value="">{t!(i18n, inventory.bin_slot)}</option>
                            {bins_here.get().into_iter().map(|code| view! {
                                <option value=code.clone()>{code.clone()}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                })}
                <Field label=amount_label path="amount" issues>
                    <input id="amount" type="text" inputmode="numeric" bind:value=amount/>
                </Field>
                <Field label=note_label path="note" issues>
                    <input id="note" type="text" bind:value=note/>
                </Field>
                <div class="form-actions">
                    <button type="submit" class="button primary">{t!(i18n, inventory.submit)}</button>
                    {move || saved.get().then(|| view! { <span class="hint" role="status">{t!(i18n, inventory.saved)}</span> })}
                </div>
            </form>
            {move || refusal.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
        </section>
    }
}
