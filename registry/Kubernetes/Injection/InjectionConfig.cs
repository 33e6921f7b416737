using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>What the injector puts into pods; the chart writes it as the ConfigMap gatewaymesh-injection.</summary>
internal sealed record InjectionConfig
{
    public string SidecarImage { get; init; } = "gatewaymesh/sidecar:latest";

    public string InitImage { get; init; } = "gatewaymesh/proxy-init:latest";

    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary><c>iptables</c> or <c>http-proxy</c>; a pod picks with the <c>sidecar.gatewaymesh.io/capture</c> annotation.</summary>
    public string DefaultCapture { get; init; } = CaptureModes.Iptables;

    public bool HoldApplicationUntilProxyStarts { get; init; } = true;

    public string TokenAudience { get; init; } = "gatewaymesh-ca";

    public int TokenExpirationSeconds { get; init; } = 3600;

    public int ProxyUid { get; init; } = 1337;

    public string CaAddress { get; init; } = "https://gatewaymesh-ca.istio-system.svc:15012";

    public string RedisAddress { get; init; } = "gatewaymesh-redis.istio-system.svc:6379";

    public string RedisUser { get; init; } = "proxy";

    public bool RedisTls { get; init; }

    public string TrustDomain { get; init; } = "cluster.local";

    public string RootNamespace { get; init; } = "istio-system";

    public string OutboundTrafficPolicy { get; init; } = "ALLOW_ANY";

    public string CertificateTtl { get; init; } = "1h";

    public bool PrometheusScrape { get; init; } = true;

    public JsonElement? Resources { get; init; }

    public static InjectionConfig Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return new InjectionConfig();
        }

        return JsonSerializer.Deserialize(File.ReadAllText(path), InjectionConfigJson.Default.InjectionConfig)
            ?? throw new InvalidOperationException($"{path}: empty injection config");
    }
}

/// <summary>The two ways traffic reaches the sidecar.</summary>
internal static class CaptureModes
{
    /// <summary>An init container redirects the pod's TCP traffic to the sidecar (istio-init's way).</summary>
    public const string Iptables = "iptables";

    /// <summary>The app gets HTTP_PROXY; the sidecar listens on the app's port and the app moves to an inner one.</summary>
    public const string HttpProxy = "http-proxy";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(InjectionConfig))]
internal sealed partial class InjectionConfigJson : JsonSerializerContext;
