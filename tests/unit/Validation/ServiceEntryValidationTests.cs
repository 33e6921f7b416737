using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class ServiceEntryValidationTests
{
    private const string Ports = "ports: [{number: 443, name: https, protocol: TLS}]";

    public static TheoryData<string, string> Cases() => new()
    {
        { "{" + Ports + "}", "spec.hosts: at least one host is required" },
        { "{hosts: [\"*\"], " + Ports + "}", "spec.hosts[0]: host \"*\" is not allowed here; name the hosts or use a \"*.\" wildcard" },
        { "{hosts: [api.example.com], addresses: [300.1.1.1], " + Ports + "}", "spec.addresses[0]: invalid address \"300.1.1.1\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)" },
        { "{hosts: [api.example.com], ports: [{name: https, protocol: TLS}]}", "spec.ports[0].number: port number is required" },
        { "{hosts: [api.example.com], ports: [{number: 53, name: dns, protocol: UDP}]}", "spec.ports[0].protocol: unsupported protocol \"UDP\"; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS" },
        { "{hosts: [api.example.com], ports: [{number: 443, protocol: TLS}]}", "spec.ports[0].name: port name is required" },
        { "{hosts: [api.example.com], ports: [{number: 443, name: HTTPS, protocol: TLS}]}", "spec.ports[0].name: invalid port name \"HTTPS\": expected a DNS-1123 label" },
        { "{hosts: [api.example.com], ports: [{number: 443, name: a, protocol: TLS}, {number: 443, name: b, protocol: TLS}]}", "spec.ports[1].number: port 443 is defined twice (first at spec.ports[0])" },
        { "{hosts: [api.example.com], ports: [{number: 443, name: a, protocol: TLS}, {number: 8443, name: a, protocol: TLS}]}", "spec.ports[1].name: port name \"a\" is defined twice (first at spec.ports[0])" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC}", "spec.endpoints: resolution STATIC needs endpoints or a workloadSelector" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: NONE, endpoints: [{address: 10.0.0.1}]}", "spec.endpoints: resolution NONE takes no endpoints; use STATIC or DNS" },
        { "{hosts: [\"*.example.com\"], " + Ports + ", resolution: DNS}", "spec.hosts[0]: wildcard host \"*.example.com\" cannot be resolved by DNS; add endpoints or use resolution NONE" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: DNS_ROUND_ROBIN, endpoints: [{address: a.example.com}, {address: b.example.com}]}", "spec.endpoints: resolution DNS_ROUND_ROBIN takes at most one endpoint, got 2" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1}], workloadSelector: {labels: {app: api}}}", "spec: set endpoints or workloadSelector, not both" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: api.internal}]}", "spec.endpoints[0].address: invalid endpoint address \"api.internal\": resolution STATIC needs an IP address or a unix socket" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: DNS, endpoints: [{address: \"bad host\"}]}", "spec.endpoints[0].address: invalid endpoint address \"bad host\": expected a host name, an IP address or a unix socket" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: DNS, endpoints: [{address: \"unix:///var/run/api.sock\"}]}", "spec.endpoints[0].address: unix socket endpoint \"unix:///var/run/api.sock\" needs resolution STATIC" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1, ports: {http: 8080}}]}", "spec.endpoints[0].ports[http]: port \"http\" is not a declared port name; declared: https" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1, weight: -1}]}", "spec.endpoints[0].weight: must not be negative, got -1" },
        { "{hosts: [api.example.com], ports: [{number: 443, name: https, protocol: TLS, targetPort: 0}]}", "spec.ports[0].targetPort: port must be between 1 and 65535, got 0" },
        { "{hosts: [api.example.com], ports: [{number: 443, name: https}]}", "spec.ports[0].protocol: protocol is required; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{ports: {https: 8443}}]}", "spec.endpoints[0].address: endpoint address is required" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: \"unix://\"}]}", "spec.endpoints[0].address: unix socket address needs a path after \"unix://\"" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1, ports: {https: 70000}}]}", "spec.endpoints[0].ports[https]: port must be between 1 and 65535, got 70000" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1, labels: {app: \"a b\"}}]}", "spec.endpoints[0].labels[app]: invalid label value \"a b\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
        { "{hosts: [api.example.com], " + Ports + ", resolution: STATIC, workloadSelector: {labels: {\"-x\": y}}}", "spec.workloadSelector.labels[-x]: invalid key \"-x\": expected an optional prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
        { "{hosts: [api.example.com], " + Ports + ", exportTo: [All]}", "spec.exportTo[0]: invalid exportTo \"All\": expected \".\", \"*\", \"~\" or a namespace name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_InvalidServiceEntry_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["ServiceEntry default/x: " + expected], ValidationHarness.Errors("ServiceEntry", spec));
    }

    [Theory]
    [InlineData("{hosts: [api.example.com], " + Ports + ", resolution: DNS, location: MESH_EXTERNAL}")]
    [InlineData("{hosts: [\"*.example.com\"], addresses: [10.1.0.0/16], " + Ports + ", resolution: NONE}")]
    [InlineData("{hosts: [db.internal], " + Ports + ", resolution: STATIC, endpoints: [{address: 10.0.0.1, ports: {https: 8443}, weight: 3}, {address: \"unix:///var/run/db.sock\"}]}")]
    [InlineData("{hosts: [api.example.com], " + Ports + ", resolution: STATIC, workloadSelector: {labels: {app: api}}}")]
    public void Validate_ValidServiceEntry_HasNoErrors(string spec)
    {
        Assert.Empty(ValidationHarness.Errors("ServiceEntry", spec));
    }
}
