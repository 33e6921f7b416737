using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Core.Mixer.Expressions.Evaluation;

/// <summary><c>match(s, pattern)</c>: Mixer's glob, a <c>*</c> at the end (prefix) or the start (suffix), else equality.</summary>
internal sealed class GlobMatchEval(CexlEval<string> text, CexlEval<string> pattern) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        value = false;
        if (!text.TryEval(bag, out var s) || !pattern.TryEval(bag, out var p))
        {
            return false;
        }

        value = p.EndsWith('*') ? s.StartsWith(p.AsSpan(0, p.Length - 1), StringComparison.Ordinal)
            : p.StartsWith('*') ? s.EndsWith(p.AsSpan(1), StringComparison.Ordinal)
            : s == p;
        return true;
    }
}

/// <summary><c>"re".matches(s)</c>: RE2 search (unanchored, as Go's <c>regexp.MatchString</c>), compiled once, non-backtracking.</summary>
internal sealed class RegexMatchEval(Regex regex, CexlEval<string> text) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        value = false;
        if (!text.TryEval(bag, out var s))
        {
            return false;
        }

        value = regex.IsMatch(s);
        return true;
    }
}

internal sealed class StartsWithEval(CexlEval<string> text, CexlEval<string> prefix, bool suffix) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value)
    {
        value = false;
        if (!text.TryEval(bag, out var s) || !prefix.TryEval(bag, out var p))
        {
            return false;
        }

        value = suffix ? s.EndsWith(p, StringComparison.Ordinal) : s.StartsWith(p, StringComparison.Ordinal);
        return true;
    }
}

internal sealed class IpEval(CexlEval<string> text) : CexlEval<IPAddress>
{
    public override bool TryEval(IAttributeBag bag, out IPAddress value)
    {
        value = IPAddress.None;
        return text.TryEval(bag, out var s) && IPAddress.TryParse(s, out value!);
    }
}

/// <summary><c>timestamp(s)</c>: RFC 3339, as Mixer's <c>time.Parse(time.RFC3339, s)</c>.</summary>
internal sealed class TimestampEval(CexlEval<string> text) : CexlEval<DateTimeOffset>
{
    public override bool TryEval(IAttributeBag bag, out DateTimeOffset value)
    {
        value = default;
        return text.TryEval(bag, out var s) && Rfc3339.TryParse(s, out value);
    }
}

internal sealed class ToLowerEval(CexlEval<string> text) : CexlEval<string>
{
    public override bool TryEval(IAttributeBag bag, out string value)
    {
        if (!text.TryEval(bag, out value))
        {
            return false;
        }

        value = value.ToLowerInvariant();
        return true;
    }
}

internal sealed class StringSizeEval(CexlEval<string> text) : CexlEval<long>
{
    public override bool TryEval(IAttributeBag bag, out long value)
    {
        var ok = text.TryEval(bag, out var s);
        value = ok ? s.Length : 0;
        return ok;
    }
}

internal sealed class MapSizeEval(CexlEval<IStringMap> map) : CexlEval<long>
{
    public override bool TryEval(IAttributeBag bag, out long value)
    {
        var ok = map.TryEval(bag, out var m);
        value = ok ? m.Count : 0;
        return ok;
    }
}

/// <summary>The map <c>emptyStringMap()</c> returns.</summary>
internal sealed class EmptyStringMap : IStringMap
{
    public static EmptyStringMap Instance { get; } = new();

    public int Count => 0;

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }
}

/// <summary>RFC 3339 date-times: <c>2006-01-02T15:04:05Z</c>, optional fraction, <c>Z</c> or an offset.</summary>
public static class Rfc3339
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Replace('t', 'T').Replace('z', 'Z'), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value) &&
        (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-');

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
