//! The sync engine in headless Chromium: against a fault-injecting fake backend, and
//! against the real reference server on loopback (`ORDERLY_TEST_SERVER`, set by
//! scripts/test.sh when it compiles this test).
#![cfg(target_arch = "wasm32")]

use orderly::store::Store;
use orderly::sync::{ErrorClass, HttpAdapter, SyncAdapter, SyncError, sync_once, sync_with_retry};
use orderly_core::state::{Entity, Key};
use orderly_core::sync::{Change, OpResult, OpStatus, PullReply, PushReply, PushRequest};
use orderly_core::{ClientId, ExceptionKind, OrderDraft, OrderStatus, fixtures};
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!("sync-{test}-{}", js_sys::Math::random().to_bits())
}

fn draft(customer: &str) -> OrderDraft {
    fixtures::phone_order(customer)
}

/// What the fake does with the next push.
#[derive(Clone, Debug)]
enum Fault {
    /// 503 before processing anything.
    Unavailable,
    /// Processes the ops, then the reply is lost (a network error reaches the client).
    ReplyLost,
    /// 400: a permanent client error.
    BadRequest,
}

/// A backend in memory that follows the protocol's idempotency rule and fails on demand.
#[derive(Default)]
struct FakeBackend {
    faults: RefCell<VecDeque<Fault>>,
    last_seq: RefCell<u64>,
    /// Every op id it applied, in order (an id twice would be a double apply).
    applied: RefCell<Vec<String>>,
    /// Ops (by customer name in order.create) to reject.
    reject_customer: Option<&'static str>,
    /// Changes served by pull.
    changes: RefCell<Vec<Change>>,
    pushes: RefCell<usize>,
    /// The number of ops in each push that got through.
    batches: RefCell<Vec<usize>>,
}

impl SyncAdapter for FakeBackend {
    async fn push(&self, request: &PushRequest) -> Result<PushReply, SyncError> {
        *self.pushes.borrow_mut() += 1;
        let fault = self.faults.borrow_mut().pop_front();
        match fault {
            Some(Fault::Unavailable) => {
                return Err(SyncError::Http {
                    status: 503,
                    code: "unavailable".into(),
                    message: "down".into(),
                });
            }
            Some(Fault::BadRequest) => {
                return Err(SyncError::Http {
                    status: 400,
                    code: "malformed".into(),
                    message: "no".into(),
                });
            }
            _ => {}
        }
        self.batches.borrow_mut().push(request.ops.len());
        let mut results = Vec::new();
        for op in &request.ops {
            let id = op.id.0.to_string();
            let mut last = self.last_seq.borrow_mut();
            if op.seq <= *last {
                results.push(OpResult {
                    id,
                    status: OpStatus::Duplicate,
                    original_status: None,
                    reason: None,
                });
                continue;
            }
            *last = op.seq;
            let wire = serde_json::to_value(op).unwrap();
            let reject = self
                .reject_customer
                .is_some_and(|c| wire["data"]["customer"]["name"] == c);
            if reject {
                results.push(OpResult {
                    id,
                    status: OpStatus::Rejected,
                    original_status: None,
                    reason: Some("insufficient_stock: only 0 available".into()),
                });
            } else {
                self.applied.borrow_mut().push(id.clone());
                results.push(OpResult {
                    id,
                    status: OpStatus::Applied,
                    original_status: None,
                    reason: None,
                });
            }
        }
        let reply = PushReply {
            last_seq: *self.last_seq.borrow(),
            results,
        };
        match fault {
            Some(Fault::ReplyLost) => Err(SyncError::Network("connection reset".into())),
            _ => Ok(reply),
        }
    }

    async fn pull(
        &self,
        _client: ClientId,
        cursor: &str,
        _limit: u32,
    ) -> Result<PullReply, SyncError> {
        let changes = if cursor.is_empty() {
            self.changes.borrow().clone()
        } else {
            Vec::new()
        };
        let cursor = if changes.is_empty() {
            cursor.to_owned()
        } else {
            "1".to_owned()
        };
        Ok(PullReply {
            changes,
            cursor,
            has_more: false,
            last_seq: *self.last_seq.borrow(),
            reset: false,
        })
    }
}

async fn no_wait(_millis: u64) {}

/// The reference server scripts/test.sh started on loopback for this run.
fn real_server() -> HttpAdapter {
    let Some(base) = option_env!("ORDERLY_TEST_SERVER") else {
        panic!("ORDERLY_TEST_SERVER is not set: scripts/test.sh starts orderly-server and sets it");
    };
    HttpAdapter::new(base)
        .header("Authorization", "Bearer e2e-token")
        .timeout_secs(10)
}

#[wasm_bindgen_test]
async fn transient_failures_are_retried_with_the_same_ops_and_nothing_is_applied_twice() {
    let name = fresh_name("retry");
    let store = Store::open(&name).await.unwrap();
    for customer in ["A", "B", "C"] {
        store.create_order(draft(customer), "clerk").await.unwrap();
    }
    let ids: Vec<String> = store
        .pending_operations(10)
        .await
        .unwrap()
        .iter()
        .map(|op| op.id.0.to_string())
        .collect();
    let backend = FakeBackend::default();
    backend
        .faults
        .borrow_mut()
        .extend([Fault::Unavailable, Fault::ReplyLost, Fault::Unavailable]);

    let report = sync_with_retry(&store, &backend, 5, no_wait, || 0.5)
        .await
        .unwrap();

    assert_eq!(report.pushed, 3);
    assert_eq!(
        *backend.pushes.borrow(),
        4,
        "two 503s, one lost reply, then the answer"
    );
    assert_eq!(
        *backend.applied.borrow(),
        ids,
        "each op applied once, in seq order"
    );
    assert_eq!(
        store.pending_count().await.unwrap(),
        0,
        "the outbox drained"
    );
    assert_eq!(store.client_record().await.unwrap().last_seq, 3);
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_long_outbox_is_pushed_500_at_a_time_in_seq_order() {
    let name = fresh_name("batches");
    let store = Store::open(&name).await.unwrap();
    // A tablet that was offline all morning: the catalogue, then 501 receipts.
    store.run(fixtures::save_tea(), "admin").await.unwrap();
    store.run(fixtures::save_shanghai(), "admin").await.unwrap();
    for _ in 0..501 {
        store
            .run(
                orderly_core::Command::ReceiveStock(orderly_core::command::StockReceipt {
                    sku: "TEA".into(),
                    location: "SH-01".into(),
                    quantity: 1,
                    reference: None,
                    bin: None,
                }),
                "keeper",
            )
            .await
            .unwrap();
    }
    let backend = FakeBackend::default();

    let report = sync_once(&store, &backend).await.unwrap();

    assert_eq!(report.pushed, 503);
    assert_eq!(*backend.batches.borrow(), vec![500, 3]);
    assert_eq!(
        *backend.last_seq.borrow(),
        503,
        "sent in seq order, none skipped"
    );
    assert_eq!(backend.applied.borrow().len(), 503);
    assert_eq!(store.pending_count().await.unwrap(), 0);
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_rejected_op_becomes_an_exception_on_its_order() {
    let name = fresh_name("reject");
    let store = Store::open(&name).await.unwrap();
    store.create_order(draft("Kept"), "clerk").await.unwrap();
    let refused = store
        .create_order(draft("Oversold"), "clerk")
        .await
        .unwrap();
    let backend = FakeBackend {
        reject_customer: Some("Oversold"),
        ..FakeBackend::default()
    };

    let report = sync_once(&store, &backend).await.unwrap();

    assert_eq!((report.pushed, report.rejected), (2, 1));
    assert_eq!(
        store.pending_count().await.unwrap(),
        0,
        "answered, so it left the outbox"
    );
    let exceptions = store.open_exceptions().await.unwrap();
    assert_eq!(exceptions.len(), 1, "never a silent drop");
    assert_eq!(exceptions[0].kind, ExceptionKind::SyncRejected);
    assert_eq!(exceptions[0].order_id, Some(refused.id));
    assert_eq!(exceptions[0].reason_code(), "insufficient_stock");
    // The refused creation is not in the backend's data, so the local view drops it.
    assert_eq!(store.order(refused.id).await.unwrap(), None);

    // Hearing the same rejection again does not open a second exception.
    let again = sync_once(&store, &backend).await.unwrap();
    assert_eq!(again.pushed, 0);
    assert_eq!(store.open_exceptions().await.unwrap().len(), 1);

    // The backend never had the rejection: it is resolved here, with no operation to
    // sync (one would be rejected in turn), and a code is required.
    let id = exceptions[0].id;
    let refused_without_code = store.resolve_exception(id, " ", "", "clerk").await;
    assert!(refused_without_code.is_err());
    store
        .resolve_exception(id, "retried", "customer re-ordered by phone", "clerk")
        .await
        .unwrap();
    assert!(store.open_exceptions().await.unwrap().is_empty());
    assert_eq!(store.pending_count().await.unwrap(), 0, "nothing to sync");
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn other_4xx_stop_the_sync_and_keep_the_outbox() {
    let name = fresh_name("stop");
    let store = Store::open(&name).await.unwrap();
    store.create_order(draft("A"), "clerk").await.unwrap();
    let backend = FakeBackend::default();
    backend.faults.borrow_mut().push_back(Fault::BadRequest);
    let err = sync_with_retry(&store, &backend, 5, no_wait, || 0.5)
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Stop);
    assert_eq!(*backend.pushes.borrow(), 1, "not retried");
    assert_eq!(store.pending_count().await.unwrap(), 1, "nothing lost");
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn pulled_changes_are_stored_and_pending_ops_are_re_applied_on_top() {
    // Another console created an order that the backend now serves.
    let elsewhere = Store::open(&fresh_name("elsewhere")).await.unwrap();
    let theirs = elsewhere
        .create_order(draft("From another tablet"), "clerk-9")
        .await
        .unwrap();
    elsewhere.close();

    let name = fresh_name("pull");
    let store = Store::open(&name).await.unwrap();
    let mine = store
        .create_order(draft("Mine, offline"), "clerk")
        .await
        .unwrap();
    let backend = FakeBackend::default();
    backend.changes.borrow_mut().push(Change {
        entity: "order".into(),
        id: theirs.id.to_string(),
        version: theirs.version,
        deleted: false,
        data: serde_json::to_value(&theirs).unwrap(),
    });
    *backend.last_seq.borrow_mut() = 0;
    let report = sync_once(&store, &backend).await.unwrap();
    assert_eq!(report.pulled, 1);
    assert_eq!(store.order(theirs.id).await.unwrap(), Some(theirs.clone()));
    assert_eq!(store.server_order(theirs.id).await.unwrap(), Some(theirs));
    assert_eq!(
        store.order(mine.id).await.unwrap().unwrap().status,
        OrderStatus::New,
        "my order stays"
    );
    assert_eq!(store.client_record().await.unwrap().cursor, "1");
    assert!(store.client_record().await.unwrap().last_sync_at.is_some());
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_engine_syncs_with_the_real_server() {
    let adapter = real_server();
    let name = fresh_name("real");
    let store = Store::open(&name).await.unwrap();
    let order = store.create_order(draft("王芳"), "clerk").await.unwrap();

    let report = sync_once(&store, &adapter).await.unwrap();
    assert_eq!((report.pushed, report.rejected), (1, 0));
    assert!(report.pulled >= 1);
    let copy = store
        .server_order(order.id)
        .await
        .unwrap()
        .expect("the server's copy was pulled");
    assert_eq!(copy.number, order.number);
    assert_eq!(copy.version, 1);
    assert_eq!(store.pending_count().await.unwrap(), 0);

    // A wrong token is a credentials problem, not something to retry.
    let wrong = real_server().header("Authorization", "Bearer nope");
    store.create_order(draft("B"), "clerk").await.unwrap();
    let err = sync_once(&store, &wrong).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Credentials, "{err}");
    assert_eq!(store.pending_count().await.unwrap(), 1);
    store.close();
    Store::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn only_one_holder_of_the_sync_lock_runs_at_a_time() {
    use orderly::sync::lock;
    use std::cell::Cell;
    use std::rc::Rc;
    let name = format!("orderly-sync:{}", fresh_name("lock"));
    let finished = Rc::new(Cell::new(false));
    let done = finished.clone();
    let first_name = name.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let ran = lock::if_available(&first_name, || async {
            gloo_timers::future::TimeoutFuture::new(300).await;
            "first"
        })
        .await;
        assert_eq!(ran, Some("first"));
        done.set(true);
    });
    gloo_timers::future::TimeoutFuture::new(50).await;
    let second = lock::if_available(&name, || async { "second" }).await;
    assert_eq!(second, None, "another holder is syncing: skip, do not wait");
    while !finished.get() {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    let third = lock::if_available(&name, || async { "third" }).await;
    assert_eq!(third, Some("third"), "free again once the first is done");
}

/// A portal's backend written in JavaScript, reached through the JS adapter.
#[wasm_bindgen_test]
async fn a_host_supplied_js_backend_receives_the_same_json() {
    use orderly::sync::JsAdapter;
    let name = fresh_name("js");
    let store = Store::open(&name).await.unwrap();
    let order = store.create_order(draft("Host"), "clerk").await.unwrap();
    let seen = js_sys::Array::new();
    js_sys::Reflect::set(&js_sys::global(), &"__orderlySeen".into(), &seen).unwrap();
    let push = js_sys::Function::new_with_args(
        "req",
        "globalThis.__orderlySeen.push(req);
         if (globalThis.__orderlySeen.length === 1) throw { status: 503, message: 'warming up' };
         const results = req.ops.map(op => ({ id: op.id, status: 'applied' }));
         return Promise.resolve({ last_seq: req.ops[req.ops.length - 1].seq, results });",
    );
    let pull = js_sys::Function::new_with_args(
        "cursor, limit, clientId",
        "return { changes: [], cursor: cursor || '0', has_more: false, last_seq: 1, reset: false };",
    );
    let adapter = JsAdapter::new(push, pull);
    let report = sync_with_retry(&store, &adapter, 3, no_wait, || 0.0)
        .await
        .unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(seen.length(), 2, "the 503 was retried");
    let request = seen.get(1);
    let get = |v: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    assert_eq!(get(&request, "protocol").as_f64(), Some(1.0));
    let op = js_sys::Array::from(&get(&request, "ops")).get(0);
    assert_eq!(
        get(&op, "type").as_string().as_deref(),
        Some("order.create")
    );
    assert_eq!(
        get(&get(&op, "data"), "id").as_string(),
        Some(order.id.to_string())
    );
    assert_eq!(store.pending_count().await.unwrap(), 0);
    store.close();
    Store::delete(&name).await.unwrap();
}

/// Two tablets, offline, each reserve the last unit for their own order. The backend
/// applies the first and rejects the second with `insufficient_stock`: the second tablet
/// gets an exception, and its local stock and order fall back to the backend's truth.
#[wasm_bindgen_test]
async fn two_tablets_sell_the_last_unit_and_the_loser_is_told_and_rolled_back() {
    let adapter = real_server();
    // A SKU and a warehouse no other test run uses on this server.
    let run = js_sys::Math::random().to_bits() % 1_000_000_007;
    let (sku, warehouse) = (format!("LAST-{run}"), format!("WH-{run}"));
    let (a_name, b_name) = (fresh_name("tablet-a"), fresh_name("tablet-b"));
    let a = Store::open(&a_name).await.unwrap();
    let b = Store::open(&b_name).await.unwrap();
    for command in [
        orderly_core::Command::SaveProduct(Box::new(fixtures::product(&sku, 16_800))),
        fixtures::save_warehouse(&warehouse, "上海市"),
        orderly_core::Command::ReceiveStock(orderly_core::StockReceipt {
            sku: sku.clone(),
            location: warehouse.clone(),
            quantity: 1,
            reference: None,
            bin: None,
        }),
    ] {
        a.run(command, "keeper").await.unwrap();
    }
    sync_once(&a, &adapter).await.unwrap();
    sync_once(&b, &adapter).await.unwrap();
    assert_eq!(b.stock_levels(&sku).await.unwrap()[0].level.available(), 1);

    // Offline from here: each tablet sells the unit.
    let mut orders = Vec::new();
    for tablet in [&a, &b] {
        let mut d = draft("最后一件");
        d.ship_to = Some(fixtures::hangzhou());
        d.lines[0].sku = sku.clone();
        d.lines[0].quantity = 1;
        let order = tablet.create_order(d, "clerk").await.unwrap();
        let r = orderly_core::OrderRef { order_id: order.id };
        for command in [
            orderly_core::Command::ValidateOrder(r.clone()),
            orderly_core::Command::ConfirmOrder(r),
            orderly_core::Command::AllocateOrder(orderly_core::AllocateAt {
                order_id: order.id,
                location: warehouse.clone(),
            }),
        ] {
            tablet.run(command, "clerk").await.unwrap();
        }
        assert_eq!(
            tablet.stock_levels(&sku).await.unwrap()[0].level.reserved,
            1
        );
        orders.push(order);
    }

    let first = sync_once(&a, &adapter).await.unwrap();
    assert_eq!(first.rejected, 0);
    let second = sync_once(&b, &adapter).await.unwrap();
    assert_eq!(second.rejected, 1, "the allocation came second");
    let exceptions = b.open_exceptions().await.unwrap();
    assert_eq!(exceptions.len(), 1);
    assert_eq!(exceptions[0].reason_code(), "insufficient_stock");
    assert_eq!(exceptions[0].order_id, Some(orders[1].id));
    // B now shows the backend's truth: the unit is reserved by A's order, B's order is
    // confirmed again, waiting for stock.
    let level = b.stock_levels(&sku).await.unwrap()[0].clone();
    assert_eq!((level.level.on_hand, level.level.reserved), (1, 1));
    let b_order = b.order(orders[1].id).await.unwrap().unwrap();
    assert_eq!(b_order.status, OrderStatus::Confirmed);
    assert_eq!(b_order.lines[0].allocated, 0);
    assert_eq!(b.pending_count().await.unwrap(), 0);
    for (store, name) in [(a, a_name), (b, b_name)] {
        store.close();
        Store::delete(&name).await.unwrap();
    }
}

/// The price a store shows for `sku`.
async fn price_of(store: &Store, sku: &str) -> i64 {
    match store.record(&Key::Product(sku.into())).await.unwrap() {
        Some(Entity::Product(p)) => p.price.amount,
        other => panic!("no product {sku}: {other:?}"),
    }
}

/// Changes the price of `sku` as the product form does: an edit of the record shown.
async fn change_price(store: &Store, sku: &str, price: i64) {
    let Some(Entity::Product(mut product)) = store.record(&Key::Product(sku.into())).await.unwrap()
    else {
        panic!("no product {sku}")
    };
    product.price.amount = price;
    store
        .run(orderly_core::Command::SaveProduct(product), "clerk")
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn an_edit_made_on_a_version_someone_else_changed_is_a_conflict_to_review() {
    let adapter = real_server();
    let sku = format!("EDIT-{}", js_sys::Math::random().to_bits() % 1_000_000_007);
    let (a_name, b_name) = (fresh_name("office"), fresh_name("tablet"));
    let a = Store::open(&a_name).await.unwrap();
    let b = Store::open(&b_name).await.unwrap();
    a.run(
        orderly_core::Command::SaveProduct(Box::new(fixtures::product(&sku, 10_000))),
        "admin",
    )
    .await
    .unwrap();
    sync_once(&a, &adapter).await.unwrap();
    sync_once(&b, &adapter).await.unwrap();
    assert_eq!(price_of(&b, &sku).await, 10_000);

    // Offline, the office sets ¥120; the tablet sets ¥90, then ¥95 on top of its own edit.
    change_price(&a, &sku, 12_000).await;
    change_price(&b, &sku, 9_000).await;
    change_price(&b, &sku, 9_500).await;
    assert_eq!(sync_once(&a, &adapter).await.unwrap().rejected, 0);
    let report = sync_once(&b, &adapter).await.unwrap();
    assert_eq!(
        report.rejected, 2,
        "both tablet edits were made on versions the backend does not have"
    );

    // The office's price is kept; each refused edit waits for review, with what it was.
    assert_eq!(price_of(&b, &sku).await, 12_000);
    let exceptions = b.open_exceptions().await.unwrap();
    assert_eq!(exceptions.len(), 2);
    assert!(exceptions.iter().all(|e| e.reason_code() == "conflict"));
    let mut last = None;
    for e in &exceptions {
        let op = b.rejected_operation(e.op_id.unwrap()).await.unwrap();
        if matches!(op.map(|o| o.command),
            Some(orderly_core::Command::SaveProduct(p)) if p.price.amount == 9_500)
        {
            last = Some(e);
        }
    }
    let last = last.expect("the ¥95 edit is kept for review");

    // The clerk reviews it and keeps ¥95: it is made again on top of the office's change.
    b.reapply_rejected_edit(last.id, "clerk").await.unwrap();
    assert_eq!(price_of(&b, &sku).await, 9_500);
    assert_eq!(b.open_exceptions().await.unwrap().len(), 1);
    assert_eq!(sync_once(&b, &adapter).await.unwrap().rejected, 0);
    sync_once(&a, &adapter).await.unwrap();
    assert_eq!(price_of(&a, &sku).await, 9_500, "the backend has it too");
    for (store, name) in [(a, a_name), (b, b_name)] {
        store.close();
        Store::delete(&name).await.unwrap();
    }
}

/// Replaces `fetch` with a scripted one: each call takes the next step of `plan` (a JSON
/// array of `{status, body}`, `"offline"` or `"hang"`). Returns the function that puts the
/// real `fetch` back.
fn script_fetch(plan: &str) -> js_sys::Function {
    js_sys::Function::new_with_args(
        "plan",
        "const real = window.fetch;
         const steps = JSON.parse(plan);
         window.fetch = (request) => {
           const step = steps.shift();
           if (step === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
           if (step === 'hang') return new Promise((_, reject) =>
             request.signal.addEventListener('abort',
               () => reject(new DOMException('The user aborted a request.', 'AbortError'))));
           return Promise.resolve(new Response(step.body, { status: step.status,
             headers: { 'content-type': 'application/json' } }));
         };
         return () => { window.fetch = real; };",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &plan.into())
    .unwrap()
    .into()
}

/// What the network does becomes what the engine does: retry (unreachable, no answer in
/// time, 429, 5xx), ask for credentials (401) or stop (other 4xx), with the backend's
/// error code and message kept.
#[wasm_bindgen_test]
async fn the_http_adapter_turns_each_failure_into_retry_credentials_or_stop() {
    let error = |code: &str| format!(r#"{{"error":"{code}","message":"said {code}"}}"#);
    let plan = serde_json::json!([
        { "status": 503, "body": error("unavailable") },
        { "status": 429, "body": error("too_many_requests") },
        { "status": 401, "body": error("unauthorized") },
        { "status": 400, "body": error("malformed") },
        "offline",
        "hang",
        { "status": 200, "body": r#"{"changes":[],"cursor":"9","has_more":false,"last_seq":4,"reset":false}"# },
    ]);
    let put_back = script_fetch(&plan.to_string());
    let adapter = HttpAdapter::new("http://backend.invalid").timeout_secs(1);
    let client = ClientId(uuid::Uuid::nil());
    let mut seen = Vec::new();
    for _ in 0..6 {
        let failure = adapter.pull(client, "", 10).await.unwrap_err();
        seen.push((failure.class(), failure));
    }
    let reply = adapter.pull(client, "", 10).await;
    put_back.call0(&wasm_bindgen::JsValue::NULL).unwrap();

    let http = |status: u16, code: &str| SyncError::Http {
        status,
        code: code.into(),
        message: format!("said {code}"),
    };
    assert_eq!(seen[0], (ErrorClass::Retry, http(503, "unavailable")));
    assert_eq!(seen[1], (ErrorClass::Retry, http(429, "too_many_requests")));
    assert_eq!(
        seen[2],
        (ErrorClass::Credentials, http(401, "unauthorized"))
    );
    assert_eq!(seen[3], (ErrorClass::Stop, http(400, "malformed")));
    assert!(
        matches!(seen[4], (ErrorClass::Retry, SyncError::Network(_))),
        "{:?}",
        seen[4]
    );
    assert_eq!(seen[5], (ErrorClass::Retry, SyncError::Timeout(1)));
    let reply = reply.unwrap();
    assert_eq!((reply.cursor.as_str(), reply.last_seq), ("9", 4));
}
