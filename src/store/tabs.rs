//! Several tabs on one database: a BroadcastChannel per database tells the other tabs that
//! data changed, so that their screens refresh without a reload.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The channel of one database, `orderly:<name>`.
pub struct TabChannel {
    channel: Option<web_sys::BroadcastChannel>,
}

impl TabChannel {
    /// Opens the channel and calls `on_change` whenever another tab announces a change.
    /// Without BroadcastChannel (very old browsers) tabs simply do not hear each other.
    pub fn open(database: &str, on_change: impl Fn() + 'static) -> TabChannel {
        let channel = web_sys::BroadcastChannel::new(&format!("orderly:{database}")).ok();
        if let Some(channel) = &channel {
            let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on_change());
            channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            handler.forget(); // as long as the page
        }
        TabChannel { channel }
    }

    /// Tells the other tabs (not this one) that data changed.
    pub fn announce(&self) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("changed"));
        }
    }
}
