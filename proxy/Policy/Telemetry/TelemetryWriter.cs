using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>
/// Drains the telemetry buffer off the request path: metric values into the Mixer meter's instruments, log entries
/// as lines on stdout/stderr (flushed once the buffer is empty, so lines go out in batches).
/// </summary>
public sealed class TelemetryWriter(TelemetryBuffer buffer, MixerMetricInstruments instruments, StdioLogWriter log, ILogger<TelemetryWriter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = buffer.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryRead(out var item))
                {
                    Write(item);
                }

                log.Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Write(TelemetryItem item)
    {
        try
        {
            switch (item)
            {
                case MetricItem metric:
                    instruments.Record(metric);
                    break;
                case LogItem line:
                    log.Write(line);
                    break;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            PolicyLog.TelemetryWriteFailed(logger, ex);
        }
    }
}
