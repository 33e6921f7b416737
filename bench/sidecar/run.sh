#!/usr/bin/env bash
# Sidecar footprint at a fixed request rate, side by side in one run: RSS idle, RSS at RATE req/s, and vCPU per
# 1,000 req/s of each sidecar on the path  hey -> sidecar(client) outbound -> sidecar(app) inbound -> app (nginx).
# hey sends through the client sidecar's outbound port as its HTTP proxy (-x), exactly as a mesh app does with
# HTTP_PROXY; the client sidecar routes host "app" to the app sidecar's inbound port; that one forwards to the app.
# The load is constant (hey -q: RATE/10 req/s per worker, 10 workers), so the figures are per rate, not per maximum.
# Usage: bench/sidecar/run.sh [SECONDS=20] [RATE=1000] [ROUNDS=3]
# Without BENCH_BIN the sidecar is published natively (Native AOT, opt-in: -p:NativeSidecar=true; needs clang; see
# sidecar/README.md "Native AOT").
# Environment: BENCH_BIN=DIR uses DIR/{sidecar,registry} as already built; BENCH_BASELINE=DIR also runs a second pair
# of sidecars built into DIR (their rows are prefixed "base-"); rounds alternate candidate and baseline. A sidecar dir
# holding a native `gatewaymesh-sidecar` executable and no dll (a Native AOT publish) is run as that executable.
# BENCH_IDLE=SECONDS to settle before the idle reading (default 10). hey runs under `nice -n 5`.
# Needs `hey nginx-light redis-server` (Debian); everything listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib.sh
source bench/lib.sh
duration=${1:-20}; rate=${2:-1000}; rounds=${3:-3}; idle=${BENCH_IDLE:-10}; workers=10
BENCH_PACKAGES="hey nginx-light redis-server"; require_tools hey nginx redis-server
bench_init

bin=${BENCH_BIN:-$work/bin}; baseline=${BENCH_BASELINE:-}
if [ -z "${BENCH_BIN:-}" ]; then
  echo "# compiling the sidecar ahead of time (Native AOT) and building the registry (Release)" >&2
  case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
  dotnet publish sidecar -c Release -r "$rid" -p:NativeSidecar=true -o "$bin/sidecar" -v q --nologo >/dev/null
  dotnet build registry -c Release -o "$bin/registry" -v q --nologo >/dev/null
fi

up=$(free_port); redis=$(free_port); reg=$(free_port)
start_upstream "$up"
start_redis "$redis"
sleep 0.5
dotnet "$bin/registry/gatewaymesh-registry.dll" --urls "http://127.0.0.1:$reg" --redis "127.0.0.1:$redis" --state-dir "$work/reg" >/dev/null 2>"$work/registry.log" & pids+=($!)
wait_http "http://127.0.0.1:$reg/healthz/ready"

declare -A ADMIN OUT PID
start_pair() { # label bin-dir app-service client-service
  local label=$1 dir=$2 service=$3 client=$4 in out admin cin cout cadmin
  in=$(free_port); out=$(free_port); admin=$(free_port); cin=$(free_port); cout=$(free_port); cadmin=$(free_port)
  # shellcheck disable=SC2046
  $(sidecar_cmd "$dir") --service "$service" --version v1 --app-port "$up" --inbound-port "$in" --outbound-port "$out" --admin-port "$admin" \
    --registry "http://127.0.0.1:$reg" --registry-token-file "$work/reg/registry.token" --redis "127.0.0.1:$redis" >/dev/null 2>"$work/$label-app.log" & pids+=($!)
  PID[$label-app]=$!; ADMIN[$label-app]=$admin
  # Nothing is sent to the client service; its app port names the same app only because readiness probes it.
  $(sidecar_cmd "$dir") --service "$client" --version v1 --app-port "$up" --inbound-port "$cin" --outbound-port "$cout" --admin-port "$cadmin" \
    --registry "http://127.0.0.1:$reg" --registry-token-file "$work/reg/registry.token" --redis "127.0.0.1:$redis" >/dev/null 2>"$work/$label-client.log" & pids+=($!)
  PID[$label-client]=$!; ADMIN[$label-client]=$cadmin; OUT[$label]=$cout
}
labels="new"; start_pair new "$bin" app client
[ -n "$baseline" ] && { labels="new base"; start_pair base "$baseline" app-base client-base; }
host_of() { [ "$1" = new ] && echo app || echo app-base; }
for l in $labels; do
  for s in app client; do
    wait_http "http://127.0.0.1:${ADMIN[$l-$s]}/healthz/ready" || { echo "$l $s sidecar log:" >&2; tail -20 "$work/$l-$s.log" >&2; exit 1; }
  done
  for _ in $(seq 1 300); do curl -fs -o /dev/null -x "127.0.0.1:${OUT[$l]}" "http://$(host_of "$l")/" && break; sleep 0.1; done
  curl -fsS -o /dev/null -x "127.0.0.1:${OUT[$l]}" "http://$(host_of "$l")/" || { echo "$l: no route through the sidecars" >&2; exit 1; }
done

sleep "$idle"
declare -A IDLE RSS VCPU RPS P99
for l in $labels; do for s in app client; do IDLE[$l-$s]=$(rss_mb "${PID[$l-$s]}"); done; done
hz=$(getconf CLK_TCK)
run() { # label
  local l=$1 out a0 a1 c0 c1 peak_a=0 peak_c=0 r rps
  a0=$(cpu_ticks "${PID[$l-app]}"); c0=$(cpu_ticks "${PID[$l-client]}")
  nice -n 5 hey -z "${duration}s" -c "$workers" -q $((rate / workers)) -x "http://127.0.0.1:${OUT[$l]}" "http://$(host_of "$l")/" > "$work/hey.out" &
  local hey_pid=$!
  while kill -0 "$hey_pid" 2>/dev/null; do # peak RSS during the run, sampled every second
    r=$(rss_mb "${PID[$l-app]}"); [ "$(echo "$r > $peak_a" | bc)" = 1 ] && peak_a=$r
    r=$(rss_mb "${PID[$l-client]}"); [ "$(echo "$r > $peak_c" | bc)" = 1 ] && peak_c=$r
    sleep 1
  done
  wait "$hey_pid" || true
  a1=$(cpu_ticks "${PID[$l-app]}"); c1=$(cpu_ticks "${PID[$l-client]}")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/hey.out")
  local bad; bad=$(awk '/Status code distribution/ {s=1; next} s && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); if ($1 != 200) n += $2 } END {print n+0}' "$work/hey.out")
  [ "$bad" != 0 ] && echo "  $l: $bad non-200 answers" >&2
  grep -q "Error distribution" "$work/hey.out" && { echo "  $l: errors:" >&2; sed -n '/Error distribution/,$p' "$work/hey.out" | head -5 >&2; }
  P99[$l]+="$(awk '/99% in/ {printf "%.2f", $3*1000}' "$work/hey.out") "; RPS[$l]+="$rps "
  # vCPU per 1,000 req/s = (CPU-seconds / wall seconds) / (req/s / 1000)
  VCPU[$l-app]+="$(echo "scale=4; ($a1-$a0)/$hz/$duration/($rps/1000)" | bc) "; VCPU[$l-client]+="$(echo "scale=4; ($c1-$c0)/$hz/$duration/($rps/1000)" | bc) "
  RSS[$l-app]+="$peak_a "; RSS[$l-client]+="$peak_c "
  printf "  %-5s %8s req/s  p99 %6s ms  vCPU/1k: app %s client %s  peak RSS: app %s MB client %s MB\n" "$l" "$rps" \
    "$(echo "${P99[$l]}" | awk '{print $NF}')" "$(echo "${VCPU[$l-app]}" | awk '{print $NF}')" "$(echo "${VCPU[$l-client]}" | awk '{print $NF}')" "$peak_a" "$peak_c" >&2
}
echo "# hey -c$workers -q$((rate / workers)) -z${duration}s through client sidecar -> app sidecar -> nginx, $rounds rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then for l in $labels; do run "$l"; done; else for l in $(echo "$labels" | tr ' ' '\n' | tac); do run "$l"; done; fi
done
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf "%-14s %8s %8s %12s %16s %14s\n" sidecar req/s p99_ms "RSS idle MB" "RSS at rate MB" "vCPU per 1k/s"
for l in $labels; do for s in app client; do
  printf "%-14s %8s %8s %12s %16s %14s\n" "$([ "$l" = base ] && echo base-)$s" "$(med "${RPS[$l]}")" "$(med "${P99[$l]}")" "${IDLE[$l-$s]}" "$(med "${RSS[$l-$s]}")" "$(med "${VCPU[$l-$s]}")"
done; done
echo "(app = the callee's sidecar: inbound to the app; client = the caller's sidecar: outbound; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exit 0
