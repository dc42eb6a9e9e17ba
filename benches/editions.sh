#!/usr/bin/env bash
# Editions benchmark: the same corpus built in one edition (English) and in
# three (English, Arabic, Spanish: every article and entity translated), and
# the ratio of the two builds' times. The target is three editions in at most
# 3.3 times the time of one.
#
#   benches/editions.sh [options] [SIZE ...]        (default size: 10000)
#
# Options:
#   --runs N        timed runs of each build (default 5)
#   --languages L   the editions of the second site (default en,ar,es)
#   --work DIR      generated sites, outputs and results
#                   (default ${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench/work)
#   --regen         regenerate the sites even if a cached copy matches
#
# Needs cargo, python3 and hyperfine (installed with apt-get if missing). The
# sites come from the workspace's generator: `gloss-corpus --format gloss`
# and the same with `--languages en,ar,es`. Each is built once untimed first,
# which must succeed without a warning. Prints a Markdown table at the end
# (also written to WORK/results/editions.md).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench

runs=5
languages=en,ar,es
work="$cache/work"
regen=0
sizes=()

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --languages) languages=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --regen) regen=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "size must be a number of articles: $n" >&2; exit 2; }
done
editions=$(echo "$languages" | tr ',' '\n' | wc -l)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y hyperfine || { $sudo apt-get update && $sudo apt-get install -y hyperfine; }
fi

log "cargo build --release"
(cd "$repo" && cargo build --release --quiet -p gloss -p gloss-corpus)
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' ||
    echo "$repo/target")
gloss="$target_dir/release/gloss"
gen="$target_dir/release/gloss-corpus"

mkdir -p "$work/sites" "$work/out" "$work/results"
work=$(cd "$work" && pwd)
results="$work/results"
gen_sum=$(cat "$repo/benches/corpus/Cargo.toml" "$repo"/benches/corpus/src/*.rs | sha256sum | cut -c1-16)

{
    echo "gloss: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown) ($gloss)"
    echo "hyperfine: $(hyperfine --version)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$results/editions-versions.txt" >&2

# Generates the site of N articles into DIR with the generator's extra
# arguments, unless a copy from the same generator and arguments is there.
generate() {
    local n=$1 dir=$2; shift 2
    # The stamp of an English-only site is compare.sh's, which shares it.
    local stamp="$dir.stamp" want="$gen_sum $n${*:+ $*}"
    if [ "$regen" = 0 ] && [ -d "$dir" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return
    fi
    log "generating $dir"
    rm -f "$stamp"
    "$gen" --format gloss "$dir" --articles "$n" "$@"
    echo "$want" >"$stamp"
}

# One untimed build, which must not warn; prints its HTML pages and files.
reference_build() {
    local site=$1 out=$2 log_file=$3
    rm -rf "$out"
    "$gloss" build --root "$site" --output "$out" --timings >"$log_file" 2>&1 || {
        cat "$log_file" >&2; echo "the build of $site failed" >&2; exit 1; }
    if grep -q 'warning' "$log_file"; then
        cat "$log_file" >&2; echo "the build of $site warned" >&2; exit 1
    fi
    echo "$(find "$out" -type f -name '*.html' | wc -l) html / $(find "$out" -type f | wc -l) files"
}

q() { printf '%q' "$1"; }

: >"$results/editions-rows.tsv"
for n in "${sizes[@]}"; do
    one="$work/sites/gloss-$n"
    many="$work/sites/gloss-$n-editions-$languages"
    generate "$n" "$one"
    generate "$n" "$many" --languages "$languages"
    out1="$work/out/editions-one-$n"
    outn="$work/out/editions-many-$n"

    log "$n articles: reference builds"
    pages1=$(reference_build "$one" "$out1" "$results/editions-timings-one-$n.txt")
    pagesn=$(reference_build "$many" "$outn" "$results/editions-timings-many-$n.txt")
    cat "$results/editions-timings-one-$n.txt" "$results/editions-timings-many-$n.txt" >&2

    log "$n articles: timing ($runs runs each)"
    hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$results/editions-$n.json" \
        -n "1 edition" -p "rm -rf $(q "$out1") && sync" \
        "$(q "$gloss") build --root $(q "$one") --output $(q "$out1")" \
        -n "$editions editions" -p "rm -rf $(q "$outn") && sync" \
        "$(q "$gloss") build --root $(q "$many") --output $(q "$outn")" >&2
    rm -rf "$out1" "$outn"

    python3 - "$results/editions-$n.json" "$n" "$pages1" "$pagesn" >>"$results/editions-rows.tsv" <<'EOF'
import json, sys
path, n, pages1, pagesn = sys.argv[1:]
one, many = json.load(open(path))["results"]
cpu = lambda r: r["user"] + r["system"]
for r, pages in ((one, pages1), (many, pagesn)):
    print("\t".join([n, r["command"], pages, f"{r['median']:.3f}", f"{r['min']:.3f}..{r['max']:.3f}",
                     f"{cpu(r):.2f}", f"{r['median'] / one['median']:.2f}", f"{cpu(r) / cpu(one):.2f}"]))
EOF
done

{
    echo "| articles | site | pages written | median s | min..max s | CPU s (user+sys) | time / 1 edition | CPU / 1 edition |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$results/editions-rows.tsv"
    echo
    echo "Wall times from hyperfine ($runs runs after 1 warm-up, each into a fresh folder); ratios are of the medians"
    echo "(and of the mean CPU time). Target: $editions editions in at most 3.3 times the time of one."
} | tee "$results/editions.md"
