using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Settings;
using k8s;
using k8s.Models;

namespace GatewayMesh.Ca.Kubernetes;

/// <summary>
/// Publishes the trust bundle as the ConfigMap <c>gatewaymesh-ca-root-cert</c> (key <c>root-cert.pem</c>) in every
/// namespace, as istiod publishes <c>istio-ca-root-cert</c>: injected sidecars mount it to trust the CA. Every reload
/// interval it lists the namespaces and writes the ConfigMap where it is missing or differs (a new namespace, a
/// rotated root); namespaces already up to date cost no call.
/// </summary>
internal sealed class RootCertPublisher(IKubernetes client, CaKubernetesOptions options, AuthorityState authority, CaSettings settings, TimeProvider time, ILogger<RootCertPublisher> logger) : BackgroundService
{
    public const string Key = "root-cert.pem";
    private readonly Dictionary<string, string> _published = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.RootPublishFailed(logger, exception.Message);
            }

            try
            {
                await Task.Delay(settings.ReloadInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var bundle = string.Concat(authority.Current.TrustBundlePems);
        var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        foreach (var ns in namespaces.Items.Where(n => n.Status?.Phase != "Terminating").Select(n => n.Metadata.Name))
        {
            if (_published.GetValueOrDefault(ns) == bundle)
            {
                continue;
            }

            await WriteAsync(ns, bundle, cancellationToken);
            _published[ns] = bundle;
            Log.RootPublished(logger, options.RootConfigMap, ns);
        }
    }

    private async Task WriteAsync(string ns, string bundle, CancellationToken cancellationToken)
    {
        var configMap = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = options.RootConfigMap, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "gatewaymesh" } },
            Data = new Dictionary<string, string> { [Key] = bundle },
        };
        try
        {
            var existing = await client.CoreV1.ReadNamespacedConfigMapAsync(options.RootConfigMap, ns, cancellationToken: cancellationToken);
            if (existing.Data is { } data && data.TryGetValue(Key, out var current) && current == bundle)
            {
                return;
            }

            configMap.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, options.RootConfigMap, ns, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(configMap, ns, cancellationToken: cancellationToken);
        }
    }
}
