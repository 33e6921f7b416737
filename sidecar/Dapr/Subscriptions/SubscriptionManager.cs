using GatewayMesh.Sidecar.Dapr.App;
using GatewayMesh.Sidecar.Dapr.Components;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Settings;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Sidecar.Dapr.Subscriptions;

/// <summary>
/// Runs the app's subscriptions. Once a pub/sub component exists and the app answers, it asks <c>GET /dapr/subscribe</c>
/// (once, as daprd does; 404 or no app means none; without a pub/sub the app is never called), adds the declarative subscriptions that apply to the app, and starts one
/// <see cref="TopicReader"/> per pub/sub component. When components or declarative subscriptions change, the readers
/// are replaced; pending messages stay in Redis and are picked up by the new readers.
/// </summary>
public sealed class SubscriptionManager(
    DaprApiOptions options, ComponentCatalog catalog, AppChannel channel, MessageDispatcher dispatcher,
    TimeProvider time, ILogger<SubscriptionManager> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan AppPollInterval = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<TopicSubscription>? _programmatic;
    private IReadOnlyList<TopicSubscription> _active = [];
    private List<TopicReader> _readers = [];
    private IDisposable? _onChange;
    private Task _starting = Task.CompletedTask;
    private readonly TaskCompletionSource _firstApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every subscription in effect (for the metadata API).</summary>
    public IReadOnlyList<TopicSubscription> Active => Volatile.Read(ref _active);

    /// <summary>Completes once the app's subscriptions are read and every reader's consumer groups exist.</summary>
    public async Task WhenSubscribedAsync(CancellationToken cancellationToken = default)
    {
        await _firstApplied.Task.WaitAsync(cancellationToken);
        List<TopicReader> readers;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            readers = _readers;
        }
        finally
        {
            _gate.Release();
        }

        await Task.WhenAll(readers.Select(r => r.GroupsReady)).WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(async () =>
        {
            _onChange = ChangeToken.OnChange(catalog.GetChangeToken, () => _ = ApplyAsync());
            await ApplyAsync();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<TopicSubscription>> ReadProgrammaticAsync(CancellationToken token)
    {
        if (options.AppPort <= 0)
        {
            return [];
        }

        while (!token.IsCancellationRequested)
        {
            try
            {
                using var response = await channel.Client.GetAsync(channel.Uri("/dapr/subscribe"), token);
                if (!response.IsSuccessStatusCode)
                {
                    return [];
                }

                var body = await response.Content.ReadAsByteArrayAsync(token);
                return ProgrammaticSubscriptions.Parse(body);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(AppPollInterval, time, token); // the app is not listening yet
            }
            catch (System.Text.Json.JsonException ex)
            {
                Log.SubscribeListFailed(logger, ex.Message);
                return [];
            }
        }

        return [];
    }

    private async Task ApplyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            var components = catalog.Current;
            if (_programmatic is null && components.PubSubs.Count > 0)
            {
                // As daprd: the app is asked for its subscriptions only once there is a pub/sub to subscribe with.
                _programmatic = await ReadProgrammaticAsync(_stop.Token);
            }

            var wanted = (_programmatic ?? [])
                .Concat(components.Subscriptions.Select(ProgrammaticSubscriptions.FromResource))
                .GroupBy(s => (s.PubSub, s.Topic))
                .Select(g => g.First()) // a programmatic subscription wins over a declarative one for the same topic, as in daprd
                .ToList();
            foreach (var reader in _readers)
            {
                await reader.DisposeAsync();
            }

            var readers = new List<TopicReader>();
            foreach (var group in wanted.GroupBy(s => s.PubSub))
            {
                if (!components.PubSubs.TryGetValue(group.Key, out var pubsub))
                {
                    Log.SubscribeListFailed(logger, $"pubsub {group.Key} is not found; its subscriptions wait for it");
                    continue;
                }

                var reader = new TopicReader(pubsub, [.. group], dispatcher, time, logger);
                reader.Start($"gatewaymesh-dapr-{options.AppId}-reader");
                readers.Add(reader);
            }

            _readers = readers;
            Volatile.Write(ref _active, wanted);
            _firstApplied.TrySetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopping while the app was not answering yet
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _onChange?.Dispose();
        try
        {
            await _starting.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // stopping
        }

        await _gate.WaitAsync();
        try
        {
            foreach (var reader in _readers)
            {
                await reader.DisposeAsync();
            }

            _readers = [];
        }
        finally
        {
            _gate.Release();
        }
    }
}
