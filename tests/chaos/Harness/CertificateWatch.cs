using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// Watches the workload certificate serials of some proxies for the whole suite (the chaos mesh runs 20 s
/// certificates, so they rotate all through the other cases' loads). A rotation is a new serial in the same process:
/// a process the supervisor restarted starts with a fresh certificate, which is not counted as one.
/// </summary>
internal sealed class CertificateWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<(string Name, int Pid), ConcurrentDictionary<string, byte>> _serials = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CertificateWatch(IReadOnlyList<string> names, Func<string, (int Pid, int AdminPort)> process)
    {
        Names = names;
        _loop = Task.Run(() => RunAsync(process, _stop.Token));
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The most rotations one process of <paramref name="name"/> has made while watched.</summary>
    public int Rotations(string name) =>
        _serials.Where(entry => entry.Key.Name == name).Select(entry => entry.Value.Count - 1).DefaultIfEmpty(0).Max();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(Func<string, (int Pid, int AdminPort)> process, CancellationToken stop)
    {
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            foreach (var name in Names)
            {
                try
                {
                    var (pid, port) = process(name);
                    var certs = JsonNode.Parse(await admin.GetStringAsync(new Uri($"http://127.0.0.1:{port}/debug/certs"), stop))!;
                    // No certificate yet (a process just restarted): an empty list; JsonArray's indexer would throw on it.
                    if (certs["certificates"] is JsonArray { Count: > 0 } list && list[0]?["serialNumber"]?.GetValue<string>() is { } serial)
                    {
                        _serials.GetOrAdd((name, pid), _ => new())[serial] = 0;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException or System.Text.Json.JsonException or KeyNotFoundException)
                {
                    // a case may be restarting this proxy right now; the next sample sees it again
                }
            }

            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
