#!/usr/bin/env bash
# Regenerates keystoneauth1's auth-plugin option sets in specs/sets/ from the pinned oracle
# (see setup.sh and make_auth_sets.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/setup.sh")
"$venv/bin/python" "$here/make_auth_sets.py"
