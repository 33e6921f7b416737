using System.Net;
using k8s;
using k8s.Autorest;

namespace GatewayMesh.Registry.Kubernetes.Watching;

/// <summary>
/// List, then watch from the list's resourceVersion, as client-go's reflector does: a watch that ends normally (the
/// server's timeout) resumes from the last resourceVersion seen, bookmarks included, so nothing is lost or delivered
/// twice; <c>410 Gone</c> or an ERROR event (that version was compacted away, or a restarted API server's watch cache
/// no longer has it) and a broken connection relist and hand the sink a full replacement, which the sinks apply
/// idempotently (an unchanged object is not written again). Failures back off exponentially (0.5 s to 30 s) on the injected clock.
/// </summary>
internal sealed class ListWatchLoop<T>(IListWatchSource<T> source, IListWatchSink<T> sink, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await source.ListAsync(cancellationToken);
                    await sink.ReplaceAllAsync(list.Items, cancellationToken);
                    resourceVersion = list.ResourceVersion;
                    Log.Listed(logger, source.Name, list.Items.Count, resourceVersion);
                }

                Log.Watching(logger, source.Name, resourceVersion);
                await foreach (var (type, item) in source.WatchAsync(resourceVersion, cancellationToken))
                {
                    if (type == WatchEventType.Error)
                    {
                        // An ERROR event ends the watch: most often 410 "too old resource version" (a restarted API
                        // server's watch cache starts at the current revision). Relisting is always correct.
                        throw new WatchErrorException();
                    }

                    if (type != WatchEventType.Bookmark)
                    {
                        await sink.ApplyAsync(type, item, cancellationToken);
                    }

                    resourceVersion = source.ResourceVersionOf(item) ?? resourceVersion;
                    backoff = FirstBackoff;
                }
            }
            catch (Exception exception) when (IsGone(exception))
            {
                Log.WatchExpired(logger, source.Name, resourceVersion);
                resourceVersion = null;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.WatchFailed(logger, source.Name, resourceVersion, backoff, exception.Message);

                // After a broken connection, list again rather than resume: a 1.20 API server that is still starting
                // can accept a watch from an old version and then never answer it (seen for Services in the restart
                // test), while a list either answers or fails fast. The relist is applied idempotently.
                resourceVersion = null;
                await Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private sealed class WatchErrorException : Exception;

    private static bool IsGone(Exception exception) => exception switch
    {
        WatchErrorException => true,
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };
}
