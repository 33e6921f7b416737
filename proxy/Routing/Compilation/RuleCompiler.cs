using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Annotations;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Compiles a VirtualService's <c>http</c> rules for one proxy, keeping their order.</summary>
internal static class RuleCompiler
{
    /// <summary>Answered by a rule whose regex or body could not be compiled (validation rejects such configs first).</summary>
    public static readonly DirectResponseAction Broken = new(500, "invalid route configuration");

    public static ValueList<HttpRouteRule> Compile(VirtualService vs, ProxyRole role)
    {
        var rules = new List<HttpRouteRule>();
        var hedging = HedgingAnnotation.Read(vs.Metadata.Annotations);
        foreach (var route in vs.Spec.Http)
        {
            if (Compile(route, vs.Metadata.Namespace, role, hedging) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules.ToValueList();
    }

    /// <summary>
    /// The rule, or null when it can never apply here (all its match blocks dropped for this proxy, or no action).
    /// A rule that fails to compile fails closed: it matches everything and answers 500, so its traffic is never
    /// routed by a later, broader rule.
    /// </summary>
    private static HttpRouteRule? Compile(HttpRoute route, string vsNamespace, ProxyRole role, HedgingSettings? hedging)
    {
        try
        {
            var blocks = route.Match.Select(m => MatchCompiler.Compile(m, vsNamespace, role)).ToList();
            if (blocks.Count > 0 && blocks.All(b => b is null))
            {
                return null;
            }

            if (ActionCompiler.Compile(route, vsNamespace) is not { } action)
            {
                return null;
            }

            var policies = new RoutePolicies(route.Timeout, route.Retries, route.Fault, route.CorsPolicy) { Hedging = hedging };
            return new HttpRouteRule(
                route.Name, blocks.OfType<MatchBlock>().ToValueList(), action, ActionCompiler.ToPolicy(route.Headers), policies);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return new HttpRouteRule(route.Name, ValueList<MatchBlock>.Empty, Broken, HeaderPolicy.None, RoutePolicies.None);
        }
    }
}
