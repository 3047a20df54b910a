//! A SOP stage whose screens are not built yet: it says what the stage will hold and that
//! it is not available in this version, instead of pretending.

use crate::i18n::*;
use crate::ui::app::Stage;
use leptos::prelude::*;

#[component]
pub fn StagePage(stage: Stage) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || match stage {
        Stage::AfterSales => t_string!(i18n, nav.after_sales),
    };
    let scope = move || match stage {
        Stage::AfterSales => t_string!(i18n, stage.after_sales),
    };
    view! {
        <h1>{title}</h1>
        <p class="stage-scope">{scope}</p>
        <p class="notice info" role="status">{t!(i18n, stage.not_yet)}</p>
    }
}
