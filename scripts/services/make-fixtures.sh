#!/usr/bin/env bash
# Regenerates tests/fixtures/services/<series>/ for each series of releases.py from its venv
# (see setup.sh), then checks that the realistic configs of tests/configs/services/ load
# cleanly in oslo.config with the newest services' own option registrations
# (check_configs.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=$("$here/setup.sh")
mapfile -t series < <(python3 "$here/releases.py" series)
# The folder holds only what this script writes: a series left out of releases.py goes.
for folder in "$top"/tests/fixtures/services/*; do
  if [ -e "$folder" ] && ! printf '%s\n' "${series[@]}" | grep -qxF "$(basename "$folder")"; then
    rm -rf "$folder"
  fi
done
for s in "${series[@]}"; do
  "$root/$s/bin/python" "$here/make_fixtures.py" "$s"
done
"$root/${series[0]}/bin/python" "$here/check_configs.py"
