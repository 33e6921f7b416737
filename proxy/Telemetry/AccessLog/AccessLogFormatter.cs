using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatewayMesh.Proxy.Telemetry.AccessLog;

/// <summary>The two encodings Istio offers for the proxies' access log (mesh config <c>accessLogEncoding</c>).</summary>
public enum AccessLogEncoding
{
    Text,
    Json,
}

/// <summary>
/// Writes an <see cref="AccessLogEntry"/> as one line in Istio's default TEXT format, field for field and in order:
/// <code>[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
/// %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED%
/// %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
/// "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS%
/// %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%</code>
/// or as one JSON object with Istio's JSON keys (numbers for codes, bytes and durations; <c>null</c> when unset).
/// Unlike Envoy, every value is made safe for one line: control characters and quotes are escaped and each value is
/// cut to <see cref="MaxValueLength"/> characters, so no header can split or forge a line.
/// </summary>
public static class AccessLogFormatter
{
    public const int MaxValueLength = 2048;
    private const char Unset = '-';

    public static string Format(AccessLogEntry entry, AccessLogEncoding encoding) =>
        encoding == AccessLogEncoding.Json ? Json(entry) : Text(entry);

    public static string Text(AccessLogEntry e)
    {
        var line = new StringBuilder(512);
        line.Append('[').Append(StartTime(e.StartTime)).Append("] \"");
        Value(line, e.Method).Append(' ');
        Value(line, e.Path).Append(' ');
        Value(line, e.Protocol).Append("\" ");
        line.Append(e.ResponseCode.ToString(CultureInfo.InvariantCulture)).Append(' ');
        Value(line, e.ResponseFlags).Append(' ');
        Value(line, e.ResponseCodeDetails).Append(' ');
        Value(line, e.ConnectionTerminationDetails).Append(" \"");
        Value(line, e.UpstreamTransportFailureReason).Append("\" ");
        line.Append(e.BytesReceived.ToString(CultureInfo.InvariantCulture)).Append(' ');
        line.Append(e.BytesSent.ToString(CultureInfo.InvariantCulture)).Append(' ');
        line.Append(e.DurationMilliseconds.ToString(CultureInfo.InvariantCulture)).Append(' ');
        Value(line, e.UpstreamServiceTimeMilliseconds?.ToString(CultureInfo.InvariantCulture)).Append(" \"");
        Value(line, e.ForwardedFor).Append("\" \"");
        Value(line, e.UserAgent).Append("\" \"");
        Value(line, e.RequestId).Append("\" \"");
        Value(line, e.Authority).Append("\" \"");
        Value(line, e.UpstreamHost).Append("\" ");
        Value(line, e.UpstreamCluster).Append(' ');
        Value(line, e.UpstreamLocalAddress).Append(' ');
        Value(line, e.DownstreamLocalAddress).Append(' ');
        Value(line, e.DownstreamRemoteAddress).Append(' ');
        Value(line, e.RequestedServerName).Append(' ');
        Value(line, e.RouteName);
        return line.ToString();
    }

    public static string Json(AccessLogEntry e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            String(json, "authority", e.Authority);
            json.WriteNumber("bytes_received", e.BytesReceived);
            json.WriteNumber("bytes_sent", e.BytesSent);
            String(json, "connection_termination_details", e.ConnectionTerminationDetails);
            String(json, "downstream_local_address", e.DownstreamLocalAddress);
            String(json, "downstream_remote_address", e.DownstreamRemoteAddress);
            json.WriteNumber("duration", e.DurationMilliseconds);
            String(json, "method", e.Method);
            String(json, "path", e.Path);
            String(json, "protocol", e.Protocol);
            String(json, "request_id", e.RequestId);
            String(json, "requested_server_name", e.RequestedServerName);
            json.WriteNumber("response_code", e.ResponseCode);
            String(json, "response_code_details", e.ResponseCodeDetails);
            String(json, "response_flags", e.ResponseFlags);
            String(json, "route_name", e.RouteName);
            json.WriteString("start_time", StartTime(e.StartTime));
            String(json, "upstream_cluster", e.UpstreamCluster);
            String(json, "upstream_host", e.UpstreamHost);
            String(json, "upstream_local_address", e.UpstreamLocalAddress);
            String(json, "upstream_service_time", e.UpstreamServiceTimeMilliseconds?.ToString(CultureInfo.InvariantCulture));
            String(json, "upstream_transport_failure_reason", e.UpstreamTransportFailureReason);
            String(json, "user_agent", e.UserAgent);
            String(json, "x_forwarded_for", e.ForwardedFor);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Envoy's default %START_TIME%: UTC, milliseconds, <c>2024-05-01T12:00:00.123Z</c>.</summary>
    public static string StartTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value.Length > MaxValueLength ? value[..MaxValueLength] : value);
        }
    }

    /// <summary>Appends a value safe for one line: <c>-</c> when unset; <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c> and <c>\xNN</c> escapes; cut to <see cref="MaxValueLength"/>.</summary>
    private static StringBuilder Value(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return line.Append(Unset);
        }

        var length = Math.Min(value.Length, MaxValueLength);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    line.Append("\\\"");
                    break;
                case '\\':
                    line.Append("\\\\");
                    break;
                case '\n':
                    line.Append("\\n");
                    break;
                case '\r':
                    line.Append("\\r");
                    break;
                case '\t':
                    line.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        line.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        line.Append(c);
                    }

                    break;
            }
        }

        return line;
    }
}
