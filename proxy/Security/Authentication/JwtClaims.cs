using System.Text.Json;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// A verified token's payload as <c>request.auth.claims[...]</c> reads it: each claim's string values (a string, each
/// string of a list, a number or boolean as its JSON text), nested claims keyed by their path as the condition key
/// writes it between its outer brackets (<c>request.auth.claims[realm][roles]</c> reads key <c>realm][roles</c>).
/// Built once per authenticated request.
/// </summary>
public static class JwtClaims
{
    /// <summary>How a nested claim's path is joined into one key.</summary>
    public const string PathSeparator = "][";

    private const int MaxDepth = 8;

    public static RequestPrincipal Principal(JwtToken token) => new(
        $"{token.Issuer}/{token.Subject}",
        Flatten(token.Claims),
        token.Audiences,
        token.String("azp"));

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Flatten(JsonElement payload)
    {
        var claims = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (payload.ValueKind == JsonValueKind.Object)
        {
            Add(claims, null, payload, 0);
        }

        return claims;
    }

    private static void Add(Dictionary<string, IReadOnlyList<string>> claims, string? prefix, JsonElement value, int depth)
    {
        foreach (var property in value.EnumerateObject())
        {
            var key = prefix is null ? property.Name : prefix + PathSeparator + property.Name;
            var element = property.Value;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object when depth < MaxDepth:
                    Add(claims, key, element, depth + 1);
                    break;
                case JsonValueKind.String:
                    claims[key] = [element.GetString()!];
                    break;
                case JsonValueKind.Array:
                    claims[key] = [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    claims[key] = [element.GetRawText()];
                    break;
            }
        }
    }
}
