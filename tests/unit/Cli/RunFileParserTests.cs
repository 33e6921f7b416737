using GatewayMesh.Cli.Local.Run;
using GatewayMesh.Cli.Local.Workloads;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

/// <summary>Dapr's multi-app run file as meshctl run -f reads it (issue 14), and the single-app command line.</summary>
public sealed class RunFileParserTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RunFileParserTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "order"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "checkout"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "resources"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "checkout", "components"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_DaprMultiAppFile_MergesCommonAndResolvesPathsFromTheFilesFolder()
    {
        var file = _dir.Write("dapr.yaml", """
            version: 1
            common:
              resourcesPath: ./resources
              env:
                DEBUG: true
                GREETING: hello
            apps:
              - appID: order-processor
                appDirPath: ./order/
                appPort: 6001
                command: ["dotnet", "run", "--no-build"]
                env:
                  GREETING: hi
                  RETRIES: 3
              - appID: checkout
                appDirPath: checkout
                resourcesPath: ./checkout/components
                daprHTTPPort: 3501
                command: ["python3", "app.py"]
            """);

        var (apps, warnings) = RunFileParser.Read(file);

        Assert.Empty(warnings);
        Assert.Equal(2, apps.Count);
        var order = apps[0];
        Assert.Equal("order-processor", order.AppId);
        Assert.Equal(Path.Combine(_dir.Path, "order"), order.AppDir.TrimEnd('/'));
        Assert.Equal(6001, order.AppPort);
        Assert.Equal(["dotnet", "run", "--no-build"], order.Command);
        Assert.Equal(Path.Combine(_dir.Path, "resources"), order.ResourcesPath);
        Assert.Equal("true", order.Env["DEBUG"]);
        Assert.Equal("hi", order.Env["GREETING"]); // the app's env wins over common's
        Assert.Equal("3", order.Env["RETRIES"]);
        var checkout = apps[1];
        Assert.Null(checkout.AppPort);
        Assert.Equal(3501, checkout.DaprHttpPort);
        Assert.Null(checkout.DaprGrpcPort);
        Assert.Equal(Path.Combine(_dir.Path, "checkout", "components"), checkout.ResourcesPath);
        Assert.Equal("hello", checkout.Env["GREETING"]);
    }

    [Fact]
    public void Read_DaprdOnlySettings_AreWarningsNotErrors()
    {
        var file = _dir.Write("dapr.yaml", """
            version: 1
            common:
              logLevel: debug
            apps:
              - appID: order
                appDirPath: ./order
                command: ["sleep", "1"]
                enableProfiling: true
                appHealthCheckPath: /healthz
            """);

        var (apps, warnings) = RunFileParser.Read(file);

        Assert.Single(apps);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("common.logLevel:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("apps[0].enableProfiling:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("apps[0].appHealthCheckPath:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ManyMistakes_ReportsEveryOneWithItsFieldPathAndExitCode2()
    {
        var file = _dir.Write("dapr.yaml", """
            version: 2
            comon: {}
            common:
              appID: shared
              env: [A, B]
            apps:
              - appDirPath: ./order
                command: ["dotnet", "run"]
              - appID: Checkout_Service
                appDirPath: ./missing
                appPort: 70000
                command: []
              - appID: order
                appDirPath: ./order
                command: ["a", {b: c}]
                appProtocol: grpc
                resourcesPaths: [./resources, ./checkout/components]
                daprGRPCPort: abc
                env:
                  NESTED: {x: 1}
                aplPort: 5000
              - appID: order
                appDirPath: ./order
              - just-a-string
            """);

        var error = Assert.Throws<RunFileException>(() => RunFileParser.Read(file));

        Assert.Equal(RunFileException.UsageExitCode, error.ExitCode);
        var errors = error.Errors;
        string[] expected =
        [
            "comon: unknown field",
            "version: '2' is not supported",
            "common.appID: only an app may set appID",
            "common.env: must be a mapping",
            "apps[0].appID: required",
            "apps[1].appID: 'Checkout_Service' is not a valid app id",
            "apps[1].appDirPath: folder './missing' does not exist",
            "apps[1].command: must be a non-empty list of strings",
            "apps[1].appPort: '70000' is not a port number",
            "apps[2].aplPort: unknown field",
            "apps[2].resourcesPaths: the mesh's sidecar loads one resources folder",
            "apps[2].appProtocol: 'grpc' is not supported",
            "apps[2].command[1]: must be a non-empty string",
            "apps[2].daprGRPCPort: 'abc' is not a port number",
            "apps[2].env.NESTED: must be a single value",
            "apps[3].appID: 'order' is already the app id of apps[2]",
            "apps[3]: set command (what to run) or appPort",
            "apps[4]: must be a mapping",
        ];
        foreach (var start in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(start, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("apps[1].appPort", StringComparison.Ordinal) && e.EndsWith("(line 11)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "(file): must be one YAML document")]
    [InlineData("version: 1\n", "apps: required")]
    [InlineData("version: 1\napps: []\n", "apps: must be a non-empty list")]
    [InlineData("apps:\n  - appID: a\n    appDirPath: .\n    command: [x]\n", "version: required")]
    [InlineData("version: 1\napps: [\n", "(file): not YAML")]
    public void Parse_BrokenFile_SaysWhatIsMissing(string text, string expected)
    {
        var error = Assert.Throws<RunFileException>(() => RunFileParser.Parse(text, _dir.Path, "dapr.yaml"));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MissingFile_IsAUsageError()
    {
        var error = Assert.Throws<RunFileException>(() => RunFileParser.Read(Path.Combine(_dir.Path, "nope.yaml")));

        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void ToApp_SingleAppCommandLine_RunsInTheCurrentFolder()
    {
        var line = new RunCommandLine { AppId = "order", AppPort = 6001, ResourcesPath = "resources", Command = ["dotnet", "run"] };

        var app = line.ToApp(_dir.Path);

        Assert.Equal("order", app.AppId);
        Assert.Equal(_dir.Path, app.AppDir);
        Assert.Equal(6001, app.AppPort);
        Assert.Equal(Path.Combine(_dir.Path, "resources"), app.ResourcesPath);
        Assert.Equal(["dotnet", "run"], app.Command);
    }

    [Fact]
    public void ToApp_BadCommandLine_ReportsEveryOptionAtOnce()
    {
        var line = new RunCommandLine { AppId = "Bad.Id", AppPort = 0, ResourcesPath = "nowhere", DaprHttpPort = 70000 };

        var error = Assert.Throws<RunFileException>(() => line.ToApp(_dir.Path));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains(error.Errors, e => e.StartsWith("--app-id: 'Bad.Id' is not a valid app id", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("--app-port: 0 is not a port", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("--dapr-http-port: 70000", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("--resources-path: folder 'nowhere' does not exist", StringComparison.Ordinal));
        Assert.Equal(4, error.Errors.Count);
    }

    [Fact]
    public void AppCommand_QuotesEveryWord_SoTheShellParsesNothingFromTheRunFile()
    {
        var app = new RunApp
        {
            AppId = "order",
            AppDir = "/tmp/it's here",
            Command = ["echo", "$HOME", "a b;c"],
            Env = new Dictionary<string, string> { ["GREETING"] = "it's `x`" },
        };

        var line = WorkloadLauncher.AppCommand(app);

        Assert.Equal(@"cd '/tmp/it'\''s here' && exec env -- 'GREETING=it'\''s `x`' 'echo' '$HOME' 'a b;c'", line);
    }
}
