namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>Where the repository and the Kubernetes tools are, from the test assembly's folder or the environment.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "gatewaymesh");

    /// <summary>A value of <c>eng/kubernetes/versions.sh</c> (the scripts and the tests read the same file).</summary>
    public static string Version(string name)
    {
        var prefix = name + "=";
        var line = File.ReadLines(Path.Combine(Root, "eng", "kubernetes", "versions.sh")).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{name} is not set in eng/kubernetes/versions.sh");
        return line[prefix.Length..].Trim();
    }

    /// <summary>The kube-apiserver binary: <c>GATEWAYMESH_KUBE_APISERVER</c>, else the cache the build script fills.</summary>
    public static string KubeApiServer
    {
        get
        {
            if (Environment.GetEnvironmentVariable("GATEWAYMESH_KUBE_APISERVER") is { Length: > 0 } given)
            {
                return given;
            }

            var cache = Environment.GetEnvironmentVariable("GATEWAYMESH_CACHE") is { Length: > 0 } c
                ? c
                : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "gatewaymesh");
            var path = Path.Combine(cache, $"kube-apiserver-v{Version("KUBE_APISERVER_VERSION")}", "kube-apiserver");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run eng/kubernetes/build-kube-apiserver.sh (test.sh does)");
        }
    }

    public static string Helm => Tool("helm");

    public static string Kubectl => Tool("kubectl");

    private static string Tool(string name)
    {
        var path = Path.Combine(Root, ".tools", "kubernetes", Version("KUBE_TOOLS_NPM_VERSION"), name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run eng/kubernetes/install-tools.sh (test.sh does)");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GatewayMesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GatewayMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
