using Xunit;

namespace GatewayMesh.UnitTests.Validation;

/// <summary>Issue 12: validation tables of the kinds it added, every error with its exact path.</summary>
public class FidelityKindsValidationTests
{
    private const string Jwks = "{\\\"keys\\\":[{\\\"kty\\\":\\\"RSA\\\",\\\"kid\\\":\\\"k1\\\",\\\"n\\\":\\\"sXchDaQebSXc\\\",\\\"e\\\":\\\"AQAB\\\"}]}";

    public static TheoryData<string, string, string> Invalid() => new()
    {
        // Sidecar
        { "Sidecar", "{}", "spec: empty Sidecar: set egress, ingress, outboundTrafficPolicy or inboundConnectionPool" },
        { "Sidecar", "{egress: [{hosts: []}]}", "spec.egress[0].hosts: at least one host is required (namespace/dnsName, e.g. \"./*\" or \"istio-system/*\")" },
        { "Sidecar", "{egress: [{hosts: [reviews]}]}", "spec.egress[0].hosts[0]: invalid host \"reviews\": expected \"namespace/dnsName\" (e.g. \"./*\", \"*/reviews.default.svc.cluster.local\")" },
        { "Sidecar", "{egress: [{hosts: [\"Bad_NS/*\"]}]}", "spec.egress[0].hosts[0]: invalid namespace \"Bad_NS\" in host \"Bad_NS/*\": expected \"*\", \".\", \"~\" or a namespace name" },
        { "Sidecar", "{egress: [{hosts: [\"./a:80\"]}]}", "spec.egress[0].hosts[0]: invalid host \"a:80\": must not include a port" },
        { "Sidecar", "{egress: [{hosts: [\"./*\"]}, {port: {number: 80, protocol: HTTP}, hosts: [\"./*\"]}]}", "spec.egress[0]: the egress listener without a port must be the last one" },
        { "Sidecar", "{egress: [{port: {number: 80, protocol: HTTP}, hosts: [\"./*\"]}, {port: {number: 80, protocol: HTTP}, hosts: [\"*/*\"]}]}", "spec.egress[1].port.number: port 80 is already used by spec.egress[0]" },
        { "Sidecar", "{egress: [{port: {number: 80, protocol: HTTPX}, hosts: [\"./*\"]}]}", "spec.egress[0].port.protocol: unsupported protocol \"HTTPX\"; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS" },
        { "Sidecar", "{egress: [{port: {number: 0, protocol: HTTP}, hosts: [\"./*\"]}]}", "spec.egress[0].port.number: port 0 needs a unix domain socket bind address (unix://path)" },
        { "Sidecar", "{egress: [{port: {number: 80, protocol: HTTP}, bind: nowhere, hosts: [\"./*\"]}]}", "spec.egress[0].bind: invalid bind address \"nowhere\": expected an IP address" },
        { "Sidecar", "{ingress: [{defaultEndpoint: \"127.0.0.1:8080\"}]}", "spec.ingress[0].port: port is required for an ingress listener" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP, targetPort: 8080}, defaultEndpoint: \"127.0.0.1:8080\"}]}", "spec.ingress[0].port.targetPort: targetPort has no effect on a Sidecar; remove it" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"10.0.0.1:8080\"}]}", "spec.ingress[0].defaultEndpoint: invalid defaultEndpoint \"10.0.0.1:8080\": expected 127.0.0.1:PORT, 0.0.0.0:PORT, [::1]:PORT, [::]:PORT or unix://path" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"127.0.0.1:99999\"}]}", "spec.ingress[0].defaultEndpoint: invalid defaultEndpoint \"127.0.0.1:99999\": the port must be between 1 and 65535" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"unix://\"}]}", "spec.ingress[0].defaultEndpoint: unix socket endpoint needs a path after \"unix://\"" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"unix://run/app.sock\"}]}", "spec.ingress[0].defaultEndpoint: invalid defaultEndpoint \"unix://run/app.sock\": the unix socket path must be absolute (unix:///path/to/socket); abstract sockets (unix://@name) are not supported" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"unix://@app\"}]}", "spec.ingress[0].defaultEndpoint: invalid defaultEndpoint \"unix://@app\": the unix socket path must be absolute (unix:///path/to/socket); abstract sockets (unix://@name) are not supported" },
        { "Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, tls: {mode: SIMPLE}}]}", "spec.ingress[0].tls: tls settings need port protocol HTTPS or TLS" },
        { "Sidecar", "{ingress: [{port: {number: 9443, protocol: HTTPS}, tls: {mode: ISTIO_MUTUAL}}]}", "spec.ingress[0].tls.mode: mode ISTIO_MUTUAL and AUTO_PASSTHROUGH cannot be used on a sidecar ingress listener" },
        { "Sidecar", "{ingress: [{port: {number: 9443, protocol: HTTPS}, tls: {mode: SIMPLE, credentialName: c}}]}", "spec.ingress[0].tls.credentialName: credentialName is not supported on a sidecar ingress listener; give the certificate files" },
        { "Sidecar", "{outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: egress, port: {number: 3128}}}}", "spec.outboundTrafficPolicy.egressProxy: egressProxy can only be set with mode ALLOW_ANY" },
        { "Sidecar", "{outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: egress}}}", "spec.outboundTrafficPolicy.egressProxy.port.number: egressProxy needs a port" },
        { "Sidecar", "{workloadSelector: {labels: {app: \"-x\"}}, outboundTrafficPolicy: {mode: ALLOW_ANY}}", "spec.workloadSelector.labels[app]: invalid label value \"-x\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
        { "Sidecar", "{inboundConnectionPool: {tcp: {maxConnections: 0}}}", "spec.inboundConnectionPool.tcp.maxConnections: must be at least 1, got 0" },

        // WorkloadEntry
        { "WorkloadEntry", "{labels: {app: ratings}}", "spec.address: address is required (an IP, a host name or unix://path)" },
        { "WorkloadEntry", "{address: \"not an address\"}", "spec.address: invalid address \"not an address\": expected an IP address, a host name or unix://path" },
        { "WorkloadEntry", "{address: \"unix:///var/run/app.sock\", ports: {http: 80}}", "spec.address: unix socket endpoint \"unix:///var/run/app.sock\" takes no ports" },
        { "WorkloadEntry", "{address: 10.0.0.1, ports: {Http: 80}}", "spec.ports[Http]: invalid port name \"Http\": expected a DNS-1123 label" },
        { "WorkloadEntry", "{address: 10.0.0.1, ports: {http: 0}}", "spec.ports[http]: port must be between 1 and 65535, got 0" },
        { "WorkloadEntry", "{address: 10.0.0.1, weight: -1}", "spec.weight: must not be negative, got -1" },
        { "WorkloadEntry", "{address: 10.0.0.1, serviceAccount: Bad_Account}", "spec.serviceAccount: invalid service account \"Bad_Account\": expected a DNS-1123 subdomain" },

        // WorkloadGroup
        { "WorkloadGroup", "{metadata: {labels: {app: ratings}}}", "spec.template: template is required" },
        { "WorkloadGroup", "{template: {ports: {http: 70000}}}", "spec.template.ports[http]: port must be between 1 and 65535, got 70000" },
        { "WorkloadGroup", "{template: {}, probe: {periodSeconds: -1, httpGet: {port: 8080}}}", "spec.probe.periodSeconds: must not be negative, got -1" },
        { "WorkloadGroup", "{template: {}, probe: {initialDelaySeconds: 1}}", "spec.probe: set exactly one of httpGet, tcpSocket, exec or grpc" },
        { "WorkloadGroup", "{template: {}, probe: {httpGet: {port: 8080}, tcpSocket: {port: 8080}}}", "spec.probe: set exactly one of httpGet, tcpSocket, exec or grpc, got httpGet and tcpSocket" },
        { "WorkloadGroup", "{template: {}, probe: {httpGet: {port: 8080, scheme: FTP}}}", "spec.probe.httpGet.scheme: scheme must be HTTP or HTTPS, got \"FTP\"" },
        { "WorkloadGroup", "{template: {}, probe: {exec: {command: []}}}", "spec.probe.exec.command: command is required" },

        // ProxyConfig
        { "ProxyConfig", "{concurrency: -1}", "spec.concurrency: must not be negative, got -1" },
        { "ProxyConfig", "{environmentVariables: {\"1BAD\": x}}", "spec.environmentVariables[1BAD]: invalid environment variable name \"1BAD\": expected letters, digits, '_', '-' or '.', not starting with a digit" },
        { "ProxyConfig", "{environmentVariables: {LD_PRELOAD: /tmp/x.so}}", "spec.environmentVariables[LD_PRELOAD]: reserved environment variable \"LD_PRELOAD\": names starting DOTNET_, COMPlus_, CORECLR_, ASPNETCORE_, GATEWAYMESH_, LD_ configure the proxy's runtime, loader or mesh settings (set concurrency for DOTNET_PROCESSOR_COUNT)" },
        { "ProxyConfig", "{environmentVariables: {dotnet_gcServer: \"1\"}}", "spec.environmentVariables[dotnet_gcServer]: reserved environment variable \"dotnet_gcServer\": names starting DOTNET_, COMPlus_, CORECLR_, ASPNETCORE_, GATEWAYMESH_, LD_ configure the proxy's runtime, loader or mesh settings (set concurrency for DOTNET_PROCESSOR_COUNT)" },
        { "ProxyConfig", "{image: {imageType: alpine}}", "spec.image.imageType: unknown image type \"alpine\": expected default, debug or distroless" },

        // RequestAuthentication
        { "RequestAuthentication", "{jwtRules: [{audiences: [a]}]}", "spec.jwtRules[0].issuer: issuer is required (or a jwksUri)" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, jwksUri: \"ftp://x/keys\"}]}", "spec.jwtRules[0].jwksUri: invalid jwksUri \"ftp://x/keys\": expected an absolute http or https URL" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, jwks: \"{}\"}]}", "spec.jwtRules[0].jwks: invalid jwks: expected a JSON Web Key Set: an object with a \"keys\" array" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, jwks: \"{\\\"keys\\\":[{\\\"kty\\\":\\\"oct\\\",\\\"k\\\":\\\"c2VjcmV0\\\"}]}\"}]}", "spec.jwtRules[0].jwks: invalid jwks: key 0: symmetric (oct) keys are not supported: publish the issuer's public RSA or EC keys" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, jwks: \"{\\\"keys\\\":[{\\\"kty\\\":\\\"RSA\\\",\\\"n\\\":\\\"AQAB\\\",\\\"e\\\":\\\"AQAB\\\",\\\"d\\\":\\\"AQAB\\\"}]}\"}]}", "spec.jwtRules[0].jwks: invalid jwks: key 0: contains private key material (\"d\"): publish only public keys" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, jwks: \"{\\\"keys\\\":[{\\\"kty\\\":\\\"EC\\\",\\\"crv\\\":\\\"P-192\\\",\\\"x\\\":\\\"AQAB\\\",\\\"y\\\":\\\"AQAB\\\"}]}\"}]}", "spec.jwtRules[0].jwks: invalid jwks: key 0: unsupported curve \"P-192\": expected P-256, P-384 or P-521" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, audiences: [\"\"]}]}", "spec.jwtRules[0].audiences[0]: audience must not be empty" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, fromHeaders: [{prefix: \"Bearer \"}]}]}", "spec.jwtRules[0].fromHeaders[0].name: header name is required" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, fromParams: [\"\"]}]}", "spec.jwtRules[0].fromParams[0]: query parameter name must not be empty" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, outputPayloadToHeader: \"x payload\"}]}", "spec.jwtRules[0].outputPayloadToHeader: invalid header name \"x payload\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, outputClaimToHeaders: [{header: x-sub}]}]}", "spec.jwtRules[0].outputClaimToHeaders[0].claim: claim is required" },
        { "RequestAuthentication", "{jwtRules: [{issuer: i, timeout: 0s}]}", "spec.jwtRules[0].timeout: duration must be at least 1ms, got \"0s\"" },
        { "RequestAuthentication", "{selector: {matchLabels: {app: a}}, targetRef: {kind: Gateway, name: g}}", "spec: set selector or targetRef/targetRefs, not both" },

        // RemoteJwks: registry-managed
        { "RemoteJwks", "{jwksUri: \"https://issuer/keys\"}", "kind: RemoteJwks is written by the registry (the key set it fetched for a RequestAuthentication's jwksUri) and cannot be applied" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidResource_ReportsExactError(string kind, string spec, string expected)
    {
        Assert.Equal([$"{kind} default/x: {expected}"], ValidationHarness.Errors(kind, spec));
    }

    [Theory]
    [InlineData("Sidecar", "{egress: [{hosts: [\"./*\", \"istio-system/*\", \"*/reviews.default.svc.cluster.local\", \"~/*\"]}], outboundTrafficPolicy: {mode: REGISTRY_ONLY}}")]
    [InlineData("Sidecar", "{workloadSelector: {labels: {app: ratings}}, ingress: [{port: {number: 9080, protocol: HTTP, name: http}, defaultEndpoint: \"127.0.0.1:8080\"}], egress: [{port: {number: 9080, protocol: HTTP}, hosts: [\"./*\"]}, {hosts: [\"istio-system/*\"]}]}")]
    [InlineData("Sidecar", "{egress: [{port: {number: 0, protocol: HTTP}, bind: \"unix:///var/run/out.sock\", hosts: [\"./*\"]}]}")]
    [InlineData("Sidecar", "{ingress: [{port: {number: 9080, protocol: HTTP}, defaultEndpoint: \"unix:///var/run/app.sock\"}, {port: {number: 9081, protocol: HTTP}, defaultEndpoint: \"[::1]:8081\"}, {port: {number: 9082, protocol: HTTP}, defaultEndpoint: \"0.0.0.0:8082\"}]}")]
    [InlineData("Sidecar", "{outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: egress.istio-system.svc.cluster.local, port: {number: 3128}}}}")]
    [InlineData("WorkloadEntry", "{address: 10.0.0.7, ports: {http: 9080}, labels: {app: ratings, version: vm}, serviceAccount: bookinfo-ratings}")]
    [InlineData("WorkloadEntry", "{address: vm1.example.com}")]
    [InlineData("WorkloadEntry", "{address: \"unix:///var/run/app.sock\"}")]
    [InlineData("WorkloadEntry", "{network: vm-network}")]
    [InlineData("WorkloadGroup", "{metadata: {labels: {app: ratings}}, template: {ports: {http: 9080}, serviceAccount: ratings}, probe: {periodSeconds: 5, httpGet: {path: /ready, port: 9080}}}")]
    [InlineData("ProxyConfig", "{selector: {matchLabels: {app: ratings}}, concurrency: 0, environmentVariables: {ISTIO_META_X: y}, image: {imageType: distroless}}")]
    [InlineData("RequestAuthentication", "{selector: {matchLabels: {istio: ingressgateway}}, jwtRules: [{issuer: \"testing@secure.istio.io\", jwksUri: \"https://raw.example.com/jwks.json\"}]}")]
    [InlineData("RequestAuthentication", "{jwtRules: [{issuer: i, audiences: [bookinfo], jwks: \"" + Jwks + "\", fromHeaders: [{name: x-jwt}], fromParams: [token], outputPayloadToHeader: x-jwt-payload, forwardOriginalToken: true, outputClaimToHeaders: [{header: x-sub, claim: sub}]}]}")]
    [InlineData("RequestAuthentication", "{jwtRules: [{jwksUri: \"http://127.0.0.1:8080/keys\"}]}")]
    public void Validate_ValidResource_HasNoErrors(string kind, string spec)
    {
        Assert.Empty(ValidationHarness.Errors(kind, spec));
    }
}
