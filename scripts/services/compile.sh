#!/usr/bin/env bash
# Compiles the shipped services' specs (specs/services/, written by make_specs.py) into
# specs/services.bin and its strings to specs/services.strings, the checked model the binary
# embeds (src/services.rs). Needs only cargo.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run -q --release --example compile-services -- specs/services specs/services.bin
