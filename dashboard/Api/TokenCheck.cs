using System.Security.Cryptography;
using System.Text;

namespace GatewayMesh.Dashboard.Api;

/// <summary>The API answers only requests that carry the registry's token (<c>Authorization: Bearer ...</c>), compared in constant time.</summary>
internal static class TokenCheck
{
    public static bool IsAuthorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || token.Length == 0)
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[prefix.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
