using GatewayMesh.IntegrationTests.Infrastructure;
using System.Net;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Hosting;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>Runs a sidecar in-process on free loopback ports against a test Redis (and optionally a test registry).</summary>
public sealed class SidecarTestHost : IAsyncDisposable
{
    private readonly ProxyStateDir _state;
    private bool _stopped;

    private SidecarTestHost(WebApplication app, ProxyStateDir state)
    {
        App = app;
        _state = state;
        Listeners = app.Services.GetRequiredService<SidecarListeners>();
        Admin = new HttpClient { BaseAddress = Listeners.AdminUri, Timeout = TimeSpan.FromSeconds(30) };
        Inbound = new HttpClient { BaseAddress = Listeners.InboundUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public SidecarListeners Listeners { get; }

    public HttpClient Admin { get; }

    public HttpClient Inbound { get; }

    public RegistrationService Registration => App.Services.GetRequiredService<RegistrationService>();

    public ProxyState State => App.Services.GetRequiredService<ProxyState>();

    public static async Task<SidecarTestHost> StartAsync(
        string redis, string keyPrefix, string service, int appPort, RegistryTestHost? registry = null,
        TimeProvider? time = null, params string[] extraArgs)
    {
        List<string> args =
        [
            "--service", service, "--app-port", appPort.ToString(),
            "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0",
            "--redis", redis, "--key-prefix", keyPrefix,
        ];
        if (registry is not null)
        {
            args.AddRange(["--registry", registry.BaseAddress.ToString(), "--registry-token-file", registry.TokenFile]);
        }

        var (app, state) = await ProxyStateDirs.StartAsync(stateArgs => SidecarApp.Create([.. args, .. stateArgs, .. extraArgs], services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }));
        return new SidecarTestHost(app, state);
    }

    /// <summary>A client whose every request goes through the sidecar's outbound listener, as the app's HTTP_PROXY would.</summary>
    public HttpClient CreateOutboundClient() =>
        new(new SocketsHttpHandler { Proxy = new AlwaysProxy(Listeners.OutboundUri), UseProxy = true }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Inbound.Dispose();
        await StopAsync();
        await App.DisposeAsync();
        _state.Dispose();
    }

    /// <summary>WebProxy bypasses loopback destinations; this proxy never bypasses anything.</summary>
    private sealed class AlwaysProxy(Uri proxy) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => proxy;

        public bool IsBypassed(Uri host) => false;
    }
}
