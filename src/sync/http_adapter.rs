//! The HTTP adapter: `POST {base}/v1/push` and `GET {base}/v1/pull` with gloo-net (fetch),
//! extra headers (e.g. `Authorization`) and a timeout.

use super::adapter::{SyncAdapter, SyncError};
use gloo_net::http::{Request, RequestBuilder, Response};
use orderly_core::ClientId;
use orderly_core::sync::{PullReply, PushReply, PushRequest};
use serde::de::DeserializeOwned;

#[derive(Clone, Debug)]
pub struct HttpAdapter {
    base: String,
    headers: Vec<(String, String)>,
    timeout_secs: u32,
}

impl HttpAdapter {
    /// `base` is the backend's root, e.g. `https://oms.example.com/orderly`.
    pub fn new(base: &str) -> HttpAdapter {
        HttpAdapter {
            base: base.trim_end_matches('/').to_owned(),
            headers: Vec::new(),
            timeout_secs: 30,
        }
    }

    /// Sends `name: value` with every request, replacing an earlier value of `name`.
    pub fn header(mut self, name: &str, value: &str) -> HttpAdapter {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn timeout_secs(mut self, secs: u32) -> HttpAdapter {
        self.timeout_secs = secs;
        self
    }

    fn with_headers(&self, mut builder: RequestBuilder) -> RequestBuilder {
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder
    }

    /// Sends with a timeout (an AbortController fired by a timer), then reads the JSON.
    /// `finish` turns the builder (which already carries the abort signal) into a request.
    async fn send<T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        finish: impl FnOnce(RequestBuilder) -> Result<Request, gloo_net::Error>,
    ) -> Result<T, SyncError> {
        let controller =
            web_sys::AbortController::new().map_err(|e| SyncError::Network(format!("{e:?}")))?;
        let signal = controller.signal();
        let request = finish(self.with_headers(builder).abort_signal(Some(&signal)))
            .map_err(|e| SyncError::Network(e.to_string()))?;
        let abort = controller.clone();
        let timer =
            gloo_timers::callback::Timeout::new(self.timeout_secs * 1000, move || abort.abort());
        let sent = request.send().await;
        drop(timer);
        let response = match sent {
            Ok(response) => response,
            Err(_) if signal.aborted() => return Err(SyncError::Timeout(self.timeout_secs)),
            Err(e) => return Err(SyncError::Network(e.to_string())),
        };
        read(response).await
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, SyncError> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| SyncError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|e| SyncError::Decode(e.to_string()));
    }
    let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    Err(SyncError::Http {
        status,
        code: body["error"].as_str().unwrap_or("").to_owned(),
        message: body["message"].as_str().map(str::to_owned).unwrap_or(text),
    })
}

impl SyncAdapter for HttpAdapter {
    async fn push(&self, request: &PushRequest) -> Result<PushReply, SyncError> {
        let builder = Request::post(&format!("{}/v1/push", self.base));
        self.send(builder, |b| b.json(request)).await
    }

    async fn pull(
        &self,
        client_id: ClientId,
        cursor: &str,
        limit: u32,
    ) -> Result<PullReply, SyncError> {
        let builder = Request::get(&format!("{}/v1/pull", self.base)).query([
            ("client_id", client_id.0.to_string()),
            ("cursor", cursor.to_owned()),
            ("limit", limit.to_string()),
        ]);
        self.send(builder, RequestBuilder::build).await
    }
}
