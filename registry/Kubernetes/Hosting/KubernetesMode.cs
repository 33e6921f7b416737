using System.Net;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Kubernetes.Config;
using GatewayMesh.Registry.Kubernetes.Certificates;
using GatewayMesh.Registry.Kubernetes.Injection;
using GatewayMesh.Registry.Kubernetes.Leadership;
using GatewayMesh.Registry.Kubernetes.Settings;
using GatewayMesh.Registry.Kubernetes.Webhooks;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>
/// Turns on the registry's Kubernetes mode (<c>--kubernetes</c>): the KubernetesClient, the Redis login and the API
/// token from Secrets,
/// leader election by Lease, the leader-only sync, and on every replica the HTTPS webhook listener serving
/// <c>/validate</c> and <c>/inject</c> with a certificate from the mesh's CA.
/// </summary>
internal static class KubernetesMode
{
    public static KubernetesOptions? Read(IConfiguration configuration) =>
        configuration.GetSection(KubernetesOptions.SectionName).Get<KubernetesOptions>() is { Enabled: true } options ? options : null;

    /// <summary>Runs before <c>AddMeshRegistry</c>, which reads the Redis login this may set.</summary>
    public static void Configure(WebApplicationBuilder builder, KubernetesOptions options)
    {
        var client = KubeClientFactory.Create(options);
        var registryOptions = builder.Configuration.GetSection(RegistryOptions.SectionName).Get<RegistryOptions>() ?? new RegistryOptions();
        RedisCredentials.ApplyAsync(client, options, registryOptions, CancellationToken.None).GetAwaiter().GetResult();
        if (registryOptions.RedisPasswordFile is { } passwordFile)
        {
            builder.Configuration[$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.RedisUser)}"] = registryOptions.RedisUser;
            builder.Configuration[$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.RedisPasswordFile)}"] = passwordFile;
        }

        ApiTokenSecret.ApplyAsync(client, options, registryOptions, CancellationToken.None).GetAwaiter().GetResult();
        if (!string.IsNullOrEmpty(options.ApiTokenSecret))
        {
            builder.Configuration[$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.TokenFile)}"] = registryOptions.TokenFile;
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(client);
        services.AddSingleton(sp => new KubernetesLeaseElection(
            client, options.Namespace, options.LeaseName, options.Identity,
            LeaseTiming.Parse(options.LeaseDuration, options.RenewDeadline, options.RetryPeriod),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KubernetesLeaseElection>>()));
        // AddMeshRegistry keeps this election (TryAdd) and runs it as the hosted service of the ILeaderElection.
        services.AddSingleton<ILeaderElection>(sp => sp.GetRequiredService<KubernetesLeaseElection>());
        services.AddHostedService<KubernetesSyncService>();
        // meshctl apply writes custom resources: Kubernetes stays the store of record (AddMeshRegistry keeps this writer).
        services.AddSingleton<IConfigWriter, CustomResourceWriter>();

        if (options.WebhookPort < 0)
        {
            return;
        }

        services.AddSingleton<CaBundlePatcher>();
        services.AddSingleton<WebhookCertificate>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookCertificate>());
        services.AddSingleton<ValidationWebhook>();
        services.AddSingleton(InjectionConfig.Load(options.InjectionConfig));
        services.AddSingleton<SidecarInjector>();
        ListenOnApiAndWebhookPorts(builder, options);
    }

    public static void MapEndpoints(WebApplication app, KubernetesOptions options)
    {
        if (options.WebhookPort >= 0)
        {
            app.MapAdmissionEndpoints();
        }
    }

    /// <summary>
    /// An explicit Kestrel endpoint replaces the <c>--urls</c> ones, so the API's URLs are bound here too (first, so
    /// the "registry listening on" line still names the API), then the webhook port with TLS.
    /// </summary>
    private static void ListenOnApiAndWebhookPorts(WebApplicationBuilder builder, KubernetesOptions options)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } given ? given : RegistryOptions.DefaultUrl;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
                if (uri.Host == "localhost")
                {
                    kestrel.ListenLocalhost(uri.Port);
                }
                else
                {
                    kestrel.Listen(IPAddress.Parse(uri.Host), uri.Port);
                }
            }

            kestrel.Listen(IPAddress.Parse(options.WebhookAddress), options.WebhookPort, listen =>
            {
                var certificate = kestrel.ApplicationServices.GetRequiredService<WebhookCertificate>();
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => certificate.Current });
            });
        });
    }
}
