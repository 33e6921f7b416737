using Xunit;

namespace GatewayMesh.UnitTests.Cli;

// These run the real parser and validator (core/Config/Parsing, core/Config/Validation).
public sealed class ValidateCommandTests : IDisposable
{
    private const string GoodDestinationRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        """;

    private const string NegativeWeight = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
              weight: 60
            - destination:
                host: reviews
                subset: v2
              weight: -30
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_DirectoryWithBrokenFile_ExitsOneNamingFieldPath()
    {
        _dir.Write("a-good.yaml", GoodDestinationRule);
        _dir.Write("b-broken.yaml", NegativeWeight);

        var result = await new CliHarness().RunAsync("validate", "-f", _dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("VirtualService default/reviews", result.Error);
        Assert.Contains("spec.http[0].route[1].weight: weight must be >= 0, got -30", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Validate_FileMixingKubernetesKinds_SkipsThemAndExitsZero()
    {
        var file = _dir.Write("bookinfo-mixed.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: reviews
              labels: {app: reviews}
            spec:
              ports: [{port: 9080, name: http}]
              selector: {app: reviews}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: bookinfo-reviews}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: reviews-v1}
            spec: {replicas: 1}
            ---

            """ + GoodDestinationRule);

        var result = await new CliHarness().RunAsync("validate", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(
            $"{file} document 1: Service reviews (v1) skipped: not mesh config\n" +
            $"{file} document 2: ServiceAccount bookinfo-reviews (v1) skipped: not mesh config\n" +
            $"{file} document 3: Deployment reviews-v1 (apps/v1) skipped: not mesh config\n" +
            $"✔ 1 resource in {file} is valid\n",
            result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_MixedFileWithABadMeshResource_ExitsOne()
    {
        var file = _dir.Write("mixed-bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\n---\n" + NegativeWeight);

        var result = await new CliHarness().RunAsync("validate", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spec.http[0].route[1].weight", result.Error);
    }

    [Fact]
    public async Task Validate_GoodFile_ExitsZeroCountingResources()
    {
        var file = _dir.Write("good.yaml", GoodDestinationRule);

        var result = await new CliHarness().RunAsync("validate", "-f", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"✔ 1 resource in {file} is valid\n", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_SameResourceTwiceInOneFile_ReportsDuplicate()
    {
        var file = _dir.Write("twice.yaml", GoodDestinationRule + "\n---\n" + GoodDestinationRule);

        var result = await new CliHarness().RunAsync("validate", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("duplicate DestinationRule default/reviews", result.Error);
    }

    [Fact]
    public async Task Validate_SameResourceInTwoFiles_LaterFileReplacesEarlierAsApplyWould()
    {
        _dir.Write("one.yaml", GoodDestinationRule);
        _dir.Write("two.yaml", GoodDestinationRule);

        var result = await new CliHarness().RunAsync("validate", "-f", _dir.Path);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Validate_BookinfoConfigs_AllValid()
    {
        var bookinfo = System.IO.Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo");

        var result = await new CliHarness().RunAsync("validate", "-f", bookinfo);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("are valid", result.Out);
    }

    [Fact]
    public async Task Validate_BrokenFileWithJsonOutput_WritesJsonErrorWithDetails()
    {
        var file = _dir.Write("broken.yaml", NegativeWeight);

        var result = await new CliHarness().RunAsync("validate", "-f", file, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        using var error = System.Text.Json.JsonDocument.Parse(result.Error);
        Assert.Contains(error.RootElement.GetProperty("details").EnumerateArray(), d => d.GetString()!.Contains("spec.http[0].route"));
    }
}
