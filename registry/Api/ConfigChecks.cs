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
            errors.AddRange(ConfigValidator.ValidateAll(parsed.Resources).Select(e => e.ToString()));
        }

        return errors;
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
        var errors = ConfigValidator.Validate(resource);
        return errors.Count > 0 ? (null, Rejected(errors.Select(e => e.ToString()).ToList())) : (resource, null);
    }
}
