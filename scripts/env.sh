# Sourced by the scripts: the tool paths Trunk and the tests rely on.
# npm's wasm-opt (binaryen 132) must come before any other on PATH (Debian's breaks the app).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
