namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>A fresh namespace name per test, so tests sharing one API server never see each other's objects.</summary>
public static class TestNamespaces
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
