#!/usr/bin/env bash
# Builds the page: web/dist/utfall.html, one self-contained file (HTML, CSS,
# JavaScript and the engine's WebAssembly inlined) that opens from file:// or
# any static host. Installs what is missing: the wasm32-unknown-unknown target
# (rustup) and wasm-bindgen-cli at the version of crates/utfall-web's
# wasm-bindgen. Needs node (for the inlining step, web/inline.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' crates/utfall-web/Cargo.toml)
[[ -n $version ]] || { echo "web/build.sh: no pinned wasm-bindgen version in crates/utfall-web/Cargo.toml" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "web/build.sh: adding the wasm32-unknown-unknown target" >&2
  rustup target add wasm32-unknown-unknown
fi

if [[ $(wasm-bindgen --version 2>/dev/null || true) != "wasm-bindgen $version" ]]; then
  echo "web/build.sh: installing wasm-bindgen-cli $version (a cold install takes a few minutes)" >&2
  # Without its default features: no TLS, which only its test runner's
  # downloads use. --locked pins its lockfile; when the registry lacks a
  # crate that lockfile names (it has happened: a yanked or newer
  # webpki-roots), the same version is resolved afresh.
  cargo install --locked --no-default-features wasm-bindgen-cli --version "$version" ||
    cargo install --no-default-features wasm-bindgen-cli --version "$version"
fi

target_dir=${CARGO_TARGET_DIR:-target}
cargo build --locked --quiet -p utfall-web --target wasm32-unknown-unknown --profile wasm
rm -rf web/dist/pkg
mkdir -p web/dist/pkg
wasm-bindgen --target no-modules --no-typescript --out-dir web/dist/pkg \
  "$target_dir/wasm32-unknown-unknown/wasm/utfall_web.wasm"
node web/inline.mjs
wasm=$(stat -c %s web/dist/pkg/utfall_web_bg.wasm)
html=$(stat -c %s web/dist/utfall.html)
echo "web/build.sh: web/dist/utfall.html ($html bytes; the engine's .wasm $wasm bytes)" >&2
