using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Core.Config.Serialization;

/// <summary>
/// Writes and reads an enum the way Istio spells it (UPPER_SNAKE, or the member's <see cref="JsonStringEnumMemberNameAttribute"/>);
/// numbers are refused. Every enum of the model carries it as <c>[JsonConverter(typeof(MeshEnumConverter&lt;TEnum&gt;))]</c>,
/// so the canonical JSON needs no reflection (the sidecar is compiled ahead of time) and reads the same everywhere.
/// </summary>
public sealed class MeshEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public MeshEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    {
    }
}
