#!/usr/bin/env bash
# Load test of the preview server: wrk on loopback against `gloss serve` of a
# generated site, with a realistic mix of requests (an article, the index, an
# entity page and the stylesheet, in turn).
#
#   benches/load.sh [--articles N] [--duration S] [--work DIR] [--bin PATH]
#
#   1. 100 keep-alive connections for S seconds (default 10). Target: at least
#      5,000 requests/s, no errors, worst latency under 250 ms.
#   2. 500 connections for S seconds while an article is edited every 250 ms,
#      so the server rebuilds throughout. Target: no errors.
#
# Needs cargo (it builds the workspace's corpus generator, `gloss-corpus`),
# python3 and wrk (Debian's `wrk`, installed with apt-get if missing). Prints a
# table at the end and exits 1 when a target is missed.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
gen="$target/release/gloss-corpus"
articles=1000
duration=10
work=${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench/load
bin=""

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --articles) articles=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y wrk >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi
if [ -z "$bin" ]; then
    cargo build --release --manifest-path "$repo/Cargo.toml" -p gloss -p gloss-corpus >&2
    bin="$target/release/gloss"
else
    cargo build --release --manifest-path "$repo/Cargo.toml" -p gloss-corpus >&2
fi
# 500 connections need 500 descriptors on each side, and more while they churn.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

mkdir -p "$work"
site="$work/site-$articles"
"$gen" --format gloss "$site" --articles "$articles" >&2
article=$(cd "$site/content/articles" && ls | awk 'NR == 1')
entity=$(cd "$site/content/entities" && ls | awk 'NR == 1')
edited="$site/content/articles/$article"
echo "Edit 0 of the load test." >>"$edited"
paths="/articles/${article%.md}/ / /entities/${entity%.md}/ /gloss.css"

log="$work/serve.log"
"$bin" serve --root "$site" --port 0 >"$log" 2>&1 &
server=$!
edits=""
cleanup() {
    [ -z "$edits" ] || kill "$edits" 2>/dev/null || true
    kill -INT "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 200); do
    grep -q '^Serving ' "$log" && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
[ -n "$base" ] || { echo "serve did not start:" >&2; cat "$log" >&2; exit 1; }
for path in $paths; do
    python3 - "$base$path" <<'EOF' || exit 1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1]) as r:
    assert r.status == 200, (sys.argv[1], r.status)
EOF
done

lua="$work/mix.lua"
cat >"$lua" <<'EOF'
local paths = {}
for path in string.gmatch(os.getenv("GLOSS_PATHS"), "%S+") do paths[#paths + 1] = path end
local n = 0
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f requests=%d errors=%d connect=%d read=%d write=%d status=%d timeout=%d p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests / (summary.duration / 1e6), summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF

# Runs wrk and prints its RESULT line.
load() {
    local connections=$1
    GLOSS_PATHS="$paths" wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$lua" "$base/" | tee -a "$work/wrk.log" | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "Serving $site at $base; requests: $paths" >&2
steady=$(load 100)

rebuilds_before=$(grep -c '^Rendered' "$log" || true)
(
    i=1
    while true; do
        sed -i "s/^Edit [0-9]* of the load test\.$/Edit $i of the load test./" "$edited"
        i=$((i + 1))
        sleep 0.25
    done
) &
edits=$!
busy=$(load 500)
kill "$edits"
wait "$edits" 2>/dev/null || true
edits=""
sleep 0.5
rebuilds=$(($(grep -c '^Rendered' "$log" || true) - rebuilds_before))

row() {
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
        "$(field rps "$2")" "$(field errors "$2")" \
        "$(field p50 "$2")" "$(field p99 "$2")" "$(field max "$2")" "$3"
}
echo
echo "| run | requests/s | errors | p50 ms | p99 ms | max ms | rebuilds |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row "100 connections, ${duration} s" "$steady" 0
row "500 connections, ${duration} s, editing" "$busy" "$rebuilds"
echo
echo "errors by kind: 100 conns: $(sed 's/.*errors=[0-9]* \(.*\) p50.*/\1/' <<<"$steady"); 500 conns: $(sed 's/.*errors=[0-9]* \(.*\) p50.*/\1/' <<<"$busy")"

ok=1
awk -v r="$(field rps "$steady")" 'BEGIN { exit !(r >= 5000) }' || { echo "missed: 5,000 requests/s with 100 connections"; ok=0; }
[ "$(field errors "$steady")" = 0 ] || { echo "missed: no errors with 100 connections"; ok=0; }
awk -v m="$(field max "$steady")" 'BEGIN { exit !(m < 250) }' || { echo "missed: worst latency under 250 ms"; ok=0; }
[ "$(field errors "$busy")" = 0 ] || { echo "missed: no errors with 500 connections while rebuilding"; ok=0; }
[ "$rebuilds" -gt 0 ] || { echo "missed: no rebuild ran during the 500-connection run"; ok=0; }
[ $ok = 1 ] && echo "all targets met"
[ $ok = 1 ]
