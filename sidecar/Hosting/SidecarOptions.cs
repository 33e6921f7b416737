using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Sidecar.Outbound;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>
/// Settings of one workload's sidecar, bound from the <c>Sidecar</c> configuration section (command line
/// <c>--service</c>, <c>--app-port</c>, ..., or environment <c>GATEWAYMESH_SIDECAR__SERVICE</c>, ...).
/// </summary>
public sealed class SidecarOptions
{
    public const string SectionName = "Sidecar";

    /// <summary>The service this workload is an instance of; required.</summary>
    public string Service { get; set; } = "";

    public string Namespace { get; set; } = "default";

    public string Version { get; set; } = "v1";

    /// <summary>Default <c>&lt;service&gt;-&lt;version&gt;-&lt;random&gt;</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Default: the service name.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>Extra workload labels from repeated <c>--label k=v</c>; <c>app</c> and <c>version</c> are always set.</summary>
    public List<string> ExtraLabels { get; } = [];

    /// <summary>Where other workloads reach this one; 0 picks a free port. Registered as the instance's port.</summary>
    public int InboundPort { get; set; }

    /// <summary>The app's HTTP_PROXY; 0 picks a free port.</summary>
    public int OutboundPort { get; set; }

    /// <summary>Health and debug endpoints; 0 picks a free port.</summary>
    public int AdminPort { get; set; }

    /// <summary>The local app's port on 127.0.0.1; 0 picks a free one (useful with <see cref="AppCommand"/>).</summary>
    public int AppPort { get; set; }

    /// <summary>A shell command that starts the app once the sidecar is ready; optional.</summary>
    public string? AppCommand { get; set; }

    /// <summary>
    /// What the local app speaks on its port: <c>http</c> (HTTP/1.1), <c>http2</c>/<c>grpc</c>/<c>h2c</c> (HTTP/2 with prior
    /// knowledge), or unset to keep each request's version (an HTTP/2 request reaches the app as h2c).
    /// </summary>
    public string? AppProtocol { get; set; }

    /// <summary>Most CONNECT tunnels the outbound listener keeps open at once; more are answered 503.</summary>
    public int MaxTunnels { get; set; } = 1024;

    /// <summary>A CONNECT tunnel with no byte either way for this long is closed (Istio's TCP idle timeout is 1 h).</summary>
    public TimeSpan TunnelIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a new outbound connection may take to send its first request head before it is closed.</summary>
    public TimeSpan TunnelHeadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>ALLOW_ANY</c> (default) or <c>REGISTRY_ONLY</c>.</summary>
    public string OutboundPolicy { get; set; } = "ALLOW_ANY";

    /// <summary>
    /// The registry's base URL, or every replica's separated by commas (tried in turn); without it the sidecar does
    /// not register.
    /// </summary>
    public string? Registry { get; set; }

    /// <summary>Each registry replica's base URL, with a trailing slash.</summary>
    public IReadOnlyList<Uri> RegistryUrls() =>
        [.. (Registry ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url.TrimEnd('/') + "/"))];

    public string? RegistryTokenFile { get; set; }

    /// <summary>The registration lease (<c>--lease-ttl</c>, a duration such as <c>10s</c>), whole seconds from 1 s to 300 s.</summary>
    public string LeaseTtl { get; set; } = "10s";

    public string? Redis { get; set; }

    public string? RedisUser { get; set; }

    public string? RedisPasswordFile { get; set; }

    public string? KeyPrefix { get; set; }

    /// <summary>Where the last good snapshot is kept; default <c>&lt;state dir&gt;/snapshot.json</c>.</summary>
    public string? SnapshotFile { get; set; }

    /// <summary>
    /// The sidecar's own folder (<c>--state-dir</c>; an emptyDir on Kubernetes), holding its last good snapshot. Default
    /// <c>.gatewaymesh/sidecar-&lt;service&gt;-&lt;version&gt;</c> under the working directory.
    /// </summary>
    public string? StateDir { get; set; }

    /// <summary>The snapshot file in use: always set, so every sidecar survives a restart while Redis is down.</summary>
    public string EffectiveSnapshotFile => Path.GetFullPath(
        !string.IsNullOrWhiteSpace(SnapshotFile) ? SnapshotFile
        : Path.Combine(string.IsNullOrWhiteSpace(StateDir) ? Path.Combine(".gatewaymesh", $"sidecar-{Service}-{Version}") : StateDir, "snapshot.json"));

    /// <summary>The CA's HTTPS address; without it the sidecar gets no workload certificate (mesh mTLS off for it).</summary>
    public string? CaAddress { get; set; }

    /// <summary>PEM root(s) the CA's server certificate is verified against.</summary>
    public string? CaRootFile { get; set; }

    /// <summary>Owner-only file holding this workload's one-use bootstrap token.</summary>
    public string? CaTokenFile { get; set; }

    /// <summary>The workload certificate's lifetime to ask for (<c>1h</c>, <c>20s</c>); default the CA's (1 h).</summary>
    public string? CertTtl { get; set; }

    public WorkloadIdentitySwitches IdentitySwitches => new(CaAddress, CaRootFile, CaTokenFile, TrustDomain, CertTtl);

    /// <summary>The mesh's root namespace (<c>--root-namespace</c>): its policies without a selector apply mesh-wide.</summary>
    public string RootNamespace { get; set; } = "istio-system";

    /// <summary>The trust domain of the SPIFFE IDs this sidecar expects from its mTLS peers (<c>--trust-domain</c>).</summary>
    public string TrustDomain { get; set; } = SpiffeId.DefaultTrustDomain;

    public UpstreamProtocol ParseAppProtocol() => UpstreamProtocols.Parse(AppProtocol);

    public string EffectiveServiceAccount => string.IsNullOrWhiteSpace(ServiceAccount) ? Service : ServiceAccount;

    public OutboundPolicy ParseOutboundPolicy() => OutboundPolicy.Trim().ToUpperInvariant() switch
    {
        "ALLOW_ANY" => Outbound.OutboundPolicy.AllowAny,
        "REGISTRY_ONLY" => Outbound.OutboundPolicy.RegistryOnly,
        _ => throw new InvalidOperationException($"--outbound-policy: '{OutboundPolicy}' is not ALLOW_ANY or REGISTRY_ONLY"),
    };

    public const int MinLeaseSeconds = 1;
    public const int MaxLeaseSeconds = 300;

    /// <summary>The lease as a TimeSpan; fails naming <c>--lease-ttl</c> when it is not whole seconds from 1 s to 300 s.</summary>
    public TimeSpan ParseLeaseTtl()
    {
        if (!MeshDuration.TryParse(LeaseTtl, out var duration, out var error))
        {
            throw new InvalidOperationException($"--lease-ttl: '{LeaseTtl}' is not a duration ({error}); e.g. 10s");
        }

        var value = duration.Value;
        if (value < TimeSpan.FromSeconds(MinLeaseSeconds) || value > TimeSpan.FromSeconds(MaxLeaseSeconds) || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new InvalidOperationException($"--lease-ttl: '{LeaseTtl}' must be whole seconds from {MinLeaseSeconds}s to {MaxLeaseSeconds}s");
        }

        return value;
    }

    /// <summary><c>app</c>=service, <c>version</c>=version, then every <c>--label k=v</c> (which may override them).</summary>
    public ValueMap<string, string> ParseLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = Service, ["version"] = Version };
        foreach (var entry in ExtraLabels)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"--label: '{entry}' is not key=value");
            }

            labels[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
        }

        return labels.ToValueMap();
    }

    /// <summary>Fails with the switch to set when a required setting is missing.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Service))
        {
            throw new InvalidOperationException("Set --service NAME (or GATEWAYMESH_SIDECAR__SERVICE).");
        }

        if (AppPort == 0 && string.IsNullOrWhiteSpace(AppCommand))
        {
            throw new InvalidOperationException("Set --app-port PORT (the local app's port), or --app-command to let the sidecar start it.");
        }

        if (!SpiffeId.TryParse($"spiffe://{TrustDomain}/ns/x/sa/x", out _))
        {
            throw new InvalidOperationException($"--trust-domain: '{TrustDomain}' is not a trust domain (letters, digits, '.', '-', '_')");
        }

        _ = ParseOutboundPolicy();
        _ = ParseLeaseTtl();
        _ = IdentitySwitches.ToAgentOptions();
        _ = IdentitySwitches.Identity(Namespace, EffectiveServiceAccount);
        if (!string.IsNullOrWhiteSpace(AppProtocol) && ParseAppProtocol() == UpstreamProtocol.Unspecified)
        {
            throw new InvalidOperationException($"--app-protocol: '{AppProtocol}' is not http, http2, h2c, grpc or grpc-web");
        }

        foreach (var url in (Registry ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"--registry: '{url}' is not an http(s) URL (several replicas: separate them with commas)");
            }
        }

        if (MaxTunnels < 0)
        {
            throw new InvalidOperationException($"--max-tunnels: {MaxTunnels} is negative");
        }

        if (TunnelIdleTimeout <= TimeSpan.Zero || TunnelHeadTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("--tunnel-idle-timeout and --tunnel-head-timeout must be positive (e.g. 00:05:00)");
        }
    }
}
