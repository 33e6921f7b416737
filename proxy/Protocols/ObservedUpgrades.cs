using Microsoft.AspNetCore.Http.Features;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// Kestrel's HTTP/1.1 upgrade feature, with the upgraded stream observed (<see cref="ObservedStream"/>): set on an
/// upgradable request before it is forwarded, so the bytes of a WebSocket connection are counted as a TCP stream from
/// the moment the upgrade is accepted. <paramref name="open"/> is asked for the observer then; null leaves the stream as it is.
/// </summary>
public sealed class ObservedUpgradeFeature(IHttpUpgradeFeature inner, Func<ITcpStreamObserver?> open) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        var stream = await inner.UpgradeAsync().ConfigureAwait(false);
        return open() is { } observer ? new ObservedStream(stream, observer) : stream;
    }
}

/// <summary>The same for an HTTP/2 extended CONNECT (RFC 8441 WebSockets): the accepted stream is observed.</summary>
public sealed class ObservedExtendedConnectFeature(IHttpExtendedConnectFeature inner, Func<ITcpStreamObserver?> open) : IHttpExtendedConnectFeature
{
    public bool IsExtendedConnect => inner.IsExtendedConnect;

    public string? Protocol => inner.Protocol;

    public async ValueTask<Stream> AcceptAsync()
    {
        var stream = await inner.AcceptAsync().ConfigureAwait(false);
        return open() is { } observer ? new ObservedStream(stream, observer) : stream;
    }
}
