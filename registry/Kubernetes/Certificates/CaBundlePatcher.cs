using System.Text;
using GatewayMesh.Registry.Kubernetes.Settings;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Certificates;

/// <summary>
/// Writes the CA's trust bundle into the <c>caBundle</c> of the two webhook configurations the chart installs (the
/// only ones the registry's RBAC lets it touch), so the API server trusts the webhooks' certificate. A configuration
/// that does not exist (injection turned off) is skipped.
/// </summary>
internal sealed class CaBundlePatcher(IKubernetes client, KubernetesOptions options, ILogger<CaBundlePatcher> logger)
{
    public async Task PatchAsync(string trustBundlePem, CancellationToken cancellationToken)
    {
        var bundle = Encoding.UTF8.GetBytes(trustBundlePem);
        try
        {
            var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(options.ValidatingWebhookConfiguration, cancellationToken: cancellationToken);
            if (validating.Webhooks?.Any(w => w.ClientConfig.CaBundle is null || !w.ClientConfig.CaBundle.SequenceEqual(bundle)) == true)
            {
                foreach (var webhook in validating.Webhooks)
                {
                    webhook.ClientConfig.CaBundle = bundle;
                }

                await client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(validating, options.ValidatingWebhookConfiguration, cancellationToken: cancellationToken);
                Log.CaBundlePatched(logger, options.ValidatingWebhookConfiguration);
            }
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            Log.WebhookConfigurationMissing(logger, options.ValidatingWebhookConfiguration);
        }

        try
        {
            var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(options.MutatingWebhookConfiguration, cancellationToken: cancellationToken);
            if (mutating.Webhooks?.Any(w => w.ClientConfig.CaBundle is null || !w.ClientConfig.CaBundle.SequenceEqual(bundle)) == true)
            {
                foreach (var webhook in mutating.Webhooks)
                {
                    webhook.ClientConfig.CaBundle = bundle;
                }

                await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(mutating, options.MutatingWebhookConfiguration, cancellationToken: cancellationToken);
                Log.CaBundlePatched(logger, options.MutatingWebhookConfiguration);
            }
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            Log.WebhookConfigurationMissing(logger, options.MutatingWebhookConfiguration);
        }
    }
}
