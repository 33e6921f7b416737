using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>Opens a real <see cref="ClientWebSocket"/>, sends messages and reads their echoes, then closes cleanly.</summary>
internal static class WebSocketEcho
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>HTTP/1.1 Upgrade (optionally through an HTTP proxy, which .NET reaches with a CONNECT tunnel) or, with <paramref name="http2"/>, RFC 8441 extended CONNECT over h2c.</summary>
    public static async Task<List<string>> RoundTripAsync(Uri uri, IEnumerable<string> messages, bool http2 = false, IWebProxy? proxy = null)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        using var socket = new ClientWebSocket();
        if (http2)
        {
            socket.Options.HttpVersion = HttpVersion.Version20;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { Proxy = proxy, UseProxy = proxy is not null });
        await socket.ConnectAsync(uri, invoker, cancel.Token);
        var echoes = new List<string>();
        var buffer = new byte[4096];
        foreach (var message in messages)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
            var received = await socket.ReceiveAsync(buffer, cancel.Token);
            echoes.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel.Token);
        echoes.Add($"closed:{socket.CloseStatus}");
        return echoes;
    }
}
