using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Sidecars;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Outbound;

/// <summary>
/// What this sidecar does with a host outside its route table (not in the registry, or not imported by its Sidecar's
/// egress hosts): the <c>outboundTrafficPolicy.mode</c> of the Istio Sidecar that applies to it, else
/// <c>--outbound-policy</c>. A config feature, compiled with each snapshot.
/// </summary>
internal sealed record OutboundScope(OutboundPolicy Policy, string? Sidecar);

internal sealed class OutboundScopeCompiler(SidecarOptions options) : IConfigCompiler<OutboundScope>
{
    private readonly OutboundScope _default = new(options.ParseOutboundPolicy(), null);

    public OutboundScope Compile(MeshSnapshot snapshot, ProxyIdentity proxy, OutboundScope? previous)
    {
        var scope = SidecarScope.For(snapshot.Configs.Values, proxy.Namespace, proxy.Labels, proxy.RootNamespace);
        var compiled = scope?.OutboundMode switch
        {
            OutboundTrafficMode.RegistryOnly => new OutboundScope(OutboundPolicy.RegistryOnly, scope.Resource.Key.ToString()),
            OutboundTrafficMode.AllowAny => new OutboundScope(OutboundPolicy.AllowAny, scope.Resource.Key.ToString()),
            _ => _default,
        };
        return compiled == previous ? previous : compiled;
    }
}
