using GatewayMesh.Cli;
using GatewayMesh.Cli.Commands;
using GatewayMesh.Cli.Output;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class ArgumentParsingTests
{
    [Fact]
    public void From_KindAndName_UsesDefaultNamespace()
    {
        var target = ResourceTarget.From("vs", "reviews", null, allNamespaces: false);

        Assert.Equal("VirtualService", target.Kind.Kind);
        Assert.Equal("reviews", target.Name);
        Assert.Equal("default", target.Namespace);
    }

    [Fact]
    public void From_KindSlashName_SplitsName()
    {
        var target = ResourceTarget.From("virtualservice.networking.istio.io/reviews", null, "bookinfo", allNamespaces: false);

        Assert.Equal("VirtualService", target.Kind.Kind);
        Assert.Equal("reviews", target.Name);
        Assert.Equal("bookinfo", target.Namespace);
    }

    [Fact]
    public void From_AllNamespaces_HasNullNamespace()
    {
        var target = ResourceTarget.From("dr", null, null, allNamespaces: true);

        Assert.Null(target.Namespace);
        Assert.Null(target.Name);
    }

    [Theory]
    [InlineData("vs", "reviews", null, true, "across all namespaces")]
    [InlineData("vs", null, "x", true, "cannot be used together")]
    [InlineData("vs/reviews", "extra", null, false, "no need to specify a name")]
    [InlineData("vs/", null, null, false, "missing name")]
    [InlineData("pods", null, null, false, "doesn't have a resource type")]
    public void From_InvalidCombination_Throws(string kind, string? name, string? ns, bool all, string expected)
    {
        var ex = Assert.Throws<CliException>(() => ResourceTarget.From(kind, name, ns, all));

        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("json", "Json")]
    [InlineData("YAML", "Yaml")]
    [InlineData("wide", "Wide")]
    [InlineData(null, "Table")]
    public void Parse_OutputName_ReturnsFormat(string? name, string expected)
    {
        Assert.Equal(expected, OutputFormats.Parse(name).ToString());
    }

    [Fact]
    public async Task Run_UnknownOutputFormat_FailsWithParseError()
    {
        var result = await new CliHarness().RunAsync("get", "vs", "-o", "xml", "--server", "http://127.0.0.1:1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("xml", result.Error);
    }

    [Fact]
    public async Task Run_ApplyWithoutFile_FailsWithParseError()
    {
        var result = await new CliHarness().RunAsync("apply");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--filename", result.Error);
    }

    [Fact]
    public async Task Run_GetUnknownKind_ExitsOneNamingKind()
    {
        var result = await new CliHarness().RunAsync("get", "pods", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: the server doesn't have a resource type \"pods\"", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Run_ErrorWithJsonOutput_WritesJsonErrorToStderr()
    {
        var result = await new CliHarness().RunAsync("get", "pods", "-o", "json", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        using var error = System.Text.Json.JsonDocument.Parse(result.Error);
        Assert.Contains("pods", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, error.RootElement.GetProperty("details").ValueKind);
    }

    [Fact]
    public async Task Run_NoServerConfigured_ExplainsHowToConfigure()
    {
        var result = await new CliHarness().RunAsync("get", "vs");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no registry server configured", result.Error);
        Assert.Contains("--server", result.Error);
    }

    [Fact]
    public async Task Run_DeleteWithFileAndKind_Fails()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("a.yaml", "kind: VirtualService\nmetadata:\n  name: a\n");

        var result = await new CliHarness().RunAsync("delete", "vs", "-f", file, "--server", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("either -f or KIND NAME", result.Error);
    }
}
