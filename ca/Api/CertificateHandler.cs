using System.Security.Cryptography;
using System.Text.Json;
using GatewayMesh.Ca.Audit;
using GatewayMesh.Ca.Auth;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Issuing;
using GatewayMesh.Ca.Limits;
using GatewayMesh.Ca.Settings;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Api;

/// <summary>
/// <c>POST /v1/certificates</c> (docs/ca-api.md). Order of checks: body (413, 400), TTL (400), caller (401), rate (429),
/// CSR (400), identity (403), a bootstrap token spent on the CSR's key (401 when spent on another key, 503 when the CA
/// tracks too many); then sign. Every outcome goes to the audit log.
/// </summary>
internal sealed class CertificateHandler(
    IEnumerable<ICallerAuthenticator> authenticators,
    TokenReplayCache replays,
    AuthorityState authority,
    IssuanceRateLimiter rateLimiter,
    AuditLog audit,
    CaSettings settings,
    TimeProvider time)
{
    private readonly ICallerAuthenticator[] _authenticators = [.. authenticators];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (request, bodyError) = await ReadAsync(context);
        if (request is null)
        {
            return Refuse(null, null, bodyError!.Value.Status, bodyError.Value.Message);
        }

        var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.DefaultTtl;
        if (ttl <= TimeSpan.Zero || ttl > settings.MaxTtl)
        {
            return Refuse(null, null, StatusCodes.Status400BadRequest, $"ttlSeconds {request.TtlSeconds} is out of range 1-{(long)settings.MaxTtl.TotalSeconds}");
        }

        var caller = await AuthenticateAsync(context);
        if (!caller.Succeeded)
        {
            return Refuse(null, caller.Authenticator, caller.Status, caller.Error);
        }

        var identity = caller.Identity!;
        if (!rateLimiter.TryAcquire(identity, out var retryAfter))
        {
            Audit(identity, caller.Authenticator, StatusCodes.Status429TooManyRequests, "rate limit");
            return CaErrors.TooManyRequests(context, $"issuance rate limit for {identity} reached; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s", retryAfter);
        }

        if (!CsrCheck.TryCheck(request.Csr, settings.TrustDomain, out var csr, out var csrError))
        {
            return Refuse(identity, caller.Authenticator, StatusCodes.Status400BadRequest, csrError);
        }

        if (csr!.Identity != identity)
        {
            return Refuse(identity, caller.Authenticator, StatusCodes.Status403Forbidden, $"csr asks for {csr.Identity} but the caller is {identity}");
        }

        var dnsNames = request.DnsNames ?? [];
        if ((settings.DnsSanGrants ?? DnsNameGrants.Empty).FirstRefused(identity, dnsNames) is { } refused)
        {
            return Refuse(identity, caller.Authenticator, StatusCodes.Status403Forbidden, $"{identity} may not have '{refused}' in its certificate");
        }

        if (caller.OneUseToken is { } token && Spend(token, csr) is { } spendError)
        {
            return Refuse(identity, caller.Authenticator, spendError.Status, spendError.Message);
        }

        return Issue(csr, caller.Authenticator!, ttl, dnsNames);
    }

    /// <summary>
    /// Spends a one-use token on the CSR's key, last of all checks: a token refused earlier stays usable, and the same
    /// token with the same key again (the caller never got the answer) is issued again rather than locking it out.
    /// </summary>
    private (int Status, string Message)? Spend(OneUseToken token, CheckedCsr csr)
    {
        var fingerprint = SHA256.HashData(csr.PublicKey.ExportSubjectPublicKeyInfo());
        return replays.TryUse(token.Id, fingerprint, token.ExpiresAt, time.GetUtcNow()) switch
        {
            TokenReplayCache.Outcome.FirstUse or TokenReplayCache.Outcome.SameKeyAgain => null,
            TokenReplayCache.Outcome.Replayed => (StatusCodes.Status401Unauthorized, "bootstrap token already used"),
            _ => (StatusCodes.Status503ServiceUnavailable, "too many bootstrap tokens in use; retry later"),
        };
    }

    private IResult Issue(CheckedCsr csr, string authenticator, TimeSpan ttl, IReadOnlyList<string> dnsNames)
    {
        var current = authority.Current;
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddUri(csr.Identity.ToUri());
        foreach (var name in dnsNames)
        {
            if (System.Net.IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        var leaf = LeafCertificateFactory.Issue(current, csr.PublicKey, names.Build(critical: true), ttl, time.GetUtcNow());
        audit.Issued(new AuditEntry(
            time.GetUtcNow(), "issued", csr.Identity.ToString(), authenticator, leaf.SerialNumber, leaf.NotAfter,
            current.Signer.Certificate.SerialNumber, current.Root.SerialNumber));
        var chain = new List<string>(1 + current.IntermediatePems.Count) { leaf.Pem };
        chain.AddRange(current.IntermediatePems);
        var response = new SignResponse(chain, current.TrustBundlePems, leaf.SerialNumber, leaf.NotAfter);
        return Results.Json(response, CaJson.Default.SignResponse);
    }

    private async ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context)
    {
        foreach (var authenticator in _authenticators)
        {
            var result = await authenticator.AuthenticateAsync(context, context.RequestAborted);
            if (result.IsApplicable)
            {
                return result;
            }
        }

        return CallerAuthentication.Failure(StatusCodes.Status401Unauthorized, "no credentials: send 'Authorization: Bearer <bootstrap token>' or a client certificate this CA issued", null!);
    }

    private static async Task<(SignRequest? Request, (int Status, string Message)? Error)> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > CaApi.MaxRequestBytes)
        {
            return (null, (StatusCodes.Status413PayloadTooLarge, $"request body over {CaApi.MaxRequestBytes / 1024} KiB"));
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, CaJson.Default.SignRequest, context.RequestAborted);
            return request is { Csr: { Length: > 0 } }
                ? (request, null)
                : (null, (StatusCodes.Status400BadRequest, "request body must be JSON with a 'csr' field"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, (StatusCodes.Status413PayloadTooLarge, $"request body over {CaApi.MaxRequestBytes / 1024} KiB"));
        }
        catch (JsonException)
        {
            return (null, (StatusCodes.Status400BadRequest, "request body is not valid JSON for a sign request"));
        }
    }

    private IResult Refuse(SpiffeId? identity, string? authenticator, int status, string reason)
    {
        Audit(identity, authenticator, status, reason);
        return CaErrors.Result(status, reason);
    }

    private void Audit(SpiffeId? identity, string? authenticator, int status, string reason) =>
        audit.Refused(new AuditEntry(time.GetUtcNow(), "refused", identity?.ToString(), authenticator, Status: status, Reason: reason));
}
