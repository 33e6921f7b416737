namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>Policy configs for the ingress tests (the Bookinfo ones are in configs/policy).</summary>
internal static class PolicyConfigs
{
    /// <summary>Everything through the ingress goes to <c>productpage</c>.</summary>
    public const string ProductpageRoute = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bookinfo}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - name: main
            route: [{destination: {host: productpage}}]
        """;

    /// <summary>A denier for calls whose <c>x-user</c> header is <c>blocked</c> (generic form, in the root namespace).</summary>
    public const string DenyBlockedUser = """
        apiVersion: config.istio.io/v1alpha2
        kind: handler
        metadata: {name: denyblocked, namespace: istio-system}
        spec: {compiledAdapter: denier, params: {status: {code: 7, message: blocked user}}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: instance
        metadata: {name: denyblocked, namespace: istio-system}
        spec: {compiledTemplate: checknothing}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: denyblocked, namespace: istio-system}
        spec:
          match: request.headers["x-user"] == "blocked" && destination.service.name == "productpage"
          actions: [{handler: denyblocked, instances: [denyblocked]}]
        """;

    /// <summary>A whitelist of <c>x-user</c> values (per-kind form).</summary>
    public const string UserWhitelist = """
        apiVersion: config.istio.io/v1alpha2
        kind: listchecker
        metadata: {name: users, namespace: istio-system}
        spec: {overrides: [jason, "ALICE"], entryType: CASE_INSENSITIVE_STRINGS}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: listentry
        metadata: {name: user, namespace: istio-system}
        spec:
          value: request.headers["x-user"] | "anonymous"
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: users, namespace: istio-system}
        spec:
          actions: [{handler: users.listchecker, instances: [user.listentry]}]
        """;

    /// <summary>A RateLimit on the ingress: a local bucket of 2 tokens refilled every second.</summary>
    public const string LocalRateLimit = """
        apiVersion: policy.gatewaymesh.io/v1alpha1
        kind: RateLimit
        metadata: {name: edge, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          routes: [{virtualService: bookinfo, namespace: default}]
          local:
            tokenBucket: {maxTokens: 2, tokensPerFill: 2, fillInterval: 1s}
            rateLimitedHeader: true
        """;

    /// <summary>A global rate limit of 3 per minute per <c>x-user</c>.</summary>
    public const string GlobalRateLimit = """
        apiVersion: policy.gatewaymesh.io/v1alpha1
        kind: RateLimit
        metadata: {name: per-user, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          global:
            descriptors:
            - entries:
              - key: user
                value: request.headers["x-user"] | "anonymous"
              limit: {requestsPerUnit: 3, unit: MINUTE}
        """;

    /// <summary>A redisquota of <paramref name="max"/> per minute on calls to productpage.</summary>
    public static string RedisQuota(string algorithm, int max) => $$"""
        apiVersion: config.istio.io/v1alpha2
        kind: handler
        metadata: {name: redishandler, namespace: istio-system}
        spec:
          compiledAdapter: redisquota
          params:
            quotas:
            - name: requestcountquota.instance.istio-system
              maxAmount: 500
              validDuration: 60s
              bucketDuration: 1s
              rateLimitAlgorithm: {{algorithm}}
              overrides:
              - dimensions: {destination: productpage}
                maxAmount: {{max}}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: instance
        metadata: {name: requestcountquota, namespace: istio-system}
        spec:
          compiledTemplate: quota
          params:
            dimensions:
              destination: destination.labels["app"] | destination.service.name | "unknown"
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: QuotaSpec
        metadata: {name: request-count, namespace: istio-system}
        spec:
          rules:
          - quotas: [{charge: 1, quota: requestcountquota}]
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: QuotaSpecBinding
        metadata: {name: request-count, namespace: istio-system}
        spec:
          quotaSpecs: [{name: request-count, namespace: istio-system}]
          services: [{name: productpage, namespace: default}]
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: quota, namespace: istio-system}
        spec:
          actions: [{handler: redishandler, instances: [requestcountquota]}]
        """;
}
