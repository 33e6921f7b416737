#!/usr/bin/env bash
# Runs the Kubernetes test project (already built) inside a private network namespace: only loopback exists there,
# so nothing the real kube-apiserver dials for a webhook can leave the machine. Arguments go to `dotnet test`.
# Needs root (unshare --net); ./test.sh calls it after preparing the API server and tools (eng/kubernetes/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec unshare --net -- bash -c '
  set -euo pipefail
  ip link set lo up
  export GATEWAYMESH_KUBE_NETNS=1
  exec dotnet test tests/kubernetes/GatewayMesh.KubernetesTests.csproj -c Release --no-build --nologo "$@"
' run-kubernetes-tests "$@"
