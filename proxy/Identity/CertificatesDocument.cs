using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// <c>/debug/certs</c>: the proxy's identity, its current certificate (serial, validity, state), the agent's next
/// renewal and last error, and the trust bundle's roots. Public facts only: never a key, never a token.
/// </summary>
public static class CertificatesDocument
{
    public static JsonObject Create(IWorkloadCertificateSource? source, DateTimeOffset now)
    {
        if (source is null)
        {
            return new JsonObject
            {
                ["identity"] = null,
                ["enabled"] = false,
                ["reason"] = "no --ca-address: this proxy has no workload certificate (mesh mTLS off)",
                ["certificates"] = new JsonArray(),
                ["trustBundle"] = new JsonArray(),
            };
        }

        var current = source.Current;
        var document = new JsonObject
        {
            ["identity"] = source.Identity.ToString(),
            ["enabled"] = true,
            ["certificates"] = current is null ? new JsonArray() : Array([Certificate(current.Leaf, "default", now), .. current.Intermediates.Select(c => Certificate(c, "intermediate", now))]),
            ["trustBundle"] = Array([.. (current?.TrustBundle ?? []).Select(c => Certificate(c, "ROOTCA", now))]),
        };
        if (source is CertificateAgent agent)
        {
            var status = agent.Status;
            document["ready"] = agent.NotReadyReason() is null;
            document["reason"] = agent.NotReadyReason();
            document["nextRenewal"] = status.NextAttemptAt;
            document["lastIssued"] = status.LastIssuedAt;
            document["consecutiveFailures"] = status.ConsecutiveFailures;
            document["lastError"] = status.LastError;
        }

        return document;
    }

    private static JsonArray Array(JsonObject[] items) => new(items);

    private static JsonObject Certificate(X509Certificate2 certificate, string name, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var valid = now >= notBefore && now < notAfter;
        return new JsonObject
        {
            ["name"] = name,
            ["subject"] = certificate.Subject,
            ["spiffeId"] = Core.Identity.SpiffeId.FromCertificate(certificate)?.ToString(),
            ["serialNumber"] = certificate.SerialNumber.ToLowerInvariant(),
            ["notBefore"] = notBefore,
            ["notAfter"] = notAfter,
            ["state"] = valid ? "ACTIVE" : now < notBefore ? "NOT_YET_VALID" : "EXPIRED",
            ["valid"] = valid,
        };
    }
}
