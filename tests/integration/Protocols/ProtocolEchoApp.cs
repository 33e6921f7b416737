using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>An app on 127.0.0.1 that speaks only the given HTTP protocols and answers with the HTTP version it received.</summary>
public sealed class ProtocolEchoApp(WebApplication app) : IAsyncDisposable
{
    public int Port => new Uri(app.Urls.First()).Port;

    public static async Task<ProtocolEchoApp> StartAsync(HttpProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(context.Request.Protocol));
        await app.StartAsync();
        return new ProtocolEchoApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
