namespace GatewayMesh.Proxy.Policy.ExtAuthz;

/// <summary>The AuthorizationPolicies with <c>action: CUSTOM</c> that apply to this proxy and whose provider the mesh config defines.</summary>
public sealed class CompiledExtAuthz(IReadOnlyList<CustomPolicy> policies)
{
    public static CompiledExtAuthz Empty { get; } = new([]);

    public IReadOnlyList<CustomPolicy> Policies { get; } = policies;

    public bool IsEmpty => Policies.Count == 0;
}
