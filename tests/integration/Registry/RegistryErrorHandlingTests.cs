using System.Net;
using System.Runtime.CompilerServices;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

public sealed class RegistryErrorHandlingTests
{
    [Fact]
    public async Task Handler_StoreThrows_Returns500JsonWithoutDetailsAndKeepsServing()
    {
        await using var host = await RegistryTestHost.StartAsync(configureServices: services => services.AddSingleton<IConfigStore, ThrowingConfigStore>());

        using var failed = await host.Client.GetAsync("/api/v1/configs");
        var text = await failed.Content.ReadAsStringAsync();
        using var after = await host.Client.GetAsync("/api/v1/revision");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/json", failed.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(ThrowingConfigStore.Secret, text);
        Assert.DoesNotContain(" at ", text);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Apply_NameWithSlash_Returns400()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/apply",
            RegistryTestHost.Yaml(SampleConfigs.RatingsRule.Replace("name: ratings", "name: a/b", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata.name", await response.Content.ReadAsStringAsync());
    }

    private sealed class ThrowingConfigStore : IConfigStore
    {
        public const string Secret = "internal-detail-7f3a";

        public ValueTask<ConfigResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default) => throw Fail();

        public ValueTask<IReadOnlyList<ConfigResource>> ListAsync(string? kind = null, string? @namespace = null, CancellationToken cancellationToken = default) => throw Fail();

        public ValueTask<ConfigResource> PutAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default) => throw Fail();

        public ValueTask<ConfigPutResult> PutWithOutcomeAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default) => throw Fail();

        public ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken = default) => throw Fail();

        public ValueTask<bool> DeleteAsync(ResourceKey key, string? expectedResourceVersion = null, CancellationToken cancellationToken = default) => throw Fail();

        public async IAsyncEnumerable<ChangeNotice> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw Fail();
#pragma warning disable CS0162
            yield break;
#pragma warning restore CS0162
        }

        private static InvalidOperationException Fail() => new(Secret);
    }
}
