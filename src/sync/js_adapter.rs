//! The JavaScript adapter for portals (DESIGN.md, embed API): the host supplies
//! `push(request) → reply` and `pull(cursor, limit, clientId) → reply` functions, sync or
//! async, taking and returning the protocol's JSON shapes, so any backend can be mapped
//! without changing the console. A host signals an HTTP-like failure by throwing (or
//! rejecting with) an object with a numeric `status`, e.g. `{status: 503, message: "…"}`;
//! anything else thrown counts as a network error and is retried.

use super::adapter::{SyncAdapter, SyncError};
use js_sys::{Function, Promise, Reflect};
use orderly_core::ClientId;
use orderly_core::sync::{PullReply, PushReply, PushRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug)]
pub struct JsAdapter {
    push: Function,
    pull: Function,
}

impl JsAdapter {
    pub fn new(push: Function, pull: Function) -> JsAdapter {
        JsAdapter { push, pull }
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, SyncError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| SyncError::Decode(e.to_string()))
}

/// Awaits what the host returned (a value or a promise) and reads it.
async fn settle<T: DeserializeOwned>(returned: Result<JsValue, JsValue>) -> Result<T, SyncError> {
    let value = JsFuture::from(Promise::resolve(&returned.map_err(host_error)?))
        .await
        .map_err(host_error)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| SyncError::Decode(e.to_string()))
}

fn host_error(thrown: JsValue) -> SyncError {
    let field = |name: &str| Reflect::get(&thrown, &JsValue::from_str(name)).ok();
    let text = |name: &str| field(name).and_then(|v| v.as_string()).unwrap_or_default();
    match field("status").and_then(|v| v.as_f64()) {
        Some(status) => SyncError::Http {
            status: status as u16,
            code: text("error"),
            message: text("message"),
        },
        None => SyncError::Network(
            thrown
                .as_string()
                .unwrap_or_else(|| text("message"))
                .to_string(),
        ),
    }
}

impl SyncAdapter for JsAdapter {
    async fn push(&self, request: &PushRequest) -> Result<PushReply, SyncError> {
        settle(self.push.call1(&JsValue::NULL, &to_js(request)?)).await
    }

    async fn pull(
        &self,
        client_id: ClientId,
        cursor: &str,
        limit: u32,
    ) -> Result<PullReply, SyncError> {
        let returned = self.pull.call3(
            &JsValue::NULL,
            &JsValue::from_str(cursor),
            &JsValue::from(limit),
            &JsValue::from_str(&client_id.0.to_string()),
        );
        settle(returned).await
    }
}
