using GatewayMesh.Cli.Output;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class TableWriterTests
{
    [Fact]
    public void Write_Rows_AlignsColumnsWithThreeSpaces()
    {
        var table = new TableWriter(["NAME", "HOSTS", "REVISION"]);
        table.AddRow("reviews", "reviews", "12");
        table.AddRow("bookinfo", "*", "3");
        using var writer = new StringWriter();

        table.Write(writer);

        Assert.Equal(
            "NAME       HOSTS     REVISION\n" +
            "reviews    reviews   12\n" +
            "bookinfo   *         3\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_EmptyLastCell_HasNoTrailingSpaces()
    {
        var table = new TableWriter(["A", "B"]);
        table.AddRow("x", "");
        using var writer = new StringWriter();

        table.Write(writer);

        Assert.Equal("A   B\nx\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AddRow_WrongCellCount_Throws()
    {
        var table = new TableWriter(["A", "B"]);

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Fact]
    public void Columns_VirtualService_ShowGatewaysAndHosts()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"spec":{"hosts":["reviews","reviews.default"],"gateways":["bookinfo-gateway"]}}""");

        var columns = ResourceColumns.For("VirtualService", wide: false);

        Assert.Equal(["GATEWAYS", "HOSTS"], columns.Select(c => c.Header));
        Assert.Equal(["bookinfo-gateway", "reviews,reviews.default"], columns.Select(c => c.Read(doc.RootElement)));
    }

    [Fact]
    public void Columns_GatewayWide_FlattensServersAndAddsSelector()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(
            """{"spec":{"selector":{"istio":"ingressgateway"},"servers":[{"port":{"number":80},"hosts":["*"]},{"port":{"number":443},"hosts":["a.example","*"]}]}}""");

        var columns = ResourceColumns.For("Gateway", wide: true);

        Assert.Equal(["HOSTS", "PORTS", "SELECTOR"], columns.Select(c => c.Header));
        Assert.Equal(["*,a.example", "80,443", "istio=ingressgateway"], columns.Select(c => c.Read(doc.RootElement)));
    }

    [Fact]
    public void Columns_MissingField_ShowsNone()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"spec":{}}""");

        var host = ResourceColumns.For("DestinationRule", wide: false).Single();

        Assert.Equal("<none>", host.Read(doc.RootElement));
    }
}
