using GatewayMesh.ChaosTests.Harness;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R9: the credentials every proxy holds (the <c>proxy</c> Redis user) read the mesh state but cannot write it: a
/// config write, a script, a publish, a flush and a write outside the mesh's keys are all refused with NOPERM.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R09RedisAclTests(ChaosMesh chaos, ITestOutputHelper output)
{
    [Fact]
    public async Task R9_ProxyCredentials_ReadTheStateButEveryWriteIsRefused()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(chaos.MeshctlDir, "secrets", "redis-proxy.password"))).Trim();
        await using var proxy = await ConnectionMultiplexer.ConnectAsync($"{chaos.State.Redis},user=proxy,password={password},allowAdmin=true"); // admin: the client lets FLUSHALL through, the server must refuse it
        var db = proxy.GetDatabase();
        var revision = (long)await db.StringGetAsync("{gatewaymesh}:rev");

        var attempts = new (string Name, Func<Task> Write)[]
        {
            ("HSET configs", () => db.HashSetAsync("{gatewaymesh}:configs", "VirtualService/default/evil", "{}")),
            ("SET rev", () => db.StringSetAsync("{gatewaymesh}:rev", "1")),
            ("EVAL", () => db.ScriptEvaluateAsync("return redis.call('SET', KEYS[1], '1')", ["{gatewaymesh}:rev"])),
            ("PUBLISH", () => db.PublishAsync(RedisChannel.Literal("{gatewaymesh}:changes"), "{}")),
            ("FLUSHALL", () => db.ExecuteAsync("FLUSHALL")),
            ("SET elsewhere", () => db.StringSetAsync("other", "1")),
        };
        var refused = new List<string>();
        foreach (var (name, write) in attempts)
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(write);
            Assert.Contains("NOPERM", error.Message, StringComparison.Ordinal);
            refused.Add(name);
        }

        ChaosReport.Record(
            new ChaosFigure("R9", "-", "writes with the proxies' Redis credentials", attempts.Length, 0, 0, "n/a")
            {
                Notes = $"read revision {revision}; refused with NOPERM: {string.Join(", ", refused)}",
            },
            output);
        Assert.True(revision > 0);
    }
}
