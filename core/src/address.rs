//! Shipping addresses and what makes one complete enough to ship to.
//!
//! Mainland China addresses need province, city, district and the detail line; other
//! countries need line 1, city, postcode and the country.

use crate::validation::{Issue, IssueCode, check_text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// ISO 3166-1 alpha-2, e.g. `CN`, `US`.
    pub country: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub province: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub district: String,
    /// Street, building and room (for CN, the 详细地址).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub line1: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub line2: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
}

pub const MAX_PART: usize = 120;

impl Address {
    /// Every missing or malformed part, with paths under `prefix` (e.g. `ship_to.city`).
    pub fn issues(&self, prefix: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        let field = |name: &str| format!("{prefix}.{name}");
        let country = self.country.trim();
        if country.is_empty() {
            issues.push(Issue::new(IssueCode::Required, field("country")));
        } else if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            issues.push(Issue::new(IssueCode::InvalidCountry, field("country")));
        }
        let required: &[(&str, &str)] = if country == "CN" {
            &[
                ("province", &self.province),
                ("city", &self.city),
                ("district", &self.district),
                ("line1", &self.line1),
            ]
        } else {
            &[
                ("line1", &self.line1),
                ("city", &self.city),
                ("postcode", &self.postcode),
            ]
        };
        for (name, value) in required {
            check_text(&mut issues, &field(name), value, MAX_PART);
        }
        let postcode = self.postcode.trim();
        if country == "CN"
            && !postcode.is_empty()
            && !(postcode.len() == 6 && postcode.bytes().all(|b| b.is_ascii_digit()))
        {
            issues.push(Issue::new(IssueCode::InvalidPostcode, field("postcode")));
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(issues: Vec<Issue>) -> Vec<String> {
        issues
            .into_iter()
            .map(|i| format!("{}:{}", i.field, i.code.as_str()))
            .collect()
    }

    #[test]
    fn a_mainland_address_needs_province_city_district_and_detail() {
        let complete = Address {
            country: "CN".into(),
            province: "浙江省".into(),
            city: "杭州市".into(),
            district: "西湖区".into(),
            line1: "龙井路 1 号".into(),
            ..Address::default()
        };
        assert!(complete.issues("ship_to").is_empty());
        let partial = Address {
            country: "CN".into(),
            province: "浙江省".into(),
            city: "杭州市".into(),
            postcode: "31000".into(),
            ..Address::default()
        };
        assert_eq!(
            fields(partial.issues("ship_to")),
            [
                "ship_to.district:required",
                "ship_to.line1:required",
                "ship_to.postcode:invalid_postcode"
            ]
        );
    }

    #[test]
    fn elsewhere_line1_city_postcode_and_country() {
        let us = Address {
            country: "US".into(),
            city: "San Francisco".into(),
            ..Address::default()
        };
        assert_eq!(
            fields(us.issues("ship_to")),
            ["ship_to.line1:required", "ship_to.postcode:required"]
        );
        let nowhere = Address {
            country: "usa".into(),
            ..Address::default()
        };
        assert_eq!(fields(nowhere.issues("a"))[0], "a.country:invalid_country");
    }
}
