#!/usr/bin/env bash
# Regenerates tests/fixtures/ from the harness venv (see setup.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/setup.sh")
"$venv/bin/python" "$here/make_fixtures.py"
