//! Who handles an order: assignment rules matched in order, each naming a person or a team;
//! a team hands orders out round-robin or to its least-loaded member. Deterministic: the
//! same rules, order and workload always give the same answer.

use crate::order::{Channel, Order};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Members in turn, by how many orders the team has been given so far.
    RoundRobin,
    /// The member with the fewest open orders (ties: the first listed).
    LeastLoaded,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assignee {
    User {
        name: String,
    },
    Team {
        name: String,
        members: Vec<String>,
        strategy: Strategy,
    },
}

/// When a rule applies. Every condition given must hold; an empty rule matches anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_priority: Option<u8>,
    /// Order total in minor units, inclusive bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<i64>,
    /// Ship-to provinces or states (`Address::province`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Tags the order must all carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRule {
    pub id: String,
    /// Rules are tried from the lowest position up.
    pub position: u32,
    #[serde(default)]
    pub conditions: Conditions,
    pub assignee: Assignee,
    #[serde(default)]
    pub version: u64,
    /// The operation that wrote this version (set by the core on save). An edit carries
    /// the `version` and `rev` it was made on; a save whose pair is not the stored one is a
    /// conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<crate::operation::OpId>,
}

/// How busy people and teams are, supplied by the caller from its order lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workload {
    /// Open orders per person.
    pub open: BTreeMap<String, u32>,
    /// Orders handed out by each team so far (drives round-robin).
    pub given: BTreeMap<String, u64>,
}

/// The decision, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub assignee: String,
    pub rule: String,
    /// Set when a team chose among its members.
    pub team: Option<String>,
}

impl Conditions {
    pub fn matches(&self, order: &Order) -> bool {
        let region = order.ship_to.as_ref().map(|a| a.province.as_str());
        (self.channels.is_empty() || self.channels.contains(&order.channel))
            && self.min_priority.is_none_or(|p| order.priority >= p)
            && self.min_total.is_none_or(|t| order.total.amount >= t)
            && self.max_total.is_none_or(|t| order.total.amount <= t)
            && (self.regions.is_empty()
                || region.is_some_and(|r| self.regions.iter().any(|x| x == r)))
            && self.tags.iter().all(|t| order.tags.contains(t))
    }
}

/// The first matching rule's assignee, or `None` when no rule matches (or the matching
/// team has no members).
pub fn assign(rules: &[AssignmentRule], order: &Order, load: &Workload) -> Option<Assignment> {
    let mut ordered: Vec<&AssignmentRule> = rules.iter().collect();
    ordered.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
    let rule = ordered.into_iter().find(|r| r.conditions.matches(order))?;
    match &rule.assignee {
        Assignee::User { name } => Some(Assignment {
            assignee: name.clone(),
            rule: rule.id.clone(),
            team: None,
        }),
        Assignee::Team {
            name,
            members,
            strategy,
        } => {
            let member = match strategy {
                Strategy::RoundRobin => {
                    let given = load.given.get(name).copied().unwrap_or(0);
                    members.get((given % members.len().max(1) as u64) as usize)?
                }
                Strategy::LeastLoaded => members
                    .iter()
                    .enumerate()
                    .min_by_key(|(i, m)| (load.open.get(*m).copied().unwrap_or(0), *i))
                    .map(|(_, m)| m)?,
            };
            Some(Assignment {
                assignee: member.clone(),
                rule: rule.id.clone(),
                team: Some(name.clone()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, CreateOrder};
    use crate::fixtures::{Desk, hangzhou, phone_order};
    use crate::order::OrderId;
    use uuid::Uuid;

    fn order(channel: Channel, quantity: u32, tags: &[&str]) -> Order {
        let mut desk = Desk::default();
        let mut draft = phone_order("韩梅梅");
        draft.channel = channel;
        draft.ship_to = Some(hangzhou());
        draft.lines[0].quantity = quantity;
        draft.tags = tags.iter().map(|t| t.to_string()).collect();
        let id = OrderId(Uuid::from_u128(1));
        desk.run(
            "clerk",
            Command::CreateOrder(Box::new(CreateOrder {
                id,
                number: "SO-1".into(),
                order: draft,
            })),
        )
        .unwrap();
        desk.order(id)
    }

    fn rules() -> Vec<AssignmentRule> {
        vec![
            AssignmentRule {
                id: "vip".into(),
                position: 1,
                conditions: Conditions {
                    tags: vec!["vip".into()],
                    ..Conditions::default()
                },
                assignee: Assignee::User {
                    name: "manager-zhang".into(),
                },
                version: 1,
                rev: None,
            },
            AssignmentRule {
                id: "big-tmall".into(),
                position: 2,
                conditions: Conditions {
                    channels: vec![Channel::Tmall],
                    min_total: Some(100_000),
                    regions: vec!["浙江省".into()],
                    ..Conditions::default()
                },
                assignee: Assignee::Team {
                    name: "tmall-desk".into(),
                    members: vec!["ann".into(), "bo".into(), "cai".into()],
                    strategy: Strategy::LeastLoaded,
                },
                version: 1,
                rev: None,
            },
            AssignmentRule {
                id: "everyone-else".into(),
                position: 9,
                conditions: Conditions::default(),
                assignee: Assignee::Team {
                    name: "desk".into(),
                    members: vec!["dan".into(), "eve".into()],
                    strategy: Strategy::RoundRobin,
                },
                version: 1,
                rev: None,
            },
        ]
    }

    #[test]
    fn the_first_matching_rule_decides() {
        let load = Workload::default();
        let vip = assign(&rules(), &order(Channel::Tmall, 10, &["vip"]), &load).unwrap();
        assert_eq!(
            (vip.assignee.as_str(), vip.rule.as_str()),
            ("manager-zhang", "vip")
        );
        // ¥1,680 from Tmall to Zhejiang goes to the Tmall desk.
        let big = assign(&rules(), &order(Channel::Tmall, 10, &[]), &load).unwrap();
        assert_eq!(big.rule, "big-tmall");
        assert_eq!(big.team.as_deref(), Some("tmall-desk"));
        // A small one falls through to everyone else.
        let small = assign(&rules(), &order(Channel::Tmall, 1, &[]), &load).unwrap();
        assert_eq!(small.rule, "everyone-else");
    }

    #[test]
    fn teams_hand_out_round_robin_or_to_the_least_loaded() {
        let phone = order(Channel::Phone, 1, &[]);
        let mut load = Workload::default();
        let turns: Vec<_> = (0..4)
            .map(|given| {
                load.given.insert("desk".into(), given);
                assign(&rules(), &phone, &load).unwrap().assignee
            })
            .collect();
        assert_eq!(turns, ["dan", "eve", "dan", "eve"]);

        let big = order(Channel::Tmall, 10, &[]);
        load.open = [
            ("ann".to_string(), 4),
            ("bo".to_string(), 2),
            ("cai".to_string(), 2),
        ]
        .into();
        assert_eq!(
            assign(&rules(), &big, &load).unwrap().assignee,
            "bo",
            "tie → first listed"
        );
    }

    #[test]
    fn no_matching_rule_means_no_assignment() {
        let only_vip = vec![rules().remove(0)];
        assert_eq!(
            assign(
                &only_vip,
                &order(Channel::Phone, 1, &[]),
                &Workload::default()
            ),
            None
        );
    }

    #[test]
    fn the_decision_is_recorded_on_the_order_by_a_command() {
        let mut desk = Desk::default();
        let mut draft = phone_order("韩梅梅");
        draft.tags = vec![" vip ".into(), " ".into()];
        let id = OrderId(Uuid::from_u128(9));
        desk.run(
            "clerk",
            Command::CreateOrder(Box::new(CreateOrder {
                id,
                number: "SO-9".into(),
                order: draft,
            })),
        )
        .unwrap();
        let order = desk.order(id);
        assert_eq!(order.tags, ["vip"], "tags are trimmed, blanks dropped");
        let decided = assign(&rules(), &order, &Workload::default()).unwrap();
        desk.run(
            "clerk",
            Command::AssignOrder(crate::command::AssignOrder {
                order_id: id,
                assignee: Some(decided.assignee),
                rule: Some(decided.rule),
            }),
        )
        .unwrap();
        let assigned = desk.order(id);
        assert_eq!(assigned.assignee.as_deref(), Some("manager-zhang"));
        assert_eq!(assigned.version, 2);
    }
}
