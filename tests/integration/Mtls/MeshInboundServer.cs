using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>What the mesh inbound test server saw of one request.</summary>
public sealed record InboundEcho(string Protocol, string? Tls, string? Peer, string? PeerSerial, string Connection, string? Xfcc);

/// <summary>
/// A bare Kestrel on 127.0.0.1:0 whose only listener is <c>ListenMeshInbound</c> (the sidecar's inbound port), answering
/// each request with an <see cref="InboundEcho"/>: HTTP version, TLS version, the verified peer and its serial, the
/// connection id and any XFCC header. <see cref="Requests"/> counts the requests that reached the app.
/// </summary>
public sealed class MeshInboundServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StrongBox<ListenOptions?> _listen;
    private int _requests;

    private MeshInboundServer(WebApplication app, StrongBox<ListenOptions?> listen)
    {
        _app = app;
        _listen = listen;
    }

    /// <summary>The public mesh inbound port (not one of its hidden companions).</summary>
    public int Port => _listen.Value!.IPEndPoint!.Port;

    public int Requests => Volatile.Read(ref _requests);

    public Uri Plain => new($"http://127.0.0.1:{Port}");

    public Uri Secure => new($"https://127.0.0.1:{Port}");

    public static async Task<MeshInboundServer> StartAsync(IWorkloadCertificateSource? source, IInboundMtlsPolicy policy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (source is not null)
        {
            builder.Services.AddSingleton(source);
        }

        builder.Services.AddSingleton(policy);
        builder.Services.AddMeshTransport();
        var listen = new StrongBox<ListenOptions?>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMeshInbound(IPAddress.Loopback, 0, options => listen.Value = options));
        var app = builder.Build();
        var server = new MeshInboundServer(app, listen);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            var peer = context.Connection.ClientCertificate;
            var echo = new InboundEcho(
                context.Request.Protocol,
                context.Features.Get<ITlsHandshakeFeature>()?.Protocol.ToString(),
                SpiffeId.FromCertificate(peer)?.ToString(),
                peer?.SerialNumber,
                context.Connection.Id,
                context.Request.Headers[ForwardedClientCert.HeaderName].ToString() is { Length: > 0 } xfcc ? xfcc : null);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(echo, JsonSerializerOptions.Web));
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
