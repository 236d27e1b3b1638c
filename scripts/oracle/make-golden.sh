#!/usr/bin/env bash
# Regenerates every golden file under tests/golden/ from the pinned oracle (see setup.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/setup.sh")
export CONFSPEC_NOVA_GLANCE_PY="$venv/nova16/nova/conf/glance.py"
"$venv/bin/python" "$here/make_golden.py"
"$venv/bin/python" "$here/gen_textwrap_cases.py"
"$venv/bin/python" "$here/gen_pyyaml_cases.py"
"$venv/bin/python" "$here/make_ini_parity.py"
"$venv/bin/python" "$here/make_validate_cases.py"
