//! Demo data for the standalone console: a few orders, created through the same store
//! path as any order, so they carry history and outbox operations like real ones.

use crate::store::{Store, StoreError};
use orderly_core::{Channel, Currency, CustomerInfo, LineDraft, OrderDraft};

/// (customer, phone, channel, sku, product, quantity, unit price in fen)
const DEMO_ORDERS: &[(&str, &str, Channel, &str, &str, u32, i64)] = &[
    (
        "王芳",
        "13812345678",
        Channel::Phone,
        "TEA-LJ-250",
        "西湖龙井 250g",
        2,
        16_800,
    ),
    (
        "Li Wei",
        "+8613987654321",
        Channel::Email,
        "MUG-CER-01",
        "Ceramic mug",
        6,
        4_500,
    ),
    (
        "张伟",
        "13698765432",
        Channel::Manual,
        "TEA-PE-357",
        "普洱茶饼 357g",
        1,
        29_900,
    ),
    (
        "Chen Jing",
        "+14155550123",
        Channel::Email,
        "SET-GIFT-02",
        "Tea gift set",
        3,
        38_800,
    ),
    (
        "刘洋",
        "15011112222",
        Channel::Phone,
        "CUP-GLS-06",
        "玻璃杯 6 只装",
        4,
        8_900,
    ),
    (
        "Zhao Min",
        "18033334444",
        Channel::Manual,
        "TEA-TG-100",
        "Tieguanyin 100 g",
        5,
        12_000,
    ),
];

/// Seeds the demo orders when the database has no order at all.
pub async fn seed_if_empty(store: &Store) -> Result<(), StoreError> {
    if store.order_count().await? > 0 {
        return Ok(());
    }
    for (name, phone, channel, sku, product, quantity, price) in DEMO_ORDERS {
        let draft = OrderDraft {
            channel: *channel,
            external_ref: None,
            customer: CustomerInfo {
                name: (*name).into(),
                phone: Some((*phone).into()),
                email: None,
            },
            currency: Currency::CNY,
            lines: vec![LineDraft {
                sku: (*sku).into(),
                name: (*product).into(),
                quantity: *quantity,
                unit_price: *price,
            }],
        };
        store.create_order(draft, "demo").await?;
    }
    Ok(())
}
