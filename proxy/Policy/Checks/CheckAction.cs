using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;
using GatewayMesh.Core.Mixer.Lists;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// One compiled check action: a handler with the instances it receives. It applies only when every instance it needs
/// can be built (an instance with an undefined field is skipped, as Mixer skipped it), and answers null (allow) or a
/// denial.
/// </summary>
public abstract class CheckAction(string handler, IReadOnlyList<CexlExpression> needed)
{
    public string Handler { get; } = handler;

    /// <summary>The attributes its instances read, which its answer depends on beyond the rule's match.</summary>
    public IEnumerable<AttributeReference> References => needed.SelectMany(e => e.References);

    /// <summary>How long and how many times a caller may reuse this action's answer (Mixer's validDuration/validUseCount).</summary>
    public abstract CacheValidity Validity { get; }

    public CheckDenial? Check(IAttributeBag bag)
    {
        foreach (var expression in needed)
        {
            if (!expression.TryEvalString(bag, out _))
            {
                return null; // the instance cannot be built: Mixer skipped the action
            }
        }

        return Evaluate(bag);
    }

    protected abstract CheckDenial? Evaluate(IAttributeBag bag);
}

/// <summary>How long a check answer may be reused.</summary>
public readonly record struct CacheValidity(TimeSpan Duration, int UseCount)
{
    public static CacheValidity Min(CacheValidity a, CacheValidity b) => new(a.Duration < b.Duration ? a.Duration : b.Duration, Math.Min(a.UseCount, b.UseCount));
}

/// <summary>The denier: every call it sees gets its status (code 0 lets the call through).</summary>
public sealed class DenyAction(string handler, CheckDenial? denial, IReadOnlyList<CexlExpression> needed, CacheValidity validity)
    : CheckAction(handler, needed)
{
    public override CacheValidity Validity => validity;

    protected override CheckDenial? Evaluate(IAttributeBag bag) => denial;
}

/// <summary>
/// The list checker: the listentry's value against a whitelist or blacklist. A list that is not available (a
/// providerUrl never fetched, or withdrawn after its ttl) refuses with UNAVAILABLE: fail closed, as Mixer.
/// </summary>
public sealed class ListAction(
    string handler,
    MixerList? list,
    string? unavailable,
    bool blacklist,
    CexlExpression value,
    CacheValidity validity)
    : CheckAction(handler, [value])
{
    private readonly CheckDenial _unavailable = new(GrpcStatus.Unavailable, handler, unavailable ?? "list is not available");

    public override CacheValidity Validity => validity;

    protected override CheckDenial? Evaluate(IAttributeBag bag)
    {
        if (list is null)
        {
            return _unavailable;
        }

        value.TryEvalString(bag, out var text);
        var found = list.Contains(text, out var error);
        if (error is not null)
        {
            return new CheckDenial(GrpcStatus.InvalidArgument, Handler, error);
        }

        return blacklist
            ? found ? new CheckDenial(GrpcStatus.PermissionDenied, Handler, $"{text} is blacklisted") : null
            : found ? null : new CheckDenial(GrpcStatus.PermissionDenied, Handler, $"{text} is not whitelisted");
    }
}
