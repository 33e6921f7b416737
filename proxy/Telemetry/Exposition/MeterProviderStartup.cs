using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Exposition;

/// <summary>Builds the meter provider when the host starts, so counters added before the first scrape are not lost.</summary>
internal sealed class MeterProviderStartup(MeterProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = provider;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
