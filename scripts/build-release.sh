#!/usr/bin/env bash
# Builds the release binary to ship (and to benchmark) and prints its path.
#
# On Linux with glibc it is linked statically and position-dependent: no dynamic loader, no
# shared libraries to map and no 19,000 start-up relocations to apply. That takes about a
# millisecond off every run (3.1 -> 2.1 ms for the glance sample on the benchmark machine),
# which for small specs is a third of the whole process (docs/performance.md). Elsewhere it
# is a plain `cargo build --release`.
#
# Static linking needs an explicit --target (rustc cannot build the proc-macro crates for a
# static host), so the binary lands in target/<host>/release/ rather than target/release/.
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
case "$host" in
  x86_64-unknown-linux-gnu)
    RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
      cargo build --release --locked --target "$host" >&2
    echo "$PWD/target/$host/release/confspec"
    ;;
  *)
    cargo build --release --locked >&2
    echo "$PWD/target/release/confspec"
    ;;
esac
