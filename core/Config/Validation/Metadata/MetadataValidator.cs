using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Metadata;

/// <summary>Kubernetes metadata rules every kind shares: name, namespace, label and annotation syntax.</summary>
internal static class MetadataValidator
{
    public static void Validate(ValidationContext context, ConfigResource resource)
    {
        var metadata = resource.Metadata;
        if (string.IsNullOrEmpty(metadata.Name))
        {
            context.Add("metadata.name", "name is required");
        }
        else if (!NameRules.IsDns1123Subdomain(metadata.Name))
        {
            context.Add("metadata.name", $"invalid name \"{metadata.Name}\": expected a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', starting and ending alphanumeric, at most 253 characters)");
        }

        if (!NameRules.IsDns1123Label(metadata.Namespace))
        {
            context.Add("metadata.namespace", $"invalid namespace \"{metadata.Namespace}\": expected a DNS-1123 label (lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)");
        }

        LabelRules.ValidateLabels(context, "metadata.labels", metadata.Labels);
        LabelRules.ValidateKeys(context, "metadata.annotations", metadata.Annotations.Keys);
    }
}
