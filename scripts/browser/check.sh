#!/usr/bin/env bash
# The HTML page in a real browser. Renders the largest page the tests have and loads it in
# headless Chromium (Debian's chromium package), where probe.js checks:
#   - no horizontal overflow at 1280 and 390 px, with and without the page's script; at 390 px
#     no box that scrolls inside the page (the group list is part of it), and every option's
#     name breaks only after a `_`, `-` or `.`;
#   - the title (--title) in <title> and <h1>; more than three namespaces folded in the header;
#     no option naming its namespace on a page of one, nor in a group whose options all come
#     from one (the group names it once);
#   - a <nav> that links every group of the data to its section; every option of the data shown;
#   - typing an option's name into the search box leaves it and at most 9 others shown (the
#     sidebar too), a word of one option's help finds it, a generic word finds options by name
#     first and by help on request, clearing shows everything; #anchor and ?q= addresses work;
#     what matched is marked (<mark>) in the shown names and help, and only what the latest
#     search matched;
#   - every `#` link resolves;
#   - without the script (a sandboxed frame) every option is shown and the search box is not;
#   - the Content-Security-Policy lets the page's own style and script apply and run, and
#     neither a script added to the page nor markup written through innerHTML.
# It prints what it measured (page heights, searches) and exits 1 when a check fails.
#
# The page: nova 34's (tests/fixtures/services/2026.2/nova/nova-config-generator/data.yaml) when the
# repository has it, else every namespace of tests/fixtures/namespaces/ imported and generated
# together; or the oslo machine-readable data files given as arguments. A second page, of the
# first namespace alone, is checked for what a page of one namespace shows.
#
# Usage: scripts/browser/check.sh [--screenshots] [DATA.yaml...]
#   --screenshots  also writes docs/images/html-1280.png, html-390.png and html-search-dark.png
# Environment: CONFSPEC_BIN (default: a release build of this checkout), CHROMIUM (default:
# chromium on the PATH). Needs python3 (a local HTTP server, so that the probe may look into
# the page).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

screenshots=0
if [ "${1:-}" = "--screenshots" ]; then
  screenshots=1
  shift
fi
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "check.sh: chromium not found (apt-get install chromium)" >&2
  exit 2
fi
bin=${CONFSPEC_BIN:-}
if [ -z "$bin" ]; then
  (cd "$top" && cargo build --release -q)
  bin=$top/target/release/confspec
fi

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

nova=$top/tests/fixtures/services/2026.2/nova/nova-config-generator/data.yaml
title="Configuration reference of the browser check"
if [ $# -gt 0 ]; then
  data=("$@")
elif [ -f "$nova" ]; then
  data=("$nova")
  title="nova: configuration reference"
else
  data=("$top"/tests/fixtures/namespaces/*/data.yaml)
fi
mkdir "$work/specs"
n=0
for file in "${data[@]}"; do
  n=$((n + 1))
  "$bin" import "$file" --output-dir "$work/specs/$n" >/dev/null
done
specs=("$work"/specs/*/*.yaml)
"$bin" generate "${specs[@]}" --format html --title "$title" -o "$work/page.html"
"$bin" generate "${specs[0]}" --format html -o "$work/page-one.html"
"$bin" generate "${specs[@]}" --format json -o "$work/data.json"
cp "$here/probe.html" "$here/probe.js" "$work/"

# What the probe expects, from the machine-readable data: every group with options, every
# option, and the searches: names that few others contain (spread over the page), words of
# one option's help that no name holds, and a word many names hold.
python3 - "$work" "$title" "${#specs[@]}" <<'EOF'
import json, re, sys
work, title, namespaces = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = json.load(open(f"{work}/data.json"))["options"]
groups = ["DEFAULT"] + sorted(g for g in data if g != "DEFAULT")
options, names, helps = [], [], []
for g in groups:
    for o in data.get(g, {}).get("opts", []):
        old = " ".join(f"{d.get('group') or ''} {d.get('name') or ''}" for d in o.get("deprecated_opts") or [])
        options.append([g, o["dest"]])
        names.append(f"[{g}] {o['dest']} {old}".lower())
        helps.append(" ".join([o.get("help") or "", o.get("deprecated_reason") or ""]).lower())
groups = [g for g in groups if data.get(g, {}).get("opts")]
distinct = [d for _, d in options if sum(d.lower() in n for n in names) <= 3]
step = max(1, len(distinct) // 8)
probes = distinct[::step][:8]
words = {}
for i, h in enumerate(helps):
    for w in set(re.findall(r"[a-z]{10,}", h)):
        words.setdefault(w, set()).add(i)
rare = [w for w, where in sorted(words.items()) if len(where) == 1
        and not any(w in n for n in names) and sum(w in h for h in helps) == 1]
generic = max(["timeout", "enable", "name", "url", "host", "file"], key=lambda w: sum(w in n for n in names))
expected = {"title": title, "namespaces": namespaces, "groups": groups, "options": options, "probes": probes,
            "helpProbes": rare[:: max(1, len(rare) // 3)][:3], "generic": generic}
json.dump(expected, open(f"{work}/expected.json", "w"))
EOF

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work" >"$work/server.log" 2>&1 &
server=$!
port=
for _ in $(seq 50); do
  port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "check.sh: the local HTTP server did not start" >&2
  cat "$work/server.log" >&2
  exit 2
fi
url=http://127.0.0.1:$port

chrome() {
  timeout 300 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-extensions \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

# The probe, up to three times: on a loaded machine headless Chromium now and then dumps the
# page before the probe has run. The last try's browser log is shown if none finished.
probe_finished() {
  python3 -c '
import html, json, re, sys
m = re.search(r"<pre id=\"result\">(.*?)</pre>", open(sys.argv[1]).read(), re.S)
sys.exit(0 if m and m.group(1).startswith("{") and json.loads(html.unescape(m.group(1))).get("done") else 1)
' "$1"
}
for attempt in 1 2 3; do
  : >"$work/chromium.log"
  chrome --virtual-time-budget=60000 --dump-dom "$url/probe.html" >"$work/dom.html" || true
  probe_finished "$work/dom.html" && break
  echo "browser check: try $attempt: the probe did not finish" >&2
done
if ! probe_finished "$work/dom.html"; then
  grep -v 'dbus' "$work/chromium.log" | tail -20 >&2 || true
fi
python3 - "$work/dom.html" "$work/page.html" "${#specs[@]}" <<'EOF'
import html, json, os, re, sys
dom, page, namespaces = sys.argv[1], sys.argv[2], sys.argv[3]
m = re.search(r'<pre id="result">(.*?)</pre>', open(dom).read(), re.S)
result = json.loads(html.unescape(m.group(1))) if m and m.group(1).startswith("{") else None
if not result or not result.get("done"):
    print("browser check: the probe did not finish", file=sys.stderr)
    sys.exit(1)
f = result["facts"]
print(f"page: {f['options']} options in {f['groups']} groups from {namespaces} namespaces, "
      f"{os.path.getsize(page):,} bytes, {f.get('hashLinks', 0):,} # links")
for key, label in [("at1280", "1280 px"), ("at390", "390 px"), ("noScript1280", "1280 px, no script"),
                   ("noScript390", "390 px, no script")]:
    if key in f:
        v = f[key]
        print(f"  {label:>19}: height {v['height']:,} px, width {v['scrollWidth']} of {v['clientWidth']}")
if "namesAt390" in f:
    n = f["namesAt390"]
    print(f"  names at 390 px: {n['broken']:,} of {n['names']:,} on several lines, {n['midWord']} broken inside a word")
if "headerLines" in f:
    print(f"  folded namespaces: {f['headerLines']} lines (by width)")
for s in f.get("searches", []):
    print(f"  search {s['kind']:>4} {s['query']!r}: {s['shown']} shown ({s['found']})")
if "generic" in f:
    g = f["generic"]
    print(f"  search {g['query']!r}: {g['byName']} by name, {g['withHelp']} with help")
for failure in result["failures"]:
    print(f"FAILED: {failure}", file=sys.stderr)
if result["failures"]:
    sys.exit(1)
print("browser check: all checks passed")
EOF

if [ "$screenshots" = 1 ]; then
  mkdir -p "$top/docs/images"
  query=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["generic"])' "$work/expected.json")
  chrome --hide-scrollbars --window-size=1280,900 --virtual-time-budget=5000 \
    --screenshot="$top/docs/images/html-1280.png" "$url/page.html" >/dev/null
  chrome --hide-scrollbars --window-size=390,844 --virtual-time-budget=5000 \
    --screenshot="$top/docs/images/html-390.png" "$url/page.html" >/dev/null
  chrome --hide-scrollbars --window-size=1280,900 --virtual-time-budget=5000 --force-dark-mode \
    --screenshot="$top/docs/images/html-search-dark.png" "$url/page.html?q=$query" >/dev/null
  echo "screenshots: docs/images/html-1280.png, html-390.png, html-search-dark.png (?q=$query, dark)"
fi
