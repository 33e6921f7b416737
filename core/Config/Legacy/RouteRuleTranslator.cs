using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// One Istio 0.x RouteRule as one v1 <c>http</c> route. Request headers named <c>uri</c>, <c>method</c>,
/// <c>authority</c> and <c>scheme</c> match the request line, as in 0.x; a <c>source</c> becomes <c>sourceLabels</c>
/// (its labels, and <c>app: NAME</c> for a source named by service name) and <c>sourceNamespace</c>. Retries keep 0.x's
/// <c>retryOn</c> (<c>5xx,connect-failure,refused-stream</c>).
/// </summary>
internal static class RouteRuleTranslator
{
    public const string LegacyRetryOn = "5xx,connect-failure,refused-stream";

    public static HttpRoute Translate(RouteRule rule, string host, List<string> notes)
    {
        var spec = rule.Spec;
        var ns = rule.Metadata.Namespace;
        Note(notes, rule, spec.WebsocketUpgrade is not null, "spec.websocketUpgrade", "ignored: WebSocket upgrades are always allowed");
        Note(notes, rule, spec.HttpReqTimeout?.SimpleTimeout?.OverrideHeaderName is not null, "spec.httpReqTimeout.simpleTimeout.overrideHeaderName", "ignored: not supported");
        Note(notes, rule, spec.HttpReqRetries?.SimpleRetry?.OverrideHeaderName is not null, "spec.httpReqRetries.simpleRetry.overrideHeaderName", "ignored: not supported");
        Note(notes, rule, spec.Match?.Tcp is not null, "spec.match.tcp", "ignored: L4 matches do not apply to HTTP routes");
        return new HttpRoute
        {
            Name = rule.Metadata.Name,
            Match = Match(spec.Match, ns),
            Route = spec.Redirect is null ? Destinations(spec, host, ns) : default,
            Redirect = spec.Redirect is { } redirect ? new HttpRedirect { Uri = Empty(redirect.Uri), Authority = Empty(redirect.Authority) } : null,
            Rewrite = spec.Rewrite is { } rewrite ? new HttpRewrite { Uri = Empty(rewrite.Uri), Authority = Empty(rewrite.Authority) } : null,
            Timeout = spec.HttpReqTimeout?.SimpleTimeout?.Timeout,
            Retries = spec.HttpReqRetries?.SimpleRetry is { } retry
                ? new HttpRetry { Attempts = retry.Attempts ?? 0, PerTryTimeout = retry.PerTryTimeout, RetryOn = LegacyRetryOn }
                : null,
            Fault = Fault(spec.HttpFault),
            Mirror = spec.Mirror is { } mirror ? new Destination { Host = LegacyHosts.Fqdn(mirror, ns), Subset = LegacyHosts.SubsetName(mirror.Labels) } : null,
            CorsPolicy = spec.CorsPolicy is { } cors
                ? new CorsPolicy
                {
                    AllowOrigins = cors.AllowOrigin.Select(o => new StringMatch { Exact = o }).ToValueList(),
                    AllowMethods = cors.AllowMethods,
                    AllowHeaders = cors.AllowHeaders,
                    ExposeHeaders = cors.ExposeHeaders,
                    MaxAge = cors.MaxAge,
                    AllowCredentials = cors.AllowCredentials,
                }
                : null,
            Headers = spec.AppendHeaders.IsEmpty ? null : new Headers { Request = new HeaderOperations { Add = spec.AppendHeaders } },
        };
    }

    private static ValueList<HttpMatchRequest> Match(MatchCondition? match, string ns)
    {
        var headers = match?.Request?.Headers ?? default;
        var source = match?.Source;
        if (headers.IsEmpty && source is null)
        {
            return default;
        }

        var request = new HttpMatchRequest();
        var others = new List<KeyValuePair<string, StringMatch>>();
        foreach (var (name, value) in headers)
        {
            var converted = new StringMatch { Exact = value.Exact, Prefix = value.Prefix, Regex = value.Regex };
            request = name switch
            {
                "uri" => request with { Uri = converted },
                "method" => request with { Method = converted },
                "authority" => request with { Authority = converted },
                "scheme" => request with { Scheme = converted },
                _ => request,
            };
            if (name is not ("uri" or "method" or "authority" or "scheme"))
            {
                others.Add(KeyValuePair.Create(name, converted));
            }
        }

        if (source is not null)
        {
            var labels = source.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            if (LegacySources.AppName(source) is { } app)
            {
                labels["app"] = app;
            }

            request = request with
            {
                SourceLabels = labels.ToValueMap(),
                SourceNamespace = LegacySources.Namespace(source, ns),
            };
        }

        return [request with { Headers = others.ToValueMap() }];
    }

    private static ValueList<HttpRouteDestination> Destinations(RouteRuleSpec spec, string host, string ns)
    {
        if (spec.Route.IsEmpty)
        {
            return [new HttpRouteDestination { Destination = new Destination { Host = host } }];
        }

        var single = spec.Route.Count == 1;
        return spec.Route.Select(route => new HttpRouteDestination
        {
            Destination = new Destination
            {
                Host = route.Destination is { } other ? LegacyHosts.Fqdn(other, ns) : host,
                Subset = LegacyHosts.SubsetName(route.Labels),
            },
            Weight = single ? null : route.Weight ?? 0,
        }).ToValueList();
    }

    private static HttpFaultInjection? Fault(LegacyFault? fault) => fault is null ? null : new HttpFaultInjection
    {
        Delay = fault.Delay is { } delay
            ? new FaultDelay { FixedDelay = delay.FixedDelay, Percentage = new Percent { Value = delay.Percent ?? 0 } }
            : null,
        Abort = fault.Abort is { } abort
            ? new FaultAbort { HttpStatus = abort.HttpStatus, Percentage = new Percent { Value = abort.Percent ?? 0 } }
            : null,
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Note(List<string> notes, RouteRule rule, bool when, string path, string message)
    {
        if (when)
        {
            notes.Add($"RouteRule {rule.Metadata.Namespace}/{rule.Metadata.Name}: {path}: {message}");
        }
    }
}
