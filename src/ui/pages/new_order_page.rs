//! Manual order entry (phone and email orders): a customer, where it ships, and its lines
//! — a SKU from the catalogue fills in the product's name and list price. Every issue is
//! shown next to its field; bad input writes nothing.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::field::Field;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::labels;
use crate::ui::sync_control::use_sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use orderly_core::product::Product;
use orderly_core::{
    Address, Channel, Currency, CustomerInfo, DomainError, Issue, IssueCode, LineDraft, OrderDraft,
};

/// One line of the form, as typed. `key` tells lines apart when one is removed.
#[derive(Clone, Copy)]
struct LineFields {
    key: u32,
    sku: RwSignal<String>,
    product: RwSignal<String>,
    quantity: RwSignal<String>,
    price: RwSignal<String>,
}

impl LineFields {
    fn new(key: u32) -> LineFields {
        LineFields {
            key,
            sku: RwSignal::new(String::new()),
            product: RwSignal::new(String::new()),
            quantity: RwSignal::new("1".to_owned()),
            price: RwSignal::new(String::new()),
        }
    }
}

/// What the form holds, as typed.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    channel: RwSignal<String>,
    currency: RwSignal<String>,
    lines: RwSignal<Vec<LineFields>>,
    country: RwSignal<String>,
    province: RwSignal<String>,
    city: RwSignal<String>,
    district: RwSignal<String>,
    line1: RwSignal<String>,
    postcode: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            channel: RwSignal::new(Channel::Phone.as_str().to_owned()),
            currency: RwSignal::new(Currency::CNY.as_str().to_owned()),
            lines: RwSignal::new(vec![LineFields::new(0)]),
            country: RwSignal::new("CN".to_owned()),
            province: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            district: RwSignal::new(String::new()),
            line1: RwSignal::new(String::new()),
            postcode: RwSignal::new(String::new()),
        }
    }

    /// The draft, or the issues of fields that are not even numbers.
    fn draft(&self) -> Result<OrderDraft, Vec<Issue>> {
        let currency = Currency::parse(&self.currency.get_untracked()).unwrap_or(Currency::CNY);
        let mut issues = Vec::new();
        let mut lines = Vec::new();
        for (i, line) in self.lines.get_untracked().iter().enumerate() {
            let quantity = line
                .quantity
                .get_untracked()
                .trim()
                .parse::<u32>()
                .unwrap_or_else(|_| {
                    issues.push(Issue::new(
                        IssueCode::NotANumber,
                        format!("lines[{i}].quantity"),
                    ));
                    0
                });
            let unit_price = currency
                .parse_amount(&line.price.get_untracked())
                .unwrap_or_else(|| {
                    issues.push(Issue::new(
                        IssueCode::NotANumber,
                        format!("lines[{i}].unit_price"),
                    ));
                    0
                });
            lines.push(LineDraft {
                sku: line.sku.get_untracked().trim().to_owned(),
                name: line.product.get_untracked(),
                quantity,
                unit_price,
            });
        }
        if !issues.is_empty() {
            return Err(issues);
        }
        let optional =
            |s: RwSignal<String>| Some(s.get_untracked()).filter(|t| !t.trim().is_empty());
        let address = Address {
            country: self.country.get_untracked(),
            province: self.province.get_untracked(),
            city: self.city.get_untracked(),
            district: self.district.get_untracked(),
            line1: self.line1.get_untracked(),
            line2: String::new(),
            postcode: self.postcode.get_untracked(),
        };
        // An address with nothing typed in it is no address yet (it is required later, when
        // the order is validated); a partly typed one is checked now.
        let typed = [
            &address.province,
            &address.city,
            &address.district,
            &address.line1,
        ]
        .into_iter()
        .chain([&address.postcode])
        .any(|part| !part.trim().is_empty());
        Ok(OrderDraft {
            channel: Channel::parse(&self.channel.get_untracked()).unwrap_or(Channel::Manual),
            external_ref: None,
            customer: CustomerInfo {
                name: self.name.get_untracked(),
                phone: optional(self.phone),
                email: optional(self.email),
            },
            ship_to: typed.then_some(address),
            currency,
            lines,
            priority: 0,
            tags: Vec::new(),
            promised_at: None,
        })
    }
}

#[component]
pub fn NewOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let sync = use_sync();
    let navigate = use_navigate();
    let fields = Fields::new();
    let issues = RwSignal::new(Vec::<Issue>::new());
    let failure = RwSignal::new(None::<StoreError>);
    let saving = RwSignal::new(false);
    let catalogue = LocalResource::new(move || {
        let store = console.store();
        async move { store.products().await.unwrap_or_default() }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let draft = match fields.draft() {
            Ok(draft) => draft,
            Err(found) => return issues.set(found),
        };
        let found = draft.issues();
        if !found.is_empty() {
            return issues.set(found);
        }
        issues.set(Vec::new());
        saving.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match console.store().create_order(draft, console.actor()).await {
                Ok(_) => {
                    console.notify_changed();
                    sync.sync_now();
                    navigate("/orders", Default::default());
                }
                Err(StoreError::Domain(DomainError::Invalid(found))) => issues.set(found),
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    };

    view! {
        <h1>{t!(i18n, form.title)}</h1>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <form class="order-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{t!(i18n, form.customer)}</legend>
                <Field label=move || t_string!(i18n, form.customer_name).to_string() path="customer.name" issues>
                    <input id="customer.name" type="text" autocomplete="name" bind:value=fields.name/>
                </Field>
                <Field label=move || t_string!(i18n, form.phone).to_string() path="customer.phone" issues>
                    <input id="customer.phone" type="tel" autocomplete="tel" bind:value=fields.phone/>
                </Field>
                <Field label=move || t_string!(i18n, form.email).to_string() path="customer.email" issues>
                    <input id="customer.email" type="email" autocomplete="email" bind:value=fields.email/>
                </Field>
                <Field label=move || t_string!(i18n, form.channel).to_string() path="channel" issues>
                    <select id="channel" bind:value=fields.channel>
                        {Channel::MANUAL_ENTRY.into_iter().map(|c| view! {
                            <option value=c.as_str()>{move || labels::channel(i18n.get_locale(), c)}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label=move || t_string!(i18n, form.currency).to_string() path="currency" issues>
                    <select id="currency" bind:value=fields.currency>
                        <option value="CNY">"CNY"</option>
                        <option value="USD">"USD"</option>
                    </select>
                </Field>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, form.ship_to)}</legend>
                <Field label=move || t_string!(i18n, form.country).to_string() path="ship_to.country" issues>
                    <select id="ship_to.country" bind:value=fields.country>
                        <option value="CN">{t!(i18n, form.country_cn)}</option>
                        <option value="US">{t!(i18n, form.country_us)}</option>
                    </select>
                </Field>
                <Field label=move || t_string!(i18n, form.province).to_string() path="ship_to.province" issues>
                    <input id="ship_to.province" type="text" autocomplete="address-level1" bind:value=fields.province/>
                </Field>
                <Field label=move || t_string!(i18n, form.city).to_string() path="ship_to.city" issues>
                    <input id="ship_to.city" type="text" autocomplete="address-level2" bind:value=fields.city/>
                </Field>
                <Field label=move || t_string!(i18n, form.district).to_string() path="ship_to.district" issues>
                    <input id="ship_to.district" type="text" autocomplete="address-level3" bind:value=fields.district/>
                </Field>
                <Field label=move || t_string!(i18n, form.line1).to_string() path="ship_to.line1" issues>
                    <input id="ship_to.line1" type="text" autocomplete="address-line1" bind:value=fields.line1/>
                </Field>
                <Field label=move || t_string!(i18n, form.postcode).to_string() path="ship_to.postcode" issues>
                    <input id="ship_to.postcode" type="text" autocomplete="postal-code" bind:value=fields.postcode/>
                </Field>
            </fieldset>
            <datalist id="catalogue">
                {move || catalogue.get().unwrap_or_default().into_iter().map(|p| view! {
                    <option value=p.sku.clone()>{p.name.clone()}</option>
                }).collect_view()}
            </datalist>
            <For each=move || fields.lines.get().into_iter().enumerate() key=|(i, line)| (*i, line.key) let((i, line))>
                <LineFieldset i line issues catalogue=catalogue remove=move || fields.lines.update(|all| {
                    if all.len() > 1 {
                        all.retain(|l| l.key != line.key);
                    }
                })/>
            </For>
            <button type="button" class="button" on:click=move |_| fields.lines.update(|all| {
                let key = all.iter().map(|l| l.key).max().unwrap_or(0) + 1;
                all.push(LineFields::new(key));
            })>{t!(i18n, form.add_line)}</button>
            <p class="form-issues" role="alert">
                {move || issues.with(|all| all.iter().filter(|i| i.field == "lines").map(|i| labels::issue(i18n.get_locale(), i)).collect::<Vec<_>>().join(" "))}
            </p>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {t!(i18n, form.submit)}
            </button>
        </form>
    }
}

/// One order line: SKU (with the catalogue's SKUs offered), product, quantity, price. A
/// SKU from the catalogue fills in the name and the list price when they are empty.
#[component]
fn LineFieldset(
    i: usize,
    line: LineFields,
    issues: RwSignal<Vec<Issue>>,
    catalogue: LocalResource<Vec<Product>>,
    remove: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let fill_from_catalogue = move |_| {
        let sku = line.sku.get_untracked();
        let found = catalogue
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .find(|p| p.sku == sku.trim());
        if let Some(product) = found {
            if line.product.get_untracked().trim().is_empty() {
                line.product.set(product.name.clone());
            }
            if line.price.get_untracked().trim().is_empty() {
                let minor = product.price.amount;
                line.price
                    .set(format!("{}.{:02}", minor / 100, minor % 100));
            }
        }
    };
    let id = move |name: &str| format!("lines[{i}].{name}");
    view! {
        <fieldset class="line">
            <legend>{t!(i18n, form.line_no, n = i + 1)}</legend>
            <Field label=move || t_string!(i18n, form.sku).to_string() path=id("sku") issues>
                <input id=id("sku") type="text" list="catalogue" autocomplete="off" bind:value=line.sku on:change=fill_from_catalogue/>
            </Field>
            <Field label=move || t_string!(i18n, form.product_name).to_string() path=id("name") issues>
                <input id=id("name") type="text" bind:value=line.product/>
            </Field>
            <Field label=move || t_string!(i18n, form.quantity).to_string() path=id("quantity") issues>
                <input id=id("quantity") type="text" inputmode="numeric" bind:value=line.quantity/>
            </Field>
            <Field label=move || t_string!(i18n, form.unit_price).to_string() path=id("unit_price") issues>
                <input id=id("unit_price") type="text" inputmode="decimal" bind:value=line.price/>
            </Field>
            {(i > 0).then(|| view! {
                <button type="button" class="button small" on:click=move |_| remove()>{t!(i18n, form.remove_line)}</button>
            })}
        </fieldset>
    }
}
