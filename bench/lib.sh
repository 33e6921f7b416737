#!/usr/bin/env bash
# Helpers shared by the wrk-driven benchmarks (bench/http, bench/Resilience, bench/mtls). Source it after `set -euo
# pipefail` and `cd` to the repository root. bench_init makes "$work" (a temp dir) and "pids" (processes stopped, then
# killed, on exit, newest last) and installs the EXIT trap.

# require_tools TOOL... : stops with the Debian packages to install when one is missing (nginx and haproxy may be in /usr/sbin).
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool (Debian: apt-get install $BENCH_PACKAGES)" >&2; exit 1; }
  done
}

bench_init() {
  work=$(mktemp -d); pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p alive
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 0.1; done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

# start_upstream PORT: the fast app every benchmark proxies to, one nginx worker answering a short body ($work/up).
start_upstream() {
  mkdir -p "$work/up"
  cat > "$work/up/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $work/up/pid; error_log $work/up/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$1; location / { return 200 "hello from upstream\n"; } } }
CONF
  nginx -c "$work/up/nginx.conf" -e "$work/up/error.log" & pids+=($!)
}

# sidecar_cmd DIR: the command that starts the sidecar built into DIR/sidecar: its native executable when DIR/sidecar
# holds a Native AOT publish (opt-in, sidecar/README.md), else `dotnet` and its dll.
sidecar_cmd() {
  if [ -f "$1/sidecar/gatewaymesh-sidecar.dll" ]; then echo "dotnet $1/sidecar/gatewaymesh-sidecar.dll"; else echo "$1/sidecar/gatewaymesh-sidecar"; fi
}

# start_redis PORT: a throwaway redis-server on loopback, no persistence.
start_redis() { redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null & pids+=($!); }

with_children() { for p in "$@"; do echo "$p"; pgrep -P "$p" || true; done; } # nginx's workers are children of its master
cpu_ticks() { local total=0; for p in $(with_children "$@"); do read -r -a f < "/proc/$p/stat"; total=$((total + f[13] + f[14])); done; echo "$total"; }
rss_mb() { local total=0; for p in $(with_children "$@"); do total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "scale=1; $total/1024" | bc; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
# median of the numbers on stdin, one a line
median() { sort -g | awk '{ a[NR]=$1 } END { if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
