//! `cargo run -p orderly-server [-- --addr 127.0.0.1:8787 --data orderly-server.sqlite]`
//! Set `ORDERLY_TOKEN` to require `Authorization: Bearer <token>` on `/v1/*`.

use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut addr: SocketAddr = "127.0.0.1:8787".parse()?;
    let mut data = PathBuf::from("orderly-server.sqlite");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => addr = value.parse()?,
            "--data" => data = value.into(),
            other => return Err(format!("unknown option {other} (use --addr, --data)").into()),
        }
    }
    let conn = orderly_server::db::open(&data)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "orderly-server listening on http://{} (data: {})",
        listener.local_addr()?,
        data.display()
    );
    let mut state = orderly_server::AppState::new(conn);
    match std::env::var("ORDERLY_TOKEN") {
        Ok(token) if !token.is_empty() => state = state.with_token(token),
        _ => {
            eprintln!("ORDERLY_TOKEN is not set: /v1 is open to anyone who can reach this address")
        }
    }
    axum::serve(listener, orderly_server::router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
