using System.Globalization;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;
using Marks = GatewayMesh.Core.Config.Model.AutoRegistration;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// Removes the WorkloadEntries of workloads whose proxy went away, as istiod does: once the entry's leased instance is
/// gone (the proxy deregistered, or its lease ran out), the entry is marked <c>istio.io/disconnectedAt</c>, and it is
/// deleted once it has stayed disconnected for <c>--auto-registration-grace</c> (10 s). A proxy that registers again
/// within the grace rewrites its entry, which clears the mark. Only the leading replica runs it, once per lease sweep
/// interval on the injected clock; every write names the version it read, so a registration that raced it wins.
/// </summary>
internal sealed class AutoRegistrationCleanup(
    IConfigStore store, IConfigWriter writer, IServiceRegistry registry, ILeaderElection election, TimeProvider time,
    IOptions<RegistryOptions> options, ILogger<AutoRegistrationCleanup> logger) : BackgroundService
{
    private readonly TimeSpan _grace = options.Value.ParseAutoRegistrationGrace();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!election.IsLeader)
                {
                    continue;
                }

                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    AutoRegistrationLog.CleanupFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    internal async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        var entries = (await store.ListAsync(ResourceKinds.WorkloadEntry, null, cancellationToken)).OfType<WorkloadEntry>().Where(Marks.IsAutoRegistered).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var live = (await registry.ListAsync(null, null, cancellationToken)).Select(l => l.Instance.Key).ToHashSet();
        var now = time.GetUtcNow();
        foreach (var entry in entries)
        {
            var connected = entry.Spec.Labels.TryGetValue("app", out var service)
                && live.Contains(new InstanceKey(entry.Metadata.Namespace, service, WorkloadEntryInstances.InstanceIdOf(entry.Metadata.Name)));
            var disconnectedAt = DisconnectedAt(entry);
            try
            {
                if (connected && disconnectedAt is not null)
                {
                    await writer.PutAsync(Mark(entry, null), PutMode.Replace, cancellationToken);
                }
                else if (!connected && disconnectedAt is null)
                {
                    await writer.PutAsync(Mark(entry, now), PutMode.Replace, cancellationToken);
                    AutoRegistrationLog.Disconnected(logger, entry.Metadata.Namespace, entry.Metadata.Name, _grace);
                }
                else if (!connected && now - disconnectedAt >= _grace
                         && await writer.DeleteAsync(entry.Key, entry.Metadata.ResourceVersion, cancellationToken))
                {
                    AutoRegistrationLog.Removed(logger, entry.Metadata.Namespace, entry.Metadata.Name);
                }
            }
            catch (Exception exception) when (exception is ConfigConflictException or ConfigNotFoundException)
            {
                // the proxy registered again (or someone deleted the entry) since the list: the next sweep sees that
            }
        }
    }

    private static DateTimeOffset? DisconnectedAt(WorkloadEntry entry) =>
        entry.Metadata.Annotations.TryGetValue(Marks.DisconnectedAtAnnotation, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    private static WorkloadEntry Mark(WorkloadEntry entry, DateTimeOffset? disconnectedAt)
    {
        var annotations = new Dictionary<string, string>(entry.Metadata.Annotations, StringComparer.Ordinal);
        annotations.Remove(Marks.DisconnectedAtAnnotation);
        if (disconnectedAt is { } at)
        {
            annotations[Marks.DisconnectedAtAnnotation] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return entry with { Metadata = entry.Metadata with { Annotations = Core.Collections.ValueMap.ToValueMap(annotations) } };
    }
}
