namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>Resolves a component's <c>secretKeyRef</c> (secret name and key) in this sidecar's own secret store.</summary>
public interface ISecretResolver
{
    string? Resolve(string secretName, string key);
}
