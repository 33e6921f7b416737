#!/usr/bin/env bash
# The ingress's request path in process (ForwardingPathBenchmark, BenchmarkDotNet, [MemoryDiagnoser]), before and after:
# builds this benchmark in the working tree and, with BENCH_BASELINE=REV (a git revision, e.g. main), in a temporary
# worktree of that revision (this folder copied into it: the benchmark only uses APIs both have), then runs the two
# alternately ROUNDS times and prints each run's mean time and bytes per request, the medians and the ratios.
# Usage: BENCH_BASELINE=main bench/Forwarding/run.sh [ROUNDS=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds=${1:-2}; baseline=${BENCH_BASELINE:-}
root=$PWD
# shellcheck source=../lib.sh
source bench/lib.sh
bench_init
cleanup_worktree() { [ -n "${base_tree:-}" ] && git -C "$root" worktree remove --force "$base_tree" >/dev/null 2>&1 || true; bench_cleanup; }
trap cleanup_worktree EXIT

build() { # build TREE OUT
  dotnet build "$1/bench/Forwarding" -c Release -o "$2" -v q --nologo >/dev/null
}
echo "# building the candidate ($(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'))" >&2
build "$root" "$work/candidate"
if [ -n "$baseline" ]; then
  base_tree="$work/baseline-tree"
  git worktree add --detach "$base_tree" "$baseline" >/dev/null 2>&1
  rm -rf "$base_tree/bench/Forwarding" && cp -r "$root/bench/Forwarding" "$base_tree/bench/Forwarding"
  grep -q 'Forwarding/\*\*' "$base_tree/bench/GatewayMesh.Bench.csproj" || sed -i 's#<ItemGroup>#<ItemGroup><Compile Remove="Forwarding/**" />#' "$base_tree/bench/GatewayMesh.Bench.csproj"
  echo "# building the baseline ($baseline = $(git rev-parse --short "$baseline"))" >&2
  build "$base_tree" "$work/baseline"
fi

# run NAME DIR: one BenchmarkDotNet run; prints "NAME case mean_ns bytes" lines from its CSV report.
run() {
  local out="$work/results-$1-$RANDOM"
  (cd "$work" && dotnet "$2/gatewaymesh-bench-forwarding.dll" --artifacts "$out" >"$out.log" 2>&1) || { tail -20 "$out.log" >&2; return 1; }
  python3 - "$1" "$out"/results/*-report.csv <<'PY'
import csv, sys, re
name, path = sys.argv[1], sys.argv[2]
def num(v):
    v = v.replace(',', '').strip()
    m = re.match(r'([0-9.]+)\s*(ns|μs|us|ms|s|B|KB|MB)?', v)
    if not m: return float('nan')
    x = float(m.group(1)); u = m.group(2) or ''
    return x * {'ns':1,'μs':1e3,'us':1e3,'ms':1e6,'s':1e9,'B':1,'KB':1024,'MB':1024*1024,'':1}[u]
for row in csv.DictReader(open(path)):
    print(name, row['Method'].strip("'").replace(' ', '_'), '%.0f' % num(row['Mean']), '%.0f' % num(row['Allocated']))
PY
}

results="$work/all.txt"; : > "$results"
for i in $(seq 1 "$rounds"); do
  if [ -n "$baseline" ]; then
    if [ $((i % 2)) = 1 ]; then order="baseline candidate"; else order="candidate baseline"; fi
  else order="candidate"; fi
  for who in $order; do
    echo "# round $i: $who" >&2
    run "$who" "$work/$who" | tee -a "$results"
  done
done

echo
printf '%-10s %-26s %12s %12s\n' who case "median ns" "median B"
for who in baseline candidate; do
  for c in $(awk -v w="$who" '$1==w {print $2}' "$results" | sort -u); do
    ns=$(awk -v w="$who" -v c="$c" '$1==w && $2==c {print $3}' "$results" | median)
    b=$(awk -v w="$who" -v c="$c" '$1==w && $2==c {print $4}' "$results" | median)
    printf '%-10s %-26s %12s %12s\n' "$who" "$c" "$ns" "$b"
    echo "$who $c $ns $b" >> "$work/medians.txt"
  done
done
if [ -n "$baseline" ]; then
  echo; echo "candidate / baseline:"
  for c in $(awk '{print $2}' "$work/medians.txt" | sort -u); do
    awk -v c="$c" '$2==c {v[$1" ns"]=$3; v[$1" B"]=$4} END { if (v["baseline ns"]>0) printf "  %-26s time %.2fx   bytes %.2fx (%d -> %d B)\n", c, v["candidate ns"]/v["baseline ns"], (v["baseline B"]>0 ? v["candidate B"]/v["baseline B"] : 0), v["baseline B"], v["candidate B"] }' "$work/medians.txt"
  done
fi
