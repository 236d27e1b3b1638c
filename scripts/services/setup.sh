#!/usr/bin/env bash
# Creates the services venv (default .services-venv at the top of the repo, or $SERVICES_VENV):
# nova 34, cinder 29, glance 33, keystone 30 and neutron 29 with the libraries their generator
# config files' namespaces need, on the pinned oracle (requirements.txt), every dependency
# pinned by constraints.txt. Downloads their sdists into it too: the generator config files
# (etc/nova/nova-config-generator.conf, etc/oslo-config-generator/*, ...) are not in the
# wheels. Prints the venv's path. Needs python3 and PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
venv=${SERVICES_VENV:-$top/.services-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" -c "$here/constraints.txt" >&2
for sdist in nova-34.0.0 cinder-29.0.0 glance-33.0.0 keystone-30.0.0 neutron-29.0.0; do
  if [ ! -f "$venv/sdist/$sdist.tar.gz" ]; then
    "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
      "${sdist%-*}==${sdist##*-}" -d "$venv/sdist" >&2
  fi
done
echo "$venv"
