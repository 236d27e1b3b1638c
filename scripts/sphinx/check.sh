#!/usr/bin/env bash
# Builds one small docs project twice with Sphinx: with oslo.config's extensions
# (sphinxconfiggen and show-options over the namespaces installed from PyPI) and with
# confspec.sphinx (only their specs, imported from tests/fixtures), and fails unless the sample
# files are byte-identical and so are the pages' HTML. Needs python3 and PyPI.
# CONFSPEC_WHEEL: the wheel to install (default: one built from this checkout).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# oslo's side has the libraries that define the options; confspec's only confspec[sphinx]
# (Sphinx and oslo.config, for its Sphinx domain): no service, no library of it.
oslo_venv=$work/oslo-venv confspec_venv=$work/confspec-venv
python3 -m venv "$oslo_venv"
python3 -m venv "$confspec_venv"
constraints=$top/scripts/harness/constraints.txt
pip_install() { "$1/bin/pip" install -q --disable-pip-version-check -c "$constraints" "${@:2}"; }
pip_install "$oslo_venv" Sphinx oslo.config oslo.concurrency oslo.policy
wheel=${CONFSPEC_WHEEL:-}
if [ -z "$wheel" ]; then
  "$confspec_venv/bin/pip" wheel -q --disable-pip-version-check --no-deps -w "$work/wheel" "$top"
  wheel=$(echo "$work"/wheel/confspec-*.whl)
fi
# The wheel alone, then with Sphinx: importing the extension names the extra; then the extra.
python3 "$top/scripts/sphinx/check_extra.py" "$confspec_venv" "$wheel" "$constraints"

namespaces="oslo.concurrency oslo.policy"
for side in oslo confspec; do
  src=$work/$side
  mkdir -p "$src/specs"
  printf '[DEFAULT]\nwrap_width = 79\n' > "$src/gen.conf"
  for ns in $namespaces; do
    printf 'namespace = %s\n' "$ns" >> "$src/gen.conf"
  done
  cat > "$src/index.rst" <<'RST'
Configuration
=============

The lock path is :oslo.config:option:`oslo_concurrency.lock_path`; every option of the
generator config is in :doc:`generator`.

.. toctree::

   generator

.. show-options::

   oslo.concurrency
   oslo.policy
RST
  cat > "$src/generator.rst" <<'RST'
From the generator config
=========================

.. show-options::
   :config-file: gen.conf
RST
done
cat > "$work/oslo/conf.py" <<'PY'
project = 'demo'
extensions = ['oslo_config.sphinxconfiggen', 'oslo_config.sphinxext']
config_generator_config_file = 'gen.conf'
sample_config_basename = '_static/demo'
PY
cat > "$work/confspec/conf.py" <<'PY'
project = 'demo'
extensions = ['confspec.sphinx']
config_generator_config_file = 'gen.conf'
sample_config_basename = '_static/demo'
confspec_spec_dir = 'specs'
PY
for ns in $namespaces; do
  "$confspec_venv/bin/confspec" import "$top/tests/fixtures/namespaces/$ns/data.yaml" --output-dir "$work/confspec/specs.$ns" >/dev/null
  mv "$work/confspec/specs.$ns/$ns.yaml" "$work/confspec/specs/"
  rmdir "$work/confspec/specs.$ns"
done
for side in oslo confspec; do
  venv=$work/$side-venv
  # One build for the samples and the pages; the same options on two pages are expected.
  (cd "$work/$side" && "$venv/bin/sphinx-build" -q -b html -d "$work/$side-doctrees" . _build >/dev/null 2>"$work/$side.log") || {
    cat "$work/$side.log" >&2
    exit 1
  }
done
cmp "$work/oslo/_static/demo.conf.sample" "$work/confspec/_static/demo.conf.sample"
echo "sphinx: the sample files are byte-identical ($(wc -l < "$work/oslo/_static/demo.conf.sample") lines)"
for page in index generator; do
  diff -u "$work/oslo/_build/$page.html" "$work/confspec/_build/$page.html"
done
diff -u "$work/oslo.log" "$work/confspec.log"
echo "sphinx: both pages' HTML and the build's warnings are identical ($(grep -c 'oslo.config' "$work/oslo/_build/index.html") and $(grep -c 'oslo.config' "$work/oslo/_build/generator.html") lines naming oslo.config)"
