using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// A multi-resource apply is all or nothing in the store, even when the registry dies in the middle of it: the registry
/// process is SIGKILLed the moment the store's revision first moves, while it is writing a large apply.
/// </summary>
public sealed class AtomicApplyTests(ITestOutputHelper output)
{
    private const int Resources = 900; // under the parser's limit of 1,000 documents per request

    [Fact]
    public async Task Apply_RegistryKilledWhileWriting_StoreHoldsAllOrNone()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisServerFixture.NewKeyPrefix();
        var keys = new RedisKeys(prefix);
        await using var registry = await RegistryProcess.StartAsync("--redis", redis.ConnectionString, "--key-prefix", prefix);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(registry.Url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.Token);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();

        var apply = client.PostAsync("/api/v1/apply", new StringContent(ManyVirtualServices(Resources), Encoding.UTF8, "application/yaml"));
        var watch = Stopwatch.StartNew();
        while ((long?)await db.StringGetAsync(keys.Revision) is null or 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), "the apply never reached the store");
            Assert.False(apply.IsCompleted, "the apply was answered before the store's revision moved");
        }

        await registry.KillAsync();
        try
        {
            using var answer = await apply; // it may have answered just before it died, or not at all
        }
        catch (HttpRequestException)
        {
            // killed before answering
        }

        var stored = await db.HashLengthAsync(keys.Configs);
        var revision = (long?)await db.StringGetAsync(keys.Revision) ?? 0;
        output.WriteLine($"killed {watch.Elapsed.TotalMilliseconds:0} ms after the apply was sent; the store holds {stored} of {Resources} resources at revision {revision}");
        Assert.Equal(Resources, stored);
        Assert.Equal(Resources, revision);
    }

    /// <summary>A multi-document YAML of <paramref name="count"/> small VirtualServices.</summary>
    internal static string ManyVirtualServices(int count)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append($"---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: vs-{i:D5}}}\nspec:\n  hosts: [vs-{i:D5}]\n  http: [{{route: [{{destination: {{host: vs-{i:D5}}}}}]}}]\n");
        }

        return yaml.ToString();
    }
}
