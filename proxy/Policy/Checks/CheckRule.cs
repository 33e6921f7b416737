using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// A rule's check side, compiled for one proxy: its scope (the rule's namespace, or every call from the root
/// namespace), its match (null = every call; folded with what is fixed for the proxy) and its check actions.
/// </summary>
public sealed class CheckRule(string name, string? @namespace, CexlExpression? match, IReadOnlyList<CheckAction> actions)
{
    public string Name { get; } = name;

    /// <summary>The destination namespace the rule is for; null when it applies to every call.</summary>
    public string? Namespace { get; } = @namespace;

    public CexlExpression? Match { get; } = match;

    public IReadOnlyList<CheckAction> Actions { get; } = actions;

    /// <summary>Whether the rule matches; an undefined match (a missing attribute) does not, as in Mixer.</summary>
    public bool Matches(IAttributeBag bag) => Match is null || (Match.TryEvalBool(bag, out var value) && value);
}
