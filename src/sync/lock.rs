//! Exactly one tab syncs a database at a time: the Web Locks API's `ifAvailable` request
//! either grants the lock (this tab syncs) or says another tab holds it (this one skips).
//! web-sys marks LockManager unstable, so it is called through `Reflect`.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// Runs `work` while holding the lock `name`, unless another context holds it: then
/// returns `None` at once without running it. Browsers without Web Locks just run it.
pub async fn if_available<T, Fut>(name: &str, work: impl FnOnce() -> Fut + 'static) -> Option<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let Some(locks) = lock_manager() else {
        return Some(work().await);
    };
    let result: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let slot = result.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        future_to_promise(async move {
            let value = work().await;
            *slot.borrow_mut() = Some(value);
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let request: Option<Function> = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    let promise = request.and_then(|request| {
        request
            .call3(&locks, &JsValue::from_str(name), &options, &callback)
            .ok()
            .and_then(|p| p.dyn_into::<Promise>().ok())
    })?;
    let _ = JsFuture::from(promise).await;
    result.borrow_mut().take()
}

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}
