using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// One AuthorizationPolicy compiled for this proxy: matches when any of its rules matches. No rules matches nothing,
/// so an ALLOW policy with <c>spec: {}</c> allows nothing (Istio's allow-nothing) while <c>rules: [{}]</c> allows all.
/// <see cref="Action"/> is the action enforced: a CUSTOM policy is enforced as DENY (see <see cref="AuthorizationCompiler"/>).
/// </summary>
public sealed class CompiledPolicy(string name, AuthorizationAction action, AuthorizationAction configuredAction, IReadOnlyList<CompiledRule> rules)
{
    private readonly CompiledRule[] _rules = [.. rules];

    /// <summary><c>namespace/name</c>.</summary>
    public string Name { get; } = name;

    public AuthorizationAction Action { get; } = action;

    public AuthorizationAction ConfiguredAction { get; } = configuredAction;

    public IReadOnlyList<CompiledRule> Rules => _rules;

    public bool Matches(in AuthorizationRequest request)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}
