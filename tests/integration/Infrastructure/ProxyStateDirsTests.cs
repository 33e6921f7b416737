using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// Each proxy's temporary state folder is gone when its harness is (they leaked, about 7 per full run, when only the
/// test process's exit deleted them).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ProxyStateDirsTests(RedisServerFixture redis)
{
    [Fact]
    public async Task IngressHarness_Disposed_StateFolderDeletedAtOnce()
    {
        var ingress = await IngressHarness.StartAsync(redis);
        var folder = ingress.StateDirectory;
        Assert.True(Directory.Exists(folder));

        await ingress.DisposeAsync();

        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(folder, ProxyStateDirs.Undeleted);
    }

    [Fact]
    public async Task StartAsync_ProxyFailsToBuild_StateFolderDeletedAtOnce()
    {
        string? folder = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => ProxyStateDirs.StartAsync(stateArgs =>
        {
            folder = stateArgs[1];
            throw new InvalidOperationException("--redis: missing"); // as a proxy refusing its settings does
        }));

        Assert.NotNull(folder);
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(folder, ProxyStateDirs.Undeleted);
    }

    [Fact]
    public void Delete_FolderWithFiles_GoneAndNotLeftForExit()
    {
        var state = ProxyStateDirs.New();
        File.WriteAllText(Path.Combine(state.Path, "snapshot.json"), "{}");

        state.Dispose();

        Assert.False(Directory.Exists(state.Path));
        Assert.DoesNotContain(state.Path, ProxyStateDirs.Undeleted);
    }
}
