{{/* Common labels of every object. */}}
{{- define "gatewaymesh.labels" -}}
app.kubernetes.io/part-of: gatewaymesh
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* image: a component's image reference. Call with (dict "root" $ "image" .Values.registry.image). */}}
{{- define "gatewaymesh.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end }}

{{- define "gatewaymesh.pullPolicy" -}}
{{- default .root.Values.global.imagePullPolicy .image.pullPolicy -}}
{{- end }}

{{/* The Redis address every component uses. */}}
{{- define "gatewaymesh.redisAddress" -}}
{{- if .Values.redis.enabled -}}
{{- printf "gatewaymesh-redis.%s.svc:6379" .Release.Namespace -}}
{{- else -}}
{{- required "redis.external.address is required when redis.enabled is false" .Values.redis.external.address -}}
{{- end -}}
{{- end }}

{{- define "gatewaymesh.caAddress" -}}
{{- printf "https://gatewaymesh-ca.%s.svc:15012" .Release.Namespace -}}
{{- end }}

{{/* Pod-level security: non-root, the runtime's default seccomp profile. */}}
{{- define "gatewaymesh.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1337
runAsGroup: 1337
fsGroup: 1337
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The projected ServiceAccount token a component shows the CA (audience-bound, short-lived). */}}
{{- define "gatewaymesh.caTokenVolume" -}}
- name: gatewaymesh-ca-token
  projected:
    sources:
    - serviceAccountToken:
        audience: {{ .Values.ca.tokenAudience }}
        expirationSeconds: {{ .Values.injection.tokenExpirationSeconds }}
        path: gatewaymesh-ca-token
- name: gatewaymesh-ca-root
  configMap:
    name: gatewaymesh-ca-root-cert
    optional: true
{{- end }}

{{- define "gatewaymesh.caTokenMounts" -}}
- name: gatewaymesh-ca-token
  mountPath: /var/run/secrets/tokens
  readOnly: true
- name: gatewaymesh-ca-root
  mountPath: /var/run/secrets/gatewaymesh/ca
  readOnly: true
{{- end }}

{{- define "gatewaymesh.downwardEnv" -}}
- name: POD_NAME
  valueFrom: {fieldRef: {fieldPath: metadata.name}}
- name: POD_NAMESPACE
  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
{{- end }}

{{- define "gatewaymesh.prometheusAnnotations" -}}
{{- if .root.Values.prometheus.scrape }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /stats/prometheus
{{- end }}
{{- end }}
