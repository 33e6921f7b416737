using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Admin;

/// <summary>What every <c>/debug/*</c> document starts with (the revision served and who the proxy is), and small JSON helpers.</summary>
public static class AdminDocument
{
    public static JsonObject Header(AppliedConfig config, ProxyIdentity identity) => new()
    {
        ["revision"] = config.Revision,
        ["loaded"] = config.Loaded,
        ["proxy"] = new JsonObject
        {
            ["role"] = IstioName(identity.Role).ToLowerInvariant(),
            ["namespace"] = identity.Namespace,
            ["service"] = identity.ServiceName,
            ["labels"] = Map(identity.Labels),
        },
    };

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    /// <summary>An enum member as Istio spells it: <c>RoundRobin</c> is <c>ROUND_ROBIN</c>.</summary>
    public static string IstioName<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
