using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

/// <summary>
/// A meshctl test class's shared setup: a fresh <see cref="FakeRegistry"/> on a free port for each test (stopped after
/// it) and a temporary folder for the files a command reads or writes.
/// </summary>
public abstract class FakeRegistryTest : IAsyncLifetime, IDisposable
{
    private protected TempDirectory Dir { get; } = new();

    private protected FakeRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync() => Registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await Registry.DisposeAsync();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
