using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Leases;

/// <summary>
/// Removes instances whose lease ran out, once per <see cref="RegistryOptions.LeaseSweepInterval"/> on the injected
/// clock, so a dead instance leaves the mesh when its lease expires. Only the leading replica sweeps, fenced by its
/// token. On taking the lead it first gives every lease one more lease length (<see cref="IServiceRegistry.GraceLeasesAsync"/>),
/// since heartbeats may have found no registry meanwhile. A failed sweep (store down) is retried next tick; a fenced one
/// means another replica leads, and this one waits to lead again.
/// </summary>
internal sealed class LeaseSweeper(
    IServiceRegistry registry, ILeaderElection election, TimeProvider time, IOptions<RegistryOptions> options, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await election.WaitForLeadershipAsync(stoppingToken);
                if (!await LeadAsync(new WriterFence(election.FencingToken), stoppingToken))
                {
                    // fenced off while the election still says this replica leads: it learns better on its next round
                    await Task.Delay(options.Value.LeaseSweepInterval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Sweeps while this replica leads with <paramref name="fence"/>; returns when the leadership ends, false when the store fenced it off.</summary>
    private async Task<bool> LeadAsync(WriterFence fence, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var watch = election.GetChangeToken().RegisterChangeCallback(state => ((CancellationTokenSource)state!).Cancel(), lost);
        if (!election.IsLeader || election.FencingToken != fence.Token)
        {
            return true;
        }

        Log.SweepingAsLeader(logger, fence.Token);
        using var timer = new PeriodicTimer(options.Value.LeaseSweepInterval, time);
        try
        {
            var graced = false;
            do
            {
                graced = graced || await TryGraceAsync(fence, lost.Token);
                if (graced)
                {
                    await SweepOnceAsync(fence, lost.Token);
                }
            }
            while (await timer.WaitForNextTickAsync(lost.Token));
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // leadership ended: wait to lead again
        }
        catch (FencedWriteException exception)
        {
            Log.SweepFenced(logger, exception.Message);
            return false;
        }

        return true;
    }

    private async Task<bool> TryGraceAsync(WriterFence fence, CancellationToken cancellationToken)
    {
        try
        {
            var count = await registry.GraceLeasesAsync(fence, cancellationToken);
            if (count > 0)
            {
                Log.LeasesGraced(logger, count);
            }

            return true;
        }
        catch (Exception exception) when (exception is not FencedWriteException && !cancellationToken.IsCancellationRequested)
        {
            Log.LeaseSweepFailed(logger, exception);
            return false;
        }
    }

    /// <summary>One sweep; a <see cref="FencedWriteException"/> (another replica leads) goes to the caller.</summary>
    internal async Task SweepOnceAsync(WriterFence fence, CancellationToken cancellationToken)
    {
        try
        {
            var expired = await registry.ExpireLeasesAsync(fence, cancellationToken);
            if (expired > 0)
            {
                Log.LeasesExpired(logger, expired);
            }
        }
        catch (Exception exception) when (exception is not FencedWriteException && !cancellationToken.IsCancellationRequested)
        {
            Log.LeaseSweepFailed(logger, exception);
        }
    }
}
