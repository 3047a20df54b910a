//! Master data changes: products, locations, customers, price lists, packing checklists,
//! assignment rules and carrier rates are saved whole. Each save is validated and carries
//! the version it was edited on (0 for a new record): when that is no longer the stored
//! version, someone else saved in between and the save is refused as a conflict — the
//! stored record wins, never a silent overwrite (DESIGN.md, sync protocol: conflicts).

use crate::checklist::SopChecklist;
use crate::command::{Command, Context, DomainError, Effect};
use crate::operation::OpId;
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

/// The `rev` of a whole record (the operation that wrote it).
fn rev(record: &Entity) -> Option<OpId> {
    match record {
        Entity::Product(p) => p.rev,
        Entity::Location(l) => l.rev,
        Entity::Customer(c) => c.rev,
        Entity::PriceList(p) => p.rev,
        Entity::Checklist(c) => c.rev,
        Entity::AssignmentRule(r) => r.rev,
        Entity::CarrierRate(r) => r.rev,
        _ => None,
    }
}

/// Validates a record edited on the stored version (its `version` and `rev`) and gives it
/// the next version, written by `ctx.op`.
pub fn save(
    state: &impl crate::command::State,
    record: Entity,
    ctx: &Context,
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
    let held = state.entity(&key);
    let stored = held.map(Entity::version).unwrap_or(0);
    // Versions alone are not enough: two consoles that each saved offline both have a
    // version 2. The rev (the writing operation) tells them apart.
    if record.version() != stored || rev(&record) != held.and_then(rev) {
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
        Entity::Product(p) => (p.version, p.rev) = (version, ctx.op),
        Entity::Location(l) => (l.version, l.rev) = (version, ctx.op),
        Entity::Customer(c) => (c.version, c.rev) = (version, ctx.op),
        Entity::PriceList(p) => (p.version, p.rev) = (version, ctx.op),
        Entity::Checklist(c) => (c.version, c.rev) = (version, ctx.op),
        Entity::AssignmentRule(r) => (r.version, r.rev) = (version, ctx.op),
        Entity::CarrierRate(r) => (r.version, r.rev) = (version, ctx.op),
        _ => {}
    }
    Ok(vec![Effect::Saved(record)])
}

/// A save refused as a [`DomainError::Conflict`], made again on top of `stored` (the
/// record as it is now, or `None` if it is gone): the user reviewed the other edit and
/// keeps theirs. `None` for a command that is not a whole-record save.
pub fn on_top_of(command: &Command, stored: Option<&Entity>) -> Option<Command> {
    let (version, rev) = (stored.map_or(0, Entity::version), stored.and_then(rev));
    let mut command = command.clone();
    match &mut command {
        Command::SaveProduct(p) => (p.version, p.rev) = (version, rev),
        Command::SaveLocation(l) => (l.version, l.rev) = (version, rev),
        Command::SaveCustomer(c) => (c.version, c.rev) = (version, rev),
        Command::SavePriceList(p) => (p.version, p.rev) = (version, rev),
        Command::SaveChecklist(c) => (c.version, c.rev) = (version, rev),
        Command::SaveAssignmentRule(r) => (r.version, r.rev) = (version, rev),
        Command::SaveCarrierRate(r) => (r.version, r.rev) = (version, rev),
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
    use crate::state::Key;

    fn save_price(price: i64) -> Command {
        Command::SaveProduct(Box::new(product("TEA", price)))
    }

    fn price_of(desk: &Desk) -> (i64, u64) {
        let stored = desk.state.product("TEA").unwrap();
        (stored.price.amount, stored.version)
    }

    /// Two clerks change the price of the same product from version 1: the first save
    /// wins, the second is refused as a conflict naming both versions and changes
    /// nothing; made again on top of the stored version, it goes through.
    #[test]
    fn an_edit_of_a_stale_version_is_a_conflict_not_an_overwrite() {
        let mut desk = Desk::default();
        desk.run("admin", save_price(16_800)).unwrap();
        let wang = desk.edit(save_price(15_800));
        let li = desk.edit(save_price(17_800));
        desk.run("wang", wang).unwrap();
        let refused = desk.run("li", li.clone()).unwrap_err();
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
        assert_eq!(price_of(&desk), (15_800, 2));
        // Creating a record that already exists is a conflict too.
        assert!(matches!(
            desk.run("zhao", save_price(1)),
            Err(DomainError::Conflict {
                base: 0,
                current: 2,
                ..
            })
        ));

        let current = desk.state.get(&Key::Product("TEA".into())).cloned();
        let again = on_top_of(&li, current.as_ref()).unwrap();
        desk.run("li", again).unwrap();
        assert_eq!(price_of(&desk), (17_800, 3));
        assert!(
            on_top_of(
                &Command::ValidateOrder(crate::command::OrderRef {
                    order_id: crate::OrderId(uuid::Uuid::nil())
                }),
                None
            )
            .is_none()
        );
    }

    /// A console saved TEA twice offline (versions 2 and 3 locally) while another
    /// console's save became version 2 on the backend. The first offline edit conflicts
    /// on its version; the second conflicts too although it says version 2, because its
    /// version 2 is not the one stored (its rev is the first offline edit's).
    #[test]
    fn chained_offline_edits_all_conflict_with_an_edit_made_elsewhere() {
        let mut backend = Desk::default();
        backend.run("admin", save_price(16_800)).unwrap();
        let mut tablet = Desk::default();
        // The tablet pulled version 1.
        let pulled = backend.state.get(&Key::Product("TEA".into())).cloned();
        tablet.state.put(pulled.unwrap());
        tablet.minutes = 100; // its own operation ids
        let first = tablet.edit(save_price(15_000));
        tablet.run("wang", first.clone()).unwrap();
        let second = tablet.edit(save_price(14_000));
        tablet.run("wang", second.clone()).unwrap();
        assert_eq!(price_of(&tablet), (14_000, 3));

        let li = backend.edit(save_price(17_800));
        backend.run("li", li).unwrap();
        for command in [first, second] {
            assert!(matches!(
                backend.run("wang", command),
                Err(DomainError::Conflict { .. })
            ));
        }
        assert_eq!(backend.state.product("TEA").unwrap().price.amount, 17_800);
    }
}
