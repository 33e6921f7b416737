using System.Collections.Frozen;

namespace GatewayMesh.Core.Config.Model;

/// <summary>One supported kind: its API group, accepted versions, CLR type and the names kubectl users type.</summary>
public sealed record ResourceKindInfo(
    string Kind,
    string Group,
    IReadOnlyList<string> Versions,
    Type ClrType,
    Type SpecType,
    string Plural,
    IReadOnlyList<string> ShortNames)
{
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
