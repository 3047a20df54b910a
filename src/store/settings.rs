//! Settings kept in `meta`: where the backend is.

use super::Store;
use super::error::{Doing, StoreError};
use super::record::{from_js, to_js};
use super::schema::META;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const BACKEND_KEY: &str = "backend";

/// The sync backend. The token is stored only when the user asked to remember it;
/// otherwise it lives in memory for the session (DESIGN.md, security).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackendSettings {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    #[serde(flatten)]
    settings: BackendSettings,
}

impl Store {
    pub async fn backend_settings(&self) -> Result<Option<BackendSettings>, StoreError> {
        let doing = "reading the backend settings";
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadOnly)
            .doing(doing)?;
        let found = tx
            .store(META)
            .doing(doing)?
            .get(JsValue::from_str(BACKEND_KEY))
            .await
            .doing(doing)?;
        Ok(found
            .map(|v| from_js::<Record>(v, META))
            .transpose()?
            .map(|r| r.settings))
    }

    /// Saves (or, with `None`, forgets) the backend settings.
    pub async fn save_backend_settings(
        &self,
        settings: Option<&BackendSettings>,
    ) -> Result<(), StoreError> {
        let doing = "saving the backend settings";
        let tx = self
            .conn
            .transaction(&[META], TransactionMode::ReadWrite, doing)?;
        let meta = tx.store(META).doing(doing)?;
        match settings {
            Some(settings) => {
                let record = Record {
                    key: BACKEND_KEY.into(),
                    settings: settings.clone(),
                };
                meta.put(&to_js(&record)?, None).await.doing(doing)?;
            }
            None => meta
                .delete(JsValue::from_str(BACKEND_KEY))
                .await
                .doing(doing)?,
        }
        tx.done().await
    }
}
