using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>The proxy's <see cref="JwtPolicy"/> as a config feature: compiled with every snapshot, read by the authenticate step.</summary>
public sealed class JwtPolicyFeatureCompiler(ProxySecurityOptions options) : IConfigCompiler<JwtPolicy>
{
    public JwtPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy, JwtPolicy? previous)
    {
        var compiled = JwtPolicyCompiler.Compile(snapshot, proxy, options.RootNamespace);
        return previous is not null && compiled.IsEmpty && previous.IsEmpty ? previous : compiled;
    }
}
