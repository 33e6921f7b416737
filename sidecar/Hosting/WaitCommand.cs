using System.Globalization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>
/// <c>gatewaymesh-sidecar wait --admin-port P [--timeout 120s]</c>: returns 0 once the sidecar on this host answers
/// <c>/healthz/ready</c> with 200, 1 when the timeout passes first, 2 on bad arguments. An injected pod runs it as the
/// sidecar container's <c>postStart</c> hook, so the kubelet starts the app only after its proxy is ready (Istio's
/// <c>holdApplicationUntilProxyStarts</c>).
/// </summary>
public static class WaitCommand
{
    public const string Name = "wait";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (!TryParse(args, out var adminPort, out var timeout, out var error))
        {
            await output.WriteLineAsync($"wait: {error}");
            return 2;
        }

        var ready = new Uri($"http://127.0.0.1:{adminPort.ToString(CultureInfo.InvariantCulture)}/healthz/ready");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var last = "no answer";
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(ready, linked.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        await output.WriteLineAsync($"wait: the sidecar is ready ({ready})");
                        return 0;
                    }

                    last = $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(linked.Token)).Trim()}";
                }
                catch (HttpRequestException exception)
                {
                    last = exception.Message;
                }
                catch (TaskCanceledException) when (!linked.IsCancellationRequested)
                {
                    last = "no answer within 2 s";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"wait: the sidecar was not ready within {timeout} (last: {last})");
            return 1;
        }
    }

    private static bool TryParse(string[] args, out int adminPort, out TimeSpan timeout, out string error)
    {
        adminPort = 0;
        timeout = TimeSpan.FromSeconds(120);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--admin-port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535:
                    adminPort = port;
                    i++;
                    break;
                case "--timeout" when value is not null && MeshDuration.TryParse(value, out var duration, out _) && duration.Value > TimeSpan.Zero:
                    timeout = duration.Value;
                    i++;
                    break;
                default:
                    error = $"'{args[i]}' {(value is null ? "" : $"'{value}' ")}is not --admin-port PORT or --timeout DURATION";
                    return false;
            }
        }

        if (adminPort == 0)
        {
            error = "--admin-port PORT is required";
            return false;
        }

        return true;
    }
}
