#!/usr/bin/env bash
# Sets up what is missing, builds the console (release) and serves it on
# http://127.0.0.1:8080 — standalone: IndexedDB only, demo orders on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/bootstrap.sh
step "building the console (trunk build --release)"
trunk build --release --offline
step "serving dist/"
exec node scripts/serve.mjs dist "${PORT:-8080}"
