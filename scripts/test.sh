#!/usr/bin/env bash
# Runs every check and every test tier: format, lint, native tests, browser tests in
# headless Chromium, the release build and the end-to-end tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
started=$(date +%s)
scripts/bootstrap.sh

step "format (cargo fmt --check)"
cargo fmt --all --check

step "lint (clippy, native and wasm32)"
cargo clippy --workspace --all-targets --offline -- -D warnings
cargo clippy -p orderly --target wasm32-unknown-unknown --all-targets --offline -- -D warnings

step "native tests (cargo test --workspace)"
cargo test --workspace --offline

step "the core's benchmarks run (each once: criterion --test; measuring is cargo bench)"
cargo bench -p orderly-core --offline -- --test

step "the core stays pure (cargo tree -p orderly-core)"
if cargo tree -p orderly-core --offline --prefix none | grep -E '^(web-sys|js-sys|wasm-bindgen|leptos|tokio|rexie|idb|gloo)'; then
  echo "orderly-core must not depend on the crates above (DESIGN.md, principle 3)" >&2
  exit 1
fi
echo "no web-sys, js-sys, wasm-bindgen, leptos, tokio, rexie, idb or gloo"

step "reference server on loopback (for the browser sync tests)"
cargo build -p orderly-server --offline --quiet
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ORDERLY_TOKEN=e2e-token target/debug/orderly-server --addr "127.0.0.1:$port" --data "$work/server.sqlite" \
  >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health" || { cat "$work/server.log"; exit 1; }
echo
export ORDERLY_TEST_SERVER="http://127.0.0.1:$port"

step "browser tests (wasm-bindgen-test in headless Chromium)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120} \
  cargo test -p orderly --target wasm32-unknown-unknown --offline --test '*'

step "release build (trunk build --release)"
trunk build --release --offline
for f in dist/*.wasm dist/*.js; do
  printf '  %-48s %8d bytes, %7d gzip\n' "$f" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done

step "end-to-end tests (Playwright on dist/)"
node --test --test-concurrency=1 tests/e2e/

step "all tiers passed in $(( $(date +%s) - started )) s"
