using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Policy.ExtAuthz;

/// <summary>
/// Envoy's HTTP external authorization, for AuthorizationPolicy <c>action: CUSTOM</c>: for a call a CUSTOM policy's rules
/// match, the proxy asks the provider's service over the mesh (its cluster, balancer and transport: mTLS to a sidecar
/// that has a certificate), before forwarding. The check request has the call's method and path (after
/// <c>pathPrefix</c>), the headers <c>includeRequestHeadersInCheck</c> names, and <c>includeAdditionalHeadersInCheck</c>.
/// A 2xx answer allows the call and copies <c>headersToUpstreamOnAllow</c> into it (and
/// <c>headersToDownstreamOnAllow</c> into its response); any other answer is returned to the client, with
/// <c>headersToDownstreamOnDeny</c>, flag UAEX. An authorizer that cannot be reached answers 403 (or
/// <c>statusOnError</c>) unless <c>failOpen</c>.
/// </summary>
public sealed class ExtAuthzClient(UpstreamClient client, AuthorizationEnforcementOptions authorization, PolicyMetrics metrics, ILogger<ExtAuthzClient> logger)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(600);

    public async ValueTask<StepResult> CheckAsync(ProxyRequest request, CompiledExtAuthz extAuthz)
    {
        var authz = AuthorizationRequestReader.Read(request.Http, authorization);
        foreach (var policy in extAuthz.Policies)
        {
            if (!policy.Rules.Matches(authz))
            {
                continue;
            }

            if (await CheckOneAsync(request, policy).ConfigureAwait(false) == StepResult.Stop)
            {
                return StepResult.Stop;
            }
        }

        return StepResult.Continue;
    }

    private async ValueTask<StepResult> CheckOneAsync(ProxyRequest request, CustomPolicy policy)
    {
        var provider = policy.Provider;
        var http = request.Http;
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(provider.Timeout?.Value ?? DefaultTimeout);
            using var check = Build(request, policy, out var invoker);
            response = await invoker.SendAsync(check, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException && !http.RequestAborted.IsCancellationRequested)
        {
            metrics.ExtAuthz(policy.ProviderName, "error");
            PolicyLog.ExtAuthzFailed(logger, policy.ProviderName, ex.Message);
            if (provider.FailOpen == true)
            {
                return StepResult.Continue;
            }

            var status = int.TryParse(provider.StatusOnError, out var code) ? code : StatusCodes.Status403Forbidden;
            return await LocalReply.SendAsync(request, status, "external authorization failed", ResponseFlags.UnauthorizedExternalService, "ext_authz_error").ConfigureAwait(false);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                metrics.ExtAuthz(policy.ProviderName, "allowed");
                Copy(response, provider.HeadersToUpstreamOnAllow, http.Request.Headers);
                Copy(response, provider.HeadersToDownstreamOnAllow, http.Response.Headers);
                return StepResult.Continue;
            }

            metrics.ExtAuthz(policy.ProviderName, "denied");
            request.Flags |= ResponseFlags.UnauthorizedExternalService;
            request.ResponseCodeDetails ??= "ext_authz_denied";
            http.Response.StatusCode = (int)response.StatusCode;
            Copy(response, provider.HeadersToDownstreamOnDeny, http.Response.Headers);
            var body = await response.Content.ReadAsByteArrayAsync(http.RequestAborted).ConfigureAwait(false);
            if (body.Length > 0 && body.Length <= 64 * 1024)
            {
                if (response.Content.Headers.ContentType is { } type)
                {
                    http.Response.ContentType = type.ToString();
                }

                await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
            }

            return StepResult.Stop;
        }
    }

    /// <summary>The check request, addressed to an endpoint of the authorizer's cluster picked by its balancer.</summary>
    private HttpRequestMessage Build(ProxyRequest request, CustomPolicy policy, out HttpMessageInvoker invoker)
    {
        var provider = policy.Provider;
        var key = new ClusterKey(policy.Host, null, provider.Port);
        if (!request.Config.Upstreams.TryFind(key, out var entry) || entry.Cluster.Endpoints.IsEmpty)
        {
            throw new InvalidOperationException($"no endpoint for the authorizer {policy.Host}:{provider.Port}");
        }

        var pick = entry.LoadBalancer.Pick(request.Balancing);
        pick.Lease.Dispose();
        if (!pick.HasEndpoint)
        {
            throw new InvalidOperationException($"no healthy endpoint for the authorizer {policy.Host}:{provider.Port}");
        }

        var transport = entry.TransportTo(entry.Cluster.Endpoints[pick.Index]);
        if (transport == UpstreamTransport.MutualTlsUnavailable)
        {
            throw new InvalidOperationException($"the authorizer {policy.Host} needs mTLS, which this proxy cannot originate");
        }

        invoker = entry.Resilience?.Invoker ?? client.Invoker;
        var http = request.Http.Request;
        var path = (provider.PathPrefix ?? "") + http.Path.Value + http.QueryString.Value;
        var check = new HttpRequestMessage(new HttpMethod(http.Method), entry.Prefix(pick.Index, transport == UpstreamTransport.MutualTls) + path)
        {
            Version = System.Net.HttpVersion.Version11,
            Content = new ByteArrayContent([]),
        };
        check.Headers.Host = $"{policy.Host}:{provider.Port}";
        foreach (var pattern in provider.IncludeRequestHeadersInCheck)
        {
            foreach (var (name, values) in http.Headers)
            {
                if (Matches(pattern, name))
                {
                    check.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
                }
            }
        }

        foreach (var (name, value) in provider.IncludeAdditionalHeadersInCheck)
        {
            check.Headers.TryAddWithoutValidation(name, value);
        }

        return check;
    }

    private static void Copy(HttpResponseMessage response, IReadOnlyList<string> names, IHeaderDictionary target)
    {
        foreach (var pattern in names)
        {
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (Matches(pattern, name))
                {
                    target[name] = new StringValues([.. values]);
                }
            }
        }
    }

    /// <summary>Istio's header name match: exact (case-insensitive), or a prefix ending in <c>*</c>.</summary>
    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) : string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
}
