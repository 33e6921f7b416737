#!/usr/bin/env bash
# Usage: eng/rerun-failed.sh CONSOLE_LOG RESULTS_DIR
# Runs every test that failed in CONSOLE_LOG (a `dotnet test --logger "console;verbosity=normal"` log) once more, on
# its own: one filtered `dotnet test` per test project, the Kubernetes project inside its network namespace again.
# Prints which tests passed that time. Exits 0 only when each of them passed; exits 1 when one failed again, when
# nothing could be read, or when more than GATEWAYMESH_RERUN_MAX (default 5) tests failed: that many failures is a
# break, not the noise of a loaded machine, and is never run again.
set -uo pipefail
log="${1:?console log}"; results="${2:?results directory}"; max="${GATEWAYMESH_RERUN_MAX:-5}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# "  Failed GatewayMesh.IntegrationTests.Ns.Class.Method(arg: 1) [2 s]" -> GatewayMesh.IntegrationTests.Ns.Class.Method
mapfile -t names < <(sed -nE 's/^  Failed ([A-Za-z0-9_.]+)(\(.*\))? \[[^]]*\]$/\1/p' "$log" | sort -u)
count="$(grep -cE '^  Failed ' "$log" || true)"
if [ "${#names[@]}" = 0 ]; then echo "rerun: no failed test names in the log" >&2; exit 1; fi
if [ "$count" -gt "$max" ]; then echo "rerun: $count tests failed (more than $max); not run again"; exit 1; fi

status=0
out="$results/rerun-console.log"; : >"$out"
for assembly in $(printf '%s\n' "${names[@]}" | cut -d. -f1-2 | sort -u); do
  filter="$(printf '%s\n' "${names[@]}" | grep -F "$assembly." | sed 's/^/FullyQualifiedName=/' | paste -sd'|')"
  project="$(compgen -G "tests/*/$assembly.csproj" | head -1)"
  if [ -z "$project" ]; then echo "rerun: no test project for $assembly" >&2; status=1; continue; fi
  echo "rerun: $assembly: $filter"
  case "$assembly" in
    GatewayMesh.KubernetesTests) tests/kubernetes/run.sh --filter "$filter" --logger "console;verbosity=normal" \
      --results-directory "$results/rerun" ;;
    GatewayMesh.ChaosTests) dotnet test "$project" -c Release --no-build --nologo -p:GatewayMeshChaos=true \
      --filter "$filter" --logger "console;verbosity=normal" --results-directory "$results/rerun" ;;
    *) dotnet test "$project" -c Release --no-build --nologo --filter "$filter" \
      --logger "console;verbosity=normal" --results-directory "$results/rerun" ;;
  esac 2>&1 | tee -a "$out" || status=1
done
# A filter that matched nothing also exits 0: each name must have passed by name.
for name in "${names[@]}"; do
  grep -qE "^  Passed ${name//./\\.}(\(.*\))? \[" "$out" || { echo "rerun: $name did not pass"; status=1; }
done
exit $status
