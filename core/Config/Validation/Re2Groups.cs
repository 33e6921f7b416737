using System.Text;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>Group openings: plain, non-capturing, named and flag groups pass; lookarounds, atomic, conditional and balancing groups don't.</summary>
internal static class Re2Groups
{
    private const string NotRe2 = "(RE2 syntax only)";

    /// <summary>Checks the group opening at <paramref name="i"/>, moves past it and writes its .NET spelling.</summary>
    public static string? Check(string pattern, ref int i, StringBuilder output)
    {
        var rest = pattern.AsSpan(i);
        if (!rest.StartsWith("(?"))
        {
            output.Append('(');
            i++;
            return null;
        }

        if (rest.StartsWith("(?P<"))
        {
            output.Append("(?<");
            i += 4;
            return NamedGroup(pattern, i);
        }

        string? error = rest switch
        {
            _ when rest.StartsWith("(?=") || rest.StartsWith("(?!") => $"lookahead is not supported {NotRe2}",
            _ when rest.StartsWith("(?<=") || rest.StartsWith("(?<!") => $"lookbehind is not supported {NotRe2}",
            _ when rest.StartsWith("(?>") => $"atomic groups are not supported {NotRe2}",
            _ when rest.StartsWith("(?(") => $"conditionals are not supported {NotRe2}",
            _ when rest.StartsWith("(?#") => $"comments are not supported {NotRe2}",
            _ when rest.StartsWith("(?P=") || rest.StartsWith("(?P>") => $"backreferences are not supported {NotRe2}",
            _ when rest.StartsWith("(?'") => "named groups must be written (?P<name>...) or (?<name>...)",
            _ when rest.StartsWith("(?<") => NamedGroup(pattern, i + 3),
            _ => Flags(rest),
        };
        if (error is null)
        {
            output.Append("(?");
            i += 2;
        }

        return error;
    }

    private static string? NamedGroup(string pattern, int nameStart)
    {
        var close = pattern.IndexOf('>', nameStart);
        var name = close < 0 ? "" : pattern[nameStart..close];
        if (name.Contains('-', StringComparison.Ordinal))
        {
            return $"balancing groups are not supported {NotRe2}";
        }

        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? null
            : "invalid group name; expected letters, digits and '_'";
    }

    /// <summary>(?flags) or (?flags:...): RE2 and .NET share i, m and s.</summary>
    private static string? Flags(ReadOnlySpan<char> rest)
    {
        for (var j = 2; j < rest.Length && rest[j] is not (')' or ':'); j++)
        {
            if (rest[j] is not ('i' or 'm' or 's' or '-'))
            {
                return $"unsupported group flag '{rest[j]}'; only i, m and s are supported";
            }
        }

        return null;
    }
}
