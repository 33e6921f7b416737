using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GatewayMesh.Core.Config.Model;

/// <summary>One supported kind: its API group, accepted versions, CLR type and the names kubectl users type.</summary>
/// <remarks>
/// The YAML binder creates <paramref name="ClrType"/> and sets its <c>Spec</c> and extra fields by reflection: the
/// annotation keeps its public constructor and properties in a trimmed (native) build.
/// </remarks>
public sealed record ResourceKindInfo(
    string Kind,
    string Group,
    IReadOnlyList<string> Versions,
    [DynamicallyAccessedMembers(ResourceKindInfo.ClrTypeMembers)]
    [property: DynamicallyAccessedMembers(ResourceKindInfo.ClrTypeMembers)]
    Type ClrType,
    Type SpecType,
    string Plural,
    IReadOnlyList<string> ShortNames)
{
    /// <summary>What the binder reads of <see cref="ClrType"/>: its parameterless constructor and public properties.</summary>
    public const DynamicallyAccessedMemberTypes ClrTypeMembers =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    public string PreferredApiVersion => $"{Group}/{Versions[0]}";

    public bool AcceptsApiVersion(string apiVersion) =>
        apiVersion.StartsWith(Group + "/", StringComparison.Ordinal) && Versions.Contains(apiVersion[(Group.Length + 1)..]);
}

/// <summary>The kinds the mesh understands, and lookup by every name a user may type.</summary>
public static class ResourceKinds
{
    public const string Gateway = "Gateway";
    public const string VirtualService = "VirtualService";
    public const string DestinationRule = "DestinationRule";
    public const string ServiceEntry = "ServiceEntry";
    public const string PeerAuthentication = "PeerAuthentication";
    public const string AuthorizationPolicy = "AuthorizationPolicy";

    // Observability (issue 13)
    public const string Telemetry = "Telemetry";
    public const string TelemetryGroup = "telemetry.istio.io";
    private static readonly string[] TelemetryVersions = ["v1", "v1alpha1"];
    // --- config fidelity (issue 12): more Istio kinds, Istio 0.x routing, and what the registry fetches ---
    public const string Sidecar = "Sidecar";
    public const string WorkloadEntry = "WorkloadEntry";
    public const string WorkloadGroup = "WorkloadGroup";
    public const string ProxyConfig = "ProxyConfig";
    public const string RequestAuthentication = "RequestAuthentication";
    public const string RouteRule = "RouteRule";
    public const string DestinationPolicy = "DestinationPolicy";
    public const string EgressRule = "EgressRule";
    public const string RemoteJwks = "RemoteJwks";
    public const string LegacyRoutingGroup = "config.istio.io";
    public const string GatewayMeshGroup = "gatewaymesh.io";
    private static readonly string[] LegacyRoutingVersions = ["v1alpha2"];
    // --- end config fidelity ---
    // Dapr (issue 14): components and declarative subscriptions, in Dapr's own API group.
    public const string Component = "Component";
    public const string Subscription = "Subscription";
    public const string DaprGroup = "dapr.io";
    private static readonly string[] ComponentVersions = ["v1alpha1"];
    private static readonly string[] SubscriptionVersions = ["v2alpha1"];
    // --- policy (issue 17): Mixer's config.istio.io/v1alpha2 kinds, generic and per-kind ---
    public const string MixerHandler = "handler";
    public const string MixerInstance = "instance";
    public const string MixerRule = "rule";
    public const string Denier = "denier";
    public const string ListChecker = "listchecker";
    public const string MemQuota = "memquota";
    public const string RedisQuota = "redisquota";
    public const string Prometheus = "prometheus";
    public const string Stdio = "stdio";
    public const string CheckNothing = "checknothing";
    public const string ListEntry = "listentry";
    public const string Quota = "quota";
    public const string Metric = "metric";
    public const string LogEntry = "logentry";
    public const string QuotaSpec = "QuotaSpec";
    public const string QuotaSpecBinding = "QuotaSpecBinding";
    public const string MixerGroup = "config.istio.io";
    private static readonly string[] MixerVersions = ["v1alpha2"];
    public const string RateLimit = "RateLimit";
    public const string FetchedList = "FetchedList";
    public const string PolicyGroup = "policy.gatewaymesh.io";
    public const string MeshConfig = "MeshConfig";
    public const string MeshGroup = "mesh.gatewaymesh.io";
    private static readonly string[] GatewayMeshVersions = ["v1alpha1"];
    // --- end policy ---

    public const string NetworkingGroup = "networking.istio.io";
    public const string SecurityGroup = "security.istio.io";

    private static readonly string[] NetworkingVersions = ["v1", "v1beta1", "v1alpha3"];
    private static readonly string[] SecurityVersions = ["v1", "v1beta1"];

    public static IReadOnlyList<ResourceKindInfo> All { get; } =
    [
        new(Gateway, NetworkingGroup, NetworkingVersions, typeof(Model.Gateway), typeof(GatewaySpec), "gateways", ["gw"]),
        new(VirtualService, NetworkingGroup, NetworkingVersions, typeof(Model.VirtualService), typeof(VirtualServiceSpec), "virtualservices", ["vs"]),
        new(DestinationRule, NetworkingGroup, NetworkingVersions, typeof(Model.DestinationRule), typeof(DestinationRuleSpec), "destinationrules", ["dr"]),
        new(ServiceEntry, NetworkingGroup, NetworkingVersions, typeof(Model.ServiceEntry), typeof(ServiceEntrySpec), "serviceentries", ["se"]),
        new(PeerAuthentication, SecurityGroup, SecurityVersions, typeof(Model.PeerAuthentication), typeof(PeerAuthenticationSpec), "peerauthentications", ["pa"]),
        new(AuthorizationPolicy, SecurityGroup, SecurityVersions, typeof(Model.AuthorizationPolicy), typeof(AuthorizationPolicySpec), "authorizationpolicies", ["ap"]),

        // Observability (issue 13)
        new(Telemetry, TelemetryGroup, TelemetryVersions, typeof(Model.Telemetry), typeof(TelemetrySpec), "telemetries", ["telemetry"]),
        // --- config fidelity (issue 12) ---
        new(Sidecar, NetworkingGroup, NetworkingVersions, typeof(Model.Sidecar), typeof(SidecarSpec), "sidecars", []),
        new(WorkloadEntry, NetworkingGroup, NetworkingVersions, typeof(Model.WorkloadEntry), typeof(WorkloadEntrySpec), "workloadentries", ["we"]),
        new(WorkloadGroup, NetworkingGroup, NetworkingVersions, typeof(Model.WorkloadGroup), typeof(WorkloadGroupSpec), "workloadgroups", ["wg"]),
        new(ProxyConfig, NetworkingGroup, ["v1beta1"], typeof(Model.ProxyConfig), typeof(ProxyConfigSpec), "proxyconfigs", []),
        new(RequestAuthentication, SecurityGroup, SecurityVersions, typeof(Model.RequestAuthentication), typeof(RequestAuthenticationSpec), "requestauthentications", ["ra"]),
        new(RouteRule, LegacyRoutingGroup, LegacyRoutingVersions, typeof(Legacy.RouteRule), typeof(Legacy.RouteRuleSpec), "routerules", []),
        new(DestinationPolicy, LegacyRoutingGroup, LegacyRoutingVersions, typeof(Legacy.DestinationPolicy), typeof(Legacy.DestinationPolicySpec), "destinationpolicies", []),
        new(EgressRule, LegacyRoutingGroup, LegacyRoutingVersions, typeof(Legacy.EgressRule), typeof(Legacy.EgressRuleSpec), "egressrules", []),
        new(RemoteJwks, GatewayMeshGroup, ["v1"], typeof(Model.RemoteJwks), typeof(RemoteJwksSpec), "remotejwks", ["jwks"]),
        // --- end config fidelity ---
        // Dapr (issue 14)
        new(Component, DaprGroup, ComponentVersions, typeof(Dapr.DaprComponent), typeof(Dapr.ComponentSpec), "components", ["component"]),
        new(Subscription, DaprGroup, SubscriptionVersions, typeof(Dapr.DaprSubscription), typeof(Dapr.SubscriptionSpec), "subscriptions", ["subscription"]),
        // --- policy (issue 17) ---
        new(MixerHandler, MixerGroup, MixerVersions, typeof(Mixer.MixerHandler), typeof(Mixer.HandlerSpec), "handlers", []),
        new(MixerInstance, MixerGroup, MixerVersions, typeof(Mixer.MixerInstance), typeof(Mixer.InstanceSpec), "instances", []),
        new(MixerRule, MixerGroup, MixerVersions, typeof(Mixer.MixerRule), typeof(Mixer.RuleSpec), "rules", []),
        new(Denier, MixerGroup, MixerVersions, typeof(Mixer.DenierHandler), typeof(Mixer.DenierParams), "deniers", []),
        new(ListChecker, MixerGroup, MixerVersions, typeof(Mixer.ListCheckerHandler), typeof(Mixer.ListCheckerParams), "listcheckers", []),
        new(MemQuota, MixerGroup, MixerVersions, typeof(Mixer.MemQuotaHandler), typeof(Mixer.MemQuotaParams), "memquotas", []),
        new(RedisQuota, MixerGroup, MixerVersions, typeof(Mixer.RedisQuotaHandler), typeof(Mixer.RedisQuotaParams), "redisquotas", []),
        new(Prometheus, MixerGroup, MixerVersions, typeof(Mixer.PrometheusHandler), typeof(Mixer.PrometheusParams), "prometheuses", []),
        new(Stdio, MixerGroup, MixerVersions, typeof(Mixer.StdioHandler), typeof(Mixer.StdioParams), "stdios", []),
        new(CheckNothing, MixerGroup, MixerVersions, typeof(Mixer.CheckNothingInstance), typeof(Mixer.CheckNothingParams), "checknothings", []),
        new(ListEntry, MixerGroup, MixerVersions, typeof(Mixer.ListEntryInstance), typeof(Mixer.ListEntryParams), "listentries", []),
        new(Quota, MixerGroup, MixerVersions, typeof(Mixer.QuotaInstance), typeof(Mixer.QuotaParams), "quotas", []),
        new(Metric, MixerGroup, MixerVersions, typeof(Mixer.MetricInstance), typeof(Mixer.MetricParams), "metrics", []),
        new(LogEntry, MixerGroup, MixerVersions, typeof(Mixer.LogEntryInstance), typeof(Mixer.LogEntryParams), "logentries", []),
        new(QuotaSpec, MixerGroup, MixerVersions, typeof(Mixer.QuotaSpec), typeof(Mixer.QuotaSpecSpec), "quotaspecs", []),
        new(QuotaSpecBinding, MixerGroup, MixerVersions, typeof(Mixer.QuotaSpecBinding), typeof(Mixer.QuotaSpecBindingSpec), "quotaspecbindings", []),
        new(RateLimit, PolicyGroup, GatewayMeshVersions, typeof(Policy.RateLimit), typeof(Policy.RateLimitSpec), "ratelimits", ["rl"]),
        new(FetchedList, PolicyGroup, GatewayMeshVersions, typeof(Policy.FetchedList), typeof(Policy.FetchedListSpec), "fetchedlists", []),
        new(MeshConfig, MeshGroup, GatewayMeshVersions, typeof(Policy.MeshConfig), typeof(Policy.MeshConfigSpec), "meshconfigs", []),
        // --- end policy ---
    ];

    private static readonly FrozenDictionary<string, ResourceKindInfo> ByAnyName = BuildNameIndex();

    /// <summary>Finds a kind by its name, plural, singular or short form, with or without the group, case-insensitively
    /// (<c>vs</c>, <c>virtualservices</c>, <c>virtualservice</c>, <c>VirtualService</c>, <c>virtualservice.networking.istio.io</c>).</summary>
    public static ResourceKindInfo? Find(string name) =>
        ByAnyName.TryGetValue(name.Trim(), out var info) ? info : null;

    public static ResourceKindInfo Get(string kind) =>
        All.FirstOrDefault(k => k.Kind == kind) ?? throw new ArgumentException($"unknown kind '{kind}'", nameof(kind));

    private static FrozenDictionary<string, ResourceKindInfo> BuildNameIndex()
    {
        var index = new Dictionary<string, ResourceKindInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in All)
        {
            index[info.Kind] = info;
            index[info.Plural] = info;
            index[$"{info.Plural}.{info.Group}"] = info;
            index[$"{info.Kind}.{info.Group}"] = info; // the singular lowercase form matches case-insensitively
            foreach (var shortName in info.ShortNames)
            {
                index[shortName] = info;
            }
        }

        return index.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
