#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/fuzz_targets): the spec loader, the oslo-data importer, the
# INI reader (with validate and upgrade), the help-text converter to Markdown and HTML and the
# template engine, each seeded from the test corpus (the template engine from the embedded
# templates).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 600 seconds, every target
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is stable, so the
# nightly-only sanitizer flags are enabled with RUSTC_BOOTSTRAP=1. Crashes land in
# fuzz/artifacts/<target>/; each becomes a regression test (tests/fuzz_regressions.rs).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(spec_loader oslo_import ini_reader help_markup template_engine)
export RUSTC_BOOTSTRAP=1
cd "$top/fuzz"
cargo fuzz build -O >&2

seed() {
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "corpus/$target/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
}
seed spec_loader "$top"/specs/*.yaml "$top"/specs/sets/*.yaml "$top"/tests/specs/*.yaml "$top"/tests/specs/diff/*.yaml
seed oslo_import "$top"/tests/fixtures/namespaces/*/data.yaml "$top"/tests/fixtures/namespaces/*/data.json
seed ini_reader "$top"/tests/configs/*.conf "$top"/tests/ini-corpus/*.conf "$top"/tests/fixtures/generator/*.conf
# Each distinct help text of the services' oslo data, one file each.
mkdir -p corpus/help_markup
python3 - "$top"/tests/fixtures/services/*/namespaces/*/data.json <<'PY'
import hashlib, json, sys
for path in sys.argv[1:]:
    for group in json.load(open(path))["options"].values():
        for help in [group.get("help")] + [o.get("help") for o in group["opts"]]:
            if help:
                name = hashlib.sha1(help.encode()).hexdigest()[:16]
                open(f"corpus/help_markup/seed-{name}", "w").write(help)
PY
# A template_engine input's first byte picks the template it replaces, in the order of
# `TEMPLATES` (src/render/engine.rs), modulo their number (15 more, never a NUL): each
# embedded template seeds as itself.
mkdir -p corpus/template_engine
i=0
for name in $(grep -o '^    ("[a-z-]*\.hbs"' "$top/src/render/engine.rs" | tr -d ' ("'); do
  { printf "\\$(printf %03o $((i + 15)))"; cat "$top/templates/$name"; } > "corpus/template_engine/seed-$name"
  i=$((i + 1))
done

for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s" >&2
  cargo fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 \
    | tee "$top/target/fuzz-$target.log" | grep -E "^(#[0-9]+ +DONE|stat::|==|SUMMARY|Done)" || true
done
