namespace GatewayMesh.Proxy.Security;

/// <summary>
/// Mesh settings the security compilers read: the root namespace (<c>--root-namespace</c>, Istio's default
/// <c>istio-system</c>), whose policies without a selector apply mesh-wide and whose selector policies match workloads
/// in every namespace.
/// </summary>
public sealed record ProxySecurityOptions
{
    public const string DefaultRootNamespace = "istio-system";

    public string RootNamespace { get; init; } = DefaultRootNamespace;

    public static ProxySecurityOptions Default { get; } = new();

    /// <summary>The options for a <c>--root-namespace</c> value; empty or blank means the default.</summary>
    public static ProxySecurityOptions FromRootNamespace(string? rootNamespace) =>
        string.IsNullOrWhiteSpace(rootNamespace) ? Default : new() { RootNamespace = rootNamespace.Trim() };
}
