namespace GatewayMesh.Cli.Local.Observability;

/// <summary>What <c>meshctl up</c> was asked for about telemetry.</summary>
internal sealed record ObservabilitySettings
{
    /// <summary><c>--access-log</c>: every proxy writes Istio's access log to stdout (its log file), as a mesh-config default a Telemetry resource can still override.</summary>
    public bool AccessLog { get; init; }

    /// <summary><c>--tracing</c>: the dashboard runs an OTLP receiver and every proxy exports its spans to it.</summary>
    public bool Tracing { get; init; }

    /// <summary><c>--trace-sampling</c>: percentage the ingress samples (default 1, or 100 with <c>--tracing</c>).</summary>
    public double? TraceSampling { get; init; }

    /// <summary>
    /// <c>--trust-client-sampling false</c>: the ingress samples outside traffic itself instead of honouring the
    /// client's decision (its trace headers are still joined); null keeps the proxies' default (trust, as Envoy).
    /// </summary>
    public bool? TrustClientSampling { get; init; }

    /// <summary><c>--prometheus</c>: starts the <c>prometheus</c> found on PATH against the targets file.</summary>
    public bool Prometheus { get; init; }

    public int PrometheusPort { get; init; } = PrometheusLauncher.DefaultPort;

    public int DashboardPort { get; init; } = DashboardLauncher.DefaultPort;

    public int OtlpPort { get; init; } = DashboardLauncher.DefaultOtlpPort;

    /// <summary><c>--trace-sampling</c> must be a percentage.</summary>
    public static double? CheckSampling(double? percentage) =>
        percentage is null or (>= 0 and <= 100)
            ? percentage
            : throw new CliException($"--trace-sampling {percentage}: expected a percentage between 0 and 100");

    /// <summary>
    /// The environment every proxy gets: mesh-config defaults through the <c>GATEWAYMESH_Telemetry__*</c> keys the proxies
    /// read, and the standard <c>OTEL_EXPORTER_OTLP_*</c> variables when tracing is on.
    /// </summary>
    public IReadOnlyDictionary<string, string> ProxyEnvironment(int? otlpPort)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (AccessLog)
        {
            environment["GATEWAYMESH_Telemetry__AccessLog"] = "true";
        }

        var sampling = TraceSampling ?? (Tracing ? 100.0 : null);
        if (sampling is not null)
        {
            environment["GATEWAYMESH_Telemetry__TraceSampling"] = sampling.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (TrustClientSampling is { } trust)
        {
            environment["GATEWAYMESH_Telemetry__TrustClientSampling"] = trust ? "true" : "false";
        }

        if (Tracing && otlpPort is { } port)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000"; // spans reach the dashboard within a second
        }

        return environment;
    }
}
