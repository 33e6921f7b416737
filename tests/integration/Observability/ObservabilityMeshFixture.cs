using System.Net.Http.Headers;
using System.Text.Json;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.IntegrationTests.Up;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

[CollectionDefinition(Name)]
public sealed class ObservabilityMeshCollection : ICollectionFixture<ObservabilityMeshFixture>
{
    public const string Name = "observability mesh";
}

/// <summary>
/// A full local mesh of its own (<c>meshctl up --detach --access-log --tracing --prometheus</c>, every port free) for
/// the observability tests: their counters must start from a known state, which the shared Bookinfo mesh (faults,
/// traffic shifts, a killed instance) cannot give. Needs Debian's <c>prometheus</c> on PATH (./test.sh installs it);
/// without it the fixture fails with the install command, never skips.
/// </summary>
public sealed class ObservabilityMeshFixture : IAsyncLifetime
{
    internal LocalMesh Mesh { get; } = new();

    internal MeshState State => Mesh.State!;

    public string Token { get; private set; } = "";

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public int IngressPort => Port("ingress", "http");

    public Uri DashboardUrl => new($"http://127.0.0.1:{Port("dashboard", "dashboard")}");

    public Uri PrometheusUrl => new($"http://127.0.0.1:{Port("prometheus", "http")}");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/prometheus") && Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "prometheus"))) != true)
        {
            throw new InvalidOperationException("prometheus is not installed: apt-get install --no-install-recommends prometheus (./test.sh does it)");
        }

        var up = await Mesh.UpWithWorkloadsAsync("--access-log", "--tracing", "--otlp-port", "0", "--prometheus", "--prometheus-port", "0");
        if (up.ExitCode != 0)
        {
            await Mesh.DisposeAsync();
            throw new InvalidOperationException($"meshctl up failed ({up.ExitCode}): {up.Error}\n{up.Out}");
        }

        Token = (await File.ReadAllTextAsync(Path.Combine(Mesh.Repo.Path, ".meshctl", "registry.token"))).Trim();
    }

    public int Port(string process, string name) => State.Processes.Single(p => p.Name == process).Ports[name];

    /// <summary>GET a dashboard API path with the registry's token.</summary>
    public async Task<JsonElement> DashboardApiAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(DashboardUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Runs a PromQL instant query against the mesh's Prometheus.</summary>
    public async Task<JsonElement> PromQlAsync(string query)
    {
        var body = await Http.GetStringAsync(new Uri(PrometheusUrl, "/api/v1/query?query=" + Uri.EscapeDataString(query)));
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root.GetProperty("data").GetProperty("result");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Mesh.DisposeAsync();
    }
}
