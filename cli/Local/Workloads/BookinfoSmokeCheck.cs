using System.Globalization;
using System.Text.RegularExpressions;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The end of <c>up</c>: asks the ingress for <c>/productpage</c> until the page names the reviews instance that
/// served it, so the user learns at once that the whole chain (ingress, sidecars, apps) answers, and the first
/// page they load does not pay for every process's cold start. A page that never gets there is a warning, not a
/// failure: configs kept from an earlier run may route differently.
/// </summary>
internal sealed partial class BookinfoSmokeCheck(Progress progress, TimeProvider time)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    /// <returns>True once a page named its reviews instance.</returns>
    public async Task<bool> RunAsync(int ingressPort, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{ingressPort.ToString(CultureInfo.InvariantCulture)}/productpage");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = RequestTimeout };
        var started = time.GetTimestamp();
        var last = "no answer";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                var page = await response.Content.ReadAsStringAsync(cancellationToken);
                if ((int)response.StatusCode == 200 && ServedBy().Match(page) is { Success: true } servedBy)
                {
                    var seconds = time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                    progress.Done($"Bookinfo answers through the ingress ({servedBy.Value}; {seconds} s)");
                    return true;
                }

                last = $"HTTP {(int)response.StatusCode}{(Unavailable().Match(page) is { Success: true } notice ? ": " + notice.Value : "")}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = $"no answer within {RequestTimeout.TotalSeconds:0} s";
            }

            if (time.GetElapsedTime(started) >= Deadline)
            {
                progress.Warn($"{url} did not show a full page within {Deadline.TotalSeconds:0} s (last: {last})");
                progress.Note("./meshctl status and the logs under .meshctl/logs/ tell which part is not answering");
                return false;
            }

            await Task.Delay(Pause, time, cancellationToken);
        }
    }

    [GeneratedRegex("Reviews served by: [^<]+")]
    private static partial Regex ServedBy();

    [GeneratedRegex("Sorry, [^<]+")]
    private static partial Regex Unavailable();
}
