using GatewayMesh.Core.Hosting;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>Ports for processes the tests start (etcd, the apiserver, Redis, a sidecar): outside the ephemeral range (<see cref="HandOffPort"/>).</summary>
internal static class FreePort
{
    public static int Next() => HandOffPort.Pick();
}
