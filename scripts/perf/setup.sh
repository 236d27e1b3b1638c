#!/usr/bin/env bash
# Prepares the performance comparison (a few minutes the first time: nova has many
# dependencies). Creates the venv (.perf-venv, or $PERF_VENV) and, under target/perf/:
#   specs/synthetic-{1000,10000,100000}.yaml and plugins/  (make_synthetic.py)
#   nova/nova-config-generator.conf   nova 34's own, writing nova.conf.sample here
#   nova/specs/                       every namespace of it, imported from the oracle's data
# Prints the venv's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=${PERF_VENV:-$top/.perf-venv}
out=$top/target/perf
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
(cd "$top" && cargo build --release -q >&2)
python3 "$here/make_synthetic.py" "$out" 1000 10000 100000 >&2
mkdir -p "$out/nova"
if [ ! -f "$out/nova/nova-config-generator.conf" ]; then
  tmp=$(mktemp -d)
  "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: nova==34.0.0 -d "$tmp" >&2
  tar xzf "$tmp"/nova-34.0.0.tar.gz -C "$tmp" nova-34.0.0/etc/nova/nova-config-generator.conf
  sed 's|^output_file = .*|output_file = nova.conf.sample|' "$tmp/nova-34.0.0/etc/nova/nova-config-generator.conf" > "$out/nova/nova-config-generator.conf"
  rm -rf "$tmp"
fi
(cd "$out/nova" && "$venv/bin/oslo-config-generator" --config-file nova-config-generator.conf --format yaml --output-file nova-data.yaml 2>/dev/null)
rm -rf "$out/nova/specs"
"$top/target/release/confspec" import "$out/nova/nova-data.yaml" --output-dir "$out/nova/specs" >&2
echo "$venv"
