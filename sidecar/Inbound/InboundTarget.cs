using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Sidecars;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// Where the inbound listener sends the workload's traffic: 127.0.0.1:<c>--app-port</c>, unless the workload's Istio
/// Sidecar has an <c>ingress</c> listener on that port (the workload port, Istio's <c>port.number</c>) with a
/// <c>defaultEndpoint</c>: <c>127.0.0.1:PORT</c> / <c>[::1]:PORT</c> (loopback), <c>0.0.0.0:PORT</c> / <c>[::]:PORT</c> (the
/// instance address: <c>INSTANCE_IP</c> in a pod, loopback for a local workload) or <c>unix:///path</c> (a unix domain
/// socket). A config feature, compiled with each snapshot; <see cref="Sidecar"/> names the Sidecar that set it.
/// </summary>
internal sealed record InboundTarget(EndPoint Address, string ClusterName, string? Sidecar)
{
    /// <summary>The URI prefix YARP forwards to; a unix socket's requests are addressed to <c>localhost</c> (the Host header is kept).</summary>
    public string Prefix { get; } = Address switch
    {
        UnixDomainSocketEndPoint => "http://localhost",
        IPEndPoint ip => $"http://{ip}",
        _ => throw new ArgumentException($"unsupported endpoint {Address}", nameof(Address)),
    };

    /// <summary>The socket path when the target is a unix domain socket.</summary>
    public string? UnixSocket => Address is UnixDomainSocketEndPoint ? Address.ToString() : null;

    public override string ToString() => UnixSocket is { } path ? $"unix://{path}" : Address.ToString()!;
}

internal sealed class InboundTargetCompiler(SidecarOptions options, ILogger<InboundTargetCompiler> logger) : IConfigCompiler<InboundTarget>
{
    private const string UnixPrefix = "unix://";

    /// <summary>The unserved listeners last reported, so one config is reported once, not on every snapshot.</summary>
    private string? _reportedUnserved;

    private readonly string _clusterName = $"inbound|{options.AppPort}||";
    private readonly IPAddress? _instanceIp = IPAddress.TryParse(Environment.GetEnvironmentVariable("INSTANCE_IP"), out var ip) ? ip : null;

    public InboundTarget Default => new(new IPEndPoint(IPAddress.Loopback, options.AppPort), _clusterName, null);

    public InboundTarget Compile(MeshSnapshot snapshot, ProxyIdentity proxy, InboundTarget? previous)
    {
        var scope = SidecarScope.For(snapshot.Configs.Values, proxy.Namespace, proxy.Labels, proxy.RootNamespace);
        var compiled = scope?.IngressFor(options.AppPort)?.DefaultEndpoint is { Length: > 0 } endpoint && Parse(endpoint) is { } address
            ? new InboundTarget(address, _clusterName, scope.Resource.Key.ToString())
            : Default;
        ReportUnservedListeners(scope);
        return compiled == previous ? previous : compiled;
    }

    /// <summary>
    /// Says when the workload's Sidecar has ingress listeners on ports other than the workload port: a sidecar has one
    /// inbound listener, for <c>--app-port</c>, so such a listener would otherwise be accepted and silently do nothing.
    /// </summary>
    private void ReportUnservedListeners(SidecarScope? scope)
    {
        List<string> unserved = scope is null ? [] : [.. scope.Resource.Spec.Ingress
            .Select((listener, index) => (listener.Port?.Number, Path: $"spec.ingress[{index}]"))
            .Where(listener => listener.Number != options.AppPort)
            .Select(listener => $"{listener.Path} (port {listener.Number})")];
        var report = unserved.Count > 0 ? $"{scope!.Resource.Key}: {string.Join(", ", unserved)}" : null;
        if (report is not null && report != Interlocked.Exchange(ref _reportedUnserved, report))
        {
            Log.IngressListenersNotServed(logger, $"{scope!.Resource.Key.Namespace}/{scope.Resource.Key.Name}", string.Join(", ", unserved), options.AppPort);
        }
        else if (report is null)
        {
            _reportedUnserved = null;
        }
    }

    /// <summary>The address of a validated <c>defaultEndpoint</c>; null for one validation would have refused.</summary>
    internal EndPoint? Parse(string endpoint)
    {
        if (endpoint.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            var path = endpoint[UnixPrefix.Length..];
            return path.StartsWith('/') ? new UnixDomainSocketEndPoint(path) : null;
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        IPAddress? address = endpoint[..colon].Trim('[', ']') switch
        {
            "127.0.0.1" or "" => IPAddress.Loopback,
            "::1" => IPAddress.IPv6Loopback,
            "0.0.0.0" => _instanceIp ?? IPAddress.Loopback,
            "::" => _instanceIp ?? IPAddress.IPv6Loopback,
            _ => null,
        };
        return address is null ? null : new IPEndPoint(address, port);
    }
}
