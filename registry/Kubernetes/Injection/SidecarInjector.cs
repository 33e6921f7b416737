using System.Text;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.ProxyConfigs;
using GatewayMesh.Registry.Kubernetes.Admission;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// The mutating admission webhook for pods: adds the sidecar (first, so with holdApplicationUntilProxyStarts the app
/// starts after it), the <c>istio-init</c> init container in iptables mode (or HTTP_PROXY for the app in http-proxy
/// mode), the projected CA token and root volumes, the label <c>security.istio.io/tlsMode: istio</c> (callers then
/// use mTLS), Prometheus annotations, and <c>sidecar.istio.io/status</c>. Idempotent: a pod that already has the
/// sidecar or the status annotation gets no patch. A pod it cannot read is let through unchanged; the one pod it refuses
/// is one whose capture exclusions (<see cref="TrafficExclusions"/>) are invalid, with every bad value named, since
/// capturing what the user meant to exclude would break the app silently (Istio's injector refuses it too).
/// The sidecar container also gets the variables of the Istio ProxyConfigs that apply to the pod (read from the config
/// store at admission, as Istio applies ProxyConfig when the proxy starts): <c>environmentVariables</c>, and
/// <c>concurrency</c> as <c>DOTNET_PROCESSOR_COUNT</c>. A pod annotated with Istio's gateway template (the chart's
/// ingress gateway) gets only those variables on its own proxy container (<see cref="GatewayInjection"/>).
/// </summary>
internal sealed class SidecarInjector(InjectionConfig config, IConfigStore store, ILogger<SidecarInjector> logger)
{
    public const string CaptureAnnotation = "sidecar.gatewaymesh.io/capture";
    public const string TlsModeLabel = "security.istio.io/tlsMode";

    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConfigResource> proxyConfigs;
        try
        {
            proxyConfigs = await store.ListAsync(ResourceKinds.ProxyConfig, null, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // never refuse a pod for it: the proxy starts without the variables, and the warning says which pod
            Log.InjectionWithoutProxyConfigs(logger, request.Namespace ?? "", request.Name ?? "", exception.Message);
            proxyConfigs = [];
        }

        return Review(request, proxyConfigs);
    }

    /// <summary>The review of <paramref name="request"/> with <paramref name="proxyConfigs"/> as the stored ProxyConfigs.</summary>
    public AdmissionResponse Review(AdmissionRequest request, IReadOnlyList<ConfigResource> proxyConfigs)
    {
        var allowed = new AdmissionResponse { Uid = request.Uid, Allowed = true };
        if (request.Kind?.Kind != "Pod" || request.Object.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return allowed;
        }

        V1Pod pod;
        try
        {
            pod = KubernetesJson.Deserialize<V1Pod>(request.Object.GetRawText());
        }
        catch (System.Text.Json.JsonException exception)
        {
            Log.InjectionSkipped(logger, request.Namespace, request.Name, "unreadable pod: " + exception.Message);
            return allowed;
        }

        var ns = request.Namespace ?? pod.Metadata?.NamespaceProperty ?? "default";
        var name = pod.Metadata?.Name ?? pod.Metadata?.GenerateName ?? "";
        if (pod.Spec?.Containers is not { Count: > 0 })
        {
            return allowed;
        }

        var environment = ProxyProcessEnvironment.For(proxyConfigs, ns, new Dictionary<string, string>(pod.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal), config.RootNamespace);
        if (GatewayInjection.Applies(pod))
        {
            return ReviewGateway(pod, ns, name, environment, allowed);
        }

        if (InjectionPolicy.SkipReason(pod, ns) is { } reason)
        {
            Log.InjectionSkipped(logger, ns, name, reason);
            return allowed;
        }

        var capture = CaptureOf(pod);
        var errors = new List<string>();
        var excluded = capture == CaptureModes.Iptables ? TrafficExclusions.Read(pod.Metadata?.Annotations, errors) : TrafficExclusions.None;
        if (errors.Count > 0)
        {
            Log.InjectionRefused(logger, ns, name, string.Join("; ", errors));
            return allowed with
            {
                Allowed = false,
                Status = new AdmissionStatus(StatusCodes.Status400BadRequest, "sidecar injection: invalid traffic annotations:\n" + string.Join("\n", errors)),
            };
        }

        var patch = Build(pod, ns, capture, environment, excluded);
        Log.Injected(logger, ns, name, capture);
        return allowed with { PatchType = "JSONPatch", Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJson())) };
    }

    /// <summary>A gateway pod (<see cref="GatewayInjection"/>): its proxy container gets the ProxyConfig variables, nothing more.</summary>
    private AdmissionResponse ReviewGateway(V1Pod pod, string ns, string name, IReadOnlyDictionary<string, string> environment, AdmissionResponse allowed)
    {
        if (InjectionPolicy.GatewaySkipReason(pod, ns) is { } reason)
        {
            Log.InjectionSkipped(logger, ns, name, reason);
            return allowed;
        }

        if (GatewayInjection.Build(pod, environment) is not { } patch)
        {
            Log.InjectionSkipped(logger, ns, name, $"gateway template: no {InjectionPolicy.SidecarName} container");
            return allowed;
        }

        Log.GatewayInjected(logger, ns, name, environment.Count);
        return allowed with { PatchType = "JSONPatch", Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJson())) };
    }

    private string CaptureOf(V1Pod pod)
    {
        var annotations = pod.Metadata?.Annotations;
        if (annotations?.TryGetValue(CaptureAnnotation, out var mode) == true && mode is CaptureModes.Iptables or CaptureModes.HttpProxy)
        {
            return mode;
        }

        // Istio's own annotation: NONE means no traffic redirection.
        if (annotations?.TryGetValue("sidecar.istio.io/interceptionMode", out var istio) == true)
        {
            return istio == "NONE" ? CaptureModes.HttpProxy : CaptureModes.Iptables;
        }

        return config.DefaultCapture;
    }

    private JsonPatch Build(V1Pod pod, string ns, string capture, IReadOnlyDictionary<string, string> environment, TrafficExclusions excluded)
    {
        var iptables = capture == CaptureModes.Iptables;
        var patch = new JsonPatch();
        var volumes = SidecarTemplate.Volumes(config, iptables).ToList();
        if (iptables)
        {
            patch.AddToArray("/spec/initContainers", pod.Spec.InitContainers is not null, [SidecarTemplate.Init(config, excluded)], atFront: true);
        }
        else
        {
            for (var i = 0; i < pod.Spec.Containers.Count; i++)
            {
                patch.AddToArray($"/spec/containers/{i}/env", pod.Spec.Containers[i].Env is not null, SidecarTemplate.HttpProxyEnv(), atFront: false);
            }
        }

        patch.AddToArray("/spec/containers", arrayExists: true, [SidecarTemplate.Sidecar(pod, ns, capture, config, environment)], atFront: true);
        patch.AddToArray("/spec/volumes", pod.Spec.Volumes is not null, volumes, atFront: false);

        var labelsExist = pod.Metadata?.Labels is not null;
        patch.AddToMap("/metadata/labels", labelsExist, TlsModeLabel, "istio");
        var annotationsExist = pod.Metadata?.Annotations is not null;
        var status = new JsonObject
        {
            ["initContainers"] = iptables ? new JsonArray(InjectionPolicy.InitName) : new JsonArray(),
            ["containers"] = new JsonArray(InjectionPolicy.SidecarName),
            ["volumes"] = new JsonArray([.. volumes.Select(v => JsonValue.Create((string)v["name"]!))]),
            ["capture"] = capture,
        }.ToJsonString();
        patch.AddToMap("/metadata/annotations", annotationsExist, InjectionPolicy.StatusAnnotation, status);
        if (config.PrometheusScrape && pod.Metadata?.Annotations?.ContainsKey("prometheus.io/scrape") != true)
        {
            patch.Add("/metadata/annotations/prometheus.io~1scrape", "true");
            patch.Add("/metadata/annotations/prometheus.io~1port", SidecarTemplate.AdminPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            patch.Add("/metadata/annotations/prometheus.io~1path", SidecarTemplate.MetricsPath);
        }

        return patch;
    }
}
