//! Validation issues: a code, the field path and parameters, so that the console can show
//! each one in zh-CN or English (`issue.<code>` in the locale files) next to its field.
//! Validators collect every issue instead of stopping at the first.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    Required,
    TooLong,
    InvalidPhone,
    InvalidEmail,
    NoLines,
    QuantityNotPositive,
    PriceNegative,
    AmountTooLarge,
    NotANumber,
    InvalidCountry,
    InvalidPostcode,
    TooLarge,
    Duplicate,
    InvalidBarcode,
    QuantityNegative,
    UnknownProduct,
    /// No warehouse has this code.
    UnknownLocation,
    /// The warehouse has no bin with this code.
    UnknownBin,
    ProductInactive,
    PriceAboveList,
    DiscountTooLarge,
    /// Not enough available stock anywhere (a warning: the order can be backordered).
    StockShort,
    /// The same channel and external reference as another order.
    DuplicateExternalRef,
    /// The same customer ordered the same items a short while ago.
    PossibleDuplicate,
    /// Parts that must add up to a total do not (`expected`).
    QuantityMismatch,
    /// Outside `min`..=`max`.
    OutOfRange,
    /// A code with a character it may not contain (`/` in a carrier name).
    InvalidCode,
}

impl IssueCode {
    /// The stable wire name, also the i18n key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::TooLong => "too_long",
            IssueCode::InvalidPhone => "invalid_phone",
            IssueCode::InvalidEmail => "invalid_email",
            IssueCode::NoLines => "no_lines",
            IssueCode::QuantityNotPositive => "quantity_not_positive",
            IssueCode::PriceNegative => "price_negative",
            IssueCode::AmountTooLarge => "amount_too_large",
            IssueCode::NotANumber => "not_a_number",
            IssueCode::InvalidCountry => "invalid_country",
            IssueCode::InvalidPostcode => "invalid_postcode",
            IssueCode::TooLarge => "too_large",
            IssueCode::Duplicate => "duplicate",
            IssueCode::InvalidBarcode => "invalid_barcode",
            IssueCode::QuantityNegative => "quantity_negative",
            IssueCode::UnknownProduct => "unknown_product",
            IssueCode::UnknownLocation => "unknown_location",
            IssueCode::UnknownBin => "unknown_bin",
            IssueCode::ProductInactive => "product_inactive",
            IssueCode::PriceAboveList => "price_above_list",
            IssueCode::DiscountTooLarge => "discount_too_large",
            IssueCode::StockShort => "stock_short",
            IssueCode::DuplicateExternalRef => "duplicate_external_ref",
            IssueCode::PossibleDuplicate => "possible_duplicate",
            IssueCode::QuantityMismatch => "quantity_mismatch",
            IssueCode::OutOfRange => "out_of_range",
            IssueCode::InvalidCode => "invalid_code",
        }
    }
}

/// One problem with one field, e.g. `lines[0].quantity: quantity_not_positive`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub code: IssueCode,
    /// Path of the field, e.g. `customer.phone` or `lines[2].sku`.
    pub field: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Issue {
    pub fn new(code: IssueCode, field: impl Into<String>) -> Issue {
        Issue {
            code,
            field: field.into(),
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Issue {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}

/// Checks a required text field: present after trimming and at most `max` characters.
pub fn check_text(issues: &mut Vec<Issue>, field: &str, value: &str, max: usize) {
    let chars = value.trim().chars().count();
    if chars == 0 {
        issues.push(Issue::new(IssueCode::Required, field));
    } else if chars > max {
        issues.push(Issue::new(IssueCode::TooLong, field).with("max", max));
    }
}

/// A mainland China mobile number (`1[3-9]` + 9 digits) or an E.164 number (`+` and up to
/// 15 digits). Spaces and dashes typed between digit groups are ignored.
pub fn is_valid_phone(phone: &str) -> bool {
    let compact: String = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = compact.strip_prefix('+') {
        return digits_only(rest) && (2..=15).contains(&rest.len()) && !rest.starts_with('0');
    }
    let b = compact.as_bytes();
    b.len() == 11 && digits_only(&compact) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "13812345678",
            "138 1234 5678",
            "+8613812345678",
            "+14155550123",
        ] {
            assert!(is_valid_phone(ok), "{ok}");
        }
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "+0123",
            "+1",
            "abc",
            "",
        ] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("li.lei@example.cn"));
        for bad in ["", "a@", "@b.cn", "a@b", "a b@c.cn", "a@b@c.cn", "a@b..cn"] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        let mut issues = vec![];
        check_text(&mut issues, "customer.name", "   ", 10);
        check_text(&mut issues, "customer.name", "王小明", 10);
        check_text(&mut issues, "customer.name", "abcdefghijk", 10);
        assert_eq!(
            issues,
            vec![
                Issue::new(IssueCode::Required, "customer.name"),
                Issue::new(IssueCode::TooLong, "customer.name").with("max", 10),
            ]
        );
    }
}
