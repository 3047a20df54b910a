//! Reports: the KPIs of the SOP (on-time shipping, fill, perfect orders, backorders,
//! first-pass validation, satisfaction, time to ship), orders by status and channel, and
//! the last two weeks with their 7-day average and the change week over week. The numbers
//! are the core's (`orderly_core::reports` over a full `Rollup` of this browser's
//! records); days follow the browser's time zone.

use crate::i18n::*;
use crate::store::StoreError;
use crate::ui::components::notice::ErrorNotice;
use crate::ui::console::use_console;
use crate::ui::{format, labels};
use chrono::{Duration, Utc};
use leptos::prelude::*;
use orderly_core::order_facts::Calendar;
use orderly_core::reports::{
    DayPoint, Kpis, OrderSummary, daily_series, kpis, order_summary, week_over_week,
};
use orderly_core::rollup::Rollup;

/// What the page shows, computed once per change.
#[derive(Clone)]
struct Report {
    kpis: Kpis,
    summary: OrderSummary,
    days: Vec<DayPoint>,
    week_over_week: Option<i64>,
}

/// The browser's time zone, as the core's calendar.
fn calendar() -> Calendar {
    let offset = js_sys::Date::new_0().get_timezone_offset();
    Calendar {
        utc_offset_minutes: -(offset as i32),
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let report = LocalResource::new(move || {
        console.track_changes();
        let store = console.store();
        async move {
            let records = store.report_records().await?;
            let calendar = calendar();
            let rollup = Rollup::full(calendar, &records);
            let today = calendar.day(Utc::now());
            Ok::<_, StoreError>(Report {
                kpis: kpis(&rollup),
                summary: order_summary(&rollup),
                days: daily_series(&rollup, today - Duration::days(13), today),
                week_over_week: week_over_week(&rollup, today),
            })
        }
    });
    view! {
        <h1>{t!(i18n, nav.reports)}</h1>
        {move || report.get().map(|found| match found {
            Ok(report) => view! { <ReportView report/> }.into_any(),
            Err(error) => view! { <ErrorNotice error/> }.into_any(),
        })}
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let Report {
        kpis,
        summary,
        days,
        week_over_week,
    } = report;
    let tile = move |label: String, value: String, id: &'static str| {
        view! {
            <section class="tile">
                <h2>{label}</h2>
                <p class="figure" data-testid=id>{value}</p>
            </section>
        }
    };
    let locale = move || i18n.get_locale();
    let to_shipped = kpis.to_shipped;
    let satisfaction = kpis.satisfaction_milli;
    let ratings = kpis.ratings;
    view! {
        <div class="tiles">
            {move || tile(t_string!(i18n, reports.orders).to_string(), summary.orders.to_string(), "kpi-orders")}
            {move || tile(t_string!(i18n, reports.on_time).to_string(), format::percent(locale(), kpis.on_time_shipping), "kpi-on-time")}
            {move || tile(t_string!(i18n, reports.fill_rate).to_string(), format::percent(locale(), kpis.fill_rate), "kpi-fill")}
            {move || tile(t_string!(i18n, reports.perfect).to_string(), format::percent(locale(), kpis.perfect_order_rate), "kpi-perfect")}
            {move || tile(t_string!(i18n, reports.backorders).to_string(), format::percent(locale(), kpis.backorder_rate), "kpi-backorders")}
            {move || tile(t_string!(i18n, reports.validation_errors).to_string(), format::percent(locale(), kpis.validation_error_rate), "kpi-validation")}
            {move || tile(
                t_string!(i18n, reports.to_shipped).to_string(),
                format!("{} / {}", format::hours(locale(), to_shipped.p50), format::hours(locale(), to_shipped.p90)),
                "kpi-to-shipped",
            )}
            {move || tile(
                t_string!(i18n, reports.satisfaction, count = ratings).to_string(),
                satisfaction.map_or("—".into(), |m| format::decimal(locale(), m as f64 / 1000.0, 2)),
                "kpi-satisfaction",
            )}
        </div>
        <div class="detail-grid">
            <section class="card">
                <h2>{t!(i18n, reports.by_status)}</h2>
                <table class="orders" data-testid="by-status">
                    <tbody>
                        {summary.by_status.clone().into_iter().map(|(status, count)| view! {
                            <tr>
                                <td>{move || labels::status(locale(), status)}</td>
                                <td class="num">{count}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>{t!(i18n, reports.by_channel)}</h2>
                <table class="orders" data-testid="by-channel">
                    <tbody>
                        {summary.by_channel.clone().into_iter().map(|(channel, count)| view! {
                            <tr>
                                <td>{move || labels::channel(locale(), channel)}</td>
                                <td class="num">{count}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </div>
        <section class="card">
            <h2>{t!(i18n, reports.last_days)}</h2>
            <p class="hint" data-testid="week-over-week">
                {move || match week_over_week {
                    Some(change) => t_string!(i18n, reports.week_over_week, change = format::percent(locale(), Some(change))).to_string(),
                    None => t_string!(i18n, reports.no_week_before).to_string(),
                }}
            </p>
            <table class="orders" data-testid="daily">
                <thead><tr>
                    <th scope="col">{t!(i18n, reports.day)}</th>
                    <th scope="col" class="num">{t!(i18n, reports.orders)}</th>
                    <th scope="col" class="num">{t!(i18n, reports.average)}</th>
                </tr></thead>
                <tbody>
                    {days.into_iter().rev().map(|point| view! {
                        <tr>
                            <td>{move || format::day(locale(), point.day)}</td>
                            <td class="num">{point.orders}</td>
                            <td class="num">{move || point.moving_average_milli.map_or("—".into(), |m| format::decimal(locale(), m as f64 / 1000.0, 1))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
