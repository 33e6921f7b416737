using OpenTelemetry.Exporter;

namespace GatewayMesh.Proxy.Telemetry.Tracing;

/// <summary>
/// Where a proxy sends its spans, from OpenTelemetry's standard variables: <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>
/// (used as given) or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (plus <c>/v1/traces</c> for OTLP/HTTP), the protocol from
/// <c>OTEL_EXPORTER_OTLP_TRACES_PROTOCOL</c> or <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, the default, or
/// <c>http/protobuf</c>), and <c>OTEL_TRACES_EXPORTER=none</c> to turn export off. No endpoint: tracing is off and the
/// tracing step does nothing (trace headers then pass through untouched).
/// </summary>
public sealed record TracingOptions
{
    public Uri? Endpoint { get; init; }

    public OtlpExportProtocol Protocol { get; init; } = OtlpExportProtocol.Grpc;

    public static TracingOptions Off { get; } = new();

    /// <summary>Reads the variables from <paramref name="configuration"/>, then from the process environment.</summary>
    public static TracingOptions From(Microsoft.Extensions.Configuration.IConfiguration? configuration)
    {
        string? Read(string key) => configuration?[key] is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(key) is { Length: > 0 } env ? env : null;

        if (string.Equals(Read("OTEL_TRACES_EXPORTER"), "none", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        var protocol = (Read("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? Read("OTEL_EXPORTER_OTLP_PROTOCOL")) switch
        {
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => OtlpExportProtocol.Grpc,
        };
        if (Read("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is { } traces && Uri.TryCreate(traces, UriKind.Absolute, out var tracesUri))
        {
            return new TracingOptions { Endpoint = tracesUri, Protocol = protocol };
        }

        if (Read("OTEL_EXPORTER_OTLP_ENDPOINT") is { } all && Uri.TryCreate(all, UriKind.Absolute, out var allUri))
        {
            return new TracingOptions { Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(allUri.ToString().TrimEnd('/') + "/v1/traces") : allUri, Protocol = protocol };
        }

        return Off;
    }
}
