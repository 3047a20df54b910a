//! Seeded multi-client simulation of sync protocol v1 (PouchDB-style fuzzing, sans-IO as in
//! quinn-proto): several clients act offline and sync with the real server protocol
//! (`orderly_server::protocol` on an in-memory SQLite) through a network that loses
//! requests and replies, duplicates and delays requests and answers 5xx. After draining,
//! every client must equal the server, no operation may be lost or applied twice, and
//! every rejection must be visible to the client that made it.
//!
//! 1000 seeds run in the normal test run; `ORDERLY_SIM_SEEDS=<n>` runs more.

use chrono::{DateTime, Duration, TimeZone, Utc};
use orderly_core::state::{Entity, Key, Snapshot};
use orderly_core::stock::{Ledger, StockLevel, StockMovement};
use orderly_core::sync::{self, OpStatus, PullReply, PushReply, PushRequest};
use orderly_core::{
    AllocateAt, ClientId, Command, Context, CreateOrder, OpId, Operation, OrderDraft, OrderId,
    OrderRef, OrderWithReason, State, StockAdjustment, StockReceipt, apply, fixtures,
};
use orderly_server::{db, protocol};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// SplitMix64: a tiny deterministic generator, so that a failing seed replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Client {
    id: ClientId,
    next_seq: u64,
    next_order: u128,
    outbox: BTreeMap<u64, Operation>,
    /// The backend's records (orders, stock levels, products), as last pulled.
    copies: Snapshot,
    cursor: String,
    /// The server's last_seq for this client, as last heard.
    last_seq: u64,
    /// Rejections shown to the user, by operation.
    exceptions: HashMap<OpId, String>,
    made: Vec<OpId>,
}

impl Client {
    fn new(n: u128) -> Client {
        Client {
            id: ClientId(Uuid::from_u128(0xC0_0000 + n)),
            next_seq: 1,
            next_order: 1,
            outbox: BTreeMap::new(),
            copies: Snapshot::complete(),
            cursor: String::new(),
            last_seq: 0,
            exceptions: HashMap::new(),
            made: Vec::new(),
        }
    }

    fn view(&self) -> Snapshot {
        sync::rebase(&self.copies, self.outbox.values(), self.last_seq)
    }

    /// A user action, offline: checked against the local view, then queued.
    fn act(&mut self, rng: &mut Rng, now: DateTime<Utc>) {
        let view = self.view();
        let mut known: Vec<OrderId> = view
            .entities()
            .filter_map(|e| match e {
                Entity::Order(o) => Some(o.id),
                _ => None,
            })
            .collect();
        known.sort();
        // Orders ask for TEA (the fixture), so TEA is what runs short and gets raced for.
        let sku = if rng.chance(80) { "TEA" } else { "MUG" }.to_owned();
        let location = ["SH-01", "BJ-02"][rng.below(2) as usize].to_owned();
        let command = if rng.chance(15) {
            Command::ReceiveStock(StockReceipt {
                sku,
                location,
                quantity: 1 + rng.below(3) as i64,
                reference: None,
                bin: None,
            })
        } else if rng.chance(8) {
            let delta = [-2, -1, 1, 2][rng.below(4) as usize];
            Command::AdjustStock(StockAdjustment {
                sku,
                location,
                delta,
                reason: "count".into(),
                bin: None,
            })
        } else if let Some(mut mug) = rng
            .chance(6)
            .then(|| view.product("MUG").cloned())
            .flatten()
        {
            // A price change, as the product form sends it: an edit of the version shown.
            // Two clients editing offline conflict; the backend keeps the first.
            mug.price.amount = 4_000 + 100 * rng.below(10) as i64;
            Command::SaveProduct(Box::new(mug))
        } else if known.is_empty() || rng.chance(20) {
            let n = (self.id.0.as_u128() << 32) + self.next_order;
            self.next_order += 1;
            Command::CreateOrder(Box::new(CreateOrder {
                id: OrderId(Uuid::from_u128(n)),
                number: format!("SO-{n:x}"),
                order: draft(rng.chance(70)),
            }))
        } else {
            let order_id = known[rng.below(known.len() as u64) as usize];
            let reason = || OrderWithReason {
                order_id,
                reason: "customer called".into(),
            };
            match rng.below(10) {
                0..=2 => Command::ValidateOrder(OrderRef { order_id }),
                3..=5 => Command::ConfirmOrder(OrderRef { order_id }),
                6 => Command::HoldOrder(reason()),
                7 => Command::ReleaseOrder(OrderRef { order_id }),
                8 if rng.chance(20) => Command::CancelOrder(reason()),
                _ => Command::AllocateOrder(AllocateAt { order_id, location }),
            }
        };
        let op = Operation {
            id: OpId(Uuid::from_u128(
                (self.id.0.as_u128() << 64) + u128::from(self.next_seq),
            )),
            client_id: self.id,
            seq: self.next_seq,
            at: now,
            actor: format!("staff-{}", self.id.0.as_u128() & 0xff),
            command,
        };
        if apply(&view, &op.command, &Context::of(&op)).is_err() {
            return; // refused locally: the UI shows the error and nothing is written
        }
        self.next_seq += 1;
        self.made.push(op.id);
        self.outbox.insert(op.seq, op);
    }

    fn push_request(&self) -> Option<(Vec<Operation>, PushRequest<serde_json::Value>)> {
        let sent = sync::next_batch(self.outbox.values());
        if sent.is_empty() {
            return None;
        }
        let request = PushRequest {
            protocol: sync::PROTOCOL,
            client_id: self.id,
            ops: sent
                .iter()
                .map(|op| serde_json::to_value(op).unwrap())
                .collect(),
        };
        Some((sent, request))
    }

    fn on_push_reply(&mut self, sent: &[Operation], reply: &PushReply) {
        for (op, reason) in sync::rejections(sent, reply) {
            self.exceptions.entry(op.id).or_insert(reason);
        }
        for op in sync::answered(sent, reply) {
            self.outbox.remove(&op.seq);
        }
        self.last_seq = self.last_seq.max(reply.last_seq);
    }

    fn on_pull(&mut self, reply: &PullReply) {
        if reply.reset {
            self.copies = Snapshot::complete();
        }
        assert!(sync::store_changes(&mut self.copies, &reply.changes).is_empty());
        self.cursor = reply.cursor.clone();
        self.last_seq = self.last_seq.max(reply.last_seq);
    }
}

fn draft(with_address: bool) -> OrderDraft {
    let mut order = fixtures::phone_order("王芳");
    order.ship_to = with_address.then(fixtures::hangzhou);
    order
}

/// What the network does with one exchange.
enum Fate {
    Delivered,
    RequestLost,
    ServerError,
    ReplyLost,
    Duplicated,
    Delayed,
}

fn fate(rng: &mut Rng, faults: bool) -> Fate {
    if !faults {
        return Fate::Delivered;
    }
    match rng.below(100) {
        0..=9 => Fate::RequestLost,
        10..=19 => Fate::ServerError,
        20..=29 => Fate::ReplyLost,
        30..=34 => Fate::Duplicated,
        35..=44 => Fate::Delayed,
        _ => Fate::Delivered,
    }
}

struct World {
    server: Connection,
    clients: Vec<Client>,
    /// Requests held back by the network, delivered later (their replies go to the client
    /// late too).
    late: Vec<(usize, Vec<Operation>, PushRequest<serde_json::Value>)>,
    now: DateTime<Utc>,
}

impl World {
    fn push(&mut self, c: usize, rng: &mut Rng, faults: bool) {
        let Some((sent, request)) = self.clients[c].push_request() else {
            return;
        };
        match fate(rng, faults) {
            Fate::RequestLost | Fate::ServerError => {}
            Fate::Delayed => self.late.push((c, sent, request)),
            Fate::ReplyLost => {
                self.deliver(request);
            }
            Fate::Delivered => {
                let reply = self.deliver(request);
                self.clients[c].on_push_reply(&sent, &reply);
            }
            Fate::Duplicated => {
                self.deliver(clone_request(&request));
                let reply = self.deliver(request);
                self.clients[c].on_push_reply(&sent, &reply);
            }
        }
    }

    fn deliver(&mut self, request: PushRequest<serde_json::Value>) -> PushReply {
        protocol::push(&mut self.server, request).expect("the server accepts every client push")
    }

    fn deliver_late(&mut self, rng: &mut Rng) {
        if self.late.is_empty() {
            return;
        }
        let (c, sent, request) = self.late.remove(rng.below(self.late.len() as u64) as usize);
        let reply = self.deliver(request);
        if rng.chance(50) {
            self.clients[c].on_push_reply(&sent, &reply);
        }
    }

    fn pull(&mut self, c: usize, rng: &mut Rng, faults: bool) {
        loop {
            let client = &self.clients[c];
            let reply = protocol::pull(
                &self.server,
                &client.id.0.to_string(),
                Some(&client.cursor),
                7,
            )
            .expect("pull");
            match fate(rng, faults) {
                Fate::Delivered | Fate::Duplicated | Fate::Delayed => {
                    self.clients[c].on_pull(&reply)
                }
                Fate::RequestLost | Fate::ServerError | Fate::ReplyLost => return,
            }
            if !reply.has_more {
                return;
            }
        }
    }
}

fn clone_request(r: &PushRequest<serde_json::Value>) -> PushRequest<serde_json::Value> {
    PushRequest {
        protocol: r.protocol,
        client_id: r.client_id,
        ops: r.ops.clone(),
    }
}

/// Every stock level is explained by its movements, and none is negative.
fn check_stock(conn: &Connection, seed: u64) {
    let reply = protocol::pull(conn, "nobody", None, protocol::MAX_PULL_LIMIT).unwrap();
    let mut movements: Vec<StockMovement> = reply
        .changes
        .iter()
        .filter(|c| c.entity == "stock_movement")
        .map(|c| serde_json::from_value(c.data.clone()).unwrap())
        .collect();
    movements.sort_by_key(|m| (m.sku.clone(), m.location.clone(), m.seq));
    let replayed = Ledger::replay(&movements).expect("the ledger replays");
    for change in reply.changes.iter().filter(|c| c.entity == "stock_level") {
        let level: StockLevel = serde_json::from_value(change.data.clone()).unwrap();
        let l = level.level;
        assert!(
            l.available() >= 0 && l.on_hand >= 0 && l.reserved >= 0,
            "seed {seed}: {level:?}"
        );
        assert_eq!(
            replayed.get(&(level.sku.clone(), level.location.clone())),
            Some(&level),
            "seed {seed}: a level (or its bins) differs from its ledger"
        );
        assert_eq!(
            movements
                .iter()
                .filter(|m| m.sku == level.sku && m.location == level.location)
                .count() as u64,
            level.version,
            "seed {seed}: a ledger entry is missing"
        );
    }
}

/// Every record the server holds, by key.
fn records(copies: &Snapshot) -> BTreeMap<Key, Entity> {
    copies.entities().map(|e| (e.key(), e.clone())).collect()
}

fn server_records(conn: &Connection) -> BTreeMap<Key, Entity> {
    let mut copies = Snapshot::complete();
    let reply = protocol::pull(conn, "nobody", None, protocol::MAX_PULL_LIMIT).unwrap();
    assert!(!reply.has_more, "the simulation stays under one page");
    assert!(sync::store_changes(&mut copies, &reply.changes).is_empty());
    records(&copies)
}

/// The catalogue every client sells from, saved on the server before the clients start
/// (they see it once they pull): TEA, MUG at ¥45, and warehouses SH-01 and BJ-02.
fn seed_catalogue(conn: &mut Connection) {
    let admin = ClientId(Uuid::from_u128(0xAD));
    let ops = [
        fixtures::save_tea(),
        Command::SaveProduct(Box::new(fixtures::product("MUG", 4_500))),
        fixtures::save_shanghai(),
        fixtures::save_warehouse("BJ-02", "北京市"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, command)| {
        let seq = i as u64 + 1;
        serde_json::to_value(Operation {
            id: OpId(Uuid::from_u128((0xAD << 64) + u128::from(seq))),
            client_id: admin,
            seq,
            at: Utc.with_ymd_and_hms(2026, 12, 4, 7, 0, 0).unwrap(),
            actor: "admin".into(),
            command,
        })
        .unwrap()
    })
    .collect();
    let reply = protocol::push(
        conn,
        PushRequest {
            protocol: sync::PROTOCOL,
            client_id: admin,
            ops,
        },
    )
    .unwrap();
    assert!(reply.results.iter().all(|r| r.status == OpStatus::Applied));
}

/// How many allocations the server refused for lack of stock, over all seeds: the race
/// for the last unit must actually happen in the simulation.
static OVERSOLD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many price edits the server refused as conflicts, over all seeds.
static CONFLICTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn run(seed: u64) {
    let mut rng = Rng(seed);
    let mut server = Connection::open_in_memory().unwrap();
    db::migrate(&mut server).unwrap();
    seed_catalogue(&mut server);
    let clients = 2 + rng.below(3) as u128;
    let mut world = World {
        server,
        clients: (0..clients).map(Client::new).collect(),
        late: Vec::new(),
        now: Utc.with_ymd_and_hms(2026, 12, 4, 8, 0, 0).unwrap(),
    };
    // Every tablet starts with the catalogue (pulled when it was set up).
    for c in 0..world.clients.len() {
        world.pull(c, &mut rng, false);
    }
    // Chaos: actions, pushes and pulls in random order, through a faulty network.
    for _ in 0..100 {
        world.now += Duration::seconds(1 + rng.below(90) as i64);
        let c = rng.below(clients as u64) as usize;
        match rng.below(10) {
            0..=4 => {
                let now = world.now;
                world.clients[c].act(&mut rng, now)
            }
            5..=6 => world.push(c, &mut rng, true),
            7..=8 => world.pull(c, &mut rng, true),
            _ => world.deliver_late(&mut rng),
        }
    }
    // Drain: the network heals; late requests arrive; everyone syncs until quiet.
    while !world.late.is_empty() {
        world.deliver_late(&mut rng);
    }
    for _ in 0..10 {
        for c in 0..world.clients.len() {
            world.push(c, &mut rng, false);
        }
    }
    for c in 0..world.clients.len() {
        world.pull(c, &mut rng, false);
    }

    let truth = server_records(&world.server);
    check_stock(&world.server, seed);
    for client in &world.clients {
        assert!(
            client.outbox.is_empty(),
            "seed {seed}: an outbox did not drain"
        );
        assert_eq!(
            records(&client.view()),
            truth,
            "seed {seed}: a client differs from the server"
        );
        for id in &client.made {
            let (count, status): (i64, String) = world
                .server
                .query_row(
                    "SELECT COUNT(*), MAX(status) FROM ops WHERE id = ?1",
                    [id.0.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(count, 1, "seed {seed}: op {} lost", id.0);
            if status == OpStatus::Rejected.as_str() {
                let reason: String = world
                    .server
                    .query_row(
                        "SELECT reason FROM ops WHERE id = ?1",
                        [id.0.to_string()],
                        |r| r.get(0),
                    )
                    .unwrap();
                if reason.starts_with("insufficient_stock") {
                    OVERSOLD.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                if reason.starts_with("conflict") {
                    CONFLICTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                assert!(
                    client.exceptions.contains_key(id),
                    "seed {seed}: a rejection was dropped silently"
                );
            }
        }
    }
    // Applied at most once: each order's version counts exactly its applied operations.
    for order in truth.values().filter_map(|e| match e {
        Entity::Order(o) => Some(o),
        _ => None,
    }) {
        let id = order.id;
        let applied: i64 = world
            .server
            .query_row(
                "SELECT COUNT(*) FROM ops WHERE status = 'applied' AND body LIKE ?1",
                [format!("%{}%", id.0)],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            order.version as i64, applied,
            "seed {seed}: order {id} applied twice?"
        );
        assert_eq!(order.history.len() as u64, order.version);
    }
    // No edit of MUG overwrote another: each version is one applied save, made on the one
    // before it.
    if let Some(Entity::Product(mug)) = truth.get(&Key::Product("MUG".into())) {
        let saves: i64 = world
            .server
            .query_row(
                "SELECT COUNT(*) FROM ops WHERE status = 'applied' \
                 AND body LIKE '%product.save%' AND body LIKE '%\"MUG\"%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(mug.version as i64, saves, "seed {seed}: a save of MUG lost");
    }
}

#[test]
fn clients_converge_through_a_faulty_network() {
    let seeds: u64 = std::env::var("ORDERLY_SIM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    for seed in 0..seeds {
        run(seed);
    }
    let oversold = OVERSOLD.load(std::sync::atomic::Ordering::Relaxed);
    let conflicts = CONFLICTS.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "{seeds} seeds: {oversold} allocations refused for lack of stock, \
         {conflicts} price edits refused as conflicts"
    );
    assert!(conflicts > 0, "no two price edits ever conflicted");
    assert!(
        oversold > 0,
        "no allocation was ever refused for lack of stock"
    );
}
