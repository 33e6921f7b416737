using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Security.Mtls;

namespace GatewayMesh.Proxy.Security;

/// <summary>Compiles a snapshot's PeerAuthentications and AuthorizationPolicies for one proxy; pure, run off the request path.</summary>
public static class SecurityPolicyCompiler
{
    public static SecurityPolicies Compile(MeshSnapshot snapshot, ProxyIdentity proxy, ProxySecurityOptions options)
    {
        var workload = new WorkloadScope(proxy.Namespace, proxy.Labels, options.RootNamespace);
        var peer = new List<PeerAuthentication>();
        var authz = new List<AuthorizationPolicy>();
        Core.Config.Model.Policy.MeshConfig? mesh = null;
        foreach (var resource in snapshot.Configs.Values)
        {
            switch (resource)
            {
                case PeerAuthentication p:
                    peer.Add(p);
                    break;
                case AuthorizationPolicy a:
                    authz.Add(a);
                    break;
                case Core.Config.Model.Policy.MeshConfig m when m.Metadata.Namespace == options.RootNamespace && m.Metadata.Name == Core.Config.Model.Policy.MeshConfig.DefaultName:
                    mesh = m;
                    break;
            }
        }

        if (peer.Count == 0 && authz.Count == 0)
        {
            return SecurityPolicies.Default;
        }

        // CUSTOM policies whose provider the mesh config defines are the policy step's (external authorization).
        return new SecurityPolicies(
            PeerAuthenticationResolver.Resolve(peer, workload),
            AuthorizationCompiler.Compile(authz, workload, ExtAuthzProviders.Of(mesh).Keys.ToHashSet(StringComparer.Ordinal)));
    }
}
