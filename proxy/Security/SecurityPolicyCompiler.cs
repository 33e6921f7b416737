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
            }
        }

        if (peer.Count == 0 && authz.Count == 0)
        {
            return SecurityPolicies.Default;
        }

        return new SecurityPolicies(
            PeerAuthenticationResolver.Resolve(peer, workload),
            AuthorizationCompiler.Compile(authz, workload));
    }
}
