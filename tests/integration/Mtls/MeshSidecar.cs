using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Hosting;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>A real sidecar in-process on free loopback ports with a test certificate source and inbound mTLS policy.</summary>
public sealed class MeshSidecar : IAsyncDisposable
{
    private readonly ProxyStateDir _state;

    private MeshSidecar(WebApplication app, ProxyStateDir state)
    {
        App = app;
        _state = state;
    }

    public WebApplication App { get; }

    public SidecarListeners Listeners => App.Services.GetRequiredService<SidecarListeners>();

    public Uri SecureInbound => new UriBuilder(Listeners.InboundUri) { Scheme = "https" }.Uri;

    public ProxyState State => App.Services.GetRequiredService<ProxyState>();

    public RegistrationService Registration => App.Services.GetRequiredService<RegistrationService>();

    public static async Task<MeshSidecar> StartAsync(
        string redis, string keyPrefix, string service, int appPort, IWorkloadCertificateSource? source, IInboundMtlsPolicy policy,
        RegistryTestHost? registry = null, params string[] extraArgs)
    {
        List<string> args =
        [
            "--service", service, "--app-port", appPort.ToString(), "--app-protocol", "http",
            "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0", "--redis", redis, "--key-prefix", keyPrefix,
        ];
        if (registry is not null)
        {
            args.AddRange(["--registry", registry.BaseAddress.ToString(), "--registry-token-file", registry.TokenFile]);
        }

        var (app, state) = await ProxyStateDirs.StartAsync(stateArgs => SidecarApp.Create([.. args, .. stateArgs, .. extraArgs], services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton(policy);
            if (source is not null)
            {
                services.AddSingleton(source);
            }
        }));
        return new MeshSidecar(app, state);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _state.Dispose();
    }
}
