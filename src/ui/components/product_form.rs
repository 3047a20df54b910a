//! Adding or changing a product of the catalogue: what validation, allocation, picking
//! (barcode, bin), packing (category checklist, weight) and replenishment (safety stock,
//! reorder point and quantity, lead time) need to know. The rules are the core's
//! (`Product::issues`, `product.save`); each issue is shown next to its field.

use crate::i18n::*;
use crate::ui::components::field::Field;
use crate::ui::components::outcome::{Outcome, OutcomeNotice};
use leptos::prelude::*;
use orderly_core::product::Product;
use orderly_core::{Command, Currency, Issue, IssueCode, Money};

/// The form's fields, as typed. Kept by the page so that a refresh does not wipe them.
#[derive(Clone, Copy)]
pub struct ProductFields {
    sku: RwSignal<String>,
    name: RwSignal<String>,
    price: RwSignal<String>,
    weight: RwSignal<String>,
    category: RwSignal<String>,
    barcode: RwSignal<String>,
    safety: RwSignal<String>,
    reorder_point: RwSignal<String>,
    reorder_quantity: RwSignal<String>,
    lead_time: RwSignal<String>,
    active: RwSignal<bool>,
    /// The product as loaded, when the form changes an existing one (its SKU is then
    /// fixed): the save is an edit of its version, and keeps what the form does not show.
    editing: RwSignal<Option<Product>>,
}

impl Default for ProductFields {
    fn default() -> Self {
        ProductFields::new()
    }
}

impl ProductFields {
    pub fn new() -> ProductFields {
        let text = |s: &str| RwSignal::new(s.to_owned());
        ProductFields {
            sku: text(""),
            name: text(""),
            price: text(""),
            weight: text(""),
            category: text(""),
            barcode: text(""),
            safety: text("0"),
            reorder_point: text("0"),
            reorder_quantity: text("0"),
            lead_time: text("0"),
            active: RwSignal::new(true),
            editing: RwSignal::new(None),
        }
    }

    /// Fills the form with `product`, to change it.
    pub fn edit(&self, product: &Product) {
        self.sku.set(product.sku.clone());
        self.name.set(product.name.clone());
        let minor = product.price.amount;
        self.price
            .set(format!("{}.{:02}", minor / 100, minor % 100));
        self.weight.set(product.weight_g.to_string());
        self.category.set(product.category.clone());
        self.barcode
            .set(product.barcode.clone().unwrap_or_default());
        self.safety.set(product.safety_stock.to_string());
        self.reorder_point.set(product.reorder_point.to_string());
        self.reorder_quantity
            .set(product.reorder_quantity.to_string());
        self.lead_time.set(product.lead_time_days.to_string());
        self.active.set(product.active);
        self.editing.set(Some(product.clone()));
    }

    fn clear(&self) {
        for text in [
            self.sku,
            self.name,
            self.price,
            self.weight,
            self.category,
            self.barcode,
        ] {
            text.set(String::new());
        }
        for number in [
            self.safety,
            self.reorder_point,
            self.reorder_quantity,
            self.lead_time,
        ] {
            number.set("0".into());
        }
        self.active.set(true);
        self.editing.set(None);
    }

    /// The product, or the issues of fields that are not even numbers.
    fn product(&self) -> Result<Product, Vec<Issue>> {
        let mut issues = Vec::new();
        let mut number = |signal: RwSignal<String>, field: &str| -> i64 {
            signal.get_untracked().trim().parse().unwrap_or_else(|_| {
                issues.push(Issue::new(IssueCode::NotANumber, field));
                0
            })
        };
        let weight = number(self.weight, "weight_g");
        let safety = number(self.safety, "safety_stock");
        let reorder_point = number(self.reorder_point, "reorder_point");
        let reorder_quantity = number(self.reorder_quantity, "reorder_quantity");
        let lead_time = number(self.lead_time, "lead_time_days");
        let price = Currency::CNY.parse_amount(&self.price.get_untracked());
        if price.is_none() {
            issues.push(Issue::new(IssueCode::NotANumber, "price"));
        }
        let (Ok(weight), Ok(lead_time)) = (u32::try_from(weight), u32::try_from(lead_time)) else {
            issues.push(Issue::new(IssueCode::QuantityNegative, "weight_g"));
            return Err(issues);
        };
        if !issues.is_empty() {
            return Err(issues);
        }
        let barcode = self.barcode.get_untracked();
        let base = self.editing.get_untracked();
        Ok(Product {
            sku: self.sku.get_untracked().trim().to_owned(),
            barcode: Some(barcode.trim().to_owned()).filter(|b| !b.is_empty()),
            name: self.name.get_untracked().trim().to_owned(),
            price: Money::new(price.unwrap_or(0), Currency::CNY),
            weight_g: weight,
            dimensions: base.as_ref().and_then(|p| p.dimensions),
            category: self.category.get_untracked().trim().to_owned(),
            safety_stock: safety,
            reorder_point,
            reorder_quantity,
            lead_time_days: lead_time,
            active: self.active.get_untracked(),
            version: base.as_ref().map_or(0, |p| p.version),
            rev: base.and_then(|p| p.rev),
        })
    }
}

#[component]
pub fn ProductForm(fields: ProductFields) -> impl IntoView {
    let i18n = use_i18n();
    let issues = RwSignal::new(Vec::<Issue>::new());
    let outcome = Outcome::for_page();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.clear();
        let product = match fields.product() {
            Ok(product) => product,
            Err(found) => return issues.set(found),
        };
        let command = Command::SaveProduct(Box::new(product));
        outcome.submit(command, issues, move || fields.clear());
    };
    view! {
        <section class="card product-form" data-testid="product-form">
            <h2>{move || if fields.editing.with(Option::is_some) {
                t_string!(i18n, catalogue.edit).to_string()
            } else {
                t_string!(i18n, catalogue.add).to_string()
            }}</h2>
            <form class="order-form" on:submit=submit novalidate>
                <Field label=move || t_string!(i18n, form.sku).to_string() path="sku" id="product-sku" issues>
                    <input id="product-sku" type="text" bind:value=fields.sku prop:readonly=move || fields.editing.with(Option::is_some)/>
                </Field>
                <Field label=move || t_string!(i18n, form.product_name).to_string() path="name" id="product-name" issues>
                    <input id="product-name" type="text" bind:value=fields.name/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.price).to_string() path="price" id="product-price" issues>
                    <input id="product-price" type="text" inputmode="decimal" bind:value=fields.price/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.weight).to_string() path="weight_g" id="product-weight_g" issues>
                    <input id="product-weight_g" type="text" inputmode="numeric" bind:value=fields.weight/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.category).to_string() path="category" id="product-category" issues>
                    <input id="product-category" type="text" bind:value=fields.category/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.barcode).to_string() path="barcode" id="product-barcode" issues>
                    <input id="product-barcode" type="text" inputmode="numeric" bind:value=fields.barcode/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.safety_stock).to_string() path="safety_stock" id="product-safety_stock" issues>
                    <input id="product-safety_stock" type="text" inputmode="numeric" bind:value=fields.safety/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.reorder_point).to_string() path="reorder_point" id="product-reorder_point" issues>
                    <input id="product-reorder_point" type="text" inputmode="numeric" bind:value=fields.reorder_point/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.reorder_quantity).to_string() path="reorder_quantity" id="product-reorder_quantity" issues>
                    <input id="product-reorder_quantity" type="text" inputmode="numeric" bind:value=fields.reorder_quantity/>
                </Field>
                <Field label=move || t_string!(i18n, catalogue.lead_time).to_string() path="lead_time_days" id="product-lead_time_days" issues>
                    <input id="product-lead_time_days" type="text" inputmode="numeric" bind:value=fields.lead_time/>
                </Field>
                <label class="check"><input type="checkbox" bind:checked=fields.active/> " " {t!(i18n, catalogue.active)}</label>
                <div class="form-actions">
                    <button type="submit" class="button primary">{t!(i18n, catalogue.save)}</button>
                    {move || fields.editing.with(Option::is_some).then(|| view! {
                        <button type="button" class="button" on:click=move |_| fields.clear()>{t!(i18n, catalogue.new)}</button>
                    })}
                </div>
            </form>
            <OutcomeNotice outcome/>
        </section>
    }
}
