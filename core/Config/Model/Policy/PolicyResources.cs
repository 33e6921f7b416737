using System.Text.Json.Serialization;

namespace GatewayMesh.Core.Config.Model.Policy;

public sealed record RateLimit : ConfigResource<RateLimitSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.RateLimit;
}

public sealed record MeshConfig : ConfigResource<MeshConfigSpec>
{
    /// <summary>The one mesh config's name, in the root namespace.</summary>
    public const string DefaultName = "default";

    [JsonIgnore]
    public override string Kind => ResourceKinds.MeshConfig;
}

public sealed record FetchedList : ConfigResource<FetchedListSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.FetchedList;
}
