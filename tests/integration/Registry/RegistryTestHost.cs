using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Registry.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// Runs the registry in-process over real HTTP on 127.0.0.1:0, with its state directory in a temp dir,
/// every log line captured, and optionally a fake clock.
/// </summary>
public sealed class RegistryTestHost : IAsyncDisposable
{
    private RegistryTestHost(WebApplication app, string stateDir, CapturingLoggerProvider logs)
    {
        App = app;
        StateDir = stateDir;
        Logs = logs;
        BaseAddress = RegistryApp.GetListeningUri(app);
        TokenFile = Path.Combine(stateDir, "registry.token");
        Token = File.ReadAllText(TokenFile).Trim();
        Client = CreateClient(Token);
    }

    public WebApplication App { get; }

    public string StateDir { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri BaseAddress { get; }

    public string TokenFile { get; }

    public string Token { get; }

    /// <summary>A client that sends the right bearer token.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts a registry; <paramref name="storeArgs"/> defaults to <c>--in-memory</c>. <paramref name="configureServices"/>
    /// runs before the registry's registrations, so its services win.
    /// </summary>
    public static async Task<RegistryTestHost> StartAsync(
        TimeProvider? time = null, string? stateDir = null, Action<IServiceCollection>? configureServices = null, params string[] storeArgs)
    {
        stateDir ??= Directory.CreateTempSubdirectory("registry-test-").FullName;
        var logs = new CapturingLoggerProvider();
        string[] args = ["--urls", "http://127.0.0.1:0", "--state-dir", stateDir, .. storeArgs.Length == 0 ? ["--in-memory"] : storeArgs];
        var app = RegistryApp.Create(args, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            configureServices?.Invoke(services);
        });
        await app.StartAsync();
        return new RegistryTestHost(app, stateDir, logs);
    }

    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new JsonException("null body");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
