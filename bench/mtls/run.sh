#!/usr/bin/env bash
# The cost of mesh mTLS on the data path, side by side in one run: wrk (HTTP/1.1, keep-alive) -> ingress -> sidecar ->
# app (nginx, short body), the ingress -> sidecar hop in plaintext or in mTLS. The SAME ingress and sidecar serve both
# modes; the mode is switched through the registry before each run and both proxies are waited on (/debug/revision):
#   plain: DestinationRule `app` tls.mode DISABLE, mesh-wide PeerAuthentication PERMISSIVE;
#   mtls:  DestinationRule `app` tls.mode ISTIO_MUTUAL, mesh-wide PeerAuthentication STRICT (so plaintext would fail).
# Before each mode's runs it checks that the ingress's /debug/endpoints shows that tls mode for the sidecar, and under
# STRICT that a plaintext request to the sidecar's inbound port is refused. Both proxies get workload certificates
# from a real CA process (gatewaymesh-ca, temp --dir) with bootstrap tokens minted by `meshctl ca token`.
# ROUNDS rounds, the order alternating (plain,mtls / mtls,plain / ...), each run after WARMUP s of load; prints every
# run, the medians and mtls/plain ratios of requests/s, p99, and ingress+sidecar CPU-seconds per 1,000 requests. After
# each run it counts ingress -> sidecar TCP connections (established, and new TIME-WAITs during the run) as evidence of
# connection reuse (a handshake per request would show thousands).
# Usage: bench/mtls/run.sh [DURATION_S=10] [CONNECTIONS=32] [ROUNDS=3]
# Environment: BENCH_BIN=DIR uses DIR/{ingress,sidecar,registry,ca,cli} as already built (Release); BENCH_WARMUP=SECONDS
# (default 5). Needs `wrk nginx-light redis-server` (Debian) and `ss` (iproute2); everything listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib.sh
source bench/lib.sh
duration=${1:-10}; connections=${2:-32}; rounds=${3:-3}; threads=2; warmup=${BENCH_WARMUP:-5}
BENCH_PACKAGES="wrk nginx-light redis-server iproute2"; require_tools wrk nginx redis-server ss
bench_init

bin=${BENCH_BIN:-$work/bin}
if [ -z "${BENCH_BIN:-}" ]; then
  echo "# building the ingress, sidecar, registry, CA and meshctl (Release)" >&2
  for p in ingress sidecar registry ca cli; do dotnet build "$p" -c Release -o "$bin/$p" -v q --nologo >/dev/null; done
fi

up=$(free_port); redis=$(free_port); reg=$(free_port)
ing=$(free_port); ing_admin=$(free_port); sc_in=$(free_port); sc_out=$(free_port); sc_admin=$(free_port)
start_upstream "$up"
start_redis "$redis"
sleep 0.5
dotnet "$bin/registry/gatewaymesh-registry.dll" --urls "http://127.0.0.1:$reg" --redis "127.0.0.1:$redis" --state-dir "$work/reg" >/dev/null 2>"$work/registry.log" & pids+=($!)

# The CA: HTTPS on a free port, its state (root, token-signing key, trust-bundle.pem) in a temp dir.
dotnet "$bin/ca/gatewaymesh-ca.dll" --dir "$work/ca" --port 0 > "$work/ca.out" 2> "$work/ca.log" & pids+=($!)
for _ in $(seq 1 300); do grep -q "ca listening on" "$work/ca.out" 2>/dev/null && break; sleep 0.1; done
ca_url=$(sed -n 's/^ca listening on //p' "$work/ca.out")
[ -n "$ca_url" ] || { echo "the CA did not start:" >&2; cat "$work/ca.log" >&2; exit 1; }
mint() { # namespace service-account file: a one-use bootstrap token, owner-only
  (umask 077; dotnet "$bin/cli/meshctl.dll" ca token --ca-dir "$work/ca" --namespace "$1" --service-account "$2" --ttl 10m > "$3")
}
mint default app "$work/app.token"
mint istio-system istio-ingressgateway-service-account "$work/ingress.token"
ca_args=(--ca-address "$ca_url" --ca-root-file "$work/ca/trust-bundle.pem")

wait_http "http://127.0.0.1:$reg/healthz/ready"
token=$(cat "$work/reg/registry.token")
api() { curl -sS --fail-with-body -H "Authorization: Bearer $token" "$@"; }
apply() { api -H 'Content-Type: application/yaml' --data-binary @- "http://127.0.0.1:$reg/api/v1/apply"; }

apply >/dev/null <<YAML
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
  - route: [{destination: {host: app}}]
YAML

dotnet "$bin/ingress/gatewaymesh-ingress.dll" --http-port "$ing" --admin-port "$ing_admin" --redis "127.0.0.1:$redis" \
  "${ca_args[@]}" --ca-token-file "$work/ingress.token" >/dev/null 2>"$work/ingress.log" & pids+=($!); ing_pid=$!
$(sidecar_cmd "$bin") --service app --namespace default --service-account app --version v1 --app-port "$up" \
  --inbound-port "$sc_in" --outbound-port "$sc_out" --admin-port "$sc_admin" \
  --registry "http://127.0.0.1:$reg" --registry-token-file "$work/reg/registry.token" --redis "127.0.0.1:$redis" \
  "${ca_args[@]}" --ca-token-file "$work/app.token" >/dev/null 2>"$work/sidecar.log" & pids+=($!); sc_pid=$!
wait_http "http://127.0.0.1:$ing_admin/healthz/ready"; wait_http "http://127.0.0.1:$sc_admin/healthz/ready"

revision_of() { curl -fs "http://127.0.0.1:$1/debug/revision" | sed -E 's/.*"revision":([0-9]+).*/\1/'; } # {"revision": N, "loaded": ...}
wait_revision() { # admin-port revision
  local got
  for _ in $(seq 1 300); do got=$(revision_of "$1" || true); [ -n "$got" ] && [ "$got" -ge "$2" ] && return 0; sleep 0.1; done
  echo "proxy on admin port $1 did not reach revision $2 (has ${got:-none})" >&2; return 1
}

mode_now=""
set_mode() { # plain | mtls
  [ "$mode_now" = "$1" ] && return 0
  local tls=DISABLE peer=PERMISSIVE rev
  [ "$1" = mtls ] && { tls=ISTIO_MUTUAL; peer=STRICT; }
  rev=$(apply <<YAML | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])'
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: default}
spec:
  host: app
  trafficPolicy: {tls: {mode: $tls}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: $peer}
YAML
)
  wait_revision "$ing_admin" "$rev"; wait_revision "$sc_admin" "$rev"
  # Evidence that the mode is what it claims: the ingress's view of the sidecar endpoint, and STRICT refusing plaintext.
  local shown
  shown=$(curl -fs "http://127.0.0.1:$ing_admin/debug/endpoints" | python3 -c "
import json, sys
for e in json.load(sys.stdin)['endpoints']:
    if e['address'].endswith(':$sc_in'): print(e['tls'])" | sort -u | tr '\n' ' ')
  [ "$shown" = "$tls " ] || { echo "ingress /debug/endpoints shows tls '$shown' for the sidecar, expected $tls" >&2; exit 1; }
  if [ "$1" = mtls ]; then
    if curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$sc_in/"; then echo "STRICT: a plaintext request to the sidecar still succeeded" >&2; exit 1; fi
  else
    curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$sc_in/" || { echo "PERMISSIVE: a plaintext request to the sidecar failed" >&2; exit 1; }
  fi
  wait_http "http://127.0.0.1:$ing/"
  echo "  mode $1: revision $rev, ingress -> sidecar tls $tls, PeerAuthentication $peer (verified)" >&2
  mode_now=$1
}

# The client ends (ingress side) of ingress -> sidecar connections in TCP state $1, one a line, sorted.
conns() { ss -Htn state "$1" "( dport = :$sc_in )" | awk '{print $3}' | sort; }
hz=$(getconf CLK_TCK)
declare -A RPS P99 CPU ING
run() { # mode
  local mode=$1 out before after ing0 ing1 requests rps p99 cpu open0 open1 tw0 tw1 opened logs0 logs1
  set_mode "$mode"
  wrk -t$threads -c"$connections" -d"${warmup}s" "http://127.0.0.1:$ing/" >/dev/null 2>&1
  open0=$(conns established); tw0=$(conns time-wait); logs0=$(cat "$work/ingress.log" "$work/sidecar.log" | wc -l)
  before=$(cpu_ticks "$ing_pid" "$sc_pid"); ing0=$(cpu_ticks "$ing_pid")
  out=$(wrk -t$threads -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$ing/")
  after=$(cpu_ticks "$ing_pid" "$sc_pid"); ing1=$(cpu_ticks "$ing_pid"); open1=$(conns established); tw1=$(conns time-wait)
  logs1=$(cat "$work/ingress.log" "$work/sidecar.log" | wc -l)
  # Connections the ingress opened to the sidecar during the measured run (each one TLS handshake in mtls mode): those
  # open now that were not before, plus new TIME-WAIT ends that were not open before (opened and closed meanwhile; a
  # pooled connection of the other mode closing when idle is not counted).
  opened=$(( $(comm -13 <(echo "$open0" | grep .) <(echo "$open1" | grep .) | wc -l) \
    + $(comm -13 <(echo "$tw0" | grep .) <(echo "$tw1" | grep .) | comm -23 - <(echo "$open0" | grep .) | wc -l) ))
  grep -q 'Non-2xx\|Socket errors' <<<"$out" && { echo "$mode: errors during the run:" >&2; grep 'Non-2xx\|Socket errors' <<<"$out" >&2; }
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  cpu=$(echo "scale=4; ($after-$before)*1000/($hz*$requests)" | bc)
  RPS[$mode]+="$rps "; P99[$mode]+="$p99 "; CPU[$mode]+="$cpu "
  ING[$mode]+="$(echo "scale=4; ($ing1-$ing0)*1000/($hz*$requests)" | bc) "
  printf "  %-5s %10s req/s  p99 %8s ms  cpu_s/1k %s (ingress %s)  %s requests; ingress->sidecar: %s connections open, %s opened during the run; %s proxy log lines\n" \
    "$mode" "$rps" "$p99" "$cpu" "$(echo "${ING[$mode]}" | awk '{print $NF}')" "$requests" "$(echo "$open1" | grep -c . || true)" "$opened" "$((logs1 - logs0))" >&2
}

echo "# wrk -t$threads -c$connections -d${duration}s (warm-up ${warmup}s before each), $rounds rounds alternating; wrk, ingress, sidecar and app share the cores" >&2
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then run plain; run mtls; else run mtls; run plain; fi
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf "%-12s %12s %14s %16s %22s\n" mode "median req/s" "median p99_ms" "median cpu_s/1k" "of which ingress"
for m in plain mtls; do printf "%-12s %12s %14s %16s %22s\n" "$m" "$(med "${RPS[$m]}")" "$(med "${P99[$m]}")" "$(med "${CPU[$m]}")" "$(med "${ING[$m]}")"; done
printf "%-12s %12s %14s %16s %22s\n" mtls/plain \
  "$(echo "scale=3; $(med "${RPS[mtls]}")/$(med "${RPS[plain]}")" | bc)" \
  "$(echo "scale=3; $(med "${P99[mtls]}")/$(med "${P99[plain]}")" | bc)" \
  "$(echo "scale=3; $(med "${CPU[mtls]}")/$(med "${CPU[plain]}")" | bc)" \
  "$(echo "scale=3; $(med "${ING[mtls]}")/$(med "${ING[plain]}")" | bc)"
echo "throughput cost of mTLS: $(echo "scale=6; (1 - $(med "${RPS[mtls]}")/$(med "${RPS[plain]}"))*100" | bc | xargs printf '%.1f') % (goal: under 15 %)"
echo "CA audit lines (issuances and refusals): $(wc -l < "$work/ca/audit.jsonl")"
echo "most frequent proxy log lines (digits removed):"; cat "$work/ingress.log" "$work/sidecar.log" | tr -d '0-9' | sort | uniq -c | sort -rn | head -5
exit 0
