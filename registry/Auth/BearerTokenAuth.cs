using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Registry.Api;
using Microsoft.Net.Http.Headers;

namespace GatewayMesh.Registry.Auth;

/// <summary>The registry's API token, held as a SHA-256 digest so comparisons take the same time whatever the input.</summary>
internal sealed class ApiToken(string token)
{
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(ReadOnlySpan<char> presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()));
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}

/// <summary>Requires <c>Authorization: Bearer &lt;token&gt;</c> on every <c>/api</c> request.</summary>
internal sealed class BearerTokenAuth(RequestDelegate next, ApiToken token, ILogger<BearerTokenAuth> logger)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        string? reason = null;
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            reason = "missing bearer token";
        }
        else if (!token.Matches(header.AsSpan(Scheme.Length).Trim()))
        {
            reason = "wrong bearer token";
        }

        if (reason is null)
        {
            return next(context);
        }

        Log.Unauthorized(logger, context.Request.Path, reason);
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return ApiErrors.Write(context, StatusCodes.Status401Unauthorized, "unauthorized: " + reason);
    }
}
