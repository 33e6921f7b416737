#!/usr/bin/env bash
# Builds a real kube-apiserver from Debian's `kubernetes` source package (1.20.2, vendored dependencies) with Debian's
# Go, and installs etcd-server, for the Kubernetes test suite. Prints the binary's path.
# The build takes about 10 minutes of CPU on 2 cores, so the binary is cached by version:
#   ${GATEWAYMESH_CACHE:-~/.cache/gatewaymesh}/kube-apiserver-v1.20.2/kube-apiserver
# A second run (or a concurrent one, which waits on a lock) only checks the cache and the packages.
# Needs root and apt-get (Debian bookworm); the machine's apt configuration is not changed: the deb-src entries live in a
# private apt configuration under a temporary folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"
out="$KUBE_APISERVER_DIR"
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

debs=(etcd-server golang-go golang-github-modern-go-reflect2-dev rsync make openssl)
missing=()
for p in "${debs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ -x "$out/kube-apiserver" ] && command -v etcd >/dev/null 2>&1; then echo "$out/kube-apiserver"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "build-kube-apiserver.sh: needs root and apt-get (Debian) to install ${missing[*]:-its build tools}" >&2; exit 1
fi
# apt may be busy with another install on a shared machine: wait for its locks rather than fail.
apt_wait() { while fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; do sleep 2; done; }
if [ ${#missing[@]} -gt 0 ]; then
  apt_wait; apt-get update -qq
  apt_wait; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x "$out/kube-apiserver" ] && { echo "$out/kube-apiserver"; exit 0; }

work="$(mktemp -d /tmp/gatewaymesh-kas-build.XXXXXX)"; trap 'rm -rf "$work"' EXIT
echo "build-kube-apiserver.sh: building kube-apiserver $KUBE_APISERVER_VERSION from Debian's source package (about 10 min)" >&2
# deb-src entries mirroring the machine's own deb entries (deb822 .sources or one-line .list), in a private apt config.
mkdir -p "$work/apt/lists/partial" "$work/apt/parts"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" >"$work/apt/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && { grep -E '^deb ' "$f" | sed 's/^deb /deb-src /' >>"$work/apt/parts/src.list" || true; }
done
apt_private=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/apt/parts" -o "Dir::State::Lists=$work/apt/lists")
apt-get "${apt_private[@]}" update -qq
(cd "$work" && apt-get "${apt_private[@]}" source --download-only "kubernetes" >/dev/null 2>&1)
cd "$work"
tar xzf kubernetes_*.orig.tar.gz
cd "kubernetes-$KUBE_APISERVER_VERSION"
# Go 1.19 with the vendored reflect2 1.0.1 crashes the apiserver on the first custom-resource create; Debian's
# reflect2 1.0.2 works.
v=vendor/github.com/modern-go/reflect2
rm -f "$v"/*.go "$v"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$v/"
rm -f "$v"/*_test.go
mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
export GOPATH="$PWD/.go" GOCACHE="$work/gocache" GOPROXY=off CGO_ENABLED=0 \
  KUBE_GIT_VERSION="v$KUBE_APISERVER_VERSION" KUBE_GIT_TREE_STATE=clean KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20
if ! make WHAT=cmd/kube-apiserver >"$work/make.log" 2>&1; then tail -30 "$work/make.log" >&2; exit 1; fi
cp _output/local/bin/linux/amd64/kube-apiserver "$out/kube-apiserver.tmp"
mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
echo "$out/kube-apiserver"
