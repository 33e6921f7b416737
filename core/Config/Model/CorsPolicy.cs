using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>CorsPolicy</c>: cross-origin resource sharing rules for a route.</summary>
public sealed record CorsPolicy
{
    public ValueList<StringMatch> AllowOrigins { get; init; }

    /// <summary>Deprecated in Istio in favour of <see cref="AllowOrigins"/>.</summary>
    public ValueList<string> AllowOrigin { get; init; }

    public ValueList<string> AllowMethods { get; init; }

    public ValueList<string> AllowHeaders { get; init; }

    public ValueList<string> ExposeHeaders { get; init; }

    public MeshDuration? MaxAge { get; init; }

    public bool? AllowCredentials { get; init; }

    public UnmatchedPreflights? UnmatchedPreflights { get; init; }
}

/// <summary>Istio's <c>CorsPolicy.UnmatchedPreflights</c>: what to do with preflight requests from origins that don't match.</summary>
[JsonConverter(typeof(MeshEnumConverter<UnmatchedPreflights>))]
public enum UnmatchedPreflights
{
    Unspecified = 0,
    Forward = 1,
    Ignore = 2,
}
