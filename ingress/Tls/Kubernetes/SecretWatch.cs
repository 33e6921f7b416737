using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GatewayMesh.Ingress.Tls.Kubernetes;

/// <summary>
/// Follows one Secret by name: list it with the field selector <c>metadata.name=NAME</c>, then watch from that list's
/// resourceVersion with the same selector, and list again whenever the watch ends (its 5–10 minute server timeout, an
/// ERROR event, a broken connection). Asking by name means the ingress only ever receives the Secrets its Gateways
/// name, and it also works when RBAC grants only those names (<c>resourceNames</c>: the API server authorizes a
/// single-name list or watch against them). Every new state is published and reported through <c>changed</c>;
/// failures keep the last state and retry with exponential backoff (0.5 s to 30 s) on the injected clock.
/// </summary>
internal sealed class SecretWatch : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private SecretState _state = new SecretState.Pending();

    public SecretWatch(IKubernetes client, string ns, string name, TimeProvider time, ILogger logger, Action changed)
    {
        (_client, _namespace, _name, _time, _logger, _changed) = (client, ns, name, time, logger, changed);
        _ = Task.Run(() => RunAsync(_stop.Token));
    }

    public SecretState State => Volatile.Read(ref _state);

    public void Dispose() => _stop.Cancel();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var selector = "metadata.name=" + _name;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _client.CoreV1.ListNamespacedSecretAsync(_namespace, fieldSelector: selector, cancellationToken: cancellationToken);
                Publish(list.Items.FirstOrDefault());
                Exception? error = null;
                var events = _client.CoreV1.WatchListNamespacedSecretAsync(
                    _namespace,
                    fieldSelector: selector,
                    allowWatchBookmarks: true,
                    resourceVersion: list.Metadata.ResourceVersion,
                    timeoutSeconds: 300 + Random.Shared.Next(300),
                    onError: e => error ??= e,
                    cancellationToken: cancellationToken);
                await foreach (var (type, secret) in events.WithCancellation(cancellationToken))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Publish(secret);
                    }
                    else if (type == WatchEventType.Deleted)
                    {
                        Publish(null);
                    }

                    backoff = FirstBackoff;
                }

                // An ERROR event (e.g. 410 after an API server restart) ends the watch through onError: list again.
                // A watch that simply timed out is listed again too: for one object that is as cheap as resuming.
                if (error is not null)
                {
                    throw error;
                }
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                var reason = $"{(int)e.Response.StatusCode} {e.Response.StatusCode}: the ingress's ServiceAccount may not read it";
                Volatile.Write(ref _state, new SecretState.Unreadable(reason));
                Log.SecretUnreadable(_logger, _namespace, _name, reason);
                _changed();
                backoff = await BackOffAsync(backoff, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The last state stays: a Secret that was served keeps being served while the API server is away.
                Log.SecretWatchFailed(_logger, _namespace, _name, backoff, e.GetType().Name, e.Message);
                backoff = await BackOffAsync(backoff, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Publish(V1Secret? secret)
    {
        var before = State;
        SecretState after = secret is null
            ? new SecretState.Missing()
            : new SecretState.Found((secret.Data ?? new Dictionary<string, byte[]>()).AsReadOnly(), secret.Metadata?.ResourceVersion);
        if (before is SecretState.Found f && after is SecretState.Found a && f.ResourceVersion == a.ResourceVersion && a.ResourceVersion is not null
            || before is SecretState.Missing && after is SecretState.Missing)
        {
            return;
        }

        Volatile.Write(ref _state, after);
        if (after is SecretState.Found found)
        {
            var keys = string.Join(",", found.Data.Keys.Order(StringComparer.Ordinal)); // names only, never values
            Log.SecretRead(_logger, _namespace, _name, keys, found.ResourceVersion ?? "");
        }
        else if (after is SecretState.Missing)
        {
            Log.SecretMissing(_logger, _namespace, _name);
        }

        _changed();
    }

    private async Task<TimeSpan> BackOffAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(backoff, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        return TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
    }
}
