using System.Net;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>
/// A real Kestrel HTTPS listener on 127.0.0.1:0 that asks for client certificates (validated against the test CA),
/// running the proxy engine for the <c>reviews</c> sidecar (config store → snapshot watcher → ProxyState) and the
/// inbound pipeline (authorization) in front of a stand-in app that answers "reviews ok". Principals come from real
/// certificates presented in real TLS handshakes. (Stands in for the sidecar's mTLS inbound listener until it exists.)
/// </summary>
public sealed class MtlsAuthorizationHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    public const int TargetPort = 9080;

    private readonly WebApplication _app;

    private MtlsAuthorizationHost(WebApplication app, TestCertificateAuthority ca, Uri address)
    {
        _app = app;
        Ca = ca;
        Address = address;
    }

    public TestCertificateAuthority Ca { get; }

    public Uri Address { get; }

    public ProxyState State => _app.Services.GetRequiredService<ProxyState>();

    public static async Task<MtlsAuthorizationHost> StartAsync()
    {
        var ca = new TestCertificateAuthority();
        var server = ca.IssueServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = server,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (certificate, _, _) => ca.Validates(certificate),
        })));
        builder.Services.AddInMemoryMeshState();
        builder.Services.AddMeshAuthorization(ProxySecurityOptions.Default, AuthorizationEnforcementOptions.Sidecar(TargetPort));
        var labels = new ValueMap<string, string>([KeyValuePair.Create("app", "reviews"), KeyValuePair.Create("version", "v1")]);
        builder.Services.AddMeshProxy(ProxyIdentity.Sidecar("reviews", "default", labels));
        builder.Services.AddProxyStep<StandInApp>(PipelineStage.Forward, ProxyListeners.SidecarInbound);
        var app = builder.Build();
        app.UseProxyPipeline(ProxyListener.SidecarInbound);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new MtlsAuthorizationHost(app, ca, address);
    }

    /// <summary>Puts the YAML's resources through the config store and waits until the proxy serves that revision.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml, "test");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var store = _app.Services.GetRequiredService<IConfigStore>();
        foreach (var resource in parsed.Resources)
        {
            await store.PutAsync(resource);
        }

        var revision = await _app.Services.GetRequiredService<IMeshStateReader>().GetRevisionAsync();
        await State.WaitForRevisionAsync(revision).WaitAsync(Timeout);
    }

    /// <summary>An HTTPS client that trusts the test CA and presents <paramref name="clientCertificate"/> (or none).</summary>
    public HttpClient Client(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Ca.Validates(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        if (clientCertificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return new HttpClient(handler) { BaseAddress = Address, Timeout = Timeout };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Ca.Dispose();
    }

    /// <summary>The app behind the inbound pipeline: answers "reviews ok" once authorization let the request through.</summary>
    private sealed class StandInApp : IProxyStep
    {
        public async ValueTask<StepResult> InvokeAsync(ProxyRequest request)
        {
            await request.Http.Response.WriteAsync("reviews ok");
            return StepResult.Stop;
        }
    }
}
