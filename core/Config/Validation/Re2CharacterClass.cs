namespace GatewayMesh.Core.Config.Validation;

/// <summary>Character classes: rejects the .NET forms that RE2 reads differently (subtraction, POSIX names).</summary>
internal static class Re2CharacterClass
{
    /// <summary>Moves past the class opening at <paramref name="i"/>; an unclosed class is left for the compiler to report.</summary>
    public static string? Skip(string pattern, ref int i)
    {
        var j = i + 1;
        if (j < pattern.Length && pattern[j] == '^')
        {
            j++;
        }

        if (j < pattern.Length && pattern[j] == ']')
        {
            j++;
        }

        while (j < pattern.Length && pattern[j] != ']')
        {
            if (pattern[j] == '\\')
            {
                j += 2;
                continue;
            }

            if (pattern[j] == '[' && j + 1 < pattern.Length && pattern[j + 1] == ':')
            {
                i = j;
                return "POSIX classes such as [:alpha:] are not supported; use ranges or \\p{...}";
            }

            if (pattern[j] == '-' && j + 1 < pattern.Length && pattern[j + 1] == '[')
            {
                i = j;
                return "character class subtraction is not supported (RE2 syntax only)";
            }

            j++;
        }

        i = Math.Min(j + 1, pattern.Length);
        return null;
    }
}
