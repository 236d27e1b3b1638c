#!/usr/bin/env bash
# Whole-process comparison with oslo-config-generator (see compare.py). Sets everything up
# first (setup.sh; the first run installs nova 34 and takes a few minutes), builds the release
# binary (scripts/build-release.sh) and times it, with the plain `cargo build --release`
# binary (setup.sh builds it) beside it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=$("$here/setup.sh")
oracle_venv=$("$top/scripts/oracle/setup.sh")   # the glance case: nova 16's group, the pinned oracle
confspec=$("$top/scripts/build-release.sh")
exec "$venv/bin/python" "$here/compare.py" "$venv" "$oracle_venv" --confspec "$confspec" --plain "$top/target/release/confspec" "$@"
