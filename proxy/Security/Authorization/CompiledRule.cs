using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// A compiled rule: matches when one of its sources (or no <c>from</c>), one of its operations (or no <c>to</c>) and
/// every <c>when</c> condition match, Istio's "at least one source, one operation and all conditions". A rule with
/// nothing set (<c>{}</c>) matches every request.
/// </summary>
public sealed class CompiledRule
{
    private readonly SourceMatcher[] _from;
    private readonly OperationMatcher[] _to;
    private readonly ConditionMatcher[] _when;

    public CompiledRule(AuthorizationRule rule)
    {
        Rule = rule;
        _from = [.. rule.From.Where(f => f.Source is not null).Select(f => new SourceMatcher(f.Source!))];
        _to = [.. rule.To.Where(t => t.Operation is not null).Select(t => new OperationMatcher(t.Operation!))];
        _when = [.. rule.When.Select(c => new ConditionMatcher(c))];
    }

    /// <summary>The rule as configured, for /debug/authz.</summary>
    public AuthorizationRule Rule { get; }

    public IReadOnlyList<SourceMatcher> From => _from;

    public IReadOnlyList<OperationMatcher> To => _to;

    public IReadOnlyList<ConditionMatcher> When => _when;

    public bool Matches(in AuthorizationRequest request)
    {
        if (_from.Length > 0 && !AnySource(request))
        {
            return false;
        }

        if (_to.Length > 0 && !AnyOperation(request))
        {
            return false;
        }

        foreach (var condition in _when)
        {
            if (!condition.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    private bool AnySource(in AuthorizationRequest request)
    {
        foreach (var source in _from)
        {
            if (source.Matches(request))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyOperation(in AuthorizationRequest request)
    {
        foreach (var operation in _to)
        {
            if (operation.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}
