using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class GatewayValidationTests
{
    private const string Http = "{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"]}";

    public static TheoryData<string, string> Cases() => new()
    {
        { "{selector: {istio: ingressgateway}}", "spec.servers: at least one server is required" },
        { "{servers: [{hosts: [\"*\"]}]}", "spec.servers[0].port: port is required" },
        { "{servers: [{port: {number: 0, name: http, protocol: HTTP}, hosts: [\"*\"]}]}", "spec.servers[0].port.number: port must be between 1 and 65535, got 0" },
        { "{servers: [{port: {name: http, protocol: HTTP}, hosts: [\"*\"]}]}", "spec.servers[0].port.number: port number is required" },
        { "{servers: [{port: {number: 21, name: ftp, protocol: FTP}, hosts: [\"*\"]}]}", "spec.servers[0].port.protocol: unsupported protocol \"FTP\"; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS" },
        { "{servers: [{port: {number: 80, name: http}, hosts: [\"*\"]}]}", "spec.servers[0].port.protocol: protocol is required; expected one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS" },
        { "{servers: [" + Http + ", {port: {number: 8080, name: http, protocol: HTTP}, hosts: [\"*\"]}]}", "spec.servers[1].port.name: port name \"http\" is defined twice (first at spec.servers[0])" },
        { "{servers: [{port: {number: 80, name: http, protocol: HTTP}}]}", "spec.servers[0].hosts: at least one host is required" },
        { "{servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [a/b/c]}]}", "spec.servers[0].hosts[0]: invalid host \"a/b/c\": expected \"host\" or \"namespace/host\"" },
        { "{servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [Bad/foo.com]}]}", "spec.servers[0].hosts[0]: invalid namespace \"Bad\" in host \"Bad/foo.com\": expected \"*\", \".\", \"~\" or a namespace name" },
        { "{servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"prod/foo.com:80\"]}]}", "spec.servers[0].hosts[0]: invalid host \"foo.com:80\": must not include a port" },
        { "{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"]}]}", "spec.servers[0].tls: HTTPS servers need tls settings" },
        { "{servers: [{port: {number: 443, name: tls, protocol: TLS}, hosts: [\"*\"]}]}", "spec.servers[0].tls: TLS servers need tls settings" },
        { "{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {mode: PASSTHROUGH}}]}", "spec.servers[0].tls.mode: HTTPS servers terminate TLS: set mode SIMPLE or MUTUAL (PASSTHROUGH and AUTO_PASSTHROUGH are only for TLS servers), got PASSTHROUGH" },
        { "{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {mode: SIMPLE}}]}", "spec.servers[0].tls: mode SIMPLE needs credentialName, or serverCertificate and privateKey" },
        { "{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem}}]}", "spec.servers[0].tls: mode MUTUAL needs caCertificates (or credentialName) to verify clients" },
        { "{servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"], tls: {mode: SIMPLE, credentialName: cert}}]}", "spec.servers[0].tls: plain-text servers may only set tls.httpsRedirect; use protocol HTTPS or TLS to terminate TLS" },
        { "{selector: {\"bad key!\": x}, servers: [" + Http + "]}", "spec.selector[bad key!]: invalid key \"bad key!\": expected an optional prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_InvalidGateway_ReportsExactError(string spec, string expected)
    {
        Assert.Equal(["Gateway default/x: " + expected], ValidationHarness.Errors("Gateway", spec));
    }

    [Theory]
    [InlineData("{selector: {istio: ingressgateway}, servers: [" + Http + "]}")]
    [InlineData("{servers: [{port: {number: 80, name: http, protocol: http}, hosts: [\"*/reviews.example.com\", \"./*.example.com\"], tls: {httpsRedirect: true}}]}")]
    [InlineData("{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {mode: SIMPLE, credentialName: bookinfo-cert}}]}")]
    [InlineData("{servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem, caCertificates: /ca.pem}}]}")]
    [InlineData("{servers: [{port: {number: 443, name: tls, protocol: TLS}, hosts: [\"*\"], tls: {mode: PASSTHROUGH}}, {port: {number: 15443, name: tls-auto, protocol: TLS}, hosts: [\"*.local\"], tls: {mode: AUTO_PASSTHROUGH}}]}")]
    public void Validate_ValidGateway_HasNoErrors(string spec)
    {
        Assert.Empty(ValidationHarness.Errors("Gateway", spec));
    }
}
