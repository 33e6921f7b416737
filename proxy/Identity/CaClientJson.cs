using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Identity;

/// <summary>The CA API's JSON shapes as <see cref="CaClient"/> sends and reads them (camelCase), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignRequest))]
[JsonSerializable(typeof(SignResponse))]
[JsonSerializable(typeof(CaError))]
internal sealed partial class CaClientJson : JsonSerializerContext;
