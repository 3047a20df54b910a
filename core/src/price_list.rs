//! Price lists: the agreed price of each SKU in one currency, with how far a clerk may
//! deviate from it (a tolerance for rounding, a ceiling on discounts).

use crate::money::Currency;
use crate::stock::Sku;
use crate::validation::{Issue, IssueCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    /// One list per currency: the code is the currency's (`CNY`).
    pub currency: Currency,
    /// Unit prices in minor units. A SKU not listed is priced at its product's price.
    #[serde(default)]
    pub prices: BTreeMap<Sku, i64>,
    /// How far above the list price a line may be, in basis points (100 = 1 %).
    #[serde(default)]
    pub tolerance_bp: u32,
    /// The largest discount below the list price, in basis points.
    #[serde(default)]
    pub max_discount_bp: u32,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

impl PriceList {
    /// The issue with a line's unit price, if any. `fallback` is the product's own price.
    pub fn check(&self, field: &str, sku: &str, fallback: i64, unit_price: i64) -> Option<Issue> {
        let list = self.prices.get(sku).copied().unwrap_or(fallback);
        let bp = |price: i64, points: u32| i128::from(price) * i128::from(points) / 10_000;
        let price = i128::from(unit_price);
        let list_wide = i128::from(list);
        if price > list_wide + bp(list, self.tolerance_bp) {
            return Some(
                Issue::new(IssueCode::PriceAboveList, field)
                    .with("list", list)
                    .with("tolerance_bp", self.tolerance_bp),
            );
        }
        if price < list_wide - bp(list, self.max_discount_bp) {
            return Some(
                Issue::new(IssueCode::DiscountTooLarge, field)
                    .with("list", list)
                    .with("max_discount_bp", self.max_discount_bp),
            );
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_may_deviate_within_tolerance_and_discount() {
        let list = PriceList {
            currency: Currency::CNY,
            prices: [("TEA".to_string(), 10_000)].into(),
            tolerance_bp: 100,
            max_discount_bp: 1_500,
            version: 1,
            rev: None,
        };
        assert_eq!(list.check("p", "TEA", 0, 10_100), None, "1 % above");
        assert_eq!(list.check("p", "TEA", 0, 8_500), None, "15 % off");
        let above = list.check("p", "TEA", 0, 10_101).unwrap();
        assert_eq!(above.code, IssueCode::PriceAboveList);
        assert_eq!(above.params["list"], "10000");
        let below = list.check("p", "TEA", 0, 8_499).unwrap();
        assert_eq!(below.code, IssueCode::DiscountTooLarge);
        assert_eq!(list.check("p", "CUP", 2_000, 2_000), None, "product price");
        assert!(list.check("p", "CUP", 2_000, 1_000).is_some());
    }
}
