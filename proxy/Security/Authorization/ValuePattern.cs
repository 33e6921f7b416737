namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>How an authorization value matches: Istio's exact, <c>prefix*</c>, <c>*suffix</c> and <c>*</c> forms.</summary>
public enum PatternKind
{
    Exact,
    Prefix,
    Suffix,

    /// <summary><c>*</c>: any value that is present (not empty).</summary>
    Present,
}

/// <summary>
/// One value of a policy's string list, parsed once: <c>*</c> matches any present value, <c>abc*</c> a prefix,
/// <c>*abc</c> a suffix, anything else the exact value. Ordinal, or ignoring case (hosts). A missing value never matches.
/// </summary>
public readonly record struct ValuePattern(PatternKind Kind, string Text, bool IgnoreCase)
{
    public static ValuePattern Parse(string value, bool ignoreCase = false)
    {
        if (value == "*")
        {
            return new(PatternKind.Present, "", ignoreCase);
        }

        if (value.EndsWith('*'))
        {
            return new(PatternKind.Prefix, value[..^1], ignoreCase);
        }

        return value.StartsWith('*')
            ? new(PatternKind.Suffix, value[1..], ignoreCase)
            : new(PatternKind.Exact, value, ignoreCase);
    }

    public bool Matches(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Kind switch
        {
            PatternKind.Present => true,
            PatternKind.Prefix => value.StartsWith(Text, comparison),
            PatternKind.Suffix => value.EndsWith(Text, comparison),
            _ => string.Equals(value, Text, comparison),
        };
    }

    public override string ToString() => Kind switch
    {
        PatternKind.Present => "*",
        PatternKind.Prefix => Text + "*",
        PatternKind.Suffix => "*" + Text,
        _ => Text,
    };
}
