namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// The AuthorizationPolicies that apply to one proxy, compiled and immutable. <see cref="Evaluate"/> follows Istio's
/// order: a matching DENY (or CUSTOM, enforced as DENY) denies; else with no ALLOW policy the request is allowed; else a
/// matching ALLOW is required. AUDIT policies only mark the decision, never change it. Evaluating allocates nothing.
/// </summary>
public sealed class AuthorizationEngine
{
    private readonly CompiledPolicy[] _deny;
    private readonly CompiledPolicy[] _allow;
    private readonly CompiledPolicy[] _audit;

    public AuthorizationEngine(IReadOnlyList<CompiledPolicy> deny, IReadOnlyList<CompiledPolicy> allow, IReadOnlyList<CompiledPolicy> audit, IReadOnlyList<string> warnings)
    {
        _deny = [.. deny];
        _allow = [.. allow];
        _audit = [.. audit];
        Warnings = [.. warnings];
    }

    public static AuthorizationEngine Empty { get; } = new([], [], [], []);

    /// <summary>No policy applies: every request is allowed without reading it.</summary>
    public bool IsEmpty => _deny.Length == 0 && _allow.Length == 0 && _audit.Length == 0;

    public IReadOnlyList<CompiledPolicy> Deny => _deny;

    public IReadOnlyList<CompiledPolicy> Allow => _allow;

    public IReadOnlyList<CompiledPolicy> Audit => _audit;

    /// <summary>What the compiler ignored or changed (CUSTOM enforced as DENY, targetRefs that select nothing here).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public AuthorizationDecision Evaluate(in AuthorizationRequest request)
    {
        var audit = FirstMatch(_audit, request)?.Name;
        if (FirstMatch(_deny, request) is { } deny)
        {
            return new AuthorizationDecision(false, deny.Name, audit);
        }

        if (_allow.Length == 0)
        {
            return new AuthorizationDecision(true, null, audit);
        }

        return FirstMatch(_allow, request) is { } allow
            ? new AuthorizationDecision(true, allow.Name, audit)
            : new AuthorizationDecision(false, null, audit);
    }

    private static CompiledPolicy? FirstMatch(CompiledPolicy[] policies, in AuthorizationRequest request)
    {
        foreach (var policy in policies)
        {
            if (policy.Matches(request))
            {
                return policy;
            }
        }

        return null;
    }
}
