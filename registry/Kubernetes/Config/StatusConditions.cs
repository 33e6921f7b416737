using System.Text.Json.Nodes;

namespace GatewayMesh.Registry.Kubernetes.Config;

/// <summary>The status the registry writes on each custom resource: one <c>Accepted</c> condition, as Istio reports status.</summary>
internal static class StatusConditions
{
    public const string Accepted = "Accepted";

    /// <summary>Longest condition message written; the full list of errors is in the registry's log.</summary>
    private const int MaxMessageLength = 4096;

    public static string AcceptedMessage => "validated and published to the mesh";

    public static string MergePatch(bool accepted, string message, long? generation, DateTimeOffset now)
    {
        var condition = new JsonObject
        {
            ["type"] = Accepted,
            ["status"] = accepted ? "True" : "False",
            ["reason"] = accepted ? "Accepted" : "Invalid",
            ["message"] = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message,
            ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (generation is { } g)
        {
            condition["observedGeneration"] = g;
        }

        return new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } }.ToJsonString();
    }

    public static string Truncate(string message) => message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
}
