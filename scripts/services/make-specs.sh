#!/usr/bin/env bash
# Regenerates specs/services/ (the services confspec ships) from tests/fixtures/services/
# (make-fixtures.sh) with make_specs.py, which checks every file's specs against oslo's outputs
# in every variant. $CONFSPEC is the confspec that imports and renders (default: a release
# build of this checkout, made here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=$("$here/setup.sh")
if [ -z "${CONFSPEC:-}" ]; then
  cargo build --release --quiet --manifest-path "$top/Cargo.toml" >&2
  CONFSPEC=$top/target/release/confspec
fi
mapfile -t series < <(python3 "$here/releases.py" series)
CONFSPEC=$CONFSPEC "$root/${series[0]}/bin/python" "$here/make_specs.py"
