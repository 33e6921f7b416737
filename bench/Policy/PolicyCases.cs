namespace GatewayMesh.Bench.Policy;

/// <summary>The configs compared: the same routes with no policy, with 10 check rules, and with 9 check rules plus a redisquota.</summary>
internal static class PolicyCases
{
    /// <summary><c>/direct</c> is answered by the route (the policy step is then most of the proxy's work); <c>/fwd</c> goes to productpage.</summary>
    public const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: bench-gateway, namespace: default}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bench, namespace: default}
        spec:
          hosts: ["*"]
          gateways: [bench-gateway]
          http:
          - match: [{uri: {prefix: /direct}}]
            directResponse: {status: 200, body: {string: "ok"}}
          - match: [{uri: {prefix: /fwd}}]
            route: [{destination: {host: productpage}}]
        """;

    /// <summary>Nine Mixer check rules of the shapes Istio's tasks use; none refuses the benchmark's calls.</summary>
    public static readonly string NineChecks = string.Join("\n---\n",
        Denier("blocked-user", """request.headers["x-user"] == "blocked" """),
        Denier("admin-path", """startsWith(request.url_path, "/admin") && request.method != "GET" """),
        Denier("old-agent", """request.useragent | "" == "curl/7.0" """),
        Denier("internal-ip", """source.ip == ip("10.1.2.3") """),
        Denier("regex-path", """match(request.url_path, "/private/*") || "^/secret/[0-9]+$".matches(request.url_path) """),
        Denier("reviews-v3", """destination.labels["app"] | "" == "ratings" && source.labels["version"] | "" == "v3" """),
        Denier("debug-panic", """request.headers["x-debug"] | "" == "panic" """),
        Denier("wrong-host", """request.host | "" == "evil.example" """),
        """
        apiVersion: config.istio.io/v1alpha2
        kind: listchecker
        metadata: {name: users, namespace: istio-system}
        spec: {overrides: [jason, alice, bob, carol, dave, erin], blacklist: false, entryType: CASE_INSENSITIVE_STRINGS}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: listentry
        metadata: {name: user, namespace: istio-system}
        spec:
          value: request.headers["x-user"] | "jason"
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: users, namespace: istio-system}
        spec:
          actions: [{handler: users.listchecker, instances: [user.listentry]}]
        """);

    /// <summary>The tenth check rule (10 rules without a quota).</summary>
    public static readonly string TenthCheck = Denier("no-delete", """request.method == "DELETE" && destination.service.name == "productpage" """);

    /// <summary>A redisquota on productpage (the tenth rule of the quota case), far above what the benchmark sends.</summary>
    public const string RedisQuota = """
        apiVersion: config.istio.io/v1alpha2
        kind: handler
        metadata: {name: redishandler, namespace: istio-system}
        spec:
          compiledAdapter: redisquota
          params:
            quotas:
            - name: requestcountquota.instance.istio-system
              maxAmount: 100000000
              validDuration: 60s
              rateLimitAlgorithm: FIXED_WINDOW
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: instance
        metadata: {name: requestcountquota, namespace: istio-system}
        spec:
          compiledTemplate: quota
          params:
            dimensions:
              destination: destination.service.name | "unknown"
              user: request.headers["x-user"] | "anonymous"
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

    private static string Denier(string name, string match) => $$"""
        apiVersion: config.istio.io/v1alpha2
        kind: denier
        metadata: {name: {{name}}, namespace: istio-system}
        spec:
          status: {code: 7, message: "denied by {{name}}"}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: checknothing
        metadata: {name: {{name}}, namespace: istio-system}
        spec: {}
        ---
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: {{name}}, namespace: istio-system}
        spec:
          match: '{{match.Trim()}}'
          actions: [{handler: {{name}}.denier, instances: [{{name}}.checknothing]}]

        """;
}
