//! Products: what can be sold, where it is weighed, and when to reorder it.

use crate::money::Money;
use crate::stock::Sku;
use crate::validation::{Issue, IssueCode, check_text};
use serde::{Deserialize, Serialize};

/// Outer size of one unit, in millimetres.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimensions {
    pub length_mm: u32,
    pub width_mm: u32,
    pub height_mm: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub sku: Sku,
    /// EAN-13, UPC-A or an internal code printed on the unit; scanned when picking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    pub name: String,
    /// List price per unit, in minor units.
    pub price: Money,
    /// Weight of one packed unit in grams.
    pub weight_g: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// Names the packing checklist ([`crate::checklist::SopChecklist`]) that applies.
    pub category: String,
    /// Units kept back as a buffer; below it, the level raises an alert.
    #[serde(default)]
    pub safety_stock: i64,
    /// When available + incoming falls to this, it is time to reorder.
    #[serde(default)]
    pub reorder_point: i64,
    /// How many to order then (0: work it out from demand and lead time).
    #[serde(default)]
    pub reorder_quantity: i64,
    /// Days from ordering to receiving.
    #[serde(default)]
    pub lead_time_days: u32,
    pub active: bool,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

pub const MAX_PRODUCT_NAME: usize = 200;
pub const MAX_CODE: usize = 64;

impl Product {
    /// Every issue with the record, field by field.
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_text(&mut issues, "sku", &self.sku, MAX_CODE);
        if let Some(barcode) = &self.barcode
            && !is_valid_barcode(barcode)
        {
            issues.push(Issue::new(IssueCode::InvalidBarcode, "barcode"));
        }
        check_text(&mut issues, "name", &self.name, MAX_PRODUCT_NAME);
        if self.price.amount < 0 {
            issues.push(Issue::new(IssueCode::PriceNegative, "price"));
        }
        check_text(&mut issues, "category", &self.category, MAX_CODE);
        for (field, value) in [
            ("safety_stock", self.safety_stock),
            ("reorder_point", self.reorder_point),
            ("reorder_quantity", self.reorder_quantity),
        ] {
            if value < 0 {
                issues.push(Issue::new(IssueCode::QuantityNegative, field));
            }
        }
        issues
    }
}

/// A barcode a scanner can produce: 8, 12 or 13 digits with a valid GS1 check digit, or an
/// internal code of 4–32 letters, digits and dashes that is not all digits.
pub fn is_valid_barcode(code: &str) -> bool {
    let digits = code.bytes().all(|b| b.is_ascii_digit());
    if digits {
        return matches!(code.len(), 8 | 12 | 13) && gs1_check_digit_ok(code);
    }
    (4..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// GS1 check digit (EAN-8, UPC-A, EAN-13): weights 3 and 1 from the right, excluding the
/// check digit itself.
fn gs1_check_digit_ok(code: &str) -> bool {
    let digits: Vec<u32> = code.bytes().map(|b| u32::from(b - b'0')).collect();
    let Some((check, body)) = digits.split_last() else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == *check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    pub fn tea() -> Product {
        Product {
            sku: "TEA-LJ-250".into(),
            barcode: Some("6901234567892".into()),
            name: "Longjing tea 250 g".into(),
            price: Money::new(16_800, Currency::CNY),
            weight_g: 300,
            dimensions: None,
            category: "food".into(),
            safety_stock: 10,
            reorder_point: 20,
            reorder_quantity: 50,
            lead_time_days: 7,
            active: true,
            version: 1,
            rev: None,
        }
    }

    #[test]
    fn barcodes_carry_a_check_digit() {
        assert!(is_valid_barcode("6901234567892"));
        assert!(!is_valid_barcode("6901234567891"), "wrong check digit");
        assert!(is_valid_barcode("036000291452"), "UPC-A");
        assert!(is_valid_barcode("96385074"), "EAN-8");
        assert!(is_valid_barcode("BIN-TEA-01"), "internal code");
        assert!(!is_valid_barcode("12"));
        assert!(!is_valid_barcode("tea 01"));
    }

    #[test]
    fn a_product_needs_a_name_a_category_and_sane_numbers() {
        assert!(tea().issues().is_empty());
        let mut p = tea();
        p.name = " ".into();
        p.safety_stock = -1;
        p.barcode = Some("123".into());
        let found: Vec<_> = p
            .issues()
            .iter()
            .map(|i| format!("{}:{}", i.field, i.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                "barcode:invalid_barcode",
                "name:required",
                "safety_stock:quantity_negative"
            ]
        );
    }
}
