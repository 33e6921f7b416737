using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.UnitTests.Parsing;

// Test-only records that follow the config model's conventions, so the binder is tested apart from the Istio model.

public sealed record TestRoot
{
    public string? Name { get; init; }

    public int? Count { get; init; }

    public long? Big { get; init; }

    public bool? Enabled { get; init; }

    public double? Ratio { get; init; }

    public TestMode? Mode { get; init; }

    public MeshDuration? Timeout { get; init; }

    public ValueList<string> Tags { get; init; }

    public ValueList<TestRoute> Routes { get; init; }

    public ValueMap<string, string> Labels { get; init; }

    public ValueMap<int, TestPortSetting> Ports { get; init; }

    public TestChild? Child { get; init; }

    [JsonPropertyName("x-custom")]
    public string? Custom { get; init; }

    [JsonIgnore]
    public string Computed => Name ?? "";
}

public sealed record TestRoute
{
    public TestDestination? Destination { get; init; }

    public int? Weight { get; init; }
}

public sealed record TestDestination
{
    public string? Host { get; init; }

    public ValueList<int> Ports { get; init; }
}

public sealed record TestPortSetting
{
    public TestMode? Mode { get; init; }
}

/// <summary>Contains itself, to show plans for recursive types are built lazily.</summary>
public sealed record TestChild
{
    public string? Value { get; init; }

    public TestChild? Next { get; init; }
}

public enum TestMode
{
    Unset,
    RoundRobin,
    LeastRequest,

    [JsonStringEnumMemberName("custom-name")]
    Custom,
}

public sealed record TestDefaults
{
    public string Name { get; init; } = "fallback";

    public int Count { get; init; } = 7;
}
