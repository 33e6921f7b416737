namespace GatewayMesh.Cli.Local.Processes;

/// <summary>The answer of one readiness probe; <see cref="Detail"/> says why not ready (shown when startup times out).</summary>
/// <see cref="Ports"/> and <see cref="Address"/>, when set, are what the process reported once ready (it chose free ports).
internal sealed record Readiness(bool IsReady, string? Detail = null)
{
    public IReadOnlyDictionary<string, int>? Ports { get; init; }

    public string? Address { get; init; }

    public static readonly Readiness Ready = new(true);

    public static Readiness NotReady(string detail) => new(false, detail);
}

/// <summary>
/// One process the supervisor starts: what to run, where it listens, and how to tell it is ready. The mesh is a list
/// of these started in order.
/// </summary>
internal sealed record ProcessSpec
{
    public required string Name { get; init; }

    public required string Executable { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>What <c>status</c> shows in the ADDRESS column, e.g. <c>127.0.0.1:16379</c> or a URL.</summary>
    public required string Address { get; init; }

    /// <summary>Named ports the process listens on (<c>redis</c>, <c>http</c>, ...), for state.json and status.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; init; } = new Dictionary<string, int>();

    /// <summary>Polled until it answers ready, the process exits, or <see cref="ReadyTimeout"/> passes.</summary>
    /// <summary>What it is in the mesh (<c>ingress</c>, <c>sidecar</c>); null for Redis and the registry.</summary>
    public string? Role { get; init; }

    public string? Service { get; init; }

    public string? Version { get; init; }

    public required Func<CancellationToken, Task<Readiness>> CheckReadiness { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The switch that sets each named port the process reports once ready (<c>admin</c> → <c>--admin-port</c>): a
    /// restart passes the ports it had, so clients and state.json stay right when it chose free ones the first time.
    /// </summary>
    public IReadOnlyDictionary<string, string> PortSwitches { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs before every restart (a proxy gets a fresh one-use CA bootstrap token); null: nothing to prepare.</summary>
    public Action? BeforeRestart { get; init; }

    /// <summary>Variables added to the child's environment (e.g. <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> for the proxies).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> CommandLine => [Executable, .. Arguments];

    /// <summary>This spec with every <see cref="PortSwitches"/> switch set to the port <paramref name="ports"/> names.</summary>
    public ProcessSpec WithPorts(IReadOnlyDictionary<string, int> ports)
    {
        var arguments = Arguments.ToList();
        foreach (var (name, option) in PortSwitches)
        {
            var index = arguments.IndexOf(option);
            if (index >= 0 && index + 1 < arguments.Count && ports.TryGetValue(name, out var port) && port > 0)
            {
                arguments[index + 1] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return this with { Arguments = arguments };
    }
}
