using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ingress.Hosting;
using GatewayMesh.KubernetesTests.Infrastructure;
using GatewayMesh.Testing;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.KubernetesTests.Ingress;

/// <summary>
/// HTTPS on the ingress in Kubernetes mode: a Gateway server's <c>credentialName</c> is a Secret of the ingress's
/// namespace, read through the real API server by the ingress logged in as its chart ServiceAccount (so the chart's
/// Role is what it gets), served to real TLS handshakes on a loopback port, rotated when the Secret changes, and
/// refused (that server only) while the Secret is missing or may not be read.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class GatewaySecretTests(KubeEnvironment environment) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly X509Certificate2 _root = TestCertificates.CreateRoot("gateway-secret-tests", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    private readonly string _directory = Directory.CreateTempSubdirectory("gm-kube-gwtls-").FullName;

    [Fact]
    public async Task CredentialName_SecretsOfTheIngressNamespace_ServedRotatedAndFailClosedPerServer()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("gwtls");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        var suffix = ns[(ns.LastIndexOf('-') + 1)..];
        var (secretA, secretB) = ($"tls-a-{suffix}", $"tls-b-{suffix}");
        var certificateA = Issue("a.example");
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret(secretA, certificateA), ControlPlane.Namespace);

        var kubeconfig = await ServiceAccountTokens.KubeconfigAsync(environment.Server, ControlPlane.Namespace, "istio-ingressgateway-service-account", _directory);
        var logs = new LogCapture();
        await using var ingress = await RunningIngress.StartAsync(plane, suffix, ControlPlane.Namespace, kubeconfig, logs);
        var port = ingress.HttpsPort;
        await ApplyGatewayAsync(ns, suffix, secretA, secretB);

        await WaitForCertificateAsync(port, "a.example", certificateA, logs);
        Assert.Null(await HandshakeAsync(_root, port, "b.example")); // tls-b does not exist: that server refuses TLS, a.example is served

        // Istio's generic form (cert/key) in an Opaque Secret, created after the Gateway.
        var certificateB = Issue("b.example");
        await client.CoreV1.CreateNamespacedSecretAsync(GenericSecret(secretB, certificateB), ControlPlane.Namespace);
        await WaitForCertificateAsync(port, "b.example", certificateB, logs);

        // Rotation: the Secret's data replaced in place; new handshakes get the new certificate.
        var rotated = Issue("a.example");
        var secret = await client.CoreV1.ReadNamespacedSecretAsync(secretA, ControlPlane.Namespace);
        secret.Data = TlsSecret(secretA, rotated).Data;
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, secretA, ControlPlane.Namespace);
        await WaitForCertificateAsync(port, "a.example", rotated, logs);

        // Deleting a Secret stops its server (fail closed); the other keeps serving.
        (await environment.Tools.KubectlAsync(null, "delete", "secret", secretB, "-n", ControlPlane.Namespace)).EnsureSuccess("kubectl delete secret");
        await Eventually.TrueAsync(async () => await HandshakeAsync(_root, port, "b.example") is null, Timeout, () => "b.example refused after its Secret was deleted\n" + logs.Dump());
        Assert.Equal(rotated.Thumbprint, (await HandshakeAsync(_root, port, "a.example"))?.Thumbprint);

        AssertNoKeyMaterial(logs, certificateA, certificateB, rotated);
        Assert.Contains(logs.Entries, e => e.EventId == 4022 && e.Message.Contains(secretA, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialName_RoleWithResourceNames_OnlyTheNamedSecretIsReadAndServed()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("gwtls-narrow");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        var suffix = ns[(ns.LastIndexOf('-') + 1)..];
        var (allowed, denied) = ("allowed-credential", "denied-credential");

        // What the chart renders with ingress.credentialSecrets: [allowed-credential].
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, "narrow-gateway");
        await client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "narrow-gateway" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], Verbs = ["get", "watch", "list"], ResourceNames = [allowed] }],
        }, ns);
        await client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "narrow-gateway" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "narrow-gateway" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "narrow-gateway", NamespaceProperty = ns }],
        }, ns);
        var certificateA = Issue("a.example");
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret(allowed, certificateA), ns);
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret(denied, Issue("b.example")), ns);

        var kubeconfig = await ServiceAccountTokens.KubeconfigAsync(environment.Server, ns, "narrow-gateway", _directory);
        var logs = new LogCapture();
        await using var ingress = await RunningIngress.StartAsync(plane, suffix, ns, kubeconfig, logs);
        var port = ingress.HttpsPort;
        await ApplyGatewayAsync(ns, suffix, allowed, denied);

        await WaitForCertificateAsync(port, "a.example", certificateA, logs);
        await logs.WaitForAsync(4024, $"Secret {ns}/{denied} cannot be read: 403", Timeout);
        Assert.Null(await HandshakeAsync(_root, port, "b.example"));
    }

    public void Dispose()
    {
        _root.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task ApplyGatewayAsync(string ns, string label, string credentialA, string credentialB)
    {
        var gateway = $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: tls-gateway}
            spec:
              selector: {gwtest: "{{label}}"}
              servers:
              - port: {number: 443, name: https-a, protocol: HTTPS}
                hosts: [a.example]
                tls: {mode: SIMPLE, credentialName: {{credentialA}}}
              - port: {number: 443, name: https-b, protocol: HTTPS}
                hosts: [b.example]
                tls: {mode: SIMPLE, credentialName: {{credentialB}}}
            """;
        (await environment.Tools.KubectlAsync(gateway, "apply", "-n", ns, "-f", "-")).EnsureSuccess("kubectl apply gateway");
    }

    private async Task WaitForCertificateAsync(int port, string host, X509Certificate2 expected, LogCapture logs) =>
        await Eventually.TrueAsync(
            async () => (await HandshakeAsync(_root, port, host))?.Thumbprint == expected.Thumbprint,
            Timeout,
            () => $"{host} served with {expected.Subject} ({expected.Thumbprint})\n{logs.Dump()}");

    /// <summary>The certificate the HTTPS listener presents for <paramref name="host"/>, or null when it refuses the handshake.</summary>
    private static async Task<X509Certificate2?> HandshakeAsync(X509Certificate2 root, int port, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusts(root, certificate), // which leaf it was: the caller compares
            }).WaitAsync(TimeSpan.FromSeconds(10));
            return new X509Certificate2(tls.RemoteCertificate!);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            return null;
        }
    }

    private static bool Trusts(X509Certificate2 root, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    private X509Certificate2 Issue(string host)
    {
        var now = DateTimeOffset.UtcNow;
        return TestCertificates.Issue(_root, $"CN={host}", san => san.AddDnsName(host), [TestCertificates.ServerAuth], now.AddMinutes(-5), now.AddHours(1));
    }

    private static V1Secret TlsSecret(string name, X509Certificate2 certificate) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()),
            ["tls.key"] = System.Text.Encoding.UTF8.GetBytes(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        },
    };

    private static V1Secret GenericSecret(string name, X509Certificate2 certificate) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "Opaque",
        Data = new Dictionary<string, byte[]>
        {
            ["cert"] = System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()),
            ["key"] = System.Text.Encoding.UTF8.GetBytes(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        },
    };

    private static void AssertNoKeyMaterial(LogCapture logs, params X509Certificate2[] certificates)
    {
        var all = logs.Dump();
        Assert.DoesNotContain("PRIVATE KEY", all, StringComparison.Ordinal);
        foreach (var certificate in certificates)
        {
            var key = certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey();
            Assert.DoesNotContain(Convert.ToBase64String(key)[..40], all, StringComparison.Ordinal);
        }
    }
}

/// <summary>An ingress run in-process as the chart runs it in Kubernetes mode (credentials from Secrets), stopped on dispose.</summary>
internal sealed class RunningIngress(WebApplication app) : IAsyncDisposable
{
    public int HttpsPort => app.Services.GetRequiredService<IngressListeners>().HttpsUri.Port;

    public static async Task<RunningIngress> StartAsync(ControlPlane plane, string label, string secretsNamespace, string kubeconfig, LogCapture logs)
    {
        var app = IngressApp.Create(
        [
            "--redis", plane.Redis.Address, "--redis-user", "proxy", "--http-port", "0", "--https-port", "0", "--admin-port", "0",
            "--namespace", secretsNamespace, "--labels", $"gwtest={label}",
            "--credentials-secrets-namespace", secretsNamespace, "--kubeconfig", kubeconfig,
        ], services => services.AddLogging(l => l.ClearProviders().AddProvider(logs).AddFilter("GatewayMesh", LogLevel.Debug)));
        await app.StartAsync();
        return new RunningIngress(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
