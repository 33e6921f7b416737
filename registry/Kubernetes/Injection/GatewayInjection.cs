using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.ProxyConfigs;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// Istio's gateway injection template (<c>inject.istio.io/templates: gateway</c>): the pod is a proxy already (the
/// chart's ingress gateway, its container named <c>istio-proxy</c>), so nothing is added but what Istio's template adds
/// to a gateway from the mesh's settings: the variables of the ProxyConfigs that apply to the pod (its namespace and
/// labels, e.g. <c>istio: ingressgateway</c>), on that container, and <c>sidecar.istio.io/status</c>. A variable the
/// container already sets keeps its value.
/// </summary>
internal static class GatewayInjection
{
    public const string TemplatesAnnotation = "inject.istio.io/templates";
    public const string GatewayTemplate = "gateway";

    public static bool Applies(V1Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue(TemplatesAnnotation, out var templates) == true
        && templates.Split(',', StringSplitOptions.TrimEntries).Contains(GatewayTemplate, StringComparer.Ordinal);

    /// <summary>Null when the pod has no <c>istio-proxy</c> container to configure.</summary>
    public static JsonPatch? Build(V1Pod pod, IReadOnlyDictionary<string, string> environment)
    {
        var index = pod.Spec.Containers.ToList().FindIndex(c => c.Name == InjectionPolicy.SidecarName);
        if (index < 0)
        {
            return null;
        }

        var container = pod.Spec.Containers[index];
        var own = (container.Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var added = environment.Where(v => !own.Contains(v.Key)).ToList();
        var patch = new JsonPatch();
        if (added.Count > 0)
        {
            JsonNode[] variables =
            [
                .. added.Select(v => new JsonObject { ["name"] = v.Key, ["value"] = v.Value }),
                new JsonObject { ["name"] = ProxyProcessEnvironment.NamesVariable, ["value"] = string.Join(',', added.Select(v => v.Key)) },
            ];
            patch.AddToArray($"/spec/containers/{index}/env", container.Env is not null, variables, atFront: false);
        }

        var status = new JsonObject
        {
            ["template"] = GatewayTemplate,
            ["containers"] = new JsonArray(),
            ["proxyConfigVariables"] = new JsonArray([.. added.Select(v => JsonValue.Create(v.Key))]),
        }.ToJsonString();
        patch.AddToMap("/metadata/annotations", pod.Metadata?.Annotations is not null, InjectionPolicy.StatusAnnotation, status);
        return patch;
    }
}
