#!/usr/bin/env bash
# The differential test of `confspec generate --format python` (scripts/python/check.py): for
# the glance spec, tests/specs/*.yaml and every fixture namespace, the generated module, loaded
# by the real oslo-config-generator through an `oslo.config.opts` entry point, must print what
# confspec prints from the spec (ini, --wrap-width 79, --summarize, --minimal, json, rst), and
# its register_opts() must register exactly what its list_opts() lists. Then flake8 (pinned in
# requirements.txt) over every generated module.
#
# CONFSPEC is the binary to test (default: target/debug/confspec, built if missing). The
# oracle venv is scripts/oracle/setup.sh's ($ORACLE_VENV), flake8's $FLAKE8_VENV (default
# .flake8-venv). Without the oracle (PyPI unreachable) it warns and exits 0; without flake8 it
# runs the comparison, then warns. --plant drops one attribute from the glance module first,
# to show the comparison catching it (exit 1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
confspec=${CONFSPEC:-$top/target/debug/confspec}
if [ ! -x "$confspec" ]; then
  (cd "$top" && cargo build -q)
fi
if ! venv=$("$top/scripts/oracle/setup.sh"); then
  echo "warning: could not build the oracle venv (PyPI unreachable?); skipped the Python module check" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$here/check.py" "$confspec" "$work/check" "$@"
flake8_venv=${FLAKE8_VENV:-$top/.flake8-venv}
if [ ! -x "$flake8_venv/bin/flake8" ]; then
  python3 -m venv "$flake8_venv" >&2
  if ! "$flake8_venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2; then
    echo "warning: could not install flake8 (PyPI unreachable?); skipped flake8 on the generated modules" >&2
    exit 0
  fi
fi
# The modules confspec wrote (the harness's stand-in types are not confspec's).
modules=$(find "$work/check" -path '*/confspec_generated/*.py' ! -name standins.py ! -name __init__.py | sort)
count=$(echo "$modules" | wc -l)
# shellcheck disable=SC2086
"$flake8_venv/bin/flake8" --isolated --max-line-length 79 $modules
echo "flake8 $("$flake8_venv/bin/flake8" --version | head -1): $count generated modules clean"
