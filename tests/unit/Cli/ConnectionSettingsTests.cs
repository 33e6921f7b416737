using GatewayMesh.Cli;
using GatewayMesh.Cli.Context;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => _dir.Dispose();

    private CliEnvironment Environment => new()
    {
        GetVariable = name => _variables.GetValueOrDefault(name),
        HomeDirectory = Path.Combine(_dir.Path, "home"),
        CurrentDirectory = _dir.Path,
    };

    private string WriteContext(string server, string tokenText, string name = "context.json")
    {
        var tokenFile = _dir.Write(name + ".token", tokenText + "\n");
        var path = Path.Combine(_dir.Path, name);
        new ContextFile(server, tokenFile).Write(path);
        return path;
    }

    [Fact]
    public void Resolve_OnlyContextFile_UsesContextServerAndToken()
    {
        var path = WriteContext("http://127.0.0.1:7001", "file-token");

        var settings = ConnectionSettings.Resolve(new ConnectionFlags(ContextPath: path), Environment);

        Assert.Equal("http://127.0.0.1:7001/", settings.Server.ToString());
        Assert.Equal("file-token", settings.Token);
    }

    [Fact]
    public void Resolve_EnvAndContext_EnvWins()
    {
        var path = WriteContext("http://127.0.0.1:7001", "file-token");
        _variables[ConnectionSettings.ServerVariable] = "http://127.0.0.1:7002";
        _variables[ConnectionSettings.TokenVariable] = "env-token";

        var settings = ConnectionSettings.Resolve(new ConnectionFlags(ContextPath: path), Environment);

        Assert.Equal(7002, settings.Server.Port);
        Assert.Equal("env-token", settings.Token);
    }

    [Fact]
    public void Resolve_FlagEnvAndContext_FlagWins()
    {
        var path = WriteContext("http://127.0.0.1:7001", "file-token");
        _variables[ConnectionSettings.ServerVariable] = "http://127.0.0.1:7002";
        _variables[ConnectionSettings.TokenVariable] = "env-token";

        var settings = ConnectionSettings.Resolve(new ConnectionFlags("http://127.0.0.1:7003", "flag-token", ContextPath: path), Environment);

        Assert.Equal(7003, settings.Server.Port);
        Assert.Equal("flag-token", settings.Token);
    }

    [Fact]
    public void Resolve_TokenFileFlag_BeatsEnvToken()
    {
        _variables[ConnectionSettings.TokenVariable] = "env-token";
        var tokenFile = _dir.Write("flag.token", "  flag-file-token \n");

        var settings = ConnectionSettings.Resolve(new ConnectionFlags("127.0.0.1:7003", TokenFile: tokenFile), Environment);

        Assert.Equal("flag-file-token", settings.Token);
        Assert.Equal("http://127.0.0.1:7003/", settings.Server.ToString());
    }

    [Fact]
    public void Resolve_ContextFromEnv_UsedWhenNoFlag()
    {
        var envContext = WriteContext("http://127.0.0.1:7004", "env-context-token", "env-context.json");
        var flagContext = WriteContext("http://127.0.0.1:7005", "flag-context-token", "flag-context.json");
        _variables[ContextFile.PathVariable] = envContext;

        Assert.Equal(7004, ConnectionSettings.Resolve(new ConnectionFlags(), Environment).Server.Port);
        Assert.Equal(7005, ConnectionSettings.Resolve(new ConnectionFlags(ContextPath: flagContext), Environment).Server.Port);
    }

    [Fact]
    public void Resolve_MeshctlHome_ReadsRepositoryContext()
    {
        var repo = Path.Combine(_dir.Path, "repo");
        new ContextFile("http://127.0.0.1:7006", null).Write(Path.Combine(repo, ".meshctl", "context.json"));
        _variables[ContextFile.HomeVariable] = repo;

        var settings = ConnectionSettings.Resolve(new ConnectionFlags(), Environment);

        Assert.Equal(7006, settings.Server.Port);
        Assert.Null(settings.Token);
    }

    [Fact]
    public void Resolve_NoMeshctlHome_ReadsUserContext()
    {
        new ContextFile("http://127.0.0.1:7007", null).Write(Path.Combine(_dir.Path, "home", ".gatewaymesh", "context.json"));

        Assert.Equal(7007, ConnectionSettings.Resolve(new ConnectionFlags(), Environment).Server.Port);
    }

    [Fact]
    public void Resolve_NothingConfigured_ThrowsNamingOptions()
    {
        var ex = Assert.Throws<CliException>(() => ConnectionSettings.Resolve(new ConnectionFlags(), Environment));

        Assert.Equal("no registry server configured", ex.Message);
        Assert.Contains("MESHCTL_SERVER", ex.Details[0]);
    }

    [Fact]
    public void Resolve_MissingTokenFile_Throws()
    {
        var ex = Assert.Throws<CliException>(() =>
            ConnectionSettings.Resolve(new ConnectionFlags("http://x", TokenFile: Path.Combine(_dir.Path, "absent")), Environment));

        Assert.Contains("cannot read the token file", ex.Message);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("http://")]
    public void ParseServer_NotHttpUrl_Throws(string text)
    {
        Assert.Throws<CliException>(() => ConnectionSettings.ParseServer(text));
    }

    [Fact]
    public void ParseServer_PathPrefix_KeepsTrailingSlash()
    {
        Assert.Equal("http://host:1/mesh/", ConnectionSettings.ParseServer("http://host:1/mesh").ToString());
    }

    [Fact]
    public void Write_ContextFile_IsOwnerOnlyAndRoundTrips()
    {
        var path = Path.Combine(_dir.Path, "nested", "context.json");
        new ContextFile("http://127.0.0.1:9", "token").Write(path);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var read = ContextFile.Read(path);
        Assert.Equal("http://127.0.0.1:9", read!.Server);
        Assert.Equal(Path.Combine(_dir.Path, "nested", "token"), read.TokenFile);
        Assert.Contains("\"tokenFile\"", File.ReadAllText(path));
    }

    [Fact]
    public void Read_MalformedContextFile_Throws()
    {
        var path = _dir.Write("bad.json", "{not json");

        var ex = Assert.Throws<CliException>(() => ContextFile.Read(path));

        Assert.Contains("cannot read the context file", ex.Message);
    }

    [Fact]
    public void Resolve_RequestTimeoutFlagAndEnv_FlagWins()
    {
        _variables[ConnectionSettings.RequestTimeoutVariable] = "2m";

        var fromEnv = ConnectionSettings.Resolve(new ConnectionFlags("http://127.0.0.1:7003"), Environment);
        var fromFlag = ConnectionSettings.Resolve(new ConnectionFlags("http://127.0.0.1:7003", RequestTimeout: "1500ms"), Environment);

        Assert.Equal(TimeSpan.FromMinutes(2), fromEnv.RequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), fromFlag.RequestTimeout);
    }

    [Fact]
    public void Resolve_NoRequestTimeout_LeavesTheDefault() =>
        Assert.Null(ConnectionSettings.Resolve(new ConnectionFlags("http://127.0.0.1:7003"), Environment).RequestTimeout);

    [Theory]
    [InlineData("0", -1)]
    [InlineData("45s", 45_000)]
    [InlineData("250ms", 250)]
    public void RequestTimeouts_Parse_Durations(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RequestTimeouts.Parse(text));

    [Theory]
    [InlineData("-1s")]
    [InlineData("2d")]
    [InlineData("48h")]
    public void RequestTimeouts_Parse_BadValue_NamesTheFlag(string text) =>
        Assert.Contains("--request-timeout", Assert.Throws<CliException>(() => RequestTimeouts.Parse(text)).Message);
}
