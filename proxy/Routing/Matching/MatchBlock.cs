using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>One compiled <c>HTTPMatchRequest</c>: every condition must hold (AND). An empty block matches everything.</summary>
public sealed record MatchBlock(string? Name, ValueList<MatchCondition> Conditions)
{
    public bool Matches(in RequestView request)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The block's <c>uri</c> condition, if any; prefix rewrites replace what it matched.</summary>
    public UriCondition? Uri
    {
        get
        {
            foreach (var condition in Conditions)
            {
                if (condition is UriCondition uri)
                {
                    return uri;
                }
            }

            return null;
        }
    }
}
