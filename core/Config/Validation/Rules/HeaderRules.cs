namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>HTTP header names: RFC 9110 tokens; a few request pseudo-headers may be matched.</summary>
internal static class HeaderRules
{
    private static readonly string[] MatchablePseudoHeaders = [":authority", ":method", ":path", ":scheme"];

    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>A header name in a match: a token, or one of the pseudo-headers Envoy exposes to matching.</summary>
    public static void MatchName(ValidationContext context, string path, string name)
    {
        if (name.StartsWith(':'))
        {
            if (!MatchablePseudoHeaders.Contains(name))
            {
                context.Add(path, $"unsupported pseudo-header \"{name}\"; only :authority, :method, :path and :scheme can be matched");
            }

            return;
        }

        Name(context, path, name);
    }

    /// <summary>A header name that is set, added or removed.</summary>
    public static void Name(ValidationContext context, string path, string name)
    {
        if (!IsToken(name))
        {
            context.Add(path, $"invalid header name \"{name}\": expected letters, digits and !#$%&'*+-.^_`|~ without spaces");
        }
    }
}
