using System.Net.Security;
using System.Net.Sockets;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>One run of a readiness probe: whether it passed, and what it saw (for the log).</summary>
internal readonly record struct ProbeResult(bool Passed, string Detail);

/// <summary>
/// Runs one WorkloadGroup readiness check against this workload, as Kubernetes' kubelet (and Istio's agent on a VM)
/// does, within the probe's timeout on the injected clock:
/// <list type="bullet">
/// <item><c>httpGet</c>: <c>GET scheme://host:port/path</c> with the probe's headers (a <c>Host</c> header sets the
/// request's Host); 200-399 passes; redirects are not followed; HTTPS certificates are not verified (Kubernetes does
/// not either). The host defaults to <c>--workload-address</c>, as Kubernetes defaults to the pod's IP.</item>
/// <item><c>tcpSocket</c>: a TCP connection to host:port opens.</item>
/// <item><c>exec</c>: the command runs (no shell) as the sidecar's user on the workload's machine and exits 0
/// (<see cref="ExecCheck"/>).</item>
/// <item><c>grpc</c>: checked as a TCP connection to its port (the gRPC health protocol is not spoken yet).</item>
/// </list>
/// </summary>
internal sealed class GroupProbeCheck(SidecarOptions options, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.Zero, // a fresh connection per probe, as the kubelet opens one
#pragma warning disable CA5359 // deliberate: a readiness probe checks that the app answers, not who it is; the kubelet does not verify probe certificates either
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
#pragma warning restore CA5359
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the probe's timeout runs on the injected clock
    };

    public async Task<ProbeResult> RunAsync(GroupProbe probe, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            return probe.Spec switch
            {
                { HttpGet: { } http } => await HttpGetAsync(http, linked.Token),
                { TcpSocket: { } tcp } => await ConnectAsync(tcp.Host, tcp.Port ?? 0, linked.Token),
                { Exec: { } exec } => await ExecCheck.RunAsync(exec.Command, linked.Token),
                { Grpc: { } grpc } => await ConnectAsync(null, grpc.Port ?? 0, linked.Token),
                _ => new ProbeResult(true, "no check"),
            };
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new ProbeResult(false, $"timed out after {probe.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or System.ComponentModel.Win32Exception)
        {
            return new ProbeResult(false, ex.Message);
        }
    }

    private async Task<ProbeResult> HttpGetAsync(HttpHealthCheck check, CancellationToken cancellationToken)
    {
        var scheme = check.Scheme == "HTTPS" ? "https" : "http";
        var path = string.IsNullOrEmpty(check.Path) ? "/" : check.Path.StartsWith('/') ? check.Path : "/" + check.Path;
        var uri = new UriBuilder(scheme, HostOf(check.Host), check.Port ?? 0).Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, path));
        request.Headers.UserAgent.ParseAdd("gatewaymesh-probe/1.0");
        foreach (var header in check.HttpHeaders)
        {
            if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = header.Value;
            }
            else if (!string.IsNullOrEmpty(header.Name))
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        return new ProbeResult(status is >= 200 and < 400, $"GET {request.RequestUri} answered {status}");
    }

    private async Task<ProbeResult> ConnectAsync(string? host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(HostOf(host), port, cancellationToken);
        return new ProbeResult(true, $"connected to {HostOf(host)}:{port}");
    }

    private string HostOf(string? host) => string.IsNullOrWhiteSpace(host) ? options.WorkloadAddress : host;

    public void Dispose() => _http.Dispose();
}
