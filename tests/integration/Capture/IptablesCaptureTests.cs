using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.Registry.Kubernetes.Injection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>
/// Issue 11: the sidecar under <c>--capture iptables</c> in a real pod network (its own network namespace, the init
/// container's exact rules, the sidecar as UID 1337). Inbound connections reach the app on the port they were dialled
/// on (<c>SO_ORIGINAL_DST</c>); the app's non-HTTP outbound connections pass through to their original destination under
/// ALLOW_ANY and are closed under REGISTRY_ONLY. No mocks: real iptables, real sockets, real processes.
/// </summary>
public sealed class IptablesCaptureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RootNetworkFact]
    public async Task Inbound_TwoAppPorts_EachReachesItsOwnPortThroughTheSidecar()
    {
        await using var pod = await CapturedPod.StartAsync("ALLOW_ANY");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };

        // The apps listen on 127.0.0.1 only: from outside the pod only the sidecar's redirect can reach them.
        var a = await http.GetStringAsync($"http://{pod.Address}:{CapturedPod.PortA}/health");
        var b = await http.GetStringAsync($"http://{pod.Address}:{CapturedPod.PortB}/health");

        Assert.Contains("details is healthy", a, StringComparison.Ordinal);
        Assert.Contains("ratings is healthy", b, StringComparison.Ordinal);
        var served = await EventuallyAsync(http, pod, stats => InboundRequests(stats) >= 2);
        Assert.True(InboundRequests(served) >= 2, $"the sidecar counted both inbound requests:\n{served}");
    }

    /// <summary>
    /// Every container port arrives on the one inbound listener: each must get its own port's PeerAuthentication mode
    /// and its own <c>destination.port</c> in authorization, not the workload port's (that would fail open on a STRICT or
    /// DENY rule for the second port); its requests report its own inbound cluster and <c>destination.port</c> (an access
    /// log filtered on that port).
    /// </summary>
    [RootNetworkFact]
    public async Task Inbound_SecondAppPort_IsJudgedByItsOwnPortLevelMtlsAndAuthorization()
    {
        await using var pod = await CapturedPod.StartAsync("ALLOW_ANY", withRegistry: true);
        await pod.ApplyAsync(PortLevelPolicies);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };

        var denied = await EventuallyStatusAsync(http, $"http://{pod.Address}:{CapturedPod.PortB}/health", HttpStatusCode.Forbidden);
        Assert.True(denied == HttpStatusCode.Forbidden, $"the DENY for port {CapturedPod.PortB} never applied ({denied})\n--- sidecar:\n{pod.Sidecar.Output}");
        using var allowed = await http.GetAsync($"http://{pod.Address}:{CapturedPod.PortB}/ratings/0");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode); // another path on the same port: the DENY is path-bound
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://{pod.Address}:{CapturedPod.PortA}/health")); // STRICT: plaintext closed
        var logged = await pod.Sidecar.WaitForLineAsync(line => line.Contains("/ratings/0", StringComparison.Ordinal), Timeout);
        Assert.Contains($" inbound|{CapturedPod.PortB}|| ", logged, StringComparison.Ordinal);
    }

    [RootNetworkFact]
    public async Task Outbound_RawTcpUnderAllowAny_PassesThroughToTheOriginalDestination()
    {
        await using var pod = await CapturedPod.StartAsync("ALLOW_ANY");
        await using var echo = EchoServer.Start(pod.Network.HostAddress, greeting: null);
        await using var greeter = EchoServer.Start(pod.Network.HostAddress, greeting: "hello from a server-first protocol");

        // Dialling the sidecar's own outbound port on the pod IP is redirected to it too: it must not pass it on to itself.
        var (_, looped) = await pod.RunAsAppAsync("loop", LoopScript(pod.Address));
        var (exit, output) = await pod.RunAsAppAsync("client", ClientScript(echo.EndPoint, "ping"));
        var (greetedExit, greeted) = await pod.RunAsAppAsync("reader", ReaderScript(greeter.EndPoint));

        Assert.True(exit == 0, $"the client's exchange failed ({exit}):\n{output}\n--- sidecar:\n{pod.Sidecar.Output}");
        Assert.Contains("echo: ping", output, StringComparison.Ordinal);
        Assert.True(greetedExit == 0, $"the silent client got no greeting ({greetedExit}):\n{greeted}\n--- sidecar:\n{pod.Sidecar.Output}");
        Assert.Contains("hello from a server-first protocol", greeted, StringComparison.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        var stats = await EventuallyAsync(http, pod, s => PassthroughConnections(s) >= 2);
        Assert.True(PassthroughConnections(stats) == 2, $"both connections, and only they, went through the sidecar's PassthroughCluster:\n{stats}");
        Assert.Contains("400", looped, StringComparison.Ordinal); // the HTTP listener refused the bytes: nothing looped
    }

    [RootNetworkFact]
    public async Task Outbound_RawTcpUnderRegistryOnly_IsRefused()
    {
        await using var pod = await CapturedPod.StartAsync("REGISTRY_ONLY");
        await using var echo = EchoServer.Start(pod.Network.HostAddress, greeting: null);

        var (exit, output) = await pod.RunAsAppAsync("client", ClientScript(echo.EndPoint, "ping"));

        Assert.True(exit != 0, $"the exchange should have been cut off:\n{output}");
        Assert.DoesNotContain("echo:", output, StringComparison.Ordinal);
        Assert.Equal(0, echo.Accepted);
    }

    /// <summary>The workload port STRICT (the rest PERMISSIVE), and <c>/health</c> on the second port denied.</summary>
    private static readonly string PortLevelPolicies = $$"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: capture
          namespace: default
        spec:
          selector:
            matchLabels:
              app: capture
          mtls:
            mode: PERMISSIVE
          portLevelMtls:
            {{CapturedPod.PortA}}:
              mode: STRICT
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: capture-second-port
          namespace: default
        spec:
          selector:
            matchLabels:
              app: capture
          action: DENY
          rules:
          - to:
            - operation:
                ports: ["{{CapturedPod.PortB}}"]
                paths: ["/health"]
        ---
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata:
          name: capture-second-port-log
          namespace: default
        spec:
          selector:
            matchLabels:
              app: capture
          accessLogging:
          - providers: [{name: envoy}]
            filter: {expression: "destination.port == {{CapturedPod.PortB}}"}
        """;

    [RootNetworkFact]
    public async Task Outbound_ExcludedPortUnderRegistryOnly_GoesDirectlyAroundTheSidecar()
    {
        await using var echo = EchoServer.Start(IPAddress.Any, greeting: null); // reached from the pod on the veth's host address
        var excluded = new TrafficExclusions([], [echo.EndPoint.Port], []);
        await using var pod = await CapturedPod.StartAsync("REGISTRY_ONLY", excluded: excluded);

        var (exit, output) = await pod.RunAsAppAsync("client", ClientScript(new IPEndPoint(pod.Network.HostAddress, echo.EndPoint.Port), "ping"));

        Assert.True(exit == 0, $"the excluded port was captured (REGISTRY_ONLY would close it) ({exit}):\n{output}\n--- sidecar:\n{pod.Sidecar.Output}");
        Assert.Contains("echo: ping", output, StringComparison.Ordinal);
        Assert.Equal(1, echo.Accepted);
    }

    /// <summary>Connects (the kernel redirects it to the sidecar), sends one line, prints the answer; fails on end of stream.</summary>
    private static string ClientScript(IPEndPoint server, string line) =>
        $"exec 3<>/dev/tcp/{server.Address}/{server.Port} && printf '%s\\n' '{line}' >&3 && IFS= read -r -t 30 answer <&3 && printf '%s\\n' \"$answer\"";

    /// <summary>Sends a line that is not HTTP to the sidecar's own outbound port (not redirected: handled as HTTP, answered 400).</summary>
    private static string LoopScript(IPAddress pod) =>
        $"exec 3<>/dev/tcp/{pod}/15001 && printf 'ping\\r\\n\\r\\n' >&3 && IFS= read -r -t 30 answer <&3; printf '%s\\n' \"$answer\"";

    /// <summary>Connects and sends nothing: the server speaks first, after the sidecar's sniff timeout has made it TCP.</summary>
    private static string ReaderScript(IPEndPoint server) =>
        $"exec 3<>/dev/tcp/{server.Address}/{server.Port} && IFS= read -r -t 30 answer <&3 && printf '%s\\n' \"$answer\"";

    private static long InboundRequests(string stats) => Sum(stats, "istio_requests_total{", "reporter=\"destination\"");

    private static long PassthroughConnections(string stats) => Sum(stats, "istio_tcp_connections_opened_total{", "PassthroughCluster");

    private static long Sum(string stats, string metric, string label) =>
        stats.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The sidecar's metrics (its admin port answers <c>/stats/prometheus</c> on the pod IP), polled until <paramref name="done"/> or a deadline.</summary>
    private static async Task<string> EventuallyAsync(HttpClient http, CapturedPod pod, Func<string, bool> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var stats = await http.GetStringAsync($"http://{pod.Address}:{CapturedPod.AdminPort}/stats/prometheus");
            if (done(stats) || waited.Elapsed > Timeout)
            {
                return stats;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>GETs <paramref name="url"/> until it answers <paramref name="wanted"/> (a refused or closed connection counts as not yet) or a deadline; the last status.</summary>
    private static async Task<HttpStatusCode?> EventuallyStatusAsync(HttpClient http, string url, HttpStatusCode wanted)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode? last = null;
        while (last != wanted && waited.Elapsed < Timeout)
        {
            try
            {
                using var response = await http.GetAsync(url);
                last = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                last = null;
            }

            if (last != wanted)
            {
                await Task.Delay(100); // the snapshot reaches the sidecar through Redis; the pod offers no change feed to the test
            }
        }

        return last;
    }

    /// <summary>A TCP server in the test's namespace: answers each line with <c>echo: line</c>, or greets first when <c>greeting</c> is set.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly string? _greeting;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _accepted;

        private EchoServer(IPAddress address, string? greeting)
        {
            _greeting = greeting;
            _listener = new TcpListener(address, 0);
            _listener.Start();
            _loop = AcceptAsync();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public int Accepted => Volatile.Read(ref _accepted);

        public static EchoServer Start(IPAddress address, string? greeting) => new(address, greeting);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                if (_greeting is not null)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(_greeting + "\n"), _stop.Token);
                    return;
                }

                using var reader = new StreamReader(stream, Encoding.ASCII);
                var line = await reader.ReadLineAsync(_stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"echo: {line}\n"), _stop.Token);
            }
        }
    }
}
