using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Registry.Api;

/// <summary>Galley's gate: parse errors and validation errors of a request body, collected together.</summary>
internal static class ConfigChecks
{
    /// <summary>Every parse error, then every validation error of the resources that parsed (each resource plus duplicates).</summary>
    public static IReadOnlyList<string> ErrorsOf(ConfigParseResult parsed)
    {
        var errors = parsed.Errors.Select(e => e.ToString()).ToList();
        if (parsed.Resources.Count > 0)
        {
            var found = ConfigValidator.ValidateAll(parsed.Resources);
            errors.AddRange(found.Concat(parsed.Resources.SelectMany(r => KeyErrorsOf(r, found))).Select(e => e.ToString()));
        }

        return errors;
    }

    /// <summary>Validates one resource, plus the key checks the store relies on.</summary>
    public static IReadOnlyList<ConfigError> ErrorsOf(ConfigResource resource)
    {
        var found = ConfigValidator.Validate(resource);
        return [.. found, .. KeyErrorsOf(resource, found)];
    }

    /// <summary>
    /// The registry's own guard on the store key: namespace and name must be DNS-1123 and bounded. Reported only when
    /// the validator has not already named the same field of the same resource.
    /// </summary>
    private static IEnumerable<ConfigError> KeyErrorsOf(ConfigResource resource, IReadOnlyList<ConfigError> found)
    {
        var label = $"{resource.Kind} {resource.Metadata.Namespace}/{resource.Metadata.Name}";
        bool Reported(string path) => found.Any(e => e.Path == path && e.Resource == label);
        if (!PathSegments.IsValidNamespace(resource.Metadata.Namespace) && !Reported("metadata.namespace"))
        {
            yield return new ConfigError(label, "metadata.namespace",
                $"'{PathSegments.Truncate(resource.Metadata.Namespace)}' is not a DNS-1123 label (lowercase letters, digits, '-', at most {PathSegments.MaxNamespaceLength})");
        }

        if (!PathSegments.IsValidName(resource.Metadata.Name) && !Reported("metadata.name"))
        {
            yield return new ConfigError(label, "metadata.name",
                $"'{PathSegments.Truncate(resource.Metadata.Name)}' is not a DNS-1123 name (lowercase letters, digits, '-', '.', at most {PathSegments.MaxNameLength})");
        }
    }

    public static IResult Rejected(IReadOnlyList<string> details) => ApiErrors.BadRequest("validation failed", details);

    /// <summary>Reads a body that must hold exactly one valid resource.</summary>
    public static async Task<(ConfigResource? Resource, IResult? Error)> ReadSingleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (parsed, error) = await RequestBody.ParseAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (parsed!.Errors.Count > 0)
        {
            return (null, Rejected(parsed.Errors.Select(e => e.ToString()).ToList()));
        }

        if (parsed.Resources.Count != 1)
        {
            return (null, ApiErrors.BadRequest($"expected exactly one resource, got {parsed.Resources.Count}; use /api/v1/apply for several"));
        }

        var resource = parsed.Resources[0];
        var errors = ErrorsOf(resource);
        return errors.Count > 0 ? (null, Rejected(errors.Select(e => e.ToString()).ToList())) : (resource, null);
    }
}
