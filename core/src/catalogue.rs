//! Master data changes: products, locations, customers, price lists and packing
//! checklists are saved whole. Each save is validated, and its version follows the stored
//! one, so the newest save wins everywhere.

use crate::checklist::SopChecklist;
use crate::command::{DomainError, Effect};
use crate::price_list::PriceList;
use crate::state::Entity;
use crate::validation::{Issue, IssueCode, check_text};

fn invalid_unless_empty(issues: Vec<Issue>) -> Result<(), DomainError> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(issues))
    }
}

/// Validates a record and gives it the version after the stored one's.
pub fn save(
    state: &impl crate::command::State,
    record: Entity,
) -> Result<Vec<Effect>, DomainError> {
    let issues = match &record {
        Entity::Product(p) => p.issues(),
        Entity::Location(l) => l.issues(),
        Entity::Customer(c) => c.issues(),
        Entity::PriceList(p) => price_list_issues(p),
        Entity::Checklist(c) => checklist_issues(c),
        Entity::AssignmentRule(r) => {
            let mut issues = Vec::new();
            check_text(&mut issues, "id", &r.id, crate::product::MAX_CODE);
            issues
        }
        Entity::CarrierRate(r) => {
            let mut issues = Vec::new();
            check_text(&mut issues, "carrier", &r.carrier, crate::product::MAX_CODE);
            check_text(&mut issues, "service", &r.service, crate::product::MAX_CODE);
            // `carrier/service` is the record's id on the wire.
            if r.carrier.contains('/') {
                issues.push(Issue::new(IssueCode::InvalidCode, "carrier"));
            }
            if r.cutoff_minute >= 24 * 60 {
                issues.push(
                    Issue::new(IssueCode::OutOfRange, "cutoff_minute")
                        .with("min", 0)
                        .with("max", 24 * 60 - 1),
                );
            }
            issues
        }
        _ => vec![Issue::new(IssueCode::Required, "entity")],
    };
    invalid_unless_empty(issues)?;
    let stored = state
        .entity(&record.key())
        .map(Entity::version)
        .unwrap_or(0);
    let mut record = record;
    let version = stored + 1;
    match &mut record {
        Entity::Product(p) => p.version = version,
        Entity::Location(l) => l.version = version,
        Entity::Customer(c) => c.version = version,
        Entity::PriceList(p) => p.version = version,
        Entity::Checklist(c) => c.version = version,
        Entity::AssignmentRule(r) => r.version = version,
        Entity::CarrierRate(r) => r.version = version,
        _ => {}
    }
    Ok(vec![Effect::Saved(record)])
}

fn price_list_issues(list: &PriceList) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (sku, price) in &list.prices {
        if *price < 0 {
            issues.push(Issue::new(
                IssueCode::PriceNegative,
                format!("prices.{sku}"),
            ));
        }
    }
    if list.max_discount_bp > 10_000 {
        issues.push(Issue::new(IssueCode::TooLarge, "max_discount_bp").with("max", 10_000));
    }
    issues
}

fn checklist_issues(list: &SopChecklist) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_text(
        &mut issues,
        "category",
        &list.category,
        crate::product::MAX_CODE,
    );
    for (i, item) in list.items.iter().enumerate() {
        check_text(
            &mut issues,
            &format!("items[{i}]"),
            item,
            crate::product::MAX_CODE,
        );
    }
    issues
}
