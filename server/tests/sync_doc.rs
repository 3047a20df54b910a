//! SYNC.md is what backend implementers read: it must name every command type and every
//! entity the protocol carries, and its JSON examples must be what the core reads.

use orderly_core::Command;
use orderly_core::state::Key;

fn sync_md() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../SYNC.md")).unwrap()
}

#[test]
fn every_command_type_is_documented() {
    let doc = sync_md();
    let types = orderly_core::fixtures::command_types();
    assert!(types.len() >= 36, "{types:?}");
    let missing: Vec<_> = types
        .iter()
        .filter(|t| !doc.contains(&format!("`{t}`")))
        .collect();
    assert!(missing.is_empty(), "SYNC.md does not document {missing:?}");
}

#[test]
fn every_entity_is_documented() {
    let doc = sync_md();
    let id = uuid::Uuid::nil();
    let keys = [
        Key::Order(orderly_core::OrderId(id)),
        Key::Stock {
            sku: "A".into(),
            location: "B".into(),
        },
        Key::Product("A".into()),
        Key::Location("A".into()),
        Key::Customer(id),
        Key::PriceList("CNY".into()),
        Key::Checklist("A".into()),
        Key::PickList(id),
        Key::Shipment(id),
        Key::Exception(id),
        Key::ReturnCase(id),
        Key::Rating(orderly_core::OrderId(id)),
        Key::AssignmentRule("A".into()),
        Key::CarrierRate {
            carrier: "A".into(),
            service: "B".into(),
        },
    ];
    for key in keys {
        let entity = key.entity();
        assert!(doc.contains(&format!("`{entity}`")), "{entity} is missing");
        assert_eq!(Key::parse(entity, &key.id()), Some(key), "ids round-trip");
    }
    assert!(doc.contains("`stock_movement`"));
}

/// The one-line command examples without placeholders are read by the core as written.
#[test]
fn the_command_examples_are_valid() {
    let doc = sync_md();
    let examples: Vec<String> = doc
        .split("\n{ \"type\":")
        .skip(1)
        .map(|rest| {
            let end = rest.find(" } }").expect("an example ends with ' } }'");
            format!("{{ \"type\":{} }} }}", &rest[..end])
        })
        .filter(|e| !e.contains('…'))
        .collect();
    assert!(examples.len() >= 3, "{examples:?}");
    for example in examples {
        serde_json::from_str::<Command>(&example).unwrap_or_else(|e| panic!("{example}\n{e}"));
    }
}
