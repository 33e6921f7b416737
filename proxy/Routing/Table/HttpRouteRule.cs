using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// One compiled <c>http</c> rule of a VirtualService. It applies when any of its match blocks matches (OR);
/// a rule without match blocks matches every request.
/// </summary>
public sealed record HttpRouteRule(string? Name, ValueList<MatchBlock> Matches, RouteAction Action, HeaderPolicy Headers, RoutePolicies Policies)
{
    /// <summary>True when the rule applies; <paramref name="matched"/> is the first block that matched (null for a match-all rule).</summary>
    public bool TryMatch(in RequestView request, out MatchBlock? matched)
    {
        matched = null;
        if (Matches.IsEmpty)
        {
            return true;
        }

        foreach (var block in Matches)
        {
            if (block.Matches(request))
            {
                matched = block;
                return true;
            }
        }

        return false;
    }
}
