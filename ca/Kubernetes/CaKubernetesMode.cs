using GatewayMesh.Ca.Auth;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Settings;
using k8s;

namespace GatewayMesh.Ca.Kubernetes;

/// <summary>
/// The CA's Kubernetes mode (<c>--kubernetes=true</c>): the TokenReview authenticator goes first (the bootstrap-token and
/// client-certificate ones stay after it), the trust bundle is published to every namespace, and the root can be
/// kept in a Secret (restored before the root is loaded, saved once created).
/// </summary>
internal static class CaKubernetesMode
{
    public static CaKubernetesOptions? Read(IConfiguration configuration) =>
        configuration.GetSection(CaKubernetesOptions.SectionName).Get<CaKubernetesOptions>() is { Enabled: true } options ? options : null;

    /// <summary>Before <c>AddMeshCa</c>: restores the root from its Secret and registers the Kubernetes services.</summary>
    public static IKubernetes Configure(IServiceCollection services, CaKubernetesOptions options, CaSettings settings)
    {
        var config = string.IsNullOrWhiteSpace(options.Kubeconfig)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        IKubernetes client = new k8s.Kubernetes(config);
        if (!string.IsNullOrEmpty(options.RootSecret) && settings.PluginCerts is null)
        {
            OwnerOnlyFiles.CreateDirectory(settings.Dir);
            RootSecretStore.RestoreAsync(client, options.Namespace, options.RootSecret, new CaDirectory(settings.Dir), CancellationToken.None).GetAwaiter().GetResult();
        }

        services.AddSingleton(options);
        services.AddSingleton(client);
        services.AddSingleton<ICallerAuthenticator>(sp => new TokenReviewAuthenticator(
            client, options, settings.TrustDomain, sp.GetRequiredService<ILogger<TokenReviewAuthenticator>>()));
        if (!string.IsNullOrEmpty(options.RootConfigMap))
        {
            services.AddHostedService<RootCertPublisher>();
        }

        return client;
    }

    /// <summary>After the root is loaded: keeps it in the Secret when there is none yet.</summary>
    public static void AfterStart(WebApplication app, CaKubernetesOptions options, CaSettings settings, IKubernetes client)
    {
        if (string.IsNullOrEmpty(options.RootSecret) || settings.PluginCerts is not null)
        {
            return;
        }

        RootSecretStore.SaveIfMissingAsync(client, options.Namespace, options.RootSecret, new CaDirectory(settings.Dir), CancellationToken.None).GetAwaiter().GetResult();
        var logger = app.Services.GetRequiredService<ILogger<RootSecretStoreMarker>>();
        Log.RootSecret(logger, options.RootSecret, "saved or already present");
    }

    /// <summary>The log category of the root Secret messages.</summary>
    internal sealed class RootSecretStoreMarker;
}
