#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) and prints, per target, how
# many inputs it ran and how many crashes, timeouts and out-of-memory inputs
# it found. Inputs that broke a property are left in fuzz/artifacts/TARGET/.
#
#   fuzz/run.sh [SECONDS]
#
# Environment:
#   FUZZ_TARGETS    targets to run, space-separated (default: all three)
#   FUZZ_SANITIZER  cargo-fuzz sanitizer (default: none; gloss is safe Rust,
#                   and AddressSanitizer cuts throughput about five-fold)
#
# Without a nightly toolchain or cargo-fuzz, and no way to install them, it
# says so and exits 0: fuzzing is extra assurance, not a gate for machines
# that cannot run it. A crash found exits 1.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
read -ra targets <<<"${FUZZ_TARGETS:-front_matter article site_yaml}"
sanitizer=${FUZZ_SANITIZER:-none}

skip() {
  echo "fuzz: skipped: $*"
  exit 0
}

if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: fuzz/run.sh SECONDS" >&2
  exit 2
fi
command -v cargo >/dev/null 2>&1 || skip "cargo is not installed"
command -v rustup >/dev/null 2>&1 || skip "rustup is not installed, so there is no nightly toolchain"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal >/dev/null 2>&1 ||
    skip "no nightly toolchain, and it could not be installed"
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked >/dev/null 2>&1 ||
    skip "cargo-fuzz is not installed, and it could not be installed"
fi

cd "$here" || exit 1
# Debug assertions on: overflow checks find bugs that release builds hide.
flags=(--sanitizer "$sanitizer" --debug-assertions)
echo "fuzz: building ${targets[*]}"
if ! cargo +nightly fuzz build "${flags[@]}" >build.log 2>&1; then
  tail -n 30 build.log
  echo "fuzz: the fuzz targets do not build (full log: fuzz/build.log)"
  exit 1
fi

# A small generated site (the workspace's corpus generator, benches/corpus):
# articles with tables, lists, quotes, terms and @slug links, and entities
# with roles, beside the example site's hand-written ones.
generated="$here/target/seed-site"
if ! cargo run -q --release --manifest-path "$root/Cargo.toml" -p gloss-corpus -- \
  --format gloss "$generated" --articles 12 --entities 30 --seed 7 >/dev/null; then
  echo "fuzz: the corpus generator failed"
  exit 1
fi

# The seed corpus: the example site's and the generated site's files, as they
# are and (for the article target) as bare bodies, plus hand-written inputs
# from fuzz/seeds/TARGET.
seed() {
  local target=$1 dir="$here/corpus/$1"
  mkdir -p "$dir"
  case $target in
    front_matter)
      find "$root/content" "$generated/content" -name '*.md' -print0 |
        while IFS= read -r -d '' f; do cp "$f" "$dir/seed-$(basename "$f")"; done
      ;;
    article)
      for f in "$root"/content/articles/*.md "$root"/content/about.md \
        "$generated"/content/articles/*.md; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/seed-$(basename "$f")"
        # The body alone goes under the target's own front matter.
        awk 'n >= 2 { print } /^---[[:space:]]*$/ && n < 2 { n++ }' "$f" \
          >"$dir/seed-body-$(basename "$f")"
      done
      ;;
    site_yaml)
      [ -f "$root/site.yaml" ] && cp "$root/site.yaml" "$dir/seed-site.yaml"
      ;;
  esac
  if [ -d "$here/seeds/$target" ]; then
    for f in "$here/seeds/$target"/*; do
      [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
    done
  fi
}

status=0
summary=()
for target in "${targets[@]}"; do
  seed "$target"
  artifacts="$here/artifacts/$target"
  mkdir -p "$artifacts"
  log="$artifacts/run.log"
  before=$(find "$artifacts" -type f ! -name run.log | sort)
  echo "fuzz: $target for ${seconds}s (log: fuzz/artifacts/$target/run.log)"
  # -fork=1 runs the target in a child process that is restarted after a
  # crash, so one run reports every distinct crash it meets, not the first.
  cargo +nightly fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -max_len=16384 \
    -dict=gloss.dict -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    >"$log" 2>&1
  # Fork mode prints "#EXECS: cov: ... oom/timeout/crash: O/T/C time: ...".
  last=$(grep -E '^#[0-9]+: ' "$log" | tail -n 1)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  counts=$(grep -oE 'oom/timeout/crash: [0-9]+/[0-9]+/[0-9]+' <<<"$last" | awk '{print $2}')
  IFS=/ read -r ooms timeouts crashes <<<"${counts:-0/0/0}"
  new=$(comm -13 <(echo "$before") <(find "$artifacts" -type f ! -name run.log | sort) | sed '/^$/d')
  line=$(printf '%-13s %10s executions  %s crashes  %s timeouts  %s ooms' \
    "$target" "${execs:-?}" "${crashes:-0}" "${timeouts:-0}" "${ooms:-0}")
  summary+=("$line")
  if [ -n "$new" ]; then
    status=1
    while IFS= read -r f; do summary+=("    ${f#"$root"/}"); done <<<"$new"
  elif [ -z "$last" ]; then
    status=1
    summary+=("    no statistics in the log; its end:")
    while IFS= read -r l; do summary+=("    | $l"); done < <(tail -n 15 "$log")
  fi
done

echo
echo "fuzz: ${seconds}s per target, sanitizer $sanitizer"
printf '%s\n' "${summary[@]}"
if [ $status -ne 0 ]; then
  echo "fuzz: found problems; replay one with"
  echo "  cd fuzz && cargo +nightly fuzz run ${flags[*]} TARGET artifacts/TARGET/FILE"
fi
exit $status
