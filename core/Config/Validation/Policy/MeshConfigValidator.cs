using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Policy;

/// <summary>MeshConfig: named <c>default</c>; extension providers named once, with exactly one provider each; ext-authz HTTP complete.</summary>
internal static class MeshConfigValidator
{
    public static void Validate(ValidationContext context, MeshConfig resource)
    {
        if (resource.Metadata.Name != MeshConfig.DefaultName)
        {
            context.Add("metadata.name", $"the mesh config is named \"{MeshConfig.DefaultName}\" (in the root namespace), got \"{resource.Metadata.Name}\"");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var providers = resource.Spec.ExtensionProviders;
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            var path = $"spec.extensionProviders[{i}]";
            if (string.IsNullOrWhiteSpace(provider.Name))
            {
                context.Add($"{path}.name", "required field is missing");
            }
            else if (!names.Add(provider.Name))
            {
                context.Add($"{path}.name", $"provider \"{provider.Name}\" is defined twice");
            }

            var kinds = new object?[]
            {
                provider.EnvoyExtAuthzHttp, provider.EnvoyExtAuthzGrpc, provider.Zipkin, provider.Opentelemetry, provider.Prometheus,
                provider.EnvoyFileAccessLog, provider.EnvoyOtelAls, provider.Datadog, provider.Skywalking, provider.Stackdriver,
            }.Count(p => p is not null);
            if (kinds != 1)
            {
                context.Add(path, $"a provider has exactly one provider field, got {kinds}");
            }

            if (provider.EnvoyExtAuthzHttp is { } http)
            {
                ExtAuthzHttp(context, $"{path}.envoyExtAuthzHttp", http);
            }
        }
    }

    private static void ExtAuthzHttp(ValidationContext context, string path, EnvoyExtAuthzHttpProvider http)
    {
        if (string.IsNullOrWhiteSpace(http.Service))
        {
            context.Add($"{path}.service", "required field is missing (the authorizer's host, e.g. ext-authz.foo.svc.cluster.local)");
        }
        else if (HostRules.HostError(http.Service.Contains('/', StringComparison.Ordinal) ? http.Service[(http.Service.IndexOf('/', StringComparison.Ordinal) + 1)..] : http.Service, allowStar: false) is { } error)
        {
            context.Add($"{path}.service", error);
        }

        if (http.Port is not (>= 1 and <= 65535))
        {
            context.Add($"{path}.port", http.Port is null ? "required field is missing" : $"must be 1 to 65535, got {http.Port}");
        }

        if (http.Timeout is { } timeout && timeout.Value <= TimeSpan.Zero)
        {
            context.Add($"{path}.timeout", $"must be > 0, got {timeout}");
        }

        if (http.StatusOnError is { } status && !(int.TryParse(status, out var code) && code is >= 100 and <= 599))
        {
            context.Add($"{path}.statusOnError", $"\"{status}\" is not an HTTP status code");
        }

        if (http.PathPrefix is { Length: > 0 } prefix && !prefix.StartsWith('/'))
        {
            context.Add($"{path}.pathPrefix", $"must start with '/', got \"{prefix}\"");
        }

        if (http.IncludeRequestBodyInCheck is not null)
        {
            context.Add($"{path}.includeRequestBodyInCheck", "sending the request body to the authorizer is not supported");
        }

        Names(context, $"{path}.includeRequestHeadersInCheck", http.IncludeRequestHeadersInCheck);
        Names(context, $"{path}.headersToUpstreamOnAllow", http.HeadersToUpstreamOnAllow);
        Names(context, $"{path}.headersToDownstreamOnAllow", http.HeadersToDownstreamOnAllow);
        Names(context, $"{path}.headersToDownstreamOnDeny", http.HeadersToDownstreamOnDeny);
        foreach (var name in http.IncludeAdditionalHeadersInCheck.Keys)
        {
            HeaderRules.Name(context, $"{path}.includeAdditionalHeadersInCheck[{name}]", name);
        }
    }

    private static void Names(ValidationContext context, string path, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            // Istio matches these as string matches; exact names and a trailing * prefix are what proxies use here.
            HeaderRules.Name(context, $"{path}[{i}]", names[i].TrimEnd('*'));
        }
    }
}
