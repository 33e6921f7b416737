using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// Whether a pod the webhook was called for gets a sidecar. The webhook's selectors already applied Istio's namespace
/// and label rules (namespace <c>istio-injection=enabled</c>, pod label <c>sidecar.istio.io/inject</c>); here the
/// injector adds what selectors cannot see: the annotation <c>sidecar.istio.io/inject: "false"</c> opts out, and so does
/// the label (it wins over the namespace, as in Istio); host-network pods and kube-system/kube-public are never
/// injected; a pod that already has the sidecar is left alone, so a second pass changes nothing.
/// </summary>
internal static class InjectionPolicy
{
    public const string InjectKey = "sidecar.istio.io/inject";
    public const string StatusAnnotation = "sidecar.istio.io/status";
    public const string SidecarName = "istio-proxy";
    public const string InitName = "istio-init";

    /// <summary>Null when the pod is to be injected, else why not.</summary>
    public static string? SkipReason(V1Pod pod, string? ns)
    {
        if (ns is "kube-system" or "kube-public")
        {
            return $"namespace {ns} is never injected";
        }

        if (pod.Metadata?.Annotations?.ContainsKey(StatusAnnotation) == true || pod.Spec?.Containers?.Any(c => c.Name == SidecarName) == true)
        {
            return "already injected";
        }

        if (IsFalse(pod.Metadata?.Labels) || IsFalse(pod.Metadata?.Annotations))
        {
            return $"{InjectKey} is false";
        }

        return pod.Spec?.HostNetwork == true ? "the pod uses the host network" : null;
    }

    /// <summary>
    /// For a pod with the gateway template: the same opt-outs and namespaces, and "already injected" only by the status
    /// annotation (a gateway's own container is named <see cref="SidecarName"/>).
    /// </summary>
    public static string? GatewaySkipReason(V1Pod pod, string? ns)
    {
        if (ns is "kube-system" or "kube-public")
        {
            return $"namespace {ns} is never injected";
        }

        if (pod.Metadata?.Annotations?.ContainsKey(StatusAnnotation) == true)
        {
            return "already injected";
        }

        return IsFalse(pod.Metadata?.Labels) || IsFalse(pod.Metadata?.Annotations) ? $"{InjectKey} is false" : null;
    }

    private static bool IsFalse(IDictionary<string, string>? values) =>
        values?.TryGetValue(InjectKey, out var value) == true && (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value is "n" or "no" or "off");
}
