#!/usr/bin/env bash
# Side-by-side HTTP benchmark, driven by wrk, against one fixed fast upstream (nginx returning a short body):
#   direct (the limit) | nginx as a reverse proxy | haproxy | GatewayMesh ingress | ingress -> sidecar -> app
# Reports requests/s, p50/p99 latency, the proxy's RSS and its CPU-seconds per 1,000 requests, each as a ratio to nginx.
# Everything listens on 127.0.0.1 only. Usage: bench/http/run.sh [DURATION_S=10] [CONNECTIONS=32]
# Environment: BENCH_BIN=DIR uses DIR/{ingress,sidecar,registry} as already built (Release) instead of building;
# BENCH_BASELINE=DIR also runs a second ingress and sidecar built into DIR (e.g. from main), adding "base-" rows, so a
# change is compared with its baseline inside one run (on a shared machine, runs minutes apart are not comparable);
# BENCH_WARMUP=SECONDS of load before each measured run (default 5: .NET compiles hot code again, optimized, in the
# first seconds under load; a proxy runs for hours, so the figures are for the steady state).
# BENCH_TELEMETRY=1 measures only the cost of telemetry (issue 13): a second ingress of the same build, labelled
# bench=metrics-off, whose Istio standard metrics a Telemetry resource with that selector turns off, against the first
# (metrics on, the default) on /direct, in BENCH_ROUNDS (default 5) rounds whose order alternates; medians and ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
duration=${1:-10}; connections=${2:-32}; threads=2; warmup=${BENCH_WARMUP:-5}

# shellcheck source=../lib.sh
source bench/lib.sh
BENCH_PACKAGES="wrk nginx-light haproxy redis-server"; require_tools wrk nginx haproxy redis-server
bench_init

bin=${BENCH_BIN:-$work/bin}; baseline=${BENCH_BASELINE:-}
if [ -z "${BENCH_BIN:-}" ]; then
  echo "# building the ingress, sidecar and registry (Release)" >&2
  for p in ingress sidecar registry; do dotnet build "$p" -c Release -o "$bin/$p" -v q --nologo >/dev/null; done
fi

up=$(free_port); ngx=$(free_port); hap=$(free_port); redis=$(free_port); reg=$(free_port)
ing=$(free_port); ing_admin=$(free_port); sc_in=$(free_port); sc_out=$(free_port); sc_admin=$(free_port)
bing=$(free_port); bing_admin=$(free_port); bsc_in=$(free_port); bsc_out=$(free_port); bsc_admin=$(free_port)

# The upstream (start_upstream, bench/lib.sh) and nginx as a proxy are two nginx processes, one worker each (one
# process with two server blocks would make them share a worker).
mkdir -p "$work/ngx"
cat > "$work/ngx/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $work/ngx/pid; error_log $work/ngx/error.log;
events { worker_connections 4096; }
http { access_log off; upstream up { server 127.0.0.1:$up; keepalive 64; }
  server { listen 127.0.0.1:$ngx; location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
cat > "$work/haproxy.cfg" <<CONF
global
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend f
  bind 127.0.0.1:$hap
  default_backend b
backend b
  http-reuse always
  server s1 127.0.0.1:$up
CONF
start_upstream "$up"
nginx -c "$work/ngx/nginx.conf" -e "$work/ngx/error.log" & pids+=($!); ngx_pid=$!
haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1 & pids+=($!); hap_pid=$!
start_redis "$redis"
sleep 0.5
dotnet "$bin/registry/gatewaymesh-registry.dll" --urls "http://127.0.0.1:$reg" --redis "127.0.0.1:$redis" --state-dir "$work/reg" >/dev/null 2>"$work/registry.log" & pids+=($!)
wait_http "http://127.0.0.1:$reg/healthz/ready"
token=$(cat "$work/reg/registry.token")
api() { curl -fsS -H "Authorization: Bearer $token" "$@"; }

# Routes: /direct/* -> service "upstream" (registered straight at the upstream), /mesh/* -> service "app" (its sidecar),
# /basemesh/* -> service "app-base" (the baseline's sidecar, when there is one).
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
  - match: [{uri: {prefix: /mesh}}]
    route: [{destination: {host: app}}]
  - match: [{uri: {prefix: /basemesh}}]
    route: [{destination: {host: app-base}}]
  - route: [{destination: {host: upstream}}]
YAML
api -H 'Content-Type: application/json' -d "{\"instance\":{\"service\":\"upstream\",\"namespace\":\"default\",\"instanceId\":\"upstream-1\",\"address\":\"127.0.0.1\",\"port\":$up,\"labels\":{\"app\":\"upstream\",\"version\":\"v1\"}},\"leaseSeconds\":300}" "http://127.0.0.1:$reg/api/v1/instances" >/dev/null

start_proxies() { # bin-dir service ingress-port ingress-admin sidecar-in sidecar-out sidecar-admin log-prefix
  dotnet "$1/ingress/gatewaymesh-ingress.dll" --http-port "$3" --https-port 0 --admin-port "$4" --redis "127.0.0.1:$redis" >/dev/null 2>"$work/$8ingress.log" & pids+=($!); last_ing=$!
  $(sidecar_cmd "$1") --service "$2" --version v1 --app-port "$up" --inbound-port "$5" --outbound-port "$6" --admin-port "$7" \
    --registry "http://127.0.0.1:$reg" --registry-token-file "$work/reg/registry.token" --redis "127.0.0.1:$redis" >/dev/null 2>"$work/$8sidecar.log" & pids+=($!); last_sc=$!
}
start_proxies "$bin" app "$ing" "$ing_admin" "$sc_in" "$sc_out" "$sc_admin" ""; ing_pid=$last_ing; sc_pid=$last_sc
[ -n "$baseline" ] && { start_proxies "$baseline" app-base "$bing" "$bing_admin" "$bsc_in" "$bsc_out" "$bsc_admin" base-; bing_pid=$last_ing; bsc_pid=$last_sc; }
if [ "${BENCH_TELEMETRY:-0}" = 1 ]; then
  api -H 'Content-Type: application/yaml' --data-binary @- "http://127.0.0.1:$reg/api/v1/apply" >/dev/null <<YAML
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: bench-metrics-off, namespace: istio-system}
spec:
  selector: {matchLabels: {bench: metrics-off}}
  metrics:
  - providers: [{name: prometheus}]
    overrides: [{disabled: true}]
YAML
  noting=$(free_port); noting_admin=$(free_port)
  dotnet "$bin/ingress/gatewaymesh-ingress.dll" --http-port "$noting" --https-port 0 --admin-port "$noting_admin" --redis "127.0.0.1:$redis" \
    --labels istio=ingressgateway,bench=metrics-off >/dev/null 2>"$work/notel-ingress.log" & pids+=($!); noting_pid=$!
  wait_http "http://127.0.0.1:$noting_admin/healthz/ready"; wait_http "http://127.0.0.1:$noting/direct"
fi
wait_http "http://127.0.0.1:$ing_admin/healthz/ready"; wait_http "http://127.0.0.1:$sc_admin/healthz/ready"
wait_http "http://127.0.0.1:$ing/direct"; wait_http "http://127.0.0.1:$ing/mesh"
[ -n "$baseline" ] && { wait_http "http://127.0.0.1:$bing_admin/healthz/ready"; wait_http "http://127.0.0.1:$bsc_admin/healthz/ready"
  wait_http "http://127.0.0.1:$bing/direct"; wait_http "http://127.0.0.1:$bing/basemesh"; }

declare -A RPS P50 P99 RSS CPU m_rps m_p99 m_cpu
run() { # name url pids...
  local name=$1 url=$2; shift 2
  wrk -t$threads -c"$connections" -d"${warmup}s" "$url" >/dev/null 2>&1 # warm-up
  local before=0; [ $# -gt 0 ] && before=$(cpu_ticks "$@")
  local out; out=$(wrk -t$threads -c"$connections" -d"${duration}s" --latency "$url")
  local after=0; [ $# -gt 0 ] && after=$(cpu_ticks "$@")
  local requests; requests=$(awk '/requests in/ {print $1}' <<<"$out")
  RPS[$name]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  P50[$name]=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")"); P99[$name]=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  local hz; hz=$(getconf CLK_TCK)
  if [ $# -gt 0 ]; then RSS[$name]=$(rss_mb "$@"); CPU[$name]=$(echo "scale=4; ($after-$before)*1000/($hz*$requests)" | bc); else RSS[$name]="-"; CPU[$name]="-"; fi
  echo "  $name: ${RPS[$name]} req/s" >&2
}

echo "# wrk -t$threads -c$connections -d${duration}s, 2 cores shared by wrk, the proxy and the upstream" >&2
if [ "${BENCH_TELEMETRY:-0}" = 1 ]; then
  rounds=${BENCH_ROUNDS:-5}; echo "# telemetry cost: $rounds rounds, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then order="metrics metrics-off"; else order="metrics-off metrics"; fi
    for c in $order; do
      if [ "$c" = metrics ]; then run "$c#$r" "http://127.0.0.1:$ing/direct" "$ing_pid"; else run "$c#$r" "http://127.0.0.1:$noting/direct" "$noting_pid"; fi
    done
  done
  printf "%-12s %7s %10s %8s %10s   %s\n" case round req/s p99_ms cpu_s/1k "(metrics/metrics-off per round: req/s, p99)"
  for r in $(seq 1 "$rounds"); do for c in metrics-off metrics; do
    printf "%-12s %7s %10s %8s %10s" "$c" "$r" "${RPS[$c#$r]}" "${P99[$c#$r]}" "${CPU[$c#$r]}"
    [ "$c" = metrics ] && printf "   %s %s" "$(echo "scale=4; ${RPS[metrics#$r]}/${RPS[metrics-off#$r]}" | bc)" "$(echo "scale=3; ${P99[metrics#$r]}-${P99[metrics-off#$r]}" | bc)"
    echo
  done; done
  for c in metrics-off metrics; do
    m_rps[$c]=$(for r in $(seq 1 "$rounds"); do echo "${RPS[$c#$r]}"; done | median)
    m_p99[$c]=$(for r in $(seq 1 "$rounds"); do echo "${P99[$c#$r]}"; done | median)
    m_cpu[$c]=$(for r in $(seq 1 "$rounds"); do echo "${CPU[$c#$r]}"; done | median)
    echo "median $c: ${m_rps[$c]} req/s, p99 ${m_p99[$c]} ms, ${m_cpu[$c]} CPU-s/1k requests"
  done
  echo "metrics/metrics-off: req/s $(echo "scale=4; ${m_rps[metrics]}/${m_rps[metrics-off]}" | bc), p99 +$(echo "scale=3; ${m_p99[metrics]}-${m_p99[metrics-off]}" | bc) ms, CPU/request $(echo "scale=4; ${m_cpu[metrics]}/${m_cpu[metrics-off]}" | bc) (medians); load now $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
run direct "http://127.0.0.1:$up/"
run nginx "http://127.0.0.1:$ngx/" "$ngx_pid"
run haproxy "http://127.0.0.1:$hap/" "$hap_pid"
targets="direct nginx haproxy ingress ingress+sidecar"
run ingress "http://127.0.0.1:$ing/direct" "$ing_pid"
[ -n "$baseline" ] && run base-ingress "http://127.0.0.1:$bing/direct" "$bing_pid"
run ingress+sidecar "http://127.0.0.1:$ing/mesh" "$ing_pid" "$sc_pid"
[ -n "$baseline" ] && { run base-ingress+sidecar "http://127.0.0.1:$bing/basemesh" "$bing_pid" "$bsc_pid"; targets="$targets base-ingress base-ingress+sidecar"; }
sidecar_rss=$(rss_mb "$sc_pid")

ratio() { if [ "$1" = "-" ] || [ "$2" = "-" ] || [ "$(echo "$2 == 0" | bc)" = 1 ]; then echo "-"; else echo "scale=2; $1/$2" | bc; fi; }
printf "%-21s %10s %8s %8s %8s %10s %8s %8s %8s\n" target req/s p50_ms p99_ms rss_mb cpu_s/1k rps/ngx p99/ngx cpu/ngx
for n in $targets; do
  printf "%-21s %10s %8s %8s %8s %10s %8s %8s %8s\n" "$n" "${RPS[$n]}" "${P50[$n]}" "${P99[$n]}" "${RSS[$n]}" "${CPU[$n]}" \
    "$(ratio "${RPS[$n]}" "${RPS[nginx]}")" "$(ratio "${P99[$n]}" "${P99[nginx]}")" "$(ratio "${CPU[$n]}" "${CPU[nginx]}")"
done
echo "sidecar RSS alone: ${sidecar_rss} MB"
[ -n "$baseline" ] && echo "base-sidecar RSS alone: $(rss_mb "$bsc_pid") MB"
exit 0
