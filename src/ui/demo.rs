//! Demo data for the standalone console: a catalogue, a warehouse with its bins, stock and
//! a few orders — all through the same commands as real work, so they carry history and
//! outbox operations like real ones.

use crate::store::{Store, StoreError};
use orderly_core::carrier::{Bracket, CarrierRate, Transit, ZoneRule};
use orderly_core::checklist::SopChecklist;
use orderly_core::location::{Bin, Location};
use orderly_core::product::Product;
use orderly_core::state::Key;
use orderly_core::{
    Address, Channel, Command, Currency, CustomerInfo, LineDraft, Money, OrderDraft, StockReceipt,
};

/// The demo warehouse.
pub const WAREHOUSE: &str = "SH-01";

struct Demo {
    customer: &'static str,
    phone: &'static str,
    channel: Channel,
    sku: &'static str,
    product: &'static str,
    quantity: u32,
    /// Unit price in fen.
    price: i64,
    /// Province, city, district.
    place: [&'static str; 3],
    /// Units received into the demo warehouse.
    stock: i64,
    weight_g: u32,
    category: &'static str,
}

const DEMO_ORDERS: [Demo; 6] = [
    Demo {
        customer: "王芳",
        phone: "13812345678",
        channel: Channel::Phone,
        sku: "TEA-LJ-250",
        product: "西湖龙井 250g",
        quantity: 2,
        price: 16_800,
        place: ["浙江省", "杭州市", "西湖区"],
        stock: 40,
        weight_g: 300,
        category: "tea",
    },
    Demo {
        customer: "Li Wei",
        phone: "+8613987654321",
        channel: Channel::Email,
        sku: "MUG-CER-01",
        product: "Ceramic mug",
        quantity: 6,
        price: 4_500,
        place: ["上海市", "上海市", "浦东新区"],
        stock: 24,
        weight_g: 420,
        category: "fragile",
    },
    Demo {
        customer: "张伟",
        phone: "13698765432",
        channel: Channel::Manual,
        sku: "TEA-PE-357",
        product: "普洱茶饼 357g",
        quantity: 1,
        price: 29_900,
        place: ["云南省", "昆明市", "五华区"],
        stock: 0,
        weight_g: 400,
        category: "tea",
    },
    Demo {
        customer: "Chen Jing",
        phone: "13512340000",
        channel: Channel::Email,
        sku: "SET-GIFT-02",
        product: "Tea gift set",
        quantity: 3,
        price: 38_800,
        place: ["广东省", "深圳市", "南山区"],
        stock: 8,
        weight_g: 1200,
        category: "fragile",
    },
    Demo {
        customer: "刘洋",
        phone: "15011112222",
        channel: Channel::Phone,
        sku: "CUP-GLS-06",
        product: "玻璃杯 6 只装",
        quantity: 4,
        price: 8_900,
        place: ["北京市", "北京市", "朝阳区"],
        stock: 12,
        weight_g: 900,
        category: "fragile",
    },
    Demo {
        customer: "Zhao Min",
        phone: "18033334444",
        channel: Channel::Manual,
        sku: "TEA-TG-100",
        product: "Tieguanyin 100 g",
        quantity: 5,
        price: 12_000,
        place: ["福建省", "泉州市", "安溪县"],
        stock: 30,
        weight_g: 150,
        category: "tea",
    },
];

/// Carrier services: name, service, prices in fen up to 1 kg and up to 5 kg within the same
/// province and to any other, transit days within and outside.
type DemoRate = (&'static str, &'static str, [i64; 2], [i64; 2], [u32; 2]);

const DEMO_RATES: [DemoRate; 3] = [
    (
        "SF Express",
        "standard",
        [1_200, 1_800],
        [1_500, 2_500],
        [1, 2],
    ),
    (
        "SF Express",
        "express",
        [2_200, 3_000],
        [2_800, 4_000],
        [1, 1],
    ),
    ("ZTO", "economy", [800, 1_200], [1_000, 1_500], [2, 4]),
];

fn demo_rate(
    carrier: &str,
    service: &str,
    near: [i64; 2],
    far: [i64; 2],
    days: [u32; 2],
) -> CarrierRate {
    let bracket = |zone, max_weight_g, price| Bracket {
        zone,
        max_weight_g,
        price,
    };
    CarrierRate {
        carrier: carrier.into(),
        service: service.into(),
        currency: Currency::CNY,
        zones: vec![
            ZoneRule {
                from: "上海市".into(),
                to: "上海市".into(),
                zone: 1,
            },
            ZoneRule {
                from: "*".into(),
                to: "*".into(),
                zone: 2,
            },
        ],
        brackets: vec![
            bracket(1, 1_000, near[0]),
            bracket(1, 5_000, near[1]),
            bracket(2, 1_000, far[0]),
            bracket(2, 5_000, far[1]),
        ],
        transit: vec![
            Transit {
                zone: 1,
                days: days[0],
            },
            Transit {
                zone: 2,
                days: days[1],
            },
        ],
        cutoff_minute: 17 * 60,
        utc_offset_minutes: 480,
        version: 0,
        rev: None,
    }
}

/// Seeds the demo catalogue (each product missing from it, with its stock) and, when the
/// database has no order at all, the demo orders.
pub async fn seed_if_empty(store: &Store) -> Result<(), StoreError> {
    seed_catalogue(store).await?;
    if store.order_count().await? > 0 {
        return Ok(());
    }
    for demo in &DEMO_ORDERS {
        let [province, city, district] = demo.place;
        let draft = OrderDraft {
            channel: demo.channel,
            external_ref: None,
            customer: CustomerInfo {
                name: demo.customer.into(),
                phone: Some(demo.phone.into()),
                email: None,
            },
            ship_to: Some(Address {
                country: "CN".into(),
                province: province.into(),
                city: city.into(),
                district: district.into(),
                line1: "示例路 8 号".into(),
                ..Address::default()
            }),
            currency: Currency::CNY,
            lines: vec![LineDraft {
                sku: demo.sku.into(),
                name: demo.product.into(),
                quantity: demo.quantity,
                unit_price: demo.price,
            }],
            priority: 0,
            tags: Vec::new(),
            promised_at: None,
        };
        store.create_order(draft, "demo").await?;
    }
    Ok(())
}

async fn seed_catalogue(store: &Store) -> Result<(), StoreError> {
    // The last product is seeded last: when it is there, so is the rest, and start-up
    // costs one read.
    let last = Key::Product(DEMO_ORDERS[DEMO_ORDERS.len() - 1].sku.into());
    if store.record(&last).await?.is_some() {
        return Ok(());
    }
    if store
        .record(&Key::Location(WAREHOUSE.into()))
        .await?
        .is_none()
    {
        let bins = DEMO_ORDERS
            .iter()
            .enumerate()
            .map(|(i, demo)| Bin {
                code: format!("A-{:02}", i + 1),
                walk_order: i as u32 + 1,
                skus: vec![demo.sku.into()],
            })
            .collect();
        let warehouse = Location {
            code: WAREHOUSE.into(),
            name: "上海仓 Shanghai".into(),
            region: "上海市".into(),
            bins,
            version: 0,
            rev: None,
        };
        store
            .run(Command::SaveLocation(Box::new(warehouse)), "demo")
            .await?;
    }
    if store
        .record(&Key::Checklist("fragile".into()))
        .await?
        .is_none()
    {
        let checklist = SopChecklist {
            category: "fragile".into(),
            items: vec![
                "气泡膜包裹 Bubble wrap".into(),
                "易碎标签 FRAGILE label".into(),
            ],
            version: 0,
            rev: None,
        };
        store.run(Command::SaveChecklist(checklist), "demo").await?;
    }
    for (carrier, service, near, far, days) in DEMO_RATES {
        let key = Key::CarrierRate {
            carrier: carrier.into(),
            service: service.into(),
        };
        if store.record(&key).await?.is_none() {
            let rate = demo_rate(carrier, service, near, far, days);
            store
                .run(Command::SaveCarrierRate(Box::new(rate)), "demo")
                .await?;
        }
    }
    for demo in &DEMO_ORDERS {
        if store
            .record(&Key::Product(demo.sku.into()))
            .await?
            .is_some()
        {
            continue;
        }
        let product = Product {
            sku: demo.sku.into(),
            barcode: None,
            name: demo.product.into(),
            price: Money::new(demo.price, Currency::CNY),
            weight_g: demo.weight_g,
            dimensions: None,
            category: demo.category.into(),
            safety_stock: 5,
            reorder_point: 10,
            reorder_quantity: 50,
            lead_time_days: 7,
            active: true,
            version: 0,
            rev: None,
        };
        store
            .run(Command::SaveProduct(Box::new(product)), "demo")
            .await?;
        if demo.stock > 0 {
            let receipt = StockReceipt {
                sku: demo.sku.into(),
                location: WAREHOUSE.into(),
                quantity: demo.stock,
                reference: Some("DEMO-PO-1".into()),
                bin: None,
            };
            store.run(Command::ReceiveStock(receipt), "demo").await?;
        }
    }
    Ok(())
}
