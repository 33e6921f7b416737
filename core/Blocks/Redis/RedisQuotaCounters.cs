using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Core.Blocks.Quota;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Quota counters in Redis: one hash per counter under <c>&lt;prefix&gt;quota:</c>, changed only by
/// <see cref="QuotaScripts"/>, called by SHA (<c>EVALSHA</c>) after one <c>SCRIPT LOAD</c> (again after Redis restarts
/// and forgets them), so the proxy's ACL user needs neither <c>EVAL</c> nor write access to any other key.
/// </summary>
public sealed class RedisQuotaCounters(RedisMeshConnection connection) : IQuotaCounters
{
    /// <summary>How long an idle counter lingers in Redis after its window, before Redis drops it.</summary>
    private static readonly TimeSpan IdleGrace = TimeSpan.FromMinutes(1);

    private static readonly Script FixedScript = new(QuotaScripts.Fixed);
    private static readonly Script RollingScript = new(QuotaScripts.Rolling);

    public async ValueTask<QuotaGrant> AcquireAsync(QuotaRequest request, CancellationToken cancellationToken = default)
    {
        var multiplexer = await connection.GetMultiplexerAsync(cancellationToken);
        if (!multiplexer.IsConnected)
        {
            // Fail fast: a disconnected multiplexer would queue the command until its own timeout.
            throw new QuotaCountersUnavailableException("Redis is not connected");
        }

        var db = multiplexer.GetDatabase();
        var key = connection.Keys.Quota(request.Key);
        var now = request.Now.ToUnixTimeMilliseconds();
        var window = Math.Max(1, (long)request.Window.TotalMilliseconds);
        RedisValue[] args = request.Algorithm == QuotaAlgorithm.RollingWindow
            ? [request.MaxAmount, request.Amount, window, Math.Max(1, (long)request.Bucket.TotalMilliseconds), now, (long)IdleGrace.TotalMilliseconds]
            : [request.MaxAmount, request.Amount, window, request.Algorithm == QuotaAlgorithm.AlignedWindow ? 1 : 0, now, (long)IdleGrace.TotalMilliseconds];
        var script = request.Algorithm == QuotaAlgorithm.RollingWindow ? RollingScript : FixedScript;
        var result = (RedisResult[])(await script.EvaluateAsync(db, key, args).WaitAsync(cancellationToken))!;
        return new QuotaGrant((long)result[0], (long)result[1], DateTimeOffset.FromUnixTimeMilliseconds((long)result[2]));
    }

    /// <summary>A script run by its SHA-1, loaded on first use and again when Redis answers NOSCRIPT.</summary>
    private sealed class Script(string text)
    {
#pragma warning disable CA5350 // Redis names scripts by their SHA-1 (EVALSHA); not a security use
        private readonly byte[] _sha = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

        public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey key, RedisValue[] args)
        {
            try
            {
                return await db.ScriptEvaluateAsync(_sha, [key], args);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                await db.ExecuteAsync("SCRIPT", "LOAD", text);
                return await db.ScriptEvaluateAsync(_sha, [key], args);
            }
        }
    }
}
