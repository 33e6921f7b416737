using System.Net;
using System.Net.Http.Headers;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// The registry API calls a sidecar makes (docs/registry-api.md, Instances): register with a lease, heartbeat,
/// deregister. Every call sends the bearer token; a non-success answer other than the documented 404s throws.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseAddress">The registry's base URL, e.g. <c>http://127.0.0.1:15080</c>.</param>
    /// <param name="token">The bearer token; never logged.</param>
    public RegistryClient(Uri baseAddress, string? token, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: true)
        {
            BaseAddress = baseAddress,
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
        using var response = await _http.PostAsJsonAsync("api/v1/instances", body, MeshJson.TypeInfo<InstanceRegistration>(), cancellationToken);
        await EnsureSuccessAsync(response, "register", cancellationToken);
        return await ReadLeaseAsync(response, cancellationToken);
    }

    /// <summary>Renews the lease; null when the registry no longer knows the instance (register again).</summary>
    public async Task<InstanceLease?> HeartbeatAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsync($"api/v1/instances/{Path(key)}/heartbeat", content: null, cancellationToken);
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
        using var response = await _http.DeleteAsync($"api/v1/instances/{Path(key)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "deregister", cancellationToken);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private static string Path(InstanceKey key) =>
        $"{Uri.EscapeDataString(key.Namespace)}/{Uri.EscapeDataString(key.Service)}/{Uri.EscapeDataString(key.InstanceId)}";

    private static async Task<InstanceLease> ReadLeaseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(MeshJson.TypeInfo<InstanceLease>(), cancellationToken)
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
