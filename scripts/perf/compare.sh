#!/usr/bin/env bash
# Whole-process comparison with oslo-config-generator (see compare.py). Sets everything up
# first (setup.sh; the first run installs nova 34 and takes a few minutes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=$("$here/setup.sh")
"$top/scripts/oracle/setup.sh" >/dev/null   # the glance case uses the oracle plugins' nova 16 file
exec "$venv/bin/python" "$here/compare.py" "$venv" "$@"
