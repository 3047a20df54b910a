//! Customers known to the console, with their default address and tags (used by
//! assignment rules).

use crate::address::Address;
use crate::validation::{Issue, IssueCode, check_text, is_valid_email, is_valid_phone};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Free labels such as `vip` or `wholesale`.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

impl Customer {
    pub fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_text(&mut issues, "name", &self.name, crate::command::MAX_NAME);
        if let Some(phone) = &self.phone
            && !is_valid_phone(phone)
        {
            issues.push(Issue::new(IssueCode::InvalidPhone, "phone"));
        }
        if let Some(email) = &self.email
            && !is_valid_email(email)
        {
            issues.push(Issue::new(IssueCode::InvalidEmail, "email"));
        }
        if let Some(address) = &self.address {
            issues.extend(address.issues("address"));
        }
        issues
    }
}
