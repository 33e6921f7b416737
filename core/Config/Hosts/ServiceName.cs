namespace GatewayMesh.Core.Config.Hosts;

/// <summary>A registry service: its name and namespace, and the fully qualified host that names it.</summary>
public readonly record struct ServiceName(string Name, string Namespace)
{
    public string Fqdn => $"{Name}.{Namespace}.svc.{MeshHosts.ClusterDomain}";

    public override string ToString() => $"{Namespace}/{Name}";
}
