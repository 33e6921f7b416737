using System.Globalization;
using System.Net;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions.Evaluation;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>
/// One compiled expression: parsed, type-checked and folded once, when config is applied; evaluated per call against
/// an <see cref="IAttributeBag"/>. Every <c>TryEval*</c> returns false when the value is undefined.
/// </summary>
public sealed class CexlExpression
{
    private readonly object _eval;

    internal CexlExpression(string source, CexlType type, object eval, IReadOnlySet<AttributeReference> references)
    {
        Source = source;
        Type = type;
        _eval = eval;
        References = references;
        IsConstant = eval switch
        {
            CexlEval<string> e => e.IsConstant,
            CexlEval<long> e => e.IsConstant,
            CexlEval<double> e => e.IsConstant,
            CexlEval<bool> e => e.IsConstant,
            CexlEval<TimeSpan> e => e.IsConstant,
            CexlEval<DateTimeOffset> e => e.IsConstant,
            CexlEval<IPAddress> e => e.IsConstant,
            CexlEval<IStringMap> e => e.IsConstant,
            _ => false,
        };
    }

    public string Source { get; }

    public CexlType Type { get; }

    /// <summary>The attributes read at run time (those not folded away).</summary>
    public IReadOnlySet<AttributeReference> References { get; }

    /// <summary>True when the value is the same for every call (folded at compile time).</summary>
    public bool IsConstant { get; }

    public bool TryEvalBool(IAttributeBag bag, out bool value)
    {
        if (_eval is CexlEval<bool> eval)
        {
            return eval.TryEval(bag, out value);
        }

        value = false;
        return false;
    }

    public bool TryEvalInt64(IAttributeBag bag, out long value)
    {
        if (_eval is CexlEval<long> eval)
        {
            return eval.TryEval(bag, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>A number: INT64 and DOUBLE as they are, DURATION in milliseconds, BOOL as 0 or 1.</summary>
    public bool TryEvalDouble(IAttributeBag bag, out double value)
    {
        value = 0;
        switch (_eval)
        {
            case CexlEval<double> d:
                return d.TryEval(bag, out value);
            case CexlEval<long> l when l.TryEval(bag, out var i):
                value = i;
                return true;
            case CexlEval<TimeSpan> t when t.TryEval(bag, out var span):
                value = span.TotalMilliseconds;
                return true;
            case CexlEval<bool> b when b.TryEval(bag, out var flag):
                value = flag ? 1 : 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The value in its text form, whatever its type (how dimensions, labels and list entries are compared).</summary>
    public bool TryEvalString(IAttributeBag bag, out string value)
    {
        value = "";
        switch (_eval)
        {
            case CexlEval<string> s:
                return s.TryEval(bag, out value);
            case CexlEval<long> l when l.TryEval(bag, out var i):
                value = i.ToString(CultureInfo.InvariantCulture);
                return true;
            case CexlEval<double> d when d.TryEval(bag, out var x):
                value = x.ToString("R", CultureInfo.InvariantCulture);
                return true;
            case CexlEval<bool> b when b.TryEval(bag, out var flag):
                value = flag ? "true" : "false";
                return true;
            case CexlEval<TimeSpan> t when t.TryEval(bag, out var span):
                value = CexlFormat.Duration(span);
                return true;
            case CexlEval<DateTimeOffset> ts when ts.TryEval(bag, out var time):
                value = Rfc3339.Format(time);
                return true;
            case CexlEval<IPAddress> ip when ip.TryEval(bag, out var address):
                value = address.ToString();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The value boxed as string, long, double, bool, TimeSpan, DateTimeOffset or IPAddress (log entries).</summary>
    public bool TryEvalObject(IAttributeBag bag, out object? value)
    {
        value = null;
        switch (_eval)
        {
            case CexlEval<long> l when l.TryEval(bag, out var i):
                value = i;
                return true;
            case CexlEval<double> d when d.TryEval(bag, out var x):
                value = x;
                return true;
            case CexlEval<bool> b when b.TryEval(bag, out var flag):
                value = flag;
                return true;
            case CexlEval<TimeSpan> t when t.TryEval(bag, out var span):
                value = span;
                return true;
            case CexlEval<DateTimeOffset> ts when ts.TryEval(bag, out var time):
                value = time;
                return true;
            default:
                if (TryEvalString(bag, out var s))
                {
                    value = s;
                    return true;
                }

                return false;
        }
    }

    public override string ToString() => Source;
}

/// <summary>Text forms Mixer used for non-string values.</summary>
public static class CexlFormat
{
    /// <summary>A duration as Go prints one: <c>1.5s</c>, <c>250ms</c>, <c>1m30s</c>, <c>0s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = span < TimeSpan.Zero ? "-" : "";
        var ticks = Math.Abs(span.Ticks);
        if (ticks < TimeSpan.TicksPerSecond)
        {
            return ticks % TimeSpan.TicksPerMillisecond == 0 ? $"{sign}{ticks / TimeSpan.TicksPerMillisecond}ms"
                : ticks >= TimeSpan.TicksPerMillisecond ? $"{sign}{(ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0.#######", CultureInfo.InvariantCulture)}ms"
                : $"{sign}{(ticks / 10.0).ToString("0.#", CultureInfo.InvariantCulture)}µs";
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var seconds = ticks % TimeSpan.TicksPerMinute / (double)TimeSpan.TicksPerSecond;
        var text = seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
        if (hours > 0)
        {
            return $"{sign}{hours}h{minutes}m{text}";
        }

        return minutes > 0 ? $"{sign}{minutes}m{text}" : sign + text;
    }
}
