using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Proxy.Routing;

/// <summary>A compiled Istio <c>StringMatch</c>: tests one request value.</summary>
public abstract record StringMatcher
{
    public abstract bool Matches(string value);
}

/// <summary>Matches a value equal to <see cref="Value"/> (ordinal, or ignoring case when asked).</summary>
public sealed record ExactMatcher(string Value, bool IgnoreCase = false) : StringMatcher
{
    public override bool Matches(string value) =>
        string.Equals(value, Value, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>Matches a value starting with <see cref="Prefix"/> (ordinal, or ignoring case when asked).</summary>
public sealed record PrefixMatcher(string Prefix, bool IgnoreCase = false) : StringMatcher
{
    public override bool Matches(string value) =>
        value.StartsWith(Prefix, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>Matches when the whole value matches an RE2 pattern, compiled once by <see cref="MeshRegex"/>.</summary>
public sealed record RegexMatcher : StringMatcher
{
    private readonly DerivedValue<Regex> _regex;

    /// <exception cref="ArgumentException">The pattern is not valid RE2 (validation rejects such configs first).</exception>
    public RegexMatcher(string pattern)
    {
        Pattern = pattern;
        _regex = new(MeshRegex.Compile(pattern));
    }

    public string Pattern { get; }

    public override bool Matches(string value) => _regex.Value.IsMatch(value);
}

/// <summary>An empty <c>StringMatch</c> (<c>{}</c>): any value matches, so only presence is tested.</summary>
public sealed record AnyValueMatcher : StringMatcher
{
    public static AnyValueMatcher Instance { get; } = new();

    public override bool Matches(string value) => true;
}
