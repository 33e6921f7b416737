using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Proxy.Security;
using Xunit;

namespace GatewayMesh.UnitTests.Security;

/// <summary>Builds security resources from flow-style YAML specs, with a store revision to order them by age.</summary>
internal static class SecurityYaml
{
    public static PeerAuthentication Peer(string name, string ns, string spec, long revision = 1) =>
        (PeerAuthentication)Parse("PeerAuthentication", name, ns, spec, revision);

    public static AuthorizationPolicy Authz(string name, string ns, string spec, long revision = 1) =>
        (AuthorizationPolicy)Parse("AuthorizationPolicy", name, ns, spec, revision);

    public static WorkloadScope Workload(string ns = "default", string labels = "app=reviews,version=v1", string root = "istio-system") =>
        new(ns, Labels(labels), root);

    public static ValueMap<string, string> Labels(string labels) =>
        labels.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1])
            .ToValueMap();

    private static ConfigResource Parse(string kind, string name, string ns, string spec, long revision)
    {
        var yaml = $"apiVersion: security.istio.io/v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec: {spec}\n";
        var parsed = ConfigParser.Parse(yaml);
        Assert.Empty(parsed.Errors);
        return Assert.Single(parsed.Resources).WithResourceVersion(revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
