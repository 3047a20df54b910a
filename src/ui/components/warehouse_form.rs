//! Adding or changing a warehouse: its code, name and region (allocation prefers the same
//! region; carrier zones use it) and its bins in walking order, one per line — the bin's
//! code, then the SKUs slotted in it — as pickers walk past them.

use crate::i18n::*;
use crate::ui::components::field::Field;
use crate::ui::components::outcome::{Outcome, OutcomeNotice};
use crate::ui::labels;
use leptos::prelude::*;
use orderly_core::location::{Bin, Location};
use orderly_core::{Command, Issue};

/// The bins as typed: one per line, `CODE SKU SKU …`, in walking order.
fn bins(text: &str) -> Vec<Bin> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let code = words.next()?.to_owned();
            Some((code, words.map(str::to_owned).collect::<Vec<_>>()))
        })
        .enumerate()
        .map(|(i, (code, skus))| Bin {
            code,
            walk_order: i as u32 + 1,
            skus,
        })
        .collect()
}

fn bins_text(location: &Location) -> String {
    let mut bins = location.bins.clone();
    bins.sort_by_key(|b| b.walk_order);
    bins.iter()
        .map(|b| {
            std::iter::once(b.code.as_str())
                .chain(b.skus.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn WarehouseForm(locations: Vec<Location>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let layout = RwSignal::new(String::new());
    // The warehouse as loaded: saving it is an edit of its version.
    let base = RwSignal::new(None::<Location>);
    let issues = RwSignal::new(Vec::<Issue>::new());
    let outcome = Outcome::for_page();
    let known = StoredValue::new(locations.clone());
    let pick = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        match known.with_value(|all| all.iter().find(|l| l.code == chosen).cloned()) {
            Some(l) => {
                code.set(l.code.clone());
                name.set(l.name.clone());
                region.set(l.region.clone());
                layout.set(bins_text(&l));
                base.set(Some(l));
            }
            None => {
                for field in [code, name, region, layout] {
                    field.set(String::new());
                }
                base.set(None);
            }
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        // Typing another code over a loaded warehouse makes a new one.
        let base = base.get_untracked().filter(|l| l.code == typed);
        let location = Location {
            code: typed,
            name: name.get_untracked().trim().to_owned(),
            region: region.get_untracked().trim().to_owned(),
            bins: bins(&layout.get_untracked()),
            version: base.as_ref().map_or(0, |l| l.version),
            rev: base.and_then(|l| l.rev),
        };
        outcome.submit(Command::SaveLocation(Box::new(location)), issues, || ());
    };
    view! {
        <section class="card" data-testid="warehouse-form">
            <h2>{t!(i18n, warehouse.title)}</h2>
            <form class="order-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="warehouse-pick">{t!(i18n, warehouse.pick)}</label>
                    <select id="warehouse-pick" on:change=pick>
                        <option value="">{t!(i18n, warehouse.new)}</option>
                        {locations.into_iter().map(|l| view! {
                            <option value=l.code.clone()>{format!("{} — {}", l.code, l.name)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label=move || t_string!(i18n, warehouse.code).to_string() path="code" id="warehouse-code" issues>
                    <input id="warehouse-code" type="text" bind:value=code/>
                </Field>
                <Field label=move || t_string!(i18n, warehouse.name).to_string() path="name" id="warehouse-name" issues>
                    <input id="warehouse-name" type="text" bind:value=name/>
                </Field>
                <Field label=move || t_string!(i18n, warehouse.region).to_string() path="region" id="warehouse-region" issues>
                    <input id="warehouse-region" type="text" bind:value=region/>
                </Field>
                <div class="field">
                    <label for="warehouse-bins">{t!(i18n, warehouse.bins)}</label>
                    <textarea id="warehouse-bins" rows="6" class="mono" bind:value=layout></textarea>
                    <span class="field-issue">{move || issues.with(|all| all.iter().filter(|i| i.field.starts_with("bins")).map(|i| format!("{} — {}", i.field, labels::issue(i18n.get_locale(), i))).collect::<Vec<_>>().join(" "))}</span>
                </div>
                <button type="submit" class="button primary">{t!(i18n, warehouse.save)}</button>
            </form>
            <OutcomeNotice outcome/>
        </section>
    }
}
