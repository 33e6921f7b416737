using System.Collections.Concurrent;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>The sharded form of a write script: its notice goes out with SPUBLISH (kept once per script text).</summary>
internal static class ShardedScripts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Of(string script) =>
        Cache.GetOrAdd(script, text => text.Replace("redis.call('PUBLISH',", "redis.call('SPUBLISH',", StringComparison.Ordinal));
}
