using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Kubernetes.Admission;
using GatewayMesh.Registry.Kubernetes.Config;

namespace GatewayMesh.Registry.Kubernetes.Webhooks;

/// <summary>
/// The validating admission webhook: the object is read exactly as the registry would read it from the API server
/// (<see cref="CustomResourceJson"/>) and checked with the same parser and validator as <c>meshctl validate</c> and
/// <c>meshctl apply</c>, so <c>kubectl apply</c> of a bad resource fails with the same field-path messages. Objects of
/// kinds the mesh does not serve are allowed untouched.
/// </summary>
internal sealed class ValidationWebhook(ILogger<ValidationWebhook> logger)
{
    public AdmissionResponse Review(AdmissionRequest request)
    {
        var kind = request.Kind?.Kind is { } name ? ResourceKinds.Find(name) : null;
        if (kind is null || request.Object.ValueKind != JsonValueKind.Object)
        {
            return new AdmissionResponse { Uid = request.Uid, Allowed = true };
        }

        var document = JsonNode.Parse(CustomResourceJson.ToMeshDocument(request.Object))!.AsObject();
        var metadata = document["metadata"]!.AsObject();
        if (metadata["namespace"] is null && request.Namespace is { Length: > 0 } ns)
        {
            metadata["namespace"] = ns;
        }

        var label = $"{kind.Kind} {metadata["namespace"]}/{metadata["name"]}";
        var errors = ConfigChecks.ErrorsOf(ConfigParser.Parse(document.ToJsonString(), label));
        if (errors.Count == 0)
        {
            return new AdmissionResponse { Uid = request.Uid, Allowed = true };
        }

        Log.AdmissionDenied(logger, label, errors.Count);
        return new AdmissionResponse
        {
            Uid = request.Uid,
            Allowed = false,
            Status = new AdmissionStatus(StatusCodes.Status400BadRequest, "configuration is invalid:\n" + string.Join("\n", errors)),
        };
    }
}
