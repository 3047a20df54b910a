//! Locale-aware formatting through the browser's `Intl` (no tables shipped in the wasm).

use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use js_sys::{Array, Object, Reflect};
use orderly_core::Money;
use wasm_bindgen::JsValue;

fn bcp47(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::zh_CN => "zh-CN",
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// `¥384.00` / `US$12.50`: the amount in the currency's style for the locale.
pub fn money(locale: Locale, money: Money) -> String {
    let format = js_sys::Intl::NumberFormat::new(
        &Array::of1(&JsValue::from_str(bcp47(locale))),
        &options(&[("style", "currency"), ("currency", money.currency.as_str())]),
    );
    // Display only: minor units of CNY/USD have two decimals; f64 is exact far beyond any
    // realistic order total (2^53 minor units).
    let major = money.amount as f64 / 100.0;
    format
        .format()
        .call1(&JsValue::NULL, &JsValue::from_f64(major))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{} {:.2}", money.currency, major))
}

/// Date and time in the user's time zone, short style.
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    date.to_locale_string(
        bcp47(locale),
        &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
    )
    .as_string()
    .unwrap_or_else(|| orderly_core::time::format(&at))
}

/// Time of day in the user's time zone, e.g. `10:42`.
pub fn time(locale: Locale, at: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    date.to_locale_time_string_with_options(bcp47(locale), &options(&[("timeStyle", "short")]))
        .as_string()
        .unwrap_or_else(|| orderly_core::time::format(&at))
}

fn number(locale: Locale, value: f64, pairs: &[(&str, &str)]) -> String {
    js_sys::Intl::NumberFormat::new(
        &Array::of1(&JsValue::from_str(bcp47(locale))),
        &options(pairs),
    )
    .format()
    .call1(&JsValue::NULL, &JsValue::from_f64(value))
    .ok()
    .and_then(|v| v.as_string())
    .unwrap_or_else(|| value.to_string())
}

/// A rate in basis points as a percentage, `97.5%`; `—` when there is nothing to rate.
pub fn percent(locale: Locale, basis_points: Option<i64>) -> String {
    match basis_points {
        Some(bp) => number(
            locale,
            bp as f64 / 10_000.0,
            &[("style", "percent"), ("maximumFractionDigits", "1")],
        ),
        None => "—".into(),
    }
}

/// A duration in hours, `3.5 hr` / `3.5小时`; `—` when unknown.
pub fn hours(locale: Locale, seconds: Option<i64>) -> String {
    match seconds {
        Some(s) => number(
            locale,
            s as f64 / 3600.0,
            &[
                ("style", "unit"),
                ("unit", "hour"),
                ("unitDisplay", "short"),
                ("maximumFractionDigits", "1"),
            ],
        ),
        None => "—".into(),
    }
}

/// A plain number with the locale's grouping and at most `digits` decimals.
pub fn decimal(locale: Locale, value: f64, digits: u8) -> String {
    number(
        locale,
        value,
        &[("maximumFractionDigits", &digits.to_string())],
    )
}

/// A calendar day, short: `Dec 4` / `12月4日`.
pub fn day(locale: Locale, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let date = js_sys::Date::new_with_year_month_day(
        day.year() as u32,
        day.month0() as i32,
        day.day() as i32,
    );
    date.to_locale_date_string(
        bcp47(locale),
        &options(&[("month", "short"), ("day", "numeric")]),
    )
    .as_string()
    .unwrap_or_else(|| day.to_string())
}
