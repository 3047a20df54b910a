//! Pick, pack, ship: the warehouse's queues in SOP order — allocated orders waiting for a
//! pick list (one wave per warehouse), open pick lists in walking order with scan
//! confirmation, picked orders to pack behind their category checklists, packages to hand
//! to a carrier, and shipments to confirm as delivered. Every rule is the core's
//! (`orderly_core::fulfilment`); refusals (wrong item, over-pick, checklist) are shown.

use crate::i18n::*;
use crate::store::{Store, StoreError};
use crate::ui::components::notice::ErrorNotice;
use crate::ui::components::outcome::{Outcome, OutcomeNotice};
use crate::ui::console::use_console;
use crate::ui::format;
use chrono::Utc;
use leptos::prelude::*;
use orderly_core::carrier::{CarrierRate, Choice, Why, choose};
use orderly_core::checklist::SopChecklist;
use orderly_core::fulfilment::{DeliverShipment, ScanPick, ShipShipment};
use orderly_core::pick_list::{PickList, PickListStatus};
use orderly_core::shipment::{Shipment, ShipmentStatus};
use orderly_core::state::{Entity, Key};
use orderly_core::{Command, Order, OrderId, OrderStatus};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A picked order to pack from one pick list, with the checklist items that gate it.
#[derive(Clone)]
struct ToPack {
    order: Order,
    pick_list: Uuid,
    location: String,
    checklist: Vec<String>,
}

/// Everything the page shows, read in one go after each change.
#[derive(Clone)]
struct Queues {
    /// Allocated orders by the warehouse they are allocated at.
    ready: BTreeMap<String, Vec<Order>>,
    open: Vec<PickList>,
    to_pack: Vec<ToPack>,
    to_ship: Vec<(Shipment, String, Option<Choice>)>,
    to_deliver: Vec<(Shipment, String)>,
}

impl Queues {
    fn is_empty(&self) -> bool {
        self.ready.is_empty()
            && self.open.is_empty()
            && self.to_pack.is_empty()
            && self.to_ship.is_empty()
            && self.to_deliver.is_empty()
    }
}

async fn order_number(store: &Store, id: OrderId) -> Result<String, StoreError> {
    Ok(store
        .order(id)
        .await?
        .map(|o| o.number)
        .unwrap_or_else(|| id.to_string()))
}

async fn queues(store: &Store) -> Result<Queues, StoreError> {
    let mut ready: BTreeMap<String, Vec<Order>> = BTreeMap::new();
    for order in store.orders_with_status(OrderStatus::Allocated).await? {
        let mut places: Vec<String> = order
            .lines
            .iter()
            .flat_map(|l| l.allocations.iter().map(|a| a.location.clone()))
            .collect();
        places.sort();
        places.dedup();
        for place in places {
            ready.entry(place).or_default().push(order.clone());
        }
    }
    let open = store.pick_lists_with_status(PickListStatus::Open).await?;
    let categories: BTreeMap<String, String> = store
        .products()
        .await?
        .into_iter()
        .map(|p| (p.sku, p.category))
        .collect();
    let checklists: BTreeMap<String, SopChecklist> = store
        .checklists()
        .await?
        .into_iter()
        .map(|c| (c.category.clone(), c))
        .collect();
    let mut to_pack = Vec::new();
    for order in store.orders_with_status(OrderStatus::Picking).await? {
        for list_ref in &order.pick_lists {
            let Some(Entity::PickList(list)) = store.record(&Key::PickList(list_ref.id)).await?
            else {
                continue;
            };
            if !list.orders.contains(&order.id) || list.remaining_for(order.id) > 0 {
                continue;
            }
            let mut packed_here = false;
            for id in &order.shipments {
                if let Some(Entity::Shipment(s)) = store.record(&Key::Shipment(*id)).await? {
                    packed_here |= s.location == list.location;
                }
            }
            if packed_here {
                continue;
            }
            let mut checklist: Vec<String> = Vec::new();
            for (_, sku, _) in list.picked_for(order.id) {
                let category = categories.get(&sku);
                for item in category
                    .and_then(|c| checklists.get(c))
                    .map(|c| c.items.clone())
                    .unwrap_or_default()
                {
                    if !checklist.contains(&item) {
                        checklist.push(item);
                    }
                }
            }
            to_pack.push(ToPack {
                order: order.clone(),
                pick_list: list.id,
                location: list.location.clone(),
                checklist,
            });
        }
    }
    let rates = store.carrier_rates().await?;
    let regions: BTreeMap<String, String> = store
        .locations()
        .await?
        .into_iter()
        .map(|l| (l.code, l.region))
        .collect();
    let mut to_ship = Vec::new();
    for shipment in store.shipments_with_status(ShipmentStatus::Packed).await? {
        let order = store.order(shipment.order_id).await?;
        let number = order
            .as_ref()
            .map_or_else(|| shipment.order_id.to_string(), |o| o.number.clone());
        let suggestion = order.and_then(|o| suggest(&rates, &regions, &shipment, &o));
        to_ship.push((shipment, number, suggestion));
    }
    let mut to_deliver = Vec::new();
    for shipment in store.shipments_with_status(ShipmentStatus::Shipped).await? {
        let number = order_number(store, shipment.order_id).await?;
        to_deliver.push((shipment, number));
    }
    Ok(Queues {
        ready,
        open,
        to_pack,
        to_ship,
        to_deliver,
    })
}

/// The carrier service the rate tables suggest for a package: the cheapest that delivers
/// by the promised date (`orderly_core::carrier::choose`), from the warehouse's region to
/// the ship-to province.
fn suggest(
    rates: &[CarrierRate],
    regions: &BTreeMap<String, String>,
    shipment: &Shipment,
    order: &Order,
) -> Option<Choice> {
    let from = regions.get(&shipment.location)?;
    let to = &order.ship_to.as_ref()?.province;
    // Promised dates are calendar days where the warehouse is (the rates' offset).
    let offset = rates.first().map_or(480, |r| r.utc_offset_minutes);
    let promised = order
        .promised_at
        .map(|at| (at + chrono::Duration::minutes(i64::from(offset))).date_naive());
    choose(rates, from, to, shipment.weight_g, Utc::now(), promised)
}

#[component]
pub fn FulfilmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let data = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move { queues(&store).await }
    });
    let outcome = Outcome::for_page();
    provide_context(outcome);
    view! {
        <h1>{t!(i18n, nav.fulfilment)}</h1>
        <OutcomeNotice outcome/>
        {move || data.get().map(|found| match found {
            Ok(queues) if queues.is_empty() => {
                view! { <p class="empty">{t!(i18n, fulfilment.nothing)}</p> }.into_any()
            }
            Ok(queues) => view! {
                <ReadyToPick ready=queues.ready/>
                {queues.open.into_iter().map(|list| view! { <OpenPickList list/> }).collect_view()}
                {queues.to_pack.into_iter().map(|item| view! { <PackCard item/> }).collect_view()}
                {queues.to_ship.into_iter().map(|(shipment, number, suggestion)| view! { <ShipCard shipment number suggestion/> }).collect_view()}
                <ToDeliver shipments=queues.to_deliver/>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}

fn outcome() -> Outcome {
    expect_context::<Outcome>()
}

#[component]
fn ReadyToPick(ready: BTreeMap<String, Vec<Order>>) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let outcome = outcome();
    (!ready.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="ready-to-pick">
                <h2>{t!(i18n, fulfilment.ready)}</h2>
                {ready.into_iter().map(|(location, orders)| {
                    let count = orders.len();
                    let numbers = orders.iter().map(|o| o.number.clone()).collect::<Vec<_>>().join(", ");
                    let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
                    let at = location.clone();
                    let create = move |_| {
                        let store = console.store();
                        let (at, ids) = (at.clone(), ids.clone());
                        outcome.run(async move {
                            store.create_pick_list(at, ids, console.actor()).await
                        });
                    };
                    view! {
                        <div class="queue-row">
                            <p><strong class="mono">{location.clone()}</strong> " · " <span class="mono">{numbers}</span></p>
                            <button class="button primary" on:click=create>
                                {t!(i18n, fulfilment.create_pick_list, count = count)}
                            </button>
                        </div>
                    }
                }).collect_view()}
            </section>
        }
    })
}

#[component]
fn OpenPickList(list: PickList) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let outcome = outcome();
    let code = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let id = list.id;
    let scan = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let store = console.store();
        let command = Command::ScanPick(ScanPick {
            pick_list_id: id,
            code: code.get_untracked().trim().to_owned(),
            quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
        });
        outcome.run(async move { store.run(command, console.actor()).await });
    };
    let input_id = format!("scan-{id}");
    let quantity_id = format!("scan-quantity-{id}");
    view! {
        <section class="card pick-list" data-testid="pick-list">
            <h2>{t!(i18n, fulfilment.pick_list, location = list.location.clone(), count = list.orders.len())}</h2>
            <table class="orders">
                <thead><tr>
                    <th scope="col">{t!(i18n, fulfilment.bin)}</th>
                    <th scope="col">"SKU"</th>
                    <th scope="col">{t!(i18n, form.product_name)}</th>
                    <th scope="col" class="num">{t!(i18n, form.quantity)}</th>
                    <th scope="col" class="num">{t!(i18n, fulfilment.picked)}</th>
                </tr></thead>
                <tbody>
                    {list.lines.into_iter().map(|line| view! {
                        <tr class:done=line.remaining() == 0>
                            <td class="mono">{line.bin.clone().unwrap_or_else(|| "—".into())}</td>
                            <td class="mono">{line.sku.clone()}</td>
                            <td>{line.name.clone()}</td>
                            <td class="num">{line.quantity}</td>
                            <td class="num">{line.picked}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <form class="scan-form" on:submit=scan>
                <div class="field">
                    <label for=input_id.clone()>{t!(i18n, fulfilment.scan)}</label>
                    <input id=input_id type="text" autocomplete="off" bind:value=code/>
                </div>
                <div class="field narrow">
                    <label for=quantity_id.clone()>{t!(i18n, form.quantity)}</label>
                    <input id=quantity_id type="text" inputmode="numeric" bind:value=quantity/>
                </div>
                <button type="submit" class="button primary">{t!(i18n, fulfilment.confirm_scan)}</button>
            </form>
        </section>
    }
}

#[component]
fn PackCard(item: ToPack) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let outcome = outcome();
    let checked = RwSignal::new(Vec::<String>::new());
    let (order, list) = (item.order.id, item.pick_list);
    let pack = move |_| {
        let store = console.store();
        let ticked = checked.get_untracked();
        outcome.run(async move { store.pack(order, list, ticked, console.actor()).await });
    };
    view! {
        <section class="card" data-testid="to-pack">
            <h2>{t!(i18n, fulfilment.to_pack, number = item.order.number.clone(), location = item.location.clone())}</h2>
            {(!item.checklist.is_empty()).then(|| view! {
                <fieldset class="checklist">
                    <legend>{t!(i18n, fulfilment.checklist)}</legend>
                    {item.checklist.into_iter().map(|entry| {
                        let key = entry.clone();
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            checked.update(|all| {
                                all.retain(|c| *c != key);
                                if on {
                                    all.push(key.clone());
                                }
                            });
                        };
                        view! { <label class="check"><input type="checkbox" on:change=toggle/> " " {entry}</label> }
                    }).collect_view()}
                </fieldset>
            })}
            <button class="button primary" on:click=pack>{t!(i18n, fulfilment.pack)}</button>
        </section>
    }
}

#[component]
fn ShipCard(shipment: Shipment, number: String, suggestion: Option<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let outcome = outcome();
    let carrier = RwSignal::new(
        suggestion
            .as_ref()
            .map(|c| c.quote.carrier.clone())
            .unwrap_or_default(),
    );
    let service = RwSignal::new(
        suggestion
            .as_ref()
            .map(|c| c.quote.service.clone())
            .unwrap_or_default(),
    );
    let tracking = RwSignal::new(String::new());
    let id = shipment.id;
    let ship = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let store = console.store();
        let command = Command::ShipShipment(ShipShipment {
            shipment_id: id,
            carrier: carrier.get_untracked().trim().to_owned(),
            service: service.get_untracked().trim().to_owned(),
            tracking_number: tracking.get_untracked().trim().to_owned(),
        });
        outcome.run(async move { store.run(command, console.actor()).await });
    };
    let units: u32 = shipment.lines.iter().map(|l| l.quantity).sum();
    let field = |name: &str| format!("{name}-{id}");
    view! {
        <section class="card" data-testid="to-ship">
            <h2>{t!(i18n, fulfilment.to_ship, number = number, location = shipment.location.clone())}</h2>
            <p class="hint">{t!(i18n, fulfilment.package, units = units, grams = shipment.weight_g)}</p>
            {suggestion.map(|choice| {
                let quote = choice.quote.clone();
                view! {
                    <p class="suggestion" data-testid="suggestion">
                        {move || t_string!(
                            i18n,
                            fulfilment.suggested,
                            carrier = format!("{} {}", quote.carrier, quote.service),
                            price = format::money(i18n.get_locale(), quote.price),
                            date = format::day(i18n.get_locale(), quote.delivery_date)
                        ).to_string()}
                        " — "
                        {move || why(i18n.get_locale(), &choice.why)}
                    </p>
                }
            })}
            <form class="order-form" on:submit=ship>
                <div class="field">
                    <label for=field("carrier")>{t!(i18n, fulfilment.carrier)}</label>
                    <input id=field("carrier") type="text" bind:value=carrier/>
                </div>
                <div class="field">
                    <label for=field("service")>{t!(i18n, fulfilment.service)}</label>
                    <input id=field("service") type="text" bind:value=service/>
                </div>
                <div class="field">
                    <label for=field("tracking")>{t!(i18n, fulfilment.tracking)}</label>
                    <input id=field("tracking") type="text" autocomplete="off" bind:value=tracking/>
                </div>
                <button type="submit" class="button primary">{t!(i18n, fulfilment.ship)}</button>
            </form>
        </section>
    }
}

fn why(locale: Locale, why: &Why) -> String {
    match why {
        Why::Cheapest => td_string!(locale, fulfilment.why_cheapest).to_string(),
        Why::CheapestOnTime { promised } => td_string!(
            locale,
            fulfilment.why_on_time,
            date = format::day(locale, *promised)
        )
        .to_string(),
        Why::SoonestButLate {
            promised,
            late_days,
        } => td_string!(
            locale,
            fulfilment.why_late,
            date = format::day(locale, *promised),
            days = *late_days
        )
        .to_string(),
    }
}

#[component]
fn ToDeliver(shipments: Vec<(Shipment, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let outcome = outcome();
    (!shipments.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="to-deliver">
                <h2>{t!(i18n, fulfilment.in_transit)}</h2>
                <ul class="queue">
                    {shipments.into_iter().map(|(shipment, number)| {
                        let id = shipment.id;
                        let deliver = move |_| {
                            let store = console.store();
                            let command = Command::DeliverShipment(DeliverShipment { shipment_id: id });
                            outcome.run(async move { store.run(command, console.actor()).await });
                        };
                        let carrier = shipment.carrier.clone().unwrap_or_default();
                        let tracking = shipment.tracking_number.clone().unwrap_or_default();
                        view! {
                            <li class="queue-row">
                                <span><span class="mono">{number}</span> " · " {carrier} " " <span class="mono">{tracking}</span></span>
                                <button class="button" on:click=deliver>{t!(i18n, fulfilment.deliver)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
