#!/usr/bin/env bash
# Regenerates tests/fixtures/services/ from the services venv (see setup.sh), then checks that
# the realistic configs of tests/configs/services/ load cleanly in oslo.config with the
# services' own option registrations (check_configs.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/setup.sh")
"$venv/bin/python" "$here/make_fixtures.py"
"$venv/bin/python" "$here/check_configs.py"
