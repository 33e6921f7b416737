using System.Net;
using System.Net.Sockets;
using GatewayMesh.IntegrationTests.Protocols.Grpc;
using Grpc.Net.Client;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>
/// A gRPC client over h2c. <see cref="Through"/> connects every call to one proxy listener whatever the address says,
/// as traffic interception would: the channel addresses <c>http://greeter:50051</c>, so that is the :authority the
/// proxy routes on, but the bytes go to the sidecar's outbound (or the ingress) port.
/// </summary>
public sealed class MeshGrpcClient : IDisposable
{
    private readonly GrpcChannel _channel;

    private MeshGrpcClient(GrpcChannel channel)
    {
        _channel = channel;
        Greeter = new Greeter.GreeterClient(channel);
    }

    public Greeter.GreeterClient Greeter { get; }

    public static MeshGrpcClient Through(Uri listener, string address)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, listener.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new MeshGrpcClient(GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }));
    }

    public void Dispose() => _channel.Dispose();
}
