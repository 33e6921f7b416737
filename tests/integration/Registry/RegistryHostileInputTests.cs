using System.Net;
using System.Net.Http.Headers;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

public sealed class RegistryHostileInputTests
{
    private const int TwoMiB = 2 * 1024 * 1024;

    [Fact]
    public async Task Apply_TwoMiBBodyWithContentLength_Returns413()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var content = new ByteArrayContent(new byte[TwoMiB]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");

        using var response = await host.Client.PostAsync("/api/v1/apply", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotNull((string?)(await RegistryTestHost.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task Apply_TwoMiBChunkedBody_Returns413()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var content = new ChunkedContent(TwoMiB);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/apply") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotNull((string?)(await RegistryTestHost.ReadJsonAsync(response))["error"]);
        using var after = await host.Client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Apply_BillionLaughs_Returns400()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(SampleConfigs.BillionLaughs()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await RegistryTestHost.ReadJsonAsync(response))["details"]!.AsArray());
    }

    [Fact]
    public async Task Apply_InvalidUtf8Bytes_Returns400()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        garbage[0] = 0xff;
        var content = new ByteArrayContent(garbage);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");

        using var response = await host.Client.PostAsync("/api/v1/apply", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{[}:::\n- - -\n\t\"unterminated")]
    [InlineData("\0\0\0\0")]
    [InlineData("- just\n- a\n- list\n")]
    [InlineData("kind: VirtualService\nspec: [1, 2, 3]\n")]
    [InlineData("!!binary AAAA")]
    [InlineData("{\"kind\": \"VirtualService\", \"metadata\": 42}")]
    public async Task Apply_GarbageText_Returns400NotServerError(string body)
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/apply", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((string?)(await RegistryTestHost.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task Apply_UnsupportedContentType_Returns415()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await host.Client.PostAsync("/api/v1/apply", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task RegisterInstance_MalformedJson_Returns400()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/instances", RegistryTestHost.Json("{\"instance\": {\"port\": \"x\""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_Returns404Json()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((string?)(await RegistryTestHost.ReadJsonAsync(response))["error"]);
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent(int size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'#');
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
