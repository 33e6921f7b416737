using System.Diagnostics;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Builds a service of the repository into <c>.build/&lt;name&gt;/</c> when its output is missing or older than any
/// <c>*.cs</c>, <c>*.csproj</c> or <c>*.props</c> file of the project or of core/ (the rule the ./meshctl wrapper uses).
/// </summary>
internal sealed class Builder(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public const string RegistryDllVariable = "MESHCTL_REGISTRY_DLL";
    public const string CaDllVariable = "MESHCTL_CA_DLL";

    private static readonly string[] SourcePatterns = ["*.cs", "*.csproj", "*.props"];

    /// <summary>The registry's dll: <paramref name="prebuilt"/> or <c>$MESHCTL_REGISTRY_DLL</c> when given, else built if stale.</summary>
    public async Task<string> EnsureRegistryAsync(string? prebuilt, CancellationToken cancellationToken)
    {
        if ((prebuilt ?? environment.GetVariable(RegistryDllVariable)) is { Length: > 0 } given)
        {
            var full = environment.ResolvePath(given);
            return File.Exists(full) ? full : throw new CliException($"the registry dll {full} does not exist");
        }

        return await EnsureBuiltAsync("registry", "gatewaymesh-registry.dll", cancellationToken);
    }

    /// <summary>The dll named by <paramref name="variable"/> when set, else the project built when stale.</summary>
    public async Task<string> EnsureAsync(
        string project, string dllName, string variable, IReadOnlyList<string> dependencies, CancellationToken cancellationToken)
    {
        if (environment.GetVariable(variable) is { Length: > 0 } given)
        {
            var full = environment.ResolvePath(given);
            return File.Exists(full) ? full : throw new CliException($"the {project} dll {full} (from {variable}) does not exist");
        }

        return await EnsureBuiltAsync(project, dllName, cancellationToken, dependencies);
    }

    /// <param name="dependencies">Project folders besides core/ whose sources make the output stale.</param>
    public async Task<string> EnsureBuiltAsync(
        string project, string dllName, CancellationToken cancellationToken, IReadOnlyList<string>? dependencies = null)
    {
        var outputDir = Path.Combine(paths.BuildDir, project);
        var dll = Path.Combine(outputDir, dllName);
        IEnumerable<string> sourceDirs = [project, "core", .. dependencies ?? []];
        if (!IsStale(dll, sourceDirs.Select(dir => Path.Combine(paths.RepoRoot, dir)), paths.RepoRoot))
        {
            return dll;
        }

        progress.Step($"building {project} into {MeshPaths.Show(outputDir, environment)} (the first build takes a minute or two)");
        var stopwatch = Stopwatch.StartNew();
        string[] arguments =
        [
            "build", Path.Combine(paths.RepoRoot, project), "-c", "Release", "-o", outputDir,
            "--nologo", "-v", "minimal", "-nodeReuse:false", "-clp:NoSummary",
        ];
        var output = new List<string>();
        var exitCode = await ExternalCommand.RunAsync(
            DotnetHost.Find(environment),
            arguments,
            line =>
            {
                output.Add(line);
                progress.Note(line.Trim());
            },
            new Dictionary<string, string> { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["DOTNET_NOLOGO"] = "1" },
            cancellationToken);
        if (exitCode != 0 || !File.Exists(dll))
        {
            throw new CliException($"building {project} failed (dotnet build exited with {exitCode})", [.. output.TakeLast(20)]);
        }

        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow);
        progress.Done($"built {project} in {stopwatch.Elapsed.TotalSeconds:0}s");
        return dll;
    }

    /// <summary>True when <paramref name="output"/> is missing or a source under <paramref name="sourceDirs"/> (or a root *.props) is newer.</summary>
    internal static bool IsStale(string output, IEnumerable<string> sourceDirs, string repoRoot)
    {
        if (!File.Exists(output))
        {
            return true;
        }

        var builtAt = File.GetLastWriteTimeUtc(output);
        return sourceDirs.Where(Directory.Exists).SelectMany(SourceFiles)
            .Concat(Directory.EnumerateFiles(repoRoot, "*.props", SearchOption.TopDirectoryOnly))
            .Any(file => File.GetLastWriteTimeUtc(file) > builtAt);
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true };
        foreach (var pattern in SourcePatterns)
        {
            foreach (var file in Directory.EnumerateFiles(directory, pattern, options))
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
        {
            var name = Path.GetFileName(child);
            if (name is "bin" or "obj")
            {
                continue;
            }

            foreach (var file in SourceFiles(child))
            {
                yield return file;
            }
        }
    }
}
