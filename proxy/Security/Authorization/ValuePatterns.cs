using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>A policy field's list of values, compiled: matches when any pattern matches (a list is an OR).</summary>
public sealed class ValuePatterns
{
    private readonly ValuePattern[] _patterns;

    private ValuePatterns(ValuePattern[] patterns) => _patterns = patterns;

    public IReadOnlyList<ValuePattern> Patterns => _patterns;

    /// <summary>Null for an empty list: the field is not set and constrains nothing.</summary>
    public static ValuePatterns? From(ValueList<string> values, bool ignoreCase = false)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var patterns = new ValuePattern[values.Count];
        for (var i = 0; i < patterns.Length; i++)
        {
            patterns[i] = ValuePattern.Parse(values[i], ignoreCase);
        }

        return new ValuePatterns(patterns);
    }

    public bool Any(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(value))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", _patterns);
}
