#!/usr/bin/env bash
# Creates the harness venv (default .harness-venv at the top of the repo, or $HARNESS_VENV):
# the pinned oracle, Sphinx and the namespace packages of requirements.txt, every dependency
# pinned by constraints.txt. Prints the venv's path. Needs python3 and PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=${HARNESS_VENV:-$top/.harness-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" -c "$here/constraints.txt" >&2
echo "$venv"
