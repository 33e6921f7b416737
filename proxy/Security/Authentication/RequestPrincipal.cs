using System.Text.Json;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// The end user a valid JWT names: <c>iss/sub</c> as Istio's <c>requestPrincipals</c> and <c>request.auth.principal</c>
/// read it, its audiences, its presenter (<c>azp</c>), and its claims for <c>request.auth.claims[...]</c>.
/// </summary>
public sealed class RequestPrincipal(string principal, IReadOnlyList<string> audiences, string? presenter, JsonElement claims)
{
    public string Principal { get; } = principal;

    public IReadOnlyList<string> Audiences { get; } = audiences;

    public string? Presenter { get; } = presenter;

    /// <summary>The token's payload, a JSON object.</summary>
    public JsonElement Claims { get; } = claims;

    /// <summary>
    /// The string values of a claim by path (<c>["groups"]</c>, or <c>["realm", "roles"]</c> for a nested claim): a
    /// string, each string of a list of strings, a number or boolean as text; nothing when absent.
    /// </summary>
    public IEnumerable<string> ClaimValues(IReadOnlyList<string> path)
    {
        var current = Claims;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return [];
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => [current.GetString()!],
            JsonValueKind.Array => current.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [current.GetRawText()],
            _ => [],
        };
    }
}
