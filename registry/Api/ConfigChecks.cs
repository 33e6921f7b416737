using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;

namespace GatewayMesh.Registry.Api;

/// <summary>Galley's gate: parse errors and validation errors of a request body, collected together.</summary>
internal static class ConfigChecks
{
    /// <summary>
    /// Every error at once: per document, its parse errors and the validation errors of what could be bound (a resource
    /// with parse errors is still validated), plus duplicates and the store's key checks.
    /// </summary>
    public static IReadOnlyList<string> ErrorsOf(ConfigParseResult parsed)
    {
        var found = ConfigValidator.Check(parsed);
        var identified = parsed.Items.Where(i => i.Resource is not null).Select(i => i.Resource!);
        return [.. found.Concat(identified.SelectMany(r => KeyErrorsOf(r, found))).Select(e => e.ToString())];
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

    /// <summary>The documents left out as not mesh config, one line each.</summary>
    public static IReadOnlyList<string> SkippedOf(ConfigParseResult parsed) => [.. parsed.Skipped.Select(s => s.ToString())];

    public static IResult Rejected(IReadOnlyList<string> details) => ApiErrors.BadRequest("validation failed", details);

    /// <summary>Reads a body that must hold exactly one valid resource.</summary>
    public static async Task<(ConfigResource? Resource, IResult? Error)> ReadSingleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (parsed, error) = await RequestBody.ParseAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        var errors = ErrorsOf(parsed!);
        if (errors.Count > 0)
        {
            return (null, Rejected(errors));
        }

        if (parsed!.Resources.Count != 1)
        {
            return (null, ApiErrors.BadRequest($"expected exactly one resource, got {parsed.Resources.Count}; use /api/v1/apply for several"));
        }

        return (parsed.Resources[0], null);
    }
}
