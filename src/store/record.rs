//! Domain values to IndexedDB records and back (serde-wasm-bindgen, JSON-compatible: maps
//! become plain objects so that key paths such as `customer.name` work).

use super::error::StoreError;
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::JsValue;

pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, StoreError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| StoreError::Encode(e.to_string()))
}

pub fn from_js<T: DeserializeOwned>(value: JsValue, store: &'static str) -> Result<T, StoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| StoreError::Decode {
        store,
        reason: e.to_string(),
    })
}
