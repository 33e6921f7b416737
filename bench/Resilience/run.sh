#!/usr/bin/env bash
# Throughput and p99 of the resilience layer through one GatewayMesh ingress, side by side in one run:
#   /none/*    -> route with `retries: {attempts: 0}` and no timeout: no pipeline, straight to the forwarder
#   /default/* -> route with no retries block: Istio's default policy (2 retries) runs through its Polly pipeline
# Both go to the same fast upstream (nginx, short body). Runs alternate, REPS times each; prints every run, the medians
# and the ratio default/none. Everything listens on 127.0.0.1 and is stopped on exit.
# Usage: bench/Resilience/run.sh [DURATION_S=10] [CONNECTIONS=32] [REPS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
duration=${1:-10}; connections=${2:-32}; reps=${3:-3}; threads=2

# shellcheck source=../lib.sh
source bench/lib.sh
BENCH_PACKAGES="wrk nginx-light redis-server"; require_tools wrk nginx redis-server
bench_init

echo "# building the ingress and registry (Release)" >&2
for p in ingress registry; do dotnet build "$p" -c Release -o "$work/bin/$p" -v q --nologo >/dev/null; done

up=$(free_port); redis=$(free_port); reg=$(free_port); ing=$(free_port); ing_admin=$(free_port)
start_upstream "$up"
start_redis "$redis"
sleep 0.5
dotnet "$work/bin/registry/gatewaymesh-registry.dll" --urls "http://127.0.0.1:$reg" --redis "127.0.0.1:$redis" --state-dir "$work/reg" >/dev/null 2>"$work/registry.log" & pids+=($!)
wait_http "http://127.0.0.1:$reg/healthz/ready"
token=$(cat "$work/reg/registry.token")
api() { curl -sS --fail-with-body -H "Authorization: Bearer $token" "$@"; }

api -H 'Content-Type: application/yaml' --data-binary @- "http://127.0.0.1:$reg/api/v1/apply" >/dev/null <<YAML
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bench-gateway}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bench}
spec:
  hosts: ["*"]
  gateways: [bench-gateway]
  http:
  - match: [{uri: {prefix: /none}}]
    route: [{destination: {host: upstream}}]
    retries: {attempts: 0}
  - match: [{uri: {prefix: /default}}]
    route: [{destination: {host: upstream}}]
YAML
api -H 'Content-Type: application/json' -d "{\"instance\":{\"service\":\"upstream\",\"namespace\":\"default\",\"instanceId\":\"upstream-1\",\"address\":\"127.0.0.1\",\"port\":$up,\"labels\":{\"app\":\"upstream\",\"version\":\"v1\"}},\"leaseSeconds\":300}" "http://127.0.0.1:$reg/api/v1/instances" >/dev/null

dotnet "$work/bin/ingress/gatewaymesh-ingress.dll" --http-port "$ing" --https-port 0 --admin-port "$ing_admin" --redis "127.0.0.1:$redis" >/dev/null 2>"$work/ingress.log" & pids+=($!)
wait_http "http://127.0.0.1:$ing_admin/healthz/ready"
wait_http "http://127.0.0.1:$ing/none"; wait_http "http://127.0.0.1:$ing/default"
# /none has no pipeline, so it never carries a retries flag (a sanity check that the routes are what they claim).
curl -fs "http://127.0.0.1:$ing/none" -o /dev/null -D - | grep -qi '^x-gatewaymesh-retries' && { echo "/none retried?" >&2; exit 1; }

declare -A RPS P99
run() { # name url
  local name=$1 url=$2 out
  out=$(wrk -t$threads -c"$connections" -d"${duration}s" --latency "$url")
  local rps p99; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  grep -q 'Non-2xx' <<<"$out" && { echo "$name: non-2xx answers" >&2; grep 'Non-2xx' <<<"$out" >&2; }
  RPS[$name]+="$rps "; P99[$name]+="$p99 "
  echo "  $name: $rps req/s, p99 $p99 ms" >&2
}

echo "# wrk -t$threads -c$connections -d${duration}s, $reps alternating repetitions; wrk, ingress and upstream share the cores" >&2
wrk -t$threads -c"$connections" -d3s "http://127.0.0.1:$ing/none" >/dev/null 2>&1   # warm-up (JIT, pools)
wrk -t$threads -c"$connections" -d3s "http://127.0.0.1:$ing/default" >/dev/null 2>&1
for r in $(seq 1 "$reps"); do
  if [ $((r % 2)) = 1 ]; then run none "http://127.0.0.1:$ing/none"; run default "http://127.0.0.1:$ing/default"
  else run default "http://127.0.0.1:$ing/default"; run none "http://127.0.0.1:$ing/none"; fi
done

printf "%-28s %12s %10s\n" route "median req/s" "median p99_ms"
for n in none default; do
  printf "%-28s %12s %10s\n" "$n" "$(tr ' ' '\n' <<<"${RPS[$n]}" | grep . | median)" "$(tr ' ' '\n' <<<"${P99[$n]}" | grep . | median)"
done
rn=$(tr ' ' '\n' <<<"${RPS[none]}" | grep . | median); rd=$(tr ' ' '\n' <<<"${RPS[default]}" | grep . | median)
pn=$(tr ' ' '\n' <<<"${P99[none]}" | grep . | median); pd=$(tr ' ' '\n' <<<"${P99[default]}" | grep . | median)
echo "throughput default/none: $(echo "scale=4; $rd/$rn" | bc)   p99 default/none: $(echo "scale=3; $pd/$pn" | bc)"
