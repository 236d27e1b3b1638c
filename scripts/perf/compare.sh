#!/usr/bin/env bash
# Whole-process comparison with oslo-config-generator (see compare.py). Sets everything up
# first (setup.sh; the first run installs nova 34 and takes a few minutes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=$("$here/setup.sh")
oracle_venv=$("$top/scripts/oracle/setup.sh")   # the glance case: nova 16's group, the pinned oracle
exec "$venv/bin/python" "$here/compare.py" "$venv" "$oracle_venv" "$@"
