namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// The Kubernetes tests run only inside a private network namespace (tests/kubernetes/run.sh: <c>unshare --net</c>, then
/// <c>ip link set lo up</c>), so that nothing the API server dials (a webhook's Service, say) can leave the machine.
/// </summary>
internal static class PrivateNetwork
{
    public static void Require()
    {
        // /proc/self/net/dev lists this process's network namespace (sysfs would still show the host's).
        var interfaces = File.ReadAllLines("/proc/self/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).ToList();
        if (interfaces.Count != 1 || interfaces[0] != "lo")
        {
            throw new InvalidOperationException(
                $"the Kubernetes tests must run in a private network namespace (found interfaces: {string.Join(", ", interfaces)}); run them with tests/kubernetes/run.sh, as ./test.sh does");
        }
    }

    /// <summary>
    /// An HTTP client that calls from a non-loopback address of this private namespace, as a pod or Prometheus elsewhere
    /// in a cluster would reach a pod's address: 192.0.2.10 (TEST-NET-1, never routed) is added to <c>lo</c> here, and
    /// every connection binds it as its source. <c>Address</c> is that address, to call too (a listener on 0.0.0.0 answers there).
    /// </summary>
    public static async Task<(HttpClient Client, System.Net.IPAddress Address)> RemoteCallerAsync()
    {
        Require();
        var remote = System.Net.IPAddress.Parse("192.0.2.10");
        (await Tool.RunAsync("ip", ["addr", "replace", "192.0.2.10/32", "dev", "lo"])).EnsureSuccess("ip addr replace 192.0.2.10/32 dev lo");
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(remote, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        return (client, remote);
    }
}
