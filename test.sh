#!/usr/bin/env bash
# Runs every GatewayMesh test on this machine. On a fresh Debian machine it first installs what the tests need.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need_redis() { ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; }

if need_redis; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing redis-server (Debian package)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "test.sh: redis-server is missing; install it (Debian: apt-get install redis-server) and run again" >&2
    exit 1
  fi
fi
# The package may start a system instance; the tests never use it (each fixture starts its own on a free port).

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

status=0
dotnet build GatewayMesh.sln -c Release --nologo -v q || exit 1
dotnet test GatewayMesh.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" "$@" \
  | tee "$results/console.log" || status=$?

# One closing line for the whole run, summed over every test assembly's summary block
# ("Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines).
passed=0; failed=0; skipped=0
while read -r kind count; do
  case "$kind" in
    Passed:) passed=$((passed + count)) ;;
    Failed:) failed=$((failed + count)) ;;
    Skipped:) skipped=$((skipped + count)) ;;
  esac
done < <(sed -nE 's/^[[:space:]]+(Passed|Failed|Skipped): *([0-9]+)[[:space:]]*$/\1: \2/p' "$results/console.log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" = "0" ] && [ "$status" = "0" ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit $status
