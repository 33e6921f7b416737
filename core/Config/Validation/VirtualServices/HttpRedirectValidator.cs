using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Redirects: a redirect status code, a port in range, and a fixed port or a derived one, not both.</summary>
internal static class HttpRedirectValidator
{
    private static readonly int[] RedirectCodes = [301, 302, 303, 307, 308];

    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            if (resource.Spec.Http[i].Redirect is { } redirect)
            {
                ValidateRedirect(context, $"spec.http[{i}].redirect", redirect);
            }
        }
    }

    private static void ValidateRedirect(ValidationContext context, string path, HttpRedirect redirect)
    {
        if (redirect.RedirectCode is { } code && !RedirectCodes.Contains(code))
        {
            context.Add($"{path}.redirectCode", $"redirect code must be one of 301, 302, 303, 307, 308, got {code}");
        }

        NumberRules.Port(context, $"{path}.port", redirect.Port);
        if (redirect.Port is not null && redirect.DerivePort is not null)
        {
            context.Add(path, "set port or derivePort, not both");
        }

        if (redirect.Uri is { Length: > 0 } uri && !uri.StartsWith('/'))
        {
            context.Add($"{path}.uri", $"redirect uri must start with '/', got \"{uri}\"");
        }

        if (redirect.Uri is not null && redirect.PrefixRewrite is not null)
        {
            context.Add(path, "set uri or prefixRewrite, not both");
        }

        if (redirect.Scheme is { } scheme && scheme is not ("http" or "https"))
        {
            context.Add($"{path}.scheme", $"redirect scheme must be \"http\" or \"https\", got \"{scheme}\"");
        }
    }
}
