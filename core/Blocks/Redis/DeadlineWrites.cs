using GatewayMesh.Core.Blocks.ConfigStore;
using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Runs the config write scripts (<see cref="ConfigScripts"/>) within <see cref="RedisMeshStateOptions.WriteTimeout"/>.
/// A write first asks the primary for its time (which also proves a primary answers), then sends the script with a
/// deadline on that clock, a skew allowance short of the timeout. Whatever goes wrong, the caller hears within the
/// timeout, and never before the deadline has passed when the script may still run: so a write reported as failed
/// cannot take effect afterwards (from the client's backlog after a failover, or from a paused primary's socket).
/// Without a timeout a write runs as it always did (no deadline, the client's own timeouts).
/// </summary>
internal sealed class DeadlineWrites(RedisMeshConnection connection, TimeProvider time)
{
    /// <summary>How far the Redis servers' clocks may disagree (a failover moves the script to another server's clock).</summary>
    internal static readonly TimeSpan SkewAllowance = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="script"/> (a <see cref="ConfigScripts"/> one) with its deadline as ARGV[1] before <paramref name="arguments"/>.</summary>
    public async Task<RedisResult[]> RunAsync(string script, RedisKey[] keys, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        if (connection.Options.WriteTimeout is not { } timeout)
        {
            var db = await connection.GetDatabaseAsync(cancellationToken);
            return (RedisResult[])(await db.ScriptEvaluateAsync(connection.WriteScript(db.Multiplexer, script), keys, [RedisValue.EmptyString, .. arguments]).WaitAsync(cancellationToken))!;
        }

        var started = time.GetTimestamp();
        var (database, serverNow) = await PrimaryTimeAsync(timeout, cancellationToken);
        var remaining = timeout - time.GetElapsedTime(started);
        if (remaining <= SkewAllowance)
        {
            throw new ConfigStoreUnavailableException($"the config store took longer than the write timeout ({Seconds(timeout)}) to answer; nothing was written", nothingWritten: true);
        }

        var deadline = serverNow + (long)(remaining - SkewAllowance).TotalMilliseconds;
        var running = database.ScriptEvaluateAsync(connection.WriteScript(database.Multiplexer, script), keys, [deadline, .. arguments], CommandFlags.DemandMaster);
        try
        {
            var result = (RedisResult[])(await running.WaitAsync(remaining, time, cancellationToken))!;
            return result.Length == 2 && result[0].ToString() == "expired"
                ? throw new ConfigStoreUnavailableException($"the config store ran the write after its deadline ({Seconds(timeout)}) and refused it; nothing was written", nothingWritten: true)
                : result;
        }
        catch (Exception exception) when (exception is TimeoutException or RedisConnectionException or RedisTimeoutException)
        {
            // The script may still be in the client's backlog or on its way: answer only once its deadline has passed.
            await WaitOutAsync(started, timeout, cancellationToken);
            var unsent = exception is RedisConnectionException { CommandStatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog }
                || exception is RedisTimeoutException { Commandstatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog };
            throw unsent
                ? new ConfigStoreUnavailableException($"the config store did not take the write within {Seconds(timeout)} ({Reason(exception)}); nothing was written", nothingWritten: true, exception)
                : new ConfigStoreUnavailableException(
                    $"the config store did not confirm the write within {Seconds(timeout)} ({Reason(exception)}); it refuses the write past that deadline, so it took effect only if Redis ran it before the connection broke (read it back to know)",
                    nothingWritten: false,
                    exception);
        }
    }

    /// <summary>
    /// The database and the primary's clock in milliseconds; a store that does not answer in time has been sent nothing.
    /// A refusal by the server (NOPERM) is no outage: it is thrown as it is.
    /// </summary>
    private async Task<(IDatabase Database, long ServerMilliseconds)> PrimaryTimeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bounded.Token, cancellationToken);
        try
        {
            var database = await connection.GetDatabaseAsync(linked.Token);
            var reply = (RedisResult[])(await database.ExecuteAsync("TIME", [], CommandFlags.DemandMaster).WaitAsync(linked.Token))!;
            return (database, ((long)reply[0] * 1000) + ((long)reply[1] / 1000));
        }
        catch (Exception exception) when (exception is RedisConnectionException or TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConfigStoreUnavailableException($"the config store is unreachable ({Reason(exception)}); nothing was written", nothingWritten: true, exception);
        }
    }

    private async Task WaitOutAsync(long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var left = timeout - time.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, cancellationToken);
        }
    }

    private static string Seconds(TimeSpan timeout) => $"{timeout.TotalSeconds:0.#} s";

    private static string Reason(Exception exception) => exception switch
    {
        RedisTimeoutException => "Redis timed out",
        OperationCanceledException or TimeoutException => "no answer within the write timeout",
        RedisConnectionException connection => $"connection: {connection.FailureType}",
        _ => exception.GetType().Name,
    };
}
