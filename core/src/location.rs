//! Warehouses: where they are (region, for allocation and shipping zones) and their bins
//! in the order a picker walks past them.

use crate::stock::{LocationCode, Sku};
use crate::validation::{Issue, IssueCode, check_text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bin {
    pub code: String,
    /// Position on the picking walk: lower is visited first.
    pub walk_order: u32,
    /// The SKUs slotted in this bin.
    #[serde(default)]
    pub skus: Vec<Sku>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub code: LocationCode,
    pub name: String,
    /// Region code (province or state), compared with ship-to regions.
    pub region: String,
    #[serde(default)]
    pub bins: Vec<Bin>,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

impl Location {
    /// The bin a SKU is slotted in, if any (the first on the walk when several).
    pub fn bin_of(&self, sku: &str) -> Option<&Bin> {
        self.bins
            .iter()
            .filter(|b| b.skus.iter().any(|s| s == sku))
            .min_by_key(|b| (b.walk_order, &b.code))
    }

    pub fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_text(&mut issues, "code", &self.code, crate::product::MAX_CODE);
        check_text(&mut issues, "name", &self.name, crate::command::MAX_NAME);
        check_text(
            &mut issues,
            "region",
            &self.region,
            crate::product::MAX_CODE,
        );
        for (i, bin) in self.bins.iter().enumerate() {
            check_text(
                &mut issues,
                &format!("bins[{i}].code"),
                &bin.code,
                crate::product::MAX_CODE,
            );
            if self.bins[..i].iter().any(|b| b.code == bin.code) {
                issues.push(Issue::new(IssueCode::Duplicate, format!("bins[{i}].code")));
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sku_is_found_in_its_first_bin_on_the_walk() {
        let bin = |code: &str, walk_order, skus: &[&str]| Bin {
            code: code.into(),
            walk_order,
            skus: skus.iter().map(|s| s.to_string()).collect(),
        };
        let shanghai = Location {
            code: "SH-01".into(),
            name: "Shanghai".into(),
            region: "SH".into(),
            bins: vec![
                bin("C-01", 30, &["TEA"]),
                bin("A-01", 10, &["CUP"]),
                bin("B-07", 20, &["TEA", "POT"]),
                bin("A-01", 5, &[]),
            ],
            version: 1,
            rev: None,
        };
        assert_eq!(shanghai.bin_of("TEA").unwrap().code, "B-07");
        assert!(shanghai.bin_of("RICE").is_none());
        let issues = shanghai.issues();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "bins[3].code");
        assert_eq!(issues[0].code, IssueCode::Duplicate);
    }
}
