using GatewayMesh.Proxy.Hosting;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// The ingress process reads, forwards and answers each request on the socket engine's threads (one per core): socket
/// completions run inline (<see cref="ProxyHostDefaults.PreferInlineSocketCompletions"/>) and Kestrel schedules the
/// request inline too (<c>UnsafePreferInlineScheduling</c>), so no request waits for a thread-pool hop. Measured side
/// by side with bench/http: 12–16 % less CPU per request and a lower p99; inline completions alone gained nothing
/// (bench/README.md, "Ingress on the request pipeline"). It needs a request path that never blocks a thread, which the
/// proxy's is (no sync-over-async; logging drops messages rather than wait); a TLS handshake's work runs on the engine
/// thread too. <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> in the environment turns both off; tests that
/// host the ingress in process keep the thread pool.
/// </summary>
internal static class InlineScheduling
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call first thing in <c>Main</c>, before any socket exists: the runtime reads the switch once.</summary>
    public static void Prefer() => ProxyHostDefaults.PreferInlineSocketCompletions();

    /// <summary>Kestrel schedules requests inline exactly when socket completions are inline.</summary>
    public static void Configure(IWebHostBuilder webHost) =>
        webHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = Environment.GetEnvironmentVariable(Variable) == "1");
}
