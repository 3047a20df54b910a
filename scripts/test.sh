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
