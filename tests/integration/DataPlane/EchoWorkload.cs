using GatewayMesh.IntegrationTests.Ingress;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>
/// An echo app (<see cref="UpstreamApp"/>: answers with what it received) registered with the mesh's registry as the
/// single instance of <see cref="Service"/>, so sidecars route to it directly. Dispose deregisters and stops it.
/// </summary>
internal sealed class EchoWorkload : IAsyncDisposable
{
    private readonly BookinfoMeshFixture _mesh;

    private EchoWorkload(BookinfoMeshFixture mesh, string service, UpstreamApp app)
    {
        _mesh = mesh;
        Service = service;
        App = app;
    }

    public string Service { get; }

    public UpstreamApp App { get; }

    /// <summary>Starts the app, registers it, and waits until every proxy knows it.</summary>
    public static async Task<EchoWorkload> StartAsync(BookinfoMeshFixture mesh, string service)
    {
        var app = await UpstreamApp.StartAsync($"{service}-echo");
        var workload = new EchoWorkload(mesh, service, app);
        await mesh.WaitForProxiesAsync(await mesh.RegisterAsync(service, app.Name, app.Port));
        return workload;
    }

    public async ValueTask DisposeAsync()
    {
        await _mesh.DeregisterAsync(Service, App.Name);
        await App.DisposeAsync();
    }
}
