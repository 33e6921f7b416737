using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GatewayMesh.Cli.Context;

namespace GatewayMesh.Cli.Client;

/// <summary>Typed calls to the registry HTTP API, mapping transport and HTTP failures to messages a user can act on.</summary>
internal sealed class RegistryClient(HttpClient http, Uri server) : IDisposable
{
    public const string YamlContentType = "application/yaml";
    public const string JsonContentType = "application/json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string ServerText => server.ToString().TrimEnd('/');

    public Uri Server => server;

    public static RegistryClient Create(ConnectionSettings settings, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = settings.RequestTimeout ?? RequestTimeouts.Default;
        if (settings.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new RegistryClient(http, settings.Server);
    }

    public Task<ApplyResponse> ApplyAsync(string body, string contentType, CancellationToken cancellationToken) =>
        SendAsync<ApplyResponse>(HttpMethod.Post, "api/v1/apply", Content(body, contentType), cancellationToken);

    public Task<ItemsResponse> ListConfigsAsync(string kind, string? ns, CancellationToken cancellationToken) =>
        SendAsync<ItemsResponse>(HttpMethod.Get, "api/v1/configs" + Query(("kind", kind), ("namespace", ns)), null, cancellationToken);

    public Task<JsonElement> GetConfigAsync(string kind, string ns, string name, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Get, ConfigPath(kind, ns, name), null, cancellationToken);

    public Task<JsonElement> DeleteConfigAsync(string kind, string ns, string name, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Delete, ConfigPath(kind, ns, name), null, cancellationToken);

    public Task<ItemsResponse> ListInstancesAsync(string? service, string? ns, CancellationToken cancellationToken) =>
        SendAsync<ItemsResponse>(HttpMethod.Get, "api/v1/instances" + Query(("service", service), ("namespace", ns)), null, cancellationToken);

    public Task<RevisionResponse> GetRevisionAsync(CancellationToken cancellationToken) =>
        SendAsync<RevisionResponse>(HttpMethod.Get, "api/v1/revision", null, cancellationToken);

    public Task<AnalyzeResponse> AnalyzeAsync(string? body, string contentType, CancellationToken cancellationToken) =>
        SendAsync<AnalyzeResponse>(HttpMethod.Post, "api/v1/analyze", body is null ? null : Content(body, contentType), cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string relativePath, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(server, relativePath)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonContentType));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnreachableException($"the registry at {ServerText} did not answer within {RequestTimeouts.Format(http.Timeout)} (--request-timeout)");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response.StatusCode, text);
            }

            try
            {
                return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("empty body");
            }
            catch (JsonException ex)
            {
                throw new CliException($"unexpected answer from the registry at {ServerText} ({method} /{relativePath}): {ex.Message}");
            }
        }
    }

    private RegistryUnreachableException Unreachable(HttpRequestException ex)
    {
        var reason = ex.InnerException is SocketException socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                _ => socket.Message,
            }
            : ex.Message;
        return new RegistryUnreachableException(
            $"cannot connect to the registry at {ServerText}: {reason}",
            ["is it running? Start the mesh with ./meshctl up, or point --server (or MESHCTL_SERVER) at a running registry"]);
    }

    private static RegistryException Failure(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return new RegistryException(status, "unauthorized: check --token or the context file");
        }

        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize<ErrorResponse>(body, Json);
        }
        catch (JsonException)
        {
            // not the documented error shape; fall back to the status line below
        }

        var message = error?.Error is { Length: > 0 } text ? text : body.Trim() is { Length: > 0 and < 300 } raw ? raw : status.ToString();
        return new RegistryException(status, $"{message} (HTTP {(int)status})", error?.Details);
    }

    private static StringContent Content(string body, string contentType) => new(body, Encoding.UTF8, contentType);

    private static string ConfigPath(string kind, string ns, string name) =>
        $"api/v1/configs/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}";

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
