using Xunit;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// Everything the Kubernetes tests share, in one collection (they run one after another): the API server, and the
/// control plane installed on it, started on first use.
/// </summary>
public sealed class KubeEnvironment : IAsyncLifetime
{
    private readonly Lazy<Task<ControlPlane>> _controlPlane;

    public KubeEnvironment()
    {
        Tools = new KubeTools(Server);
        _controlPlane = new(() => ControlPlane.StartAsync(Server, Tools));
    }

    public KubeApiServer Server { get; } = new();

    /// <summary>One helm home for the whole collection (a new one per use left a temporary folder behind each time).</summary>
    public KubeTools Tools { get; }

    /// <summary>Started once, on first use; a failed start fails every test that needs it with the same error.</summary>
    public Task<ControlPlane> ControlPlaneAsync() => _controlPlane.Value;

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_controlPlane.IsValueCreated && _controlPlane.Value.IsCompletedSuccessfully)
        {
            await (await _controlPlane.Value).DisposeAsync();
        }

        await Server.DisposeAsync();
        Tools.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<KubeEnvironment>
{
    public const string Name = "kubernetes";
}
