using System.Text.Json;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class AccessLogFormatterTests
{
    private static readonly AccessLogEntry Sample = new()
    {
        StartTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, 123, TimeSpan.Zero),
        Method = "GET",
        Path = "/reviews/0?x=1",
        Protocol = "HTTP/1.1",
        ResponseCode = 200,
        ResponseFlags = "-",
        ResponseCodeDetails = "via_upstream",
        BytesReceived = 0,
        BytesSent = 358,
        DurationMilliseconds = 5,
        UpstreamServiceTimeMilliseconds = 4,
        UserAgent = "curl/8.5.0",
        RequestId = "5c2a6f1e-1111-4222-8333-444455556666",
        Authority = "reviews:9080",
        UpstreamHost = "127.0.0.1:40123",
        UpstreamCluster = "outbound|9080|v2|reviews.default.svc.cluster.local",
        DownstreamLocalAddress = "127.0.0.1:15001",
        DownstreamRemoteAddress = "127.0.0.1:50122",
        RouteName = "default/reviews/0",
    };

    // Istio's default TEXT format (mesh config accessLogFormat unset), field for field:
    // [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
    // %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED%
    // %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
    // "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS%
    // %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%
    private const string Golden =
        "[2024-05-01T12:00:00.123Z] \"GET /reviews/0?x=1 HTTP/1.1\" 200 - via_upstream - \"-\" 0 358 5 4 \"-\" \"curl/8.5.0\" " +
        "\"5c2a6f1e-1111-4222-8333-444455556666\" \"reviews:9080\" \"127.0.0.1:40123\" outbound|9080|v2|reviews.default.svc.cluster.local " +
        "- 127.0.0.1:15001 127.0.0.1:50122 - default/reviews/0";

    [Fact]
    public void Text_SampleRequest_MatchesIstiosDefaultFormat()
    {
        Assert.Equal(Golden, AccessLogFormatter.Text(Sample));
    }

    [Fact]
    public void Text_LocalAnswer_PrintsDashesForWhatIsUnset()
    {
        var line = AccessLogFormatter.Text(new AccessLogEntry
        {
            StartTime = Sample.StartTime,
            Method = "GET",
            Path = "/nowhere",
            Protocol = "HTTP/2",
            ResponseCode = 404,
            ResponseFlags = "NR",
            ResponseCodeDetails = "route_not_found",
            RequestId = "r",
            Authority = "unknown.example",
        });
        Assert.Equal("[2024-05-01T12:00:00.123Z] \"GET /nowhere HTTP/2\" 404 NR route_not_found - \"-\" 0 0 0 - \"-\" \"-\" \"r\" \"unknown.example\" \"-\" - - - - - -", line);
    }

    [Fact]
    public void Text_HostileHeaderValues_StayOnOneLineAndAreCut()
    {
        var line = AccessLogFormatter.Text(Sample with
        {
            UserAgent = "evil\" 200 \"\r\n[2024-01-01T00:00:00.000Z] \"GET /forged HTTP/1.1\" 200\u0000\u001b",
            Authority = new string('a', 100_000),
        });
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u0000', line);
        Assert.Contains("\"evil\\\" 200 \\\"\\r\\n[2024-01-01T00:00:00.000Z] \\\"GET /forged HTTP/1.1\\\" 200\\x00\\x1b\"", line);
        Assert.Contains($"\"{new string('a', AccessLogFormatter.MaxValueLength)}\" ", line);
        Assert.True(line.Length < 5000);
    }

    [Fact]
    public void Json_SampleRequest_UsesIstiosKeys()
    {
        var json = AccessLogFormatter.Json(Sample);
        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string[] keys =
        [
            "authority", "bytes_received", "bytes_sent", "connection_termination_details", "downstream_local_address", "downstream_remote_address",
            "duration", "method", "path", "protocol", "request_id", "requested_server_name", "response_code", "response_code_details",
            "response_flags", "route_name", "start_time", "upstream_cluster", "upstream_host", "upstream_local_address",
            "upstream_service_time", "upstream_transport_failure_reason", "user_agent", "x_forwarded_for",
        ];
        Assert.Equal(keys, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, root.GetProperty("response_code").GetInt32());
        Assert.Equal(358, root.GetProperty("bytes_sent").GetInt64());
        Assert.Equal("2024-05-01T12:00:00.123Z", root.GetProperty("start_time").GetString());
        Assert.Equal("/reviews/0?x=1", root.GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("x_forwarded_for").ValueKind);
        Assert.Equal("4", root.GetProperty("upstream_service_time").GetString());
    }

    [Fact]
    public async Task Writer_FullQueue_DropsAndCountsInsteadOfBlocking()
    {
        var output = new BlockingWriter();
        var writer = new AccessLogWriter(output, capacity: 4);
        Assert.True(writer.TryWrite("first")); // the writer takes it and blocks on the output
        await output.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var accepted = Enumerable.Range(0, 10).Count(i => writer.TryWrite($"line {i}"));
        Assert.Equal(4, accepted);
        Assert.Equal(6, writer.DroppedLines);
        output.Release.SetResult();
        await writer.DisposeAsync();
        Assert.Equal(5, writer.WrittenLines);
        Assert.Equal("first\nline 0\nline 1\nline 2\nline 3\n", output.Text);
    }

    private sealed class BlockingWriter : StringWriter
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Text => ToString();

        public override void Write(string? value)
        {
            if (!Entered.Task.IsCompleted)
            {
                Entered.SetResult();
                Release.Task.Wait(TimeSpan.FromSeconds(10));
            }

            base.Write(value);
        }
    }
}
