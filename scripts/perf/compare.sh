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
# The shipped nova is timed against the services venv it was made from, when it is there.
services=()
if services_venv=$("$top/scripts/services/setup.sh" 2>/dev/null); then
  services=(--services-venv "$services_venv")
fi
exec "$venv/bin/python" "$here/compare.py" "$venv" "$oracle_venv" --confspec "$confspec" --plain "$top/target/release/confspec" "${services[@]}" "$@"
