using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// Bounds the store work of one config write by <c>--write-timeout</c> and turns an unreachable store into the
/// API's answer: 503 with <c>Retry-After</c> and what happened to the write. The write itself is bounded by the store
/// (<see cref="ConfigStoreUnavailableException"/>); this bounds what the endpoint reads and waits for before it.
/// </summary>
internal sealed class WriteBudget(IOptions<RegistryOptions> options, TimeProvider time, ILogger<WriteBudget> logger)
{
    /// <summary>What <c>Retry-After</c> says: a failover's promotion usually completes within a few seconds.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly TimeSpan _timeout = options.Value.ParseWriteTimeout();

    /// <summary>A token that fires after the write timeout, or when the client goes away.</summary>
    public Bound Start(CancellationToken requestAborted) => new(new CancellationTokenSource(_timeout, time), requestAborted);

    /// <summary>Whether <paramref name="exception"/> means the store could not be used in time (and not that the client left).</summary>
    public static bool IsUnavailable(Exception exception, CancellationToken requestAborted) =>
        exception is ConfigStoreUnavailableException or RedisConnectionException or RedisTimeoutException or TimeoutException
        || (exception is OperationCanceledException && !requestAborted.IsCancellationRequested);

    /// <summary>503 with <c>Retry-After</c>; the error says whether nothing was written (everything but a lost confirmation).</summary>
    public IResult Unavailable(HttpContext context, Exception exception)
    {
        var (message, nothingWritten) = exception is ConfigStoreUnavailableException unavailable
            ? (unavailable.Message, unavailable.NothingWritten)
            : ($"the config store is unreachable (Redis down or failing over): it did not answer within the write timeout ({_timeout.TotalSeconds:0.#} s); nothing was written", true);
        Log.WriteRefusedStoreUnavailable(logger, context.Request.Method, context.Request.Path, nothingWritten, message);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, "config store unavailable: " + message, [$"retry after {RetryAfterSeconds} s"]);
    }

    /// <summary>One write's bound: <see cref="Token"/> fires at the timeout or when the client goes away.</summary>
    internal sealed class Bound(CancellationTokenSource timeout, CancellationToken requestAborted) : IDisposable
    {
        private readonly CancellationTokenSource _linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, requestAborted);

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            timeout.Dispose();
        }
    }
}
