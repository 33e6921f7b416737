using System.Globalization;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.ProxyConfigs;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// The containers and volumes injected into one pod, built from the pod itself: service (<c>app</c> label, else the
/// first container's name), version (<c>version</c> label), namespace, ServiceAccount, the app's first container
/// port, and every pod label (for <c>sourceLabels</c> matching). The sidecar shows the CA a projected ServiceAccount
/// token (audience-bound, short-lived) and trusts the CA through the published root ConfigMap.
/// </summary>
internal static class SidecarTemplate
{
    public const int AdminPort = 15021;

    /// <summary>
    /// Where Prometheus scrapes the sidecar: its admin listener (<see cref="AdminPort"/>, bound on the pod's address
    /// for the kubelet's probes) serves Istio's metrics there, and to callers outside the pod only that and
    /// <c>/healthz/</c> (<c>proxy/Admin/ProxyAdminEndpoints</c>). The pod's <c>prometheus.io/*</c> annotations name both.
    /// </summary>
    public const string MetricsPath = "/stats/prometheus";

    /// <summary>Dapr's sidecar API on loopback, at the ports the Dapr SDKs use when nothing else is set (docs/dapr.md).</summary>
    public const int DaprHttpPort = 3500;
    public const int DaprGrpcPort = 50001;
    public const string TokenVolume = "gatewaymesh-ca-token";
    public const string RootVolume = "gatewaymesh-ca-root";
    public const string StateVolume = "gatewaymesh-proxy-state";
    public const string InitRunVolume = "gatewaymesh-init-run";
    public const string TokenDirectory = "/var/run/secrets/tokens";
    public const string RootDirectory = "/var/run/secrets/gatewaymesh/ca";

    /// <summary>Where the app listens in http-proxy mode, when the sidecar takes over its port.</summary>
    public const int HttpProxyInnerAppPort = 15180;

    public static (string Service, string Version) Workload(V1Pod pod)
    {
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        var service = labels.TryGetValue("app", out var app) ? app
            : labels.TryGetValue("app.kubernetes.io/name", out var name) ? name
            : pod.Spec.Containers[0].Name;
        var version = labels.TryGetValue("version", out var v) ? v
            : labels.TryGetValue("app.kubernetes.io/version", out var version2) ? version2 : "latest";
        return (service, version);
    }

    public static int? AppPort(V1Pod pod) =>
        pod.Spec.Containers.SelectMany(c => c.Ports ?? []).Where(p => (p.Protocol ?? "TCP") == "TCP").Select(p => (int?)p.ContainerPort).FirstOrDefault();

    /// <param name="environment">The ProxyConfig variables for this pod's proxy (<see cref="ProxyProcessEnvironment.For"/>).</param>
    public static JsonObject Sidecar(V1Pod pod, string ns, string capture, InjectionConfig config, IReadOnlyDictionary<string, string> environment)
    {
        var (service, version) = Workload(pod);
        var appPort = AppPort(pod);
        var serviceAccount = string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        var redis = config.RedisTls ? config.RedisAddress + ",ssl=true" : config.RedisAddress;
        var args = new List<string>
        {
            "--service", service, "--version", version, "--namespace", ns, "--service-account", serviceAccount,
            "--instance-id", "$(POD_NAME)", "--bind", "0.0.0.0", "--capture", capture,
            "--outbound-port", Text(IptablesRules.OutboundPort), "--admin-port", Text(AdminPort),
            "--redis", redis, "--redis-user", config.RedisUser,
            "--trust-domain", config.TrustDomain, "--root-namespace", config.RootNamespace, "--outbound-policy", config.OutboundTrafficPolicy,
            "--ca-address", config.CaAddress, "--ca-root-file", RootDirectory + "/root-cert.pem",
            "--ca-token-file", TokenDirectory + "/" + TokenVolume, "--cert-ttl", config.CertificateTtl,
            "--snapshot-file", "/var/lib/gatewaymesh/snapshot.json",
            "--dapr-http-port", Text(DaprHttpPort), "--dapr-grpc-port", Text(DaprGrpcPort),
        };
        if (capture == CaptureModes.Iptables)
        {
            args.AddRange(["--inbound-port", Text(IptablesRules.InboundPort)]);
            if (appPort is { } port)
            {
                args.AddRange(["--app-port", Text(port)]);
            }
        }
        else if (appPort is { } port)
        {
            // The sidecar takes the app's declared port; the app is told (PORT, ASPNETCORE_URLS) to listen inside.
            args.AddRange(["--inbound-port", Text(port), "--app-port", Text(HttpProxyInnerAppPort)]);
        }

        foreach (var (key, value) in (pod.Metadata?.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--label", $"{key}={value}"]);
        }

        var container = new JsonObject
        {
            ["name"] = InjectionPolicy.SidecarName,
            ["image"] = config.SidecarImage,
            ["imagePullPolicy"] = config.ImagePullPolicy,
            ["args"] = Array(args),
            ["env"] = new JsonArray([FieldEnv("POD_NAME", "metadata.name"), FieldEnv("POD_NAMESPACE", "metadata.namespace"), FieldEnv("INSTANCE_IP", "status.podIP"), .. ProxyConfigEnv(environment)]),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http-health", ["containerPort"] = AdminPort }), // health and metrics
            ["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz/ready", ["port"] = AdminPort },
                ["periodSeconds"] = 2,
                ["failureThreshold"] = 30,
            },
            ["securityContext"] = new JsonObject
            {
                ["runAsUser"] = config.ProxyUid,
                ["runAsGroup"] = config.ProxyUid,
                ["runAsNonRoot"] = true,
                ["readOnlyRootFilesystem"] = true,
                ["allowPrivilegeEscalation"] = false,
                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
            },
            ["volumeMounts"] = new JsonArray(
                Mount(TokenVolume, TokenDirectory, readOnly: true),
                Mount(RootVolume, RootDirectory, readOnly: true),
                Mount(StateVolume, "/var/lib/gatewaymesh", readOnly: false)),
        };
        if (config.Resources is { } resources)
        {
            container["resources"] = JsonNode.Parse(resources.GetRawText());
        }

        if (config.HoldApplicationUntilProxyStarts)
        {
            // The kubelet starts the next container only once this hook returns: the app never runs before the proxy.
            container["lifecycle"] = new JsonObject
            {
                ["postStart"] = new JsonObject
                {
                    ["exec"] = new JsonObject { ["command"] = Array(["/app/gatewaymesh-sidecar", "wait", "--admin-port", Text(AdminPort), "--timeout", "120s"]) },
                },
            };
        }

        return container;
    }

    public static JsonObject Init(InjectionConfig config, TrafficExclusions excluded) => new()
    {
        ["name"] = InjectionPolicy.InitName,
        ["image"] = config.InitImage,
        ["imagePullPolicy"] = config.ImagePullPolicy,
        ["command"] = Array(["/bin/sh", "-c", "printf '%s' \"$GATEWAYMESH_IPTABLES_RULES\" | iptables-restore --noflush"]),
        ["env"] = new JsonArray(new JsonObject
        {
            ["name"] = "GATEWAYMESH_IPTABLES_RULES",
            ["value"] = IptablesRules.Render(config.ProxyUid, [AdminPort], excluded),
        }),
        ["securityContext"] = new JsonObject
        {
            ["runAsUser"] = 0,
            ["runAsGroup"] = 0,
            ["runAsNonRoot"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["allowPrivilegeEscalation"] = false,
            ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN", "NET_RAW"), ["drop"] = new JsonArray("ALL") },
        },
        ["volumeMounts"] = new JsonArray(Mount(InitRunVolume, "/run", readOnly: false)),
    };

    public static IEnumerable<JsonObject> Volumes(InjectionConfig config, bool iptables)
    {
        yield return new JsonObject
        {
            ["name"] = TokenVolume,
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject
                    {
                        ["audience"] = config.TokenAudience,
                        ["expirationSeconds"] = config.TokenExpirationSeconds,
                        ["path"] = TokenVolume,
                    },
                }),
            },
        };
        yield return new JsonObject { ["name"] = RootVolume, ["configMap"] = new JsonObject { ["name"] = "gatewaymesh-ca-root-cert", ["optional"] = true } };
        yield return new JsonObject { ["name"] = StateVolume, ["emptyDir"] = new JsonObject() };
        if (iptables)
        {
            yield return new JsonObject { ["name"] = InitRunVolume, ["emptyDir"] = new JsonObject { ["medium"] = "Memory" } };
        }
    }

    /// <summary>http-proxy mode: what each app container gets so that its calls go through the sidecar and it listens inside.</summary>
    public static IEnumerable<JsonObject> HttpProxyEnv()
    {
        var proxy = $"http://127.0.0.1:{IptablesRules.OutboundPort}";
        foreach (var name in new[] { "HTTP_PROXY", "http_proxy" })
        {
            yield return Env(name, proxy);
        }

        foreach (var name in new[] { "NO_PROXY", "no_proxy" })
        {
            yield return Env(name, "localhost,127.0.0.1");
        }

        yield return Env("PORT", Text(HttpProxyInnerAppPort));
        yield return Env("ASPNETCORE_URLS", $"http://127.0.0.1:{HttpProxyInnerAppPort}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);

    /// <summary>The ProxyConfig variables, and their names in <see cref="ProxyProcessEnvironment.NamesVariable"/> (the sidecar keeps them from an app it starts).</summary>
    private static IEnumerable<JsonObject> ProxyConfigEnv(IReadOnlyDictionary<string, string> environment) =>
        environment.Count == 0
            ? []
            : [.. environment.Select(variable => Env(variable.Key, variable.Value)), Env(ProxyProcessEnvironment.NamesVariable, string.Join(',', environment.Keys))];

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FieldEnv(string name, string path) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } },
    };

    private static JsonObject Mount(string name, string path, bool readOnly) => new() { ["name"] = name, ["mountPath"] = path, ["readOnly"] = readOnly };
}
