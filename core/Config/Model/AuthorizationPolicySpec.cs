using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>AuthorizationPolicy</c>: access control rules for selected workloads.</summary>
public sealed record AuthorizationPolicySpec
{
    public WorkloadSelector? Selector { get; init; }

    public PolicyTargetReference? TargetRef { get; init; }

    public ValueList<PolicyTargetReference> TargetRefs { get; init; }

    public ValueList<AuthorizationRule> Rules { get; init; }

    public AuthorizationAction? Action { get; init; }

    /// <summary>The external authorizer, when <see cref="Action"/> is <see cref="AuthorizationAction.Custom"/>.</summary>
    public ExtensionProvider? Provider { get; init; }
}

/// <summary>Istio's <c>AuthorizationPolicy.Action</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<AuthorizationAction>))]
public enum AuthorizationAction
{
    Allow = 0,
    Deny = 1,
    Audit = 2,
    Custom = 3,
}

/// <summary>Istio's <c>AuthorizationPolicy.ExtensionProvider</c>: names a mesh-config extension provider.</summary>
public sealed record ExtensionProvider
{
    public string? Name { get; init; }
}
