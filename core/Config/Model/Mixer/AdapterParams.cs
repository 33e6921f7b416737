using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>The <c>denier</c> adapter's params: the status every matching call gets, and how long callers may cache it.</summary>
[ProtoJsonNames]
public sealed record DenierParams
{
    public DenierStatus? Status { get; init; }

    public MeshDuration? ValidDuration { get; init; }

    public int? ValidUseCount { get; init; }
}

/// <summary>A <c>google.rpc.Status</c>: a gRPC code and a message.</summary>
[ProtoJsonNames]
public sealed record DenierStatus
{
    public int? Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>The <c>listchecker</c> adapter's params (<c>adapter.list.config.Params</c>).</summary>
[ProtoJsonNames]
public sealed record ListCheckerParams
{
    public string? ProviderUrl { get; init; }

    public MeshDuration? RefreshInterval { get; init; }

    public MeshDuration? Ttl { get; init; }

    public MeshDuration? CachingInterval { get; init; }

    public int? CachingUseCount { get; init; }

    public ValueList<string> Overrides { get; init; }

    public ListEntryType? EntryType { get; init; }

    public bool? Blacklist { get; init; }
}

/// <summary>How list entries and checked values compare.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<ListEntryType>))]
public enum ListEntryType
{
    Strings = 0,
    CaseInsensitiveStrings = 1,
    IpAddresses = 2,
    Regex = 3,
}

/// <summary>The <c>memquota</c> adapter's params: quotas kept in each proxy's memory.</summary>
[ProtoJsonNames]
public sealed record MemQuotaParams
{
    public ValueList<MemQuotaLimit> Quotas { get; init; }

    public MeshDuration? MinDeduplicationDuration { get; init; }
}

/// <summary>One memquota limit: the quota instance it is for (<c>name</c>), its amount per window, and overrides.</summary>
[ProtoJsonNames]
public sealed record MemQuotaLimit
{
    public string? Name { get; init; }

    public long? MaxAmount { get; init; }

    public MeshDuration? ValidDuration { get; init; }

    public ValueList<MemQuotaOverride> Overrides { get; init; }
}

/// <summary>A limit for calls whose quota dimensions include all of <see cref="Dimensions"/>; the first that fits wins.</summary>
[ProtoJsonNames]
public sealed record MemQuotaOverride
{
    public ValueMap<string, string> Dimensions { get; init; }

    public long? MaxAmount { get; init; }

    public MeshDuration? ValidDuration { get; init; }
}

/// <summary>The <c>redisquota</c> adapter's params: quotas shared by every proxy through the mesh's Redis.</summary>
[ProtoJsonNames]
public sealed record RedisQuotaParams
{
    public ValueList<RedisQuotaLimit> Quotas { get; init; }

    /// <summary>Accepted for compatibility; the mesh's own Redis is used.</summary>
    public string? RedisServerUrl { get; init; }

    /// <summary>Accepted for compatibility; the proxy's one multiplexed Redis connection is used.</summary>
    public long? ConnectionPoolSize { get; init; }
}

/// <summary>One redisquota limit.</summary>
[ProtoJsonNames]
public sealed record RedisQuotaLimit
{
    public string? Name { get; init; }

    public long? MaxAmount { get; init; }

    public MeshDuration? ValidDuration { get; init; }

    public MeshDuration? BucketDuration { get; init; }

    public RateLimitAlgorithm? RateLimitAlgorithm { get; init; }

    public ValueList<RedisQuotaOverride> Overrides { get; init; }
}

/// <summary>A redisquota override: the same window, another amount.</summary>
[ProtoJsonNames]
public sealed record RedisQuotaOverride
{
    public ValueMap<string, string> Dimensions { get; init; }

    public long? MaxAmount { get; init; }
}

/// <summary>How redisquota counts.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<RateLimitAlgorithm>))]
public enum RateLimitAlgorithm
{
    FixedWindow = 0,
    RollingWindow = 1,
}
