//! Carriers and their rates: the zone between two regions, the price by weight bracket,
//! transit days and the daily cut-off. [`choose`] picks the cheapest service that still
//! meets the promised date — or, when none can, the one that delivers soonest — and says
//! why; its dates are the estimates for the confirmation notice.

use crate::money::{Currency, Money};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Which zone a shipment from one region to another falls in. `*` matches any region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneRule {
    pub from: String,
    pub to: String,
    pub zone: u8,
}

/// Price of a package up to `max_weight_g` in a zone, in minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    pub zone: u8,
    pub max_weight_g: u64,
    pub price: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transit {
    pub zone: u8,
    pub days: u32,
}

/// One carrier service (e.g. SF Express, standard) and its rate table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierRate {
    pub carrier: String,
    pub service: String,
    pub currency: Currency,
    /// First match wins; a same-region rule usually comes first.
    pub zones: Vec<ZoneRule>,
    pub brackets: Vec<Bracket>,
    pub transit: Vec<Transit>,
    /// Packages handed over after this local time leave the next day (minutes after
    /// midnight).
    pub cutoff_minute: u32,
    /// The warehouse's offset from UTC, in minutes (China: 480).
    pub utc_offset_minutes: i32,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub carrier: String,
    pub service: String,
    pub zone: u8,
    pub price: Money,
    pub ship_date: NaiveDate,
    pub delivery_date: NaiveDate,
}

impl CarrierRate {
    fn zone(&self, from: &str, to: &str) -> Option<u8> {
        let fits = |pattern: &str, region: &str| pattern == "*" || pattern == region;
        self.zones
            .iter()
            .find(|z| fits(&z.from, from) && fits(&z.to, to))
            .map(|z| z.zone)
    }

    /// The price and dates for a package, or `None` when the service does not go there or
    /// the package is heavier than its largest bracket.
    pub fn quote(&self, from: &str, to: &str, weight_g: u64, now: DateTime<Utc>) -> Option<Quote> {
        let zone = self.zone(from, to)?;
        let price = self
            .brackets
            .iter()
            .filter(|b| b.zone == zone && weight_g <= b.max_weight_g)
            .min_by_key(|b| b.max_weight_g)?
            .price;
        let days = self.transit.iter().find(|t| t.zone == zone)?.days;
        let local = now + Duration::minutes(i64::from(self.utc_offset_minutes));
        let minute = local
            .time()
            .signed_duration_since(chrono::NaiveTime::MIN)
            .num_minutes();
        let ship_date = if minute < i64::from(self.cutoff_minute) {
            local.date_naive()
        } else {
            local.date_naive() + Duration::days(1)
        };
        Some(Quote {
            carrier: self.carrier.clone(),
            service: self.service.clone(),
            zone,
            price: Money::new(price, self.currency),
            ship_date,
            delivery_date: ship_date + Duration::days(i64::from(days)),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Why {
    /// No promised date: the cheapest service (ties: the sooner).
    Cheapest,
    /// The cheapest of the services that deliver by the promised date.
    CheapestOnTime { promised: NaiveDate },
    /// No service meets the promise: the one that delivers soonest, and how late.
    SoonestButLate { promised: NaiveDate, late_days: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub quote: Quote,
    pub why: Why,
}

/// Chooses a service for a package of `weight_g` from region `from` to region `to`.
/// `None` when no service goes there at that weight.
pub fn choose(
    rates: &[CarrierRate],
    from: &str,
    to: &str,
    weight_g: u64,
    now: DateTime<Utc>,
    promised: Option<NaiveDate>,
) -> Option<Choice> {
    let quotes: Vec<Quote> = rates
        .iter()
        .filter_map(|r| r.quote(from, to, weight_g, now))
        .collect();
    let cheapest = |qs: &mut dyn Iterator<Item = &Quote>| {
        qs.min_by(|a, b| {
            (a.price.amount, a.delivery_date, &a.carrier, &a.service).cmp(&(
                b.price.amount,
                b.delivery_date,
                &b.carrier,
                &b.service,
            ))
        })
        .cloned()
    };
    let Some(promised) = promised else {
        return cheapest(&mut quotes.iter()).map(|quote| Choice {
            quote,
            why: Why::Cheapest,
        });
    };
    if let Some(quote) = cheapest(&mut quotes.iter().filter(|q| q.delivery_date <= promised)) {
        return Some(Choice {
            quote,
            why: Why::CheapestOnTime { promised },
        });
    }
    let soonest = quotes
        .iter()
        .min_by(|a, b| (a.delivery_date, a.price.amount).cmp(&(b.delivery_date, b.price.amount)))?
        .clone();
    let late_days = (soonest.delivery_date - promised).num_days();
    Some(Choice {
        quote: soonest,
        why: Why::SoonestButLate {
            promised,
            late_days,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rate(carrier: &str, service: &str, prices: [i64; 2], days: [u32; 2]) -> CarrierRate {
        CarrierRate {
            carrier: carrier.into(),
            service: service.into(),
            currency: Currency::CNY,
            zones: vec![
                ZoneRule {
                    from: "上海市".into(),
                    to: "上海市".into(),
                    zone: 1,
                },
                ZoneRule {
                    from: "上海市".into(),
                    to: "*".into(),
                    zone: 2,
                },
            ],
            brackets: vec![
                Bracket {
                    zone: 1,
                    max_weight_g: 1_000,
                    price: prices[0],
                },
                Bracket {
                    zone: 2,
                    max_weight_g: 1_000,
                    price: prices[1],
                },
                Bracket {
                    zone: 2,
                    max_weight_g: 5_000,
                    price: prices[1] * 2,
                },
            ],
            transit: vec![
                Transit {
                    zone: 1,
                    days: days[0],
                },
                Transit {
                    zone: 2,
                    days: days[1],
                },
            ],
            cutoff_minute: 17 * 60,
            utc_offset_minutes: 480,
            version: 1,
            rev: None,
        }
    }

    fn rates() -> Vec<CarrierRate> {
        vec![
            rate("SF", "express", [1_200, 2_300], [1, 1]),
            rate("ZTO", "standard", [600, 900], [1, 3]),
        ]
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    /// 2026-12-04 at `hour` in Shanghai.
    fn shanghai(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, hour, 0, 0).unwrap() - Duration::hours(8)
    }

    #[test]
    fn the_cut_off_decides_the_ship_date_and_transit_the_delivery_date() {
        let zto = &rates()[1];
        let before = zto.quote("上海市", "浙江省", 800, shanghai(16)).unwrap();
        assert_eq!((before.ship_date, before.delivery_date), (date(4), date(7)));
        let after = zto.quote("上海市", "浙江省", 800, shanghai(18)).unwrap();
        assert_eq!((after.ship_date, after.delivery_date), (date(5), date(8)));
        assert_eq!(after.price, Money::new(900, Currency::CNY));
        let heavy = zto.quote("上海市", "浙江省", 4_000, shanghai(9)).unwrap();
        assert_eq!(heavy.price.amount, 1_800, "the next weight bracket");
        assert!(
            zto.quote("上海市", "浙江省", 6_000, shanghai(9)).is_none(),
            "too heavy"
        );
        assert!(
            zto.quote("北京市", "浙江省", 800, shanghai(9)).is_none(),
            "no zone"
        );
    }

    #[test]
    fn the_cheapest_service_that_keeps_the_promise_wins() {
        let now = shanghai(10);
        let free = choose(&rates(), "上海市", "浙江省", 800, now, None).unwrap();
        assert_eq!(
            (free.quote.carrier.as_str(), free.why),
            ("ZTO", Why::Cheapest)
        );
        let relaxed = choose(&rates(), "上海市", "浙江省", 800, now, Some(date(8))).unwrap();
        assert_eq!(relaxed.quote.carrier, "ZTO");
        assert_eq!(relaxed.why, Why::CheapestOnTime { promised: date(8) });
        let tight = choose(&rates(), "上海市", "浙江省", 800, now, Some(date(5))).unwrap();
        assert_eq!(tight.quote.carrier, "SF", "only SF arrives by the 5th");
        let impossible = choose(&rates(), "上海市", "浙江省", 800, now, Some(date(4))).unwrap();
        assert_eq!(
            impossible.why,
            Why::SoonestButLate {
                promised: date(4),
                late_days: 1
            }
        );
        assert!(choose(&rates(), "上海市", "浙江省", 9_000, now, None).is_none());
    }
}
