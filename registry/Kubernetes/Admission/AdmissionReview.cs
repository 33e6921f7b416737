using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Registry.Kubernetes.Admission;

/// <summary><c>admission.k8s.io/v1</c> AdmissionReview, only the fields the webhooks read and write.</summary>
internal sealed record AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";

    public string ApiVersion { get; init; } = ApiVersionV1;

    public string Kind { get; init; } = "AdmissionReview";

    public AdmissionRequest? Request { get; init; }

    public AdmissionResponse? Response { get; init; }
}

internal sealed record AdmissionRequest
{
    public string Uid { get; init; } = "";

    public GroupVersionKind? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Operation { get; init; }

    public JsonElement Object { get; init; }

    public bool? DryRun { get; init; }
}

internal sealed record GroupVersionKind(string? Group, string? Version, string? Kind);

internal sealed record AdmissionResponse
{
    public string Uid { get; init; } = "";

    public bool Allowed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdmissionStatus? Status { get; init; }

    /// <summary>Always <c>JSONPatch</c> when <see cref="Patch"/> is set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PatchType { get; init; }

    /// <summary>The JSON Patch, base64.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Patch { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }
}

internal sealed record AdmissionStatus(int Code, string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class AdmissionJson : JsonSerializerContext;
