namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>The JWT providers that apply to one proxy, compiled from the RequestAuthentications that reach it; empty means no JWT checks.</summary>
public sealed record JwtPolicy(IReadOnlyList<JwtProvider> Providers)
{
    public static readonly JwtPolicy None = new([]);

    public bool IsEmpty => Providers.Count == 0;
}
