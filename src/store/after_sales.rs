//! After-sales in the console: exceptions to resolve (a sync rejection is resolved here
//! only — the backend never had it), and returns: their queue and the request, whose id
//! is made here like an order's.

use super::Store;
use super::error::{Doing, StoreError};
use super::ids;
use super::record::{from_js, to_js};
use super::schema::{EXCEPTIONS, RETURNS};
use chrono::Utc;
use orderly_core::after_sales::{RequestReturn, ResolveException, ReturnRequestLine};
use orderly_core::catalogue::{on_top_of, saved_record};
use orderly_core::return_case::{ReturnCase, ReturnStatus};
use orderly_core::state::{Entity, Key};
use orderly_core::{Command, DomainError, Exception, OrderId};
use rexie::TransactionMode;
use uuid::Uuid;

impl Store {
    /// Makes a whole-record edit the backend refused as a conflict again, on top of the
    /// record as it is here now (the person reviewed the other change and keeps theirs),
    /// then resolves the exception as `reapplied`. The edit is a new operation; if the
    /// record changed again meanwhile, it is refused like any stale edit.
    pub async fn reapply_rejected_edit(&self, id: Uuid, actor: &str) -> Result<(), StoreError> {
        let not_an_edit = || DomainError::NotFound {
            entity: "rejected_edit",
            id: id.to_string(),
        };
        let op = match self.record(&Key::Exception(id)).await? {
            Some(Entity::Exception(e)) if e.is_local() => e.op_id,
            _ => None,
        }
        .ok_or_else(not_an_edit)?;
        let rejected = self
            .rejected_operation(op)
            .await?
            .ok_or_else(not_an_edit)?
            .command;
        let key = saved_record(&rejected).ok_or_else(not_an_edit)?.key();
        let current = self.record(&key).await?;
        let again = on_top_of(&rejected, current.as_ref()).ok_or_else(not_an_edit)?;
        self.run(again, actor).await?;
        self.resolve_exception(id, "reapplied", "", actor).await
    }

    /// Resolves an exception with a stable code and a note. A sync rejection is resolved
    /// in this database only; any other goes through `exception.resolve` and syncs.
    pub async fn resolve_exception(
        &self,
        id: Uuid,
        code: &str,
        note: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        let doing = "resolving an exception";
        let tx = self
            .conn
            .transaction(&[EXCEPTIONS], TransactionMode::ReadWrite, doing)?;
        let exceptions = tx.store(EXCEPTIONS).doing(doing)?;
        let found = exceptions
            .get(to_js(&id)?)
            .await
            .doing(doing)?
            .map(|v| from_js::<Exception>(v, EXCEPTIONS))
            .transpose()?;
        let Some(exception) = found.filter(Exception::is_local) else {
            tx.abort().await;
            let command = Command::ResolveException(ResolveException {
                id,
                code: code.to_owned(),
                note: note.to_owned(),
            });
            return self.run(command, actor).await.map(drop);
        };
        if code.trim().is_empty() {
            tx.abort().await;
            return Err(DomainError::Invalid(vec![orderly_core::Issue::new(
                orderly_core::IssueCode::Required,
                "code",
            )])
            .into());
        }
        let resolved = exception.resolved(code, note, Utc::now(), actor);
        exceptions
            .put(&to_js(&resolved)?, None)
            .await
            .doing(doing)?;
        tx.done().await
    }

    /// Returns at `status`, oldest first.
    pub async fn returns_with_status(
        &self,
        status: ReturnStatus,
    ) -> Result<Vec<ReturnCase>, StoreError> {
        let mut found: Vec<ReturnCase> = self
            .by_index(RETURNS, "status", &status, "listing returns")
            .await?;
        found.sort_by_key(|r| r.created_at);
        Ok(found)
    }

    /// Opens a return case for `lines` of `order`.
    pub async fn request_return(
        &self,
        order: OrderId,
        lines: Vec<ReturnRequestLine>,
        note: Option<String>,
        actor: &str,
    ) -> Result<Uuid, StoreError> {
        let now = Utc::now();
        let id = ids::uuid_v7(now);
        let command = Command::RequestReturn(RequestReturn {
            id,
            order_id: order,
            lines,
            note,
        });
        self.execute(now, actor, move |_| command).await?;
        Ok(id)
    }

    /// Opens an exception by hand (a delay, damage, a lost parcel, an address problem,
    /// an oversell), optionally on an order; its SLA due time follows its kind.
    pub async fn open_exception(
        &self,
        kind: orderly_core::ExceptionKind,
        order: Option<OrderId>,
        detail: String,
        actor: &str,
    ) -> Result<Uuid, StoreError> {
        let now = Utc::now();
        let id = ids::uuid_v7(now);
        let command = Command::OpenException(orderly_core::after_sales::OpenException {
            id,
            kind,
            order_id: order,
            detail,
            owner: None,
        });
        self.execute(now, actor, move |_| command).await?;
        Ok(id)
    }
}
