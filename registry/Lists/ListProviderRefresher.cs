using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Lists;

/// <summary>
/// Mixer's list checker fetched its <c>providerUrl</c> itself; here the registry does, since proxies never reach out
/// for config and write only quota counters. Every <see cref="RegistryOptions.ListScanInterval"/> it finds the
/// listchecker handlers with a <c>providerUrl</c>, fetches each one whose <c>refreshInterval</c> is up
/// (<see cref="ListFetcher"/>: size-limited, timed out, every entry checked) and publishes the list as a
/// <c>FetchedList</c> through the store (an unchanged list writes nothing). A failed fetch keeps the last good list;
/// only when no fetch has succeeded for the handler's <c>ttl</c> is the list published as unavailable, and proxies
/// then refuse its checks, as Mixer did when it purged a list. The <c>FetchedList</c> of a deleted handler is deleted.
/// </summary>
internal sealed class ListProviderRefresher(
    IConfigStore store,
    ListFetcher fetcher,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<ListProviderRefresher> logger) : BackgroundService
{
    private readonly Dictionary<ResourceKey, State> _states = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ListScanInterval, time);
        try
        {
            do
            {
                await RefreshOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass: fetch what is due, publish what changed, delete lists whose handler is gone.</summary>
    internal async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var configs = await store.ListAsync(cancellationToken: cancellationToken);
            var providers = ListProviders.In(configs);
            var stored = configs.OfType<FetchedList>().ToDictionary(l => l.Key);
            foreach (var provider in providers)
            {
                await RefreshAsync(provider, stored.GetValueOrDefault(provider.ListKey), cancellationToken);
            }

            var wanted = providers.Select(p => p.ListKey).ToHashSet();
            foreach (var stale in configs.Where(c => c is FetchedList && !wanted.Contains(c.Key)))
            {
                await store.DeleteAsync(stale.Key, cancellationToken: cancellationToken);
                _states.Remove(stale.Key);
                ListsLog.ListRemoved(logger, stale.Key);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            ListsLog.RefreshFailed(logger, exception);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task RefreshAsync(ListProvider provider, FetchedList? stored, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_states.TryGetValue(provider.ListKey, out var state) || state.Url != provider.Url)
        {
            // A good list already in the store (a registry restart) counts as fresh: a failed first fetch keeps it for a ttl.
            var good = stored is { Spec.Available: true } && stored.Spec.ProviderUrl == provider.Url;
            _states[provider.ListKey] = state = new State(provider.Url) { Since = now, LastSuccess = good ? now : null };
        }

        if (now < state.NextFetch)
        {
            return;
        }

        state.NextFetch = now + provider.RefreshInterval;
        var result = await fetcher.FetchAsync(provider, cancellationToken);
        if (result.Entries is { } entries)
        {
            state.LastSuccess = now;
            await PublishAsync(provider, new FetchedListSpec { ProviderUrl = provider.Url, Entries = [.. entries], Available = true }, cancellationToken);
            ListsLog.ListFetched(logger, provider.Handler, entries.Count, provider.Url);
            return;
        }

        ListsLog.FetchFailed(logger, provider.Handler, result.Error!);
        if (now - (state.LastSuccess ?? state.Since) >= provider.Ttl || state.LastSuccess is null)
        {
            // No good list for a whole ttl (or never one): say so, and proxies fail closed on its checks.
            await PublishAsync(provider, new FetchedListSpec { ProviderUrl = provider.Url, Available = false, Error = result.Error }, cancellationToken);
        }
    }

    private async Task PublishAsync(ListProvider provider, FetchedListSpec spec, CancellationToken cancellationToken)
    {
        var list = new FetchedList
        {
            ApiVersion = $"{ResourceKinds.PolicyGroup}/v1alpha1",
            Metadata = new ResourceMetadata { Name = provider.ListKey.Name, Namespace = provider.ListKey.Namespace },
            Spec = spec,
        };
        await store.PutAsync(list, PutMode.Upsert, cancellationToken);
    }

    private sealed class State(string url)
    {
        public string Url { get; } = url;

        public DateTimeOffset Since { get; init; }

        public DateTimeOffset NextFetch { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }
    }
}
