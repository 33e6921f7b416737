using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.KubernetesTests.Infrastructure;
using Xunit;

namespace GatewayMesh.KubernetesTests.Identity;

/// <summary>
/// The CA authenticates CSRs with ServiceAccount tokens through the real API server's TokenReview: a pod-bound token
/// with the CA's audience gets a certificate for its own SPIFFE ID only.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class TokenReviewTests(KubeEnvironment environment)
{
    [Fact]
    public async Task Csr_PodBoundTokenForItsOwnIdentity_CertificateWithThatSpiffeId()
    {
        var plane = await environment.ControlPlaneAsync();
        var (ns, token) = await TokenAsync("bookinfo-ratings", audience: "gatewaymesh-ca", bound: true);
        var expected = new SpiffeId(ControlPlane.TrustDomain, ns, "bookinfo-ratings");

        using var response = await SignAsync(plane, token, expected);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signed = (await response.Content.ReadFromJsonAsync<SignResponse>())!;
        using var leaf = X509Certificate2.CreateFromPem(signed.CertificateChain[0]);
        Assert.Contains(expected.ToString(), leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false));
        Assert.Contains(plane.CaLogs.Entries, e => e.Message.Contains(expected.ToString(), StringComparison.Ordinal) && e.Message.Contains("kubernetes-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Csr_TokenOfAnotherServiceAccount_Refused403()
    {
        var plane = await environment.ControlPlaneAsync();
        var (ns, token) = await TokenAsync("bookinfo-details", audience: "gatewaymesh-ca", bound: true);
        using var response = await SignAsync(plane, token, new SpiffeId(ControlPlane.TrustDomain, ns, "bookinfo-productpage"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("but the caller is", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("kubernetes.default.svc", true, "not accepted")]
    [InlineData("gatewaymesh-ca", false, "not bound to a pod")]
    public async Task Csr_WrongAudienceOrUnboundToken_Refused401(string audience, bool bound, string reason)
    {
        var plane = await environment.ControlPlaneAsync();
        var (ns, token) = await TokenAsync("bookinfo-reviews", audience, bound);
        using var response = await SignAsync(plane, token, new SpiffeId(ControlPlane.TrustDomain, ns, "bookinfo-reviews"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    private async Task<(string Namespace, string Token)> TokenAsync(string serviceAccount, string audience, bool bound)
    {
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("identity");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, serviceAccount);
        var pod = bound ? await ServiceAccountTokens.PendingPodAsync(client, ns, "workload", serviceAccount) : null;
        return (ns, await ServiceAccountTokens.RequestAsync(client, ns, serviceAccount, audience, pod));
    }

    private static async Task<HttpResponseMessage> SignAsync(ControlPlane plane, string token, SpiffeId identity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(identity.ToUri());
        request.CertificateExtensions.Add(san.Build(critical: true));
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(plane.CaRootFile);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = plane.CaUri };
        using var message = new HttpRequestMessage(HttpMethod.Post, CaApi.CertificatesPath) { Content = JsonContent.Create(new SignRequest(request.CreateSigningRequestPem())) };
        message.Headers.Authorization = new("Bearer", token);
        var response = await http.SendAsync(message);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
