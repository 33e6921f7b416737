using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Api;

/// <summary>The CA API's JSON shapes (camelCase), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignRequest))]
[JsonSerializable(typeof(SignResponse))]
[JsonSerializable(typeof(CaError))]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class CaJson : JsonSerializerContext;

internal sealed record HealthStatus(string Status, int TrustedRoots);
