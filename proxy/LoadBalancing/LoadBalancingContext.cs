using System.Net;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// What a balancer may read of a request: headers, cookies, query parameters and the client's address.
/// The forwarder adapts its request to this; <see cref="Empty"/> stands for "nothing known".
/// </summary>
public abstract class LoadBalancingContext
{
    public static LoadBalancingContext Empty { get; } = new EmptyContext();

    public abstract string? GetHeader(string name);

    public abstract string? GetCookie(string name);

    public abstract string? GetQueryParameter(string name);

    public abstract IPAddress? SourceAddress { get; }

    private sealed class EmptyContext : LoadBalancingContext
    {
        public override IPAddress? SourceAddress => null;

        public override string? GetHeader(string name) => null;

        public override string? GetCookie(string name) => null;

        public override string? GetQueryParameter(string name) => null;
    }
}
