//! Master data changes: products, locations, customers, price lists, packing checklists,
//! assignment rules and carrier rates are saved whole. Each save is validated and carries
//! the version it was edited on (0 for a new record): when that is no longer the stored
//! version, someone else saved in between and the save is refused as a conflict — the
//! stored record wins, never a silent overwrite (DESIGN.md, sync protocol: conflicts).

use crate::checklist::SopChecklist;
use crate::command::{Command, DomainError, Effect};
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

/// Validates a record edited on the stored version and gives it the next one.
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
    let key = record.key();
    let stored = state.entity(&key).map(Entity::version).unwrap_or(0);
    if record.version() != stored {
        return Err(DomainError::Conflict {
            entity: key.entity(),
            id: key.id(),
            base: record.version(),
            current: stored,
        });
    }
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

/// A save refused as a [`DomainError::Conflict`], made again on top of `current` (the
/// version now stored): the user reviewed the other edit and keeps theirs. `None` for a
/// command that is not a whole-record save.
pub fn on_version(command: &Command, current: u64) -> Option<Command> {
    let mut command = command.clone();
    match &mut command {
        Command::SaveProduct(p) => p.version = current,
        Command::SaveLocation(l) => l.version = current,
        Command::SaveCustomer(c) => c.version = current,
        Command::SavePriceList(p) => p.version = current,
        Command::SaveChecklist(c) => c.version = current,
        Command::SaveAssignmentRule(r) => r.version = current,
        Command::SaveCarrierRate(r) => r.version = current,
        _ => return None,
    }
    Some(command)
}

/// The record a whole-record save writes, if `command` is one.
pub fn saved_record(command: &Command) -> Option<Entity> {
    Some(match command {
        Command::SaveProduct(p) => Entity::Product(p.clone()),
        Command::SaveLocation(l) => Entity::Location(l.clone()),
        Command::SaveCustomer(c) => Entity::Customer(c.clone()),
        Command::SavePriceList(p) => Entity::PriceList(p.clone()),
        Command::SaveChecklist(c) => Entity::Checklist(c.clone()),
        Command::SaveAssignmentRule(r) => Entity::AssignmentRule(r.clone()),
        Command::SaveCarrierRate(r) => Entity::CarrierRate(r.clone()),
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::State;
    use crate::fixtures::{Desk, product};

    fn save_price(price: i64, version: u64) -> Command {
        let mut tea = product("TEA", price);
        tea.version = version;
        Command::SaveProduct(Box::new(tea))
    }

    /// Two clerks change the price of the same product from version 1: the first save
    /// wins, the second is refused as a conflict naming both versions and changes
    /// nothing; made again on top of the stored version, it goes through.
    #[test]
    fn an_edit_of_a_stale_version_is_a_conflict_not_an_overwrite() {
        let mut desk = Desk::default();
        desk.run("admin", save_price(16_800, 0)).unwrap();
        desk.run("wang", save_price(15_800, 1)).unwrap();
        let second = save_price(17_800, 1);
        let refused = desk.run("li", second.clone()).unwrap_err();
        assert_eq!(
            refused,
            DomainError::Conflict {
                entity: "product",
                id: "TEA".into(),
                base: 1,
                current: 2
            }
        );
        assert_eq!(refused.code(), "conflict");
        let stored = desk.state.product("TEA").unwrap().clone();
        assert_eq!((stored.price.amount, stored.version), (15_800, 2));
        // Creating a record that already exists is a conflict too.
        assert!(matches!(
            desk.run("zhao", save_price(1, 0)),
            Err(DomainError::Conflict { base: 0, current: 2, .. })
        ));

        let again = on_version(&second, 2).unwrap();
        desk.run("li", again).unwrap();
        let stored = desk.state.product("TEA").unwrap();
        assert_eq!((stored.price.amount, stored.version), (17_800, 3));
        assert!(on_version(&crate::fixtures::save_tea(), 0).is_some());
        assert!(
            on_version(
                &Command::ValidateOrder(crate::command::OrderRef {
                    order_id: crate::OrderId(uuid::Uuid::nil())
                }),
                1
            )
            .is_none()
        );
    }
}
