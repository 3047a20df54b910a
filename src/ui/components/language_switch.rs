//! Switches between English and 简体中文 at run time.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |ev: leptos::ev::Event| {
        let locale = match event_target_value(&ev).as_str() {
            "zh-CN" => Locale::zh_CN,
            _ => Locale::en,
        };
        i18n.set_locale(locale);
    };
    view! {
        <label class="language">
            <span>{t!(i18n, common.language)}</span>
            <select on:change=choose>
                <option value="en" selected=move || i18n.get_locale() == Locale::en>"English"</option>
                <option value="zh-CN" selected=move || i18n.get_locale() == Locale::zh_CN>"简体中文"</option>
            </select>
        </label>
    }
}
