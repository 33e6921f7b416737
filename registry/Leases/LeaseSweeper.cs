using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Hosting;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Leases;

/// <summary>
/// Removes instances whose lease ran out, once per <see cref="RegistryOptions.LeaseSweepInterval"/> on the injected
/// clock, so a dead instance leaves the mesh when its lease expires. A failed sweep (store down) is retried next tick.
/// </summary>
internal sealed class LeaseSweeper(IServiceRegistry registry, TimeProvider time, IOptions<RegistryOptions> options, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var expired = await registry.ExpireLeasesAsync(cancellationToken);
            if (expired > 0)
            {
                Log.LeasesExpired(logger, expired);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LeaseSweepFailed(logger, exception);
        }
    }
}
