#!/usr/bin/env bash
# Creates the services venvs, one per series of releases.py, in one folder (default
# .services-venv at the top of the repo, or $SERVICES_VENV): <folder>/<series>/ holds the
# series' releases (releases.py) with the libraries their generator config files' namespaces
# need, on the pinned oracle (pins/<series>/requirements.txt), every dependency pinned by
# pins/<series>/constraints.txt: it fails when the venv holds anything else, so a release added
# to releases.py needs its dependencies pinned there (the message shows which). Downloads the
# releases' sdists into <folder>/<series>/sdist too: the generator config files
# (etc/nova/nova-config-generator.conf, etc/oslo-config-generator/*, ...) are not in the
# wheels. Prints the folder. Needs python3 and PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=${SERVICES_VENV:-$top/.services-venv}
mkdir -p "$root"
for series in $(python3 "$here/releases.py" series); do
  venv=$root/$series pins=$here/pins/$series
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
  fi
  mapfile -t releases < <(python3 "$here/releases.py" pins "$series")
  installed() { "$venv/bin/pip" freeze --disable-pip-version-check | LC_ALL=C sort -f; }
  normalized() { tr 'A-Z_' 'a-z-'; }
  # A venv that holds exactly the pins, releases included, has every requirement: no need to
  # ask PyPI again.
  if [ "$(installed)" != "$(LC_ALL=C sort -f "$pins/constraints.txt")" ] ||
     printf '%s\n' "${releases[@]}" | normalized |
       grep -qvxF -f <(normalized <"$pins/constraints.txt"); then
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$pins/requirements.txt" \
      -c "$pins/constraints.txt" "${releases[@]}" >&2
  fi
  if ! diff <(installed) <(LC_ALL=C sort -f "$pins/constraints.txt") >&2; then
    echo "$venv: what pip installed (<) differs from $pins/constraints.txt (>)" >&2
    exit 1
  fi
  for release in "${releases[@]}"; do
    package=${release%==*} version=${release#*==}
    if ! compgen -G "$venv/sdist/${package//-/[-_]}-$version.tar.gz" >/dev/null; then
      "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
        "$release" -d "$venv/sdist" >&2
    fi
  done
done
echo "$root"
