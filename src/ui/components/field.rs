//! A labelled form field with the validation issues that name its path, translated.

use crate::i18n::*;
use crate::ui::labels;
use leptos::prelude::*;
use orderly_core::Issue;

/// A labelled field with the issues that name its path.
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] path: String,
    issues: RwSignal<Vec<Issue>>,
    /// The input's id, when `path` is not unique on the page.
    #[prop(optional, into)]
    id: Option<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let target = id.unwrap_or_else(|| path.clone());
    let path = StoredValue::new(path);
    let messages = move || {
        issues.with(|all| {
            all.iter()
                .filter(|i| path.with_value(|p| i.field == *p))
                .map(|i| labels::issue(i18n.get_locale(), i))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field" class:invalid=move || !messages().is_empty()>
            <label for=target>{label}</label>
            {children()}
            <span class="field-issue">{move || messages().join(" ")}</span>
        </div>
    }
}
