using System.Text.RegularExpressions;

namespace GatewayMesh.Core.Expressions;

/// <summary>One compiled step of an expression. Evaluation allocates only where a result string is built (<c>+</c>, <c>string()</c>).</summary>
internal abstract class CelEval
{
    public abstract CelValue Eval(ICelActivation activation);
}

internal sealed class ConstEval(CelValue value) : CelEval
{
    public override CelValue Eval(ICelActivation activation) => value;
}

internal sealed class AttributeEval(CelAttribute attribute) : CelEval
{
    public override CelValue Eval(ICelActivation activation) => activation.Get(attribute);
}

/// <summary><c>request.headers['name']</c>: a missing header is an error, as a missing map key is in CEL.</summary>
internal sealed class HeaderEval(string name, bool response) : CelEval
{
    private readonly CelValue _missing = CelValue.Fail($"no such key: '{name}'");

    public override CelValue Eval(ICelActivation activation) =>
        activation.Header(name, response) is { } value ? CelValue.Of(value) : _missing;
}

/// <summary><c>'name' in request.headers</c>.</summary>
internal sealed class HeaderPresentEval(string name, bool response) : CelEval
{
    public override CelValue Eval(ICelActivation activation) => CelValue.Of(activation.Header(name, response) is not null);
}

internal sealed class NotEval(CelEval operand) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var value = operand.Eval(activation);
        return value.Kind == CelKind.Bool ? CelValue.Of(!value.AsBool) : value.IsError ? value : CelValue.Fail("'!' needs a bool");
    }
}

internal sealed class NegateEval(CelEval operand) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var value = operand.Eval(activation);
        return value.Kind switch
        {
            CelKind.Int => CelValue.Of(-value.Int),
            CelKind.Double => CelValue.Of(-value.Double),
            CelKind.Error => value,
            _ => CelValue.Fail("'-' needs a number"),
        };
    }
}

/// <summary>CEL's commutative logic: <c>false &amp;&amp; error</c> is false and <c>true || error</c> is true, whichever side errs.</summary>
internal sealed class LogicEval(bool isAnd, CelEval left, CelEval right) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var l = left.Eval(activation);
        if (l.Kind == CelKind.Bool && l.AsBool != isAnd)
        {
            return l;
        }

        var r = right.Eval(activation);
        if (r.Kind == CelKind.Bool && r.AsBool != isAnd)
        {
            return r;
        }

        if (l.Kind == CelKind.Bool && r.Kind == CelKind.Bool)
        {
            return CelValue.Of(isAnd);
        }

        return l.IsError ? l : r.IsError ? r : CelValue.Fail($"'{(isAnd ? "&&" : "||")}' needs bools");
    }
}

internal sealed class ConditionalEval(CelEval condition, CelEval then, CelEval otherwise) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var c = condition.Eval(activation);
        return c.Kind == CelKind.Bool ? (c.AsBool ? then : otherwise).Eval(activation) : c.IsError ? c : CelValue.Fail("'?:' needs a bool condition");
    }
}

internal sealed class CompareEval(string op, CelEval left, CelEval right) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var l = left.Eval(activation);
        var r = right.Eval(activation);
        if (l.IsError)
        {
            return l;
        }

        if (r.IsError)
        {
            return r;
        }

        if (op is "==" or "!=")
        {
            return CelValue.Of(Equal(l, r) == (op == "=="));
        }

        int order;
        if (IsNumber(l) && IsNumber(r))
        {
            order = l.Kind == CelKind.Int && r.Kind == CelKind.Int ? l.Int.CompareTo(r.Int) : AsDouble(l).CompareTo(AsDouble(r));
        }
        else if (l.Kind == CelKind.String && r.Kind == CelKind.String)
        {
            order = string.CompareOrdinal(l.Text, r.Text);
        }
        else
        {
            return CelValue.Fail($"no such overload: {l.Kind} {op} {r.Kind}");
        }

        return CelValue.Of(op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 });
    }

    private static bool Equal(CelValue l, CelValue r)
    {
        if (IsNumber(l) && IsNumber(r))
        {
            return l.Kind == CelKind.Int && r.Kind == CelKind.Int ? l.Int == r.Int : AsDouble(l) == AsDouble(r);
        }

        return l.Kind == r.Kind && (l.Kind switch
        {
            CelKind.String => string.Equals(l.Text, r.Text, StringComparison.Ordinal),
            CelKind.Bool => l.Int == r.Int,
            _ => true, // null == null
        });
    }

    internal static bool IsNumber(CelValue v) => v.Kind is CelKind.Int or CelKind.Double;

    internal static double AsDouble(CelValue v) => v.Kind == CelKind.Int ? v.Int : v.Double;
}

internal sealed class ArithmeticEval(string op, CelEval left, CelEval right) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var l = left.Eval(activation);
        var r = right.Eval(activation);
        if (l.IsError || r.IsError)
        {
            return l.IsError ? l : r;
        }

        if (op == "+" && l.Kind == CelKind.String && r.Kind == CelKind.String)
        {
            return CelValue.Of(string.Concat(l.Text, r.Text));
        }

        if (l.Kind == CelKind.Int && r.Kind == CelKind.Int)
        {
            if (op is "/" or "%" && r.Int == 0)
            {
                return CelValue.Fail("division by zero");
            }

            return CelValue.Of(op switch { "+" => l.Int + r.Int, "-" => l.Int - r.Int, "*" => l.Int * r.Int, "/" => l.Int / r.Int, _ => l.Int % r.Int });
        }

        if (l.Kind == CelKind.Double && r.Kind == CelKind.Double && op != "%")
        {
            return CelValue.Of(op switch { "+" => l.Double + r.Double, "-" => l.Double - r.Double, "*" => l.Double * r.Double, _ => l.Double / r.Double });
        }

        return CelValue.Fail($"no such overload: {l.Kind} {op} {r.Kind}");
    }
}

/// <summary><c>startsWith</c>, <c>endsWith</c>, <c>contains</c> on strings.</summary>
internal sealed class StringTestEval(string function, CelEval target, CelEval argument) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var t = target.Eval(activation);
        var a = argument.Eval(activation);
        if (t.IsError || a.IsError)
        {
            return t.IsError ? t : a;
        }

        if (t.Kind != CelKind.String || a.Kind != CelKind.String)
        {
            return CelValue.Fail($"{function}() needs strings");
        }

        return CelValue.Of(function switch
        {
            "startsWith" => t.Text!.StartsWith(a.Text!, StringComparison.Ordinal),
            "endsWith" => t.Text!.EndsWith(a.Text!, StringComparison.Ordinal),
            _ => t.Text!.Contains(a.Text!, StringComparison.Ordinal),
        });
    }
}

/// <summary><c>s.matches('re')</c>: an RE2 search (not anchored), compiled once.</summary>
internal sealed class MatchesEval(CelEval target, Regex regex) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var t = target.Eval(activation);
        return t.Kind == CelKind.String ? CelValue.Of(regex.IsMatch(t.Text!)) : t.IsError ? t : CelValue.Fail("matches() needs a string");
    }
}

/// <summary><c>size()</c>, <c>string()</c>, <c>int()</c>, <c>double()</c>.</summary>
internal sealed class ConversionEval(string function, CelEval argument) : CelEval
{
    public override CelValue Eval(ICelActivation activation)
    {
        var v = argument.Eval(activation);
        if (v.IsError)
        {
            return v;
        }

        return function switch
        {
            "size" => v.Kind == CelKind.String ? CelValue.Of((long)v.Text!.Length) : CelValue.Fail("size() needs a string"),
            "string" => v.Kind == CelKind.Null ? CelValue.Fail("string() of null") : CelValue.Of(v.ToText()),
            "int" => v.Kind switch
            {
                CelKind.Int => v,
                CelKind.Double => CelValue.Of((long)v.Double),
                CelKind.String when long.TryParse(v.Text, out var i) => CelValue.Of(i),
                _ => CelValue.Fail("int() cannot convert this value"),
            },
            _ => v.Kind switch
            {
                CelKind.Double => v,
                CelKind.Int => CelValue.Of((double)v.Int),
                CelKind.String when double.TryParse(v.Text, System.Globalization.CultureInfo.InvariantCulture, out var d) => CelValue.Of(d),
                _ => CelValue.Fail("double() cannot convert this value"),
            },
        };
    }
}
