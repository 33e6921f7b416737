using System.Net;
using System.Net.Http.Headers;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// The registry API calls a sidecar makes (docs/registry-api.md, Instances): register with a lease, heartbeat,
/// deregister. Every call sends the bearer token; a non-success answer other than the documented 404s throws.
/// With several registry replicas (<c>--registry URL,URL</c>), a call that cannot reach one (no connection, a timeout,
/// or a 5xx) goes to the next, and the one that answered is asked first from then on: every replica serves the whole
/// API, so a killed replica costs no heartbeat.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _registries;
    private int _preferred;

    /// <param name="baseAddress">The registry's base URL, e.g. <c>http://127.0.0.1:15080</c>.</param>
    /// <param name="token">The bearer token; never logged.</param>
    public RegistryClient(Uri baseAddress, string? token, HttpMessageHandler? handler = null)
        : this([baseAddress], token, handler)
    {
    }

    /// <param name="registries">The base URLs of every registry replica, tried in turn.</param>
    public RegistryClient(IReadOnlyList<Uri> registries, string? token, HttpMessageHandler? handler = null)
    {
        _registries = registries.Count > 0 ? registries : throw new ArgumentException("name at least one registry", nameof(registries));
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: true)
        {
            BaseAddress = registries[0],
            Timeout = TimeSpan.FromSeconds(5),
        };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public async Task<InstanceLease> RegisterAsync(ServiceInstance instance, TimeSpan lease, CancellationToken cancellationToken)
    {
        var body = new InstanceRegistration(instance, (int)Math.Ceiling(lease.TotalSeconds));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v1/instances") { Content = JsonContent.Create(body, BlocksJson.TypeInfo<InstanceRegistration>()) }, cancellationToken);
        await EnsureSuccessAsync(response, "register", cancellationToken);
        return await ReadLeaseAsync(response, cancellationToken);
    }

    /// <summary>Joins a WorkloadGroup (auto-registration); the lease names the instance the registry made for this workload.</summary>
    public async Task<InstanceLease> RegisterWithGroupAsync(string @namespace, string group, GroupRegistration body, CancellationToken cancellationToken)
    {
        var path = $"api/v1/workloadgroups/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(group)}/register";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, MeshJson.TypeInfo<GroupRegistration>()) }, cancellationToken);
        await EnsureSuccessAsync(response, "workload group registration", cancellationToken);
        return await ReadLeaseAsync(response, cancellationToken);
    }

    /// <summary>Renews the lease; null when the registry no longer knows the instance (register again).</summary>
    public async Task<InstanceLease?> HeartbeatAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"api/v1/instances/{Path(key)}/heartbeat"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "heartbeat", cancellationToken);
        return await ReadLeaseAsync(response, cancellationToken);
    }

    /// <summary>Removes the instance; false when it was already gone.</summary>
    public async Task<bool> DeregisterAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"api/v1/instances/{Path(key)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "deregister", cancellationToken);
        return true;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends to the preferred replica, then to each other one while a replica cannot answer.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var first = Volatile.Read(ref _preferred);
        for (var tried = 0; ; tried++)
        {
            var index = (first + tried) % _registries.Count;
            using var message = request();
            message.RequestUri = new Uri(_registries[index], message.RequestUri!);
            var last = tried == _registries.Count - 1;
            try
            {
                var response = await _http.SendAsync(message, cancellationToken);
                if ((int)response.StatusCode >= 500 && !last)
                {
                    response.Dispose();
                    continue;
                }

                Volatile.Write(ref _preferred, index);
                return response;
            }
            catch (Exception ex) when (!last && (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)))
            {
                // this replica cannot answer: the next one serves the same API
            }
        }
    }

    private static string Path(InstanceKey key) =>
        $"{Uri.EscapeDataString(key.Namespace)}/{Uri.EscapeDataString(key.Service)}/{Uri.EscapeDataString(key.InstanceId)}";

    private static async Task<InstanceLease> ReadLeaseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(BlocksJson.TypeInfo<InstanceLease>(), cancellationToken)
        ?? throw new HttpRequestException("the registry answered an empty lease");

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var excerpt = body.Length > 500 ? body[..500] : body;
            throw new HttpRequestException($"registry {operation} failed: {(int)response.StatusCode} {excerpt}", null, response.StatusCode);
        }
    }
}
