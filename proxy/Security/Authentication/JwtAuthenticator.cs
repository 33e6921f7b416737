using System.Text.Json;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>Where a request keeps what JWT authentication reads: headers, query parameters and cookies.</summary>
public interface IJwtSource
{
    string? Header(string name);

    string? QueryParameter(string name);

    string? Cookie(string name);
}

/// <summary>The verdict on a request's JWTs: none given, a valid one (with what to change in the request), or a reason to refuse it.</summary>
public sealed record JwtOutcome(RequestPrincipal? Principal, string? Failure, JwtProvider? Provider, IReadOnlyList<JwtHeaderEdit> Edits)
{
    public static readonly JwtOutcome NoToken = new(null, null, null, []);

    public bool Refused => Failure is not null;
}

/// <summary>A request header to set (<see cref="Value"/>) or remove (null) before the request goes on.</summary>
public readonly record struct JwtHeaderEdit(string Name, string? Value);

/// <summary>
/// Istio's RequestAuthentication semantics over the compiled providers of a workload: a request without a token in
/// any provider's locations passes unauthenticated; every token found must be issued by a provider that reads it
/// there, carry a valid signature from that provider's keys, be within its <c>nbf</c>/<c>exp</c> window (60 s of clock
/// skew, as Envoy allows) and, when the provider lists audiences, name one of them; otherwise the request is refused
/// with Envoy's reason. Pure: time comes from the caller.
/// </summary>
public static class JwtAuthenticator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    public static JwtOutcome Authenticate(IReadOnlyList<JwtProvider> providers, IJwtSource request, DateTimeOffset now)
    {
        if (providers.Count == 0)
        {
            return JwtOutcome.NoToken;
        }

        var found = new List<(string Token, JwtProvider Provider, JwtLocation Location)>();
        foreach (var provider in providers)
        {
            foreach (var location in JwtLocation.Of(provider))
            {
                if (location.Read(request) is { Length: > 0 } token)
                {
                    found.Add((token, provider, location));
                }
            }
        }

        if (found.Count == 0)
        {
            return JwtOutcome.NoToken;
        }

        JwtOutcome? accepted = null;
        foreach (var group in found.GroupBy(f => f.Token, StringComparer.Ordinal))
        {
            var outcome = Verify(group.Key, [.. group.Select(g => (g.Provider, g.Location))], now);
            if (outcome.Refused)
            {
                return outcome;
            }

            accepted ??= outcome;
        }

        return accepted!;
    }

    private static JwtOutcome Verify(string text, IReadOnlyList<(JwtProvider Provider, JwtLocation Location)> readers, DateTimeOffset now)
    {
        if (!JwtToken.TryParse(text, out var token, out var parseError))
        {
            return Refuse(parseError);
        }

        var candidates = readers.Where(r => r.Provider.AcceptsIssuer(token.Issuer)).ToList();
        if (candidates.Count == 0)
        {
            return Refuse("Jwt issuer is not configured");
        }

        var failure = "Jwt verification fails";
        foreach (var (provider, location) in candidates)
        {
            if (provider.Keys is null)
            {
                failure = "Jwks remote fetch is failed";
                continue;
            }

            if (!JwtSignature.Verify(token, provider.Keys))
            {
                continue;
            }

            if (TimeError(token, now) is { } timeError)
            {
                return Refuse(timeError);
            }

            if (provider.Audiences.Count > 0 && !token.Audiences.Any(provider.Audiences.Contains))
            {
                return Refuse("Audiences in Jwt are not allowed");
            }

            return new JwtOutcome(
                JwtClaims.Principal(token),
                null,
                provider,
                Edits(provider, location, token));
        }

        return Refuse(failure);
    }

    private static string? TimeError(JwtToken token, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        if (token.Seconds("exp") is { } exp && exp + ClockSkew.TotalSeconds < seconds)
        {
            return "Jwt is expired";
        }

        return token.Seconds("nbf") is { } nbf && nbf - ClockSkew.TotalSeconds > seconds ? "Jwt not yet valid" : null;
    }

    private static List<JwtHeaderEdit> Edits(JwtProvider provider, JwtLocation location, JwtToken token)
    {
        var edits = new List<JwtHeaderEdit>();
        if (!provider.ForwardOriginalToken && location.HeaderName is { } header)
        {
            edits.Add(new JwtHeaderEdit(header, null));
        }

        if (provider.OutputPayloadToHeader is { } payloadHeader)
        {
            edits.Add(new JwtHeaderEdit(payloadHeader, token.PayloadSegment));
        }

        foreach (var claim in provider.OutputClaimToHeaders)
        {
            if (claim.Header is { } name && claim.Claim is { } claimName && token.Claims.TryGetProperty(claimName, out var value))
            {
                edits.Add(new JwtHeaderEdit(name, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()));
            }
        }

        return edits;
    }

    private static JwtOutcome Refuse(string reason) => new(null, reason, null, []);
}
