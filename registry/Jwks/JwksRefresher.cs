using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Jwks;

/// <summary>
/// Keeps a <see cref="RemoteJwks"/> in the store for every <c>jwksUri</c> that a RequestAuthentication names, so
/// proxies verify JWTs with keys the control plane fetched (as istiod inlines JWKS for Envoy) and never reach out to
/// issuers themselves. Only the leading replica fetches. It fetches a new URI as soon as its RequestAuthentication is
/// stored (it follows the change notices), refreshes every <c>--jwks-refresh</c> (20 minutes), retries a failed fetch
/// every <c>--jwks-retry</c> (30 seconds) and, on failure, keeps the last good keys with the error beside them. It
/// writes only when the keys or the error change, and removes key sets no RequestAuthentication names any more.
/// </summary>
internal sealed class JwksRefresher(
    IConfigStore store,
    ILeaderElection election,
    JwksFetcher fetcher,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<JwksRefresher> logger) : BackgroundService
{
    public const string Namespace = "istio-system";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, DateTimeOffset> _nextAttempt = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>The store name of the key set fetched from <paramref name="jwksUri"/>.</summary>
    public static string NameOf(string jwksUri) =>
        "jwks-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jwksUri)))[..16];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var follower = FollowNoticesAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await election.WaitForLeadershipAsync(stoppingToken);
                await RefreshOnceAsync(stoppingToken);
                using var tick = new CancellationTokenSource(options.Value.ParseJwksRetry(), time);
                using var wakeOrTick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tick.Token);
                try
                {
                    await _wake.WaitAsync(wakeOrTick.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the retry interval passed: look again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            await follower;
        }
    }

    /// <summary>One pass: fetch what is due, write what changed, delete what nobody names.</summary>
    internal async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var wanted = Wanted(await store.ListAsync(ResourceKinds.RequestAuthentication, cancellationToken: cancellationToken));
            var stored = (await store.ListAsync(ResourceKinds.RemoteJwks, Namespace, cancellationToken)).OfType<RemoteJwks>().ToList();
            foreach (var (uri, timeout) in wanted)
            {
                await RefreshAsync(uri, timeout, stored.FirstOrDefault(s => s.Spec.JwksUri == uri), cancellationToken);
            }

            foreach (var unused in stored.Where(s => s.Spec.JwksUri is null || !wanted.ContainsKey(s.Spec.JwksUri)))
            {
                await store.DeleteAsync(unused.Key, cancellationToken: cancellationToken);
                _nextAttempt.Remove(unused.Spec.JwksUri ?? "");
                Log.JwksRemoved(logger, unused.Spec.JwksUri ?? unused.Metadata.Name);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JwksRefreshFailed(logger, ex);
        }
    }

    private async Task RefreshAsync(string uri, TimeSpan timeout, RemoteJwks? current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (current is not null && _nextAttempt.TryGetValue(uri, out var next) && now < next)
        {
            return;
        }

        var result = await fetcher.FetchAsync(new Uri(uri), timeout, cancellationToken);
        var attempted = time.GetUtcNow();
        _nextAttempt[uri] = attempted + (result.Error is null ? options.Value.ParseJwksRefresh() : options.Value.ParseJwksRetry());
        var spec = current?.Spec ?? new RemoteJwksSpec { JwksUri = uri };
        var updated = result.Error is null
            ? spec with { Jwks = result.Jwks, FetchedAt = spec.Jwks == result.Jwks ? spec.FetchedAt : Text(attempted), LastError = null, LastAttemptAt = spec.LastError is null && spec.Jwks == result.Jwks ? spec.LastAttemptAt : Text(attempted) }
            : spec with { LastError = result.Error, LastAttemptAt = spec.LastError == result.Error ? spec.LastAttemptAt : Text(attempted) };
        if (result.Error is null)
        {
            Log.JwksFetched(logger, uri);
        }
        else
        {
            Log.JwksFetchFailed(logger, uri, result.Error, current?.Spec.Jwks is not null);
        }

        if (current is not null && updated == current.Spec)
        {
            return;
        }

        await store.PutAsync(
            new RemoteJwks
            {
                ApiVersion = ResourceKinds.Get(ResourceKinds.RemoteJwks).PreferredApiVersion,
                Metadata = new ResourceMetadata { Name = NameOf(uri), Namespace = Namespace },
                Spec = updated,
            },
            PutMode.Upsert,
            cancellationToken);
    }

    /// <summary>Every jwksUri named (without inline jwks, which wins), with the longest timeout a rule gives it.</summary>
    private static Dictionary<string, TimeSpan> Wanted(IEnumerable<ConfigResource> policies)
    {
        var wanted = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var rule in policies.OfType<RequestAuthentication>().SelectMany(p => p.Spec.JwtRules))
        {
            if (rule.JwksUri is not { Length: > 0 } uri || !string.IsNullOrEmpty(rule.Jwks))
            {
                continue;
            }

            var timeout = rule.Timeout?.Value is { } given && given > TimeSpan.Zero ? (given < MaxTimeout ? given : MaxTimeout) : DefaultTimeout;
            wanted[uri] = wanted.TryGetValue(uri, out var other) && other > timeout ? other : timeout;
        }

        return wanted;
    }

    private async Task FollowNoticesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var notice in store.WatchAsync(stoppingToken))
                {
                    if (notice.Key.StartsWith(ResourceKinds.RequestAuthentication + "/", StringComparison.Ordinal))
                    {
                        _wake.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.JwksWatchFailed(logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
