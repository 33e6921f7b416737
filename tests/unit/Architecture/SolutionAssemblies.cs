using System.Reflection;
using System.Xml.Linq;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// The assemblies of every product project in the solution (not tests, not benchmarks), loaded from this test's output
/// folder (the test project references each of them), and the repository root found from the output folder.
/// </summary>
internal static class SolutionAssemblies
{
    /// <summary>Assembly names of the product projects, as their csproj names them.</summary>
    public static readonly string[] Names =
    [
        "GatewayMesh.Core", "GatewayMesh.Proxy", "meshctl", "gatewaymesh-ca", "gatewaymesh-registry",
        "gatewaymesh-ingress", "gatewaymesh-sidecar", "bookinfo", "gatewaymesh-dashboard",
    ];

    public static IReadOnlyList<Assembly> All { get; } = Names.Select(n => Assembly.Load(new AssemblyName(n))).ToArray();

    public static string RepositoryRoot
    {
        get
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

    /// <summary>The assembly name of every product csproj in the repository (its AssemblyName, else its file name).</summary>
    public static IEnumerable<string> ProductProjects() =>
        from project in ProductProjectFiles()
        let name = XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value
        select string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(project) : name.Trim();

    /// <summary>The folder of every product csproj, relative to the repository root (<c>ingress</c>, <c>samples/bookinfo</c>).</summary>
    public static IEnumerable<string> ProductProjectFolders() =>
        ProductProjectFiles().Select(p => Path.GetRelativePath(RepositoryRoot, Path.GetDirectoryName(p)!).Replace('\\', '/'));

    private static IEnumerable<string> ProductProjectFiles()
    {
        var root = RepositoryRoot;
        foreach (var project in Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, project).Replace('\\', '/');
            if (!(relative.StartsWith("tests/", StringComparison.Ordinal) || relative.StartsWith("bench/", StringComparison.Ordinal)
                || relative.StartsWith('.') || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)))
            {
                yield return project;
            }
        }
    }
}
