using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

/// <summary>A workload as the agent is: its own key, a CSR naming its SPIFFE ID, and what the CA sent back.</summary>
public sealed class Workload : IDisposable
{
    public Workload(string ns = "default", string serviceAccount = "bookinfo-reviews", string trustDomain = "cluster.local")
    {
        Identity = new SpiffeId(trustDomain, ns, serviceAccount);
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    public SpiffeId Identity { get; }

    public ECDsa Key { get; }

    public string Csr(SpiffeId? asFor = null) => CsrFor(Key, asFor ?? Identity);

    public static string CsrFor(AsymmetricAlgorithm key, SpiffeId identity, Action<SubjectAlternativeNameBuilder>? moreNames = null)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest("", ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest("", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri());
        moreNames?.Invoke(names);
        request.CertificateExtensions.Add(names.Build(critical: true));
        return request.CreateSigningRequestPem();
    }

    public static async Task<SignResponse> ReadSignResponseAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<SignResponse>())!;
    }

    /// <summary>The issued leaf with this workload's private key, usable as a TLS client certificate.</summary>
    public X509Certificate2 WithKey(SignResponse response)
    {
        using var leaf = Leaf(response);
        using var withKey = leaf.CopyWithPrivateKey(Key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public static X509Certificate2 Leaf(SignResponse response) => X509Certificate2.CreateFromPem(response.CertificateChain[0]);

    public static X509Certificate2Collection Bundle(SignResponse response)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(string.Concat(response.TrustBundle));
        return roots;
    }

    public void Dispose() => Key.Dispose();
}
