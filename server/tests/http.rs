//! The server over real HTTP on 127.0.0.1: health, push idempotency, rejection, pull
//! paging, auth and limits.

use chrono::{TimeZone, Utc};
use orderly_core::{ClientId, Command, CreateOrder, OpId, Operation, OrderId, OrderRef, fixtures};
use orderly_server::{AppState, db, router};
use serde_json::{Value, json};
use uuid::Uuid;

const CLIENT: ClientId = ClientId(Uuid::from_u128(0xC1));

async fn start(token: Option<&str>) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("test.sqlite")).unwrap();
    let mut state = AppState::new(conn);
    if let Some(token) = token {
        state = state.with_token(token);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, router(state)).await.unwrap();
    });
    (base, dir)
}

fn order_id(n: u128) -> OrderId {
    OrderId(Uuid::from_u128(n))
}

fn op(seq: u64, command: Command) -> Value {
    serde_json::to_value(Operation {
        id: OpId(Uuid::from_u128(0x0900 + u128::from(seq))),
        client_id: CLIENT,
        seq,
        at: Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
            + chrono::Duration::seconds(seq as i64),
        actor: "staff-7".into(),
        command,
    })
    .unwrap()
}

fn create(n: u128) -> Command {
    Command::CreateOrder(Box::new(CreateOrder {
        id: order_id(n),
        number: format!("SO-TEST-{n:06}"),
        order: fixtures::phone_order("王芳"),
    }))
}

async fn push(base: &str, ops: Vec<Value>) -> (u16, Value) {
    let body = json!({ "protocol": 1, "client_id": CLIENT, "ops": ops });
    let reply = reqwest::Client::new()
        .post(format!("{base}/v1/push"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}

async fn pull(base: &str, cursor: &str, limit: u32) -> Value {
    let url = format!(
        "{base}/v1/pull?client_id={}&cursor={cursor}&limit={limit}",
        CLIENT.0
    );
    let reply = reqwest::get(url).await.unwrap();
    assert_eq!(reply.status(), 200);
    reply.json().await.unwrap()
}

fn statuses(reply: &Value) -> Vec<String> {
    reply["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn health_reports_protocol_and_schema() {
    let (base, _dir) = start(Some("secret")).await;
    let reply = reqwest::get(format!("{base}/health")).await.unwrap();
    assert_eq!(reply.status(), 200, "health needs no token");
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["protocol"], 1);
    assert_eq!(body["schema_version"], 1);
}

#[tokio::test]
async fn a_pushed_order_is_applied_once_and_pulled_back() {
    let (base, _dir) = start(None).await;
    let (status, reply) = push(&base, vec![op(1, create(1))]).await;
    assert_eq!(status, 200);
    assert_eq!(statuses(&reply), ["applied"]);
    assert_eq!(reply["last_seq"], 1);

    // The same op again (a lost reply, a retry): a duplicate, never applied twice.
    let (_, again) = push(&base, vec![op(1, create(1))]).await;
    assert_eq!(statuses(&again), ["duplicate"]);
    assert_eq!(again["results"][0]["id"], op(1, create(1))["id"]);

    let page = pull(&base, "", 100).await;
    assert_eq!(page["last_seq"], 1);
    assert_eq!(page["reset"], false);
    let changes = page["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "one entity, one change");
    assert_eq!(changes[0]["entity"], "order");
    assert_eq!(changes[0]["id"], order_id(1).to_string());
    assert_eq!(changes[0]["version"], 1);
    assert_eq!(changes[0]["data"]["total"]["amount"], 33_600);
    assert_eq!(changes[0]["data"]["history"][0]["actor"], "staff-7");

    let rest = pull(&base, page["cursor"].as_str().unwrap(), 100).await;
    assert_eq!(rest["changes"].as_array().unwrap().len(), 0);
    assert_eq!(rest["has_more"], false);
}

#[tokio::test]
async fn a_refused_op_is_rejected_with_its_rule_and_still_advances_last_seq() {
    let (base, _dir) = start(None).await;
    let confirm_too_early = Command::ConfirmOrder(OrderRef {
        order_id: order_id(1),
    });
    let validate = Command::ValidateOrder(OrderRef {
        order_id: order_id(1),
    });
    let mut unknown = op(3, create(9));
    unknown["type"] = json!("order.teleport");
    let (status, reply) = push(
        &base,
        vec![
            op(1, create(1)),
            op(2, confirm_too_early),
            unknown,
            op(4, validate),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        statuses(&reply),
        ["applied", "rejected", "rejected", "rejected"]
    );
    assert!(
        reply["results"][1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("transition_refused")
    );
    assert!(
        reply["results"][2]["reason"]
            .as_str()
            .unwrap()
            .starts_with("malformed")
    );
    // Validation needs a ship-to address this order lacks.
    assert!(
        reply["results"][3]["reason"]
            .as_str()
            .unwrap()
            .starts_with("invalid")
    );
    assert_eq!(reply["last_seq"], 4, "rejections never block the client");

    let page = pull(&base, "", 100).await;
    assert_eq!(
        page["changes"][0]["version"], 1,
        "nothing refused was written"
    );
}

#[tokio::test]
async fn pull_pages_with_an_opaque_cursor_and_resets_on_a_foreign_one() {
    let (base, _dir) = start(None).await;
    let ops = (1..=3).map(|n| op(n, create(u128::from(n)))).collect();
    assert_eq!(push(&base, ops).await.0, 200);
    let first = pull(&base, "", 2).await;
    assert_eq!(first["changes"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
    let second = pull(&base, first["cursor"].as_str().unwrap(), 2).await;
    assert_eq!(second["changes"].as_array().unwrap().len(), 1);
    assert_eq!(second["has_more"], false);
    assert_eq!(second["changes"][0]["id"], order_id(3).to_string());

    let foreign = pull(&base, "999999", 10).await;
    assert_eq!(foreign["reset"], true);
    assert_eq!(
        foreign["changes"].as_array().unwrap().len(),
        3,
        "from the start"
    );
}

#[tokio::test]
async fn the_token_guards_push_and_pull() {
    let (base, _dir) = start(Some("s3cret")).await;
    let client = reqwest::Client::new();
    let body = json!({ "protocol": 1, "client_id": CLIENT, "ops": [op(1, create(1))] });
    let url = format!("{base}/v1/push");
    let none = client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(none.status(), 401);
    let wrong = client
        .post(&url)
        .bearer_auth("guess")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = client
        .post(&url)
        .bearer_auth("s3cret")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    let pull = client
        .get(format!("{base}/v1/pull?client_id={}", CLIENT.0))
        .send()
        .await
        .unwrap();
    assert_eq!(pull.status(), 401);
}

#[tokio::test]
async fn limits_and_protocol_errors_have_their_status_codes() {
    let (base, _dir) = start(None).await;
    let client = reqwest::Client::new();
    let url = format!("{base}/v1/push");

    let huge = "x".repeat(orderly_server::http::MAX_BODY_BYTES + 1);
    let reply = client.post(&url).body(huge).send().await.unwrap();
    assert_eq!(reply.status(), 413, "oversized body");

    let many: Vec<Value> = (1..=501).map(|n| op(n, create(u128::from(n)))).collect();
    assert_eq!(push(&base, many).await.0, 413, "more than 500 ops");

    let old = json!({ "protocol": 2, "client_id": CLIENT, "ops": [] });
    let reply = client.post(&url).json(&old).send().await.unwrap();
    assert_eq!(reply.status(), 426, "unknown protocol");

    let (status, body) = push(&base, vec![op(2, create(2))]).await;
    assert_eq!(status, 409, "seq 2 before seq 1");
    assert_eq!(body["error"], "seq_gap");

    let reply = client.post(&url).body("{not json").send().await.unwrap();
    assert_eq!(reply.status(), 400);
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let (base, _dir) = start(None).await;
    let reply = reqwest::get(format!("{base}/v0/nothing")).await.unwrap();
    assert_eq!(reply.status(), 404);
}

#[tokio::test]
async fn browsers_on_other_origins_may_call() {
    let (base, _dir) = start(Some("s3cret")).await;
    let preflight = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{base}/v1/push"))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
}

/// Two offline tablets both promised the last unit: the backend honours the first
/// allocation it receives and rejects the second with `insufficient_stock`.
#[tokio::test]
async fn the_last_unit_cannot_be_allocated_twice() {
    use orderly_core::{AllocateAt, StockReceipt};
    let (base, _dir) = start(None).await;
    let tablet = |n: u128| ClientId(Uuid::from_u128(0x7AB0 + n));
    let op_for = |client: ClientId, seq: u64, command: Command| {
        serde_json::to_value(Operation {
            id: OpId(Uuid::from_u128(
                (client.0.as_u128() << 16) + u128::from(seq),
            )),
            client_id: client,
            seq,
            at: Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
                + chrono::Duration::seconds(seq as i64),
            actor: "tablet".into(),
            command,
        })
        .unwrap()
    };
    let confirmed_order = |client: ClientId, n: u128| {
        let mut draft = fixtures::phone_order("王芳");
        draft.ship_to = Some(fixtures::hangzhou());
        draft.lines[0].quantity = 1;
        vec![
            op_for(
                client,
                1,
                Command::CreateOrder(Box::new(CreateOrder {
                    id: order_id(n),
                    number: format!("SO-{n}"),
                    order: draft,
                })),
            ),
            op_for(
                client,
                2,
                Command::ValidateOrder(OrderRef {
                    order_id: order_id(n),
                }),
            ),
            op_for(
                client,
                3,
                Command::ConfirmOrder(OrderRef {
                    order_id: order_id(n),
                }),
            ),
        ]
    };
    let push_as = |client: ClientId, ops: Vec<Value>| {
        let base = base.clone();
        async move {
            let body = json!({ "protocol": 1, "client_id": client, "ops": ops });
            let reply = reqwest::Client::new()
                .post(format!("{base}/v1/push"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 200);
            reply.json::<Value>().await.unwrap()
        }
    };
    let allocate = |n: u128| {
        Command::AllocateOrder(AllocateAt {
            order_id: order_id(n),
            location: "SH-01".into(),
        })
    };

    let catalogue = push_as(
        tablet(0),
        vec![
            op_for(tablet(0), 1, fixtures::save_tea()),
            op_for(tablet(0), 2, fixtures::save_shanghai()),
        ],
    )
    .await;
    assert_eq!(statuses(&catalogue), ["applied"; 2]);
    let mut a = confirmed_order(tablet(1), 1);
    a.push(op_for(
        tablet(1),
        4,
        Command::ReceiveStock(StockReceipt {
            sku: "TEA".into(),
            location: "SH-01".into(),
            quantity: 1,
            reference: None,
            bin: None,
        }),
    ));
    a.push(op_for(tablet(1), 5, allocate(1)));
    let mut b = confirmed_order(tablet(2), 2);
    b.push(op_for(tablet(2), 4, allocate(2)));

    let first = push_as(tablet(1), a).await;
    assert_eq!(statuses(&first), ["applied"; 5]);
    let second = push_as(tablet(2), b).await;
    assert_eq!(
        statuses(&second),
        ["applied", "applied", "applied", "rejected"]
    );
    let reason = second["results"][3]["reason"].as_str().unwrap();
    assert!(reason.starts_with("insufficient_stock"), "{reason}");
    assert_eq!(
        second["last_seq"], 4,
        "the rejection still advances the tablet"
    );

    let changes = pull(&base, "", 100).await["changes"]
        .as_array()
        .unwrap()
        .clone();
    let level = changes
        .iter()
        .find(|c| c["entity"] == "stock_level")
        .unwrap();
    assert_eq!(level["id"], "TEA@SH-01");
    assert_eq!(
        (
            level["data"]["on_hand"].clone(),
            level["data"]["reserved"].clone()
        ),
        (json!(1), json!(1))
    );
    let ledger: Vec<_> = changes
        .iter()
        .filter(|c| c["entity"] == "stock_movement")
        .collect();
    assert_eq!(
        ledger.len(),
        2,
        "a receipt and one reservation, nothing for the refusal"
    );
    let order_2 = changes
        .iter()
        .find(|c| c["id"] == order_id(2).to_string())
        .unwrap();
    assert_eq!(
        order_2["data"]["status"], "confirmed",
        "the refused order waits for stock"
    );
}

/// An operation written as a backend implementer would see it on the wire.
fn wire_op(seq: u64, command: Value) -> Value {
    let mut op = op(seq, create(0));
    op["type"] = command["type"].clone();
    op["data"] = command["data"].clone();
    op
}

#[tokio::test]
async fn the_warehouse_flow_runs_on_the_server_and_pulls_back_as_entities() {
    let (base, _dir) = start(None).await;
    let order = order_id(77).to_string();
    let list = Uuid::from_u128(0xA1).to_string();
    let parcel = Uuid::from_u128(0xB1).to_string();
    let mut draft = serde_json::to_value(fixtures::phone_order("王芳")).unwrap();
    draft["ship_to"] = serde_json::to_value(fixtures::hangzhou()).unwrap();
    draft["id"] = json!(order);
    draft["number"] = json!("SO-TEST-000077");
    let commands = vec![
        json!({"type": "product.save", "data": {
            "sku": "TEA", "barcode": "6901234567892", "name": "Longjing 250 g",
            "price": {"amount": 16800, "currency": "CNY"}, "weight_g": 300,
            "category": "food", "active": true}}),
        json!({"type": "location.save", "data": {
            "code": "SH-01", "name": "Shanghai", "region": "SH",
            "bins": [{"code": "B-07", "walk_order": 20, "skus": ["TEA"]}]}}),
        json!({"type": "stock.receive", "data": {"sku": "TEA", "location": "SH-01", "quantity": 5}}),
        json!({"type": "order.create", "data": draft}),
        json!({"type": "order.validate", "data": {"order_id": order}}),
        json!({"type": "order.confirm", "data": {"order_id": order}}),
        json!({"type": "order.allocate", "data": {"order_id": order, "location": "SH-01"}}),
        json!({"type": "pick_list.create", "data": {"id": list, "location": "SH-01", "order_ids": [order]}}),
        json!({"type": "pick.scan", "data": {"pick_list_id": list, "code": "6901234567892", "quantity": 3}}),
        json!({"type": "pick.scan", "data": {"pick_list_id": list, "code": "6901234567892", "quantity": 2}}),
        json!({"type": "order.pack", "data": {"order_id": order, "pick_list_id": list, "shipment_id": parcel}}),
        json!({"type": "shipment.ship", "data": {"shipment_id": parcel, "carrier": "SF", "service": "standard", "tracking_number": "SF1234567890"}}),
    ];
    let ops: Vec<Value> = commands
        .into_iter()
        .enumerate()
        .map(|(i, c)| wire_op(i as u64 + 1, c))
        .collect();
    let (status, reply) = push(&base, ops).await;
    assert_eq!(status, 200, "{reply}");
    let results = reply["results"].as_array().unwrap();
    // The fixture orders 2; scanning 3 is an over-pick and is rejected with its rule,
    // then 2 is fine.
    let outcomes: Vec<_> = results
        .iter()
        .map(|r| {
            let reason = r["reason"].as_str().unwrap_or("");
            format!(
                "{} {}",
                r["status"].as_str().unwrap(),
                reason.split(':').next().unwrap()
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "applied ",
            "applied ",
            "applied ",
            "applied ",
            "applied ",
            "applied ",
            "applied ",
            "applied ",
            "rejected over_pick",
            "applied ",
            "applied ",
            "applied ",
        ]
    );

    let pulled = pull(&base, "", 100).await;
    let latest = |entity: &str, id: &str| {
        pulled["changes"]
            .as_array()
            .unwrap()
            .iter()
            .rfind(|c| c["entity"] == entity && c["id"] == id)
            .unwrap_or_else(|| panic!("{entity} {id} pulled"))["data"]
            .clone()
    };
    let shipped = latest("order", &order);
    assert_eq!(shipped["status"], "shipped");
    assert_eq!(shipped["lines"][0]["shipped"], 2);
    assert_eq!(latest("pick_list", &list)["status"], "picked");
    let box_ = latest("shipment", &parcel);
    assert_eq!(box_["tracking_number"], "SF1234567890");
    assert_eq!(box_["weight_g"], 600);
    let tea = latest("stock_level", "TEA@SH-01");
    assert_eq!(
        (
            tea["on_hand"].as_i64(),
            tea["reserved"].as_i64(),
            tea["picked"].as_i64()
        ),
        (Some(3), Some(0), Some(0))
    );
    assert_eq!(latest("product", "TEA")["version"], 1);
}
