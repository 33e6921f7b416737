using GatewayMesh.Cli.Local.Report;
using GatewayMesh.Cli.Output;
using Xunit;

namespace GatewayMesh.UnitTests.ProxyConfig;

public class StatusTableTests
{
    private static ComponentReport Component(string name, int pid, string state, Dictionary<string, int> ports) =>
        new(name, pid, state, state is "ready" or "running", "http://127.0.0.1:1", ports, null, null);

    private static MeshReport Report() => new(
        false,
        "/tmp/state.json",
        "detached",
        null,
        new RegistryReport("http://127.0.0.1:15080", "ready", 12),
        [
            Component("redis", 100, "running", new() { ["redis"] = 16379 }),
            Component("registry", 101, "ready", new() { ["http"] = 15080 }),
            Component("ingress", 102, "ready", new() { ["admin"] = 40000, ["http"] = 31380 }) with
            {
                Role = "ingress", Revision = 12, StoreRevision = 12, Sync = "SYNCED",
            },
            Component("reviews-v2", 103, "not ready (/healthz/ready: HTTP 503 no snapshot loaded yet)", new() { ["admin"] = 40003, ["outbound"] = 40002, ["inbound"] = 40001 }) with
            {
                Role = "sidecar", Service = "reviews", Version = "v2", Revision = 11, StoreRevision = 12, Sync = "STALE",
            },
        ]);

    [Fact]
    public void Write_Table_ShowsRolesPortsHealthAndAppliedAgainstStoreRevision()
    {
        using var writer = new StringWriter();

        MeshReportWriter.Write(writer, OutputFormat.Table, Report());

        Assert.Equal(
            """
            COMPONENT    ROLE       SERVICE   VERSION   PID   PORTS                                      STATE                                                         REVISION   SYNC
            redis        redis      -         -         100   redis=16379                                running                                                       -          -
            registry     registry   -         -         101   http=15080                                 ready                                                         12         -
            ingress      ingress    -         -         102   http=31380 admin=40000                     ready                                                         12/12      SYNCED
            reviews-v2   sidecar    reviews   v2        103   inbound=40001 outbound=40002 admin=40003   not ready (/healthz/ready: HTTP 503 no snapshot loaded yet)   11/12      STALE

            registry: http://127.0.0.1:15080 (ready, revision 12)
            running detached

            """,
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_Json_CarriesAppliedAndStoreRevisionPerProxy()
    {
        using var writer = new StringWriter();

        MeshReportWriter.Write(writer, OutputFormat.Json, Report());

        var sidecar = System.Text.Json.JsonDocument.Parse(writer.ToString()).RootElement.GetProperty("components")[3];
        Assert.Equal(11, sidecar.GetProperty("revision").GetInt64());
        Assert.Equal(12, sidecar.GetProperty("storeRevision").GetInt64());
        Assert.Equal("STALE", sidecar.GetProperty("sync").GetString());
        Assert.Equal(40001, sidecar.GetProperty("ports").GetProperty("inbound").GetInt32());
    }

    [Theory]
    [InlineData(12L, 12L, "SYNCED")]
    [InlineData(13L, 12L, "SYNCED")]
    [InlineData(11L, 12L, "STALE")]
    [InlineData(null, 12L, null)]
    [InlineData(12L, null, null)]
    public void SyncOf_AppliedAgainstStore_IsSyncedUnlessBehind(long? applied, long? store, string? expected) =>
        Assert.Equal(expected, MeshReport.SyncOf(applied, store));

    [Fact]
    public void Revision_StoreUnknown_ShowsQuestionMark() =>
        Assert.Equal("7/?", MeshReportWriter.Revision(Report().Components[2] with { Revision = 7, StoreRevision = null }, new RegistryReport(null, "unreachable", null)));
}
