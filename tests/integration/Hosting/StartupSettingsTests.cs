using GatewayMesh.Ca.Kubernetes;
using GatewayMesh.Ca.Settings;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Ingress.Settings;
using GatewayMesh.Registry.Kubernetes.Settings;
using GatewayMesh.Registry.Settings;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Settings;
using Xunit;

namespace GatewayMesh.IntegrationTests.Hosting;

/// <summary>
/// Every component's settings report every bad switch at once, each by its name, so one failed start shows all there
/// is to fix (issue 16: options validated at start).
/// </summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public void Ingress_SeveralBadSwitches_EveryOneNamed()
    {
        var options = new IngressOptions { AdminPort = 70000, TrustDomain = "not a domain", Bind = "pod-ip", HttpPort = -1, HttpsRedirectPort = 65536, Labels = "istio" };

        AssertProblems(options, "--redis:", "--trust-domain: 'not a domain'", "--admin-port: 70000", "--bind: 'pod-ip'", "--http-port: -1", "--https-redirect-port: 65536", "--labels: 'istio'");
    }

    [Fact]
    public void Ingress_Defaults_WithRedis_NoProblem() => AssertProblems(new IngressOptions { RedisSwitches = { Redis = "127.0.0.1:6379" } });

    [Fact]
    public void Sidecar_SeveralBadSwitches_EveryOneNamed()
    {
        var options = new SidecarOptions
        {
            RedisSwitches = { Redis = "127.0.0.1:6379" }, Capture = "tproxy", LeaseTtl = "0s", OutboundPolicy = "DENY", AppProtocol = "smtp", MaxTunnels = -1,
            TunnelIdleTimeout = TimeSpan.Zero, InboundPort = 70000, CaRootFile = "root.pem",
        };
        options.ExtraLabels.Add("zone");

        AssertProblems(
            options, "--service:", "--app-port:", "--inbound-port: 70000", "--capture: 'tproxy'", "--outbound-policy: 'DENY'", "--lease-ttl: '0s'",
            "--label: 'zone'", "--app-protocol: 'smtp'", "--max-tunnels: -1", "--tunnel-idle-timeout:", "--ca-root-file and --ca-token-file need --ca-address");
    }

    [Fact]
    public void Sidecar_Minimal_NoProblem() => AssertProblems(new SidecarOptions { RedisSwitches = { Redis = "127.0.0.1:6379" }, Service = "reviews", AppPort = 9080 });

    [Fact]
    public void Sidecar_Validate_ThrowsOneExceptionListingAll()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Capture = "tproxy" }.Validate());

        Assert.Equal("sidecar", error.Component);
        Assert.StartsWith("sidecar: 4 invalid settings:", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Problems.Count); // --redis, --service, --app-port, --capture
        Assert.All(error.Problems, p => Assert.Contains("\n  " + p, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Dapr_BadPortsLimitsAndMissingTokenFile_EveryOneNamed()
    {
        var options = new DaprApiOptions { HttpPort = 99999, GrpcPort = -2, ApiTokenFile = "/nonexistent/dapr-token", MaxBulkItems = 0 };

        AssertProblems(options, "--dapr-http-port: 99999", "--dapr-grpc-port: -2", "--dapr-api-token-file: '/nonexistent/dapr-token'", "Dapr:MaxBulkItems: 0");
    }

    [Fact]
    public void Dapr_Disabled_NoProblem() => AssertProblems(new DaprApiOptions { HttpPort = DaprApiOptions.Disabled, GrpcPort = DaprApiOptions.Disabled });

    [Fact]
    public void Registry_SeveralBadSwitches_EveryOneNamed()
    {
        var options = new RegistryOptions { LeaderLease = "soon", JwksRefresh = "-5s", JwksRetry = "0s", JwksCaFile = "/nonexistent/ca.pem", ListMaxBytes = 0, ReadinessTimeout = TimeSpan.Zero };

        AssertProblems(
            options, "--redis:", "--leader-lease: 'soon'", "--jwks-refresh: '-5s'", "--jwks-retry: '0s'", "--jwks-ca-file: '/nonexistent/ca.pem'",
            "Registry:ReadinessTimeout:", "Registry:ListMaxBytes: 0");
    }

    [Fact]
    public void Registry_InMemory_NoProblem() => AssertProblems(new RegistryOptions { InMemory = true });

    [Fact]
    public void RegistryKubernetes_SeveralBadSwitches_EveryOneNamed()
    {
        var options = new KubernetesOptions { RetryPeriod = "20s", WebhookPort = 70000, WebhookAddress = "anywhere", EndpointsApi = "slices", TrustDomain = "a b", Kubeconfig = "/nonexistent/kubeconfig" };

        AssertProblems(options, "leader election needs", "--webhook-port: 70000", "--webhook-address: 'anywhere'", "--endpoints-api: 'slices'", "--trust-domain: 'a b'", "--kubeconfig: '/nonexistent/kubeconfig'");
    }

    [Fact]
    public void RegistryKubernetes_Defaults_NoProblem() => AssertProblems(new KubernetesOptions());

    [Fact]
    public void Ca_SeveralBadSwitches_EveryOneNamed()
    {
        var options = new CaOptions { Port = 70000, MaxTtl = "48h", RateBurst = 0, ListenAddress = "anywhere", DnsSanGrants = "nobody" };

        AssertProblems(options, "--dir is required", "--port 70000", "--max-ttl 48h", "--rate-burst 0", "--listen-address 'anywhere'", "--dns-san-grants: 'nobody'");
    }

    [Fact]
    public void Ca_From_ThrowsOneExceptionListingAll()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => CaSettings.From(new CaOptions { RateBurst = 0 }));

        Assert.Equal(["--dir", "--rate-burst"], error.Problems.Select(p => p.Split(' ', ':')[0]));
    }

    [Fact]
    public void CaKubernetes_BadSwitches_EveryOneNamed() =>
        AssertProblems(new CaKubernetesOptions { TokenAudience = " ", Kubeconfig = "/nonexistent/kubeconfig" }, "--token-audience:", "--kubeconfig: '/nonexistent/kubeconfig'");

    [Fact]
    public void Report_InvalidSettings_WritesEveryProblemAndReturnsNull()
    {
        using var error = new StringWriter();

        var app = InvalidSettingsException.Report<object>(() => throw new InvalidSettingsException("ingress", ["--a: bad", "--b: worse"]), error);

        Assert.Null(app);
        Assert.Equal($"ingress: 2 invalid settings:{Environment.NewLine}  --a: bad{Environment.NewLine}  --b: worse{Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void Report_OtherFailure_IsNotHidden()
    {
        using var error = new StringWriter();

        Assert.Throws<IOException>(() => InvalidSettingsException.Report<object>(() => throw new IOException("disk"), error));
        Assert.Equal("", error.ToString());
    }

    private static void AssertProblems(IValidatedSettings settings, params string[] expected)
    {
        var problems = new SettingsProblems();
        settings.Validate(problems);

        Assert.True(expected.Length == problems.All.Count, "problems: " + string.Join(" | ", problems.All));
        Assert.All(expected, start => Assert.Single(problems.All, p => p.StartsWith(start, StringComparison.Ordinal)));
    }
}
