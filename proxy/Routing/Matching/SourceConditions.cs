using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary><c>gateways</c> of a match block: the request came through one of these ("mesh" or "namespace/name").</summary>
public sealed record GatewaysCondition(ValueList<string> Gateways) : MatchCondition
{
    public override bool Matches(in RequestView request)
    {
        foreach (var gateway in Gateways)
        {
            if (string.Equals(gateway, request.Gateway, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>sourceLabels</c>: the calling workload carries every one of these labels (sidecars only).</summary>
public sealed record SourceLabelsCondition(ValueMap<string, string> Labels) : MatchCondition
{
    public override bool Matches(in RequestView request)
    {
        foreach (var (name, value) in Labels.Items)
        {
            if (!request.SourceLabels.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>sourceNamespace</c>: the calling workload runs in this namespace (sidecars only).</summary>
public sealed record SourceNamespaceCondition(string Namespace) : MatchCondition
{
    public override bool Matches(in RequestView request) => string.Equals(request.SourceNamespace, Namespace, StringComparison.Ordinal);
}
