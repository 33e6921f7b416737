using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security;

/// <summary>How a policy reaches a workload, which decides its precedence (PeerAuthentication) or just whether it applies.</summary>
public enum PolicyScope
{
    /// <summary>The policy does not apply to this workload.</summary>
    None,

    /// <summary>In the root namespace without a selector: every workload of the mesh.</summary>
    Mesh,

    /// <summary>In the workload's namespace without a selector (or with empty <c>matchLabels</c>).</summary>
    Namespace,

    /// <summary>A selector that matches the workload's labels: in its namespace, or in the root namespace (every namespace).</summary>
    Workload,
}

/// <summary>The workload a proxy enforces policies for: its namespace and labels, and the mesh's root namespace.</summary>
public sealed record WorkloadScope(string Namespace, ValueMap<string, string> Labels, string RootNamespace)
{
    /// <summary>Where a policy with <paramref name="selector"/> in <paramref name="policyNamespace"/> reaches this workload.</summary>
    public PolicyScope ScopeOf(string policyNamespace, WorkloadSelector? selector)
    {
        var inRoot = string.Equals(policyNamespace, RootNamespace, StringComparison.Ordinal);
        var inOwn = string.Equals(policyNamespace, Namespace, StringComparison.Ordinal);
        if (selector is null || selector.MatchLabels.IsEmpty)
        {
            return inOwn ? PolicyScope.Namespace : inRoot ? PolicyScope.Mesh : PolicyScope.None;
        }

        return (inOwn || inRoot) && Selects(selector.MatchLabels) ? PolicyScope.Workload : PolicyScope.None;
    }

    private bool Selects(ValueMap<string, string> matchLabels)
    {
        foreach (var (key, value) in matchLabels)
        {
            if (!Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
