using System.Globalization;
using System.Text;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>
/// Accepts only RE2 syntax (what Envoy runs): rejects the .NET constructs that need backtracking or mean something
/// else in RE2, and caps pattern length and repetition counts. Produces the equivalent .NET pattern.
/// </summary>
internal static class Re2Syntax
{
    public const int MaxPatternLength = 1024;
    public const int MaxRepeat = 1000;

    /// <summary>Returns the reason <paramref name="pattern"/> is not RE2, or null and the .NET spelling of it.</summary>
    public static string? Check(string pattern, out string dotNetPattern)
    {
        dotNetPattern = pattern;
        if (pattern.Length > MaxPatternLength)
        {
            return $"pattern is {pattern.Length} characters; the limit is {MaxPatternLength}";
        }

        var output = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length;)
        {
            var start = i;
            var error = pattern[i] switch
            {
                '\\' => Re2Escapes.Check(pattern, ref i),
                '[' => Re2CharacterClass.Skip(pattern, ref i),
                '(' => Re2Groups.Check(pattern, ref i, output),
                '{' => CheckRepeat(pattern, ref i),
                '*' or '+' or '?' => CheckPossessive(pattern, ref i),
                _ => Advance(ref i),
            };
            if (error is not null)
            {
                return error;
            }

            if (pattern[start] != '(')
            {
                output.Append(pattern, start, i - start);
            }
        }

        dotNetPattern = output.ToString();
        return null;
    }

    private static string? Advance(ref int i)
    {
        i++;
        return null;
    }

    private static string? CheckPossessive(string pattern, ref int i)
    {
        i++;
        return i < pattern.Length && pattern[i] == '+'
            ? "possessive quantifiers are not supported (RE2 syntax only)"
            : null;
    }

    /// <summary>A {n}, {n,} or {n,m} repeat: counts are capped as RE2 caps them. Anything else is a literal '{'.</summary>
    private static string? CheckRepeat(string pattern, ref int i)
    {
        var close = pattern.IndexOf('}', i);
        var body = close < 0 ? "" : pattern[(i + 1)..close];
        var parts = body.Split(',');
        if (body.Length == 0 || parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            i++;
            return null;
        }

        i = close + 1;
        foreach (var part in parts.Where(p => p.Length > 0))
        {
            if (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > MaxRepeat)
            {
                return $"repetition count {part} exceeds the limit of {MaxRepeat}";
            }
        }

        return i < pattern.Length && pattern[i] == '+'
            ? "possessive quantifiers are not supported (RE2 syntax only)"
            : null;
    }
}
