using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Protocols;

namespace GatewayMesh.Sidecar.Settings;

/// <summary>
/// Settings of one workload's sidecar, bound from the <c>Sidecar</c> configuration section (command line
/// <c>--service</c>, <c>--app-port</c>, ..., or environment <c>GATEWAYMESH_SIDECAR__SERVICE</c>, ...): the settings every
/// proxy has (<see cref="ProxyHostOptions"/>) and the workload's own: its app, listeners, tunnels and registration.
/// </summary>
public sealed class SidecarOptions : ProxyHostOptions
{
    public const string Section = "Sidecar";

    /// <summary>The sidecar's own command-line switches (the shared ones are <see cref="ProxyHostOptions.Switches"/>; <c>--label</c> repeats and is read apart).</summary>
    public static readonly IReadOnlyList<string> RoleSwitches =
    [
        "service", "version", "instance-id", "inbound-port", "outbound-port", "app-port", "app-command", "outbound-policy", "app-protocol",
        "max-tunnels", "tunnel-idle-timeout", "tunnel-head-timeout", "registry", "registry-token-file", "lease-ttl", "capture", "protocol-sniff-timeout",
        "workload-group", "workload-address",
    ];

    /// <summary>The app sends its calls to the outbound listener as its HTTP_PROXY (<c>meshctl up</c>; a pod with <c>sidecar.gatewaymesh.io/capture: http-proxy</c>).</summary>
    public const string CaptureHttpProxy = "http-proxy";

    /// <summary>The pod's init container redirects inbound TCP to the inbound listener and the app's outbound TCP to the outbound one.</summary>
    public const string CaptureIptables = "iptables";

    /// <summary>The service this workload is an instance of; required.</summary>
    public string Service { get; set; } = "";

    public string Version { get; set; } = "v1";

    /// <summary>Default <c>&lt;service&gt;-&lt;version&gt;-&lt;random&gt;</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Extra workload labels from repeated <c>--label k=v</c>; <c>app</c> and <c>version</c> are always set.</summary>
    public List<string> ExtraLabels { get; } = [];

    /// <summary>How the app's traffic reaches the sidecar: <see cref="CaptureHttpProxy"/> (default) or <see cref="CaptureIptables"/>.</summary>
    public string Capture { get; set; } = CaptureHttpProxy;

    /// <summary>Where other workloads reach this one; 0 picks a free port. Registered as the instance's port.</summary>
    public int InboundPort { get; set; }

    /// <summary>The app's HTTP_PROXY; 0 picks a free port.</summary>
    public int OutboundPort { get; set; }

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

    /// <summary>
    /// With <c>--capture iptables</c>: how long a redirected outbound connection may stay silent before it is taken for
    /// TCP (server-first protocols such as MySQL send nothing first) and passed through to its original destination.
    /// </summary>
    public TimeSpan ProtocolSniffTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the pod's iptables rules redirect traffic to the listeners (<c>--capture iptables</c>).</summary>
    public bool CapturesIptables => Capture == CaptureIptables;

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

    /// <summary>
    /// Istio's WorkloadGroup auto-registration (<c>--workload-group [namespace/]name</c>, a workload outside Kubernetes):
    /// the sidecar joins the group instead of registering an instance of <c>--service</c>, and the registry makes its
    /// WorkloadEntry from the group's template. Needs <c>--ca-address</c>: the registry checks the workload certificate.
    /// </summary>
    public string? WorkloadGroup { get; set; }

    /// <summary>The workload's IP address the group entry is named after and reached at (<c>--workload-address</c>, default 127.0.0.1).</summary>
    public string WorkloadAddress { get; set; } = "127.0.0.1";

    /// <summary>The group's namespace and name; the namespace defaults to <c>--namespace</c>.</summary>
    public (string Namespace, string Name)? ParseWorkloadGroup()
    {
        if (string.IsNullOrWhiteSpace(WorkloadGroup))
        {
            return null;
        }

        var parts = WorkloadGroup.Trim().Split('/');
        return parts switch
        {
            [var name] when name.Length > 0 => (Namespace, name),
            [var ns, var name] when ns.Length > 0 && name.Length > 0 => (ns, name),
            _ => throw new InvalidOperationException($"--workload-group: '{WorkloadGroup}' is not [namespace/]name"),
        };
    }

    /// <summary>The registration lease (<c>--lease-ttl</c>, a duration such as <c>10s</c>), whole seconds from 1 s to 300 s.</summary>
    public string LeaseTtl { get; set; } = "10s";

    public UpstreamProtocol ParseAppProtocol() => UpstreamProtocols.Parse(AppProtocol);

    /// <summary>The service account in the workload's SPIFFE ID: <c>--service-account</c>, else the service name.</summary>
    public override string EffectiveServiceAccount => string.IsNullOrWhiteSpace(ServiceAccount) ? Service : ServiceAccount;

    protected override string SectionName => Section;

    protected override string ClientName => "gatewaymesh-sidecar";

    protected override string DefaultStateDirName => $"sidecar-{Service}-{Version}";

    public OutboundPolicy ParseOutboundPolicy() => OutboundPolicy.Trim().ToUpperInvariant() switch
    {
        "ALLOW_ANY" => global::GatewayMesh.Sidecar.Settings.OutboundPolicy.AllowAny,
        "REGISTRY_ONLY" => global::GatewayMesh.Sidecar.Settings.OutboundPolicy.RegistryOnly,
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

    /// <summary>Adds a problem for every bad or missing setting, each naming its switch.</summary>
    public override void Validate(SettingsProblems problems)
    {
        if (string.IsNullOrWhiteSpace(Service))
        {
            problems.Add("--service: required, the service this workload is an instance of (or GATEWAYMESH_SIDECAR__SERVICE)");
        }

        if (AppPort == 0 && string.IsNullOrWhiteSpace(AppCommand))
        {
            problems.Add("--app-port: required (the local app's port), or --app-command to let the sidecar start the app");
        }

        base.Validate(problems);
        problems.Port("--app-port", AppPort);
        problems.Port("--inbound-port", InboundPort);
        problems.Port("--outbound-port", OutboundPort);
        if (Capture is not (CaptureHttpProxy or CaptureIptables))
        {
            problems.Add($"--capture: '{Capture}' is not {CaptureHttpProxy} or {CaptureIptables}");
        }

        problems.Try(ParseOutboundPolicy);
        problems.Try(ParseLeaseTtl);
        problems.Try(ParseLabels);
        if (!string.IsNullOrWhiteSpace(AppProtocol) && ParseAppProtocol() == UpstreamProtocol.Unspecified)
        {
            problems.Add($"--app-protocol: '{AppProtocol}' is not http, http2, h2c, grpc or grpc-web");
        }

        foreach (var url in (Registry ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"--registry: '{url}' is not an http(s) URL (several replicas: separate them with commas)");
            }
        }

        if (!string.IsNullOrWhiteSpace(WorkloadGroup))
        {
            problems.Try(ParseWorkloadGroup);
            if (string.IsNullOrWhiteSpace(CaAddress))
            {
                problems.Add("--workload-group: needs --ca-address (the registry admits a group member only on its workload certificate)");
            }

            if (string.IsNullOrWhiteSpace(Registry))
            {
                problems.Add("--workload-group: needs --registry (the registry makes the group's WorkloadEntry)");
            }

            if (!System.Net.IPAddress.TryParse(WorkloadAddress, out _))
            {
                problems.Add($"--workload-address: '{WorkloadAddress}' is not an IP address");
            }
        }

        if (MaxTunnels < 0)
        {
            problems.Add($"--max-tunnels: {MaxTunnels} is negative");
        }

        if (TunnelIdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"--tunnel-idle-timeout: {TunnelIdleTimeout} must be positive (e.g. 00:05:00)");
        }

        if (TunnelHeadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"--tunnel-head-timeout: {TunnelHeadTimeout} must be positive (e.g. 00:00:30)");
        }

        if (ProtocolSniffTimeout <= TimeSpan.Zero)
        {
            problems.Add($"--protocol-sniff-timeout: {ProtocolSniffTimeout} must be positive (e.g. 00:00:01)");
        }
    }
}
