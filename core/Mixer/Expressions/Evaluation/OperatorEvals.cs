using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Core.Mixer.Expressions.Evaluation;

/// <summary><c>a | b</c>: the first defined value.</summary>
internal sealed class FirstDefinedEval<T>(CexlEval<T> first, CexlEval<T> second) : CexlEval<T>
{
    public override bool TryEval(IAttributeBag bag, out T value) => first.TryEval(bag, out value) || second.TryEval(bag, out value);
}

internal sealed class AndEval(CexlEval<bool> left, CexlEval<bool> right) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        if (!left.TryEval(bag, out value))
        {
            return false;
        }

        return !value || right.TryEval(bag, out value);
    }
}

internal sealed class OrEval(CexlEval<bool> left, CexlEval<bool> right) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        if (!left.TryEval(bag, out value))
        {
            return false;
        }

        return value || right.TryEval(bag, out value);
    }
}

internal sealed class NotEval(CexlEval<bool> operand) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        var ok = operand.TryEval(bag, out value);
        value = !value;
        return ok;
    }
}

/// <summary><c>==</c> and <c>!=</c> over one type.</summary>
internal sealed class EqualsEval<T>(CexlEval<T> left, CexlEval<T> right, IEqualityComparer<T> comparer, bool negate) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        if (left.TryEval(bag, out var a) && right.TryEval(bag, out var b))
        {
            value = comparer.Equals(a, b) != negate;
            return true;
        }

        value = false;
        return false;
    }
}

/// <summary><c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
internal sealed class CompareEval<T>(CexlEval<T> left, CexlEval<T> right, string op, IComparer<T> comparer) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        value = false;
        if (!left.TryEval(bag, out var a) || !right.TryEval(bag, out var b))
        {
            return false;
        }

        var c = comparer.Compare(a, b);
        value = op switch
        {
            "LT" => c < 0,
            "LEQ" => c <= 0,
            "GT" => c > 0,
            _ => c >= 0,
        };
        return true;
    }
}

internal sealed class ConditionalEval<T>(CexlEval<bool> condition, CexlEval<T> whenTrue, CexlEval<T> whenFalse) : CexlEval<T>
{
    public override bool TryEval(IAttributeBag bag, out T value)
    {
        if (!condition.TryEval(bag, out var c))
        {
            value = default!;
            return false;
        }

        return c ? whenTrue.TryEval(bag, out value) : whenFalse.TryEval(bag, out value);
    }
}

internal sealed class ConcatEval(CexlEval<string> left, CexlEval<string> right) : CexlEval<string>
{
    public override bool TryEval(IAttributeBag bag, out string value)
    {
        value = "";
        if (!left.TryEval(bag, out var a) || !right.TryEval(bag, out var b))
        {
            return false;
        }

        value = string.Concat(a, b);
        return true;
    }
}

internal sealed class AddInt64Eval(CexlEval<long> left, CexlEval<long> right) : CexlEval<long>
{
    public override bool TryEval(IAttributeBag bag, out long value)
    {
        value = 0;
        if (!left.TryEval(bag, out var a) || !right.TryEval(bag, out var b))
        {
            return false;
        }

        value = unchecked(a + b);
        return ((a ^ value) & (b ^ value)) >= 0; // overflow: undefined
    }
}

internal sealed class AddDoubleEval(CexlEval<double> left, CexlEval<double> right) : CexlEval<double>
{
    public override bool TryEval(IAttributeBag bag, out double value)
    {
        value = 0;
        if (!left.TryEval(bag, out var a) || !right.TryEval(bag, out var b))
        {
            return false;
        }

        value = a + b;
        return true;
    }
}

internal sealed class AddDurationEval(CexlEval<TimeSpan> left, CexlEval<TimeSpan> right) : CexlEval<TimeSpan>
{
    public override bool TryEval(IAttributeBag bag, out TimeSpan value)
    {
        value = default;
        if (!left.TryEval(bag, out var a) || !right.TryEval(bag, out var b))
        {
            return false;
        }

        try
        {
            value = a + b;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
