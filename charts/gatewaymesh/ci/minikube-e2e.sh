#!/usr/bin/env bash
# The user's path on minikube, end to end, as docs/kubernetes.md describes it. Run it unchanged from the repository
# root on a machine with minikube, docker (or minikube's own container runtime), helm and kubectl:
#   charts/gatewaymesh/ci/minikube-e2e.sh
# It starts minikube, builds and loads the images, installs the chart, deploys Bookinfo with injection, applies
# Bookinfo's routing, and checks http://$(minikube ip):31380/productpage answers. MINIKUBE_PROFILE picks a profile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
profile="${MINIKUBE_PROFILE:-gatewaymesh}"
mk() { minikube -p "$profile" "$@"; }

mk start --cpus 4 --memory 6g
./meshctl images build --load minikube --minikube-profile "$profile"

helm upgrade --install gatewaymesh charts/gatewaymesh -n istio-system --create-namespace --wait --timeout 5m
kubectl -n istio-system rollout status deploy/gatewaymesh-registry deploy/gatewaymesh-ca deploy/istio-ingressgateway --timeout 300s

kubectl label namespace default istio-injection=enabled --overwrite
kubectl apply -f samples/bookinfo/kube/bookinfo.yaml
kubectl wait --for=condition=available deployment --all -n default --timeout 300s
kubectl apply -f configs/bookinfo/bookinfo-gateway.yaml -f configs/bookinfo/destination-rule-all.yaml -f configs/bookinfo/virtual-service-all-v1.yaml
kubectl get gateways,virtualservices

# HTTPS on 31390: a certificate for the node's address in the Secret Bookinfo's gateway names.
tls_dir="$(mktemp -d)"
trap 'rm -rf "$tls_dir"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=bookinfo" \
  -addext "subjectAltName=IP:$(mk ip)" -keyout "$tls_dir/tls.key" -out "$tls_dir/tls.crt" 2>/dev/null
kubectl -n istio-system create secret tls bookinfo-credential --cert="$tls_dir/tls.crt" --key="$tls_dir/tls.key" \
  --dry-run=client -o yaml | kubectl apply -f -

url="http://$(mk ip):31380/productpage"
for _ in $(seq 60); do
  if curl -fsS "$url" | grep -q "BookInfo Sample"; then
    echo "Bookinfo answers at $url"
    for _ in $(seq 24); do
      if curl -fsS --cacert "$tls_dir/tls.crt" "https://$(mk ip):31390/productpage" | grep -q "BookInfo Sample"; then
        echo "and at https://$(mk ip):31390/productpage"
        exit 0
      fi
      sleep 5
    done
    echo "Bookinfo did not answer at https://$(mk ip):31390/productpage" >&2
    kubectl -n istio-system logs deploy/istio-ingressgateway --tail 50 >&2 || true
    exit 1
  fi
  sleep 5
done
echo "Bookinfo did not answer at $url" >&2
kubectl -n istio-system logs deploy/gatewaymesh-registry --tail 50 >&2 || true
exit 1
