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

#[wasm_bindgen_test]
async fn stock_commands_are_refused_until_the_console_keeps_stock() {
    let name = fresh_name("stock");
    let store = Store::open(&name).await.unwrap();
    let receipt = orderly_core::Command::ReceiveStock(orderly_core::StockReceipt {
        sku: "TEA".into(),
        location: "SH-01".into(),
        quantity: 5,
        reference: None,
    });
    let err = store.run(receipt, "keeper").await.unwrap_err();
    assert!(matches!(err, StoreError::Unsupported(_)), "{err}");
    assert_eq!(store.pending_count().await.unwrap(), 0, "nothing queued");
    store.close();
    Store::delete(&name).await.unwrap();
}
