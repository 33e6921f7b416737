using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience.Pool;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// Issue 15: <c>maxRequestsPerConnection</c> on a real upstream client (<see cref="UpstreamHandlers"/>) against a real
/// socket server that records every request head per connection. Requests are sequential.
/// </summary>
public class RequestsPerConnectionTests
{
    [Fact]
    public async Task Limit_Three_NineRequestsUseThreeConnectionsAndEveryThirdAsksToClose()
    {
        await using var server = new Http11CountingServer();
        using var client = Client(3);

        for (var i = 0; i < 9; i++)
        {
            await SendAsync(client, server, HttpMethod.Get, $"/r{i}", body: null);
        }

        Assert.Equal(new[] { 3, 3, 3 }, server.Connections.Select(c => c.Count));
        foreach (var heads in server.Connections)
        {
            Assert.Equal(new[] { false, false, true }, heads.Select(AsksToClose));
        }
    }

    [Fact]
    public async Task Limit_Two_PostBodiesArriveWholeAndTheCloseLineEndsTheHeaders()
    {
        await using var server = new Http11CountingServer();
        using var client = Client(2);

        for (var i = 0; i < 3; i++)
        {
            var answer = await SendAsync(client, server, HttpMethod.Post, "/post", body: new string('x', 5000 + i));
            Assert.Equal((5000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), answer);
        }

        Assert.Equal(new[] { 2, 1 }, server.Connections.Select(c => c.Count));
        var closing = server.Connections[0][1];
        Assert.StartsWith("POST /post HTTP/1.1\r\n", closing, StringComparison.Ordinal);
        Assert.EndsWith("\r\nConnection: close", closing, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 5001\r\n", closing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_Unset_AllRequestsShareOneConnection()
    {
        await using var server = new Http11CountingServer();
        using var client = Client(0);

        for (var i = 0; i < 9; i++)
        {
            await SendAsync(client, server, HttpMethod.Get, "/", body: null);
        }

        Assert.Equal(new[] { 9 }, server.Connections.Select(c => c.Count));
        Assert.DoesNotContain(server.Connections[0], AsksToClose);
    }

    [Fact]
    public void Limit_ZeroOrOne_AddsNoStreamFilter()
    {
        using var unlimited = new SocketsHttpHandler();
        Assert.Same(unlimited, RequestsPerConnection.Limit(unlimited, 0));
        Assert.Null(unlimited.PlaintextStreamFilter);

        using var one = new SocketsHttpHandler();
        using var closing = RequestsPerConnection.Limit(one, 1);
        Assert.NotSame(one, closing);
        Assert.Null(one.PlaintextStreamFilter);
    }

    private static HttpMessageInvoker Client(int limit) => new(
        UpstreamHandlers.Create(UpstreamClientSettings.Default(new MeshForwardingOptions()) with { MaxRequestsPerConnection = limit }),
        disposeHandler: true);

    private static bool AsksToClose(string head) => head.Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);

    private static async Task<string> SendAsync(HttpMessageInvoker client, Http11CountingServer server, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }
}
