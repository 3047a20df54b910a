//! The store against real IndexedDB in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use orderly::store::{Store, StoreError, schema};
use orderly_core::{DomainError, IssueCode, OrderDraft, OrderStatus, fixtures};
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name(test: &str) -> String {
    format!("test-{test}-{}", js_sys::Math::random().to_bits())
}

fn draft(customer: &str) -> OrderDraft {
    fixtures::phone_order(customer)
}

#[wasm_bindgen_test]
async fn an_order_is_written_and_read_back_with_its_outbox_operation() {
    let name = fresh_name("roundtrip");
    let store = Store::open(&name).await.unwrap();
    let order = store.create_order(draft("王芳"), "clerk-1").await.unwrap();

    assert_eq!(order.status, OrderStatus::New);
    assert_eq!(order.total.amount, 33_600);
    assert_eq!(store.order(order.id).await.unwrap(), Some(order.clone()));
    assert_eq!(store.recent_orders(10).await.unwrap(), vec![order.clone()]);
    assert_eq!(
        store.order_by_number(&order.number).await.unwrap(),
        Some(order.clone())
    );

    let ops = store.pending_operations(10).await.unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].seq, 1);
    assert_eq!(ops[0].client_id, store.client_id());
    assert_eq!(ops[0].actor, "clerk-1");
    let wire = serde_json::to_value(&ops[0]).unwrap();
    assert_eq!(wire["type"], "order.create");
    assert_eq!(wire["data"]["id"], order.id.to_string());

    // A second order gets the next seq and the next number.
    let second = store
        .create_order(draft("Li Wei"), "clerk-1")
        .await
        .unwrap();
    let ops = store.pending_operations(10).await.unwrap();
    assert_eq!(ops.iter().map(|o| o.seq).collect::<Vec<_>>(), vec![1, 2]);
    assert_ne!(second.number, order.number);
    assert_eq!(
        store.recent_orders(10).await.unwrap()[0].id,
        second.id,
        "newest first"
    );
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_client_identity_survives_reopening() {
    let name = fresh_name("identity");
    let store = Store::open(&name).await.unwrap();
    let id = store.client_id();
    store.create_order(draft("A"), "clerk").await.unwrap();
    store.close();
    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.client_id(), id);
    let next = store.create_order(draft("B"), "clerk").await.unwrap();
    assert!(next.number.ends_with("-000002"), "{}", next.number);
    assert_eq!(store.pending_operations(10).await.unwrap()[1].seq, 2);
    store.close();
    Store::delete(&name).await.unwrap();
}

/// rexie cannot ask for durability; the store's writes do, so "saved" means on disk.
#[wasm_bindgen_test]
async fn writes_ask_the_browser_for_strict_durability() {
    let name = fresh_name("durability");
    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.write_durability().unwrap().as_deref(), Some("strict"));
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn bad_input_writes_nothing() {
    let name = fresh_name("invalid");
    let store = Store::open(&name).await.unwrap();
    let mut bad = draft(" ");
    bad.lines[0].quantity = 0;
    let err = store.create_order(bad, "clerk").await.unwrap_err();
    let StoreError::Domain(DomainError::Invalid(issues)) = err else {
        panic!("{err:?}")
    };
    let codes: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(
        codes,
        vec![
            ("customer.name", IssueCode::Required),
            ("lines[0].quantity", IssueCode::QuantityNotPositive)
        ]
    );
    assert_eq!(store.order_count().await.unwrap(), 0);
    assert_eq!(store.pending_count().await.unwrap(), 0);
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_effect_and_its_operation_land_together_or_not_at_all() {
    let name = fresh_name("atomic");
    let store = Store::open(&name).await.unwrap();
    store.close();
    // Occupy the outbox slot the next operation needs (seq 1): its `add` must fail.
    let raw = Rexie::builder(&name).build().await.unwrap();
    let tx = raw
        .transaction(&[schema::OUTBOX], TransactionMode::ReadWrite)
        .unwrap();
    let squatter = js_sys::JSON::parse(r#"{"seq": 1, "id": "squatter"}"#).unwrap();
    tx.store(schema::OUTBOX)
        .unwrap()
        .add(&squatter, None)
        .await
        .unwrap();
    tx.done().await.unwrap();
    raw.close();

    let store = Store::open(&name).await.unwrap();
    let err = store
        .create_order(draft("王芳"), "clerk")
        .await
        .unwrap_err();
    assert_eq!(err.dom_name(), Some("ConstraintError"), "{err}");
    assert!(
        err.to_string().contains("ConstraintError"),
        "the real DOMException is shown: {err}"
    );
    assert_eq!(
        store.order_count().await.unwrap(),
        0,
        "the order was rolled back with its operation"
    );
    assert_eq!(store.pending_count().await.unwrap(), 1, "only the squatter");
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_schema_upgrade_keeps_existing_data() {
    let name = fresh_name("upgrade");
    let old = Store::open_at(&name, 1).await.unwrap();
    assert_eq!(old.version().unwrap(), 1);
    let order = old.create_order(draft("张伟"), "clerk").await.unwrap();
    let client = old.client_id();
    old.close();

    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.version().unwrap(), schema::CURRENT_VERSION);
    assert_eq!(store.client_id(), client);
    assert_eq!(store.order(order.id).await.unwrap(), Some(order.clone()));
    assert_eq!(store.pending_count().await.unwrap(), 1);
    // The index added in version 2 covers the record written in version 1.
    assert_eq!(
        store.order_by_number(&order.number).await.unwrap(),
        Some(order)
    );
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_upgrade_never_drops_a_store_it_does_not_know() {
    let name = fresh_name("guard");
    // A database holding a store this build does not declare, at version 1.
    let mut builder = Rexie::builder(&name).version(1);
    for store in ["orders", "outbox", "meta", "from_the_future"] {
        builder = builder.add_object_store(ObjectStore::new(store).key_path("key"));
    }
    let raw = builder.build().await.unwrap();
    let tx = raw
        .transaction(&["from_the_future"], TransactionMode::ReadWrite)
        .unwrap();
    let record = js_sys::JSON::parse(r#"{"key": "k", "value": 42}"#).unwrap();
    tx.store("from_the_future")
        .unwrap()
        .put(&record, None)
        .await
        .unwrap();
    tx.done().await.unwrap();
    raw.close();

    let err = Store::open(&name).await.unwrap_err();
    assert_eq!(
        err,
        StoreError::WouldDropStores(vec!["from_the_future".into()])
    );

    let raw = Rexie::builder(&name).build().await.unwrap();
    assert_eq!(raw.version().unwrap(), 1, "no upgrade ran");
    let tx = raw
        .transaction(&["from_the_future"], TransactionMode::ReadOnly)
        .unwrap();
    let kept = tx
        .store("from_the_future")
        .unwrap()
        .get(JsValue::from_str("k"))
        .await
        .unwrap();
    assert!(kept.is_some(), "the unknown store's data is still there");
    raw.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn opening_with_an_older_schema_reports_the_version_error() {
    let name = fresh_name("downgrade");
    Store::open(&name).await.unwrap().close();
    let err = Store::open_at(&name, 1).await.unwrap_err();
    assert_eq!(err.dom_name(), Some("VersionError"), "{err}");
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_connection_with_a_clear_error() {
    let name = fresh_name("versionchange");
    let old_tab = Store::open_at(&name, 1).await.unwrap();
    let kept = old_tab
        .create_order(draft("Before the upgrade"), "clerk")
        .await
        .unwrap();
    // The new version opens although the old tab is still open: rexie closes it on
    // versionchange instead of blocking the upgrade.
    let new_tab = Store::open(&name).await.unwrap();
    let err = old_tab
        .create_order(draft("After"), "clerk")
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::ClosedByUpgrade, "{err}");
    assert_eq!(
        new_tab.order(kept.id).await.unwrap(),
        Some(kept),
        "nothing is lost"
    );
    assert_eq!(
        new_tab.pending_count().await.unwrap(),
        1,
        "the failed attempt wrote nothing"
    );
    new_tab.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_tab_that_never_lets_go_is_reported_as_blocking() {
    let name = fresh_name("blocked");
    Store::open_at(&name, 1).await.unwrap().close();
    // A connection without a versionchange handler (an old build, another library) keeps
    // version 1 open, so the upgrade to the current version is blocked.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(&name, 1).unwrap();
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let sender = std::cell::RefCell::new(Some(sender));
    let on_success = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if let Some(s) = sender.borrow_mut().take() {
            let _ = s.send(());
        }
    });
    request.set_onsuccess(Some(wasm_bindgen::JsCast::unchecked_ref(
        on_success.as_ref(),
    )));
    receiver.await.unwrap();
    let holder: web_sys::IdbDatabase =
        wasm_bindgen::JsCast::unchecked_into(request.result().unwrap());

    let err = Store::open(&name).await.unwrap_err();
    assert_eq!(err, StoreError::Blocked(orderly::store::OPEN_TIMEOUT_SECS));
    holder.close();
    drop(on_success);
}

/// Puts TEA and warehouse SH-01 in the catalogue, so that stock of it can move there.
async fn catalogue(store: &Store) {
    store.run(fixtures::save_tea(), "admin").await.unwrap();
    store.run(fixtures::save_shanghai(), "admin").await.unwrap();
}

fn receive(quantity: i64) -> orderly_core::Command {
    orderly_core::Command::ReceiveStock(orderly_core::StockReceipt {
        sku: "TEA".into(),
        location: "SH-01".into(),
        quantity,
        reference: Some("PO-1".into()),
        bin: None,
    })
}

/// Makes every `IDBObjectStore.add` throw `QuotaExceededError`, as a full disk does;
/// returns the function that puts things back.
fn fill_the_disk() -> js_sys::Function {
    js_sys::Function::new_no_args(
        "const add = IDBObjectStore.prototype.add;
         IDBObjectStore.prototype.add = function () {
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
         };
         return () => { IDBObjectStore.prototype.add = add; };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap()
    .into()
}

/// The disk fills up after the stock level and its ledger entry are written but before
/// the outbox operation is: the transaction is abandoned, and none of it is kept.
#[wasm_bindgen_test]
async fn a_full_disk_keeps_nothing_of_the_command_and_says_so() {
    let name = fresh_name("quota");
    let store = Store::open(&name).await.unwrap();
    catalogue(&store).await;
    let make_room = fill_the_disk();
    let err = store.run(receive(5), "keeper").await.unwrap_err();
    make_room.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(err.dom_name(), Some("QuotaExceededError"), "{err}");
    assert!(
        store.stock_levels("TEA").await.unwrap().is_empty(),
        "no level"
    );
    assert!(
        store.movements("TEA", "SH-01").await.unwrap().is_empty(),
        "no ledger entry"
    );
    assert_eq!(
        store.pending_count().await.unwrap(),
        2,
        "only the catalogue's"
    );

    // With room again the same command goes through, once.
    store.run(receive(5), "keeper").await.unwrap();
    assert_eq!(store.stock_levels("TEA").await.unwrap()[0].level.on_hand, 5);
    assert_eq!(store.pending_count().await.unwrap(), 3);
    store.close();
    Store::delete(&name).await.unwrap();
}

/// Creates, validates and confirms an order of 2 × TEA with an address.
async fn confirmed_order(store: &Store) -> orderly_core::Order {
    let tea = orderly_core::state::Key::Product("TEA".into());
    if store.record(&tea).await.unwrap().is_none() {
        store.run(fixtures::save_tea(), "admin").await.unwrap();
    }
    let mut d = draft("刘洋");
    d.ship_to = Some(fixtures::hangzhou());
    let order = store.create_order(d, "clerk").await.unwrap();
    let r = orderly_core::OrderRef { order_id: order.id };
    store
        .run(orderly_core::Command::ValidateOrder(r.clone()), "clerk")
        .await
        .unwrap();
    store
        .run(orderly_core::Command::ConfirmOrder(r), "clerk")
        .await
        .unwrap();
    order
}

#[wasm_bindgen_test]
async fn stock_is_received_and_reserved_in_the_same_transaction_as_the_order() {
    let name = fresh_name("stock");
    let store = Store::open(&name).await.unwrap();
    catalogue(&store).await;
    store.run(receive(5), "keeper").await.unwrap();
    let order = confirmed_order(&store).await;
    let allocate = orderly_core::Command::AllocateOrder(orderly_core::AllocateAt {
        order_id: order.id,
        location: "SH-01".into(),
    });
    store.run(allocate, "planner").await.unwrap();

    let allocated = store.order(order.id).await.unwrap().unwrap();
    assert_eq!(allocated.status, OrderStatus::Allocated);
    assert_eq!(allocated.lines[0].allocated, 2);
    let levels = store.stock_levels("TEA").await.unwrap();
    assert_eq!(levels.len(), 1);
    let tea = &levels[0];
    assert_eq!(
        (tea.level.on_hand, tea.level.reserved, tea.version),
        (5, 2, 2)
    );
    let ledger = store.movements("TEA", "SH-01").await.unwrap();
    let seqs: Vec<u64> = ledger.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 2], "the receipt and the reservation");
    assert_eq!(ledger[1].reference.as_deref(), Some(order.number.as_str()));
    assert_eq!(
        store.pending_count().await.unwrap(),
        7,
        "every change queued (product, warehouse, receipt, create, validate, confirm, allocate)"
    );

    // A second order takes 2 more; allocating it twice is refused by its status; a third
    // cannot take what is not there, and nothing of it is written.
    let second = confirmed_order(&store).await;
    let greedy = orderly_core::Command::AllocateOrder(orderly_core::AllocateAt {
        order_id: second.id,
        location: "SH-01".into(),
    });
    store.run(greedy.clone(), "planner").await.unwrap();
    let err = store.run(greedy, "planner").await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::TransitionRefused { .. })
        ),
        "{err}"
    );
    let third = confirmed_order(&store).await;
    let err = store
        .run(
            orderly_core::Command::AllocateOrder(orderly_core::AllocateAt {
                order_id: third.id,
                location: "SH-01".into(),
            }),
            "planner",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::InsufficientStock {
                available: 1,
                requested: 2,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(
        store.stock_levels("TEA").await.unwrap()[0].level.reserved,
        4
    );
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_pulled_stock_level_is_rebased_with_the_pending_reservation() {
    let name = fresh_name("stock-rebase");
    let store = Store::open(&name).await.unwrap();
    catalogue(&store).await;
    store.run(receive(5), "keeper").await.unwrap();
    let order = confirmed_order(&store).await;
    store
        .run(
            orderly_core::Command::AllocateOrder(orderly_core::AllocateAt {
                order_id: order.id,
                location: "SH-01".into(),
            }),
            "planner",
        )
        .await
        .unwrap();
    // The backend has seen another receipt (and nothing of ours yet): 20 on hand.
    let level = orderly_core::stock::StockLevel {
        sku: "TEA".into(),
        location: "SH-01".into(),
        level: orderly_core::stock::Level {
            on_hand: 20,
            reserved: 0,
            picked: 0,
            incoming: 0,
        },
        bins: Default::default(),
        version: 1,
    };
    let reply = orderly_core::sync::PullReply {
        changes: vec![orderly_core::sync::Change {
            entity: "stock_level".into(),
            id: "TEA@SH-01".into(),
            version: 1,
            deleted: false,
            data: serde_json::to_value(&level).unwrap(),
        }],
        cursor: "1".into(),
        has_more: false,
        last_seq: 0,
        reset: false,
    };
    assert_eq!(
        store.apply_pull(&reply, chrono::Utc::now()).await.unwrap(),
        1
    );
    let tea = &store.stock_levels("TEA").await.unwrap()[0];
    // Our receipt of 5 and reservation of 2 are re-applied on top of the backend's 20.
    assert_eq!((tea.level.on_hand, tea.level.reserved), (25, 2));
    assert_eq!(
        store.order(order.id).await.unwrap().unwrap().status,
        OrderStatus::Allocated
    );
    store.close();
    Store::delete(&name).await.unwrap();
}

/// A pulled product, as the backend sends it.
fn pulled_product(sku: &str, price: i64) -> orderly_core::sync::Change {
    let mut product = fixtures::product(sku, price);
    product.version = 1;
    orderly_core::sync::Change {
        entity: "product".into(),
        id: sku.into(),
        version: 1,
        deleted: false,
        data: serde_json::to_value(&product).unwrap(),
    }
}

/// `reset: true` (the backend no longer knows the cursor: restored from a backup): the
/// copies of backend data are discarded and pulled again, and work not yet synced stays.
#[wasm_bindgen_test]
async fn a_reset_starts_over_from_the_backend_and_keeps_pending_work() {
    let name = fresh_name("reset");
    let store = Store::open(&name).await.unwrap();
    let page = |changes, cursor: &str, reset| orderly_core::sync::PullReply {
        changes,
        cursor: cursor.into(),
        has_more: false,
        last_seq: 0,
        reset,
    };
    let mug = orderly_core::state::Key::Product("MUG".into());
    let tea = orderly_core::state::Key::Product("TEA".into());
    store
        .apply_pull(
            &page(vec![pulled_product("MUG", 4_500)], "7", false),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert!(store.record(&mug).await.unwrap().is_some());
    let order = store.create_order(draft("重置"), "clerk").await.unwrap();

    let reply = page(vec![pulled_product("TEA", 16_800)], "1", true);
    assert_eq!(
        store.apply_pull(&reply, chrono::Utc::now()).await.unwrap(),
        1
    );

    assert!(
        store.record(&mug).await.unwrap().is_none(),
        "what the restored backend does not have is gone"
    );
    assert!(store.record(&tea).await.unwrap().is_some());
    assert!(
        store.order(order.id).await.unwrap().is_some(),
        "the order not yet synced is still shown"
    );
    assert_eq!(store.pending_count().await.unwrap(), 1, "and still queued");
    assert_eq!(store.client_record().await.unwrap().cursor, "1");
    store.close();
    Store::delete(&name).await.unwrap();
}

/// The ledger here always explains the level shown. A receipt of 5 made here is pending
/// when the backend's own first entry (someone else's receipt of 20, also number 1)
/// arrives: the backend's entry keeps number 1, ours becomes number 2 on top of it, and
/// replaying the ledger gives the level shown. When the backend then refuses ours, its
/// entry goes with it.
#[wasm_bindgen_test]
async fn the_local_ledger_explains_the_level_after_a_pull_and_a_refusal() {
    use orderly_core::stock::{Ledger, Level, Movement, StockLevel, StockMovement};
    let name = fresh_name("ledger");
    let store = Store::open(&name).await.unwrap();
    catalogue(&store).await;
    store.run(receive(5), "keeper").await.unwrap();
    let theirs = StockMovement {
        seq: 1,
        sku: "TEA".into(),
        location: "SH-01".into(),
        movement: Movement::Receipt { quantity: 20 },
        bin: None,
        at: chrono::Utc::now(),
        actor: "other-tablet".into(),
        reference: Some("PO-9".into()),
    };
    let level = StockLevel {
        sku: "TEA".into(),
        location: "SH-01".into(),
        level: Level {
            on_hand: 20,
            ..Level::default()
        },
        bins: Default::default(),
        version: 1,
    };
    let change = |entity: &str, id: &str, data| orderly_core::sync::Change {
        entity: entity.into(),
        id: id.into(),
        version: 1,
        deleted: false,
        data,
    };
    let reply = orderly_core::sync::PullReply {
        changes: vec![
            change(
                "stock_level",
                "TEA@SH-01",
                serde_json::to_value(&level).unwrap(),
            ),
            change(
                "stock_movement",
                "TEA@SH-01#1",
                serde_json::to_value(&theirs).unwrap(),
            ),
        ],
        cursor: "2".into(),
        has_more: false,
        last_seq: 0,
        reset: false,
    };
    store.apply_pull(&reply, chrono::Utc::now()).await.unwrap();

    let shown = store.stock_levels("TEA").await.unwrap()[0].clone();
    assert_eq!((shown.level.on_hand, shown.version), (25, 2));
    let ledger = store.movements("TEA", "SH-01").await.unwrap();
    let entries: Vec<_> = ledger.iter().map(|m| (m.seq, m.movement)).collect();
    assert_eq!(
        entries,
        [
            (1, Movement::Receipt { quantity: 20 }),
            (2, Movement::Receipt { quantity: 5 })
        ]
    );
    let replayed = Ledger::replay(&ledger).unwrap();
    assert_eq!(
        replayed[&("TEA".to_owned(), "SH-01".to_owned())],
        shown,
        "the ledger explains the level"
    );

    // The backend refuses our receipt: the level and the ledger are the backend's again.
    let ops = store.pending_operations(10).await.unwrap();
    let receipt = ops.last().unwrap().clone();
    let reply = orderly_core::sync::PushReply {
        last_seq: receipt.seq,
        results: ops
            .iter()
            .map(|op| orderly_core::sync::OpResult {
                id: op.id.0.to_string(),
                status: if op.id == receipt.id {
                    orderly_core::sync::OpStatus::Rejected
                } else {
                    orderly_core::sync::OpStatus::Applied
                },
                original_status: None,
                reason: (op.id == receipt.id).then(|| "invalid: no".to_owned()),
            })
            .collect(),
    };
    store
        .apply_push_reply(&ops, &reply, chrono::Utc::now())
        .await
        .unwrap();
    let shown = store.stock_levels("TEA").await.unwrap()[0].clone();
    assert_eq!(shown.level.on_hand, 20);
    let ledger = store.movements("TEA", "SH-01").await.unwrap();
    assert_eq!(
        ledger.len(),
        1,
        "our refused receipt left the ledger: {ledger:?}"
    );
    store.close();
    Store::delete(&name).await.unwrap();
}
