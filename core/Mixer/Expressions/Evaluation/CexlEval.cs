using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Core.Mixer.Expressions.Evaluation;

/// <summary>
/// One compiled, typed step of an expression. <see cref="TryEval"/> returns false when the value is undefined: an
/// attribute or map key the call does not have, or an operation that failed (e.g. <c>ip("x")</c>); <c>a | b</c> turns
/// that into <c>b</c>, anything else passes it up. Built once when config is applied; evaluation allocates nothing
/// except where it builds a new string (<c>+</c>, <c>toLower</c>).
/// </summary>
public abstract class CexlEval<T>
{
    public abstract bool TryEval(IAttributeBag bag, out T value);

    /// <summary>True when the value is fixed (a literal, or folded from attributes fixed for this proxy).</summary>
    internal virtual bool IsConstant => false;
}

/// <summary>A fixed value, or a fixed "undefined".</summary>
internal sealed class ConstEval<T>(bool defined, T value) : CexlEval<T>
{
    public static ConstEval<T> Undefined { get; } = new(false, default!);

    internal override bool IsConstant => true;

    public bool Defined => defined;

    public T Value => value;

    public override bool TryEval(IAttributeBag bag, out T result)
    {
        result = value;
        return defined;
    }
}

/// <summary>Folds a step whose inputs are all constant into its value, once, at compile time.</summary>
internal static class Fold
{
    public static CexlEval<T> IfConstant<T>(CexlEval<T> eval, params ReadOnlySpan<bool> constantInputs)
    {
        foreach (var constant in constantInputs)
        {
            if (!constant)
            {
                return eval;
            }
        }

        return eval.TryEval(EmptyAttributeBag.Instance, out var value) ? new ConstEval<T>(true, value) : ConstEval<T>.Undefined;
    }
}
