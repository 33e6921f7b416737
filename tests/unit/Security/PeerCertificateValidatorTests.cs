using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Security;

public sealed class PeerCertificateValidatorTests
{
    private static readonly SpiffeId Peer = new("cluster.local", "default", "productpage");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryValidate_LeafUnderIntermediateOfOwnChain_AcceptedWithItsSpiffeId()
    {
        using var root = Ca("root", null);
        using var intermediate = Ca("intermediate", root);
        using var leaf = Leaf(intermediate, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));
        var own = new WorkloadCertificate(leaf, [Public(intermediate)], [Public(root)]);

        var accepted = PeerCertificateValidator.TryValidate(Public(leaf), null, own, PeerCertificateValidator.ClientAuth, Now, out var identity, out var reason);

        Assert.True(accepted, reason);
        Assert.Equal(Peer, identity);
    }

    [Fact]
    public void TryValidate_ClockPastNotAfter_Refused()
    {
        using var root = Ca("root", null);
        using var leaf = Leaf(root, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));
        var own = new WorkloadCertificate(leaf, [], [Public(root)]);
        var time = new FakeTimeProvider(Now);
        time.Advance(TimeSpan.FromHours(2));

        var accepted = PeerCertificateValidator.TryValidate(leaf, null, own, PeerCertificateValidator.ServerAuth, time.GetUtcNow(), out _, out var reason);

        Assert.False(accepted);
        Assert.Contains("NotTimeValid", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_TrustBundleOfAnotherRoot_Refused()
    {
        using var root = Ca("root", null);
        using var other = Ca("other", null);
        using var leaf = Leaf(root, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));
        var own = new WorkloadCertificate(leaf, [], [Public(other)]);

        Assert.False(PeerCertificateValidator.TryValidate(leaf, null, own, PeerCertificateValidator.ClientAuth, Now, out _, out var reason));
        Assert.Contains("does not chain", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_SpiffeIdOfAnotherTrustDomain_RefusedThoughItChains()
    {
        using var root = Ca("root", null);
        using var leaf = Leaf(root, ["spiffe://evil.example/ns/default/sa/productpage"], Now.AddMinutes(-5), Now.AddHours(1));
        var own = new WorkloadCertificate(leaf, [], [Public(root)]);

        Assert.True(PeerCertificateValidator.TryValidate(leaf, null, own, PeerCertificateValidator.ClientAuth, Now, out _, out _));
        Assert.False(PeerCertificateValidator.TryValidate(leaf, null, own, PeerCertificateValidator.ClientAuth, Now, out _, out var reason, "cluster.local"));
        Assert.Contains("outside the trust domain cluster.local", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_NoOwnCertificate_Refused()
    {
        using var root = Ca("root", null);
        using var leaf = Leaf(root, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));

        Assert.False(PeerCertificateValidator.TryValidate(leaf, null, null, PeerCertificateValidator.ClientAuth, Now, out _, out var reason));
        Assert.Equal("this proxy has no trust bundle yet", reason);
    }

    [Fact]
    public void ForwardedClientCert_Format_EnvoyFieldsInOrder()
    {
        using var root = Ca("root", null);
        using var leaf = Leaf(root, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));
        var own = new SpiffeId("cluster.local", "default", "reviews");

        var xfcc = ForwardedClientCert.Format(own, leaf, Peer);

        Assert.Equal($"By={own};Hash={Convert.ToHexStringLower(SHA256.HashData(leaf.RawData))};URI={Peer}", xfcc);
    }

    [Fact]
    public void ForwardedClientCert_Apply_ReplacesSpoofedHeaderEveryRequestAndFollowsOwnIdentity()
    {
        using var root = Ca("root", null);
        using var leaf = Leaf(root, [Peer.ToString()], Now.AddMinutes(-5), Now.AddHours(1));
        var reviews = new SpiffeId("cluster.local", "default", "reviews");
        var ratings = new SpiffeId("cluster.local", "default", "ratings");

        var first = Applied(leaf, reviews, spoofed: "URI=spiffe://cluster.local/ns/default/sa/admin");
        var second = Applied(leaf, reviews, spoofed: "By=x;URI=y");
        var otherOwn = Applied(leaf, ratings, spoofed: null);
        var plaintext = Applied(null, reviews, spoofed: "URI=spiffe://cluster.local/ns/default/sa/admin");

        Assert.Equal(ForwardedClientCert.Format(reviews, leaf, Peer), first);
        Assert.Equal(first, second);
        Assert.Equal(ForwardedClientCert.Format(ratings, leaf, Peer), otherOwn);
        Assert.Null(plaintext);
    }

    private static string? Applied(X509Certificate2? peer, SpiffeId own, string? spoofed)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.ClientCertificate = peer;
        if (spoofed is not null)
        {
            context.Request.Headers[ForwardedClientCert.HeaderName] = spoofed;
        }

        ForwardedClientCert.Apply(context, own);
        return context.Request.Headers.TryGetValue(ForwardedClientCert.HeaderName, out var value) ? value.ToString() : null;
    }

    private static X509Certificate2 Public(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static X509Certificate2 Ca(string name, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
        }

        using var issued = request.Create(issuer, Now.AddDays(-30), Now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Leaf(X509Certificate2 issuer, string[] uris, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=workload", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var uri in uris)
        {
            san.AddUri(new Uri(uri));
        }

        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(PeerCertificateValidator.ServerAuth), new Oid(PeerCertificateValidator.ClientAuth)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
