using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;

namespace GatewayMesh.UnitTests.Model;

/// <summary>One populated resource of each policy kind (issue 17: Mixer, RateLimit, FetchedList, MeshConfig), parsed anew on every call.</summary>
internal static class MixerModelSamples
{
    private const string Yaml = """
        apiVersion: config.istio.io/v1alpha2
        kind: handler
        metadata: {name: h, namespace: bookinfo, labels: {app: h}}
        spec: {compiledAdapter: denier, adapter: outofprocess, connection: {address: "x:1"}, params: {status: {code: 7, message: no}, validUseCount: 3}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: instance
        metadata: {name: i, namespace: bookinfo}
        spec: {compiledTemplate: quota, template: outofprocess, params: {dimensions: {d: source.name}}, attributeBindings: {a: b}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: r, namespace: bookinfo}
        spec:
          match: source.name == "x"
          actions: [{handler: h, instances: [i], name: a}]
          requestHeaderOperations: [{name: x-a, values: ['"v"'], operation: APPEND}]
          responseHeaderOperations: [{name: x-b, operation: REMOVE}]
          sampling: {random: {percentSampled: 10}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: denier
        metadata: {name: d, namespace: bookinfo}
        spec: {status: {code: 16, message: who}, validDuration: 5s, validUseCount: 10}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: listchecker
        metadata: {name: l, namespace: bookinfo}
        spec: {providerUrl: "http://lists/x", refreshInterval: 60s, ttl: 300s, cachingInterval: 10s, cachingUseCount: 5, overrides: [a], entryType: CASE_INSENSITIVE_STRINGS, blacklist: true}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: memquota
        metadata: {name: m, namespace: bookinfo}
        spec:
          quotas: [{name: q.quota.bookinfo, maxAmount: 5, validDuration: 1s, overrides: [{dimensions: {d: x}, maxAmount: 1, validDuration: 2s}]}]
          minDeduplicationDuration: 1s
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: redisquota
        metadata: {name: rq, namespace: bookinfo}
        spec:
          redisServerUrl: "redis:6379"
          connectionPoolSize: 10
          quotas: [{name: q.quota.bookinfo, maxAmount: 5, validDuration: 1s, bucketDuration: 100ms, rateLimitAlgorithm: ROLLING_WINDOW, overrides: [{dimensions: {d: x}, maxAmount: 1}]}]
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: prometheus
        metadata: {name: p, namespace: bookinfo}
        spec:
          metrics:
          - {namespace: mesh, name: latency, instanceName: mt.metric.bookinfo, description: d, kind: DISTRIBUTION, labelNames: [a], buckets: {explicitBuckets: {bounds: [1, 2]}}}
          - {name: lin, instanceName: mt.metric.bookinfo, kind: DISTRIBUTION, buckets: {linearBuckets: {numFiniteBuckets: 3, width: 1.5, offset: 1}}}
          - {name: exp, instanceName: mt.metric.bookinfo, kind: DISTRIBUTION, buckets: {exponentialBuckets: {numFiniteBuckets: 3, growthFactor: 2, scale: 1}}}
          metricsExpirationPolicy: {metricsExpiryDuration: 10m}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: stdio
        metadata: {name: s, namespace: bookinfo}
        spec: {logStream: STDERR, severityLevels: {warning: WARNING}, metricLevel: INFO, outputAsJson: true, outputLevel: WARNING, outputPath: /tmp/x, maxMegabytesBeforeRotation: 1, maxDaysBeforeRotation: 1, maxRotatedFiles: 1}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: checknothing
        metadata: {name: c, namespace: bookinfo}
        spec: {}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: listentry
        metadata: {name: le, namespace: bookinfo}
        spec: {value: source.name}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: quota
        metadata: {name: q, namespace: bookinfo}
        spec: {dimensions: {d: source.name}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: metric
        metadata: {name: mt, namespace: bookinfo}
        spec: {value: "1", dimensions: {a: source.name}, monitoredResourceType: '"UNSPECIFIED"', monitoredResourceDimensions: {x: source.name}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: logentry
        metadata: {name: log, namespace: bookinfo}
        spec: {variables: {a: source.name}, timestamp: request.time, severity: '"info"', monitoredResourceType: '"x"', monitoredResourceDimensions: {x: source.name}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: QuotaSpec
        metadata: {name: qs, namespace: bookinfo}
        spec:
          rules:
          - match: [{clause: {request.path: {prefix: /x}, request.method: {exact: GET}, request.host: {regex: "a.*"}}}]
            quotas: [{quota: q, charge: 1}]
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: QuotaSpecBinding
        metadata: {name: qsb, namespace: bookinfo}
        spec:
          services: [{name: productpage, namespace: default, domain: cluster.local, labels: {a: b}}, {service: "*"}]
          quotaSpecs: [{name: qs, namespace: bookinfo}]
        ---
        apiVersion: policy.gatewaymesh.io/v1alpha1
        kind: RateLimit
        metadata: {name: rl, namespace: bookinfo}
        spec:
          selector: {matchLabels: {app: productpage}}
          routes: [{virtualService: bookinfo, namespace: bookinfo, name: main}]
          local:
            tokenBucket: {maxTokens: 10, tokensPerFill: 5, fillInterval: 1s}
            statusCode: 429
            rateLimitedHeader: true
            responseHeaders: {x-local-rate-limit: "true"}
          global:
            domain: bookinfo
            rateLimitHeaders: true
            descriptors:
            - entries:
              - key: user
                value: request.headers["x-user"] | "anonymous"
              limit: {requestsPerUnit: 100, unit: MINUTE}
        ---
        apiVersion: policy.gatewaymesh.io/v1alpha1
        kind: FetchedList
        metadata: {name: l.listchecker, namespace: bookinfo}
        spec: {providerUrl: "http://lists/x", entries: [a, b], available: true, error: ""}
        ---
        apiVersion: mesh.gatewaymesh.io/v1alpha1
        kind: MeshConfig
        metadata: {name: default, namespace: istio-system}
        spec:
          policy: {quotaFailOpen: false}
          extensionProviders:
          - name: ext-authz
            envoyExtAuthzHttp:
              service: ext-authz.foo.svc.cluster.local
              port: 8000
              timeout: 1s
              pathPrefix: /check
              failOpen: false
              statusOnError: "503"
              includeRequestHeadersInCheck: [x-ext-authz]
              includeAdditionalHeadersInCheck: {x-from: mesh}
              includeRequestBodyInCheck: {maxRequestBytes: 10}
              headersToUpstreamOnAllow: [x-user]
              headersToDownstreamOnAllow: [x-allowed]
              headersToDownstreamOnDeny: [x-reason]
          - {name: zipkin, zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411}}
          - {name: grpc, envoyExtAuthzGrpc: {service: a, port: 1}}
          - {name: otel, opentelemetry: {service: a, port: 1}}
          - {name: prom, prometheus: {}}
          - {name: file, envoyFileAccessLog: {path: /dev/stdout}}
          - {name: als, envoyOtelAls: {service: a, port: 1}}
          - {name: dd, datadog: {service: a, port: 1}}
          - {name: sky, skywalking: {service: a, port: 1}}
          - {name: sd, stackdriver: {}}
        """;

    public static IEnumerable<ConfigResource> All()
    {
        var parsed = ConfigParser.Parse(Yaml);
        return parsed.Succeeded ? parsed.Resources : throw new InvalidOperationException(string.Join("\n", parsed.Errors));
    }
}
