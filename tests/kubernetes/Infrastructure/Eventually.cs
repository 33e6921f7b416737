namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// A bounded poll for state that lives in another process (the API server, Redis) and gives no event to wait on:
/// asks every 100 ms until the answer is non-null, and fails with what it waited for (worked out at that moment,
/// so logs in it are current) after the timeout.
/// </summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> what)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what()}");
            }
        }
    }

    public static Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class => ValueAsync(probe, timeout, () => what);

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, Func<string> what) =>
        ValueAsync(async () => await probe() ? "yes" : null, timeout, what);

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) => TrueAsync(probe, timeout, () => what);
}
