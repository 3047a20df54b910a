//! Standard operating procedure checklists: what a packer must confirm before a package of
//! a product category may be closed (e.g. `fragile`: bubble wrap, "fragile" label).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SopChecklist {
    /// The product category it applies to.
    pub category: String,
    /// Stable item keys, e.g. `bubble_wrap`, `fragile_label`; shown translated.
    pub items: Vec<String>,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

impl SopChecklist {
    /// The items of this list that `checked` does not confirm, in list order.
    pub fn unchecked<'a>(&'a self, checked: &[String]) -> Vec<&'a str> {
        self.items
            .iter()
            .filter(|item| !checked.contains(item))
            .map(String::as_str)
            .collect()
    }
}
