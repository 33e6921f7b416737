using System.Net;

namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>
/// One plaintext request to a port on a fresh connection (no pooling across probes): HTTP/1.1, or h2c with prior
/// knowledge. Returns the status the server answered with, or the error when no HTTP response came back.
/// </summary>
internal static class PlaintextProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<(HttpStatusCode? Status, string? Error)> GetAsync(int port, string path, Version version)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = Timeout,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}"))
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
    }
}
