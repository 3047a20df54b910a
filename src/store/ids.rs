//! Fresh ids for the console: UUID v7 (time-ordered) from the browser's clock and
//! `crypto.getRandomValues`. The core never makes ids; it receives them.

use chrono::{DateTime, Utc};
use uuid::{Builder, Uuid};

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    // Every browser that runs wasm has crypto.getRandomValues; without it, ids would collide.
    assert!(filled, "crypto.getRandomValues is unavailable");
    bytes
}

/// A UUID v7 for the given time: the idempotency key of an operation, an entity id.
pub fn uuid_v7(at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    Builder::from_unix_timestamp_millis(millis, &random_bytes::<10>()).into_uuid()
}

/// A random UUID v4: the identity of a new database.
pub fn uuid_v4() -> Uuid {
    Builder::from_random_bytes(random_bytes::<16>()).into_uuid()
}
