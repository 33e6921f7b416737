using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>What only the Redis component must prove: ordering and atomicity under concurrent writers.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisMeshStateTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly MeshStateUnderTest _mesh = RedisMeshStateFactory.Create(redis.ConnectionString, new FakeTimeProvider(TestData.Start));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task Writes_EightConcurrentWriters_RevisionsUniqueContiguousAndNoticesInStrictOrder()
    {
        const int writers = 8, writesEach = 50, total = writers * writesEach;
        await using var notices = await NoticeRecorder.StartAsync(_mesh.PubSub);

        var revisions = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var taken = new List<long>(writesEach);
            for (var i = 0; i < writesEach; i++)
            {
                taken.Add(writer % 2 == 0
                    ? long.Parse((await _mesh.Configs.PutAsync(TestData.Vs($"w{writer}-{i}"))).Metadata.ResourceVersion!)
                    : (await _mesh.Registry.RegisterAsync(TestData.Instance($"svc{writer}", $"i{i}"))).Revision);
            }

            return taken;
        })));

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), revisions.SelectMany(r => r).Order());
        var received = await notices.TakeAsync(total);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received.Select(n => n.Revision));
        Assert.Equal(total, (await _mesh.Reader.GetRevisionAsync()));
    }

    [Fact]
    public async Task Notices_ConcurrentUpdatesOfOneResource_EachNoticeRevisionIsItsStoredResourceVersion()
    {
        await using var notices = await NoticeRecorder.StartAsync(_mesh.PubSub);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await _mesh.Configs.PutAsync(TestData.Vs("reviews", label: $"{writer}-{i}"));
            }
        })));

        var received = await notices.TakeAsync(100);
        foreach (var notice in received)
        {
            Assert.Equal(ChangeKind.ConfigPut, notice.Kind);
            Assert.Equal(notice.Revision.ToString(), MeshJson.DeserializeResource(notice.Payload!).Metadata.ResourceVersion);
        }

        var stored = await _mesh.Configs.GetAsync(TestData.Vs("reviews").Key);
        Assert.Equal(received[^1].Payload, MeshJson.SerializeResource(stored!));
        Assert.Equal(100, (await _mesh.Reader.LoadSnapshotAsync()).Revision);
    }

    [Fact]
    public async Task Notices_PublishedByScript_MatchMeshJsonOfChangeNotice()
    {
        var raw = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _mesh.PubSub.SubscribeAsync(ChangeNotice.Topic, new((message, _) =>
        {
            raw.TrySetResult(message);
            return ValueTask.CompletedTask;
        }));

        var stored = await _mesh.Configs.PutAsync(TestData.Vs("rev\"iews-ü", label: "a\\b"));

        var notice = MeshJson.Deserialize<ChangeNotice>(await raw.Task.WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(new ChangeNotice(1, ChangeKind.ConfigPut, stored.Key.ToString(), MeshJson.SerializeResource(stored)), notice);
    }
}
