//! Demo data for the standalone console: a few orders, created through the same store
//! path as any order, so they carry history and outbox operations like real ones.

use crate::store::{Store, StoreError};
use orderly_core::{Address, Channel, Currency, CustomerInfo, LineDraft, OrderDraft};

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
    },
];

/// Seeds the demo orders when the database has no order at all.
pub async fn seed_if_empty(store: &Store) -> Result<(), StoreError> {
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
