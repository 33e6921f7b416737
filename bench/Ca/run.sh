#!/usr/bin/env bash
# CA signing throughput on one core, side by side in one run:
#   (a) ca-sign: the sign path in process on one thread (parse+verify CSR, build+sign leaf, PEM), pinned to core 0;
#   (b) ca-http: the CA process pinned to core 0 (taskset -c 0), the load generator on core 1: CLIENTS concurrent
#       keep-alive HTTPS clients, each request a first issuance with a fresh bootstrap token.
# Prints every run and the median of RUNS, as wall-clock certs/s and as certs per CPU-second of the signing process
# (the second is what one core can do even when the machine is shared). The CA logs at Warning (no per-issuance console line); the audit log is on.
# Usage: bench/Ca/run.sh [SECONDS=5] [CLIENTS=16] [RUNS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-5}; clients=${2:-16}; runs=${3:-3}

# shellcheck source=../lib.sh
source bench/lib.sh
bench_init

echo "# building the CA and the bench (Release)" >&2
dotnet build ca -c Release -o "$work/bin/ca" -v q --nologo >/dev/null
dotnet build bench -c Release -o "$work/bin/bench" -v q --nologo >/dev/null

echo "## (a) in process, one thread on core 0"
taskset -c 0 dotnet "$work/bin/bench/gatewaymesh-bench.dll" ca-sign --seconds "$seconds" --runs "$runs"

echo "## (b) over HTTPS, CA pinned to core 0, $clients clients on core 1"
Logging__LogLevel__Default=Warning taskset -c 0 dotnet "$work/bin/ca/gatewaymesh-ca.dll" --dir "$work/ca" --port 0 \
  --rate-per-minute 100000000 --rate-burst 1000000 --max-tracked-tokens 2000000 > "$work/ca.out" 2> "$work/ca.err" & pids+=($!)
for _ in $(seq 1 300); do grep -q "ca listening on" "$work/ca.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^ca listening on //p' "$work/ca.out")
[ -n "$url" ] || { echo "the CA did not start:" >&2; cat "$work/ca.err" >&2; exit 1; }
taskset -c 1 dotnet "$work/bin/bench/gatewaymesh-bench.dll" ca-http --url "$url" --ca-dir "$work/ca" --clients "$clients" --seconds "$seconds" --runs "$runs" --ca-pid "${pids[-1]}"
echo "audit lines written: $(wc -l < "$work/ca/audit.jsonl")"
