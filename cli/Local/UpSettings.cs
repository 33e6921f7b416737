

using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Local.Workloads;

namespace GatewayMesh.Cli.Local;

/// <summary>What <c>meshctl up</c> was asked for.</summary>
internal sealed record UpSettings
{
    public bool Detach { get; init; }

    /// <summary>An external Redis (<c>--redis</c> / <c>MESHCTL_REDIS</c>); null starts a private redis-server.</summary>
    public string? ExternalRedis { get; init; }

    public string? ExternalRedisUser { get; init; }

    public string? ExternalRedisPasswordFile { get; init; }

    public int RedisPort { get; init; } = RedisLauncher.DefaultPort;

    public int RegistryPort { get; init; } = RegistryLauncher.DefaultPort;

    /// <summary>The CA's HTTPS port (started with the workloads, whose certificates it issues).</summary>
    public int CaPort { get; init; } = CaLauncher.DefaultPort;

    /// <summary>False (<c>--no-workloads</c>) starts only Redis and the registry.</summary>
    public bool Workloads { get; init; } = true;

    /// <summary>The ingress's traffic port; 0 lets the ingress choose a free one.</summary>
    public int IngressPort { get; init; } = WorkloadLauncher.DefaultIngressPort;

    /// <summary>The ingress's HTTPS port; 0 lets the ingress choose a free one.</summary>
    public int IngressHttpsPort { get; init; } = WorkloadLauncher.DefaultIngressHttpsPort;

    /// <summary>The sidecars' registration lease (<c>--lease-ttl</c>); null keeps their default (10 s).</summary>
    public TimeSpan? LeaseTtl { get; init; }

    /// <summary>The proxies' workload certificate lifetime (<c>--cert-ttl</c>); null keeps the CA's default (1 h).</summary>
    public TimeSpan? CertTtl { get; init; }

    /// <summary>A prebuilt registry dll (<c>--registry-dll</c>); null builds the registry when stale.</summary>
    public string? RegistryDll { get; init; }

    /// <summary>Access log, tracing, Prometheus and the dashboard (issue 13).</summary>
    public ObservabilitySettings Observability { get; init; } = new();

    /// <summary>The environment each proxy starts with (telemetry defaults, OTLP exporter); set by <c>up</c> once ports are known.</summary>
    public IReadOnlyDictionary<string, string> ProxyEnvironment { get; init; } = new Dictionary<string, string>();
}
