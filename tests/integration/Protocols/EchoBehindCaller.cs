using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>
/// Two workloads in one mesh (a registry on the test Redis): "echo" (the streaming app, WebSockets on <c>/ws</c>) behind
/// its sidecar, and "caller" whose sidecar already knows echo's endpoint, for calls through the caller's outbound port.
/// </summary>
internal sealed class EchoBehindCaller : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _owned = [];

    public SidecarTestHost Echo { get; private set; } = null!;

    public SidecarTestHost Caller { get; private set; } = null!;

    public static async Task<EchoBehindCaller> StartAsync(RedisServerFixture redis)
    {
        var mesh = new EchoBehindCaller();
        try
        {
            var prefix = RedisServerFixture.NewKeyPrefix();
            var registry = mesh.Own(await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]));
            var echoApp = mesh.Own(await StreamingTestApp.StartAsync());
            mesh.Echo = mesh.Own(await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "echo", echoApp.Port, registry));
            await mesh.Echo.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
            var callerApp = mesh.Own(await UpstreamApp.StartAsync("caller-app"));
            mesh.Caller = mesh.Own(await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "caller", callerApp.Port, registry));
            await mesh.Caller.State.WaitForRevisionAsync(mesh.Echo.Registration.CurrentLease!.Revision).WaitAsync(WaitTimeout);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops everything, the last started first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private T Own<T>(T started) where T : IAsyncDisposable
    {
        _owned.Add(started);
        return started;
    }
}
