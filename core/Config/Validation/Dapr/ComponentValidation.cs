using System.Globalization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Dapr;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Dapr;

/// <summary>
/// A Dapr <c>Component</c>: a supported type at version <c>v1</c>, well-formed metadata (names unique, each a value or a
/// secret reference, typed fields parse), valid scopes. Stored components (<c>stored</c>; a sidecar's local resources
/// folder is not stored) may not carry credentials as plain values: the store is readable by every proxy, secrets stay in each sidecar's secret store.
/// </summary>
internal static class ComponentValidation
{
    internal static void Validate(ValidationContext context, DaprComponent component, bool stored = true)
    {
        var spec = component.Spec;
        if (string.IsNullOrEmpty(spec.Type))
        {
            context.Add("spec.type", $"required field is missing (expected one of {string.Join(", ", DaprComponentTypes.Supported)})");
        }
        else if (!DaprComponentTypes.Supported.Contains(spec.Type))
        {
            context.Add("spec.type", $"unsupported component type \"{spec.Type}\": the sidecar implements {string.Join(", ", DaprComponentTypes.Supported)}");
        }

        if (spec.Version is not null && spec.Version != "v1")
        {
            context.Add("spec.version", $"unsupported version \"{spec.Version}\": expected v1");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Metadata.Count; i++)
        {
            ValidateItem(context, $"spec.metadata[{i}]", spec.Metadata[i], names, stored);
        }

        if (spec.Type is not null && DaprComponentTypes.Supported.Contains(spec.Type) && !names.Contains("redisHost"))
        {
            context.Add("spec.metadata", "redisHost is required (a value such as localhost:6379, or a secretKeyRef)");
        }

        ScopeRules.Validate(context, "scopes", component.Scopes);
    }

    private static void ValidateItem(ValidationContext context, string path, ComponentMetadataItem item, HashSet<string> names, bool stored)
    {
        if (string.IsNullOrEmpty(item.Name))
        {
            context.Add($"{path}.name", "required field is missing");
            return;
        }

        if (!names.Add(item.Name))
        {
            context.Add($"{path}.name", $"duplicate metadata name \"{item.Name}\"");
        }

        if (item.SecretKeyRef is { } secret)
        {
            if (item.Value is not null)
            {
                context.Add(path, "set either value or secretKeyRef, not both");
            }

            if (string.IsNullOrEmpty(secret.Name))
            {
                context.Add($"{path}.secretKeyRef.name", "required field is missing");
            }
            else if (!NameRules.IsDns1123Subdomain(secret.Name))
            {
                context.Add($"{path}.secretKeyRef.name", $"invalid secret name \"{secret.Name}\": expected a DNS-1123 subdomain");
            }

            if (string.IsNullOrEmpty(secret.Key))
            {
                context.Add($"{path}.secretKeyRef.key", "required field is missing");
            }
            else if (secret.Key.Contains('/') || secret.Key.Contains("..", StringComparison.Ordinal))
            {
                context.Add($"{path}.secretKeyRef.key", $"invalid secret key \"{secret.Key}\": no '/' or '..'");
            }

            return;
        }

        if (stored && item.Value is { Length: > 0 } && DaprComponentTypes.CredentialFields.Contains(item.Name))
        {
            context.Add($"{path}.value", $"{item.Name} must come from a secretKeyRef: credentials are never stored in the mesh's config store");
            return;
        }

        ValidateValue(context, $"{path}.value", item.Name, item.Value ?? "");
    }

    private static void ValidateValue(ValidationContext context, string path, string name, string value)
    {
        if (DaprComponentTypes.BooleanFields.Contains(name) && !bool.TryParse(value, out _))
        {
            context.Add(path, $"{name}: expected true or false, got \"{value}\"");
        }
        else if (DaprComponentTypes.IntegerFields.Contains(name) && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            context.Add(path, $"{name}: expected an integer, got \"{value}\"");
        }
        else if (DaprComponentTypes.DurationFields.Contains(name) && value != "0" && !MeshDuration.TryParse(value, out _, out var error))
        {
            context.Add(path, $"{name}: {error}");
        }
    }
}
