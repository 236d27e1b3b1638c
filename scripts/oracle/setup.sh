#!/usr/bin/env bash
# Creates the oracle venv (default .oracle-venv at the top of the repo, or $ORACLE_VENV) with
# the pinned oslo.config and keystoneauth1, and extracts nova 16's nova/conf/glance.py into it.
# Prints the venv's path. Needs python3 and PyPI.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
venv=${ORACLE_VENV:-$top/.oracle-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$top/scripts/oracle/requirements.txt" >&2
glance_py="$venv/nova16/nova/conf/glance.py"
if [ ! -f "$glance_py" ]; then
  tmp=$(mktemp -d)
  "$venv/bin/pip" download -q --disable-pip-version-check --no-deps nova==16.1.8 -d "$tmp" >&2
  "$venv/bin/python" - "$tmp"/nova-16.1.8-*.whl "$venv/nova16" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract('nova/conf/glance.py', sys.argv[2])
PY
  rm -rf "$tmp"
fi
echo "$venv"
