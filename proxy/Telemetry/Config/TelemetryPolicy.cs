using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Expressions;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Config;

/// <summary>
/// The mesh-config defaults a Telemetry resource overrides: access logging off (as in Istio) unless the proxy was
/// started with <c>--access-log</c>, its encoding, and 1 % trace sampling.
/// </summary>
public sealed record TelemetryDefaults
{
    public bool AccessLog { get; init; }

    public AccessLogEncoding AccessLogEncoding { get; init; } = AccessLogEncoding.Text;

    public double SamplingPercentage { get; init; } = 1.0;

    public string RootNamespace { get; init; } = "istio-system";

    /// <summary>
    /// Whether the ingress honours the sampling decision an outside client sent (W3C flags, <c>x-b3-sampled</c>,
    /// <c>b3</c>, <c>x-b3-flags</c>), as Envoy does by default. False: the ingress joins the client's trace but decides
    /// itself with its sampling percentage, so an outside client cannot force (or suppress) tracing of its requests.
    /// </summary>
    public bool TrustClientSampling { get; init; } = true;

    /// <summary>
    /// The defaults from configuration section <c>Telemetry</c> (<c>AccessLog</c>, <c>AccessLogEncoding</c> TEXT or JSON,
    /// <c>TraceSampling</c>, <c>TrustClientSampling</c>), which proxies read from <c>GATEWAYMESH_Telemetry__*</c> environment variables or
    /// <c>--Telemetry:Key value</c> switches; anything unset or unreadable keeps Istio's default.
    /// </summary>
    public static TelemetryDefaults From(Microsoft.Extensions.Configuration.IConfiguration? configuration)
    {
        var section = configuration?.GetSection("Telemetry");
        var defaults = new TelemetryDefaults();
        if (section is null)
        {
            return defaults;
        }

        return defaults with
        {
            AccessLog = bool.TryParse(section["AccessLog"], out var accessLog) ? accessLog : defaults.AccessLog,
            AccessLogEncoding = string.Equals(section["AccessLogEncoding"], "JSON", StringComparison.OrdinalIgnoreCase) ? AccessLogEncoding.Json : AccessLogEncoding.Text,
            SamplingPercentage = double.TryParse(section["TraceSampling"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var sampling)
                && sampling is >= 0 and <= 100 ? sampling : defaults.SamplingPercentage,
            TrustClientSampling = bool.TryParse(section["TrustClientSampling"], out var trust) ? trust : defaults.TrustClientSampling,
        };
    }
}

/// <summary>Where a custom span tag's value comes from.</summary>
public enum CustomTagSource
{
    Literal,
    Environment,
    Header,
}

/// <summary>One <c>customTags</c> entry: a literal (or an environment value, read when compiled) or a request header with a default.</summary>
public sealed record CustomTagSpec(string Name, CustomTagSource Source, string Value, string? DefaultValue);

/// <summary>What one side of this proxy does: the client side (reporter <c>source</c>) or the server side (<c>destination</c>).</summary>
public sealed record SideTelemetry
{
    public bool AccessLog { get; init; }

    public CelProgram? AccessLogFilter { get; init; }

    public double SamplingPercentage { get; init; } = 1.0;

    public bool DisableSpanReporting { get; init; }

    public ValueList<CustomTagSpec> CustomTags { get; init; }

    public StandardMetrics Metrics { get; init; } = StandardMetrics.All;

    /// <summary>Tag overrides for this side's metrics; null when none (compared by reference).</summary>
    public TagShape? Tags { get; init; }
}

/// <summary>The Telemetry settings in force for one proxy, compiled from a snapshot; immutable.</summary>
public sealed record TelemetryPolicy(SideTelemetry Client, SideTelemetry Server)
{
    /// <summary>The applied resources, mesh-wide first (for <c>/debug/telemetry</c>).</summary>
    public ValueList<string> Sources { get; init; }

    public AccessLogEncoding Encoding { get; init; }

    public static TelemetryPolicy FromDefaults(TelemetryDefaults defaults)
    {
        var side = new SideTelemetry { AccessLog = defaults.AccessLog, SamplingPercentage = defaults.SamplingPercentage };
        return new TelemetryPolicy(side, side) { Encoding = defaults.AccessLogEncoding };
    }

    public SideTelemetry For(Reporter reporter) => reporter == Reporter.Source ? Client : Server;
}
