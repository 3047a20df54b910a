//! Sample values for tests of every crate (feature `fixtures`; always on in the core's own
//! tests). Not part of the domain.

use crate::address::Address;
use crate::command::OrderDraft;
use crate::money::Currency;
use crate::order::{Channel, CustomerInfo, LineDraft};

/// A mainland address that passes validation.
pub fn hangzhou() -> Address {
    Address {
        country: "CN".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        district: "西湖区".into(),
        line1: "龙井路 1 号".into(),
        ..Address::default()
    }
}

/// A phone order for `customer`: one line, 2 × TEA at ¥168.00, no address.
pub fn phone_order(customer: &str) -> OrderDraft {
    OrderDraft {
        channel: Channel::Phone,
        external_ref: None,
        customer: CustomerInfo {
            name: customer.into(),
            phone: Some("13812345678".into()),
            email: None,
        },
        ship_to: None,
        currency: Currency::CNY,
        lines: vec![LineDraft {
            sku: "TEA".into(),
            name: "Tea".into(),
            quantity: 2,
            unit_price: 16_800,
        }],
    }
}
