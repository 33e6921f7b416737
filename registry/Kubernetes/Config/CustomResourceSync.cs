using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Registry.Kubernetes.Watching;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>
/// Mirrors every kind of <see cref="ResourceKinds.All"/> whose CRD the API server serves, each at the first of its
/// versions the CRD serves (the mesh's preferred one when possible). Kinds without a CRD are logged and looked for
/// again every minute, so installing a CRD later needs no restart.
/// </summary>
internal sealed class CustomResourceSync(IKubernetes client, IConfigStore store, TimeProvider time, ILoggerFactory loggers)
{
    private static readonly TimeSpan MissingCrdRecheck = TimeSpan.FromMinutes(1);
    private readonly ILogger _logger = loggers.CreateLogger<CustomResourceSync>();

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(ResourceKinds.All.Select(kind => RunKindAsync(kind, cancellationToken)));

    private async Task RunKindAsync(ResourceKindInfo kind, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var version = await ServedVersionAsync(kind, cancellationToken);
            if (version is not null)
            {
                var source = new CustomResourceSource(client, kind, version);
                var mirror = new CustomResourceMirror(client, source, store, time, _logger);
                await new ListWatchLoop<System.Text.Json.JsonElement>(source, mirror, time, _logger).RunAsync(cancellationToken);
                return;
            }

            Log.CrdMissing(_logger, $"{kind.Plural}.{kind.Group}");
            try
            {
                await Task.Delay(MissingCrdRecheck, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string?> ServedVersionAsync(ResourceKindInfo kind, CancellationToken cancellationToken)
    {
        try
        {
            var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{kind.Plural}.{kind.Group}", cancellationToken: cancellationToken);
            var served = crd.Spec.Versions.Where(v => v.Served).Select(v => v.Name).ToHashSet();
            return kind.Versions.FirstOrDefault(served.Contains);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.WatchFailed(_logger, $"{kind.Plural}.{kind.Group}", null, MissingCrdRecheck, e.Message);
            return null;
        }
    }
}
