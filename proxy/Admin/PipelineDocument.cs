using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Admin;

/// <summary><c>/debug/pipeline</c>: each listener's steps in the order they run, and its recorders, by type name.</summary>
internal static class PipelineDocument
{
    public static JsonObject Create(ProxyPipelines pipelines)
    {
        var listeners = new JsonObject();
        foreach (var listener in Enum.GetValues<ProxyListener>())
        {
            var pipeline = pipelines[listener];
            listeners[listener.ToString()] = new JsonObject
            {
                ["steps"] = new JsonArray([.. pipeline.Steps.Select(s => (JsonNode?)s.GetType().Name)]),
                ["recorders"] = new JsonArray([.. pipeline.Recorders.Select(r => (JsonNode?)r.GetType().Name)]),
            };
        }

        return new JsonObject { ["listeners"] = listeners };
    }
}
