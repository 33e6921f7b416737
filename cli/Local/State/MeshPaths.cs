namespace GatewayMesh.Cli.Local.State;

/// <summary>
/// Where the local mesh lives: the repository (sources, configs, <c>.build/</c>) and the state folder
/// (<c>&lt;repo&gt;/.meshctl/</c> by default: state.json, logs, secrets, Redis data, the registry token, the local CA
/// and the ingress's credentials).
/// </summary>
internal sealed record MeshPaths(string RepoRoot, string StateDir)
{
    public const string StateDirVariable = "MESHCTL_STATE_DIR";
    private const string SolutionFile = "GatewayMesh.sln";

    public string StateFile => Path.Combine(StateDir, "state.json");

    public string LogsDir => Path.Combine(StateDir, "logs");

    public string SecretsDir => Path.Combine(StateDir, "secrets");

    public string RedisDataDir => Path.Combine(StateDir, "redis");

    public string RegistryStateDir => Path.Combine(StateDir, "registry");

    public string RegistryTokenFile => Path.Combine(StateDir, "registry.token");

    /// <summary>One owner-only bootstrap token file per proxy, minted by <c>up</c> right before the proxy starts.</summary>
    public string TokensDir => Path.Combine(StateDir, "tokens");

    /// <summary>The local CA that signs the ingress's HTTPS certificate (<c>ca.crt</c> for users to trust, <c>ca.key</c> owner-only).</summary>
    public string TlsDir => Path.Combine(StateDir, "tls");

    /// <summary>The ingress's credentials folder: one folder per <c>credentialName</c>, with Kubernetes TLS Secret keys.</summary>
    public string CredentialsDir => Path.Combine(StateDir, "credentials");

    public string BuildDir => Path.Combine(RepoRoot, ".build");

    public string BookinfoConfigsDir => Path.Combine(RepoRoot, "configs", "bookinfo");

    public string LogFile(string name) => Path.Combine(LogsDir, name + ".log");

    /// <summary>A proxy's own folder (<c>--state-dir</c>): its last good snapshot, so it restarts routing while Redis is down.</summary>
    public string ProxyStateDir(string name) => Path.Combine(StateDir, "proxies", name);

    /// <summary>
    /// The repository is <c>$MESHCTL_HOME</c> (the wrapper sets it), else the nearest folder up from the current one
    /// holding GatewayMesh.sln. The state folder is <paramref name="stateDirOption"/>, <c>$MESHCTL_STATE_DIR</c>, or
    /// <c>&lt;repo&gt;/.meshctl</c>.
    /// </summary>
    public static MeshPaths Resolve(CliEnvironment environment, string? stateDirOption)
    {
        var repoRoot = environment.GetVariable(Context.ContextFile.HomeVariable) is { Length: > 0 } home
            ? environment.ResolvePath(home)
            : FindRepoRoot(environment.CurrentDirectory)
                ?? throw new CliException(
                    "cannot find the GatewayMesh repository",
                    ["run meshctl through the ./meshctl wrapper at the repository root, or set MESHCTL_HOME to the repository"]);
        var stateDir = stateDirOption is { Length: > 0 }
            ? environment.ResolvePath(stateDirOption)
            : environment.GetVariable(StateDirVariable) is { Length: > 0 } fromEnv
                ? environment.ResolvePath(fromEnv)
                : Path.Combine(repoRoot, ".meshctl");
        return new MeshPaths(repoRoot, stateDir);
    }

    /// <summary>Relative to the current directory when that is shorter, for messages.</summary>
    public static string Show(string path, CliEnvironment environment)
    {
        var relative = Path.GetRelativePath(environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string? FindRepoRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
