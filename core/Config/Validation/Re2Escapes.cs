namespace GatewayMesh.Core.Config.Validation;

/// <summary>Backslash escapes outside character classes: rejects backreferences and .NET-only anchors.</summary>
internal static class Re2Escapes
{
    /// <summary>Checks the escape at <paramref name="i"/> and moves past it.</summary>
    public static string? Check(string pattern, ref int i)
    {
        if (i + 1 >= pattern.Length)
        {
            i++;
            return "trailing backslash";
        }

        var next = pattern[i + 1];
        i += 2;
        return next switch
        {
            >= '1' and <= '9' => "backreferences are not supported (RE2 syntax only)",
            'k' when i < pattern.Length && pattern[i] is '<' or '\'' or '{' => "backreferences are not supported (RE2 syntax only)",
            'G' or 'Z' => $"\\{next} is not supported (RE2 syntax only; use \\z for the end of text)",
            _ => null,
        };
    }
}
