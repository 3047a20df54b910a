//! The standalone console: `index.html` loads this binary through Trunk.

fn main() {
    orderly::start_standalone();
}
