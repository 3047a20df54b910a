//! The server over real HTTP on 127.0.0.1.

use orderly_server::{AppState, db, router};

async fn start() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("test.sqlite")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, router(AppState::new(conn)))
            .await
            .unwrap();
    });
    (base, dir)
}

#[tokio::test]
async fn health_reports_protocol_and_schema() {
    let (base, _dir) = start().await;
    let reply = reqwest::get(format!("{base}/health")).await.unwrap();
    assert_eq!(reply.status(), 200);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["protocol"], 1);
    assert_eq!(body["schema_version"], 1);
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let (base, _dir) = start().await;
    let reply = reqwest::get(format!("{base}/v0/nothing")).await.unwrap();
    assert_eq!(reply.status(), 404);
}
