//! Error notices: what failed, in the user's language, with the technical reason below.

use crate::i18n::*;
use crate::store::StoreError;
use leptos::prelude::*;

#[component]
pub fn ErrorNotice(error: StoreError) -> impl IntoView {
    let i18n = use_i18n();
    let reason = error.to_string();
    let headline = move || match &error {
        StoreError::Dom { name, .. } if name == "QuotaExceededError" => {
            t_string!(i18n, error.quota).to_string()
        }
        StoreError::Unavailable => t_string!(i18n, error.unavailable).to_string(),
        StoreError::ClosedByUpgrade => t_string!(i18n, error.closed_by_upgrade).to_string(),
        StoreError::Blocked(_) => t_string!(i18n, error.blocked).to_string(),
        _ => t_string!(i18n, error.store).to_string(),
    };
    view! {
        <div class="notice error" role="alert">
            <strong>{headline}</strong>
            <p class="reason">{reason}</p>
        </div>
    }
}
